"""Turn what a person typed into text that is safe to store, and show escaped.

The one place that calls bleach. Story text is stored as typed (issue 15):
no HTML is parsed, stripped or unescaped, because the templates, the API
and the CSV escape it on output; so "&lt;script&gt;" stays those eleven
characters and "<b>" stays visible as "<b>". What goes: control
characters, bidirectional overrides, embeddings and isolates (they can
make text read differently from what it says), and zero-width characters
that hide text. Joiners (ZWJ, ZWNJ) stay between two visible characters,
where Persian, Indic scripts and emoji sequences need them. Line breaks
are kept and the result is NFC-normalised. Names are stricter: one line,
no markup, no invisible character at all.
"""

import html
import re
import unicodedata

import bleach

# C0/C1 controls except tab and newline; also lone surrogates.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# Direction overrides, embeddings and isolates; zero-width spaces, word joiner,
# invisible operators, BOM, Mongolian vowel separator.
_HIDING = re.compile("[\u202a-\u202e\u2066-\u2069\u200b\u2060-\u2064\ufeff\u180e]")
# Joiners only mean something between two visible characters.
_LOOSE_JOINER = re.compile(r"(?<!\S)[\u200c\u200d]+|[\u200c\u200d]+(?!\S)")
# Every invisible or direction character, for names.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u180e]")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(raw: str) -> str:
    """Return raw as typed, less controls and hiding characters: NFC, lines trimmed."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = _HIDING.sub("", text)
    text = _LOOSE_JOINER.sub("", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = _MANY_BLANK_LINES.sub("\n\n", text)
    return text.strip()


def clean_name(raw: str) -> str:
    """Return a display name as one clean line: no markup, no invisible characters."""
    text = clean_text(raw)
    text = bleach.clean(text, tags=set(), attributes={}, strip=True, strip_comments=True)
    text = html.unescape(text)  # bleach escapes what it keeps; templates escape on output
    text = _CONTROL.sub("", text)
    text = _INVISIBLE.sub("", text)
    return " ".join(text.split())
