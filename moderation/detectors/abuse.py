"""Find hostility aimed at survivors: threats, victim-blaming, slurs."""

from __future__ import annotations

import re

from moderation.detectors.concepts import concept, find_matches
from moderation.detectors.config import ScreeningConfig, default_config
from moderation.detectors.meaning import classifier_signals, concept_signals
from moderation.detectors.signals import Signal
from moderation.detectors.text import overlaps_any
from moderation.detectors.tokens import Token, tokenize
from moderation.detectors.wordlists import phrase_list

# Words of the abuser that a survivor quotes ("he said 'you wanted it'") are testimony, not abuse.
# An apostrophe after a letter is an elision ("j'espère"), not a quote.
_REPORTED_SPEECH = re.compile(
    r"(?:\b(?:said|says|saying|told\s+me|telling\s+me|kept\s+saying|would\s+say|used\s+to\s+say|used\s+to\s+tell\s+me|whispered|asked|asking|wrote|posted|texted\s+me|"
    r"diciendo(?:me|nos)?|dici[ée]ndo(?:me|nos)|me\s+escribi[óo]|disant|m['’]a\s+[ée]crit|"
    r"called\s+(?:me|us|them|her)|calling\s+(?:me|us|her)|labell?ed\s+me|me\s+llam(?:ó|o|aba)|nos\s+llamaba|"
    r"me\s+trataba\s+de|m['’]a\s+traitée?\s+de|me\s+traitait\s+de|nous\s+traitait\s+de|me\s+dijo|me\s+decía|me\s+decia|me\s+preguntó|me\s+pregunto|"
    r"m['’]a\s+dit|me\s+disait|m['’]a\s+demandé)\b[^.!?\n]{0,12}|(?:[\"“«]|(?<![^\W\d_])['‘])\s*)$"
)
_REPORTING_VERB = re.compile(
    r"\b(?:said|says|saying|used\s+to\s+say|say(?=\s*[:'\x22‘“«])|told|tells|telling|called|calling|wrote|posted|texted|dijo|dec[ií]a|dec[ií]an|llamaba|llam[oó]|"
    r"diciendo(?:me|nos)?|dici[ée]ndo(?:me|nos)|escribi[óo]|disant|[ée]crit|"
    r"dit|disait|disaient|traitait|trait[ée]e?)\b"
)
_FIRST_PERSON_BEFORE = re.compile(r"\b(?:i|i['’]m|me|my|myself|yo|soy|je|j['’]|moi|suis)\b[^.!?\n]{0,20}$")
_SENTENCE_START_BEFORE = re.compile(r"(?:^|[.!?\n])\s*$")
_STANDS_ALONE_AFTER = re.compile(r"\s*(?:[.!,?]|$)")

# A word of the second person between a first-person word and an insult: "i hope you die, slut" is
# aimed at the reader; "he told everyone i was a slut" is the survivor telling what she was called.
_SECOND_PERSON = re.compile(r"\b(?:you|u|ur|your|youre|tu|t['’]|te|toi|vous|t[uú]|eres|ustedes)\b")
# Blame is often negative ("you shouldn't have gone", "t'aurais pas dû"): a negation there is the blame itself.
_BLAME_WORDS = frozenset({"should", "shouldnt", "shouldve", "shoulda", "debiste", "debias", "deberias", "hubieras",
                          "tenias", "aurais", "fallait", "devais", "avais", "tavais", "pourquoi", "why", "porque", "xq", "pq",
                          "if", "si"})
# "no one", "nobody" and "not hard to find you" hold a negation word that negates nothing of the abuse.
_NOT_A_NEGATION_BEFORE = frozenset({"one", "body", "dificil", "difficile", "hard", "complicado", "complique", "dur"})
_FIRST_PERSON_LABEL = re.compile(
    r"\b(?:i\s+was|i\s+am|i['’]?m|je\s+suis|j['’][ée]tais|yo\s+era|soy|era|que\s+j['’][ée]tais)\b[^.!?\n]{0,25}$"
)
# Support said to the readers, and replies to a commenter who blamed a survivor: "you're not alone", "no es tu culpa",
# "t'as rien fait de mal", "if you're struggling call…", "to the person who commented 'why didn't she leave'". The
# classifier reads their "you" and the blame they answer as abuse; a story that holds them is on the survivors' side.
_SUPPORT = re.compile(
    r"\b(?:(?:you['’]?re|you\s+are|youre|ur)\s+not\s+alone|not\s+your\s+fault|(?:i|we)\s+believe\s+you|sending\s+(?:you\s+)?(?:love|hugs|strength)|"
    r"if\s+(?:you['’]?re|you\s+are|youre)\s+(?:reading|struggling|there|where\s+i\s+was|a\s+(?:guy|man|boy|girl|woman))|"
    r"please\s+(?:reach\s+out|talk\s+to|call|text|use\s+them)|you\s+(?:didn['’]?t|did\s+not)\s+deserve|"
    r"no\s+est[áa]s\s+sol[ao]|no\s+est[áa]is\s+sol[ao]s|no\s+(?:es|fue)\s+(?:tu|vuestra)\s+culpa|(?:yo\s+)?(?:te|os)\s+creo|te\s+creemos|"
    r"no\s+eres\s+menos|mucha\s+fuerza|un\s+abrazo|si\s+(?:eres|est[áa]s|sois|te\s+pas[óo]|os\s+pas[óo])\b|"
    r"(?:tu\s+n['’ ]?es|t['’ ]?es|vous\s+(?:n['’ ]?)?[êe]tes)\s+pas\s+seule?s?|(?:c['’ ]?est|ce\s+n['’ ]?est)\s+pas\s+(?:ta|votre)\s+faute|"
    r"(?:je|on)\s+(?:te|vous)\s+croi[st]?|plein\s+de\s+force|(?:t['’ ]?as|tu\s+n['’ ]?as)\s+rien\s+fait\s+de\s+mal|si\s+tu\s+(?:es|lis|vis)\b|"
    r"hotlines?|helplines?|crisis\s+(?:text\s+)?line|rainn|samaritans|988|l[íi]nea\s+de\s+ayuda|016|3919|3114|119\b)"
)
_REPLY_TO_A_COMMENTER = re.compile(
    r"\b(?:to|a|à)\s+(?:the\s+(?:person|people|guy|one)s?|those|everyone|celui|celle|ceux|celles|los|las|el|la|quien(?:es)?)\s+"
    r"(?:who|qui|que)\s+(?:(?:a|ont|ha|han)\s+)?(?:commented|comment\w*|coment\w*)"
)
_LABEL_KEYS = frozenset({"slur", "calls survivors liars"})
_CUES = frozenset({"abusecue"})
_PLACE_CUE = "where someone lives"


def _quoted(lowered: str, start: int) -> bool:
    return bool(_REPORTED_SPEECH.search(lowered[max(0, start - 40):start])) or _inside_open_quote(lowered, start)


def _inside_open_quote(lowered: str, start: int) -> bool:
    """Tell whether `start` lies inside a quotation opened before it ("he wrote: \"everyone go …\"")."""
    before = lowered[max(0, start - 160):start]
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”") or before.count("«") > before.count("»")


def _negated_inside(tokens: list[Token], start: int, end: int) -> bool:
    """Tell whether a negation stands inside a match that is not blame: "you are not a liar", "you didn't deserve it"."""
    negation = concept("NEG")
    words = [t for t in tokens if start <= t.start < end]
    return not _blame_inside(tokens, start, end) and any(
        negation.matches(t) and not {w.form for w in words[k + 1:k + 3]} & _NOT_A_NEGATION_BEFORE
        for k, t in enumerate(words)
    )


def _blame_inside(tokens: list[Token], start: int, end: int) -> bool:
    return any(t.form in _BLAME_WORDS for t in tokens if start <= t.start < end)


def _negated_before(tokens: list[Token], start: int) -> bool:
    """Tell whether one of the two words before `start` is a negation ("it doesn't mean you wanted it")."""
    negation = concept("NEG")
    before = [t for t in tokens if t.end <= start][-2:]
    after = [t.form for t in tokens if t.start >= start][:1]
    return any(negation.matches(t) for t in before) and not set(after) & _NOT_A_NEGATION_BEFORE


_EXPLAINING_WORDS = re.compile(r"\(words: ([^)]*)\)")
_SCORE = re.compile(r"classifier (\d\.\d+)")
_UNSURE_BELOW = 0.8


def _explained_by_negated_words(tokens: list[Token], signal: Signal) -> bool:
    """Tell whether the words that explain a classifier score are negated: "you are not a liar", "no te lo buscaste".

    The classifier weighs "liar" and "buscaste" whatever comes before them; support says them with a "not".
    """
    found = _EXPLAINING_WORDS.search(signal.reason)
    if not found or _blame_inside(tokens, signal.start, signal.end):
        return False
    words = set(found.group(1).split(", "))
    window = [t for t in tokens if signal.start <= t.start < signal.end]
    negation = concept("NEG")
    explaining = [k for k, t in enumerate(window) if t.form in words or not words.isdisjoint(t.lemmas)]
    return bool(explaining) and all(
        any(negation.matches(window[j]) and window[j + 1].form not in _NOT_A_NEGATION_BEFORE for j in range(max(0, k - 3), k))
        for k in explaining
    )


def _told_about_oneself(lowered: str, start: int) -> bool:
    """Tell whether an insult follows a first-person word with no "you" between ("he told them i was a liar and a …")."""
    before = lowered[max(0, start - 40):start]
    found = _FIRST_PERSON_LABEL.search(before)
    return bool(found) and not _SECOND_PERSON.search(before, found.end())


def _doxxing(text: str, lowered: str, tokens: list[Token], places) -> list[Signal]:
    """Return a signal when a story says where someone lives and calls others to go after them.

    Neither alone is abuse: a survivor may name the street where it happened, or say "go tell
    someone". Together ("she lives at …, go tell her what you think") they point a crowd at a person.
    """
    cues = [m for m in find_matches(text, tokens, _CUES) if not _quoted(lowered, tokens[m.start].start)]
    calls = [m for m in cues if m.rule.key != _PLACE_CUE]
    if not calls:
        return []
    where = [(s.start, s.end) for s in places]
    where += [(tokens[m.start].start, tokens[m.end].end) for m in cues if m.rule.key == _PLACE_CUE]
    if not where:
        return []
    call = calls[0]
    start, end = tokens[call.start].start, tokens[call.end].end
    return [Signal("abuse", start, end, 0.8, "abuse: where someone lives, with a call to go after them (doxxing)")]


def find_abuse(
    text: str, lowered: str, *, config: ScreeningConfig | None = None, tokens: list[Token] | None = None,
    places: list[Signal] = (),
) -> list[Signal]:
    """Return abuse signals: the phrase list, the concept rules and the classifier, minus quoted words of an abuser.

    `places` are the story's address signals: with a call to go after someone they are doxxing.
    """
    config = config or default_config()
    tokens = tokens if tokens is not None else tokenize(text)
    signals = []
    for m, lang, flag in phrase_list("abuse.txt").finditer(lowered):
        before = lowered[max(0, m.start() - 40):m.start()]
        if _quoted(lowered, m.start()) or _negated_before(tokens, m.start()):
            continue
        if flag == "label" and _FIRST_PERSON_BEFORE.search(before):
            continue
        if flag in ("alone", "start") and not _SENTENCE_START_BEFORE.search(before):
            continue
        if flag == "alone" and not _STANDS_ALONE_AFTER.match(lowered, m.end()):
            continue
        signals.append(Signal("abuse", m.start(), m.end(), 0.8, f"hostility aimed at survivors [{lang}]"))

    def skip(start: int, end: int) -> bool:
        return _quoted(lowered, start) or _negated_inside(tokens, start, end) or (
            _negated_before(tokens, start) and not _blame_inside(tokens, start, end))

    reply = None  # whether the story answers a commenter: read once, and only when an insult or a score needs it

    def answers_a_commenter() -> bool:
        nonlocal reply
        if reply is None:
            reply = bool(_REPLY_TO_A_COMMENTER.search(lowered))
        return reply

    signals += [
        s for s in concept_signals("abuse", text, tokens, skip=skip)
        if not overlaps_any(s.start, s.end, signals)
        and not (s.reason.removeprefix("abuse concept: ") in _LABEL_KEYS and _told_about_oneself(lowered, s.start))
        and not (s.reason == "abuse concept: insult" and answers_a_commenter())  # "to the one who commented '…': shut up"
    ]
    if not signals:
        signals += _doxxing(text, lowered, tokens, places)
    def skip_window(start: int, end: int) -> bool:
        # A window holding "he said …" reports an abuser's words; the classifier cannot tell whose they are.
        return _quoted(lowered, start) or bool(_REPORTING_VERB.search(lowered, start, end))

    scored = classifier_signals("abuse", tokens, already=signals, skip=skip_window,
                                max_confidence=config.abuse_classifier_max_confidence)
    if scored and (answers_a_commenter() or _SUPPORT.search(lowered)):
        return signals  # the classifier is not heard in a story that supports survivors or answers their blamers
    return signals + [s for s in scored if not _explained_by_negated_words(tokens, s) and not _one_word_and_unsure(s)]


def _one_word_and_unsure(signal: Signal) -> bool:
    """Tell whether a classifier score near its threshold is explained by a single word ("on verra si la plainte
    aboutit": "verra"): a threat or an insult the classifier is unsure of shows in more than one word."""
    found = _EXPLAINING_WORDS.search(signal.reason)
    score = _SCORE.search(signal.reason)
    return bool(found and score) and ", " not in found.group(1) and float(score.group(1)) < _UNSURE_BELOW
