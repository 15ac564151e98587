"""Find phone numbers: digit runs that libphonenumber reads as a number of one of the configured regions."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

import phonenumbers

from moderation.detectors.config import ScreeningConfig
from moderation.detectors.signals import Signal
from moderation.detectors.text import drop_overlaps
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


def find_phones(text: str, config: ScreeningConfig) -> list[Signal]:
    helplines = helpline_set(config.helpline_numbers)
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
    return drop_overlaps(signals)  # overlapping readings of one run: keep the longest


