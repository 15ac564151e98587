"""Compile the translation catalogues with Babel, in Python, so no machine needs gettext's msgfmt.

`make run` and `make test` call `manage.py compile_translations`; Django reads the .mo files.
Fuzzy entries are left out, as msgfmt leaves them out.
"""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings


def catalogues() -> list[Path]:
    """Return every django.po under LOCALE_PATHS."""
    return sorted(po for folder in settings.LOCALE_PATHS for po in Path(folder).glob("*/LC_MESSAGES/django.po"))


def compile_catalogue(po: Path) -> Path:
    """Write the .mo beside `po` and return its path."""
    with po.open("rb") as source:
        catalogue = read_po(source, locale=po.parent.parent.name, abort_invalid=True)
    mo = po.with_suffix(".mo")
    with mo.open("wb") as target:
        write_mo(target, catalogue, use_fuzzy=False)
    return mo


def compile_stale_catalogues() -> list[Path]:
    """Compile every catalogue whose .mo is missing or older than its .po; return those compiled."""
    compiled = []
    for po in catalogues():
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            compiled.append(compile_catalogue(po))
    return compiled
