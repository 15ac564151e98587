"""What a browser remembers for itself: which campaigns it was counted in,
which stories it believed or flagged. A signed cookie holding only those
slugs or story ids — never an identifier of the person.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.signing import BadSignature


@dataclass(frozen=True)
class BrowserMemory:
    name: str
    salt: str
    max_age: int
    keep: int = 200  # the most recent entries kept, so the cookie stays small

    @property
    def cookie_name(self) -> str:
        # Over HTTPS the __Host- prefix pins the cookie to this exact host.
        return f"__Host-{self.name}" if settings.HTTPS else self.name

    def read(self, request) -> list[str]:
        try:
            raw = request.get_signed_cookie(self.cookie_name, default="", salt=self.salt)
        except BadSignature:
            raw = ""
        return [value for value in raw.split(",") if value]

    def write(self, response, values: list[str]) -> None:
        kept = list(dict.fromkeys(values))[-self.keep :]
        response.set_signed_cookie(
            self.cookie_name, ",".join(kept), salt=self.salt, max_age=self.max_age,
            secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax", path="/",
        )


FIVE_YEARS = 5 * 365 * 24 * 60 * 60
COUNTED = BrowserMemory("counted", "chorus.counted-campaigns", FIVE_YEARS)
BELIEVED = BrowserMemory("believed", "chorus.believed-stories", FIVE_YEARS)
FLAGGED = BrowserMemory("flagged", "chorus.flagged-stories", 365 * 24 * 60 * 60)
