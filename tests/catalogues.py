"""The translation catalogues (locale/<lang>/LC_MESSAGES/django.po): read them, compile them."""

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("es", "fr")
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$')


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstrs: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False


def catalogue_path(language: str) -> Path:
    return ROOT / "locale" / language / "LC_MESSAGES" / "django.po"


def read_po(path: Path) -> list[Entry]:
    """Return the entries of a .po file, the header (msgid "") included."""
    entries, entry, target, seen_msgid = [], Entry(), None, False

    def finish():
        nonlocal entry, target, seen_msgid
        if seen_msgid:
            entries.append(entry)
        entry, target, seen_msgid = Entry(), None, False

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            entry.obsolete = True
            continue
        if line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, index, text = match.group(1), match.group(2), ast.literal_eval(match.group(3))
            if keyword == "msgid" and seen_msgid and target != "msgctxt":
                finish()
            if keyword == "msgctxt":
                entry.msgctxt, target = text, "msgctxt"
            elif keyword == "msgid":
                entry.msgid, target, seen_msgid = text, "msgid", True
            elif keyword == "msgid_plural":
                entry.msgid_plural, target = text, "msgid_plural"
            else:
                number = int(index) if index is not None else 0
                entry.msgstrs[number], target = text, number
            continue
        if line.startswith('"') and target is not None:
            text = ast.literal_eval(line)
            if isinstance(target, int):
                entry.msgstrs[target] += text
            else:
                setattr(entry, target, getattr(entry, target) + text)
    finish()
    return [entry for entry in entries if not entry.obsolete]


def compile_catalogues() -> bool:
    """Compile any .po newer than its .mo (as `make test` does, with Babel); return whether one was compiled.

    Translations already loaded by this process are forgotten, so the new ones are used.
    """
    from django.utils.translation import trans_real

    from stories.translations import compile_stale_catalogues

    if not compile_stale_catalogues():
        return False
    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = trans_real.Local()
    return True
