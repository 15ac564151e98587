"""Find postal addresses with their whole span: number, street, unit/floor/door, postcode and town.

A small grammar over the words of the lower-cased text, in any case, with or without commas. A
*core* is found first:

- a number-first street: "1432 w elm st", "flat 3 27 kings rd", "12 bis rue des lilas";
- a type-first street with its number: "calle mayor 14", "c/ san bernardo nº 7", "rue du moulin, n° 7";
- a compound street with its number: "hauptstraße 5";
- a post-office box: "po box 1234", "apartado de correos 45";
- a number, a name and a postcode without a street type: "14 kingsway london wc2b 6st".

Then the span grows over what an address carries after it (units, floors and doors: "apt 4b",
"3º izq", "3e étage", "puerta b", "bât c"; a postcode; a town; a state or province; "cedex"; a
country) and over a unit written before it ("unit 4b, 58 ..."). A redaction that leaves the
house number, the floor or the town out publishes them, so the span must cover it all. The words
of the grammar (street types, unit words, regions) are in `address_words.py`.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left

from moderation.detectors import address_words as W
from moderation.detectors.signals import Signal
from moderation.detectors.text import fold, overlaps_any
from moderation.detectors.word_patterns import trie_pattern

_WORD = re.compile(r"[^\W_]+")
_DIGITS = re.compile(r"\d+")
# How far from a digit an address reaches: "unit 4b, 58 ..." before, "... 28013 madrid" after.
_WINDOW_BEFORE, _WINDOW_AFTER = 60, 80
# A gap between two words that ends a clause: sentence punctuation, a bracket, a dash between spaces.
_BREAK = re.compile(r"[!?;:\n\"«»\[\]]|\s[-–—]\s|\s{3,}")
_HOUSE_NUMBER = re.compile(r"\d{1,5}[a-z]?")
_IDENT = re.compile(r"\d{1,4}[a-z]?|[a-z]|[a-z]\d{1,3}|\d{1,2}(?:st|nd|rd|th|e|er|eme|[ºªo°])[a-z]?")
_FLOOR_NUMBER = re.compile(r"\d{1,2}(?:st|nd|rd|th|e|er|ere|eme|ieme|em|[ºªoa])?")
_SPANISH_FLOOR = re.compile(r"\d{1,2}(?:[ºªoa]|[rnt](?=$))(?:izq|izqda|izda|dcha|dch|drcha|ctro|[a-z])?")  # also "3ºizq"  # "3º", "2ª", "3ºb"; Catalan "4t", "1r"
_DISTRICT = re.compile(r"\d{1,2}(?:e|er|eme)?")
_GLUED_UNIT = re.compile(r"(?:apt|flat|unit|ste|suite|appt|app|piso|pta|esc|bat|porte|puerta)\d{1,4}[a-z]?")
_GLUED_NUMBER = re.compile(r"no\d{1,4}[a-z]?")
_GRID_NUMBER = re.compile(r"\d{1,3}[a-z]?")
_ORDINAL_NAME = re.compile(r"\d{1,3}(?:st|nd|rd|th|e|er|re|eme)")  # "23rd street", "5th ave", Québec's "3e avenue"
_YEAR = re.compile(r"(?:19|20)\d\d")
_POSTCODES = (
    re.compile(r"\d{5}(?:-\d{4})?(?!\w)"),  # US, FR, ES, DE, IT, MX
    re.compile(r"[a-z]{1,2}\d[a-z\d]?\s?\d[a-z]{2}(?!\w)"),  # UK
    re.compile(r"[a-z]\d[a-z]\s?\d[a-z]\d(?!\w)"),  # CA
    re.compile(r"[a-z]\d{2}\s?(?=[a-z\d]*\d)[a-z\d]{4}(?!\w)"),  # IE (Eircode)
    re.compile(r"\d{4}-\d{3}(?!\w)"),  # PT
    re.compile(r"[a-hj-np-z]\d{4}(?:[a-z]{3})?(?!\w)"),  # AR: "c1123", "c1123abc"
)
_POSTCODE_NL = re.compile(r"\d{4}\s?[A-Z]{2}(?!\w)")  # NL, in capitals only: "1017 GC"
_POSTCODE_4 = re.compile(r"\d{4}(?!\w)")  # AU, BE, CH, AT, DK, NO
_CAPITALISED_POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d)\b")
# "a1 2nd" is a grid square and an ordinal, not a postcode; "sw3 4nd" is a postcode.
_ORDINAL_POSTCODE_TAIL = re.compile(r"(?:1st|2nd|3rd|[04-9]th)$")


_BROKEN, _COMMA, _JOINED = 0, 1, 2


class _Words:
    """The words of one text with their spans, folded for look-ups, and what separates them."""

    __slots__ = ("text", "lowered", "starts", "ends", "words", "count", "_links")

    def __init__(self, text: str, lowered: str, windows: list[tuple[int, int]]):
        self.text, self.lowered = text, lowered
        found = [m for start, end in windows for m in _WORD.finditer(lowered, start, end)]
        self.starts = [m.start() for m in found]
        self.ends = [m.end() for m in found]
        self.words = [m.group() for m in found]
        if not lowered.isascii():
            self.words = [w if w.isascii() else fold(w) for w in self.words]
        self.count = len(found)
        self._links: list[int | None] = [None] * self.count  # per word: _BROKEN, _COMMA or _JOINED

    def read_as_numbers(self, spans: list[tuple[int, int]]) -> None:
        """Read each written-out number in `spans` ("thirty-one") as one word, a house number."""
        for start, end in reversed(spans):
            i = self.index_at(start)
            last = self.index_at(end)  # the first word after the number
            if i >= self.count or self.starts[i] != start:
                continue
            self.words[i] = "1"
            self.ends[i] = self.ends[last - 1]
            del self.starts[i + 1:last], self.ends[i + 1:last], self.words[i + 1:last]
        self.count = len(self.words)
        self._links = [None] * self.count

    def gap(self, i: int) -> str:
        """Return what is between word i-1 and word i."""
        return self.lowered[self.ends[i - 1]:self.starts[i]]

    def joined(self, i: int, *, comma: bool = True) -> bool:
        """Tell whether word i goes on from word i-1 (same clause; a comma allowed if `comma`)."""
        if not 0 < i < self.count:
            return False
        link = self._links[i]
        if link is None:
            link = self._links[i] = self._link(i)
        return link == _JOINED or (comma and link == _COMMA)

    def _link(self, i: int) -> int:
        gap = self.gap(i)
        if len(gap) > 4 or _BREAK.search(gap):
            return _BROKEN
        if "." in gap:
            # A full stop ends the sentence ("... on oak road. Nobody") unless it ends an
            # abbreviation ("st.", "izq.", "p.o.") that a capitalised word does not follow.
            before = self.words[i - 1]
            if len(before) > 1 and (before not in _ABBREVIATIONS or (
                    self.text[self.starts[i]].isupper() and before not in _ABBREVIATIONS_BEFORE_A_NAME)):
                return _BROKEN
        return _COMMA if "," in gap else _JOINED

    def index_at(self, position: int) -> int:
        """Return the index of the first word that starts at or after `position`."""
        return bisect_left(self.starts, position)

    def capitalised(self, i: int) -> bool:
        return self.text[self.starts[i]].isupper()


# Abbreviations written before what they name, so a capital after their dot goes on: "Av. Santa Fe",
# "col. Roma", "Fracc. Las Palmas", "boul. Saint-Laurent", "app. 5", "del. Coyoacán".
_ABBREVIATIONS_BEFORE_A_NAME = frozenset(
    "av avda boul bd bld bvd pza ctra cmno pso priv col fracc app appt apt depto dpto bte esc mz mza lt "
    "del alc mpio".split()
)

_ABBREVIATIONS = frozenset(
    w for words in (W.SUFFIX_TYPES, W.PREFIX_TYPES, W.UNIT_WORDS, W.NUMBER_MARKERS, W.DIRECTIONS, W.PO_BOX_WORDS,
                    W.REGIONS, W.SIDES, W.FLOOR_NAMES)
    for w in words if len(w) <= 4
) | W.NEIGHBOURHOOD_WORDS | _ABBREVIATIONS_BEFORE_A_NAME | {"et"}  # "2e ét.", for étage


@functools.cache
def _suffix_types() -> frozenset[str]:
    return W.SUFFIX_TYPES | W.typo_forms(W.SUFFIX_TYPES - W.AMBIGUOUS_SUFFIX_TYPES)


_DIGIT_CHARS = frozenset("0123456789")
_ALL_COMPOUND_SUFFIXES = W.COMPOUND_SUFFIXES + W.COMPOUND_SUFFIXES_CAPITALISED


@functools.cache
def _triggers() -> frozenset[str]:
    """Words that may begin a street or a box (digits aside)."""
    return _prefix_types() | W.PO_BOX_WORDS | W.NUMBER_WORDS | W.GRID_TYPES | {"c", "r"}


@functools.cache
def _prefix_types() -> frozenset[str]:
    return W.PREFIX_TYPES | W.typo_forms(W.PREFIX_TYPES - W.AMBIGUOUS_PREFIX_TYPES)


# --------------------------------------------------------------------------- components after a street

def _postcode_end(ws: _Words, i: int, *, four_digits: bool) -> int | None:
    """Read a postcode starting at word i; return the index after it."""
    if i >= ws.count or not ws.words[i][:1].isalnum():
        return None
    position = ws.starts[i]
    for pattern in _POSTCODES:
        m = pattern.match(ws.lowered, position)
        if m and not (pattern is not _POSTCODES[0] and _ORDINAL_POSTCODE_TAIL.search(m.group())):
            return ws.index_at(m.end())
    m = _POSTCODE_NL.match(ws.text, position)
    if m:
        return ws.index_at(m.end())
    if four_digits:
        m = _POSTCODE_4.match(ws.lowered, position)
        if m:
            return ws.index_at(m.end())
    return None


@functools.cache
def _unit_words() -> frozenset[str]:
    return W.UNIT_WORDS | W.typo_forms(W.UNIT_WORDS)


# Doors written short are no town: "2º ext. dcha, 28004 madrid" ("centro" may be a neighbourhood).
_SIDE_ABBREVIATIONS = frozenset("izq izda izqda dcha dch drcha ctro ext int".split())


def _town_word(ws: _Words, i: int) -> bool:
    if i >= ws.count:
        return False
    word = ws.words[i]
    return (len(word) >= 2 and word.isalpha() and word not in W.STOP and word not in _unit_words() and word not in _SIDE_ABBREVIATIONS
            and word not in W.QUANTITY_WORDS and word != "cedex")


def _town_end(ws: _Words, i: int, *, sure: bool) -> int:
    """Read a town's name from word i (up to four words); return the index after it (i if none).

    `sure`: the place calls for a town (after a postcode); otherwise a second word must look like a
    name (capitalised, joined by a hyphen, or no ordinary word) so that the sentence does not run on.
    """
    from moderation.detectors.wordlists import ordinary_words

    if sure and ws.words[i] in W.ARTICLES and _town_word(ws, i + 1) and ws.joined(i + 1, comma=False):
        i += 1  # "15003 a coruña", "72000 le mans"
    if not _town_word(ws, i):
        return i
    end = i + 1
    while end < ws.count and end - i < 4 and ws.joined(end, comma=False):
        word, gap = ws.words[end], ws.gap(end)
        if "-" in gap or "'" in gap or "’" in gap:
            end += 1
            continue
        if word in W.PARTICLES and _town_word(ws, end + 1) and ws.joined(end + 1, comma=False) \
                and (word != "y" or ws.capitalised(end + 1)):  # "san sebastián y nadie sabía" is a sentence
            end += 2
            continue
        if _town_word(ws, end) and (ws.capitalised(end) or (sure and (word not in ordinary_words() or _closes_after(ws, end)))):
            end += 1
            continue
        break
    return end


def _looks_like_a_name(ws: _Words, i: int) -> bool:
    from moderation.detectors.wordlists import ordinary_words

    return ws.capitalised(i) or ws.words[i] not in ordinary_words()


def _region_end(ws: _Words, i: int) -> int | None:
    """Read a state, province or territory with its postcode ("oh 45402", "vic 3056"); index after."""
    if i >= ws.count or ws.words[i] not in W.REGIONS:
        return None
    after = i + 1
    if ws.joined(after):
        postcode = _postcode_end(ws, after, four_digits=ws.words[i] in W.AU_STATES)
        if postcode:
            return postcode
    if ws.words[i] in W.REGION_CODES_THAT_ARE_WORDS and not ws.text[ws.starts[i]:ws.ends[i]].isupper():
        return None  # "springfield in 2004": a preposition, not Indiana
    if after >= ws.count or not ws.joined(after, comma=False) or ws.words[after] in W.STOP:
        return after  # the state closes the clause: "... springfield il and then"
    return None


def _closes_after(ws: _Words, i: int) -> bool:
    """Tell whether the clause ends after word i (a break, a comma, the end, a word like "and")."""
    after = i + 1
    return after >= ws.count or not ws.joined(after, comma=False) or ws.words[after] in W.STOP


def _after_town(ws: _Words, i: int) -> int:
    """Read what may follow a town: a postcode, a district, "cedex 08", a bracketed province, a country."""
    if ws.joined(i):
        postcode = _postcode_end(ws, i, four_digits=False)
        if postcode:
            i = postcode
        elif _closes_after(ws, i) and ws.joined(i, comma=False) and (
                _DISTRICT.fullmatch(ws.words[i]) or (_POSTCODE_4.fullmatch(ws.words[i]) and not _YEAR.fullmatch(ws.words[i]))
                or (len(ws.words[i]) == 2 and ws.text[ws.starts[i]:ws.ends[i]].isupper() and ws.words[i].isalpha())):
            i += 1  # a district ("dublin 6", "paris 15e"), a postcode ("auckland 1010"), a province ("Roma RM")
            if ws.joined(i) and (postcode := _postcode_end(ws, i, four_digits=False)):
                i = postcode  # "dublin 8, d08 x2p4"
    if i < ws.count and ws.joined(i) and ws.words[i] == "cedex":
        i += 1
        if i < ws.count and ws.joined(i) and ws.words[i].isdigit() and len(ws.words[i]) <= 2:
            i += 1
    if 0 < i < ws.count and ws.gap(i).strip() == "(":
        close = _town_end(ws, i, sure=True)
        if close > i and ws.lowered[ws.ends[close - 1]:ws.ends[close - 1] + 1] == ")":
            i = close
    if i < ws.count and ws.joined(i) and ws.words[i] in W.COUNTRIES and (ws.words[i] not in ("us",) or ws.capitalised(i)):
        i += 1
    elif 0 < i < ws.count and "," in ws.gap(i) and _town_word(ws, i):
        # A province or county after the town, closing the clause: "…, paraná, Entre Ríos", "…, escúzar, granada".
        from moderation.detectors.wordlists import ordinary_words

        district = i + 1
        if district < ws.count and ws.joined(district, comma=False) and ws.words[district].isdigit() \
                and len(ws.words[district]) <= 2 and _closes_after(ws, district):
            return _after_town(ws, district + 1)  # a city and its district after the suburb: "…, clondalkin, dublin 22"

        for end in (i + 2, i + 1):
            if end <= ws.count and all(_town_word(ws, k) and (k == i or ws.joined(k, comma=False)) for k in range(i, end)) \
                    and _closes_after(ws, end - 1) and (
                        all(ws.capitalised(k) or ws.words[k] not in ordinary_words() for k in range(i, end))
                        or " ".join(ws.words[i:end]) in W.PROVINCES):  # "…, 18140 x, granada": a province
                return end
    return i


def _rare_town_closing(ws: _Words, i: int) -> bool:
    """Tell whether word i is a town no dictionary has, or capitalised, that closes the clause: after a
    street, a year-like "2000" before it is a Swiss, Belgian or Australian postcode."""
    from moderation.detectors.wordlists import ordinary_words

    end = _town_end(ws, i, sure=True)
    return end > i and _closes_after(ws, end - 1) and (ws.capitalised(i) or ws.words[i] not in ordinary_words())


def _place_end(ws: _Words, i: int, *, have_more: bool, capitalised: bool) -> tuple[int, bool]:
    """Read a postcode, a town, a region after a street (from word i); return (index after, found)."""
    if not ws.joined(i):
        return i, False
    for lead in (("cp",), ("c", "p"), ("code", "postal"), ("codigo", "postal"), ("zip",)):
        after = i + len(lead)
        if ws.words[i:after] == list(lead) and after < ws.count and ws.joined(after) \
                and _postcode_end(ws, after, four_digits=True):
            i = after  # "cp 28013", "c.p. 06700", "code postal 75019"
            break
    # A neighbourhood before the town: "col. roma norte, cdmx", "barrio san blas, madrid".
    if ws.words[i] in W.NEIGHBOURHOOD_WORDS and i + 1 < ws.count and ws.joined(i + 1, comma=False) \
            and (_town_word(ws, i + 1) or (ws.words[i + 1] in W.ARTICLES and _town_word(ws, i + 2)
                                           and ws.joined(i + 2, comma=False))):  # "barrio el prado"
        end = _town_end(ws, i + 1, sure=True)
        if end > i + 1:
            after, _ = _place_end(ws, end, have_more=True, capitalised=capitalised) if ws.joined(end) else (end, False)
            return _after_town(ws, max(end, after)), True
    # A postcode first, then the town: "75019 paris", "28013 madrid", "1000 bruxelles".
    postcode = _postcode_end(ws, i, four_digits=False)
    word = ws.words[i]
    if (postcode is None and word.isdigit() and len(word) == 4 and _town_word(ws, i + 1) and ws.joined(i + 1, comma=False)
            and (not _YEAR.fullmatch(word) or _rare_town_closing(ws, i + 1))):
        postcode = _postcode_end(ws, i, four_digits=True)  # "1000 bruxelles"; "2000 neuchâtel", not "2010 fue"
    if postcode:
        town = _town_end(ws, postcode, sure=True) if ws.joined(postcode) else postcode
        if town > postcode:
            region = _region_end(ws, town) if ws.joined(town) else None
            return _after_town(ws, region or town), True
        return _after_town(ws, postcode), True
    # A town, then a region or a postcode: "dayton oh 45402", "london sw3 4nd", "halifax, ns b3j 2k9".
    end = i
    for _ in range(4):
        if not _town_word(ws, end) or (end > i and not ws.joined(end)):
            break  # a comma may part the town from its county: "leeds, west yorkshire ls6 2ab"
        end += 1
        if ws.joined(end):
            closing = _region_end(ws, end)
            if closing is None:
                closing = _postcode_end(ws, end, four_digits=False)
                if closing and _town_word(ws, closing) and ws.joined(closing) and _looks_like_a_name(ws, closing):
                    closing = _town_end(ws, closing, sure=True)  # "col juárez 06600 cdmx"
            if closing:
                return _after_town(ws, closing), True
    # A town alone: after a comma, capitalised, or closing the clause. After a street written with
    # capitals, a town has one too ("17 Rosewood Lane used to", "Calle Mayor 14, tercero, justo").
    comma = "," in ws.gap(i)
    if comma and ws.words[i] in W.ARTICLES and len(ws.words[i]) > 1 and _town_word(ws, i + 1) \
            and ws.joined(i + 1, comma=False) and (not capitalised or ws.capitalised(i + 1)):
        end = _town_end(ws, i, sure=True)  # "…, el salto, jal.", "…, la línea"
        if end > i + 1 and _closes_after(ws, end - 1):
            return _after_town(ws, end), True
    if not _town_word(ws, i) or (capitalised and not ws.capitalised(i)):
        return i, False
    from moderation.detectors.wordlists import ordinary_words

    end = _town_end(ws, i, sure=comma or have_more)
    if comma or ws.capitalised(i) or ws.words[i] not in ordinary_words():
        return _after_town(ws, end), True
    # Everyday words that close the clause may be the town ("... elm st springfield.", "... new york"):
    # the span takes them, but they are no evidence that the street is an address.
    for end in (i + 2, i + 1):
        if end <= ws.count and all(_town_word(ws, k) and (k == i or ws.joined(k, comma=False)) for k in range(i, end)) \
                and (end >= ws.count or not ws.joined(end, comma=False) or ws.words[end] in W.STOP):
            return end, False
    return i, False


def _town_after_preposition(ws: _Words, i: int) -> int:
    """Read "à lyon", "in leeds", "en Toledo" after a street: the town, if it looks like one; index after.

    The town must close the clause or be no ordinary word ("12 rue des lilas à lyon, 2e étage"); in
    Spanish, where "en" starts any phrase, it must also be capitalised or no ordinary word.
    """
    from moderation.detectors.wordlists import ordinary_words

    if i + 1 >= ws.count or not ws.joined(i) or ws.words[i] not in ("a", "in", "en") or not ws.joined(i + 1, comma=False):
        return i
    if ws.words[i] == "a" and ws.text[ws.starts[i]] not in "àÀ" and ws.lowered[ws.starts[i]] != "a":
        return i
    if not _town_word(ws, i + 1):
        return i
    end = _town_end(ws, i + 1, sure=False)
    rare = ws.words[i + 1] not in ordinary_words() or ws.capitalised(i + 1)
    if ws.words[i] == "en" and not rare:
        return i
    if rare or _closes_after(ws, end - 1):
        return _after_town(ws, end)
    return i


def _unit_end(ws: _Words, i: int) -> int | None:
    """Read one unit, floor or door from word i ("apt 4b", "3e étage", "3º izq", "bajo b"); index after."""
    if i >= ws.count:
        return None
    word = ws.words[i]
    nxt = i + 1
    if _GLUED_UNIT.fullmatch(word):
        return _side_end(ws, nxt)  # "apt4b", "piso3"
    if word in _unit_words() and nxt < ws.count and ws.joined(nxt, comma=False):
        if ws.words[nxt] in W.NUMBER_MARKERS and nxt + 1 < ws.count and ws.joined(nxt + 1, comma=False):
            nxt += 1
        if _IDENT.fullmatch(ws.words[nxt]) or (word in W.FLOOR_WORDS and ws.words[nxt] in W.ORDINAL_WORDS):
            return _side_end(ws, nxt + 1)
        if ws.words[nxt] in W.SIDES or ws.words[nxt] in W.FLOOR_NAMES:
            return _side_end(ws, nxt + 1)  # "porte gauche", "puerta izquierda", "planta baja"
    if (_FLOOR_NUMBER.fullmatch(word) or word in W.ORDINAL_WORDS) and nxt < ws.count \
            and ws.joined(nxt, comma=False) and (ws.words[nxt] in W.FLOOR_WORDS or ws.words[nxt] in W.DOOR_WORDS
                                                 or ws.text[ws.starts[nxt]:ws.ends[nxt]].lower() == "ét"):
        return _side_end(ws, nxt + 1)  # "3rd floor", "3e étage", "2e ét.", "tercer piso", "3e porte droite"
    if _SPANISH_FLOOR.fullmatch(word) or (word.isdigit() and len(word) <= 2 and "°" in ws.lowered[ws.ends[i]:ws.ends[i] + 1]):
        return _side_end(ws, nxt)  # "3º", "3ºb", "4°"
    if _FLOOR_NUMBER.fullmatch(word) and nxt < ws.count and ws.joined(nxt, comma=False) and (
            ws.words[nxt] in W.SIDES or (len(ws.words[nxt]) == 1 and ws.words[nxt].isalpha()
                                         and ws.words[nxt] not in W.STOP)):
        return nxt + 1  # "3 izq", "2ème gauche", "2 b"
    if word in W.FLOOR_NAMES or word in W.FLOOR_ORDINALS_ALONE:
        return _side_end(ws, nxt)
    if word == "rez" and ws.words[nxt:nxt + 2] == ["de", "chaussee"]:
        return _side_end(ws, nxt + 2)
    if "#" in ws.gap(i) and _IDENT.fullmatch(word):
        return nxt
    if (len(word) == 1 and word.isalpha() and word not in W.STOP and not ws.lowered.startswith(("'", "’"), ws.ends[i])
            and len(ws.words[i - 1]) <= 4 and ws.words[i - 1][0].isdigit()):
        return nxt  # a door or a block letter after the house number: "calle mayor 14 b"
    # "au 3e étage", "on the second floor": a short connector before a floor.
    if word in ("au", "al", "on", "en", "el") and nxt < ws.count and ws.joined(nxt, comma=False):
        after = nxt + 1 if ws.words[nxt] in ("the", "le") and ws.joined(nxt + 1, comma=False) else nxt
        if after < ws.count and (_FLOOR_NUMBER.fullmatch(ws.words[after]) or ws.words[after] in W.ORDINAL_WORDS) \
                and after + 1 < ws.count and ws.joined(after + 1, comma=False) and ws.words[after + 1] in W.FLOOR_WORDS:
            return _side_end(ws, after + 2)
    return None


def _side_end(ws: _Words, i: int) -> int:
    """Read a door or side after a floor: "izq", "b", "2ª", "gauche"; return the index after it."""
    if i < ws.count and ws.joined(i, comma=False):
        word = ws.words[i]
        if word in W.SIDES or (len(word) == 1 and word.isalpha() and (
                word not in W.STOP or ws.capitalised(i)
                or ((_SPANISH_FLOOR.fullmatch(ws.words[i - 1]) or ws.words[i - 1] in W.FLOOR_NAMES)
                    and _closes_after(ws, i)))):
            if word in W.SIDES and i + 1 < ws.count and ws.joined(i + 1, comma=False) and ws.words[i + 1] in W.SIDES:
                return i + 2  # "2º ext. dcha", "3º int izq"
            return i + 1  # "3º izq", "4º b", "7° A", "5º a, 28028 madrid"
        if word in W.FLAT_WORDS and (ws.words[i - 1] in W.FLOOR_WORDS or ws.words[i - 1] in W.FLOOR_NAMES):
            return i + 1  # "2nd floor flat" (but "bât c apt 5" is two units)
        if word in ("a", "on", "to") and i + 1 < ws.count and ws.joined(i + 1, comma=False):
            side = i + 2 if ws.words[i + 1] in ("la", "the") and ws.joined(i + 2, comma=False) else i + 1
            if side < ws.count and ws.words[side] in W.SIDES:
                return side + 1  # "3e étage à gauche", "2º a la izquierda", "3rd floor on the left"
    return i


def _units_end(ws: _Words, i: int) -> int:
    for _ in range(6):
        if not ws.joined(i):
            break
        end = _unit_end(ws, i)
        if end is None or end <= i:
            break
        i = end
    return i


# The side of a Montreal street, after its name and in capitals: "Est", "Ouest", "O.", "E.".
_QUEBEC_SIDES = frozenset({"est", "ouest", "nord", "sud", "o", "e"})
_QUEBEC_STREET_TYPES = frozenset({"rue", "boul", "boulevard", "bd", "avenue", "chemin"})


def _grow_right(ws: _Words, start: int, end: int, *, have_more: bool = False) -> tuple[int, bool]:
    """Extend a street (words start..end-1) over its units, postcode, town and region.

    Return the index after the address and whether anything but the street was found.
    """
    if end < ws.count and ws.words[end] in _QUEBEC_SIDES and ws.joined(end, comma=False) and (
            (ws.capitalised(end) and (len(ws.words[end]) > 1 or ws.lowered[ws.ends[end]:ws.ends[end] + 1] == "."))
            or (ws.words[start] in _QUEBEC_STREET_TYPES or ws.words[start + 1:start + 2] == ["rue"])
            and end + 1 < ws.count and "," in ws.gap(end + 1) and ws.joined(end + 1)):
        end += 1  # "rue Sherbrooke Est", "boul. René-Lévesque O.", "456 rue sherbrooke o, app 3"
    after_units = _units_end(ws, end)
    more = have_more or after_units > end
    capitalised = not ws.text[ws.starts[start]:ws.ends[end - 1]].islower()
    after_place, place = _place_end(ws, after_units, have_more=more, capitalised=capitalised)
    # After a town, a last unit ("... 28013 madrid 3º izq"); after a street whose name took the town
    # ("3 rue de la roquette paris"), a district or a country ("... 11e").
    if after_place == after_units:
        after_place = _town_after_preposition(ws, after_units)
    if after_place > after_units:
        units = _units_end(ws, after_place)
        if units > after_place:  # "5 allée des lilas, résidence les pins, bât 2, 33600 pessac"
            again, _ = _place_end(ws, units, have_more=True, capitalised=capitalised)
            units = max(units, again)
        after_place = units
    else:
        after_place = _after_town(ws, after_units)
    return after_place, more or place


def _building_start(ws: _Words, i: int) -> int:
    """Extend a street left over a building's name and a unit before it: "flat 12b, marlowe house, 30 …",
    "edificio sol, c/ mayor 4", "4 the old rectory, church lane …"; return the first index."""
    if i < 2 or "," not in ws.gap(i) or not ws.joined(i) or ws.words[i - 1] not in W.BUILDING_WORDS:
        return i
    k = i - 1
    while k > 0 and i - k < 4 and ws.joined(k, comma=False) and (
            _town_word(ws, k - 1) or ws.words[k - 1] == "the" or ws.words[k - 1] in W.PARTICLES
            or _HOUSE_NUMBER.fullmatch(ws.words[k - 1])):
        k -= 1
        if _HOUSE_NUMBER.fullmatch(ws.words[k]):
            break  # "4 the old rectory": the house's number, written before its name
    while k < i - 1 and (ws.words[k] in W.STOP or ws.words[k] in W.PARTICLES):
        k += 1
    if k == i - 1 and ws.words[k] in W.BUILDING_WORDS and ws.words[k] not in W.ESTATE_TYPES:
        return i  # "the house, 30 kennington road": no building's name
    return _unit_start(ws, k)


def _unit_start(ws: _Words, i: int) -> int:
    """Extend a street left over a unit written before it ("flat 3, 27 kings rd"); return the first index."""
    for _ in range(3):
        if i < 1 or not ws.joined(i):
            break
        for width in (2, 3):
            first = i - width
            if first >= 0 and all(ws.joined(k, comma=False) for k in range(first + 1, i)) \
                    and _unit_end(ws, first) == i:
                i = first
                break
            # A unit joined to its street by "du/of/de": "au 3e étage du 12 rue pasteur", "unit 3 of 45 oak st".
            if first >= 1 and ws.words[i - 1] in _UNIT_CONNECTORS and ws.joined(i - 1, comma=False) \
                    and all(ws.joined(k, comma=False) for k in range(first, i - 1)) and _unit_end(ws, first - 1) == i - 1:
                i = first - 1
                break
        else:
            k = i - 1
            if ws.lowered[ws.starts[k] - 1:ws.starts[k]] == "#" and "," in ws.gap(i) and _IDENT.fullmatch(ws.words[k]):
                i -= 1  # "#1207, 800 brickell ave": a suite number written first
                continue
            break
    return i


# --------------------------------------------------------------------------- street cores

def _inside_a_name(ws: _Words, k: int) -> bool:
    """Tell whether a word the grammar would stop at ("côte", "and") is part of a street's name: joined
    by a hyphen to a word beside it ("côte-des-neiges"), or capitalised after a particle ("de la Côte")."""
    if len(ws.words[k]) < 3:
        return False
    hyphen_before = k > 0 and ws.gap(k) == "-"
    hyphen_after = k + 1 < ws.count and ws.gap(k + 1) == "-" and ws.words[k + 1][:1].isalpha()
    after_particle = k > 0 and ws.words[k - 1] in W.PARTICLES and ws.capitalised(k)
    return hyphen_before or hyphen_after or after_particle


def _name_end(ws: _Words, i: int, *, max_words: int = 5) -> int | None:
    """Read a street name after a type ("de la paix", "mayor", "san bernardo"); return the index after."""
    end, words, k = None, 0, i
    while k < ws.count and words < max_words and (k == i or ws.joined(k, comma=False)):
        word = ws.words[k]
        if word in W.PARTICLES:
            k += 1
            if word in W.DIRECTIONS and words:
                end = k  # "avenida insurgentes sur 1602": a direction, not a particle
            continue
        if k == i and word.isdigit() and len(word) <= 3 and k + 2 < ws.count and ws.words[k + 1] in W.NUMBER_MARKERS \
                and ws.joined(k + 1, comma=False) and ws.words[k + 2][:1].isdigit():
            return k + 1  # a numbered street, then its house number: "calle 3 nº 15", "rue 5 n° 12"
        if k == i and word.isdigit() and len(word) <= 2 and ws.words[k + 1:k + 2] == ["de"]:
            words += 1  # a date names the street: "calle 5 de mayo 12", "av 9 de julio 1200"
            k += 1
            end = k
            continue
        if word in _ROMAN and words and k + 1 < ws.count and ws.joined(k + 1, comma=False) and (
                ws.words[k + 1] in W.NUMBER_MARKERS or _HOUSE_NUMBER.fullmatch(ws.words[k + 1])):
            words += 1  # a king's numeral: "calle alfonso i nº 33", "rue louis xiv 12"
            k += 1
            end = k
            continue
        if word in W.STOP and not _inside_a_name(ws, k):
            break
        if word in W.QUANTITY_WORDS or not word[:1].isalpha() or (words and _GLUED_NUMBER.fullmatch(word)):
            break  # "calle mayor nº14": the number, glued to its sign
        if word == "s" and ws.words[k + 1:k + 2] == ["n"] and ws.gap(k + 1) == "/":
            break  # "s/n", sin número
        if words and (word in W.UNIT_WORDS or word in W.FLOOR_NAMES) and _unit_end(ws, k) is not None:
            break  # "bd voltaire appt 32": the flat, not the street
        words += 1
        k += 1
        end = k
    return end


_UNIT_CONNECTORS = frozenset({"du", "of", "de", "del"})
_ROMAN = frozenset("i ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi xvii xviii xix xx xxi xxii xxiii".split())


def _number_first(ws: _Words, i: int, suffix_types, prefix_types) -> tuple[int, int, str, bool] | None:
    """Read "1432 w elm st" or "12 bis rue des lilas" from the house number at word i.

    Return (index after the street, index of its type, the type, whether the type comes first).
    """
    j = i + 1
    if j < ws.count and ws.joined(j, comma=False) and ws.gap(j).strip() in ("-", "/") \
            and _HOUSE_NUMBER.fullmatch(ws.words[j]):
        j += 1  # "12-14", "5/22"
    if j < ws.count and ws.joined(j, comma=False) and ws.words[j] in W.HOUSE_NUMBER_SUFFIXES:
        j += 1
    if j >= ws.count or not ws.joined(j):
        return None
    if ws.words[j] in ("de", "del") and j + 1 < ws.count and ws.joined(j + 1, comma=False):
        k = j + 1 if ws.words[j] == "del" else j + 1 + (ws.words[j + 1] in W.ARTICLES)
        if k < ws.count and ws.joined(k, comma=False) and ws.words[k] in prefix_types:
            j = k  # "au 15 de la rue pasteur", "en el 7 de la calle olmo"
    return _street_from(ws, j, suffix_types, prefix_types)


def _street_from(ws: _Words, j: int, suffix_types, prefix_types) -> tuple[int, int, str, bool] | None:
    """Read a street that starts at word j: "rue des lilas", "c/ mayor", "w elm st", "the crescent"."""
    word = ws.words[j]
    has_next = j + 1 < ws.count
    if word in prefix_types or (word in ("c", "r") and has_next and ws.gap(j + 1).startswith("/" if word == "c" else ".")):
        name = _name_end(ws, j + 1, max_words=4) if has_next and ws.joined(j + 1, comma=False) else None
        return (name, j, word, True) if name else None
    for k in range(j, min(j + 5, ws.count)):
        if k > j and not ws.joined(k, comma=False):
            return None
        word = ws.words[k]
        if k > j and (word in suffix_types or (word == "rue" and _ORDINAL_NAME.fullmatch(ws.words[k - 1]))):
            end = k + 1  # "1432 w elm st", "210 3e rue"
            if word in W.AMBIGUOUS_SUFFIX_TYPES and end < ws.count and ws.joined(end, comma=False) \
                    and ws.words[end] in suffix_types and ws.words[end] not in W.AMBIGUOUS_SUFFIX_TYPES:
                end += 1  # "8 pine ridge rd": the type is the last word; the first still asks for more evidence
            if end < ws.count and ws.joined(end, comma=False) and ws.words[end] in W.STREET_PARTS_AFTER:
                end += 1
            return end, k, word, False
        if k == j and (word in W.DIRECTIONS or (word == "the" and k + 1 < ws.count and ws.words[k + 1] in suffix_types
                                                  and ws.words[k + 1] not in W.AMBIGUOUS_SUFFIX_TYPES)):
            continue  # "58 n maple ave", "12a the crescent"
        if word in W.STOP or word in W.QUANTITY_WORDS or word in W.UNIT_WORDS:
            return None
        if not word[:1].isalpha() and not _ORDINAL_NAME.fullmatch(word):
            return None
    return None


def _number_then_street(ws: _Words, i: int, suffix_types, prefix_types) -> tuple[int, int, str, bool] | None:
    """Read "número 12 de la calle mayor", "au numéro 4 de la rue haute", "number 9 on elm street"."""
    k = i + 1
    if k >= ws.count or not ws.joined(k, comma=False) or not _HOUSE_NUMBER.fullmatch(ws.words[k]):
        return None
    k += 1
    if k >= ws.count or not ws.joined(k) or ws.words[k] not in W.NUMBER_CONNECTORS:
        return None
    k += 1
    while k < ws.count and ws.joined(k, comma=False) and (ws.words[k] in W.ARTICLES or ws.words[k] == "the"):
        k += 1
    if k >= ws.count or not ws.joined(k, comma=False):
        return None
    return _street_from(ws, k, suffix_types, prefix_types)


def _type_first(ws: _Words, i: int) -> int | None:
    """Read "calle mayor 14" or "rue du moulin, n° 7" from the type at word i; return the index after."""
    start_name = i + 1
    if ws.words[i] == "c" and (start_name >= ws.count or not ws.gap(start_name).startswith(("/", ". "))):
        return None
    if start_name >= ws.count or not ws.joined(start_name, comma=False):
        return None
    name = _name_end(ws, start_name)
    if name is None or name >= ws.count or not ws.joined(name):
        return None
    k = name
    if ws.words[k] in W.NUMBER_MARKERS and k + 1 < ws.count and ws.joined(k + 1, comma=False):
        k += 1
    word = ws.words[k]
    if _GLUED_NUMBER.fullmatch(word):
        word = word.lstrip("no")  # "nº14" folds to "no14"
    if _HOUSE_NUMBER.fullmatch(word) and len(word.rstrip("abcdefghijklmnopqrstuvwxyz")) <= 4 and word[0] != "0":
        after = k + 1
        if ws.words[i] in W.ROAD_TYPES and after + 1 < ws.count and ws.joined(after) and ws.words[after] == "km" \
                and ws.joined(after + 1, comma=False) and ws.words[after + 1].isdigit():
            return after + 2  # a road's number, then its kilometre: "ctra. nacional 340, km 12"
        if after < ws.count and ws.joined(after, comma=False) and ws.words[after] in W.QUANTITY_WORDS:
            return None  # "la plaza mayor 3 veces"
        if after < ws.count and ws.joined(after, comma=False) and ws.words[after] in W.HOUSE_NUMBER_SUFFIXES - {"b"}:
            after += 1
        return after
    if word == "s" and k + 1 < ws.count and ws.words[k + 1] == "n" and ws.gap(k + 1) == "/":
        return k + 2  # "s/n": sin número
    if _postcode_end(ws, k, four_digits=False) is not None and "," in ws.gap(k):
        return name  # "calle mayor, 28013 madrid": the postcode follows
    if ws.words[i] in W.ESTATE_TYPES and (units := _units_end(ws, name)) > name \
            and ws.joined(units) and _postcode_end(ws, units, four_digits=False) is not None:
        return name  # "résidence les tilleuls bât c appt 12 33000 bordeaux": an estate has no house number
    return None


def _grid_end(ws: _Words, i: int) -> int | None:
    """Read a Colombian grid address from its type at word i: "calle 10 # 45-23", "cra 7 no 12-40"."""
    k = i + 1
    if k >= ws.count or not ws.joined(k, comma=False) or not _GRID_NUMBER.fullmatch(ws.words[k]):
        return None
    k += 1
    if k < ws.count and ws.joined(k, comma=False) and ws.words[k] in W.DIRECTIONS | {"bis"}:
        k += 1  # "calle 10 sur # 45-23", "cl 45 bis"
    if k >= ws.count or not ws.joined(k, comma=False):
        return None
    if ws.words[k] in W.NUMBER_MARKERS:
        k += 1
    elif "#" not in ws.gap(k):
        return None
    if k + 1 < ws.count and _GRID_NUMBER.fullmatch(ws.words[k]) and ws.gap(k + 1) == "-" and ws.words[k + 1].isdigit():
        return k + 2
    return None


_BLOCK_WORDS = frozenset({"manzana", "mz", "mza"})
# French business and industrial zones before a street: "ZI du Bois, 4 rue des Artisans".
_ZONE_WORDS = frozenset({"za", "zi", "zac", "zae", "zone"})
_AREAS_FIRST = frozenset({"col", "colonia", "fracc", "fraccionamiento", "barrio", "urb", "urbanizacion",
                          "edificio", "edif", "torre", "residencial", "immeuble"}) | W.ESTATE_TYPES


def _zone_start(ws: _Words, start: int) -> int:
    """Extend an address left over a zone named before its street ("ZI du Bois, 4 rue …"); first index."""
    if start < 2 or "," not in ws.gap(start) or not ws.joined(start):
        return start
    for k in range(start - 2, max(-1, start - 6), -1):
        zone = ws.words[k] in _ZONE_WORDS and (ws.words[k] != "zone" or ws.capitalised(k + 1)) \
            and (len(ws.words[k]) > 3 or ws.text[ws.starts[k]:ws.ends[k]].isupper())
        # A neighbourhood or an estate written first: "col. del valle, calle …", "urb. los almendros, c/ …".
        if (zone or ws.words[k] in _AREAS_FIRST) and all(ws.joined(m, comma=False) for m in range(k + 1, start)):
            return k
    return start


def _cue_before(ws: _Words, i: int) -> bool:
    return any(ws.words[k] in W.ADDRESS_CUES for k in range(max(0, i - 2), i))


def _street_signals(ws: _Words) -> list[Signal]:
    suffix_types, prefix_types = _suffix_types(), _prefix_types()
    signals: list[Signal] = []
    triggers = _triggers()
    for i, word in enumerate(ws.words):
        if word[0] in _DIGIT_CHARS:
            if not _HOUSE_NUMBER.fullmatch(word) or word[0] == "0":
                continue  # "06 12 34 56 78" is a phone number
            found = _number_first(ws, i, suffix_types, prefix_types)
            if found is None:
                signals += _number_name_postcode(ws, i) or _house_name_then_street(ws, i, suffix_types, prefix_types)
                continue
            end, type_index, kind, type_first = found
            if _YEAR.fullmatch(word) and i > 0 and ws.words[i - 1] in W.YEAR_WORDS:
                continue  # "in 2010 oxford street was packed"
            ambiguous = kind in (W.AMBIGUOUS_PREFIX_TYPES if type_first else W.AMBIGUOUS_SUFFIX_TYPES)
            start = _zone_start(ws, _building_start(ws, _unit_start(ws, i)))
            grown, more = _grow_right(ws, i, end, have_more=start < i)
            if ambiguous and not more and not _cue_before(ws, i) and not ws.capitalised(type_index):
                continue  # lower case and nothing else says "address": "2 very close friends"
            signals.append(_signal(ws, start, grown, 0.85, "street address"))
        elif word in _BLOCK_WORDS or (word == "lieu" and i + 1 < ws.count and ws.words[i + 1] == "dit"):
            # No street: "manzana 7 lote 3, col. …" (a Mexican block and plot), "lieu-dit le moulin, 46100 …"
            # (a French locality); each needs what follows (a neighbourhood, a postcode, a town) to be an address.
            end = _units_end(ws, _unit_end(ws, i) or i) if word in _BLOCK_WORDS else _name_end(ws, i + 2) if ws.joined(i + 2, comma=False) else None
            if end is not None and end > i + 1:
                grown, more = _grow_right(ws, i, end)
                if more and grown > end:
                    signals.append(_signal(ws, i, grown, 0.75, "street address"))
        elif word not in triggers and not word.endswith(_ALL_COMPOUND_SUFFIXES):
            continue
        elif word in W.GRID_TYPES and (grid := _grid_end(ws, i)):
            grown, _ = _grow_right(ws, i, grid)
            signals.append(_signal(ws, i, grown, 0.85, "street address"))
        elif word in W.NUMBER_WORDS and (found := _number_then_street(ws, i, suffix_types, prefix_types)):
            grown, _ = _grow_right(ws, i, found[0])
            signals.append(_signal(ws, i, grown, 0.85, "street address"))
        elif word in prefix_types or (word == "c" and i + 1 < ws.count and ws.gap(i + 1).startswith(("/", ". "))):
            if i > 0 and ws.lowered[ws.starts[i] - 1] == "_":
                continue
            end = _type_first(ws, i)
            if end is None:
                continue
            grown, more = _grow_right(ws, i, end)
            if word in W.AMBIGUOUS_PREFIX_TYPES and not more and not _cue_before(ws, i) and not ws.capitalised(i):
                continue
            signals.append(_signal(ws, _zone_start(ws, _building_start(ws, _unit_start(ws, i))), grown, 0.85, "street address"))
        elif word in W.PO_BOX_WORDS:
            end = _po_box_end(ws, i)
            if end is not None:
                grown, more = _grow_right(ws, i, end)
                if word not in ("bp", "casilla") or more:
                    signals.append(_signal(ws, i, grown, 0.8, "post-office box"))
        elif len(word) > 6 and (word.endswith(W.COMPOUND_SUFFIXES)
                                or word.endswith(W.COMPOUND_SUFFIXES_CAPITALISED) and ws.capitalised(i)):
            nxt = i + 1
            if nxt < ws.count and ws.joined(nxt, comma=False) and _HOUSE_NUMBER.fullmatch(ws.words[nxt]):
                grown, _ = _grow_right(ws, i, nxt + 1)
                signals.append(_signal(ws, i, grown, 0.8, "street address"))
    return signals


def _number_name_postcode(ws: _Words, i: int) -> list[Signal]:
    """Read "14 kingsway, london wc2b 6st": a number and a name closed by a postcode or a state."""
    k = i + 1
    names = 0
    while k < ws.count and names < 5 and ws.joined(k) and _town_word(ws, k):
        names += 1
        k += 1
        if names >= 2 and ws.joined(k):
            closing = _region_end(ws, k) or _postcode_end(ws, k, four_digits=False)
            if closing and ws.words[k] not in W.REGION_CODES_THAT_ARE_WORDS:
                if _POSTCODES[0].fullmatch(ws.lowered[ws.starts[k]:ws.ends[closing - 1]]):
                    break  # a bare five-digit number after words is no postcode without a state
                end = _after_town(ws, closing)
                return [_signal(ws, _unit_start(ws, i), end, 0.75, "street address")]
    return []


def _house_name_then_street(ws: _Words, i: int, suffix_types, prefix_types) -> list[Signal]:
    """Read "4 the old rectory, church lane, great missenden hp16 0ar": a number, a house's name, then its
    street, which must lead to a postcode or a town to be an address."""
    k = i + 1
    while k < ws.count and k - i <= 4 and ws.joined(k, comma=False) and ws.words[k] not in W.BUILDING_WORDS \
            and (_town_word(ws, k) or ws.words[k] == "the"):
        k += 1
    if k >= ws.count or k == i + 1 and ws.words[k] not in W.BUILDING_WORDS or ws.words[k] not in W.BUILDING_WORDS \
            or not ws.joined(k, comma=False) or k + 1 >= ws.count or "," not in ws.gap(k + 1) or not ws.joined(k + 1):
        return []
    found = _street_from(ws, k + 1, suffix_types, prefix_types)
    if found is None:
        return []
    grown, more = _grow_right(ws, k + 1, found[0])
    if not more or grown <= found[0]:
        return []
    return [_signal(ws, _unit_start(ws, i), grown, 0.75, "street address")]


def _po_box_end(ws: _Words, i: int) -> int | None:
    """Read "po box 12", "p.o. box 12", "apartado de correos 45", "bp 12"; return the index after."""
    words = ws.words
    lead = 2 if words[i:i + 2] == ["rural", "route"] else 1
    if (words[i] in ("rr", "hc") or lead == 2) and i + lead + 2 < ws.count and words[i + lead].isdigit() \
            and words[i + lead + 1] == "box" and words[i + lead + 2].isdigit() \
            and all(ws.joined(k, comma=False) for k in range(i + 1, i + lead + 3)):
        return i + lead + 3  # a rural route: "rr 3 box 42", "rural route 2 box 19"
    for lead in W.PO_BOX_LEADS:
        if words[i:i + len(lead)] == list(lead) and all(ws.joined(k, comma=False) for k in range(i + 1, i + len(lead))):
            k = i + len(lead)
            break
    else:
        return None
    if k < ws.count and ws.joined(k, comma=False) and words[k] in W.NUMBER_MARKERS:
        k += 1
    if k < ws.count and ws.joined(k, comma=False) and words[k].isdigit() and len(words[k]) <= 6:
        return k + 1
    return None


def _signal(ws: _Words, first: int, after: int, confidence: float, reason: str) -> Signal:
    end = ws.ends[after - 1]
    if ws.lowered[end:end + 1] in ("°", ")") and (ws.lowered[end] == "°" or "(" in ws.lowered[ws.starts[first]:end]):
        end += 1
    elif ws.lowered[end:end + 1] == "." and ws.words[after - 1] in W.REGION_ABBREVIATIONS:
        end += 1  # "tlaquepaque, jal."
    start = ws.starts[first]
    if start and ws.lowered[start - 1] == "#":
        start -= 1  # "#1207, 800 brickell ave"
    return Signal("address", start, end, confidence, reason)


def _windows(lowered: str, spelled: list[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Return the stretches of text around digits, where the grammar reads words.

    Every address has a digit (a house number, a postcode, a box number) or a house number written
    out (`spelled`), so only the words within reach of one are read: a long story of words alone
    costs two regex searches.
    """
    windows: list[tuple[int, int]] = []
    spans = [m.span() for m in _DIGITS.finditer(lowered)]
    if spelled:
        spans = sorted(spans + list(spelled))
    for number_start, number_end in spans:
        start = max(0, number_start - _WINDOW_BEFORE)
        end = number_end + _WINDOW_AFTER
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    snapped = []
    for start, end in windows:
        if start:
            start = lowered.rfind(" ", 0, start) + 1
        following = lowered.find(" ", end)
        snapped.append((start, len(lowered) if following < 0 else following))
    return snapped


_SPELLED_WORD = trie_pattern(sorted(W.SPELLED_NUMBERS | W.SPELLED_NUMBERS_ACCENTED))
_SPELLED_JOIN = "(?:-et-|-|\\s+(?:y|et)\\s+)"
# A written-out number as a word of its own; the space first lets the engine skip to the spaces.
_SPELLED_NUMBER = re.compile(rf" ({_SPELLED_WORD}(?:{_SPELLED_JOIN}(?:{_SPELLED_WORD}|one|uno|un))*)(?![\w-])")
_SPELLED_NUMBER_AT_START = re.compile(rf"({_SPELLED_WORD}(?:{_SPELLED_JOIN}(?:{_SPELLED_WORD}|one|uno|un))*)(?![\w-])")
_STREET_LOOK_AHEAD = 5  # words after a written-out number in which a street type must stand


@functools.cache
def _street_types() -> frozenset[str]:
    return _suffix_types() | _prefix_types()


def _spelled_house_numbers(lowered: str) -> list[tuple[int, int]]:
    """Return the spans of written-out numbers that a street type follows within a few words."""
    matches = list(_SPELLED_NUMBER.finditer(lowered))
    first = _SPELLED_NUMBER_AT_START.match(lowered)
    if first:
        matches.insert(0, first)
    if not matches:
        return []
    types = _street_types()
    spans = []
    for m in matches:
        after = lowered[m.end(1):m.end(1) + 50].replace(",", " ").replace(".", " ").split(None, _STREET_LOOK_AHEAD)
        after = [w if w.isascii() else fold(w) for w in after[:_STREET_LOOK_AHEAD]]
        if after and after[0] not in W.STOP and not types.isdisjoint(after):
            spans.append(m.span(1))
    return spans


def find_addresses(text: str, lowered: str) -> list[Signal]:
    """Find street addresses, post-office boxes and postcodes, each with its whole span."""
    spelled = _spelled_house_numbers(lowered)
    windows = _windows(lowered, spelled)
    if not windows:
        return []
    ws = _Words(text, lowered, windows)
    if spelled:
        ws.read_as_numbers(spelled)
    signals = _street_signals(ws)
    for m in _CAPITALISED_POSTCODE.finditer(text):
        if not overlaps_any(m.start(), m.end(), signals):
            signals.append(Signal("address", m.start(), m.end(), 0.6, "postcode"))
    return _merge_overlaps(signals, lowered)


def _merge_overlaps(signals: list[Signal], lowered: str = "") -> list[Signal]:
    """Merge overlapping readings of one address into their union: "8 rue des acacias" and
    "rue des acacias, 7" both belong to the redaction; so do two parted by a comma alone
    ("8 impasse des roses, résidence le parc, bât a, …")."""
    merged: list[Signal] = []
    for s in sorted(signals, key=lambda s: (s.start, -s.end)):
        if merged and (s.start < merged[-1].end or (
                lowered and lowered[merged[-1].end:s.start].strip(" ") == "," and s.start - merged[-1].end <= 3)):
            last = merged[-1]
            if s.end > last.end:
                merged[-1] = Signal("address", last.start, s.end, max(last.confidence, s.confidence), last.reason)
            continue
        merged.append(s)
    return merged
