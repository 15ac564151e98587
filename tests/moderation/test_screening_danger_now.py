"""Danger from someone else right now is a crisis; the same scene told in the past is a testimony.

Sentences written for this test (session 6), none from an outside set.
"""

import pytest

from moderation.detectors.crisis import find_crisis
from moderation.detectors.meaning import concept_signals
from moderation.detectors.tokens import tokenize


def rule_reasons(text):
    return [s.reason for s in concept_signals("crisis", text, tokenize(text), about_others_skips=True)]


@pytest.mark.parametrize(
    "text",
    [
        "hes outside my house right now",
        "he is banging on the door and i dont know what to do",
        "he is knocking on my door again",
        "he found where i live and hes been sitting in his car outside for an hour",
        "im in the closet typing this",
        "esta afuera de mi casa y no se va",
        "sigue golpeando la puerta desde hace media hora",
        "me escondí en el baño y estoy escribiendo esto",
        "il est devant ma porte en ce moment",
        "il tape sur la porte depuis une heure",
        "il est en bas, je suis seule",
    ],
)
def test_a_danger_now_is_a_crisis_rule(text):
    assert "crisis concept: in danger now" in rule_reasons(text)
    assert find_crisis(text)


@pytest.mark.parametrize(
    "text",
    [
        "he waited outside my school every day",
        "he locked the door behind me",
        "he was banging on my door at 3am back then",
        "he is knocking on wood that the case gets dropped",
        "esta fuera de mi vida por fin",
        "il était devant ma porte tous les soirs cet hiver-là",
        "il est devant le tribunal cette semaine",
    ],
)
def test_the_same_scene_in_the_past_or_an_idiom_is_no_danger_rule(text):
    assert "crisis concept: in danger now" not in rule_reasons(text)


def test_things_handed_over_to_keep_forever_are_given_away():
    assert "crisis concept: giving things away" in rule_reasons("i gave my sister my ring and told her to keep it forever")
