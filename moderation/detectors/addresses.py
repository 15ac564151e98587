"""Find street addresses and postcodes (US, UK, Spanish, French and German formats)."""

from __future__ import annotations

import re

from moderation.detectors.signals import Signal
from moderation.detectors.text import LOWER, UPPER, drop_overlaps, overlaps_any, preceded_by, strip_trailing

_CAP_WORD = rf"(?:[{UPPER}][{LOWER}'’\-]*\.?|\d+(?:st|nd|rd|th))"
_UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}"
_EN_STREET_TYPES = (
    "Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Place|Pl|Terrace|Close|"
    "Crescent|Way|Parkway|Pkwy|Highway|Hwy|Square|Sq|Grove|Gardens|Row|Mews|Circle|Cir|Trail|Walk|Hill"
)
_EN_ADDRESS = re.compile(
    rf"\b\d{{1,5}}[A-Za-z]?,?\s+(?:{_CAP_WORD}\s+){{1,3}}(?:{_EN_STREET_TYPES})\b\.?"
    rf"(?:,\s*[{UPPER}][{LOWER}]+(?:\s[{UPPER}][{LOWER}]+)?)?"
    rf"(?:,?\s+(?:[A-Z]{{2}}\s+\d{{5}}(?:-\d{{4}})?|{_UK_POSTCODE}))?"
)
_FR_STREET_TYPES = (
    r"rue|avenue|av\.|boulevard|bd|place|impasse|allée|chemin|route|quai|cours|passage|square|voie|"
    r"rond-point|sentier|hameau|lotissement"
)
_FR_PARTICLE = r"(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’]|la\s+|le\s+|les\s+|l['’])"
_FR_ADDRESS = re.compile(
    rf"\b\d{{1,4}}(?:\s?(?:bis|ter))?,?\s+(?i:{_FR_STREET_TYPES})\s+"
    rf"{_FR_PARTICLE}?[{UPPER}][\w'’\-]*(?:\s+{_FR_PARTICLE}?[{UPPER}][\w'’\-]*)*"
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
    rf"{_TYPE_FIRST_PARTICLE}?[{UPPER}][\w'’\-]*(?:\s+{_TYPE_FIRST_PARTICLE}?[{UPPER}][\w'’\-]*){{0,4}}"
    rf",?\s*(?:(?:n[º°o]\.?|número|numéro|number|num\.?|no\.)\s*)?\d{{1,5}}\b"
    rf"(?!\s*(?:veces|vez|años|días|horas|minutos|meses|semanas|fois|ans|times|days|weeks|months|years|hours|"
    rf"minutes|people))"
)
_DE_ADDRESS = re.compile(
    rf"[{UPPER}][{LOWER}]+(?:straße|strasse|str\.|weg|gasse|allee|platz|ring|damm|ufer)\s+\d{{1,4}}[a-z]?\b"
)
_DE_STREET_HINT = re.compile(r"(?:straße|strasse|str\.|weg|gasse|allee|platz|ring|damm|ufer)\s+\d")
_YEAR_BEFORE_STREET = re.compile(r"\b(?:in|by|of|since|until|from|en|desde)\s+$", re.IGNORECASE)
_POSTCODE_ONLY = re.compile(rf"\b{_UK_POSTCODE}\b")


def find_addresses(text: str, lowered: str) -> list[Signal]:
    signals = []
    for m in _EN_ADDRESS.finditer(text):
        number = m.group().split(None, 1)[0]
        if re.fullmatch(r"(?:19|20)\d\d", number) and _YEAR_BEFORE_STREET.search(text, max(0, m.start() - 7), m.start()):
            continue  # "In 2010 Oxford Street was packed"
        signals.append(Signal("address", m.start(), strip_trailing(text, m.start(), m.end()), 0.85, "street address"))
    for m in _FR_ADDRESS.finditer(text):
        signals.append(Signal("address", m.start(), strip_trailing(text, m.start(), m.end()), 0.85, "street address"))
    if _TYPE_FIRST_HINT.search(lowered):
        for m in _TYPE_FIRST_ADDRESS.finditer(text):
            if not preceded_by(text, m.start(), "_"):
                signals.append(Signal("address", m.start(), m.end(), 0.85, "street address"))
    if _DE_STREET_HINT.search(lowered):
        for m in _DE_ADDRESS.finditer(text):
            if not preceded_by(text, m.start(), "_"):
                signals.append(Signal("address", m.start(), m.end(), 0.85, "street address"))
    for m in _POSTCODE_ONLY.finditer(text):
        if not overlaps_any(m.start(), m.end(), signals):
            signals.append(Signal("address", m.start(), m.end(), 0.6, "postcode"))
    return drop_overlaps(signals)


