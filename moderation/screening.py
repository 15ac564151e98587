"""Screen story text for what a moderator must see before a story is published.

Pure Python on purpose (no Django at import time): the screening task loads a story, calls
`screen_text()`, and stores each signal's type, span, confidence, reason and `text_hash()` —
never the matched text itself.

Everything heavy (the language model, word lists, compiled patterns) is built once per process on
first use. Detectors that scan the whole text use patterns the regex engine can skip through on
their first character, and the expensive checks (libphonenumber, the language model) only see the
few places that could match, so a 1,000-character story screens in a few milliseconds.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import phonenumbers
from rapidfuzz import fuzz, process

WORDLISTS_DIR = Path(__file__).resolve().parent / "wordlists"

PERSONAL_DATA_TYPES = frozenset({"phone", "email", "handle", "url", "address", "id_number"})
SIGNAL_TYPES = PERSONAL_DATA_TYPES | {"person_name", "crisis", "abuse", "spam", "duplicate", "flood"}
PRIORITIES = ("P0", "P1", "P2", "P3")
LANES = ("queue", "spam")

DEFAULT_PHONE_REGIONS = ("US", "GB", "FR", "ES", "DE", "CA", "AU", "IE", "IN", "MX")

# Support lines a survivor may pass on to others: never flagged as someone's private number.
# Full numbers in E.164, short codes as plain digits.
DEFAULT_HELPLINE_NUMBERS = frozenset({
    "988",  # US/CA Suicide & Crisis Lifeline
    "741741",  # US Crisis Text Line
    "+18006564673",  # US RAINN
    "+18007997233",  # US National Domestic Violence Hotline
    "+18002738255",  # US former National Suicide Prevention Lifeline
    "116123",  # Samaritans UK/IE
    "+44116123",
    "+448088029999",  # UK Rape Crisis
    "+448082000247",  # UK National Domestic Abuse Helpline
    "+448001111",  # UK Childline
    "3919",  # FR Violences Femmes Info
    "3114",  # FR suicide prevention
    "119",  # FR child protection
    "+33800059595",  # FR Viols Femmes Informations
    "016",  # ES gender violence
    "024",  # ES suicide line
    "+34900116016",  # ES 016 long number
    "+498000116016",  # DE Hilfetelefon Gewalt gegen Frauen
    "+611800737732",  # AU 1800RESPECT
    "+61131114",  # AU Lifeline
    "+3531800778888",  # IE Rape Crisis
    "+528009112000",  # MX Línea de la Vida
})

# Names that may appear in a story without identifying a private person.
DEFAULT_PUBLIC_FIGURES = frozenset({
    "Harvey Weinstein", "Alyssa Milano", "Tarana Burke", "Donald Trump", "Bill Cosby",
    "Larry Nassar", "Kevin Spacey", "Jeffrey Epstein", "Ghislaine Maxwell", "Bill Clinton",
    "Brett Kavanaugh", "Christine Blasey Ford", "Anita Hill", "Clarence Thomas",
    "Roman Polanski", "Woody Allen", "Matt Lauer", "Charlie Rose", "Roger Ailes", "Bill O'Reilly",
    "Les Moonves", "Ashley Judd", "Rose McGowan", "Gwyneth Paltrow", "Angelina Jolie", "Uma Thurman",
    "Salma Hayek", "Lupita Nyong'o", "Terry Crews", "Anthony Rapp", "Andrew Cuomo", "Prince Andrew",
    "Jimmy Savile", "Gérard Depardieu", "Adèle Haenel", "Sandra Muller", "Dominique Strauss-Kahn",
    "Patrick Poivre d'Arvor", "Judith Godrèche", "Gisèle Pelicot", "Dominique Pelicot",
    "Luis Rubiales", "Jenni Hermoso", "Dani Alves", "Plácido Domingo", "Íñigo Errejón",
    "Emma Watson", "Taylor Swift", "Oprah Winfrey", "Jesus Christ", "Santa Claus",
    "Barack Obama", "Joe Biden", "Kamala Harris", "Hillary Clinton", "Emmanuel Macron",
    "Pedro Sánchez", "Elon Musk", "Mark Zuckerberg", "Jeff Bezos", "Michael Jackson",
    "Marilyn Monroe", "Andrew Tate", "Chris Brown", "Johnny Depp", "Amber Heard",
    "Jimmy Kimmel", "Stephen King", "Jean-Luc Godard", "Christian Dior", "Victoria Beckham",
    "Justin Timberlake", "Britney Spears", "Simone Biles", "Aly Raisman", "McKayla Maroney",
    "Jordan Peterson", "Dr Phil", "Martin Luther King", "George Washington", "Abraham Lincoln",
    "Victor Hugo", "Jean Jaurès", "Jules Ferry", "Jean Moulin", "Miguel de Cervantes", "Simone Veil",
    # Brands and fictional characters that look like the names of people
    "Jack Daniels", "Jack Daniel", "Johnnie Walker", "Ronald McDonald", "Tommy Hilfiger", "Calvin Klein",
    "Ralph Lauren", "Harry Potter", "Peter Pan", "Mickey Mouse", "Jack Sparrow", "Christian Grey",
})

DEFAULT_SHORTENER_DOMAINS = frozenset({
    "bit.ly", "tinyurl.com", "t.co", "ow.ly", "is.gd", "buff.ly", "cutt.ly", "rebrand.ly",
    "tiny.cc", "shorturl.at", "rb.gy", "bl.ink", "v.gd", "s.id", "t.ly", "shorte.st", "adf.ly",
})
DEFAULT_SPAM_DOMAINS = frozenset({
    "onlyfans.com", "fansly.com", "chaturbate.com", "stripchat.com", "linktr.ee", "beacons.ai",
    "cash.app", "wa.me",
})
# A linked domain containing one of these words is treated as commercial spam.
DEFAULT_SPAM_DOMAIN_WORDS = (
    "casino", "crypto", "bitcoin", "forex", "viagra", "cialis", "pharma", "pills", "loans",
    "betting", "escort", "xxx", "dating", "followers", "earnmoney", "makemoney",
)


@dataclass(frozen=True)
class ScreeningConfig:
    """Tunable inputs of screening; the defaults suit a first deployment."""

    phone_regions: tuple[str, ...] = DEFAULT_PHONE_REGIONS
    helpline_numbers: frozenset[str] = DEFAULT_HELPLINE_NUMBERS
    public_figures: frozenset[str] = DEFAULT_PUBLIC_FIGURES
    shortener_domains: frozenset[str] = DEFAULT_SHORTENER_DOMAINS
    spam_domains: frozenset[str] = DEFAULT_SPAM_DOMAINS
    spam_domain_words: tuple[str, ...] = DEFAULT_SPAM_DOMAIN_WORDS
    # A spam signal at least this confident sends the story to the spam lane.
    spam_lane_min_confidence: float = 0.5
    repeated_char_min_run: int = 10
    # The caller counts similar stories inside its flood window and passes the count in.
    flood_threshold: int = 5
    duplicate_min_chars: int = 40
    near_duplicate_min_ratio: float = 90.0
    language_min_chars: int = 20
    language_min_confidence: float = 0.5
    # The detector reads at most this many characters: plenty to tell a language apart.
    language_max_chars: int = 400
    # Languages the detector may answer with; None lets it use every language of its model.
    languages: tuple[str, ...] | None = (
        "en", "es", "fr", "de", "it", "pt", "nl", "ca", "pl", "ro", "sv", "da", "no", "fi",
        "cs", "hu", "el", "tr", "ru", "uk", "ar", "he", "fa", "ur", "hi", "bn", "ta",
        "id", "ms", "tl", "vi", "th", "zh", "ja", "ko", "sw",
    )
    crisis_confidence: float = 0.9
    past_crisis_confidence: float = 0.6
    # A bare "suicide" may be about someone else; it still flags, so a person looks.
    crisis_mention_confidence: float = 0.5


@dataclass(frozen=True)
class Signal:
    """One finding: a typed span of the screened text with a confidence and a reason.

    `reason` never quotes the matched text; store `text_hash()` to compare spans later.
    """

    type: str
    start: int
    end: int
    confidence: float
    reason: str

    def text_hash(self, text: str, *, key: bytes | None = None) -> str:
        """Return the SHA-256 (HMAC-SHA-256 with `key`) hex digest of this span of `text`."""
        return span_hash(text[self.start:self.end], key=key)


@dataclass(frozen=True)
class ScreeningResult:
    signals: tuple[Signal, ...]
    priority: str  # "P0" (most urgent) .. "P3"
    lane: str  # "queue" or "spam"
    language: str  # ISO 639-1 code, or "und"
    language_confidence: float
    crisis: bool

    @property
    def types(self) -> frozenset[str]:
        return frozenset(s.type for s in self.signals)


def span_hash(span: str, *, key: bytes | None = None) -> str:
    """Hash a matched span so that it can be compared without being kept.

    Phone and ID numbers are few enough to enumerate, so pass a secret `key` when the hash is stored.
    """
    data = span.encode("utf-8")
    if key:
        return hmac.new(key, data, hashlib.sha256).hexdigest()
    return hashlib.sha256(data).hexdigest()


def config_from_settings() -> ScreeningConfig:
    """Build a ScreeningConfig from Django settings named SCREENING_<FIELD>, where present."""
    from django.conf import settings

    overrides = {}
    for name in ScreeningConfig.__dataclass_fields__:
        value = getattr(settings, f"SCREENING_{name.upper()}", None)
        if value is None:
            continue
        default = getattr(ScreeningConfig, name)
        if isinstance(default, frozenset):
            value = frozenset(value)
        elif isinstance(default, tuple):
            value = tuple(value)
        overrides[name] = value
    return replace(ScreeningConfig(), **overrides)


# --------------------------------------------------------------------------- word lists


@functools.lru_cache(maxsize=8192)
def _fold(word: str) -> str:
    """Lower-case and strip accents, for word-list look-ups."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _read_wordlist(name: str) -> list[str]:
    lines = (WORDLISTS_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.lstrip().startswith("#")]


@functools.cache
def _first_names() -> frozenset[str]:
    return frozenset(_fold(w.removesuffix("+").strip()) for w in _read_wordlist("first_names.txt"))


@functools.cache
def _first_names_also_surnames() -> frozenset[str]:
    return frozenset(_fold(w.removesuffix("+").strip()) for w in _read_wordlist("first_names.txt") if w.endswith("+"))


@functools.cache
def _not_surnames() -> frozenset[str]:
    return frozenset(_fold(w.strip()) for w in _read_wordlist("not_surnames.txt"))


@functools.cache
def _helplines(numbers: frozenset[str]) -> frozenset[str]:
    return frozenset(_normalise_number(n) for n in numbers)


@functools.cache
def _public_figures(names: frozenset[str]) -> frozenset[str]:
    return frozenset(" ".join(_fold(n).replace("-", " ").split()) for n in names)


def _normalise_number(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    return "+" + digits if number.strip().startswith("+") else digits


def _phrase_to_regex(phrase: str) -> str:
    """Turn one word-list phrase into a lower-case regex that starts after a word boundary."""
    if phrase.startswith("re:"):
        return phrase[3:]
    parts = []
    for ch in phrase.lower():
        if ch in "'’":
            parts.append("['’]?")
        elif ch in " -":
            parts.append(r"[\s\-]+")
        elif ch == "*":
            parts.append(r"\w*")
        else:
            parts.append(re.escape(ch))
    return "".join(parts) + ("" if phrase.endswith("*") else r"\b")


@dataclass(frozen=True)
class _PhraseList:
    """A phrase list as one alternation, plus one regex per phrase to tell which one matched.

    The alternation runs on lower-cased text with no capture groups, so the regex engine rejects
    most branches on their first character: that keeps a 100-phrase list fast on long stories.
    """

    scanner: re.Pattern
    phrases: tuple[tuple[re.Pattern, str, str], ...]  # (regex, language, flag)

    def finditer(self, lowered: str) -> Iterator[tuple[re.Match, str, str]]:
        """Yield (match, language, flag) over text lower-cased by `_lower_keeping_length`."""
        for m in self.scanner.finditer(lowered):
            for regex, lang, flag in self.phrases:
                if regex.fullmatch(lowered, m.start(), m.end()):
                    yield m, lang, flag
                    break


@functools.cache
def _phrase_list(name: str) -> _PhraseList:
    """Compile a LANG<TAB>PHRASE[<TAB>FLAG] word list."""
    patterns, phrases = [], []
    for line in _read_wordlist(name):
        lang, phrase, *rest = (c.strip() for c in line.split("\t"))
        pattern = _phrase_to_regex(phrase)
        patterns.append(pattern)
        phrases.append((re.compile(pattern, re.IGNORECASE), lang, rest[0] if rest else ""))
    # Longest first, so that "je voulais mourir" wins over a shorter phrase that starts the same way.
    scanner = r"\b(?:" + "|".join(sorted(patterns, key=len, reverse=True)) + ")"
    return _PhraseList(re.compile(scanner), tuple(phrases))


# --------------------------------------------------------------------------- phone

# Seven or more digits with the separators people type; libphonenumber then decides.
_PHONE_CANDIDATE = re.compile(r"[+(\d][\d \t().\-–/]{5,}\d")
# A date stands alone: "06.12.10.45.90" goes on, so it is a French phone number, not a date.
_DAY_OR_MONTH = r"(?:0?[1-9]|[12]\d|3[01])"
_DATE = re.compile(
    rf"(?<![\d./-])(?:{_DAY_OR_MONTH}[./-]{_DAY_OR_MONTH}[./-](?:19|20)?\d{{2}}"
    rf"|(?:19|20)\d{{2}}[./-](?:0?[1-9]|1[0-2])[./-]{_DAY_OR_MONTH})(?![./-]?\d)"
)
_YEAR_GROUPS = re.compile(r"(?:(?:19|20)\d{2}[\s.\-–/]*)+")
_NON_DIGITS = re.compile(r"\D")


@functools.cache
def _region_checks(regions: tuple[str, ...]) -> tuple[tuple[str, re.Pattern | None, frozenset, re.Pattern], ...]:
    """Per region: national prefix, possible lengths and number pattern, for a cheap first look."""
    checks = []
    for region in regions:
        metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
        if metadata is None:
            continue
        prefix = metadata.national_prefix_for_parsing or metadata.national_prefix
        checks.append((
            region,
            re.compile(prefix) if prefix else None,
            frozenset(metadata.general_desc.possible_length),
            re.compile(metadata.general_desc.national_number_pattern),
        ))
    return tuple(checks)


_DIGIT_GROUP = re.compile(r"\d+")
# A long run of digit groups ("07911 123456 07834 567890 ...", "1 2 3 4 ...") is read in windows.
_WINDOW_GROUPS = 24
_MAX_NUMBER_GROUPS = 7  # "+33 6 12 34 56 78" has six
_WINDOW_OVERLAP = 6
# libphonenumber is the slow part: a story that needs more look-ups than this is a list of numbers.
_MAX_PHONE_LOOKUPS = 40


def _phone_searches(raw: str, config: ScreeningConfig) -> list[tuple[int, int, str]]:
    """(start, end, region) stretches of `raw` worth handing to libphonenumber; most runs have none.

    Any stretch of whole digit groups may be the number ("at 14 07911 123456"), so every stretch of
    7 to 15 digits is checked against each region's lengths and number pattern, and a plausible
    stretch is handed over alone: the matcher neither splits "14 07911 123456" by itself nor stays
    fast on a long run of digits.
    """
    regions = config.phone_regions
    groups = [m.span() for m in _DIGIT_GROUP.finditer(raw)]
    if raw.lstrip("(").startswith("+"):
        return [(0, len(raw), regions[0])]  # the country code says it all; any region reads it
    stretches = []
    for first, (offset, _) in enumerate(groups):
        digits = ""
        for group_start, group_end in groups[first:first + _MAX_NUMBER_GROUPS]:
            digits += raw[group_start:group_end]
            if len(digits) > 15:
                break
            if len(digits) >= 7:
                stretches.append((offset, group_end, digits))
    searches: list[tuple[int, int, str]] = []
    for region, prefix, lengths, pattern in _region_checks(regions):
        for offset, end, digits in stretches:
            national = digits
            if digits.startswith(("00", "011")):
                plausible = True  # an international number dialled with an exit code
            else:
                if prefix is not None and (m := prefix.match(digits)) and m.end():
                    national = digits[m.end():]
                plausible = (len(national) in lengths and bool(pattern.fullmatch(national))) or (
                    len(digits) in lengths and bool(pattern.fullmatch(digits))
                )
            if plausible:
                # Start at an opening bracket that belongs to the number: "(312) 555-0147".
                start = offset - 1 if offset and raw[offset - 1] == "(" else offset
                searches.append((start, end, region))
    # Longest stretch first from each start; stable, so regions keep the configured order.
    return sorted(searches, key=lambda search: (search[0], -search[1]))


def _phone_candidates(text: str) -> Iterator[tuple[int, int]]:
    """Spans of digit runs that stand alone, long runs cut into overlapping windows of groups."""
    for cand in _PHONE_CANDIDATE.finditer(text):
        start, end = cand.span()
        if start and (text[start - 1].isalnum() or text[start - 1] in "+_"):
            continue  # inside a word or an ID like "2019-CR-00123"
        if end < len(text) and (text[end].isalnum() or text[end] == "_"):
            continue
        groups = [m.span() for m in _DIGIT_GROUP.finditer(text, start, end)]
        if len(groups) <= _WINDOW_GROUPS:
            yield start, end
            continue
        for first in range(0, len(groups) - _WINDOW_OVERLAP, _WINDOW_GROUPS - _WINDOW_OVERLAP):
            last = min(first + _WINDOW_GROUPS, len(groups)) - 1
            yield (start if first == 0 else groups[first][0]), groups[last][1]


def _find_phones(text: str, config: ScreeningConfig) -> list[Signal]:
    helplines = _helplines(config.helpline_numbers)
    found: dict[tuple[int, int], tuple[set, set]] = {}
    lookups = 0
    for start, end in _phone_candidates(text):
        if lookups >= _MAX_PHONE_LOOKUPS:
            break
        raw = text[start:end]
        if len(_NON_DIGITS.sub("", raw)) < 7 or _YEAR_GROUPS.fullmatch(raw):
            continue
        read_from = set()  # offsets where a region already read a number: the first reading will do
        for offset, stretch_end, region in _phone_searches(raw, config):
            if offset in read_from or lookups >= _MAX_PHONE_LOOKUPS:
                continue
            lookups += 1
            at = start + offset
            matcher = phonenumbers.PhoneNumberMatcher(raw[offset:stretch_end], region, leniency=phonenumbers.Leniency.VALID)
            for match in matcher:
                if match.start == 0:
                    read_from.add(offset)
                numbers, regions = found.setdefault((at + match.start, at + match.end), (set(), set()))
                numbers.add(phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164))
                numbers.add(str(match.number.national_number))
                regions.add(phonenumbers.region_code_for_number(match.number) or region)
    if not found:
        return []
    dates = [m.span() for m in _DATE.finditer(text)]
    helpline_spans = [span for span, (numbers, _) in found.items() if numbers & helplines]
    signals = []
    for (start, end), (_, regions) in found.items():
        raw = text[start:end]
        if any(start < h_end and h_start < end for h_start, h_end in helpline_spans):
            continue  # a helpline, or another region's reading of part of one
        if any(start < de and ds < end for ds, de in dates) or _YEAR_GROUPS.fullmatch(raw):
            continue  # "03.04.2015" reads as a German number, but it is a date
        confidence = 0.95 if raw.lstrip("(").startswith(("+", "00")) else 0.85
        signals.append(Signal("phone", start, end, confidence, f"phone number ({'/'.join(sorted(regions))})"))
    return _drop_overlaps(signals)  # overlapping readings of one run: keep the longest


# --------------------------------------------------------------------------- email, url, handle

_EMAIL = re.compile(r"(?<![\w.%+\-])[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,}\b")
# "name (at) gmail (dot) com", "name[at]gmail.com", "name at gmail dot com". A plain " at " needs a
# written "dot", so "look at instagram.com" stays a link.
_EMAIL_OBFUSCATED = re.compile(
    r"[a-z0-9._%+\-]+\s*"
    r"(?:(?:\(at\)|\[at\]|\{at\})\s*[a-z0-9\-]+\s*(?:\(dot\)|\[dot\]|\{dot\}|\sdot\s|\.)"
    r"|\sat\s+[a-z0-9\-]+\s*(?:\(dot\)|\[dot\]|\{dot\}|\sdot\s))"
    r"\s*(?:com|net|org|edu|fr|es|de|mx|co\.uk|co|uk|ie|io|info)\b"
)
_OBFUSCATION_HINT = re.compile(r"\(at\)|\[at\]|\{at\}| dot ")

_TLDS = (
    "com|org|net|edu|gov|mil|int|info|biz|io|co|ly|me|tv|app|dev|xyz|online|site|shop|store|blog|club|"
    "live|news|art|page|link|top|uk|fr|es|de|it|nl|be|ch|at|ie|pt|mx|ar|cl|br|ca|us|au|nz|in|jp|cn|ru|"
    "pl|se|no|dk|fi|eu|cat|to|gg|ai|sh|ws|cc|gl|gd|im|fm|ms|ee|id|lt|lv|cz|sk|hu|ro|gr|tr|za|ng|ke|ph|sg|my"
)
# TLDs that are everyday words too: "at the party.it was late" and "work.im scared" are no links
# unless something else says "link": a path, a hyphen or digit in the name, a subdomain, a known site.
_WORD_TLDS = frozenset(
    "it to me in is at be no so us do go my on am an as by he hi if la le se el tu te mi ma un et ne ce si ya "
    "yo lo al id im ca es de top art news live club shop store page link site blog online app cat ms sh".split()
)
_URL_SCHEME = re.compile(r"(?:https?://|ftp://|www\d?\.)[^\s<>\"'«»]+")
_URL_HINT = re.compile(r"[A-Za-z0-9]\.[a-z]")
_URL_BARE = re.compile(
    r"((?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+)(" + _TLDS + r")(?![\w\-@])"
    r"(/[^\s<>\"'«»]*|[?#][^\s<>\"'«»]+)?"
)
_MAX_URL_LENGTH = 300
_KNOWN_SHORT_DOMAINS = frozenset({"t.me", "t.co", "x.com", "wa.me", "fb.me", "youtu.be", "g.co", "vm.tiktok.com"})
_TRAILING_PUNCT = ".,;:!?)]}'\"»"

_CLOCK_TIME = re.compile(r"\d{1,2}(?:[:.h]\d{2})?(?:am|pm|h)?", re.IGNORECASE)
_HANDLE = re.compile(r"@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)(?![\w@])")
_HANDLE_PREFIXED = re.compile(
    r"\b(?:ig|insta|instagram|snap|snapchat|sc|tiktok|tt|twitter|fb|facebook|discord|telegram|kik|threads)"
    r"\s*[:=]\s*@?([a-z0-9_](?:[a-z0-9_.]{0,28}[a-z0-9_])?)"
)


def _preceded_by(text: str, start: int, chars: str) -> bool:
    """True when the character before `start` is alphanumeric or one of `chars`."""
    return start > 0 and (text[start - 1].isalnum() or text[start - 1] in chars)


def _strip_trailing(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _TRAILING_PUNCT:
        # Keep a closing bracket whose opening one is inside the link.
        if text[end - 1] == ")" and text.count("(", start, end) >= text.count(")", start, end):
            break
        end -= 1
    return end


def _find_emails(text: str, lowered: str) -> list[Signal]:
    signals = []
    if "@" in text:
        for m in _EMAIL.finditer(text):
            if not _preceded_by(text, m.start(), "._%+-"):
                signals.append(Signal("email", m.start(), m.end(), 0.95, "e-mail address"))
    if _OBFUSCATION_HINT.search(lowered):
        for m in _EMAIL_OBFUSCATED.finditer(lowered):
            if not _preceded_by(lowered, m.start(), "._%+-") and not _overlaps_any(m.start(), m.end(), signals):
                signals.append(Signal("email", m.start(), m.end(), 0.8, "e-mail address written out"))
    return signals


def _bare_domain_matches(text: str) -> Iterator[re.Match]:
    """Search for bare domains only inside the words that hold a "x.y", and only in words of a sane length."""
    token_end = -1
    for hint in _URL_HINT.finditer(text):
        if hint.start() < token_end:
            continue  # same word as the previous hint
        token_start = max(text.rfind(" ", 0, hint.start()), text.rfind("\n", 0, hint.start())) + 1
        token_end = min((i for i in (text.find(" ", hint.end()), text.find("\n", hint.end())) if i != -1),
                        default=len(text))
        if token_end - token_start <= _MAX_URL_LENGTH:
            yield from _URL_BARE.finditer(text, token_start, token_end)


def _find_urls(text: str, lowered: str) -> list[tuple[Signal, str]]:
    """Return url signals, each with its lower-cased host."""
    found: list[tuple[Signal, str]] = []
    for m in _URL_SCHEME.finditer(lowered):
        if _preceded_by(text, m.start(), "_"):
            continue
        end = _strip_trailing(text, m.start(), m.end())
        host = re.sub(r"^[a-z]+://", "", lowered[m.start():end])
        host = re.split(r"[/?#]", host, maxsplit=1)[0]
        found.append((Signal("url", m.start(), end, 0.95, "link"), host))
    taken = [s for s, _ in found]
    for m in _bare_domain_matches(text):
        if _preceded_by(text, m.start(), "@.-/_") or _overlaps_any(m.start(), m.end(), taken):
            continue
        labels, tld, path = m.group(1), m.group(2), m.group(3)
        host = (labels + tld).lower()
        if host not in _KNOWN_SHORT_DOMAINS and len(labels.split(".")[0]) < 2:
            continue
        looks_like_a_site = (
            (path and len(path) > 1)
            or host in _KNOWN_SHORT_DOMAINS
            or labels.count(".") >= 2
            or any(c.isdigit() or c == "-" for c in labels)
        )
        if tld in _WORD_TLDS and not looks_like_a_site:
            continue
        if not any(c.islower() for c in labels) and not path:
            continue  # shouting, not a domain
        end = _strip_trailing(text, m.start(), m.end())
        found.append((Signal("url", m.start(), end, 0.85 if path else 0.75, "link to a website"), host))
    return found


def _find_handles(text: str, lowered: str) -> list[Signal]:
    signals = []
    if "@" in text:
        for m in _HANDLE.finditer(text):
            if _preceded_by(text, m.start(), "_@./"):
                continue  # an e-mail address or part of a link
            if m.group(1).isdigit() or _CLOCK_TIME.fullmatch(m.group(1)):
                continue  # "@12" or "meet @9pm" is no handle
            signals.append(Signal("handle", m.start(), m.end(), 0.9, "social media handle"))
    if ":" in text or "=" in text:
        for m in _HANDLE_PREFIXED.finditer(lowered):
            if not _overlaps_any(m.start(1), m.end(1), signals):
                signals.append(Signal("handle", m.start(1), m.end(1), 0.85, "social media account name"))
    return signals


# --------------------------------------------------------------------------- address

_UP = "A-ZÀ-ÖØ-Þ"
_LOW = "a-zß-öø-ÿ"
_CAP_WORD = rf"(?:[{_UP}][{_LOW}'’\-]*\.?|\d+(?:st|nd|rd|th))"
_UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}"
_EN_STREET_TYPES = (
    "Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Place|Pl|Terrace|Close|"
    "Crescent|Way|Parkway|Pkwy|Highway|Hwy|Square|Sq|Grove|Gardens|Row|Mews|Circle|Cir|Trail|Walk|Hill"
)
_EN_ADDRESS = re.compile(
    rf"\b\d{{1,5}}[A-Za-z]?,?\s+(?:{_CAP_WORD}\s+){{1,3}}(?:{_EN_STREET_TYPES})\b\.?"
    rf"(?:,\s*[{_UP}][{_LOW}]+(?:\s[{_UP}][{_LOW}]+)?)?"
    rf"(?:,?\s+(?:[A-Z]{{2}}\s+\d{{5}}(?:-\d{{4}})?|{_UK_POSTCODE}))?"
)
_FR_STREET_TYPES = (
    r"rue|avenue|av\.|boulevard|bd|place|impasse|allée|chemin|route|quai|cours|passage|square|voie|"
    r"rond-point|sentier|hameau|lotissement"
)
_FR_PARTICLE = r"(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’]|la\s+|le\s+|les\s+|l['’])"
_FR_ADDRESS = re.compile(
    rf"\b\d{{1,4}}(?:\s?(?:bis|ter))?,?\s+(?i:{_FR_STREET_TYPES})\s+"
    rf"{_FR_PARTICLE}?[{_UP}][\w'’\-]*(?:\s+{_FR_PARTICLE}?[{_UP}][\w'’\-]*)*"
)
# Street type first, number last: "Calle Mayor 14", "Paseo de la Reforma 222", "Rue des Lilas, number 12".
_TYPE_FIRST_STREET_TYPES = (
    r"calle|c/|avenida|avda\.?|av\.|paseo|plaza|pza\.?|carrer|camino|carretera|ronda|travesía|"
    r"callejón|calzada|bulevar|glorieta|rua|via|viale|piazza|corso|rue|avenue|boulevard|impasse|allée|"
    r"chemin|quai"
)
_TYPE_FIRST_HINT = re.compile(rf"\b(?:{_TYPE_FIRST_STREET_TYPES})\s")
_TYPE_FIRST_PARTICLE = (
    r"(?:de\s+la\s+|de\s+los\s+|de\s+las\s+|del\s+|de\s+|la\s+|el\s+|los\s+|las\s+|d['’]|des\s+|du\s+|"
    r"de\s+l['’]|le\s+|les\s+|l['’])"
)
_TYPE_FIRST_ADDRESS = re.compile(
    rf"(?i:{_TYPE_FIRST_STREET_TYPES})\s+"
    rf"{_TYPE_FIRST_PARTICLE}?[{_UP}][\w'’\-]*(?:\s+{_TYPE_FIRST_PARTICLE}?[{_UP}][\w'’\-]*){{0,4}}"
    rf",?\s*(?:(?:n[º°o]\.?|número|numéro|number|num\.?|no\.)\s*)?\d{{1,5}}\b"
    rf"(?!\s*(?:veces|vez|años|días|horas|minutos|meses|semanas|fois|ans|times|days|weeks|months|years|hours|"
    rf"minutes|people))"
)
_DE_ADDRESS = re.compile(
    rf"[{_UP}][{_LOW}]+(?:straße|strasse|str\.|weg|gasse|allee|platz|ring|damm|ufer)\s+\d{{1,4}}[a-z]?\b"
)
_DE_STREET_HINT = re.compile(r"(?:straße|strasse|str\.|weg|gasse|allee|platz|ring|damm|ufer)\s+\d")
_YEAR_BEFORE_STREET = re.compile(r"\b(?:in|by|of|since|until|from|en|desde)\s+$", re.IGNORECASE)
_POSTCODE_ONLY = re.compile(rf"\b{_UK_POSTCODE}\b")


def _find_addresses(text: str, lowered: str) -> list[Signal]:
    signals = []
    for m in _EN_ADDRESS.finditer(text):
        number = m.group().split(None, 1)[0]
        if re.fullmatch(r"(?:19|20)\d\d", number) and _YEAR_BEFORE_STREET.search(text, max(0, m.start() - 7), m.start()):
            continue  # "In 2010 Oxford Street was packed"
        signals.append(Signal("address", m.start(), _strip_trailing(text, m.start(), m.end()), 0.85, "street address"))
    for m in _FR_ADDRESS.finditer(text):
        signals.append(Signal("address", m.start(), _strip_trailing(text, m.start(), m.end()), 0.85, "street address"))
    if _TYPE_FIRST_HINT.search(lowered):
        for m in _TYPE_FIRST_ADDRESS.finditer(text):
            if not _preceded_by(text, m.start(), "_"):
                signals.append(Signal("address", m.start(), m.end(), 0.85, "street address"))
    if _DE_STREET_HINT.search(lowered):
        for m in _DE_ADDRESS.finditer(text):
            if not _preceded_by(text, m.start(), "_"):
                signals.append(Signal("address", m.start(), m.end(), 0.85, "street address"))
    for m in _POSTCODE_ONLY.finditer(text):
        if not _overlaps_any(m.start(), m.end(), signals):
            signals.append(Signal("address", m.start(), m.end(), 0.6, "postcode"))
    return _drop_overlaps(signals)


# --------------------------------------------------------------------------- id numbers

# Runs on lower-cased text: a keyword, a few filler words, then a token with digits in it.
_ID_KEYWORD = re.compile(
    r"\b(?:case|file|report|ticket|reference|ref|claim|docket|incident|complaint|badge|employee|"
    r"student|staff|member|account|policy|passport|licen[cs]e|expediente|denuncia|dossier|plainte|"
    r"procédure|matricule|affaire|atestado|número|numéro|n[º°o])\b"
    r"(?:\s*(?:number|no\.?|nr\.?|num\.?|ref\.?|reference|id|is|was|de|del|n[º°o]\.?|número|numéro|"
    r"dossier|plainte|denuncia|expediente|référence|:|-))*"
    r"\s*(#?\s?(?=[a-z0-9/\-]*\d)[a-z0-9][a-z0-9/\-]*[a-z0-9])"
)
_HASH_ID = re.compile(r"#(?=[A-Za-z0-9\-]*\d{3})\d[A-Za-z0-9\-]{2,}\b")
# Letter-prefixed reference codes: "CMP-2021-33410", "HR-2020-118", "E-48213".
_REFERENCE_CODE = re.compile(r"\b[A-Z]{1,5}-(?:\d{4,}|\d{2,4}-\d{3,})(?:[-/]\d+)*\b")
_SSN = re.compile(r"\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b")
_UK_NINO = re.compile(r"\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b")
_ES_DNI = re.compile(r"\b[XYZ]?\d{7,8}[A-HJ-NP-TV-Z]\b")
_FR_NIR = re.compile(r"\b[12]\s?\d{2}\s?(?:0[1-9]|1[0-2]|[2-9]\d)\s?(?:\d{2}|2[AB])\s?\d{3}\s?\d{3}(?:\s?\d{2})?\b")
_CARD = re.compile(r"\d(?:[ \-]?\d){12,18}")
_YEAR = re.compile(r"#?(?:19|20)\d{2}")
_YEAR_RANGE = re.compile(r"(?:19|20)\d{2}[\-/–](?:19|20)?\d{2}")
_UNIT_AFTER = re.compile(
    r"\s*(?:pages?|words?|days?|weeks?|months?|years?|hours?|minutes?|times?|people|men|women|euros?|dollars?|"
    r"pounds?|pesos?|páginas?|días?|años?|veces|personas|jours?|ans|fois|mots|personnes)\b"
)
_THREE_DIGITS = re.compile(r"\d\D{0,2}\d\D{0,2}\d")
_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _dni_ok(value: str) -> bool:
    body = value[:-1].upper().replace("X", "0").replace("Y", "1").replace("Z", "2")
    return body.isdigit() and _DNI_LETTERS[int(body) % 23] == value[-1].upper()


def _find_id_numbers(text: str, lowered: str) -> list[Signal]:
    if not _THREE_DIGITS.search(text):
        return []
    signals = []
    for m in _ID_KEYWORD.finditer(lowered):
        compact = m.group(1).replace(" ", "")
        digits = sum(c.isdigit() for c in compact)
        if digits < 3 or _YEAR.fullmatch(compact) or _YEAR_RANGE.fullmatch(compact):
            continue
        if compact.isdigit() and (digits < 4 or _UNIT_AFTER.match(lowered, m.end(1))):
            continue  # "the report was 400 pages", not report no. 400
        signals.append(Signal("id_number", m.start(1), m.end(1), 0.8, "case or ID number"))
    if "#" in text:
        for m in _HASH_ID.finditer(text):
            value = m.group()
            if _preceded_by(text, m.start(), "#&") or _YEAR.fullmatch(value):
                continue
            if sum(c.isalpha() for c in value) <= sum(c.isdigit() for c in value):  # not "#100DaysOfCode"
                signals.append(Signal("id_number", m.start(), m.end(), 0.7, "reference number"))
    for regex, confidence, reason, check in (
        (_REFERENCE_CODE, 0.6, "reference code", None),
        (_SSN, 0.85, "SSN-like number", None),
        (_UK_NINO, 0.85, "National Insurance-like number", None),
        (_ES_DNI, 0.9, "DNI/NIE-like number", _dni_ok),
        (_FR_NIR, 0.85, "social security-like number", lambda v: len(_NON_DIGITS.sub("", v)) in (13, 15)),
    ):
        for m in regex.finditer(text):
            if check is None or check(m.group()):
                signals.append(Signal("id_number", m.start(), m.end(), confidence, reason))
    for m in _CARD.finditer(text):
        if _preceded_by(text, m.start(), "+") or (m.end() < len(text) and text[m.end()].isdigit()):
            continue
        digits = _NON_DIGITS.sub("", m.group())
        if 13 <= len(digits) <= 19 and _luhn_ok(digits):
            signals.append(Signal("id_number", m.start(), m.end(), 0.9, "payment card-like number"))
    return _drop_overlaps(signals)


# --------------------------------------------------------------------------- person names

_NAME_TOKEN = re.compile(rf"[{_UP}](?:['’][{_UP}])?[{_LOW}]+(?:[{_UP}][{_LOW}]+)?(?:-[{_UP}][{_LOW}]+)?")
_NAME_GAP = re.compile(r"\s+(?:(?:de la|de los|del|de|da|di|du|van der|van|von|le|la|dos|das|y)\s+)?")
_ABBREVIATED_TITLES = frozenset(
    "mr mrs ms mx dr prof fr rev sgt det capt lt mme mlle m me sr sra srta lic ing".split()
)
_TITLES = frozenset(
    _fold(w) for w in (
        "miss professor coach father pastor reverend rabbi imam officer sergeant detective captain lieutenant "
        "judge doctor nurse principal headmaster monsieur madame mademoiselle maître docteur abbé père señor "
        "señora señorita don doña padre profesor profesora doctora licenciado licenciada entrenador"
    ).split()
)
# Titles that introduce a name in lower case too: "el padre Andrés", "monsieur Garnier".
_LOWER_TITLE = re.compile(
    r"\b(?:monsieur|madame|docteur|maître|abbé|père|padre|profesor|profesora|doctor|doctora|doña|entrenador)\s+"
)
# Titles too ambiguous to make a name of one word: "Me Too", "Don Quixote", "M Night".
_WEAK_TITLES = frozenset({"m", "me", "don", "ing", "lic"})
# Words that introduce a person, so an unlisted first name still counts: "the guy is Kwame Mensah".
_NAME_CONTEXT = re.compile(
    r"\b(?:named|called|name\s+is|name\s+was|se\s+llama|llamado|llamada|s['’]appelle|s['’]appelait|nommé|nommée|"
    r"(?:guy|man|woman|boss|manager|supervisor|teacher|coach|professor|tutor|pastor|priest|doctor|dentist|"
    r"landlord|neighbou?r|colleague|co-?worker|director|boyfriend|ex|husband|instructor|trainer|officer|"
    r"jefe|profesor|entrenador|vecino|compañero|novio|marido|patron|chef|professeur|prof|voisin|collègue|"
    r"copain|mari|moniteur|médecin)(?:\s*,|\s+(?:is|was|es|era|est|était))?)\s*:?\s*"
)
_FAMILY_ROLES = frozenset(
    _fold(w) for w in (
        "uncle aunt auntie aunty grandpa grandma granny grandad granddad grandfather grandmother "
        "nana nan gran cousin stepdad stepfather stepmom stepmum stepbrother stepsister brother sister "
        "dad daddy mom mommy mum mummy papa mama tío tía tio tia abuelo abuela abuelito abuelita primo prima "
        "hermano hermana padrastro madrastra oncle tonton tante tata tatie papi mamie papy pépé mémé "
        "cousine grand-père grand-mère beau-père frère soeur sœur"
    ).split()
)
# Schools, streets and stations are named after people: "Lycée Victor Hugo", "calle Jean Jaurès".
_NAMED_AFTER_BEFORE = re.compile(
    r"\b(?:lycée|lycee|collège|college|école|ecole|colegio|instituto|escuela|universidad|université|university|"
    r"school|academy|hospital|hôpital|rue|avenue|boulevard|calle|avenida|plaza|place|stade|estadio|gare|"
    r"estación|station|fondation|fundación|foundation|ies|ceip|liceo|saint|san|santa|st\.?)\s+$",
    re.IGNORECASE,
)
_POSSESSIVE_BEFORE = re.compile(r"\b(?:my|our|his|her|mi|mis|nuestro|nuestra|su|mon|ma|notre|son|sa)\s+$", re.IGNORECASE)
_SENTENCE_END_BEFORE = re.compile(r"(?:^|[.!?:;\n\"“«]\s*)$")


def _capitalised_runs(text: str) -> Iterator[list[tuple[str, int, int]]]:
    """Yield runs of capitalised words joined by a space, a name particle, or a title's dot."""
    run: list[tuple[str, int, int]] = []
    for m in _NAME_TOKEN.finditer(text):
        start, end = m.span()
        if _preceded_by(text, start, "_@#/-") or (start and text[start - 1] == "." and start - 1 > 0
                                                  and not text[start - 2].isspace()):
            continue  # inside a word, a handle, or a sentence glued after a dot ("party.It")
        if end < len(text) and (text[end].isalnum() or text[end] in "_@"):
            continue
        if run:
            gap = text[run[-1][2]:start]
            joined = _NAME_GAP.fullmatch(gap) or (
                gap.startswith(".") and _NAME_GAP.fullmatch(gap[1:]) and run[-1][0].lower() in _ABBREVIATED_TITLES
            )
            if not joined:
                yield run
                run = []
        run.append((m.group(), start, end))
    if run:
        yield run


def _find_person_names(text: str, lowered: str, config: ScreeningConfig) -> list[Signal]:
    first_names, not_surnames = _first_names(), _not_surnames()
    surname_capable = _first_names_also_surnames()
    public = _public_figures(config.public_figures)
    lower_titles = {m.end(): m.start() for m in _LOWER_TITLE.finditer(lowered)}  # name start -> title start
    introduced = {m.end() for m in _NAME_CONTEXT.finditer(lowered)}  # where "the guy is ..." leaves off
    signals = []
    for run in _capitalised_runs(text):
        i = 0
        while i < len(run):
            word, start, end = run[i]
            folded = _fold(word)
            if i + 1 == len(run) and folded not in first_names and start not in lower_titles:
                break  # a lone last word can only be a name after a lower-case title
            before = text[max(0, start - 40):start]
            title = None
            if folded in _TITLES or (folded in _ABBREVIATED_TITLES and i + 1 < len(run)
                                     and text[end:run[i + 1][1]].lstrip(".").isspace()):
                title, names_from = folded, i + 1
            elif start in lower_titles:
                title, names_from = "lower", i
                start = lower_titles[start]
                before = text[max(0, start - 40):start]
            if title is not None:
                signal, i = _titled_name(run, start, names_from, title, before, not_surnames, public)
                if signal:
                    signals.append(signal)
                continue
            if folded in _FAMILY_ROLES:
                i += 2  # "Uncle Joe", "Tía Carmen": a family role and a first name
                continue
            if i + 1 == len(run):
                break
            named_context = folded not in first_names and start in introduced
            if folded not in first_names and not named_context:
                i += 1
                continue
            j = i + 1
            while j < len(run) and _fold(run[j][0]) not in not_surnames and _fold(run[j][0]) not in _FAMILY_ROLES:
                j += 1
            if j - i < 2:
                i += 1
                continue
            full = " ".join(_fold(t[0]).replace("-", " ") for t in run[i:j])
            last = _fold(run[j - 1][0])
            if (
                full in public
                or any(p in full for p in public if " " in p)
                or _NAMED_AFTER_BEFORE.search(before)
                or (j - i == 2 and last in first_names and last not in surname_capable)  # "María José"
            ):
                i = j
                continue
            confidence = 0.7 if j - i == 2 and _SENTENCE_END_BEFORE.search(before) else 0.8
            reason = "name introduced as a name" if named_context else "possible full name of a person"
            signals.append(Signal("person_name", start, run[j - 1][2], confidence, reason))
            i = j
    return signals


def _titled_name(run, start, names_from, title, before, not_surnames, public) -> tuple[Signal | None, int]:
    """Read "Dr. Peter Hanson", "Coach Davis", "el padre Andrés": a title at `start`, names from run[names_from]."""
    names = []
    for token in run[names_from:]:
        if _fold(token[0]) in not_surnames or _fold(token[0]) in _FAMILY_ROLES:
            break
        names.append(token)
    next_i = names_from + max(len(names), 1)
    if not names:
        return None, next_i
    if title in {"father", "padre", "pere", "lower"} and _POSSESSIVE_BEFORE.search(before):
        return None, next_i  # "my father Michael" is family
    full = " ".join(_fold(t[0]).replace("-", " ") for t in names)
    if full in public or f"{title} {full}" in public:
        return None, next_i
    if title in _WEAK_TITLES and len(names) < 2:
        return None, next_i
    return Signal("person_name", start, names[-1][2], 0.75, "title and name of a person"), next_i


# --------------------------------------------------------------------------- crisis, abuse

_PAST_MARKERS = re.compile(
    r"\b(?:back\s+then|years\s+ago|at\s+the\s+time|used\s+to|when\s+i\s+was|tried\s+to|attempted|"
    r"as\s+a\s+(?:kid|child|teen|teenager)|at\s+\d{1,2}\b|in\s+(?:19|20)\d{2}|"
    r"intenté|cuando\s+tenía|hace\s+años|en\s+aquel\s+entonces|de\s+niñ[ao]|de\s+pequeñ[ao]|a\s+los\s+\d{1,2}|"
    r"j['’]ai\s+essayé|quand\s+j['’]avais|à\s+l['’]époque|il\s+y\s+a\s+des\s+années|à\s+\d{1,2}\s+ans)\b"
)
_PRESENT_MARKERS = re.compile(
    r"\b(?:still|again|now|tonight|today|these\s+days|lately|right\s+now|every\s+(?:day|night)|some\s+nights|"
    r"since|anymore|todavía|aún|ahora|otra\s+vez|de\s+nuevo|cada\s+(?:día|noche)|hoy|a\s+veces|desde|"
    r"encore|maintenant|ce\s+soir|aujourd['’]hui|tous\s+les\s+(?:jours|soirs)|depuis|parfois)\b"
)
_SENTENCE_BREAK = re.compile(r"[.!?\n]")
# Words of the abuser that a survivor quotes ("he said 'you wanted it'") are testimony, not abuse.
_REPORTED_SPEECH = re.compile(
    r"(?:\b(?:said|says|told\s+me|telling\s+me|kept\s+saying|would\s+say|whispered|asked|asking|"
    r"called\s+me|labell?ed\s+me|me\s+dijo|me\s+decía|me\s+decia|me\s+preguntó|me\s+pregunto|"
    r"m['’]a\s+dit|me\s+disait|m['’]a\s+demandé)\b[^.!?\n]{0,12}|[\"“«'‘]\s*)$"
)
_FIRST_PERSON_BEFORE = re.compile(r"\b(?:i|i['’]m|me|my|myself|yo|soy|je|j['’]|moi|suis)\b[^.!?\n]{0,20}$")
_SENTENCE_START_BEFORE = re.compile(r"(?:^|[.!?\n])\s*$")
_STANDS_ALONE_AFTER = re.compile(r"\s*(?:[.!,?]|$)")


def _sentence_around(lowered: str, start: int, end: int) -> str:
    window = max(0, start - 200)
    left = max((m.end() for m in _SENTENCE_BREAK.finditer(lowered, window, start)), default=window)
    right = _SENTENCE_BREAK.search(lowered, end)
    return lowered[left:right.start() if right else len(lowered)]


def _find_crisis(text: str, lowered: str, config: ScreeningConfig) -> list[Signal]:
    signals = []
    for m, lang, flag in _phrase_list("crisis.txt").finditer(lowered):
        sentence = _sentence_around(lowered, m.start(), m.end())
        present = _PRESENT_MARKERS.search(sentence)
        if flag == "mention":
            signals.append(Signal("crisis", m.start(), m.end(), config.crisis_mention_confidence,
                                  f"mentions suicide [{lang}]"))
        elif not present and (flag == "past" or _PAST_MARKERS.search(sentence)):
            signals.append(Signal("crisis", m.start(), m.end(), config.past_crisis_confidence,
                                  f"self-harm or suicide language, past [{lang}]"))
        else:
            signals.append(Signal("crisis", m.start(), m.end(), config.crisis_confidence,
                                  f"self-harm or suicide language [{lang}]"))
    return signals


def _find_abuse(text: str, lowered: str) -> list[Signal]:
    signals = []
    for m, lang, flag in _phrase_list("abuse.txt").finditer(lowered):
        before = lowered[max(0, m.start() - 40):m.start()]
        if _REPORTED_SPEECH.search(before):
            continue
        if flag == "label" and _FIRST_PERSON_BEFORE.search(before):
            continue
        if flag in ("alone", "start") and not _SENTENCE_START_BEFORE.search(before):
            continue
        if flag == "alone" and not _STANDS_ALONE_AFTER.match(lowered, m.end()):
            continue
        signals.append(Signal("abuse", m.start(), m.end(), 0.8, f"hostility aimed at survivors [{lang}]"))
    return signals


# --------------------------------------------------------------------------- spam

_REPEATED_CHARS = re.compile(r"([^\W\d_]|[!?$€*])\1{9,}")
_SPAM_WORDS = re.compile(
    r"\b(?:earn\s+\$\s?\d+|\$\d+\s+(?:a|per)\s+day|click\s+here|buy\s+now|order\s+now|no\s+prescription|"
    r"promo\s+code|discount\s+code|hot\s+singles|girls\s+near\s+you|free\s+followers|investment\s+opportunity|"
    r"whatsapp\s+me|dm\s+me\s+for|gana\s+dinero|dinero\s+fácil|haz\s+clic|gagner\s+de\s+l['’]argent|cliquez\s+ici)"
)


def _domain_in(host: str, domains: frozenset[str]) -> bool:
    host = host.removeprefix("www.")
    return host in domains or any(host.endswith("." + d) for d in domains)


def _find_spam(text: str, lowered: str, urls, phones, config: ScreeningConfig) -> list[Signal]:
    signals = []
    for m in _REPEATED_CHARS.finditer(text):
        run = m.end() - m.start()
        if run >= config.repeated_char_min_run:
            # "NOOOOOOOOOO" inside a story is a scream, not spam: flag it, keep the story in the queue.
            visible = sum(not c.isspace() for c in text)
            confidence = 0.8 if run / visible >= 0.5 else 0.3
            signals.append(Signal("spam", m.start(), m.end(), confidence, "long run of one repeated character"))
    spam_words = list(_SPAM_WORDS.finditer(lowered))
    for signal, host in urls:
        if _domain_in(host, config.shortener_domains):
            signals.append(replace(signal, type="spam", confidence=0.8, reason="link through a URL shortener"))
        elif _domain_in(host, config.spam_domains) or any(w in host for w in config.spam_domain_words):
            signals.append(replace(signal, type="spam", confidence=0.8, reason="link to a commercial site"))
        elif spam_words:
            signals.append(replace(signal, type="spam", confidence=0.8, reason="link with advertising words"))
        elif phones:
            # A survivor may give someone's number and profile together: keep that in the queue.
            signals.append(replace(signal, type="spam", confidence=0.4, reason="phone number and link together"))
    if not urls:
        for m in spam_words:
            signals.append(Signal("spam", m.start(), m.end(), 0.6 if phones else 0.5, "advertising words"))
    return signals


# --------------------------------------------------------------------------- duplicates

_NON_WORD = re.compile(r"[\W_]+")


# The caller passes much the same recent stories with every call: normalise each one only once.
@functools.lru_cache(maxsize=4096)
def _normalise_for_duplicates(text: str) -> str:
    """Case-fold and reduce to words, so that re-typed punctuation or spacing still matches."""
    return _NON_WORD.sub(" ", text.casefold()).strip()


def _find_duplicates(text: str, recent_texts: Iterable[tuple[str, str]], config: ScreeningConfig) -> list[Signal]:
    if len(text.strip()) < config.duplicate_min_chars:
        return []
    mine = _normalise_for_duplicates(text)
    # A ratio of r% needs lengths within this factor of each other (ratio = 2 * common / total).
    length_factor = config.near_duplicate_min_ratio / (200 - config.near_duplicate_min_ratio)
    candidates = {}
    for other_id, other_text in recent_texts:
        if len(other_text.strip()) < config.duplicate_min_chars:
            continue
        other = _normalise_for_duplicates(other_text)
        if other == mine:
            return [Signal("duplicate", 0, len(text), 1.0, f"exact duplicate of story {other_id}")]
        if length_factor * max(len(mine), len(other)) <= min(len(mine), len(other)):
            candidates[other_id] = other
    best = process.extractOne(mine, candidates, scorer=fuzz.ratio, score_cutoff=config.near_duplicate_min_ratio)
    if best is None:
        return []
    _, ratio, other_id = best
    return [Signal("duplicate", 0, len(text), round(ratio / 100, 3),
                   f"near duplicate of story {other_id} ({ratio:.0f}% similar)")]


# --------------------------------------------------------------------------- language

_LANGUAGE_NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|[@#]\w+|[\d_]+")


@functools.cache
def _language_identifier(languages: tuple[str, ...] | None):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    if languages:
        identifier.set_languages([code for code in languages if code in identifier.labels])
    return identifier


def detect_language(text: str, config: ScreeningConfig | None = None) -> tuple[str, float]:
    """Return (ISO 639-1 code, confidence), or ("und", confidence) when too short or unsure."""
    config = config or _default_config()
    words = _LANGUAGE_NOISE.sub(" ", text[: config.language_max_chars + 200])[: config.language_max_chars]
    if sum(map(str.isalpha, words)) < config.language_min_chars:
        return "und", 0.0
    code, confidence = _language_identifier(config.languages).classify(words)
    confidence = round(float(confidence), 3)
    if confidence < config.language_min_confidence:
        return "und", confidence
    return code, confidence


# --------------------------------------------------------------------------- assembling


def _overlaps_any(start: int, end: int, signals: Iterable[Signal]) -> bool:
    return any(start < s.end and s.start < end for s in signals)


def _drop_overlaps(signals: list[Signal]) -> list[Signal]:
    """Keep the longest of overlapping signals (of one type)."""
    kept: list[Signal] = []
    for s in sorted(signals, key=lambda s: (s.start - s.end, -s.confidence, s.start)):
        if not _overlaps_any(s.start, s.end, kept):
            kept.append(s)
    return kept


def _lower_keeping_length(text: str) -> str:
    """Lower-case `text` so that every index still points at the same character."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)  # "İ" lowers to two characters


@functools.cache
def _default_config() -> ScreeningConfig:
    return ScreeningConfig()


def _priority(types: set[str]) -> str:
    if "crisis" in types:
        return "P0"
    if types & PERSONAL_DATA_TYPES:
        return "P1"
    if "person_name" in types:
        return "P2"
    return "P3"


def screen_text(
    text: str,
    *,
    config: ScreeningConfig | None = None,
    recent_texts: Iterable[tuple[str, str]] = (),
    recent_similar_count: int = 0,
) -> ScreeningResult:
    """Screen one story; return its signals, queue priority, lane and language.

    `text` is the NFC-normalised story and every span indexes it. `recent_texts` are (id, text)
    pairs of recent stories to compare with; `recent_similar_count` is how many similar stories
    the caller saw inside its flood window.
    """
    config = config or _default_config()
    lowered = _lower_keeping_length(text)

    emails = _find_emails(text, lowered)
    urls = [(s, host) for s, host in _find_urls(text, lowered) if not _overlaps_any(s.start, s.end, emails)]
    url_signals = [s for s, _ in urls]
    handles = [s for s in _find_handles(text, lowered) if not _overlaps_any(s.start, s.end, emails + url_signals)]
    id_numbers = _find_id_numbers(text, lowered)
    phones = [s for s in _find_phones(text, config) if not _overlaps_any(s.start, s.end, id_numbers)]
    # A digit run that libphonenumber reads as a phone number is a phone number, not a card.
    id_numbers = [s for s in id_numbers if not (s.reason.startswith("payment") and _overlaps_any(s.start, s.end, phones))]
    addresses = _find_addresses(text, lowered)
    taken = emails + url_signals + handles + addresses
    names = [s for s in _find_person_names(text, lowered, config) if not _overlaps_any(s.start, s.end, taken)]

    signals = [
        *phones, *emails, *url_signals, *handles, *addresses, *id_numbers, *names,
        *_find_crisis(text, lowered, config),
        *_find_abuse(text, lowered),
        *_find_spam(text, lowered, urls, phones, config),
        *_find_duplicates(text, recent_texts, config),
    ]
    if recent_similar_count >= config.flood_threshold:
        signals.append(Signal("flood", 0, len(text), 0.9, f"{recent_similar_count} similar stories in the flood window"))
    signals.sort(key=lambda s: (s.start, s.end, s.type))

    types = {s.type for s in signals}
    crisis = "crisis" in types
    to_spam_lane = (
        any(s.type == "spam" and s.confidence >= config.spam_lane_min_confidence for s in signals)
        or "flood" in types
        or any(s.type == "duplicate" and s.confidence >= 1.0 for s in signals)
    )
    language, language_confidence = detect_language(text, config)
    return ScreeningResult(
        signals=tuple(signals),
        priority=_priority(types),
        lane="spam" if to_spam_lane and not crisis else "queue",
        language=language,
        language_confidence=language_confidence,
        crisis=crisis,
    )


def count_similar(text: str, others: Iterable[str], *, config: ScreeningConfig | None = None) -> int:
    """Count how many of `others` are exact or near duplicates of `text` (the caller's flood count)."""
    config = config or _default_config()
    if len(text.strip()) < config.duplicate_min_chars:
        return 0
    mine = _normalise_for_duplicates(text)
    candidates = [
        _normalise_for_duplicates(other) for other in others if len(other.strip()) >= config.duplicate_min_chars
    ]
    return len(process.extract(mine, candidates, scorer=fuzz.ratio, score_cutoff=config.near_duplicate_min_ratio,
                               limit=None))
