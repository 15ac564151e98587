"""Find street addresses and postcodes (US, UK, Spanish, French and German formats)."""

from __future__ import annotations

import re

from moderation.detectors.signals import Signal
from moderation.detectors.text import LOWER, UPPER, drop_overlaps, overlaps_any, preceded_by, strip_trailing
from moderation.detectors.tokens import strip_accents
from moderation.detectors.wordlists import ordinary_words

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
    signals += find_lowercase_addresses(text, lowered)
    for m in _POSTCODE_ONLY.finditer(text):
        if not overlaps_any(m.start(), m.end(), signals):
            signals.append(Signal("address", m.start(), m.end(), 0.6, "postcode"))
    return drop_overlaps(signals)




# --------------------------------------------------------------------------- lower case and whole spans

# Addresses as people type them on phones: lower case, abbreviated, with the flat, the floor, the
# door, the postcode and the town. The span must cover it all: a redaction that leaves the house
# number or the town publishes them. The street is found first, then the span grows over what follows.
_L = "a-zà-öø-ÿ"
_EN_TYPES = (
    r"street|st|road|rd|avenue|ave|av|lane|ln|drive|dr|boulevard|blvd|court|ct|place|pl|terrace|terr|close|"
    r"crescent|cres|way|parkway|pkwy|highway|hwy|square|sq|grove|gardens|gdns|row|mews|circle|cir|trail|walk|"
    r"hill|park|green|rise|view"
)
_EN_STREET = re.compile(
    rf"\b(\d{{1,5}}(?:-\d{{1,5}})?[a-z]?)[,]?\s+((?:(?:[{_L}][{_L}0-9'’.\-]*|\d+(?:st|nd|rd|th))\s+){{0,3}}?"
    rf"(?:[{_L}][{_L}'’.\-]*|\d+(?:st|nd|rd|th)))\s+(?:{_EN_TYPES})\b\.?"
)
_FR_TYPES = (
    r"rue|r\.|avenue|av\.?|ave|boulevard|bd|bvd|blvd|place|pl\.?|impasse|imp\.?|allée|allee|all\.|chemin|ch\.|"
    r"route|rte|quai|cours|passage|square|voie|sentier|hameau|lotissement|lot\.|résidence|residence|cité|cite"
)
_FR_STREET = re.compile(rf"\b(\d{{1,4}})(?:\s?(?:bis|ter|b))?[,]?\s+({_FR_TYPES})\s+(?=[{_L}])")
# Street types that are everyday words too ("2 cours de maths", "5 minutes walk", "vía whatsapp"):
# in lower case they make an address only with a postcode, a unit or a town after a comma.
_AMBIGUOUS_TYPES = frozenset(
    "cours place pl pl. route passage voie square cite residence hameau sentier lotissement "
    "way park green view rise walk hill close "
    "via camino ronda".split()
)
# Counted things are no street names: "5 minutes walk", "3 years ago park".
_QUANTITY_WORDS = frozenset(strip_accents(w) for w in (
    "minutes minute hours hour days day weeks week months month years year times people men women kids "
    "miles mile km blocks block steps feet meters metres euros dollars pounds of "
    "minutos horas dias semanas meses anos veces personas metros cuadras "
    "heures jours semaines mois ans fois personnes metres"
).split())
_UNIT_BEFORE = re.compile(
    r"\b(?:(?:flat|apt|apartment|unit|suite|room|#)\.?\s*#?\d{1,4}[a-z]?|\d{1,2}(?:st|nd|rd|th)\s+floor)\s*,?\s*$"
)
_AT_BEFORE = re.compile(r"\b(?:at|on|to|lives?|lived|living|address|vive|vivía|vivia|en|au|habite|habitait)\s+$")
_DIRECTION = re.compile(r"\s+(?:nw|ne|sw|se|n|s|e|w)\b\.?")
_ES_TYPES = (
    r"calle|c/|c\.|cl\.|avenida|avda\.?|av\.?|paseo|p[ºo°]\.?|plaza|pza\.?|pl\.|carrer|camino|cmno\.?|"
    r"carretera|ctra\.?|ronda|rda\.?|travesía|travesia|trav\.?|callejón|callejon|calzada|bulevar|glorieta|"
    r"urbanización|urbanizacion|urb\.?|colonia|col\.?|rambla|vía|via"
)
_ES_STREET = re.compile(rf"(?<![\w/])(?:{_ES_TYPES})(?:(?<=[./])\s*|\s+)(?=[{_L}])")
_NAME_WORD = re.compile(rf"[{_L}][{_L}0-9'’.\-]*(?![º°ª\w])")
_STREET_PARTICLES = frozenset("de del la las los el d l des du le les y san santa saint sainte st".split())
# Words that end a street name: what comes after an address in a sentence.
_STOP = frozenset(strip_accents(w) for w in (
    "and or but where when while with near by for to from in on at it i he she we they you my his her the a an "
    "was is were had has have that this there then so if because who which "
    "y o pero donde cuando con cerca para por en que el ella yo tu mi su es era fue hay al "
    "et ou mais où quand avec près pour par dans que qui il elle je tu mon ma son sa est était à au "
    "since until last after before during ago now then every "
    "desde hasta durante antes despues luego ahora cada hace "
    "depuis jusqu avant après pendant maintenant chaque "
    "n no nº num numero"
).split())
_UNIT = re.compile(
    r"[,]?\s*(?:(?:apt|apartment|unit|suite|ste|flat|fl|floor|#|no|num|"
    r"piso|planta|puerta|pta|esc|escalera|portal|bloque|dpto|depto|departamento|"
    r"bât|bat|bâtiment|batiment|esc|escalier|étage|etage|appt?|appartement|porte|interphone|code)\.?\s*[#nº°]?\s*"
    r"[0-9]{1,4}[a-z]?\b(?:\s*(?:izq|izquierda|izda|dcha|dch|derecha|centro|ctro)\b\.?)?"
    r"|\d{1,2}\s?(?:[ºª°o]|er|e|ème|eme|st|nd|rd|th)?\s*(?:floor|piso|planta|étage|etage)\b"
    r"|\d{1,2}\s?[ºª°]\s?[a-z]?\b(?:\s*(?:izq|izquierda|izda|dcha|dch|derecha|centro)\b\.?)?"
    r"|\d{1,2}\s?(?:izq|izquierda|izda|dcha|dch|derecha|centro)\b\.?"
    r"|(?:bajo|ático|atico|entresuelo|principal|rdc|rez-de-chaussée)\b(?:\s*[a-z]\b)?)"
)
_ES_NUMBER = re.compile(r"[,]?\s*(?:n[ºo°]\.?\s*|num\.?\s*|número\s+|numero\s+|#\s*)?(\d{1,4}[a-z]?)\b(?!\s*(?:veces|años|anos|días|dias|horas|minutos|meses|semanas|km|metros))")
_US_STATE = (
    r"al|ak|az|ar|ca|co|ct|de|fl|ga|hi|id|il|in|ia|ks|ky|la|me|md|ma|mi|mn|ms|mo|mt|ne|nv|nh|nj|nm|ny|nc|nd|oh|"
    r"ok|or|pa|ri|sc|sd|tn|tx|ut|vt|va|wa|wv|wi|wy|dc"
)
_POSTCODE = re.compile(
    rf"[,]?\s*(?:(?:{_US_STATE})\.?\s+\d{{5}}(?:-\d{{4}})?\b|\d{{5}}(?:-\d{{4}})?\b"
    rf"|[a-z]{{1,2}}\d[a-z\d]?\s?\d[a-z]{{2}}\b)"
)
_TOWN = re.compile(
    rf"[,]?\s*\(?([{_L}][{_L}'’\-]+(?![\w])(?:[ \-](?:de|del|la|le|les|sur|en|upon|on|sous|y|the)?[ \-]?[{_L}][{_L}'’\-]+(?![\w])){{0,2}})\)?"
)
_STATE_AFTER_TOWN = re.compile(rf"[,]?\s*(?:{_US_STATE})\b\.?(?:\s+\d{{5}}(?:-\d{{4}})?)?")


def _street_name_end(text: str, position: int, max_words: int = 5) -> int | None:
    """Read a street name ("de la paix", "mayor", "des lilas") from `position`; return where it ends."""
    end, words = None, 0
    while words < max_words:
        m = _NAME_WORD.match(text, position)
        if m is None:
            break
        word = strip_accents(m.group().rstrip("."))
        if word in _STREET_PARTICLES:
            position = m.end()
            gap = re.match(r"['’]?\s*", text[position:])
            position += gap.end()
            continue
        if word in _STOP and words:
            break
        end = m.end()
        words += 1
        gap = re.match(r"[ \t]+", text[end:])
        if gap is None:
            break
        position = end + gap.end()
    return end


def _grow(text: str, end: int, *, town_needs_comma: bool) -> tuple[int, bool]:
    """Extend an address span over a unit, a floor, a postcode and a town that follow it.

    Return the new end and whether anything but the street was found (for ambiguous street types).
    """
    start = end
    while True:
        m = _UNIT.match(text, end)
        if m is None or m.end() == end:
            break
        end = m.end()
    unit = end > start
    postcode = _POSTCODE.match(text, end)
    if postcode:
        end = postcode.end()
    town = _TOWN.match(text, end)
    if town:
        first = strip_accents(town.group(1).split()[0])
        comma = "," in text[end:town.start(1)] or "(" in text[end:town.start(1)]
        postcode_after = _POSTCODE.match(text, town.end(1))
        # A town's name is rarely an everyday word: "... high st leeds", not "... high st tonight".
        proper = first not in ordinary_words() and len(first) > 2
        # "... elm st springfield il": a US state closes a town that stands at the end of a clause.
        state_after = re.match(rf"[ \t]+(?:{_US_STATE})\b\.?(?:\s+\d{{5}}|\s*(?:[,.;!?)]|$)"
                               rf"|\s+(?:and|where|with|when|in|near|for|until|since|but|so|before|after|then)\b)",
                               text[town.start(1) + len(town.group(1).split()[0]):])
        if first not in _STOP and (comma or postcode or unit or postcode_after or proper or state_after
                                   or not town_needs_comma):
            words = town.group(1).split()
            # A state or a postcode right after the town closes it: "san francisco ca 94105".
            closed = bool(postcode_after) or bool(re.match(rf"[,]?\s*(?:{_US_STATE})\b\.?\s+\d{{5}}", text[town.end(1):]))
            kept = []
            ordinary = ordinary_words()
            for word in words:
                folded = strip_accents(word)
                if folded in _STOP and word not in ("de", "la", "le", "sur", "en"):
                    break
                if kept and folded in ordinary and folded not in _STREET_PARTICLES and not closed:
                    break  # "madrid con", "paris depuis": the sentence goes on
                kept.append(word)
            if kept:
                end = town.start(1) + len(" ".join(kept))
                if text[end:end + 1] == ")":
                    end += 1
                state = _STATE_AFTER_TOWN.match(text, end)
                if state and state.end() > end:
                    end = state.end()
                later = _POSTCODE.match(text, end)
                if later:
                    end = later.end()
                    postcode = later
                return end, True
    return end, bool(unit or postcode)


def find_lowercase_addresses(text: str, lowered: str) -> list[Signal]:
    """Find addresses in any case with their whole span (US/UK number first, French, Spanish)."""
    signals = []
    for m in _EN_STREET.finditer(lowered):
        number = m.group(1)
        if re.fullmatch(r"(?:19|20)\d\d", number) and _YEAR_BEFORE_STREET.search(lowered, max(0, m.start() - 7), m.start()):
            continue
        words = m.group(2).split()
        if any(strip_accents(w) in _STOP or strip_accents(w) in _QUANTITY_WORDS for w in words):
            continue  # "5 of us went to the park", "10 minutes walk": no street name
        street_end = m.end()
        direction = _DIRECTION.match(lowered, street_end)
        if direction:
            street_end = direction.end()
        end, more = _grow(lowered, street_end, town_needs_comma=True)
        start = m.start()
        unit_before = _UNIT_BEFORE.search(lowered, max(0, start - 30), start)
        if unit_before:
            start, more = unit_before.start(), True  # "flat 2, 14 high street"
        kind = m.group().rstrip(".").split()[-1]
        if (kind in _AMBIGUOUS_TYPES and not more and lowered[m.start():m.end()] == text[m.start():m.end()]
                and not _AT_BEFORE.search(lowered, max(0, m.start() - 12), m.start())):
            continue  # lower case and nothing else says "address"
        signals.append(Signal("address", start, end, 0.8, "street address"))
    for m in _FR_STREET.finditer(lowered):
        name_end = _street_name_end(lowered, m.end())
        if name_end is None:
            continue
        end, more = _grow(lowered, name_end, town_needs_comma=True)
        if strip_accents(m.group(2)) in _AMBIGUOUS_TYPES and not more:
            continue
        signals.append(Signal("address", m.start(), end, 0.8, "street address"))
    for m in _ES_STREET.finditer(lowered):
        if preceded_by(lowered, m.start(), "_"):
            continue
        name_end = _street_name_end(lowered, m.end())
        if name_end is None:
            continue
        number = _ES_NUMBER.match(lowered, name_end)
        if number is None:
            continue  # "la calle mayor" without a number is a street, not an address
        end, more = _grow(lowered, number.end(), town_needs_comma=True)
        if strip_accents(m.group().strip()) in _AMBIGUOUS_TYPES and not more:
            continue
        signals.append(Signal("address", m.start(), end, 0.8, "street address"))
    return signals
