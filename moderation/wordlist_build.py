"""Build moderation/wordlists/derived_*.txt: first names, surnames and ordinary words, folded.

- derived_first_names.txt, derived_surnames.txt: the most frequent first names and surnames of the
  countries where Chorus is read in English, Spanish and French (names-dataset).
- derived_ordinary_words.txt: frequent words (wordfreq) that are also dictionary forms (simplemma),
  so that "rose", "grace" or "paz" alone are read as words, and "dave" or "kowalski" are not
  (a dictionary word inflects or is an inflection; a name in a dictionary has no other forms).
"""

from __future__ import annotations

import re
from pathlib import Path

from moderation.detectors.tokens import strip_accents

WORDLISTS_DIR = Path(__file__).resolve().parent / "wordlists"
COUNTRIES = ("US", "GB", "IE", "CA", "ES", "MX", "AR", "CO", "FR", "BE", "CH")
FIRST_NAMES_PER_COUNTRY = 1000  # per gender
SURNAMES_PER_COUNTRY = 3000
WORDS_PER_LANGUAGE = 40000
MIN_COUNTRIES = 2
# The most frequent words of each language are words first, even when somebody is named so; the
# hand list (first_names.txt) brings back the common names among them (John, Juan, Marie...).
MOST_FREQUENT_WORDS = 5000
MOST_FREQUENT_WORDS_FOR_SURNAMES = 800
LANGUAGES = ("en", "es", "fr")
_LETTERS = re.compile(r"[a-z]{2,}(?:[-'][a-z]{2,})?")
# Surnames that begin with a particle, kept whole: "de la fuente", "le goff", "van der berg", "ben ali".
SURNAME_PARTICLES = frozenset("de del la las los le du da das do dos di van der den von ben el al mac".split())
_COMPOUND_SURNAME = re.compile(r"(?:[a-z]{1,3} ){1,2}[a-z]{3,}")
HEADER = "# Derived by manage.py build_screening_wordlists from {source}; do not edit by hand.\n"
# The Public Suffix List as Debian's publicsuffix package installs it (the ICANN part names every
# top-level domain in use: "photography", "studio", "gle", "ee" as well as "com").
PUBLIC_SUFFIX_LIST = Path("/usr/share/publicsuffix/public_suffix_list.dat")
_TLD = re.compile(r"[a-z]{2,24}")


def _clean(names) -> set[str]:
    out = set()
    for name in names:
        folded = strip_accents(name.strip())
        if _LETTERS.fullmatch(folded) and len(folded) >= 3:
            out.add(folded)
    return out


def _compound_surnames(names) -> set[str]:
    """Return the surnames written in two or three words that begin with particles ("de la cruz")."""
    out = set()
    for name in names:
        folded = " ".join(strip_accents(name.strip()).split())
        if _COMPOUND_SURNAME.fullmatch(folded) and all(w in SURNAME_PARTICLES for w in folded.split()[:-1]):
            out.add(folded)
    return out


def build() -> dict[str, int]:
    import simplemma  # noqa: F401 - its dictionaries, below
    import wordfreq
    from names_dataset import NameDataset
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    dataset = NameDataset()
    first_by_country, last_by_country = [], []
    for country in COUNTRIES:
        by_gender = dataset.get_top_names(n=FIRST_NAMES_PER_COUNTRY, use_first_names=True, country_alpha2=country)
        first_by_country.append(set().union(*(_clean(names) for names in by_gender.get(country, {}).values())))
        surnames = dataset.get_top_names(n=SURNAMES_PER_COUNTRY, use_first_names=False, country_alpha2=country)
        last_by_country.append(_clean(surnames.get(country, [])) | _compound_surnames(surnames.get(country, [])))
    # names-dataset comes from social media profiles: "day", "con" or "des" are someone's name
    # somewhere. Keep a name that several countries share, and never one of the most frequent words.
    frequent, most_frequent = set(), set()
    for lang in LANGUAGES:
        frequent |= {strip_accents(w) for w in wordfreq.top_n_list(lang, MOST_FREQUENT_WORDS)}
        most_frequent |= {strip_accents(w) for w in wordfreq.top_n_list(lang, MOST_FREQUENT_WORDS_FOR_SURNAMES)}
    first = {n for n in set().union(*first_by_country) if sum(n in c for c in first_by_country) >= MIN_COUNTRIES}
    last = {n for n in set().union(*last_by_country) if sum(n in c for c in last_by_country) >= 1}
    first -= frequent
    last -= most_frequent  # "miller", "garcia" are frequent words because they are frequent names
    factory = DefaultDictionaryFactory()
    ordinary = set()
    for lang in LANGUAGES:
        # A word inflects ("roses", "graced", "paces" -> paz) or is an inflection ("rose" -> rise);
        # dictionaries also list names, but a name has no other forms: "dave", "francois".
        forms = set()
        for key, value in factory.get_dictionary(lang).items():
            key = strip_accents(key.decode() if isinstance(key, bytes) else key)
            value = strip_accents(value.decode() if isinstance(value, bytes) else value)
            if key != value:
                forms.add(key)
                forms.add(value)
        for word in wordfreq.top_n_list(lang, WORDS_PER_LANGUAGE):
            folded = strip_accents(word)
            if folded in forms:
                ordinary.add(folded)
    outputs = {
        "derived_first_names.txt": (first, "names-dataset (top first names of " + " ".join(COUNTRIES) + ")"),
        "derived_surnames.txt": (last, "names-dataset (top surnames of " + " ".join(COUNTRIES) + ")"),
        "derived_ordinary_words.txt": (ordinary, "wordfreq top words that simplemma knows as words (en es fr)"),
    }
    for name, (words, source) in outputs.items():
        (WORDLISTS_DIR / name).write_text(HEADER.format(source=source) + "\n".join(sorted(words)) + "\n", encoding="utf-8")
    return {name: len(words) for name, (words, _) in outputs.items()}


def build_tlds(path: Path = PUBLIC_SUFFIX_LIST) -> dict[str, int]:
    """Write derived_tlds.txt: every ASCII top-level domain of the Public Suffix List's ICANN part."""
    tlds, icann = set(), False
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("// ===BEGIN ICANN"):
            icann = True
        elif line.startswith("// ===END ICANN"):
            break
        elif icann and line and not line.startswith("//"):
            top = line.lstrip("!*.").rsplit(".", 1)[-1]
            if _TLD.fullmatch(top):
                tlds.add(top)
    name = "derived_tlds.txt"
    (WORDLISTS_DIR / name).write_text(
        HEADER.format(source=f"the Public Suffix List ({path})") + "\n".join(sorted(tlds)) + "\n", encoding="utf-8")
    return {name: len(tlds)}
