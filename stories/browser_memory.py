"""What a browser remembers for itself, and the list of every cookie Chorus sets.

`counted`, `believed` and `flagged` are signed cookies holding only campaign slugs or story
ids — never an identifier of the person. They last only until the browser is closed (no
Max-Age): someone who picks up the phone later must not learn that its owner took part.
They are read only when the same browser posts again; no page shows them (docs/threat-model.md,
"The device"). Double counting after the browser closes is held off by the rate limits.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core import signing
from django.core.signing import BadSignature
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from config.signing_memo import signed_this_second


@dataclass(frozen=True)
class BrowserMemory:
    name: str
    salt: str
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
        name, value = self.cookie_name, ",".join(kept)
        # response.set_signed_cookie's value, the same bytes for a second (config/signing_memo.py).
        signed = signed_this_second(
            ("browser-memory", name, self.salt, value),
            lambda: signing.get_cookie_signer(salt=signing._cookie_signer_salt(name, self.salt)).sign(value),
        )
        # No max_age: a session cookie, gone when the browser closes.
        response.set_cookie(name, signed, secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax", path="/")


COUNTED = BrowserMemory("counted", "chorus.counted-campaigns")
BELIEVED = BrowserMemory("believed", "chorus.believed-stories")
FLAGGED = BrowserMemory("flagged", "chorus.flagged-stories")


@dataclass(frozen=True)
class ChorusCookie:
    name: str
    purpose: str
    lifetime: str


UNTIL_CLOSED = _("until you close the browser")


def _lifetime(max_age: int | None) -> str:
    if max_age is None:
        return UNTIL_CLOSED
    hours = max_age // 3600
    return _("%(hours)s hours at most") % {"hours": hours}


def messages_cookie_name() -> str:
    """Return the name the configured message storage gives its cookie ("messages" by default)."""
    storage = import_string(settings.MESSAGE_STORAGE)
    for storage_class in getattr(storage, "storage_classes", (storage,)):
        if issubclass(storage_class, CookieStorage):
            # The name may be a property reading settings: ask an instance built without a request.
            return storage_class.__new__(storage_class).cookie_name
    return CookieStorage.cookie_name


def chorus_cookies() -> list[ChorusCookie]:
    """Return every cookie Chorus may set, with what it is for and how long it lasts (the privacy page)."""
    session_age = None if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE else settings.SESSION_COOKIE_AGE
    return [
        ChorusCookie(settings.CSRF_COOKIE_NAME, _("Proves that a form was sent from this site, not from another one. Set by any page with a form."), _lifetime(settings.CSRF_COOKIE_AGE)),
        ChorusCookie(settings.SESSION_COOKIE_NAME, _("Keeps you signed in, if you have an account (and holds a long message for the next page). Signing out, or 8 hours without use, ends it."), _lifetime(session_age)),
        ChorusCookie(messages_cookie_name(), _("Carries a one-time message, such as “You are counted”, to the next page. Deleted as soon as it is shown."), UNTIL_CLOSED),
        ChorusCookie(COUNTED.cookie_name, _("Lists the campaigns this browser was counted in, so a second tap is not counted twice. No page shows it."), UNTIL_CLOSED),
        ChorusCookie(BELIEVED.cookie_name, _("Lists the stories this browser said “I believe you” to, so it counts once."), UNTIL_CLOSED),
        ChorusCookie(FLAGGED.cookie_name, _("Lists the stories this browser flagged, so a flag counts once."), UNTIL_CLOSED),
        ChorusCookie(settings.LANGUAGE_COOKIE_NAME, _("Remembers the language you chose at the bottom of the page."), _lifetime(settings.LANGUAGE_COOKIE_AGE)),
    ]


def chorus_cookie_names(request) -> set[str]:
    """Return the name of every Chorus cookie, plus any other this browser sent us (all of them ours)."""
    return {cookie.name for cookie in chorus_cookies()} | set(request.COOKIES)
