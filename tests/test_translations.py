"""The interface is complete in English, Spanish and French.

When a template or a message changes, update the catalogues and translate what is new:

    .venv/bin/python manage.py makemessages -l es -l fr --ignore=.venv --ignore=tests --ignore=bench --ignore=staticfiles

then fill every empty msgstr in locale/es and locale/fr (and remove any "fuzzy" flag once checked).
`make test` and `make run` compile them.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.catalogues import LANGUAGES, ROOT, catalogue_path, compile_catalogues, read_po

PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{\{\s*\w+\s*\}\}")
# Copied to extract messages afresh without touching the real catalogues.
SOURCES = ("manage.py", "config", "accounts", "stories", "moderation", "templates", "locale")


def messages(language):
    return [entry for entry in read_po(catalogue_path(language)) if entry.msgid]


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_translates_every_message(language):
    entries = messages(language)
    assert len(entries) > 100
    empty = [entry.msgid for entry in entries if not entry.msgstrs or not all(entry.msgstrs.values())]
    fuzzy = [entry.msgid for entry in entries if "fuzzy" in entry.flags]
    assert empty == [], f"{len(empty)} untranslated message(s) in {language}: {empty[:10]}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy message(s) in {language} (check them, then remove the flag): {fuzzy[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_keeps_every_placeholder(language):
    wrong = []
    for entry in messages(language):
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        for text in entry.msgstrs.values():
            if sorted(PLACEHOLDER.findall(text)) != wanted:
                wrong.append((entry.msgid, text))
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_its_header_is_not_fuzzy(language):
    header = next(entry for entry in read_po(catalogue_path(language)) if entry.msgid == "")
    assert "fuzzy" not in header.flags  # msgfmt would then ignore the charset and plural forms
    assert f"Language: {language}" in header.msgstrs[0]


@pytest.mark.skipif(not shutil.which("xgettext"), reason="xgettext is missing: apt-get install gettext")
def test_the_catalogues_hold_every_message_in_the_code(tmp_path):
    """Extract the messages afresh (in a copy) and find any the catalogues do not have yet."""
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy2(source, tmp_path / name)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONPATH": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", *[f"-l{language}" for language in LANGUAGES], "--no-location"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    for language in LANGUAGES:
        fresh = read_po(Path(tmp_path) / "locale" / language / "LC_MESSAGES" / "django.po")
        # msgmerge guesses a translation for a new message close to an old one and marks it fuzzy.
        missing = [entry.msgid for entry in fresh if entry.msgid and ("fuzzy" in entry.flags or not all(entry.msgstrs.values()))]
        assert missing == [], (
            f"{len(missing)} message(s) are not in locale/{language} yet: {missing[:10]} "
            "— run makemessages and translate them (see this file's docstring)"
        )


@pytest.fixture
def compiled():
    compile_catalogues()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept_language", "lang", "words"),
    [("es-ES,es;q=0.9", "es", "Salida rápida"), ("fr-FR,fr;q=0.9", "fr", "Sortie rapide"), ("en-GB", "en", "Quick exit")],
)
def test_it_speaks_the_browsers_language(client, compiled, campaign, accept_language, lang, words):
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=accept_language)
    assert page.status_code == 200
    assert f'<html lang="{lang}">' in page.text
    assert words in page.text


@pytest.mark.django_db
def test_its_language_switcher_keeps_the_choice(client, compiled, campaign):
    page = client.get(reverse("home"))
    assert 'action="/i18n/setlang/"' in page.text
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert "Partagez votre histoire" in client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="es").text


def test_the_catalogues_compile_without_gettext(tmp_path, monkeypatch):
    """Issue 13.6: `make run` works on a machine without msgfmt (Babel compiles them in Python)."""
    import gettext

    from stories.translations import compile_catalogue

    monkeypatch.setenv("PATH", str(tmp_path))  # no msgfmt, no xgettext: nothing from gettext
    assert shutil.which("msgfmt") is None
    for language in LANGUAGES:
        po = tmp_path / language / "LC_MESSAGES" / "django.po"
        po.parent.mkdir(parents=True)
        po.write_bytes(catalogue_path(language).read_bytes())
        with compile_catalogue(po).open("rb") as mo:
            compiled = gettext.GNUTranslations(mo)
        entries = [entry for entry in messages(language) if "fuzzy" not in entry.flags]
        for entry in entries:
            if entry.msgid_plural is None and entry.msgctxt is None:
                assert compiled.gettext(entry.msgid) == entry.msgstrs[0], entry.msgid
        assert compiled.gettext("Quick exit") != "Quick exit"


def test_make_run_needs_no_gettext():
    makefile = (ROOT / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "compilemessages" not in run and "compile_translations" in run
