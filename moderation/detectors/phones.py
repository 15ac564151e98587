"""Find phone numbers: digit runs that libphonenumber reads as a number of one of the configured regions."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

import phonenumbers

from moderation.detectors.config import ScreeningConfig
from moderation.detectors.signals import Signal
from moderation.detectors.text import drop_overlaps
from moderation.detectors.tokens import strip_accents
from moderation.detectors.wordlists import helpline_set

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


# Numbers libphonenumber does not call valid are still someone's number in a story: a number in a range
# kept for films ("+44 7700 900123"), a local number without its area code ("his number 555 0172").
_INTERNATIONAL = re.compile(r"(?<![\w+])\+\d{1,3}(?:[ \t.\-–]?\(?\d+\)?){2,6}(?![\w])")
_CONTACT_WORD_BEFORE = re.compile(
    r"(?:\b(?:number|phone|cell|mobile|call|called|text|texted|ring|tel|whatsapp|"
    r"digits|num|hmu|numero|número|telefono|teléfono|movil|móvil|cel|celular|llama|llámame|llamame|llamaba|"
    r"portable|numéro|appelle|appelez|appelait|tél)|#)\W{1,3}(?:(?:is|es|est|at|on|al|au|from|de|me|c['’]est|le|el|"
    r"r|are|was|era|était)\s+){0,3}$"
)
# Written like a local number ("555-0192"), a number may stand a few words after the contact word.
_CONTACT_WORD_A_FEW_WORDS_BEFORE = re.compile(
    r"\b(?:call|text|ring|whatsapp|llama|llámame|llamame|llamen|llamar|escribe|appelle|appelez|appeler|texto|sms|"
    r"phone|number|tel|teléfono|telefono|número|numero|numéro|tél|cel|celular|line|línea|linea|ligne|fax|contact|contacto)\b"
    r"(?:\W+[\w'’]+){1,4}\W+$"
)
# A range of counted things is no number: "1200-1500 words", "3000-4000 euros".
_COUNTED_AFTER = re.compile(
    r"\s*(?:words?|pages?|people|times|dollars?|euros?|pounds?|pesos?|km|miles?|palabras|páginas|personas|veces|"
    r"mots|personnes|fois)\b"
)
# Seven digits (US "555-0192") or eight (Buenos Aires, Mexico City, Bogotá: "4321-5500") without an area code.
_LOCAL_NUMBER = re.compile(r"(?<![\w+])\d{3,4}[ .\-–]?\d{4}(?![\w])")
# An extension after the number: "4321-5500 interno 12", "ext. 204", "poste 31".
_EXTENSION = re.compile(r"[ ,]*(?:ext|extension|extensión|interno|int|poste|x)\.?\s?\d{1,5}(?!\w)")


def _possible_numbers(text: str, found: dict) -> list[tuple[int, int]]:
    """Spans of numbers libphonenumber did not read as valid but that are possible numbers of someone."""
    spans = []
    taken = list(found)
    if "+" in text:
        for m in _INTERNATIONAL.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            try:
                number = phonenumbers.parse(m.group(), None)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_possible_number(number):
                spans.append(m.span())
    for m in _LOCAL_NUMBER.finditer(text):
        if any(m.start() < e and s < m.end() for s, e in taken + spans):
            continue
        before = text[max(0, m.start() - 40):m.start()].lower()
        separator = m.group()[len(m.group()) - 5]
        if _COUNTED_AFTER.match(text, m.end()):
            continue
        if (len(m.group()) <= 8 and _CONTACT_WORD_BEFORE.search(before)) or (
                separator in "-." and _CONTACT_WORD_A_FEW_WORDS_BEFORE.search(before)):
            spans.append(m.span())  # "his number 555 0172", "text me 555-0172", "mi movil 6123 4455"
    return spans


# Words that tell a free number (libphonenumber's TOLL_FREE: 0800/0808, 900, 1-800 ...) is a helpline or
# a service, which the configured list of helplines cannot all name. Not "free", "support" or "hotline":
# spam says those too ("free consultation, call 1-800-...", "the injury hotline").
_HELP_WORDS = re.compile(
    r"(?i)\b(?:help\s?lines?|lifeline|crisis|samaritans|confidential|"
    r"l[ií]nea|fundaci[oó]n|asociaci[oó]n|confidencial|ayuda|apoyo|"
    r"ligne|num[ée]ro\s+vert|association|[ée]coute|anonyme|aide)\b"
)


def find_phones(text: str, config: ScreeningConfig) -> list[Signal]:
    helplines = helpline_set(config.helpline_numbers)
    found: dict[tuple[int, int], tuple[set, set]] = {}
    helpline_reads: list[tuple[int, int]] = []  # free lines told as help: no one's phone
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
                if phonenumbers.number_type(match.number) == phonenumbers.PhoneNumberType.TOLL_FREE \
                        and _HELP_WORDS.search(text, max(0, at + match.start - 90), min(len(text), at + match.end + 50)):
                    helpline_reads.append((at + match.start, at + match.end))
                    continue  # "rape crisis is 0808 500 2222", "la fundación tiene el 900 20 20 10": a free line
                numbers, regions = found.setdefault((at + match.start, at + match.end), (set(), set()))
                numbers.add(phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164))
                numbers.add(str(match.number.national_number))
                regions.add(phonenumbers.region_code_for_number(match.number) or region)
    for start, end in _possible_numbers(text, found):
        if any(start < h_end and h_start < end for h_start, h_end in helpline_reads):
            continue
        digits = _NON_DIGITS.sub("", text[start:end])
        found[(start, end)] = ({digits, "+" + digits}, {"?"})  # so a helpline written this way stays out too
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
        extension = _EXTENSION.match(text, end)
        if extension:
            end = extension.end()  # the redaction takes the extension too
        if regions == {"?"}:
            signals.append(Signal("phone", start, end, 0.7, "possible phone number (not a number in service)"))
            continue
        confidence = 0.95 if raw.lstrip("(").startswith(("+", "00")) else 0.85
        signals.append(Signal("phone", start, end, confidence, f"phone number ({'/'.join(sorted(regions))})"))
    return drop_overlaps(signals)  # overlapping readings of one run: keep the longest




# --------------------------------------------------------------------------- numbers written out

# Number words of English, Spanish and French (accents removed): "five five five", "seis doce
# treinta y cuatro", "zéro six douze". Values 0-9 are digits, 10-19 and the tens are two digits.
_NUMBER_WORDS = {
    **dict.fromkeys(("zero", "oh", "cero", "zéro", "zero"), 0),
    **dict.fromkeys(("one", "uno", "una", "un", "une"), 1),
    **dict.fromkeys(("two", "dos", "deux"), 2),
    **dict.fromkeys(("three", "tres", "trois"), 3),
    **dict.fromkeys(("four", "cuatro", "quatre"), 4),
    **dict.fromkeys(("five", "cinco", "cinq"), 5),
    **dict.fromkeys(("six", "seis"), 6),
    **dict.fromkeys(("seven", "siete", "sept"), 7),
    **dict.fromkeys(("eight", "ocho", "huit"), 8),
    **dict.fromkeys(("nine", "nueve", "neuf"), 9),
    **dict.fromkeys(("ten", "diez", "dix"), 10),
    **dict.fromkeys(("eleven", "once", "onze"), 11),
    **dict.fromkeys(("twelve", "doce", "douze"), 12),
    **dict.fromkeys(("thirteen", "trece", "treize"), 13),
    **dict.fromkeys(("fourteen", "catorce", "quatorze"), 14),
    **dict.fromkeys(("fifteen", "quince", "quinze"), 15),
    **dict.fromkeys(("sixteen", "dieciseis", "seize"), 16),
    **dict.fromkeys(("seventeen", "diecisiete"), 17),
    **dict.fromkeys(("eighteen", "dieciocho"), 18),
    **dict.fromkeys(("nineteen", "diecinueve"), 19),
    **dict.fromkeys(("twenty", "veinte", "vingt"), 20),
    **dict.fromkeys(("thirty", "treinta", "trente"), 30),
    **dict.fromkeys(("forty", "cuarenta", "quarante"), 40),
    **dict.fromkeys(("fifty", "cincuenta", "cinquante"), 50),
    **dict.fromkeys(("sixty", "sesenta", "soixante"), 60),
    **dict.fromkeys(("seventy", "setenta", "septante"), 70),  # Belgian and Swiss French
    **dict.fromkeys(("eighty", "ochenta", "huitante", "octante"), 80),
    **dict.fromkeys(("ninety", "noventa", "nonante"), 90),
    **{f"veinti{w}": 20 + v for w, v in (("uno", 1), ("dos", 2), ("tres", 3), ("cuatro", 4), ("cinco", 5),
                                          ("seis", 6), ("siete", 7), ("ocho", 8), ("nueve", 9))},
}
_REPEAT_WORDS = {"double": 2, "triple": 3, "doble": 2}
_JOINERS = frozenset({"y", "et", "and"})
_NUMBER_RUN_WORD = re.compile(r"[^\W_]+")
# Between the words of a number: spaces, dashes, dots inside it, slashes, commas ("five five five, one two...");
# a list of ages in digits ("8, 12, 14") is kept out below: digit groups with commas are no number.
_NUMBER_GAP = re.compile(r"(?:[ \t\-–/,]|\.(?!\s))*")
_HINT_WORDS = re.compile(
    r"\b(?:zero|oh|cero|zéro|one|two|three|four|five|six|seven|eight|nine|uno|dos|tres|cuatro|cinco|seis|siete|"
    r"ocho|nueve|deux|trois|quatre|cinq|sept|huit|neuf|douze|onze|treize|quinze|vingt|trente|quarante|"
    r"cinquante|soixante|septante|huitante|octante|nonante|doce|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa)\b"
)


_YEAR_LIKE = re.compile(r"(?:19|20)\d\d")
# Four single digits in a row, spaced, dashed or dotted ("6 1 2 5", "6-1-2-5", "4.1.5.5"): worth reading runs.
_SPACED_DIGITS = re.compile(r"\d[\s.\-–]\d[\s.\-–]\d[\s.\-–]\d")


def _number_value(word: str) -> tuple[str, int] | None:
    folded = strip_accents(word)
    if word.isdigit():
        return "digits", 0
    if folded in _NUMBER_WORDS:
        return "number", _NUMBER_WORDS[folded]
    if folded in _REPEAT_WORDS:
        return "repeat", _REPEAT_WORDS[folded]
    if folded in _JOINERS:
        return "joiner", 0
    if folded in ("quatre-vingt", "quatre-vingts"):
        return "number", 80
    if folded in ("soixante-dix",):
        return "number", 70
    if folded in ("quatre-vingt-dix",):
        return "number", 90
    return None


def _digits_of(run: list[tuple[str, str, int]]) -> tuple[str, int]:
    """Return the digits a run of number words and digit groups says, and how many words it had."""
    out, pending, repeat, words = [], None, 1, 0
    for kind, raw, value in run:
        if kind == "joiner":
            continue
        if kind == "repeat":
            repeat = value
            continue
        if kind == "digits":
            if pending is not None:
                out.append(str(pending))
                pending = None
            out.append(raw * repeat)
            repeat = 1
            continue
        words += 1
        if pending is not None and ((pending % 10 == 0 and pending >= 20 and value < 10)
                                    or (pending in (60, 80) and 10 <= value < 20)):
            out.append(str(pending + value))
            pending = None
            continue
        if pending is not None:
            out.append(str(pending))
            pending = None
        if value >= 20 and value % 10 == 0:
            pending = value  # "thirty" may go on with "four"
        else:
            out.append(str(value) * repeat)
        repeat = 1
    if pending is not None:
        out.append(str(pending))
    return "".join(out), words


def find_written_out_phones(text: str, lowered: str) -> list[Signal]:
    """Find phone numbers spelled out in words or spaced digit by digit, in English, Spanish and French.

    "five five five, one two three four" is 7 digits; "zéro six douze trente-quatre cinquante-six
    soixante-dix-huit" is a French mobile; "6 1 2 3 4 5 6 7 8" is nine single digits. A run needs
    at least 9 digits, or 7 when all of it is words or a contact word is said just before it ("his
    number was 5 5 5 0 1 4 7"): ages and dates written out are shorter.
    """
    has_words = bool(_HINT_WORDS.search(lowered))
    if not has_words and not _SPACED_DIGITS.search(text):
        return []
    signals = []
    run: list[tuple[str, str, int]] = []
    run_start = run_end = 0
    position = 0
    run_has_comma = [False]

    def close():
        if not run:
            return
        digits, words = _digits_of(run)
        singles = sum(1 for kind, raw, _ in run if kind == "digits" and len(raw) <= 2)
        groups = sum(1 for kind, _, _ in run if kind == "digits")
        spaced = groups and singles * 2 >= groups and groups >= 5 and not run_has_comma[0]
        if words and any(kind == "digits" and len(raw) >= 3 for kind, raw, _ in run) and (
                len(digits) < 9 or any(kind == "digits" and _YEAR_LIKE.fullmatch(raw) for kind, raw, _ in run)):
            return  # "1998-2003. five years": years beside number words; "555 eight six seven 5309" is a number
        after_contact_word = len(digits) >= 7 and bool(_CONTACT_WORD_BEFORE.search(lowered[max(0, run_start - 40):run_start]))
        if 7 <= len(digits) <= 15 and (words or spaced) and (len(digits) >= 9 or (words and not groups) or after_contact_word):
            reason = "phone number written in words" if words else "phone number spaced digit by digit"
            signals.append(Signal("phone", run_start, run_end, 0.8, reason))

    for m in _NUMBER_RUN_WORD.finditer(lowered):
        gap = lowered[position:m.start()]
        word = m.group()
        # "trente-quatre" is one number: look at a hyphenated French compound as a whole first.
        value = _number_value(word)
        contiguous = run and _NUMBER_GAP.fullmatch(gap)
        if value is None or (not run and value[0] == "joiner") or (run and not contiguous):
            close()
            run = []
            run_has_comma[0] = False
        elif run and "," in gap:
            run_has_comma[0] = True
        if value is not None and not (not run and value[0] == "joiner"):
            if not run:
                run_start = m.start()
            run.append((value[0], word, value[1]))
            if value[0] != "joiner":
                run_end = m.end()
        position = m.end()
    close()
    return signals
