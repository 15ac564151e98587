"""Find the names of private people: first names from the word list, titles, role words."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from moderation.detectors.config import ScreeningConfig
from moderation.detectors.signals import Signal
from moderation.detectors.text import LOWER, UPPER, fold, overlaps_any, preceded_by
from moderation.detectors.tokens import Token, strip_accents, tokenize
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
_NAME_GAP = re.compile(r"\s+(?:(?:de la|de los|del|de|da|di|du|van der|van|von|le|la|dos|das|y)\s+)?")
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


def find_person_names(
    text: str, lowered: str, config: ScreeningConfig, *, tokens: list[Token] | None = None,
) -> list[Signal]:
    first_names, not_surnames = known_first_names(), words_not_surnames()
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
                break
            named_context = folded not in first_names and start in introduced
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
    signals += [s for s in lowercase_names(text, tokens, public) if not overlaps_any(s.start, s.end, signals)]
    return signals


def _titled_name(run, start, names_from, title, before, not_surnames, public) -> tuple[Signal | None, int]:
    """Read "Dr. Peter Hanson", "Coach Davis", "el padre Andrés": a title at `start`, names from run[names_from]."""
    names = []
    for token in run[names_from:]:
        if fold(token[0]) in not_surnames or fold(token[0]) in _FAMILY_ROLES:
            break
        names.append(token)
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
    "coach teacher boss manager supervisor professor prof tutor pastor priest father reverend rev doctor dr "
    "dentist therapist landlord neighbour neighbor uncle aunt cousin stepdad stepfather stepbrother boyfriend "
    "ex husband officer sergeant detective captain instructor trainer principal headmaster colleague coworker "
    "mr mrs ms miss sir "
    "entrenador entrenadora profesor profesora profe maestro maestra jefe jefa padre cura doctora médico "
    "vecino vecina tío tía primo prima padrastro novio marido compañero don doña señor señora sr sra monitor "
    "exnovio exnovia expareja exmarido exesposo exjefe ex-novio ex-copain ex-mari "
    "friend mate buddy roommate classmate flatmate amigo amiga colega compañera ami amie copine pote coloc "
    "entraîneur professeur patron chef docteur médecin père abbé voisin voisine oncle tonton tante copain "
    "mari collègue monsieur madame mme moniteur directeur directrice "
    # words that introduce a name
    "name nombre nom called named llama llamaba llamado llamada appelle appelait nomme nommee"
).split())
_NAME_INTRODUCERS = frozenset(strip_accents(w) for w in (
    "name nombre nom called named llama llamaba llamado llamada appelle appelait nomme nommee"
).split())
# Titles are followed by a surname alone as often as by a first name: "mrs dawson", "monsieur girard".
_TITLE_WORDS = frozenset(strip_accents(w) for w in (
    "mr mrs ms miss sir dr doctor father padre pere abbé sr sra señor señora don doña monsieur madame mme "
    "docteur professor profesor profesora professeur coach officer detective sergeant captain"
).split())
# What may stand between a role and the name: "mi profesor de música juan", "my manager at walmart steve".
_ROLE_QUALIFIER = frozenset("de del of at from du d en chez in".split())
# Function words are never a name, whatever a names list says.
_FUNCTION_WORDS = frozenset(strip_accents(w) for w in (
    "the and but was is are were had has have that this there then when what who why how not never "
    "said told asked made took gave got kept would could should will just also still even only always "
    "el la los las un una y que pero fue era es ha me te se le lo nos dijo hizo nunca siempre "
    "le les un une et que mais était est a m t s l nous vous il elle lui dit fait jamais toujours "
    "ella ellos niña niño lancé"
).split())
# Words between the role and the name: "my boss was dave", "mi jefe se llama juanjo", "il s'appelle luc".
_NAME_FILLERS = frozenset("is was named called es era se llama llamado s appelle appelait nomme c est".split())
_SURNAME_PARTICLE = frozenset("de del la las los van von le du da di dos y".split())
# Surnames written with an apostrophe: "o'brien", "d'angelo", "d'souza".
_APOSTROPHE_PREFIXES = frozenset({"o", "d"})
# Titles so plainly followed by a surname that an everyday word after them is one too: "mr henderson", "mrs brown".
_STRONG_TITLES = frozenset(strip_accents(w) for w in "mr mrs ms mme sra sr srta señor señora monsieur madame mademoiselle".split())
_DOTTED_TITLES = frozenset("mr mrs ms dr sr sra srta mme mlle prof".split())  # "ms. patel", "dr. amir haddad"
_MAX_NAME_WORDS = 4  # "juan carlos pérez garcía"


@functools.cache
def _words_not_names_alone() -> frozenset[str]:
    return ordinary_words() | names_that_are_words()


def lowercase_names(text: str, tokens: list[Token], public: frozenset[str] = frozenset()) -> list[Signal]:
    """Find names written in lower case after a role word ("my coach dave kowalski").

    After the role word: a first name (names-dataset or the hand list), then surnames (names-dataset,
    or a word that is no ordinary word); after a title a surname alone ("mrs dawson"). A first name
    alone counts only after a title or "named/se llama/s'appelle" ("father michael", "se llama
    juanjo"), never after a family or work role ("uncle joe" identifies no one), and never when it
    is an everyday word too (names_that_are_words.txt: "la profesora paz", "my boss will").
    """
    firsts, surnames, ordinary = derived_first_names(), derived_surnames(), _words_not_names_alone()
    everyday_names = names_that_are_words()  # "paz martínez" is a name, "paz" alone a word
    everyday = everyday_names | _FUNCTION_WORDS
    signals = []
    for i, role in enumerate(tokens):
        if role.form not in _ROLE_WORDS:
            continue
        j = i + 1
        while j < len(tokens) and j - i <= 3 and tokens[j].form in _NAME_FILLERS:
            j += 1
        if (j + 2 < len(tokens) and tokens[j].form in _ROLE_QUALIFIER and tokens[j + 1].form not in firsts
                and tokens[j + 2].form in firsts):
            j += 2  # "mon prof de sport julien moreau"
        titled = role.form in _TITLE_WORDS
        words: list[Token] = []
        while j < len(tokens) and len(words) < _MAX_NAME_WORDS:
            token = tokens[j]
            between = text[(words[-1].end if words else tokens[j - 1].end):token.start]
            if not words and j == i + 1 and role.form in _DOTTED_TITLES and between.startswith("."):
                between = between[1:]  # "ms. patel"
            if between.strip(" \t,") or "\n" in between or (words and "," in between):
                break  # a name is not split by punctuation
            if not token.form.isalpha():
                break
            if (words and token.form in _APOSTROPHE_PREFIXES and text[token.end:token.end + 1] in ("'", "’")
                    and j + 1 < len(tokens) and tokens[j + 1].start == token.end + 1 and tokens[j + 1].form.isalpha()):
                words += [token, tokens[j + 1]]  # "kevin o'brien"
                j += 2
                continue
            if not words:
                if token.form in _FUNCTION_WORDS:
                    break
                unknown_pair = (  # "doctor amir haddad": two words no list knows, the second a surname or unknown too
                    token.form not in ordinary and len(token.form) >= 3 and j + 1 < len(tokens)
                    and tokens[j + 1].form.isalpha() and len(tokens[j + 1].form) >= 3
                    and (tokens[j + 1].form in surnames or tokens[j + 1].form not in ordinary)
                    and not text[token.end:tokens[j + 1].start].strip(" \t")
                )
                if (token.form not in firsts and token.form not in everyday_names and not unknown_pair
                        and not (titled and token.form in surnames
                                 and (token.form not in ordinary or role.form in _STRONG_TITLES))):
                    break
            elif (len(words) == 1 and token.form in firsts and j + 1 < len(tokens) and tokens[j + 1].form in surnames
                  and not text[token.end:tokens[j + 1].start].strip(" \t")):
                pass  # a second first name before the surname: "juan carlos pérez", "marie claire dubois"
            elif token.form in _SURNAME_PARTICLE:
                if j + 1 >= len(tokens) or tokens[j + 1].form in ordinary:
                    break
                j += 1
                continue
            elif token.form not in surnames and (token.form in ordinary or len(token.form) < 3):
                break
            if text[token.end:token.end + 1] in ("'", "’"):
                break  # "m'a", "l'avait": an elided word, not a name
            words.append(token)
            j += 1
        if not words:
            continue
        if len(words) == 1 and (words[0].form in everyday or not (titled or role.form in _NAME_INTRODUCERS)):
            continue  # "uncle joe", "my boss will", "la profesora paz": a first name alone identifies no one
        full = " ".join(w.form for w in words)
        if full in public or any(full in p.split(" ", 1)[-1:] or p.endswith(" " + full) for p in public if " " in p):
            continue  # "doctor larry nassar" is a public figure, named in the news
        confidence = 0.75 if len(words) > 1 else 0.6
        signals.append(Signal("person_name", words[0].start, words[-1].end, confidence,
                              "name in lower case after a role word"))
    return signals
