"""Crisis detector on examples written for this project: wishes, plans, means, goodbyes, self-harm."""

import pytest

from moderation.detectors.crisis import find_crisis
from moderation.screening import screen_text


@pytest.mark.parametrize(
    "text",
    [
        "honestly i just wanna be dead",
        "i keep wishing i could go to bed and never wake up again",
        "ive been saving my meds for when im ready",
        "wrote a letter for my sister so she knows it wasnt her fault. this is goodbye",
        "gave my guitar to my brother since i wont be around",
        "everyone would be better off without me",
        "relapsed and cut again last night",
        "ya no le veo sentido a seguir viviendo",
        "llevo meses dándole vueltas a quitarme la vida",
        "he ido juntando pastillas para esta noche",
        "je ne veux plus me réveiller",
        "j'ai mis de côté assez de cachets",
        "je pense tous les soirs à en finir",
        "i dont want to be here anymore",
        "i took a bunch of my moms pills an hour ago",
        "im so tired i just want to sleep forever",
        "ya no puedo más con esto",
        "personne ne me regrettera",
        "j'ai pensé à me jeter sous le métro ce matin",
        "i think im going to kms",
        "j'ai envie de me foutre en l'air",
        "pienso en ahorcarme",
        "i want to hang myself",
        "sometimes i think everyone would be happier if i wasnt around",
        "i deserve to die",
        "me hago cortes en las piernas",
        "j'ai plus la force de continuer",
        "à quoi bon vivre",
        "im gonna end it tonite",
        "no quero vivir mas",
        "jveux mourir",
    ],
)
def test_it_finds_crisis_language_in_three_languages(text):
    signals = find_crisis(text)
    assert signals, text
    assert screen_text(text).priority == "P0"


@pytest.mark.parametrize(
    "text",
    [
        "My grandmother died in 2015 and I still miss her.",
        "I wanted to kill him when I saw him in court, but I walked away.",
        "He threatened to kill me if I told anyone.",
        "Il m'a menacée de me tuer si je parlais.",
        "Me amenazó con matarme si hablaba.",
        "I cut myself off from my friends for a year.",
        "I don't want to live in fear anymore, so I'm speaking up.",
        "Therapy taught me it was not my fault. I'm 34 now.",
        "Mi padre murió cuando yo tenía diez años.",
        "Ma mère est décédée l'année dernière.",
    ],
)
def test_it_leaves_testimonies_about_deaths_anger_and_threats_alone(text):
    assert not find_crisis(text), text


def test_it_says_which_concept_it_found():
    [signal] = find_crisis("honestly i just wanna be dead")
    assert signal.reason == "crisis concept: wish to die"


def test_the_past_still_flags_at_a_lower_confidence():
    [past] = find_crisis("when i was 15 i wanted to die")
    [now] = find_crisis("i want to die")
    assert past.confidence < now.confidence
    assert "past" in past.reason


def test_request_threads_screening_at_once_never_see_each_others_results():
    from concurrent.futures import ThreadPoolExecutor

    texts = ["i want to die tonight", "It happened at work when I was 19.", "quiero morirme", "My coach was kind."] * 25
    expected = [bool(find_crisis(t)) for t in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(lambda t: bool(screen_text(t).crisis), texts)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "i have a plan and a date",
        "i bought a rope today",
        "tengo guardada una cuerda en el armario",
        "ive been googling painless ways",
        "how many pills would i need to take",
        "honestly whats the point of living anymore",
        "ça sert à rien de continuer",
        "no sirve de nada seguir",
        "i dont see a way out of this",
        "i gave my cat to my neighbour and sold my guitar, wont need them",
        "every night i pray i wont wake up",
        "i scratched my arms until they bled",
        "i hit myself when the memories come back",
        "i feel like dying all the time",
        "i deleted everything and said goodbye to my friends",
        "me estoy haciendo daño otra vez",
        "siento que sobro en este mundo",
        "je suis de trop ici",
    ],
)
def test_it_finds_plans_means_and_no_way_out_said_other_ways(text):
    assert find_crisis(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i sleep with the light on still, but i'm alive and i'm healing",
        "he had a gun in his car and my father kept a gun in the house",
        "i was looking out the window of the train",
        "whats the point of going to the police, they did nothing",
        "i bought pills for my headache at the pharmacy",
        "my friend tried to kill herself after what he did",
        "he cut my hair while i slept",
        "i'm dying to see my kids grow up happy",
        "j'ai coupé les ponts avec lui",
    ],
)
def test_testimonies_with_means_words_or_but_are_not_crisis(text):
    assert not find_crisis(text), text
