"""URL converters for the stories app."""


class PublicIdConverter:
    """A story's public id: token_urlsafe characters only.

    Anything else (a NUL byte, a slash, a very long string) never reaches a
    database query: the URL simply does not match, which is a 404.
    """

    regex = "[A-Za-z0-9_-]{1,32}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
