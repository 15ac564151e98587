"""Find case, ID, social security and payment card numbers."""

from __future__ import annotations

import re

from moderation.detectors.signals import Signal
from moderation.detectors.text import drop_overlaps, preceded_by

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
_NON_DIGITS = re.compile(r"\D")
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


def find_id_numbers(text: str, lowered: str) -> list[Signal]:
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
            if preceded_by(text, m.start(), "#&") or _YEAR.fullmatch(value):
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
        if preceded_by(text, m.start(), "+") or (m.end() < len(text) and text[m.end()].isdigit()):
            continue
        digits = _NON_DIGITS.sub("", m.group())
        if 13 <= len(digits) <= 19 and _luhn_ok(digits):
            signals.append(Signal("id_number", m.start(), m.end(), 0.9, "payment card-like number"))
    return drop_overlaps(signals)


