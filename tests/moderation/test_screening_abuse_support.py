"""Session 7: support said to readers, and answers to a commenter who blamed a survivor, are not abuse.

Sentences written for this test, none from an outside set or a development file. The classifier read their
"you" and the blame they answer as abuse; beside each kind, the abuse with the same words still flags.
"""

import pytest

from moderation.screening import screen_text


def _abuse(text):
    return [s for s in screen_text(text).signals if s.type == "abuse"]


@pytest.mark.parametrize(
    "text",
    [
        "if you're a woman reading this and it happened at work too, you're not alone, it was not your fault",
        "si eres chica y te pasó en una fiesta, no es tu culpa, no estás sola",
        "si tu lis ça et que ça t'est arrivé aussi, t'as rien fait de mal, tu n'es pas seule",
        "to the person who commented 'why didn't she call the police': shut up and read her story again",
        "a los que comentaron 'por qué no lo denunció antes': ella tenía miedo, así de fácil",
        "à celui qui a commenté 'elle l'a cherché' : tu sais rien de sa vie",
        "he used to say 'if you tell your dad i'll hurt you', i was nine",
        "je vais payer mon loyer avec l'indemnisation, enfin",
    ],
)
def test_support_and_answers_to_blamers_stay_clean(text):
    assert _abuse(text) == [], [s.reason for s in _abuse(text)]


@pytest.mark.parametrize(
    "text",
    [
        "you're lying for attention, nobody believes you, shut up",
        "eres una mentirosa, te lo buscaste por ir así vestida",
        "tu vas payer pour ce post, on sait où t'habites",
    ],
)
def test_abuse_with_the_same_words_still_flags(text):
    assert _abuse(text), text
