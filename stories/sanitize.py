"""Turn what a person typed into plain text that is safe to store and show.

The one place that calls bleach. No HTML survives (tags are stripped, not
escaped, so the stored text is what a reader would see), nothing is
auto-linked, line breaks are kept, control characters go, and the result
is NFC-normalised.
"""

import html
import re
import unicodedata

import bleach

# C0/C1 controls except tab and newline; also lone surrogates.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# Bidirectional overrides and isolates can disguise text; zero-width chars hide it.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(raw: str) -> str:
    """Return raw as plain text: no markup, no controls, NFC, trimmed."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = bleach.clean(text, tags=set(), attributes={}, strip=True, strip_comments=True)
    # bleach escapes &, < and > in what it keeps; store the characters themselves,
    # the templates escape on output.
    text = html.unescape(text)
    text = _CONTROL.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = _MANY_BLANK_LINES.sub("\n\n", text)
    return text.strip()


def clean_name(raw: str) -> str:
    """Return a display name as one clean line without invisible characters."""
    text = clean_text(raw)
    text = _INVISIBLE.sub("", text)
    return " ".join(text.split())
