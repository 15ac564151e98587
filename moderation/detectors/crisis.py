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
    r"il\s+fut\s+un\s+temps|y\s+a\s+eu\s+une\s+p[ée]riode|j['’ ]?ai\s+eu|i\s+was\s+suicidal|"
    # The same without accents, as phones write them, and the past of "to be" ("self harm was my secret").
    r"a\s+l['’ ]?[ée]poque|quand\s+j['’ ]?[ée]tais|cuando\s+ten[ií]a|hace\s+(?:\d+\s+|\w+\s+)?a[ñn]os|intent[ée]|j['’ ]?ai\s+essay[ée]|"
    r"(?:à|a)\s+\d{1,2}\s+ans|(?:à|a)\s+l['’ ]?adolescence|au\s+lyc[ée]e|il\s+y\s+a\s+(?:\d+|\w+)\s+ans|"
    r"was|were|had\s+been|era|fue|estaba|estuve|c['’ ]?[ée]tait|j['’ ]?[ée]tais|[ée]tait|j['’ ]?avais|"
    r"in\s+my\s+(?:teens|twenties|thirties|20s|30s)|pensaba|pens[ée]|en\s+la\s+(?:prepa|secundaria|uni|universidad|facultad)|"
    r"en\s+el\s+(?:insti|instituto|colegio)|au\s+coll[èe]ge|à\s+la\s+fac|a\s+la\s+fac)\b"
)
# Past markers read in the match's own clause only ("i got help before but it didn't work, i want to die" is now):
# "i had", "i didn't", and a span of ages or years ("from 15 to 19", "de 2014 a 2019", "entre 16 et 18 ans").
_PAST_IN_CLAUSE = re.compile(
    r"\b(?:had|didn['’]?t|did\s+not|from\s+(?:\d{1,2}|(?:19|20)\d{2})\s+(?:to|till|until|-)\s+\d{1,4}|"
    r"de\s+los\s+\d{1,2}\s+a\s+los\s+\d{1,2}|de\s+(?:19|20)\d{2}\s+a\s+(?:19|20)\d{2}|entre\s+(?:los\s+)?\d{1,4}\s+y\s+(?:los\s+)?\d{1,4}|"
    r"de\s+\d{1,4}\s+(?:à|a)\s+\d{1,4}|entre\s+\d{1,4}\s+et\s+\d{1,4})\b"
)
# Present markers. A strong one anywhere in the sentence makes crisis language current ("i still want
# to die", "otra vez", "ce soir"); a weak one ("now", "today", "every night", "depuis") only in the match's
# own clause and when that clause tells no past ("back then i thought about it every night" is the past;
# "i tried at 19, now i'm 34" is a past attempt and a present age).
_STRONG_PRESENT = re.compile(
    r"\b(?:still|again|tonight|last\s+night|right\s+now|rn|these\s+days|lately|anymore|any\s+more|todavía|todavia|aún|otra\s+vez|"
    r"de\s+nuevo|esta\s+noche|anoche|ahora\s+mismo|últimamente|ultimamente|encore|ce\s+soir|hier\s+soir|en\s+ce\s+moment|ces\s+temps[\s-]ci)\b"
)
_WEAK_PRESENT = re.compile(
    r"\b(?:now|today|every\s+(?:day|night)|some\s+nights|since|ahora|hoy|cada\s+(?:día|dia|noche)|a\s+veces|desde|"
    r"maintenant|aujourd['’ ]?hui|tous\s+les\s+(?:jours|soirs)|depuis|parfois|des\s+fois|sometimes)\b"
)
# "Anymore" in a clause told in the past: "in 2019 i told my mom i didn't want to be alive anymore".
_PAST_ANYMORE = re.compile(r"\b(?:didn['’]?t|did\s+not)\b[^,;:.!?\n]{0,60}?\b(?:anymore|any\s+more)\b")
# "Still" that says one survived, not that the crisis goes on: "i'm still here", "sigo viva", "toujours en vie".
_STILL_HERE = re.compile(
    r"\b(?:(?:i['’]?m|i\s+am)\s+still\s+(?:here|alive|standing)|sigo\s+(?:aqu[ií]|viva|vivo|en\s+pie)|"
    r"(?:je\s+suis|j['’ ]?suis)\s+(?:toujours|encore)\s+(?:l[àa]|en\s+vie|debout))"
)
# ... and, after a crisis told in the past, that one survived it ("je suis toujours là et j'y tiens"), unless a
# "but" or "for now" follows ("i'm still here but i don't know for how long").
_SURVIVED = re.compile(
    _STILL_HERE.pattern + r"(?!\s*,?\s*(?:but|pero|mais|for\s+now|por\s+ahora|pour\s+l['’ ]?instant|barely|apenas|[àa]\s+peine|somehow|de\s+milagro))"
)
# Where a clause ends inside a sentence: punctuation, or a word that turns the sentence ("but", "pero", "mais").
_CONTRAST = re.compile(r"\b(?:but|though|although|yet|pero|aunque|sin\s+embargo|mais|pourtant|sauf\s+que)\b")
_CLAUSE_BREAK = re.compile(r"[,;:]|" + _CONTRAST.pattern)
_SENTENCE_BREAK = re.compile(r"[.!?\n]")
# Hyperbole: "me quiero morir de la vergüenza", "i'd rather die than", "je meurs de honte".
_HYPERBOLE_AFTER = re.compile(
    r"\s*(?:de\s+(?:la\s+|l['’]\s*)?(?:vergüenza|verguenza|risa|asco|miedo|hambre|sueño|sueno|calor|frío|frio|envidia|"
    r"aburrimiento|honte|rire|faim|chaud|froid|peur|ennui|jalousie)|of\s+(?:shame|embarrassment|laughter|laughing|boredom|"
    r"cringe|hunger|heat)|laughing|than\b)"
)
# A crisis told as over, in words that say it changed: "i'm in a good place now", "i don't feel that way
# anymore", "ya pasó", "lo superé", "je vais mieux", "c'est derrière moi". Found in the match's own sentence
# (not across a "but"), they make it a testimony; they are also blanked out of the sentence before its
# present markers are read ("today i'm doing better" says today, not today in danger). Words a person in
# crisis also says ("i want to live, i just…", "les digo que estoy bien", "i'm fine now") are weaker cues,
# below: they count only for language told in the past.
_OVER = re.compile(
    r"\b(?:(?:i['’]?m|i\s+am)\s+(?:so\s+|much\s+|a\s+lot\s+|way\s+)*(?:doing\s+(?:so\s+|much\s+|a\s+lot\s+|way\s+)*better|better\s+now|in\s+recovery|"
    r"in\s+a\s+(?:good|better|much\s+better)\s+place|glad\s+to\s+be\s+(?:alive|here)|happy\s+to\s+be\s+(?:alive|here)|grateful\s+to\s+be\s+(?:alive|here))|"
    r"recovered|(?:do\s+not|don['’]?t|no\s+longer)\s+feel\s+(?:that\s+way|like\s+that|that\s+anymore)|"
    r"(?:that['’]?s|it['’]?s|is|are)\s+(?:all\s+)?behind\s+me|those\s+(?:days|years|thoughts)\s+are\s+(?:over|gone)|i\s+chose\s+to\s+live|"
    r"(?:learned|learnt)\s+to\s+live\s+with|(?:gave|given)\s+me\s+my\s+life\s+back|(?:feel|feeling)\s+like\s+myself\s+again|"
    r"(?:glad|happy|grateful)\s+i\s+(?:didn['’]?t|did\s+not)|(?:life|it)\s+got\s+(?:good|better)|"
    r"(?:that|it)\s+was\s+(?:\w+\s+){0,2}(?:years?|yrs?|months?)\s+ago|in\s+(?:the\s+)?past\s+tense|"
    r"(?:that|it|this)\s+was\s+(?:in\s+|back\s+in\s+)?(?:19|20)\d{2}\b|it['’]?s\s+been\s+(?:\d+|\w+)\s+years|"
    r"(?:that|it|this)\s+was\s+(?:back\s+)?(?:in\s+)?(?:high\s+school|middle\s+school|college|uni|my\s+teens|a\s+long\s+time\s+ago|another\s+life)\b|"
    r"eso\s+fue\s+(?:en\s+el\s+(?:insti|instituto|colegio)|hace\s+mucho|en\s+otra\s+vida)|"
    r"c['’ ]?[ée]tait\s+(?:au\s+lyc[ée]e|au\s+coll[èe]ge|il\s+y\s+a\s+longtemps|dans\s+une\s+autre\s+vie)|"
    r"(?:pulled|got|helped|carried)\s+me\s+through|han\s+pasado\s+(?:\d+|\w+)\s+a[ñn]os|me\s+sac(?:[óo]|aron)\s+(?:adelante|de\s+ah[ií])|"
    r"(?:[çc]a|cela)\s+fait\s+(?:\d+|\w+)\s+ans\s+que|m['’ ]?(?:a|ont)\s+sortie?\s+de\s+l[àa]|"
    r"hoy\s+me\s+siento\s+(?:mejor|feliz|tranquila|tranquilo)|(?<!no\s)estoy\s+(?:mucho|muchísimo|muchisimo)\s+mejor|"
    r"ya\s+no\s+es\s+as[ií]|ya\s+no\s+me\s+siento\s+as[ií]|sal[ií]\s+adelante|ya\s+pas[óo]|(?:eso\s+)?qued[óo]\s+atr[áa]s|"
    r"(?<!no\s)lo\s+super[ée]|me\s+recuper[ée]|aprend[íi]\s+a\s+vivir\s+con|me\s+devolvi[óo]\s+la\s+vida|me\s+siento\s+yo\s+otra\s+vez|"
    r"de\s+no\s+haberlo\s+hecho|la\s+vida\s+volvi[óo]|en\s+pasado|"
    r"je\s+vais\s+(?:beaucoup\s+|bien\s+|tellement\s+)?mieux|[çc]a\s+va\s+(?:beaucoup\s+|bien\s+|tellement\s+)mieux|"
    r"(?:je\s+)?m['’ ]?en\s+suis\s+sortie?|(?:c['’ ]?est|tout\s+[çc]a\s+est)\s+(?:bien\s+)?derri[èe]re\s+moi|je\s+ne\s+ressens\s+plus|"
    r"j['’ ]?ai\s+appris\s+[àa]\s+vivre\s+avec|m['’ ]?a\s+rendu\s+(?:la|ma)\s+vie|je\s+me\s+reconnais|"
    r"(?:pas\s+l['’ ]?avoir|l['’ ]?avoir\s+pas)\s+fait|la\s+vie\s+est\s+redevenue|c['’ ]?est\s+fini\s+depuis|au\s+pass[ée]|"
    r"(?:\d+|\w+)\s+(?:years?|yrs|ans|años|anos)\s+(?:sans|sin|without|clean)\b|"
    # A time since the last time: "five years since the last time i hurt myself", "hace dos años que no me corto".
    r"(?:\d+|\w+)\s+(?:years?|yrs|months)\s+since\s+(?:i\s+last|the\s+last|my\s+last)|(?:been\s+)?clean\s+for\s+(?:\d+|\w+)\s+(?:years?|yrs|months)|"
    r"hace\s+(?:m[áa]s\s+de\s+)?(?:\d+|\w+)\s+(?:años|anos|meses)\s+(?:ya\s+)?que\s+(?:ya\s+)?no\b|"
    r"(?:[çc]a|cela)\s+fait\s+(?:plus\s+de\s+)?(?:\d+|\w+)\s+(?:ans|mois)\s+que\s+je\s+(?:ne|n['’ ])|"
    r"hace\s+m[áa]s\s+de\s+\w+\s+años|[çc]a\s+fait\s+plus\s+de\s+\w+\s+ans)"
)
# Weaker signs that a crisis is over, for the whole story, and only for crisis language told in the past.
_RECOVERED_WEAK = re.compile(
    r"\b(?:it\s+(?:gets|got|does\s+get|did\s+get)\s+better|(?:i\s+)?got\s+(?:real\s+|some\s+|the\s+)?(?:help|through|better)|"
    # A present age after a crisis told in the past: "i'm 34 now", "hoy tengo 34", "j'en ai 31".
    r"(?:i['’]?m|i\s+am)\s+\d{2}\s+now|now\s+i['’]?m\s+\d{2}|(?:hoy|ahora)\s+tengo\s+\d{2}|tengo\s+\d{2}\s+(?:años\s+|anos\s+)?y|"
    r"j['’ ]?en\s+ai\s+\d{2}|(?:aujourd['’ ]?hui|maintenant)\s+j['’ ]?ai\s+\d{2}\s+ans|"
    r"(?:i['’]?m|i\s+am)\s+(?:so\s+)?(?:safe|glad|grateful|proud|clean|happy|doing\s+(?:well|ok|okay|fine|good))|"
    r"(?:i['’]?m|i\s+am)\s+(?:ok|okay|fine|good|alright|all\s+right)\s+(?:now|today)|today\s+i['’]?m\s+(?:ok|okay|fine|good|well)|"
    r"clean\s+since|(?:years?|days?|months?)\s+clean|i\s+survived|(?:i\s+)?(?:made|came)\s+it\s+(?:through|out)|"
    r"i\s+(?:really\s+)?want\s+to\s+live|i\s+love\s+my\s+life|(?:therapy|counseling|counselling|meds|medication)\s+(?:helped|saved|works)|"
    r"i['’]?m\s+alive\s+and|(?:^|[.!?,;]\s*)(?:but\s+)?not\s+anymore\b|"
    r"hoy\s+(?:estoy|tengo|soy|vivo)|(?<!no\s)estoy\s+(?:bien|mejor)(?!\s*(?:muert|sin|lejos))|estoy\s+viv[ao]|limpi[ao]\s+de|"
    r"(?<!no\s)hay\s+salida|(?<!no\s)(?:tengo|siento)\s+ganas\s+de\s+vivir|(?<!no\s)quiero\s+vivir|amo\s+mi\s+vida|terapia\s+me\s+(?:ayud|salv)|"
    r"ped[ií]\s+ayuda|(?:estoy|sigo)\s+en\s+terapia|voy\s+a\s+terapia|"
    r"aujourd['’ ]?hui\s+(?:je|[çc]a\s+va)|contente?\s+d['’ ]?(?:avoir|[êe]tre\s+(?:en\s+vie|l[àa]))|je\s+vais\s+bien|[çc]a\s+va\s+mieux|"
    r"j['’ ]?ai\s+(?:tr[èe]s\s+)?envie\s+de\s+vivre|je\s+veux\s+vivre|j['’ ]?aime\s+ma\s+vie|th[ée]rapie\s+m['’ ]?a\s+(?:aid|sauv)|"
    r"je\s+suis\s+(?:en\s+vie|vivante?)\s+et|j['’ ]?ai\s+[ée]t[ée]\s+suivie?|je\s+suis\s+suivie?|je\s+vois\s+une?\s+psy|"
    r"j['’ ]?ai\s+arr[êe]t[ée]\s+de\s+(?:me|m['’ ])|(?:mais\s+)?plus\s+maintenant\b|"
    r"ya\s+no\s+lo\s+hago|ya\s+no\s+me\s+corto|(?:don['’]?t|do\s+not)\s+(?:do\s+(?:it|that)|cut)\s+anymore|haven['’]?t\s+(?:cut|done\s+it)\s+(?:in|for)|"
    r"je\s+ne\s+le\s+fais\s+plus|que\s+j['’ ]?ai\s+arr[êe]t[ée]|(?:now\s+)?i\s+(?:help|volunteer|work\s+with)\s+(?:other|people|girls|women|survivors|kids|teens)|"
    r"(?:ahora\s+)?(?:trabajo|ayudo)\s+(?:ayudando|a\s+otr|con\s+)|ayudando\s+a\s+otr|j['’ ]?(?:aide|accompagne)\s+(?:d['’ ]?autres|des|les))"
)


# A recovery someone else believes in: "my mom thinks i'm better", "mi madre cree que estoy mejor", "ils pensent que
# je vais bien" is what a person in crisis says of the people around them, not a recovery.
_DOUBTED_RECOVERY = re.compile(
    r"\b(?:thinks?|believes?|says?|cree|creen|piensa|piensan|dice|dicen|croit|croient|pense|pensent|dit|disent)\s+"
    r"(?:that\s+|que\s+|qu['’ ]?)?(?:i['’]?m|i\s+am|im|estoy|je\s+vais|je\s+suis|j['’ ]?suis|[çc]a\s+va)\s+\w+"
)


# Life now, told after a past crisis: "today i'm back in school", "hoy he vuelto a pintar", "ahora madrugo",
# "aujourd'hui je suis pair-aidante", "i'm alive in 2024"; the means thrown away ("je les ai jetées").
# Weaker than the rest: read for crisis language told in the past, not to silence the classifier (see find_crisis).
_LIFE_NOW = re.compile(
    r"\b(?:"
    r"(?:^|[.!?,;:]\s*)(?:today|now|nowadays|these\s+days|hoy(?:\s+en\s+d[ií]a)?|ahora|aujourd['’ ]?hui|maintenant|d[ée]sormais)\s*,?\s+"
    r"(?:i\b|i['’]m|im\b|ive\b|yo\b|he\s+\w+|tengo|soy|estoy|vivo|trabajo|\w+o\b|je\b|j['’ ]|on\s)|"
    r"(?:i['’]?m|i\s+am)\s+(?:still\s+)?alive\b(?!\s+but)|"
    r"(?:threw|thrown|tossed|flushed)\s+(?:them|it|the\s+\w+)\s+(?:away|out)|(?:las|los|la|lo)\s+tir[ée]|"
    r"(?:les|l['’ ])\s*ai\s+jet[ée]e?s?"
    r")"
)


def _recovered(text: str) -> bool:
    text = _blank(text, _DOUBTED_RECOVERY)
    return bool(_OVER.search(text) or _RECOVERED_WEAK.search(text) or _SURVIVED.search(text) or _LIFE_NOW.search(text))


# Talk about suicide as a subject: "suicide risk goes up", "el riesgo de suicidio", "le risque suicidaire".
_TOPIC_AROUND = re.compile(
    r"\b(?:risk|risks|rate|rates|prevention|statistics|stats|awareness|research|study|studies|riesgo|riesgos|tasa|tasas|"
    r"prevenci[óo]n|estad[íi]sticas|estudio|estudios|risque|risques|taux|pr[ée]vention|statistiques|[ée]tude|[ée]tudes)\b"
)
# Someone else's death by suicide: "my cousin died by suicide", "perdí a mi papá por suicidio".
_ANOTHERS_DEATH_BEFORE = re.compile(
    r"(?:died|passed\s+away|lost\s+(?:\w+\s+){1,3}to|falleci[óo]|muri[óo]|perd[ií]\s+a\s+(?:\w+\s+){1,3}|"
    r"perdu\s+(?:\w+\s+){1,3}|d[ée]c[ée]d[ée]e?|s['’ ]?est|(?:he|she|they)\s+(?:committed|attempted)|(?:él|el|ella)\s+se)\s*(?:by|to|of|x|por|de|par)?\s*$"
)
# Someone else's life ended ("ma tante a mis fin à ses jours", "se quitó la vida"): a testimony, not a crisis.
_THEIR_LIFE = re.compile(r"\b(?:ses|sus|su|his|her|their|se)\b")
# Pills taken as the doctor said; rope for the washing line.
_ORDINARY_USE_AFTER = re.compile(
    r".{0,50}?(?:doctor|prescri|recet|m[ée]dico|m[ée]decin|clothesline|washing\s+line|tender\s+la\s+ropa|[ée]tendoir|linge|camping|climbing|escalad)"
)
# An everyday use of a means word, for the classifier's windows ("pills for my headache", "je me coupe les
# cheveux"): the classifier weighs "pills" and "coupe" without knowing what for; the rules know their own cases.
_EVERYDAY_USE = re.compile(
    r"\b(?:headaches?|migraines?|(?:a|my)\s+cold|flu|cough|allerg\w*|cramps|hangover|dolor\s+de\s+(?:cabeza|muelas|espalda)|"
    r"resfriado|gripe|tos|alergia|mal\s+de\s+(?:t[êe]te|dos|dents|ventre)|rhume|grippe|toux|hair|haircut|bangs|fringe|pelo|flequillo|"
    r"cheveux|frange|onions?|cebollas?|oignons?|l[ée]gumes|vegetables|verduras|cooking|cocinando|cuisinant)\b"
)
# A help line named or recommended ("called the hotline at 2am", "llama a la línea de ayuda", "appelle le 3114"),
# and a letter never sent or destroyed (a therapist's exercise): the classifier reads the words of a crisis in
# both; a crisis now still shows by a present marker or a rule.
_HELP_LINE = re.compile(
    r"\b(?:hotlines?|helplines?|lifeline|crisis\s+(?:line|text\s+line|center|centre)|samaritans|rainn|988|911|"
    r"l[íi]nea\s+(?:de\s+)?(?:ayuda|prevenci[óo]n|crisis|024)|tel[ée]fono\s+de\s+la\s+esperanza|024|"
    r"ligne\s+d['’ ]?[ée]coute|sos\s+amiti[ée]|3114|3919|num[ée]ro\s+(?:d['’ ]?[ée]coute|vert))\b"
)
# A help line is recommended to someone ("if you're struggling call…", "si estás mal llama…", "appelle le 3114").
_ADDRESSED_TO_READER = re.compile(
    r"\b(?:you|your|youre|u|ur|if\s+you|call|text|reach\s+out|t[úu]|si\s+est[áa]s|llama|llamen|escribe|usted|vous|tu|si\s+tu|appelle|appelez)\b"
)
_LETTER_NEVER_SENT = re.compile(
    r"\b(?:letters?|notes?|cartas?|lettres?|mots?)\b.{0,60}?\b(?:never\s+(?:sent|send|mailed)|won['’]?t\s+send|burn\w*|tore|torn|ripped|"
    r"nunca\s+(?:le\s+|les\s+)?(?:mand|envi)\w*|quem\w*|romp\w*|rot[ao]|jamais\s+envoy\w*|enverrai\s+jamais|br[uû]l\w*|d[ée]chir\w*)"
)
# Not wanting to tell more: "i don't want to go into details", "no quiero entrar en detalles", "je veux pas rentrer
# dans les détails": a testimony's reserve, whose "don't want" the classifier weighs as a crisis's.
_NOT_TELLING_MORE = re.compile(
    r"\b(?:(?:don['’]?t|do\s+not|dont)\s+(?:want|wanna|need)\s+to\s+(?:go|get)\s+into\s+(?:it|details?|that|the\s+details)|"
    r"no\s+(?:quiero|voy\s+a)\s+(?:entrar|meterme)\s+en\s+(?:detalles?|eso)|"
    r"(?:veux|vais)\s+pas\s+(?:rentrer|entrer)\s+dans\s+les\s+d[ée]tails|sans\s+(?:rentrer|entrer)\s+dans\s+les\s+d[ée]tails|"
    r"without\s+going\s+into\s+details?|sin\s+entrar\s+en\s+detalles?)"
)
# Someone else's words quoted: "my mom always said i was a burden", "me decía que era una carga".
_QUOTED_BEFORE = re.compile(r"(?:said|told\s+me|called\s+me|dec[ií]a|dijo|dec[ií]an|disait|m['’ ]?a\s+dit|traitait)\b.{0,20}$")
# Someone else's words about me, told: "he told me i'd be better off dead", "me dijo que mejor muerta que con
# otro", "il m'a dit que je serais mieux morte". Words said to me by another person, not mine: a testimony of
# what was said, unless the crisis is set in the present ("he told me to kill myself and tonight i will").
_SAID_TO_ME = re.compile(
    r"\b(?:told\s+me|tell(?:s|ing)?\s+me|(?<!\bi\s)(?:said|says|saying|kept\s+saying|would\s+say)\s+(?:to\s+me\s+)?(?:that\s+)?(?:i\b|i['’]|id\b|im\b)|"
    r"called\s+me|texted\s+me|wrote\s+(?:to\s+)?me|screamed\s+at\s+me|yelled\s+at\s+me|"
    r"me\s+(?:dijo|dec[ií]a|dijeron|dec[ií]an|repet[ií]a|escrib[ií]a|escribi[óo]|gritaba|grit[óo]|llamaba|llam[óo])|"
    r"m['’ ]?(?:a|ont|avait)\s+(?:dit|[ée]crit|cri[ée]|r[ée]p[ée]t[ée]|trait[ée]e?)|me\s+(?:disait|disaient|r[ée]p[ée]tait|traitait|criait|[ée]crivait))\b"
)


def _said_to_me(lowered: str, start: int) -> bool:
    """Tell whether crisis words at `start` are another person's words to me, told in the same sentence, no turn between."""
    window = max(0, start - 90)
    left = max((m.end() for m in _SENTENCE_BREAK.finditer(lowered, window, start)), default=window)
    said = None
    for match in _SAID_TO_ME.finditer(lowered, left, start):
        said = match  # the last "he told me" before the words
    return said is not None and not _CONTRAST.search(lowered, said.end(), start)
# An ordinary reason to be away or to leave a pet for a while: a wedding, a trip, "for the week".
_ORDINARY_ABSENCE_AFTER = re.compile(
    r".{0,80}?(?:wedding|boda|mariage|vacation|holiday|vacaciones|vacances|trip|viaje|voyage|lawyer|abogad[ao]|avocat|"
    r"for\s+the\s+week|while\s+i['’]?m|mientras\s+estoy|pendant\s+que\s+je|esta\s+semana|cette\s+semaine|"
    r"no\s+vuelvo|never\s+going\s+back|go\s+back|set\s+foot|remets|retourne)"
)
# An ordinary leaving near a goodbye or things given away: a last day at work or school, colleagues, a move
# ("last day at the warehouse, said goodbye to everyone", "me mudo y regalo los muebles", "pot de départ").
_ORDINARY_LEAVING = re.compile(
    r"\b(?:last\s+(?:day|shift)\s+(?:at|of|in)\s+(?:the\s+|my\s+)?(?!life|earth|this)\w+|co-?workers?\b|colleagues?\b|"
    r"room-?mates?\b|flat-?mates?\b|moved\s+(?:back|out|in|away|to)\b|(?:before|after|for)\s+the\s+move\b|compa[ñn]er[oa]s\s+de\s+piso|colocs?\b|colocataires?|"
    r"farewell\s+(?:party|drinks|lunch|card)|leaving\s+(?:party|do|drinks)|packed\s+(?:up\s+)?my\s+desk|new\s+(?:job|apartment|flat)\b|"
    r"(?:i['’]?m|we['’]?re|i\s+am|we\s+are)\s+moving\s+(?:to|out|house|across|in)\b|moving\s+(?:to|house|across)\s+(?!a\s+better|the\s+other)\w+|movers\b|"
    r"[úu]ltimo\s+d[íi]a\s+(?:en|de|del)\s+(?:la\s+|el\s+|mi\s+)?(?!vida\b|mundo\b|tierra\b)\w+|"
    r"compa[ñn]er[oa]s\s+de\s+(?:trabajo|oficina|clase)|me\s+mudo\s+(?:a|de)|nos\s+mudamos|mudanza|nuevo\s+(?:trabajo|piso|empleo)\b|"
    r"(?:me\s+he|nos\s+hemos|me)\s+mud(?:ado|[ée])\b|(?:me\s+voy|nos\s+vamos|irme|irnos)\s+a\s+vivir\s+(?:a|con|en)\b|"
    r"vid[ée]\s+(?:mon|l['’ ])\s*appart\w*|(?:partir|pars|part)\s+(?:en|au|aux)\s+(?!paix\b)\w+|"
    r"dernier\s+jour\s+(?:au|de|du|à|a)\s+(?:la\s+|l['’ ]|mon\s+)?(?!vie\b|ma\s+vie|monde\b|terre\b)\w+|coll[èe]gues|"
    r"pot\s+de\s+d[ée]part|d[ée]m[ée]nag\w*|nouve(?:au|l)\s+(?:travail|boulot|job|appart\w*|poste)\b)"
)
# A leaving said to be a lie: "i told them i'm moving to montreal but it's not true".
_DENIED_AFTER = re.compile(
    r".{0,60}?\b(?:(?:it['’ ]?s|its|that['’ ]?s|it\s+is)\s+(?:not\s+true|a\s+lie)|(?:no\s+es|es)\s+(?:verdad|mentira)|"
    r"c['’ ]?(?:est)?\s*(?:pas\s+vrai|faux|un\s+mensonge)|(?:i\s+)?lied|ment[ií]|j['’ ]?ai\s+menti)"
)


def _ordinary_leaving(lowered: str, start: int, end: int) -> bool:
    """Tell whether an ordinary leaving (a move, a job's end) is told in [start, end), and not said to be a lie."""
    return any(not _DENIED_AFTER.match(lowered, m.end()) for m in _ORDINARY_LEAVING.finditer(lowered, start, end))


# Things given away to be rid of them, or of him: "gave away the clothes i wore around him, felt good to get rid of them".
_RIDDANCE = re.compile(
    r"\b(?:(?:get|got|getting)\s+rid\s+of|deshac(?:erme|erse|[ií])|me\s+deshice|tir[ée]\s+todo|d[ée]barrass\w*|"
    r"(?:reminded|remind|reminds)\s+me\s+of\s+(?:him|her|them|that)|me\s+recordaba|me\s+rappel\w*|"
    r"(?:he|she)\s+(?:gave|bought)\s+me|(?:él|el|ella)\s+me\s+(?:regal|compr)\w*|qu['’ ]?(?:il|elle)\s+m['’ ]?(?:avait|a)\s+(?:offert|achet)\w*|"
    r"around\s+(?:him|her)|from\s+(?:him|her|that\s+(?:year|time|house|relationship)))"
)
# A goodbye said or written to the people of a job, a class, a team.
_TO_A_WORK_GROUP = r"(?:to|for|a|à|aux|para|pour)\s+(?:all\s+|todos\s+|toda\s+|tous\s+|toutes\s+)?(?:(?:my|the|our|mis|los|las|mes|les|nos|mon|ma)\s+)?(?:work\s+|old\s+)?(?:co-?workers|colleagues|team|office|classmates|compa[ñn]er[oa]s|equipo|oficina|coll[èe]gues|[ée]quipe)\b"
_TO_A_WORK_GROUP_IN = re.compile(r"\b" + _TO_A_WORK_GROUP)
_TO_A_WORK_GROUP_AFTER = re.compile(r"\s*(?:revoir\s+)?" + _TO_A_WORK_GROUP)
# A goodbye that is a therapy exercise, or said to a former self, a place or a chapter of one's life: "my therapist
# had me write a goodbye letter", "una carta de despedida a la que fui", "j'ai dit adieu à cet appart".
_EXERCISE_BEFORE = re.compile(
    r"\b(?:therapist|counsell?or|psych\w*|shrink|psic[óo]log[ao]|terapeuta|psiquiatra|psy|th[ée]rapeute|exercise|ejercicio|exercice)\b"
    r".{0,40}?(?:had\s+me|made\s+me|asked\s+me\s+to|told\s+me\s+to|suggested|me\s+(?:hizo|pidi[óo]|mand[óo]|propuso)|"
    r"m['’ ]?(?:a|avait)\s+(?:fait|demand[ée]|propos[ée]|conseill[ée])|$)"
)
_NOT_A_PERSON_AFTER = re.compile(
    r".{0,12}?\b(?:to|a|à|al|aux|de)\s+(?:(?:the|that|this|my|ese|esa|este|esta|mi|la|el|ce|cet|cette|mon|ma|celle|celui)\s+)?"
    r"(?:(?:old|former|younger|little|past|antigu[ao]|viej[ao]|ancien(?:ne)?)\s+)?"
    r"(?:me\b|self|version|person\s+i\s+was|girl\s+i\s+was|woman\s+i\s+was|que\s+(?:fui|era|yo\s+era)|que\s+j['’ ]?[ée]tais|"
    r"apartment|flat|house|city|town|job|chapter|relationship|marriage|piso|casa|ciudad|pueblo|trabajo|etapa|cap[íi]tulo|relaci[óo]n|"
    r"matrimonio|appart\w*|maison|ville|boulot|travail|chapitre|relation|mariage|pass[ée]|pasado|past)"
)
_GOODBYE_WORD = re.compile(r"\b(?:goodbye|farewell|bye|adi[óo]s|adieu|au\s+revoir|desped\w*)\b")


def _goodbye_to_no_one(lowered: str, start: int, end: int) -> bool:
    """Tell whether a goodbye in [start, end) is said to a former self, a place or a chapter, or is an exercise."""
    return any(_NOT_A_PERSON_AFTER.match(lowered, m.end()) or _EXERCISE_BEFORE.search(lowered, max(0, m.start() - 80), m.start())
               for m in _GOODBYE_WORD.finditer(lowered, start, end))


_LEAVING_KINDS = ("crisis concept: saying goodbye", "crisis concept: giving things away", "crisis concept: leaving for good")
_ABSENCE_KINDS = ("crisis concept: not here next week", "crisis concept: won't be there", "crisis concept: giving things away",
                  "crisis concept: after tonight")
# Wishing someone else dead is anger, not a crisis: "i wish he was dead", "quiero que se muera".
_SOMEONE_ELSE = re.compile(r"\b(?:he|she|they|him|her|them|él|el|ella|ellos|ellas|il|elle|ils|elles|qu['’ ]?il|qu['’ ]?elle|que\s+se)\b")
# A negation right before a phrase ("never", "wasn't", "pas"), but not "can't stop" or "don't want":
# the phrase list holds those whole.
_NEGATED_BEFORE = re.compile(
    r"\b(?:not|never|wasn['’]?t|isn['’]?t|weren['’]?t|ain['’]?t|no\s+soy|no\s+estoy|no\s+era|no\s+estaba|nunca|jamás|jamas|"
    r"pas|jamais|plus|no\s+longer|ya\s+no|not\s+anymore)\s+(?:\w+\s+)?$|\bno\s+$"
)


def _blank(text: str, regex: re.Pattern) -> str:
    return regex.sub(lambda m: " " * len(m.group()), text)


def _part_around(sentence: str, start: int, end: int, breaks: re.Pattern) -> str:
    """Return the part of `sentence` that holds [start, end), from the break before it to the break after it."""
    left = max((m.end() for m in breaks.finditer(sentence, 0, start)), default=0)
    right = breaks.search(sentence, end)
    return sentence[left:right.start() if right else len(sentence)]


_SENTENCE_REACH = 400


def _time_of(lowered: str, start: int, end: int) -> str | None:
    """Tell when crisis language at [start, end) is set: "present", "over" (told as over in its own
    sentence: "i no longer feel that way", "hoy estoy bien", "j'ai envie de vivre"), "past", or None."""
    window = max(0, start - 200)
    left = max((m.end() for m in _SENTENCE_BREAK.finditer(lowered, window, start)), default=window)
    # The sentence ends at its break, or _SENTENCE_REACH after the match: a story with no break would
    # otherwise make every match read the whole rest of it (a 2,000-character run-on: ~60 ms).
    reach = min(len(lowered), end + _SENTENCE_REACH)
    right = _SENTENCE_BREAK.search(lowered, end, reach)
    sentence = lowered[left:right.start() if right else reach]
    start, end = start - left, end - left
    unrecovered = _blank(_blank(_blank(sentence, _OVER), _STILL_HERE), _PAST_ANYMORE)
    if _STRONG_PRESENT.search(unrecovered):
        return "present"
    if _OVER.search(_part_around(sentence, start, end, _CONTRAST)):
        return "over"
    clause = _part_around(unrecovered, start, end, _CLAUSE_BREAK)
    if _WEAK_PRESENT.search(clause) and not _PAST_MARKERS.search(clause):
        return "present"
    if _PAST_MARKERS.search(sentence) or _PAST_IN_CLAUSE.search(clause):
        return "past"
    return None


_EXPLAINING_WORDS = re.compile(r"\(words: ([^)]*)\)")


def _first_explaining_word(tokens: list[Token], signal: Signal) -> int:
    """Return where the first word that explains a classifier signal starts (the signal's start if none is found)."""
    found = _EXPLAINING_WORDS.search(signal.reason)
    words = set(found.group(1).split(", ")) if found else set()
    return next((t.start for t in tokens if signal.start <= t.start < signal.end
                 and (t.form in words or not words.isdisjoint(t.lemmas))), signal.start)


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
            recovered = _recovered(lowered)
        return recovered

    over_in_so_many_words = None

    def told_as_over_for_a_score() -> bool:
        # Only the strong signs (told as over in so many words, "still here"): "in therapy", "i got help",
        # "today i work…" are also said by a person in crisis, and would silence a score that found one.
        nonlocal over_in_so_many_words
        if over_in_so_many_words is None:
            text = _blank(lowered, _DOUBTED_RECOVERY)
            over_in_so_many_words = bool(_OVER.search(text) or _SURVIVED.search(text))
        return over_in_so_many_words

    for m, lang, flag in phrase_list("crisis.txt").finditer(lowered):
        if _NEGATED_BEFORE.search(lowered, max(0, m.start() - 24), m.start()):
            continue  # "i wasn't suicidal", "je ne suis pas suicidaire"
        if _HYPERBOLE_AFTER.match(lowered, m.end()):
            continue
        if _about_the_subject(lowered, m.start(), m.end()):
            continue
        time = _time_of(lowered, m.start(), m.end())
        if time == "over":
            continue  # "i no longer feel that way", "hoy estoy bien": told as over in its own sentence
        if time != "present" and _said_to_me(lowered, m.start()):
            continue  # "he told me i'd be better off dead": his words, told
        past = flag == "past" or time == "past"
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
        if s.reason in _LEAVING_KINDS and _ordinary_leaving(lowered, max(0, s.start - 120), s.end + 120):
            continue  # goodbyes at a job's end, furniture given away before a move
        if s.reason == "crisis concept: giving things away" and _RIDDANCE.search(lowered, max(0, s.start - 120), s.end + 120):
            continue
        if s.reason in ("crisis concept: goodbye letter", "crisis concept: saying goodbye") and _TO_A_WORK_GROUP_AFTER.match(lowered, s.end):
            continue
        if s.reason in ("crisis concept: goodbye letter", "crisis concept: saying goodbye") and (
                _NOT_A_PERSON_AFTER.match(lowered, s.end) or _EXERCISE_BEFORE.search(lowered, max(0, s.start - 80), s.start)):
            continue  # a therapist's exercise, a goodbye to the person one was, to a flat, to a chapter
        time = _time_of(lowered, s.start, s.end)
        if time == "over":
            continue
        if time != "present" and _said_to_me(lowered, s.start):
            continue
        if time != "present" and s.reason == "crisis concept: goodbye letter" and _LETTER_NEVER_SENT.search(lowered, s.start, s.end + 200):
            continue  # the letter torn up, burned, never sent
        if time == "past":
            if told_as_over():
                continue
            s = replace(s, confidence=config.past_crisis_confidence, reason=s.reason + ", past")
        signals.append(s)
    for s in classifier_signals("crisis", tokens, already=signals, max_confidence=config.crisis_classifier_max_confidence):
        time = _time_of(lowered, s.start, s.end)
        if time == "over" or (time == "past" and told_as_over()):
            continue
        now = bool(_STRONG_PRESENT.search(lowered, max(0, s.start - 100), s.end + 50))
        if not now and told_as_over_for_a_score():
            # A score alone, in a story that tells a crisis or a trauma as over ("that's all behind me", "ça fait
            # 15 ans que…", "je suis toujours là"): the classifier reads a testimony's words of the past as crisis;
            # a crisis now in such a story shows by a strong present marker ("tonight", "again") or by a rule.
            continue
        if time != "present" and (_EVERYDAY_USE.search(lowered, s.start, s.end) or (_HELP_LINE.search(lowered, s.start, s.end)
                                      and (time == "past" or _ADDRESSED_TO_READER.search(lowered, max(0, s.start - 60), s.end)))):
            continue  # "pills for my headache", "called the hotline": not the crisis itself
        if not now and (
                _LETTER_NEVER_SENT.search(lowered, s.start, s.end) or _ordinary_leaving(lowered, max(0, s.start - 200), s.end + 200)
                or _TO_A_WORK_GROUP_IN.search(lowered, s.start, s.end) or _goodbye_to_no_one(lowered, s.start, s.end)
                or _NOT_TELLING_MORE.search(lowered, s.start, s.end)):
            continue  # "a letter i'll never send", "last day at work today, said goodbye to everyone", a move
        signals.append(s)
    return signals
