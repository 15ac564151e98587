"""Find the names of private people: first names from the word list, titles, role words."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from moderation.detectors.config import ScreeningConfig
from moderation.detectors.function_words import function_words
from moderation.detectors.signals import Signal
from moderation.detectors.text import LOWER, UPPER, drop_overlaps, fold, lower_keeping_length, overlaps_any, preceded_by
from moderation.detectors.tokens import Token, strip_accents, tokenize
from moderation.detectors.word_patterns import trie_pattern
from moderation.detectors.wordlists import (
    derived_first_names,
    derived_surnames,
    first_names_also_surnames,
    known_first_names,
    names_that_are_words,
    ordinary_words,
    public_figure_set,
    words_not_surnames,
)

_NAME_TOKEN = re.compile(rf"[{UPPER}](?:['’][{UPPER}])?[{LOWER}]+(?:[{UPPER}][{LOWER}]+)?(?:-[{UPPER}][{LOWER}]+)?")
_NAME_GAP = re.compile(r"\s+(?:(?:de la|de los|del|de|da|di|du|van der|van den|van de|van|von|ter|ten|le|la|dos|das|y)\s+)?")
_ABBREVIATED_TITLES = frozenset(
    "mr mrs ms mx dr prof fr rev sgt det capt lt mme mlle m me sr sra srta lic ing".split()
)
_TITLES = frozenset(
    fold(w) for w in (
        "miss professor coach father pastor reverend rabbi imam officer sergeant detective captain lieutenant "
        "judge doctor nurse principal headmaster monsieur madame mademoiselle maître docteur abbé père señor "
        "señora señorita don doña padre profesor profesora doctora licenciado licenciada entrenador"
    ).split()
)
# Titles that introduce a name in lower case too: "el padre Andrés", "monsieur Garnier".
_LOWER_TITLE = re.compile(
    r"\b(?:monsieur|madame|docteur|maître|abbé|père|padre|profesor|profesora|doctor|doctora|doña|entrenador)\s+"
)
# Particles written with a capital after a title: "M. Van Hoeck", "Mme De Smet", "Sr. Del Valle".
_TITLE_PARTICLES = frozenset("van von de del della di du da le la dos das ter ten".split())
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
    fold(w) for w in (
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
        if preceded_by(text, start, "_@#/-") or (start and text[start - 1] == "." and start - 1 > 0
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


@functools.cache
def _capitalised_first_names() -> frozenset[str]:
    """First names of the hand list and of names-dataset, less those that are everyday words too."""
    return known_first_names() | (derived_first_names() - names_that_are_words())


def find_person_names(
    text: str, lowered: str, config: ScreeningConfig, *, tokens: list[Token] | None = None,
) -> list[Signal]:
    first_names, not_surnames = _capitalised_first_names(), words_not_surnames()
    surname_capable = first_names_also_surnames()
    public = public_figure_set(config.public_figures)
    lower_titles = {m.end(): m.start() for m in _LOWER_TITLE.finditer(lowered)}  # name start -> title start
    introduced = {m.end() for m in _NAME_CONTEXT.finditer(lowered)}  # where "the guy is ..." leaves off
    signals = []
    for run in _capitalised_runs(text):
        i = 0
        while i < len(run):
            word, start, end = run[i]
            folded = fold(word)
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
                if len(run) == 1 and _lone_capitalised_name(text, word, folded, start, end, before, public):
                    signals.append(Signal("person_name", start, end, 0.5, "first name of a person"))
                break
            named_context = folded not in first_names and start in introduced
            particle_end = _surname_first_or_particle_name(text, run, i, folded, before, public)
            if particle_end:
                signals.append(Signal("person_name", start, run[particle_end - 1][2], 0.7, "possible full name of a person"))
                i = particle_end
                continue
            if folded not in first_names and not named_context:
                i += 1
                continue
            j = i + 1
            while j < len(run) and fold(run[j][0]) not in not_surnames and fold(run[j][0]) not in _FAMILY_ROLES:
                j += 1
            if j - i < 2:
                i += 1
                continue
            full = " ".join(fold(t[0]).replace("-", " ") for t in run[i:j])
            last = fold(run[j - 1][0])
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
    tokens = tokens if tokens is not None else tokenize(text)
    signals += [s for s in lowercase_names(text, tokens, public, lowered=lowered) if not overlaps_any(s.start, s.end, signals)]
    return signals


# Before a capitalised first name alone, words that make it a place: "in Florence", "à Lourdes".
_PLACE_BEFORE = re.compile(
    r"\b(?:in|at|to|from|near|into|towards|visit|visited|à|au|aux|en|vers|desde|hacia|hasta|para|por|"
    r"avenue|street|road|lake|mount|port|fort|cape|san|santa|saint|sainte|st|ste|virgen|vierge|virgin|holy|"
    r"hurricane|storm|huracán|tempête|tormenta|"
    # Pets have names too: "mi perro Toby", "my dog Max", "notre chat Félix".
    r"dog|puppy|cat|kitten|horse|pony|hamster|rabbit|bunny|parrot|perro|perrito|perra|perrita|gato|gatito|gata|"
    r"gatita|caballo|conejo|chien|chienne|chiot|chat|chaton|chatte|cheval|lapin|perroquet)\s+$",
    re.IGNORECASE,
)
# Names of faith, said in prayer and thanks, not of a person the story names: "gracias a Jesús".
# Places named like people, alone they are the place: "se mudó a Santiago", "back in Austin".
_NOT_NAMES_ALONE = frozenset(
    "jesus christ cristo allah mahoma mohammed muhammad buddha jehova jehovah "
    "santiago trinidad salvador belen lourdes florence austin jordan chelsea regina sydney charlotte orlando "
    "phoenix savannah adelaide lorraine madison dallas houston georgia virginia carolina israel "
    "guadalupe montserrat pilar asuncion concepcion "
    # Public figures known by one name (the moderation policy lets public figures be named).
    "rosalia selena shakira beyonce rihanna madonna adele oprah frida cher zendaya stromae angele anitta thalia".split()
)
# What may follow a capitalised first name that starts a sentence: "Bronwyn from payroll ...", "Ignacio, el del tercero ...".
_AFTER_SENTENCE_START_NAME = re.compile(r"(?:,|\s+(?:from|of|at|de|del|du|et|and|y|said|told|dijo|m['’]a|me|kept))")


def _lone_capitalised_name(text, word, folded, start, end, before, public) -> bool:
    """A capitalised first name alone mid-sentence: "my friend Yasmine", "chez Ophélie", "demander Grégoire".

    At a sentence start it must be no ordinary word or be followed by a comma or "from/de/del..."
    ("Bronwyn from payroll"); after "in/à/en/desde" and in the name of a street or a school it is a place.
    """
    if (len(folded) < 3 or word.isupper() or folded in _NOT_NAMES_ALONE or folded in names_that_are_words()
            or _PLACE_BEFORE.search(before) or _NAMED_AFTER_BEFORE.search(before)):
        return False
    if _in_a_list_of_places(text, start, end):
        return False
    if (_SENTENCE_END_BEFORE.search(before) and folded in ordinary_words()
            and not _AFTER_SENTENCE_START_NAME.match(text, end)):
        return False
    return not _is_public(folded, public)


_LIST_NEIGHBOUR_BEFORE = re.compile(rf"([{UPPER}][{LOWER}]+(?:[- ][{UPPER}][{LOWER}]+)?)\s*,\s*$")
_LIST_NEIGHBOUR_AFTER = re.compile(rf"\s*(?:,|\bet\b|\band\b|\by\b)\s*([{UPPER}][{LOWER}]+)")


def _in_a_list_of_places(text: str, start: int, end: int) -> bool:
    """Tell whether a capitalised word stands in a list beside a capitalised word that is no first name:
    "Lille, Nancy, Grenoble" (towns), not "Ana, Lucía y Marta" (friends)."""
    if text[end:end + 1] != "," and text[max(0, start - 2):start].strip() != ",":
        return False
    first_names = _capitalised_first_names()
    for m in (_LIST_NEIGHBOUR_BEFORE.search(text, max(0, start - 30), start), _LIST_NEIGHBOUR_AFTER.match(text, end)):
        if m and fold(m.group(1).split()[0]) not in first_names:
            return True
    return False


_SHORT_TITLE_BEFORE = re.compile(r"\b(?:m|mr|mrs|ms|mme|mlle|dr|sr|sra|srta)\.?\s+$", re.IGNORECASE)
# Vietnamese names: the family name first, then "Van"/"Thi" and the given name ("Tran Van Hoa").
_VIETNAMESE_MIDDLE = frozenset("van thi".split())
# Dutch and German particles between a first name and a surname: "Joost van den Broek".
_PARTICLE_GAP = re.compile(r"\s+(?:van der|van den|van de|van|von|ter|ten)\s+")


def _surname_first_or_particle_name(text, run, i, folded, before, public) -> int | None:
    """Read "Tran Van Hoa" or "Joost van den Broek" from run[i]; return the index after the name."""
    if _NAMED_AFTER_BEFORE.search(before):
        return None
    if folded in _TITLE_PARTICLES and i + 1 < len(run) and _SHORT_TITLE_BEFORE.search(before) \
            and text[run[i][2]:run[i + 1][1]] == " ":
        return i + 2  # "M. Van Hoeck", "Mme De Smet": the title is a capital alone, outside the run
    if (i + 2 < len(run) and fold(run[i + 1][0]) in _VIETNAMESE_MIDDLE and folded in derived_surnames()
            and folded not in ordinary_words() and text[run[i][2]:run[i + 1][1]] == " "
            and text[run[i + 1][2]:run[i + 2][1]] == " "):
        return i + 3
    if i + 1 < len(run) and _PARTICLE_GAP.fullmatch(text[run[i][2]:run[i + 1][1]]):
        full = fold(run[i][0]) + text[run[i][2]:run[i + 1][1]].lower() + fold(run[i + 1][0])
        if not _is_public(" ".join(full.split()), public) and (
                fold(run[i + 1][0]) not in ordinary_words() or folded not in ordinary_words()):
            return i + 2  # "Joost van den Broek"; "Pieter van der Berg" (a surname that is a word, a first name that is none)
    return None


def _titled_name(run, start, names_from, title, before, not_surnames, public) -> tuple[Signal | None, int]:
    """Read "Dr. Peter Hanson", "Coach Davis", "el padre Andrés": a title at `start`, names from run[names_from]."""
    names = []
    for k, token in enumerate(run[names_from:], names_from):
        folded = fold(token[0])
        if folded in _TITLE_PARTICLES and k + 1 < len(run):
            names.append(token)  # "M. Van Hoeck", "Sr. De León"
            continue
        if folded in not_surnames or folded in _FAMILY_ROLES:
            break
        names.append(token)
    while names and fold(names[-1][0]) in _TITLE_PARTICLES:
        names.pop()
    next_i = names_from + max(len(names), 1)
    if not names:
        return None, next_i
    if title in {"father", "padre", "pere", "lower"} and _POSSESSIVE_BEFORE.search(before):
        return None, next_i  # "my father Michael" is family
    full = " ".join(fold(t[0]).replace("-", " ") for t in names)
    if full in public or f"{title} {full}" in public:
        return None, next_i
    if title in _WEAK_TITLES and len(names) < 2:
        return None, next_i
    return Signal("person_name", start, names[-1][2], 0.75, "title and name of a person"), next_i


# Role words after which people name someone in lower case: "my coach dave kowalski",
# "el padre tomás iglesias", "le docteur françois leroy", "mi vecino juanjo". Folded, one word each.
_ROLE_WORDS = frozenset(strip_accents(w) for w in (
    "coach teacher boss manager supervisor professor prof tutor pastor priest father reverend rev fr fray sor doctor dr "
    "dentist therapist landlord neighbour neighbor uncle aunt cousin stepdad stepfather stepbrother boyfriend "
    "ex husband officer sergeant detective captain instructor trainer principal headmaster colleague coworker "
    "mr mrs ms miss sir m mlle srta bishop deacon elder minister director counselor counsellor babysitter nanny "
    "physio pediatrician lawyer attorney foreman owner employer mentor guard driver chaplain leader "
    "scoutmaster stepmom stepmother godfather godmother padrino madrina parrain marraine "
    "brother sister bro sis stepsister grandpa grandma grandfather grandmother granddad grandad nephew niece "
    "daughter brother-in-law sister-in-law hermano hermana hermanastro hermanastra madrastra abuelo abuela "
    "cunado cunada sobrino sobrina suegro suegra hijo hija frere soeur grand-pere grand-mere papi papy pepe "
    "beau-frere belle-soeur belle-mere beau-pere demi-frere demi-soeur neveu niece cousine "
    "sgt det lt capt cpl insp supt cmdr "
    "entrenador entrenadora profesor profesora profe maestro maestra jefe jefa padre cura doctora médico "
    "vecino vecina tío tía primo prima padrastro novio marido compañero don doña señor señora sr sra monitor "
    "exnovio exnovia expareja exmarido exesposo exjefe ex-novio ex-copain ex-mari obispo sacerdote catequista "
    "pastora tutora director directora encargado encargada dueño casero casera niñera abogado "
    "licenciado licenciada lic ingeniero ingeniera ing "
    "friend mate buddy roommate classmate flatmate amigo amiga colega compañera ami amie copine pote coloc "
    "entraîneur professeur patron patronne chef docteur médecin père abbé voisin voisine oncle tonton tante copain "
    "mari collègue monsieur madame mme moniteur monitrice directeur directrice prêtre curé éducateur "
    "éducatrice animateur animatrice proprio propriétaire employeur responsable gérant gérante maître "
    # words that introduce a name
    "name nombre nom called named llama llamaba llamado llamada appelle appelait nomme nommee certain certaine tal"
).split())
# Words after which a name is said to be one, even an everyday word ("my name is hope", not "called hope").
_NAME_SAYERS = frozenset("name nombre nom llama llamaba appelle appelait".split())
_NAME_INTRODUCERS = frozenset(strip_accents(w) for w in (
    "name nombre nom called named llama llamaba llamado llamada appelle appelait nomme nommee certain certaine tal"
).split())
# Titles are followed by a surname alone as often as by a first name: "mrs dawson", "monsieur girard".
_TITLE_WORDS = frozenset(strip_accents(w) for w in (
    "mr mrs ms miss sir dr doctor father padre pere abbé sr sra señor señora don doña monsieur madame mme "
    "docteur professor profesor profesora professeur coach officer detective sergeant captain bishop maître "
    "m mlle srta fr rev fray sor sgt det lt capt cpl insp supt cmdr licenciado licenciada lic ingeniero ingeniera ing"
).split())
# Family roles: a first name alone after them identifies no one ("uncle joe", "mon oncle patrick").
_FAMILY_ROLE_WORDS = frozenset(strip_accents(w) for w in (
    "uncle aunt cousin stepdad stepfather stepbrother husband tío tía primo prima padrastro marido "
    "oncle tonton tante mari father padre pere brother sister bro sis stepsister grandpa grandma grandfather "
    "grandmother granddad grandad nephew niece daughter hermano hermana hermanastro hermanastra abuelo abuela "
    "cunado cunada sobrino sobrina suegro suegra hijo hija frere soeur grand-pere grand-mere papi papy pepe "
    "beau-frere belle-soeur belle-mere beau-pere demi-frere demi-soeur neveu niece cousine"
).split())
# What may stand between a role and the name: "mi profesor de música juan", "my manager at walmart steve".
# Before a role that follows a name: "maëlle, ma coloc", "kwame, my supervisor".
_ROLE_DETERMINERS = frozenset("my his her our mi su nuestro nuestra mon ma son sa notre".split())
_ROLE_QUALIFIER = frozenset("de del of at from du d en chez in".split())
# How far a role word reaches over a qualifier to its name: "the night manager at the warehouse dave ...".
_ROLE_REACH = 6
_CLAUSE_BREAK = re.compile(r"[.!?;:\n\"“”«»()]")
# Function words are never a name, whatever a names list says.
_FUNCTION_WORDS = frozenset(strip_accents(w) for w in (
    "the and but was is are were had has have that this there then when what who why how not never "
    "said told asked made took gave got kept would could should will just also still even only always "
    "el la los las un una y que pero fue era es ha me te se le lo nos dijo hizo nunca siempre "
    "le les un une et que mais était est a m t s l nous vous il elle lui dit fait jamais toujours "
    "ella ellos niña niño lancé dot"
).split())
# Words between the role and the name: "my boss was dave", "mi jefe se llama juanjo", "il s'appelle luc".
_NAME_FILLERS = frozenset("is was named called es era se llama llamado s appelle appelait nomme c est".split())
_SURNAME_PARTICLE = frozenset("de del la las los van von der den le du da di dos das y ben".split())
# Surnames written with an apostrophe: "o'brien", "d'angelo", "d'souza".
_APOSTROPHE_PREFIXES = frozenset({"o", "d"})
# Titles so plainly followed by a surname that an everyday word after them is one too: "mr henderson", "mrs brown".
_STRONG_TITLES = frozenset(strip_accents(w) for w in (
    "mr mrs ms mme sra sr srta señor señora monsieur madame mademoiselle sgt det lt capt cpl insp supt cmdr").split())
_DOTTED_TITLES = frozenset("mr mrs ms dr sr sra srta mme mlle prof m fr rev sgt det lt capt cpl insp supt cmdr".split())  # "ms. patel", "dr. amir haddad", "m. girard"
_MAX_NAME_WORDS = 4  # "juan carlos pérez garcía"


@functools.cache
def _words_not_names_alone() -> frozenset[str]:
    return ordinary_words() | names_that_are_words()


@functools.cache
def _ordinary_and_function_words() -> frozenset[str]:
    from moderation.detectors.address_words import STOP
    from moderation.detectors.function_words import function_words

    return ordinary_words() | STOP | _FUNCTION_WORDS | function_words()


# Where a name's pieces join: "marc-antoine", "o'donnell" (not "don't" or "l'avait").
_NAME_JOIN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])|(?<![^\W\d_])[oOdD]['’](?=[^\W\d_])")


def _joined_name_tokens(text: str, tokens: list[Token], surnames: frozenset[str]) -> list[Token]:
    """Join the pieces of a hyphenated or apostrophe name into one token: "marc-antoine", "o'donnell-price"."""
    if ("-" not in text and "'" not in text and "’" not in text) or not _NAME_JOIN.search(text):
        return tokens
    out: list[Token] = []
    for token in tokens:
        if out and token.form.isalpha() and out[-1].end + 1 == token.start:
            prev = out[-1]
            gap = text[prev.end:token.start]
            if gap == "-" and prev.form[-1:].isalpha() and len(token.form) >= 2:
                out[-1] = Token(prev.start, token.end, prev.form + "-" + token.form, prev.lemmas)
                continue
            if gap in ("'", "’") and prev.form in _APOSTROPHE_PREFIXES and prev.end - prev.start == 1 and (
                    prev.form == "o" or prev.form + token.form in surnames or token.form in surnames):
                out[-1] = Token(prev.start, token.end, prev.form + token.form, prev.lemmas)  # "o'brien" -> "obrien"
                continue
        out.append(token)
    return out


class _NameLists:
    """The lists a lower-case name is read with, and what a word may be in a name."""

    __slots__ = ("firsts", "surnames", "ordinary", "word_names", "everyday", "not_alone", "may_start")

    def __init__(self):
        self.firsts, self.surnames = derived_first_names(), derived_surnames()
        # Function words have no other forms, so the dictionary-derived list lacks them: "from", "when".
        self.ordinary = _ordinary_and_function_words()
        self.word_names = names_that_are_words()  # "paz martínez" is a name, "paz" alone a word
        self.everyday = self.word_names | _FUNCTION_WORDS
        self.not_alone = _words_not_names_alone()
        self.may_start = (self.firsts | self.word_names) - _FUNCTION_WORDS  # what a name's first word may be

    def first(self, form: str) -> bool:
        if "-" not in form:
            return form in self.firsts
        head, *rest = form.split("-")
        return head in self.firsts and all(p in self.firsts or self.surname(p) for p in rest)

    def surname(self, form: str) -> bool:
        if "-" in form:  # "rousseau-martin", "o'donnell-price": one part a surname, none a function word
            parts = form.split("-")
            return any(p in self.surnames for p in parts) and all(p.isalpha() and p not in _FUNCTION_WORDS for p in parts)
        return form.isalpha() and form not in _FUNCTION_WORDS and (
            form in self.surnames or (form not in self.ordinary and len(form) >= 3))

    def rare(self, form: str) -> bool:
        """No ordinary word: "kowalski", "rousseau-martin" (each part a surname), not "ramos" or "rose"."""
        if "-" in form:
            return all(p in self.surnames or p not in self.ordinary for p in form.split("-"))
        return form not in self.ordinary and form not in self.everyday


@functools.cache
def _name_lists() -> _NameLists:
    return _NameLists()


def _read_name(text: str, tokens: list[Token], j: int, lists: _NameLists, *, titled: bool = False,
               strong: bool = False) -> list[Token]:
    """Read a name from tokens[j]: first names, an initial, particles, surnames; return its words.

    The first word must be a first name, or after a title a surname ("mrs dawson", "el doctor x,").
    """
    words: list[Token] = []
    while j < len(tokens) and len(words) < _MAX_NAME_WORDS:
        token = tokens[j]
        if words:
            between = text[words[-1].end:token.start]
            initial = len(words[-1].form) == 1
            if not (between == " " or (initial and between == ". ")):
                break  # a name is not split by punctuation
        form = token.form
        if not form.replace("-", "").isalpha():
            break
        nxt = tokens[j + 1] if j + 1 < len(tokens) else None
        if not words:
            if form in _FUNCTION_WORDS:
                break
            if not lists.first(form) and form not in lists.word_names:
                closes = text[token.end:token.end + 1] in ("", ",", ".", "!", "?", ";", "\n")
                if not (titled and lists.surname(form) and len(form) >= 3
                        and (lists.rare(form) or strong or (form in lists.surnames and closes))):
                    break
        elif (len(form) == 1 and text[token.end:token.end + 2] == ". " and nxt is not None
              and lists.surname(nxt.form) and len(words[-1].form) != 1):
            words.append(token)  # a middle initial: "jonathan r. pierce"
            j += 1
            continue
        elif len(words) == 1 and lists.first(form) and nxt is not None and text[token.end:nxt.start] == " " \
                and lists.surname(nxt.form) and nxt.form not in lists.firsts:
            pass  # a second first name before the surname: "juan carlos pérez", "marie claire dubois"
        elif form in _SURNAME_PARTICLE:
            # "fernando de la fuente", "yannick le goff", "van der berg": particles, then a surname;
            # names-dataset's own particle surnames allow an ordinary word after them ("de la cruz").
            k = j
            while k < len(tokens) and k - j < 2 and tokens[k].form in _SURNAME_PARTICLE and text[tokens[k].end:tokens[k].end + 1] == " ":
                k += 1
            if k >= len(tokens) or k == j or not tokens[k].form.isalpha() or text[tokens[k - 1].end:tokens[k].start] != " ":
                break
            compound = " ".join(t.form for t in tokens[j:k + 1])
            if compound not in lists.surnames and not (lists.surname(tokens[k].form) and lists.rare(tokens[k].form)):
                break
            words += tokens[j:k + 1]
            j = k + 1
            continue
        elif not lists.surname(form):
            break
        if text[token.end:token.end + 1] in ("'", "’"):
            if words and text[token.end + 1:token.end + 2] == "s" and not text[token.end + 2:token.end + 3].isalpha():
                words.append(token)  # "dave kowalski's car": the name ends with its possessive
            break  # "m'a", "l'avait": an elided word, not a name
        words.append(token)
        j += 1
    while words and (len(words[-1].form) == 1 or words[-1].form in _SURNAME_PARTICLE):
        words.pop()  # a name does not end with an initial or a particle
    return words


def _is_public(full: str, public: frozenset[str]) -> bool:
    full = full.replace("-", " ")
    return full in public or full in _public_tails(public)


@functools.lru_cache(maxsize=8)
def _public_tails(public: frozenset[str]) -> frozenset[str]:
    """Every ending after a space of a public figure's name: "biles", "blasey ford", "ford" (one set look-up)."""
    tails = set()
    for name in public:
        words = name.split(" ")
        tails.update(" ".join(words[k:]) for k in range(1, len(words)))
    return frozenset(tails)


def lowercase_names(text: str, tokens: list[Token], public: frozenset[str] = frozenset(), *,
                    lowered: str | None = None) -> list[Signal]:
    """Find names written in lower case, after a role word ("my coach dave kowalski") or alone.

    After a role word: a first name (names-dataset or the hand list), then surnames (names-dataset,
    or a word that is no ordinary word); after a title a surname alone ("mrs dawson"). The role may
    stand a few words before ("le prof de théâtre yannick le goff", "mon patron au resto, karim
    benali"). A first name alone counts only after a title, "named/se llama/un certain" or a friend or
    work role ("ma coloc émilie"), never after a family role ("uncle joe" identifies no one), and
    never when it is an everyday word too (names_that_are_words.txt: "la profesora paz", "my boss will").
    Without a role word, a first name and a surname that is no ordinary word ("tyler mcauliffe"); a
    lone pair of ordinary words ("grace kelly", "rose martin") needs a role word before it.
    """
    lists = _name_lists()
    surnames = lists.surnames
    tokens = _joined_name_tokens(text, tokens, surnames)
    signals: list[Signal] = []
    taken_until = -1
    # Where a role word reaches: token index -> the role token (the nearest one before, in the same clause).
    role_at: dict[int, Token] = {}
    for i, role in enumerate(tokens):
        if role.form not in _ROLE_WORDS:
            continue
        if role.form in ("m", "fr") and (text[role.end:role.end + 2] != ". " or (role.start and not text[role.start - 1].isspace())):
            continue  # "m." and "fr." are titles ("m. girard", "fr. keane"); "i'm" and "fr" (for real) are not
        for k in range(i + 1, min(i + 1 + _ROLE_REACH, len(tokens))):
            if _CLAUSE_BREAK.search(text, tokens[k - 1].end, tokens[k].start):
                break
            role_at.setdefault(k, role)
        # The name right after the role (and its fillers): "my coach dave kowalski", "mrs dawson".
        j = i + 1
        while j < len(tokens) and j - i <= 3 and tokens[j].form in _NAME_FILLERS:
            j += 1
        titled = role.form in _TITLE_WORDS and not (
            role.form in _FAMILY_ROLE_WORDS and _POSSESSIVE_BEFORE.search(text[max(0, role.start - 12):role.start]))
        if j < len(tokens) and tokens[j].start > taken_until:
            gap = text[tokens[j - 1].end:tokens[j].start]
            if role.form in _DOTTED_TITLES and gap.startswith("."):
                gap = gap[1:]
            # A name set off by commas after its role: "my best friend, priya, came", "mi vecina, julia, vio".
            apposition = gap.strip(" \t") == "," and role.form not in _TITLE_WORDS
            if (not gap.strip(" \t") or apposition) and "\n" not in gap:
                words = _read_name(text, tokens, j, lists, titled=titled, strong=role.form in _STRONG_TITLES)
                if not words:
                    words = _capitalised_rare_pair(text, tokens, j, lists)
                if apposition and words and text[words[-1].end:words[-1].end + 1] not in (",", ")"):
                    words = []
                if words and _accept(words, role, titled, lists, public):
                    signals.append(Signal("person_name", words[0].start, words[-1].end,
                                          0.75 if len(words) > 1 else 0.6, "name in lower case after a role word"))
                    taken_until = words[-1].end
    # Full names a few words after a role, or with no role at all.
    may_start = lists.may_start
    taken_until = -1
    after_roles = [(s.start, s.end) for s in signals]
    for j, token in enumerate(tokens):
        if token.form not in may_start and not ("-" in token.form and lists.first(token.form)):
            continue
        if token.start <= taken_until or any(start <= token.start < end for start, end in after_roles):
            continue
        if j and text[tokens[j - 1].end:token.start] in ("-", "'", "’", "_", "@", ".", "/"):
            continue
        words = _read_name(text, tokens, j, lists)
        if len(words) < 2:
            if _before_its_role(text, tokens, j, lists, public):
                signals.append(Signal("person_name", token.start, token.end, 0.6, "first name before a role word"))
            elif reason := _lone_lower_case_name(text, tokens, j, lists, public, role_at.get(j)):
                signals.append(Signal("person_name", token.start, token.end, 0.5, reason))
            continue
        if all(text[w.start].isupper() and not text[w.start:w.end].isupper() for w in words):
            continue  # "Dave Kowalski" is the capitalised reader's; "Dave kowalski" and "DAVE KOWALSKI" are ours
        role = role_at.get(j)
        last = words[-1].form
        if role is None and j and tokens[j - 1].form in _ARTICLES_BEFORE_A_WORD:
            continue  # "un cole de Albacete", "the grace period": a name takes no article
        if token.form in lists.word_names and not (lists.rare(last) and last in surnames):
            # "grace okafor" is a name, "rose martin" or "hope street" are words; "pilar vio todo" a name alone
            if reason := _lone_lower_case_name(text, tokens, j, lists, public, role_at.get(j)):
                signals.append(Signal("person_name", token.start, token.end, 0.5, reason))
            continue
        if role is None:
            if not (lists.rare(last) or last in surnames or (len(words) > 2 and lists.first(words[1].form))):
                continue
            if last in lists.firsts and "-" not in last and not (lists.rare(last) and last in surnames):
                continue  # two first names: "maría josé", "jean paul"
            if _NAMED_AFTER_BEFORE.search(text[max(0, token.start - 40):token.start]):
                continue  # "calle jean jaurès", "lycée victor hugo"
        if not _accept(words, role, False, lists, public):
            continue
        signals.append(Signal("person_name", words[0].start, words[-1].end, 0.75 if role else 0.6,
                              "name in lower case after a role word" if role else "possible full name in lower case"))
        taken_until = words[-1].end
    lowered = lowered if lowered is not None else lower_keeping_length(text)
    signals += _self_named_and_it_was(text, lowered, lists, public)
    signals += _nicknames(lowered, lists, public)
    signals += _possessive_first_names(text, lists, public)
    return drop_overlaps(signals)


# The writer naming themselves ("je suis X, 15 ans", "im X and", "writing this as X r."), and a person
# pointed at with where they belong ("it was X from accounting", "c'était X du 3e", "fue X de compras").
_NAME_SHAPE = r"([^\W\d_]{3,}(?:-[^\W\d_]{2,})?)"
def _cue_words(words: str) -> str:
    """A trie-shaped regex for `|`-separated cue phrases (a space matches any, "'" either apostrophe)."""
    phrases = set()
    for phrase in words.split("|"):
        phrases.add(phrase)
        if "'" in phrase:
            phrases.add(phrase.replace("'", "’"))
    return trie_pattern(sorted(phrases)).replace("\\ ", r"\s+")


# Read on the lower-cased text, and without a word boundary first, so that the engine skips to the cue's
# first letters (a look-behind first made it try every position: 90 µs on 1,000 characters, now 15):
# the boundary is checked on each match (`_starts_word`).
_SELF_NAMED = re.compile(
    "(?:" + _cue_words("je suis|je m'appelle|moi c'est|im|i'm|i am|soy|me llamo|writing this as|signed|firmado|"
                       "signé|signée") + r")\s+" + _NAME_SHAPE
    + r"(?:(\s+[^\W\d_]\.)|(?=\s*(?:[,.!?;:)\n]|$|\s+(?:and|et|y|from|de|del|du|\d))))"
)
_IT_WAS_NAME = re.compile(
    "(?:" + _cue_words("it was|it's|c'était|c'est|era|fue|es") + r")\s+" + _NAME_SHAPE
    + r"(?=\s+(?:from|at|in|du|de|del|d['’]|en|au|who|qui|quien|quién)\b)"
)


def _starts_word(text: str, start: int) -> bool:
    return not start or not (text[start - 1].isalpha())


# A first name alone before 's: "at katya's place", "jessica's brother" (shops named so are left out).
_POSSESSIVE_NAME = re.compile(r"(?<![^\W\d_'’])([^\W\d_]{3,})['’]s(?![^\W\d_])")
_SHOPS = frozenset("wendy denny macy arby kohl dillard chili sbarro claire carl hardee kellogg".split())


def _possessive_first_names(text: str, lists: _NameLists, public: frozenset[str]) -> list[Signal]:
    if "'s" not in text and "’s" not in text:
        return []
    known = known_first_names()
    out = []
    for m in _POSSESSIVE_NAME.finditer(text):
        form = fold(m.group(1))
        if form in lists.everyday or form in _SHOPS or form in _NOT_NAMES_ALONE or _is_public(form, public):
            continue
        if text[m.start(1)].isupper() or not (form in known or (lists.first(form) and lists.rare(form))):
            continue  # capitalised names are the capitalised reader's
        if _NAMED_AFTER_BEFORE.search(text[max(0, m.start() - 40):m.start()]):
            continue
        out.append(Signal("person_name", m.start(1), m.end(1), 0.55, "first name of a person"))
    return out


def _self_named_and_it_was(text: str, lowered: str, lists: _NameLists, public: frozenset[str]) -> list[Signal]:
    known = known_first_names()
    out: list[Signal] = []
    for pattern, reason in ((_SELF_NAMED, "the writer's own name"), (_IT_WAS_NAME, "first name of a person")):
        for m in pattern.finditer(lowered):
            if not _starts_word(lowered, m.start()):
                continue  # "him kevin", "yes anna"
            form = fold(m.group(1))
            if form in lists.everyday or form in _NOT_NAMES_ALONE or _is_public(form, public):
                continue
            if not lists.first(form) or (pattern is _IT_WAS_NAME and not (lists.rare(form) or form in known)):
                continue
            end = m.end(2) if pattern is _SELF_NAMED and m.group(2) else m.end(1)
            out.append(Signal("person_name", m.start(1), end, 0.6, reason))
    return out


def _capitalised_rare_pair(text: str, tokens: list[Token], j: int, lists: _NameLists) -> list[Token]:
    """After a role, two capitalised words that no list has and no dictionary knows: "my manager
    Chukwuemeka Obi"-like names from anywhere (the first-name lists are of a few countries)."""
    if j + 1 >= len(tokens):
        return []
    first, second = tokens[j], tokens[j + 1]
    if text[first.end:second.start] != " ":
        return []
    for token in (first, second):
        shown = text[token.start:token.end]
        if not (shown[:1].isupper() and shown[1:].islower() and len(token.form) >= 3 and token.form.isalpha()
                and lists.rare(token.form)):
            return []
    return [first, second]


def _before_its_role(text: str, tokens: list[Token], j: int, lists: _NameLists, public: frozenset[str]) -> bool:
    """Tell whether tokens[j] is a first name right before its role: "maëlle, ma coloc", "kwame, my supervisor";
    a common one, or one that is a word too, when it opens the sentence ("paz, mi compañera de piso, ...")."""
    token = tokens[j]
    if j + 2 >= len(tokens) or token.form in _FUNCTION_WORDS:
        return False
    if not (token.form in lists.firsts and lists.rare(token.form)) and not (
            text[token.end:token.end + 1] == "," and (token.form in known_first_names() or token.form in lists.word_names)
            and _opens_sentence(text, token.start)):
        return False
    determiner, role = tokens[j + 1], tokens[j + 2]
    return (determiner.form in _ROLE_DETERMINERS and not text[token.end:determiner.start].strip(" ,")
            and role.form in _ROLE_WORDS and role.form not in _NAME_INTRODUCERS
            and not text[determiner.end:role.start].strip() and not _is_public(token.form, public))


# Names of brands, devices and cartoons that names-dataset has as first names too.
_NOT_LONE_LOWER_CASE = frozenset("alexa siri zara elsa ariel luigi mario sonic barbie sephora ine charo".split())
# Verbs that follow a person who starts a sentence: "dolores vio todo", "rose a tout vu", "ximena told me".
_PERSON_VERB_AFTER = re.compile(
    r"\s+(?:said|told|saw|knew|watched|asked|texted|called|helped|drove|screamed|laughed|lied|"
    r"vio|dijo|sabia|sabía|supo|llamo|llamó|me\s+dijo|me\s+llevo|me\s+llevó|lo\s+vio|estaba\s+ahi|estaba\s+ahí|"
    r"a\s+(?:tout\s+)?(?:vu|dit|su|entendu)|savait|m['’]a|l['’]a|etait\s+la|était\s+là)\b"
)


def _lone_lower_case_name(text: str, tokens: list[Token], j: int, lists: _NameLists, public: frozenset[str],
                          role: Token | None) -> str | None:
    """Read a first name alone in lower case; return the signal's reason, or None.

    A first name that is no word anywhere ("kendra", "iker", "ximena") is a name wherever it stands but
    in a place's or a school's name; a common one ("steve", "lucía") only set off by commas after its
    role a few words before ("my manager at the warehouse, steve, ..."); one that is a word too ("paz",
    "rose") only opening a sentence that goes on as a person's does ("dolores vio todo").
    """
    token = tokens[j]
    form = token.form
    if len(form) < 3 or form in _FUNCTION_WORDS or not text[token.start].islower() or form in function_words():
        return None
    if form in lists.firsts and lists.rare(form):
        if j and tokens[j - 1].form in _ARTICLES_BEFORE_A_WORD and text[tokens[j - 1].end:token.start] in (" ", "'", "’"):
            return None  # "le cari", "the kiki": a thing
        reason = "first name of a person"
    else:
        known = form in known_first_names() and form not in lists.word_names
        if role is not None and known and text[token.start - 2:token.start] == ", " \
                and text[token.end:token.end + 1] in ("", ",", ".", "!", "?", ";", "\n", ")") \
                and role.form not in _NAME_INTRODUCERS:
            reason = "first name set off after its role"
        elif (known or form in lists.word_names) and _PERSON_VERB_AFTER.match(text, token.end) \
                and _opens_sentence(text, token.start):
            reason = "first name of a person"
        else:
            return None
    if form in _NOT_NAMES_ALONE or form in _NOT_LONE_LOWER_CASE or _is_public(form, public):
        return None
    before = text[max(0, token.start - 40):token.start]
    if _NAMED_AFTER_BEFORE.search(before) or _PLACE_BEFORE.search(before):
        return None
    return reason


# Articles that no name takes (Spanish says "el juan", "la maría" colloquially, so "el", "la" are left out;
# "a" is a preposition too: "a ximena", "à julien").
_ARTICLES_BEFORE_A_WORD = frozenset("the an this that le les l un une du des ce cette una unos unas este esta".split())


def _opens_sentence(text: str, start: int) -> bool:
    """Tell whether the word at `start` begins the text or a sentence (after . ! ? : ; a line or a quote)."""
    k = start
    while k and text[k - 1].isspace():
        if text[k - 1] == "\n":
            return True
        k -= 1
    return not k or text[k - 1] in ".!?:;\"“«"


# What introduces a nickname: "everyone called him yoyo", "on l'appelait 'le grand'", "le decían el chino".
_NICKNAME_BEFORE = re.compile(
    "(?:" + _cue_words(
        "call him|call her|call them|calls him|calls her|called him|called her|called them|calling him|"
        "known as|nicknamed|aka|a.k.a.|a.k.a|goes by|went by|on l'appelle|on l'appelait|l'appelaient|"
        "tout le monde l'appelle|tout le monde l'appelait|tout le monde dit|surnommé|surnommée|"
        "le llaman|la llaman|lo llaman|le llamaban|la llamaban|lo llamaban|le dicen|la dicen|le decían|"
        "le decian|la decían|la decian|le apodaban|apodado|apodada|alias|conocido como|conocida como|"
        "llamaban|llaman|llamábamos|decían|appelaient|appellent"
    ) + r"),?\s+(?:['‘’\"“«]\s?([^\W\d_][^\W\d_ .'-]*(?:[ -][^\W\d_][^\W\d_]*){0,2})\s?['’\"”»]|([^\W\d_]{2,}))"
)


def _nicknames(lowered: str, lists: _NameLists, public: frozenset[str]) -> list[Signal]:
    """Find a nickname said to be one: quoted, any words; unquoted, one word that is no ordinary word."""
    out = []
    for m in _NICKNAME_BEFORE.finditer(lowered):
        if not _starts_word(lowered, m.start()):
            continue
        group = 1 if m.group(1) else 2
        form = fold(m.group(group))
        if form in _FUNCTION_WORDS or form in lists.ordinary and group == 2 or _is_public(form, public):
            continue  # "they called him a liar", "known as the best coach"
        if group == 2 and (form in lists.everyday or len(form) < 3):
            continue
        end = m.end(group)
        if group == 1:
            surname = _WORD_AFTER_QUOTE.match(lowered, m.end())
            if surname and lists.surname(fold(surname.group(1))) and lists.rare(fold(surname.group(1))):
                end = surname.end(1)  # 'what everyone calls him, "tank" dubois'
        out.append(Signal("person_name", m.start(group), end, 0.55, "nickname of a person"))
    out += _names_around_nicknames(lowered, lists, public)
    return out


_WORD_AFTER_QUOTE = re.compile(r"\s+([^\W\d_]{2,}(?:-[^\W\d_]{2,})?)(?![^\W\d_])")
# A nickname quoted between a first name and a surname: 'josh "j-dawg" hendricks', 'jean-luc "le doc" poirier'.
_QUOTED_MIDDLE = re.compile(
    r"([^\W\d_]{2,}(?:-[^\W\d_]{2,})?)\s+[\"“«‘]\s?[^\"”»’\n]{1,25}?\s?[\"”»’]\s+([^\W\d_]{2,}(?:-[^\W\d_]{2,})?)(?![^\W\d_])"
)


def _names_around_nicknames(lowered: str, lists: _NameLists, public: frozenset[str]) -> list[Signal]:
    if '"' not in lowered and "“" not in lowered and "«" not in lowered and "‘" not in lowered:
        return []
    out = []
    for m in _QUOTED_MIDDLE.finditer(lowered):
        first, last = fold(m.group(1)), fold(m.group(2))
        if not _starts_word(lowered, m.start()) or first in lists.everyday or last in lists.everyday:
            continue
        if not (lists.first(first) or lists.rare(first)) or not (lists.surname(last) and (lists.rare(last) or last in lists.surnames)):
            continue
        if _is_public(f"{first} {last}", public):
            continue
        out.append(Signal("person_name", m.start(1), m.end(2), 0.7, "name with a nickname"))
    return out


def _accept(words: list[Token], role: Token | None, titled: bool, lists: _NameLists, public: frozenset[str]) -> bool:
    if len(words) == 1:
        word = words[0].form
        if role is not None and role.form in _NAME_SAYERS and word in lists.word_names:
            return not _is_public(word, public)  # "my name is hope", "se llama rosa": said to be a name
        if word in lists.everyday or role is None:
            return False  # "la profesora paz", "my boss will"
        if not (titled or role.form in _NAME_INTRODUCERS or lists.rare(word)
                or (word in known_first_names() and word not in _NOT_NAMES_ALONE
                    and role.form not in _FAMILY_ROLE_WORDS)):
            # After a work or friend role a common first name counts ("my boss tom"), no everyday word
            # ("my boss will"); after a family role only a rare one ("uncle dariusz", "my brother declan",
            # not "uncle sam" or "mon oncle patrick": docs/screening.md, by design).
            return False
    return not _is_public(" ".join(w.form for w in words), public)
