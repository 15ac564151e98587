"""Find crisis language: self-harm or suicide, now or in the past."""

from __future__ import annotations

import re
from dataclasses import replace

from moderation.detectors.config import ScreeningConfig, default_config
from moderation.detectors.meaning import classifier_signals, concept_signals
from moderation.detectors.signals import Signal
from moderation.detectors.text import lower_keeping_length, overlaps_any
from moderation.detectors.tokens import Token, tokenize
from moderation.detectors.wordlists import phrase_list

_PAST_MARKERS = re.compile(
    r"\b(?:back\s+then|years\s+ago|at\s+the\s+time|used\s+to|when\s+i\s+was|tried\s+to|attempted|"
    r"as\s+a\s+(?:kid|child|teen|teenager)|at\s+\d{1,2}\b|in\s+(?:19|20)\d{2}|en\s+(?:19|20)\d{2}|"
    r"durante\s+el\s+(?:instituto|insti|colegio)|cuando\s+era|de\s+adolescente|en\s+la\s+adolescencia|"
    r"in\s+(?:high\s+school|my\s+teens|college)|pendant\s+(?:le\s+lycée|le\s+collège|mon\s+adolescence)|au\s+lycée|"
    r"à\s+l['’]adolescence|quand\s+j['’]étais|"
    r"intenté|cuando\s+tenía|hace\s+años|en\s+aquel\s+entonces|de\s+niñ[ao]|de\s+pequeñ[ao]|a\s+los\s+\d{1,2}|"
    r"j['’]ai\s+essayé|quand\s+j['’]avais|à\s+l['’]époque|il\s+y\s+a\s+des\s+années|à\s+\d{1,2}\s+ans|"
    # A wish or feeling told in a past tense: "i wanted to disappear", "j'ai voulu mourir", "quería morirme".
    r"wanted|felt|wished|that\s+night|quería|queria|quise|sentí|senti|deseaba|voulais|voulait|voulu|"
    r"avais\s+envie|j['’ ]?ai\s+cru|pensais|there\s+was\s+a\s+time|for\s+a\s+while\s+there|the\s+old\s+me|"
    r"hubo\s+una?\s+(?:época|epoca|tiempo|etapa)|en\s+es[ea]\s+(?:época|epoca|tiempo|etapa)|tuve|"
    r"il\s+fut\s+un\s+temps|y\s+a\s+eu\s+une\s+p[ée]riode|j['’ ]?ai\s+eu|i\s+was\s+suicidal)\b"
)
_PRESENT_MARKERS = re.compile(
    r"\b(?:still|again|now|tonight|today|these\s+days|lately|right\s+now|every\s+(?:day|night)|some\s+nights|"
    r"since|anymore|todavía|aún|ahora|otra\s+vez|de\s+nuevo|cada\s+(?:día|noche)|hoy|a\s+veces|desde|"
    r"encore|maintenant|ce\s+soir|aujourd['’]hui|tous\s+les\s+(?:jours|soirs)|depuis|parfois)\b"
)
_SENTENCE_BREAK = re.compile(r"[.!?\n]")
# Hyperbole: "me quiero morir de la vergüenza", "i'd rather die than", "je meurs de honte".
_HYPERBOLE_AFTER = re.compile(
    r"\s*(?:de\s+(?:la\s+|l['’]\s*)?(?:vergüenza|verguenza|risa|asco|miedo|hambre|sueño|sueno|calor|frío|frio|envidia|"
    r"aburrimiento|honte|rire|faim|chaud|froid|peur|ennui|jalousie)|of\s+(?:shame|embarrassment|laughter|laughing|boredom|"
    r"cringe|hunger|heat)|laughing|than\b)"
)
# A past crisis told as over: "i got help", "it gets better", "hoy estoy bien", "je vais mieux".
_RECOVERED = re.compile(
    r"\b(?:it\s+(?:gets|got|does\s+get|did\s+get)\s+better|i\s+got\s+help|(?:i['’]?m|i\s+am)\s+(?:so\s+)?(?:safe|glad|grateful|proud|"
    r"doing\s+(?:well|better|ok|okay|fine)|better\s+now|in\s+recovery|clean|happy)|clean\s+since|(?:years?|days?|months?)\s+clean|"
    r"recovered|i\s+survived|hoy\s+(?:estoy|tengo|soy|vivo)|estoy\s+(?:bien|mejor|viva)|ya\s+no\s+es\s+as[ií]|hay\s+salida|"
    r"sal[ií]\s+adelante|limpi[ao]\s+de|je\s+vais\s+(?:bien|mieux)|[çc]a\s+va\s+mieux|j['’]ai\s+arr[êe]t[ée]|aujourd['’]hui\s+je\s+vais|"
    r"contente?\s+d['’]avoir|m['’]en\s+suis\s+sortie?|je\s+m['’]en\s+suis\s+sortie?|"
    r"(?:i['’]?m|i\s+am)\s+(?:ok|okay|fine|good|alright|all\s+right)\s+now|i\s+love\s+my\s+life|"
    r"(?:feel|feeling)\s+like\s+myself\s+again|(?:that|it)\s+was\s+(?:\w+\s+){0,2}(?:years?|yrs?|months?)\s+ago|"
    r"ya\s+estoy\s+bien|amo\s+mi\s+vida|me\s+siento\s+yo\s+otra\s+vez|j['’ ]?aime\s+ma\s+vie|"
    r"aujourd['’ ]?hui\s+[çc]a\s+va|je\s+me\s+reconnais|(?:^|[.!?,;]\s*)(?:mais\s+)?plus\s+maintenant\b|"
    r"(?:^|[.!?,;]\s*)(?:but\s+)?not\s+anymore\b|"
    # Glad it did not happen, life good again, alive and glad, therapy helped, years since.
    r"(?:glad|happy|grateful)\s+i\s+(?:didn['’]?t|did\s+not)|de\s+no\s+haberlo\s+hecho|(?:pas\s+l['’ ]?avoir|l['’ ]?avoir\s+pas)\s+fait|"
    r"(?:life|it)\s+got\s+(?:good|better)|la\s+vida\s+volvi[óo]|la\s+vie\s+est\s+redevenue|"
    r"i['’]?m\s+alive\s+and|estoy\s+viv[ao]\s+y|je\s+suis\s+(?:en\s+vie|vivante?)\s+et|"
    r"(?:therapy|counseling|counselling)\s+helped|terapia\s+me\s+(?:ayud|salv)|th[ée]rapie\s+m['’ ]?a\s+(?:aid|sauv)|"
    r"ped[ií]\s+ayuda|j['’ ]?ai\s+[ée]t[ée]\s+suivie?|in\s+(?:the\s+)?past\s+tense|en\s+pasado|au\s+pass[ée]|"
    r"\b(?:\d+|\w+)\s+(?:years?|yrs|ans|años|anos)\s+(?:sans|sin|without|clean)\b|"
    r"hace\s+m[áa]s\s+de\s+\w+\s+años|[çc]a\s+fait\s+plus\s+de\s+\w+\s+ans)"
)
# Talk about suicide as a subject: "suicide risk goes up", "el riesgo de suicidio", "le risque suicidaire".
_TOPIC_AROUND = re.compile(
    r"\b(?:risk|risks|rate|rates|prevention|statistics|stats|awareness|research|study|studies|riesgo|riesgos|tasa|tasas|"
    r"prevenci[óo]n|estad[íi]sticas|estudio|estudios|risque|risques|taux|pr[ée]vention|statistiques|[ée]tude|[ée]tudes)\b"
)
# Someone else's death by suicide: "my cousin died by suicide", "perdí a mi papá por suicidio".
_ANOTHERS_DEATH_BEFORE = re.compile(
    r"(?:died|passed\s+away|lost\s+(?:\w+\s+){1,3}to|falleci[óo]|muri[óo]|perd[ií]\s+a\s+(?:\w+\s+){1,3}|"
    r"perdu\s+(?:\w+\s+){1,3}|d[ée]c[ée]d[ée]e?)\s*(?:by|to|of|x|por|de|par)?\s*$"
)
# Someone else's life ended ("ma tante a mis fin à ses jours", "se quitó la vida"): a testimony, not a crisis.
_THEIR_LIFE = re.compile(r"\b(?:ses|sus|su|his|her|their|se)\b")
# Pills taken as the doctor said; rope for the washing line.
_ORDINARY_USE_AFTER = re.compile(
    r".{0,50}?(?:doctor|prescri|recet|m[ée]dico|m[ée]decin|clothesline|washing\s+line|tender\s+la\s+ropa|[ée]tendoir|linge|camping|climbing|escalad)"
)
# Someone else's words quoted: "my mom always said i was a burden", "me decía que era una carga".
_QUOTED_BEFORE = re.compile(r"(?:said|told\s+me|called\s+me|dec[ií]a|dijo|dec[ií]an|disait|m['’ ]?a\s+dit|traitait)\b.{0,20}$")
# An ordinary reason to be away or to leave a pet for a while: a wedding, a trip, "for the week".
_ORDINARY_ABSENCE_AFTER = re.compile(
    r".{0,80}?(?:wedding|boda|mariage|vacation|holiday|vacaciones|vacances|trip|viaje|voyage|lawyer|abogad[ao]|avocat|"
    r"for\s+the\s+week|while\s+i['’]?m|mientras\s+estoy|pendant\s+que\s+je|esta\s+semana|cette\s+semaine|"
    r"no\s+vuelvo|never\s+going\s+back|go\s+back|set\s+foot|remets|retourne)"
)
_ABSENCE_KINDS = ("crisis concept: not here next week", "crisis concept: won't be there", "crisis concept: giving things away",
                  "crisis concept: after tonight")
# Wishing someone else dead is anger, not a crisis: "i wish he was dead", "quiero que se muera".
_SOMEONE_ELSE = re.compile(r"\b(?:he|she|they|him|her|them|él|el|ella|ellos|ellas|il|elle|ils|elles|qu['’ ]?il|qu['’ ]?elle|que\s+se)\b")
# A negation right before a phrase ("never", "wasn't", "pas"), but not "can't stop" or "don't want":
# the phrase list holds those whole.
_NEGATED_BEFORE = re.compile(
    r"\b(?:not|never|wasn['’]?t|isn['’]?t|weren['’]?t|ain['’]?t|no\s+soy|no\s+estoy|no\s+era|no\s+estaba|nunca|jamás|jamas|"
    r"pas|jamais|plus)\s+(?:\w+\s+)?$"
)


def _sentence_around(lowered: str, start: int, end: int) -> str:
    window = max(0, start - 200)
    left = max((m.end() for m in _SENTENCE_BREAK.finditer(lowered, window, start)), default=window)
    right = _SENTENCE_BREAK.search(lowered, end)
    return lowered[left:right.start() if right else len(lowered)]


def _is_past(lowered: str, start: int, end: int) -> bool:
    sentence = _sentence_around(lowered, start, end)
    return not _PRESENT_MARKERS.search(sentence) and bool(_PAST_MARKERS.search(sentence))


def _about_the_subject(lowered: str, start: int, end: int) -> bool:
    """Suicide as a subject ("the suicide risk after assault") or someone else's death by suicide."""
    return bool(_TOPIC_AROUND.search(lowered, max(0, start - 16), min(len(lowered), end + 16))
                or _ANOTHERS_DEATH_BEFORE.search(lowered, max(0, start - 40), start))


def find_crisis(
    text: str, *, config: ScreeningConfig | None = None, lowered: str | None = None, tokens: list[Token] | None = None,
) -> list[Signal]:
    """Return crisis signals in `text` (truthy when there is crisis language); fast enough for a request.

    Three readers: the phrase list (`wordlists/crisis.txt`), the concept rules (`wordlists/concepts.txt`,
    over lemmas, words in between allowed) and the classifier. Language about the past ("when i was 15
    i wanted to die") still flags, at a lower confidence: a person looks either way; unless the story
    tells it as over ("i got help", "hoy estoy bien"), or it is hyperbole ("morir de vergüenza").
    """
    config = config or default_config()
    lowered = lowered if lowered is not None else lower_keeping_length(text)
    tokens = tokens if tokens is not None else tokenize(text)
    signals = []
    recovered = None  # whether the story tells a crisis as over: searched once, and only when a past one is found

    def told_as_over() -> bool:
        nonlocal recovered
        if recovered is None:
            recovered = bool(_RECOVERED.search(lowered))
        return recovered

    for m, lang, flag in phrase_list("crisis.txt").finditer(lowered):
        if _NEGATED_BEFORE.search(lowered, max(0, m.start() - 24), m.start()):
            continue  # "i wasn't suicidal", "je ne suis pas suicidaire"
        if _HYPERBOLE_AFTER.match(lowered, m.end()):
            continue
        if _about_the_subject(lowered, m.start(), m.end()):
            continue
        past = flag == "past" or (flag != "mention" and _is_past(lowered, m.start(), m.end()))
        if past and told_as_over():
            continue  # told as over and done with: a testimony, not a crisis
        if flag == "mention":
            signals.append(Signal("crisis", m.start(), m.end(), config.crisis_mention_confidence,
                                  f"mentions suicide [{lang}]"))
        elif past:
            signals.append(Signal("crisis", m.start(), m.end(), config.past_crisis_confidence,
                                  f"self-harm or suicide language, past [{lang}]"))
        else:
            signals.append(Signal("crisis", m.start(), m.end(), config.crisis_confidence,
                                  f"self-harm or suicide language [{lang}]"))
    for s in concept_signals("crisis", text, tokens, about_others_skips=True):
        if overlaps_any(s.start, s.end, signals):
            continue
        if _HYPERBOLE_AFTER.match(lowered, s.end):
            continue
        if _about_the_subject(lowered, s.start, s.end):
            continue
        if s.reason == "crisis concept: wish to die" and _SOMEONE_ELSE.search(lowered, s.start, s.end):
            continue  # "i wish he was dead": anger at someone else
        if s.reason == "crisis concept: end one's life" and _THEIR_LIFE.search(lowered, s.start, s.end):
            continue
        if s.reason in ("crisis concept: overdose", "crisis concept: plan or means") and _ORDINARY_USE_AFTER.match(lowered, s.end):
            continue
        if s.reason == "crisis concept: burden" and _QUOTED_BEFORE.search(lowered, max(0, s.start - 40), s.start):
            continue
        if s.reason in _ABSENCE_KINDS and _ORDINARY_ABSENCE_AFTER.match(lowered, s.end):
            continue
        if _is_past(lowered, s.start, s.end):
            if told_as_over():
                continue
            s = replace(s, confidence=config.past_crisis_confidence, reason=s.reason + ", past")
        signals.append(s)
    for s in classifier_signals("crisis", tokens, already=signals, max_confidence=config.crisis_classifier_max_confidence):
        if _is_past(lowered, s.start, s.end) and told_as_over():
            continue  # the classifier's words are in a past the story tells as over, as for the rules
        signals.append(s)
    return signals
