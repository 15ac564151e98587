"""Crisis language told as over, and ordinary goodbyes, stay clean; a crisis now stays flagged.

Sentences written for this test (session 6), none from an outside set: the past told with a recovery in
the same sentence or the story, negated wishes ("i no longer want to…", "ya no quiero…"), goodbyes at a
job's end and things given away before a move — and, beside each kind, the present crisis it must not hide.
"""

import pytest

from moderation.detectors.crisis import find_crisis


@pytest.mark.parametrize(
    "text",
    [
        # the past, and a recovery said in the same sentence or the story
        "Back then I thought about ending it every night, but that was years ago and I'm in a good place now.",
        "There was a winter when I wanted to die. I don't feel that way anymore.",
        "After the assault I attempted suicide at 19. I'm 34 now, married, and I love my life.",
        "Hace años pensaba en quitarme la vida, ya pasó, hoy me siento tranquila.",
        "Hubo una época en la que quería desaparecer, ya pasó y estoy en terapia.",
        "Il y a dix ans j'ai voulu mourir, aujourd'hui je vais beaucoup mieux.",
        "Au lycée je me scarifiais, c'est fini depuis longtemps.",
        # a wish said to be over
        "I no longer want to disappear; therapy gave me my life back.",
        "Ya no quiero morirme, aprendí a vivir con lo que pasó.",
        # goodbyes at a job's end, things given away before a move
        "Today was my last day at the warehouse, I hugged my coworkers and said goodbye to everyone.",
        "We're moving across the country so I'm giving away the couch and most of my books.",
        "Hoy fue mi último día en la tienda, me despedí de mis compañeros de trabajo y me fui tranquila.",
        "C'était mon dernier jour au boulot, j'ai dit au revoir à tous les collègues.",
        "On déménage à Nantes alors je donne mes meubles et mes vêtements.",
        # anniversaries of being clean, a past attempt with the age one is now, past tense of "to be"
        "hoy se cumplen tres años sin hacerme daño, quién lo diría",
        "at 19 I took too many pills and ended up in the ER. I am 41 now and I run a support group.",
        "self harm was a big part of my teens, I stopped long ago and I am proud of that",
        "a 18 ans j avais prévu de me tuer pendant les vacances, aujourd hui j ai 36 ans et deux enfants",
        # things given away to be rid of him; a goodbye note to colleagues
        "I donated the dresses he bought me and it felt great to get rid of them",
        "j ai quitté l association en juin, petite lettre d adieu aux collègues et voilà",
        # a help line named, a letter never sent, a means word for an everyday use
        "I called a hotline the night it happened and the volunteer stayed on the phone with me for an hour",
        "Le escribí una carta que nunca le mandé y la quemé en el patio",
        "took something for my migraine and slept the whole afternoon",
        "me corto el pelo yo misma desde hace años",
    ],
)
def test_it_leaves_crisis_language_told_as_over_and_ordinary_goodbyes_clean(text):
    assert find_crisis(text) == [], [s.reason for s in find_crisis(text)]


@pytest.mark.parametrize(
    "text",
    [
        # a recovery, then "but" and a crisis now
        "i got help years ago, but today i want to die",
        "hace años lo superé, pero esta noche quiero matarme",
        "je dis à tout le monde que je vais bien, mais je veux mourir",
        # "i'm fine" said to others is no recovery
        "les digo a todos que estoy bien pero quiero morirme",
        "je dis à tout le monde que je vais bien et je veux mourir",
        # the past with a present marker
        "that was years ago and i still want to die",
        "years ago i was in a good place, now i want to die again",
        # wanting to live and wanting the pain to stop: ambivalence, not recovery
        "i want to live, i just want the pain to stop forever",
        # a goodbye beside a job's end or a move, with a crisis cue of its own
        "i said goodbye to my coworkers today. i wont be here tomorrow",
        "me mudo a otra ciudad y regalo mis cosas porque ya no las voy a necesitar",
        "i quit my job, gave my dog to my neighbor and said goodbye to everyone, tonight is the night",
        "j'ai dit au revoir à tout le monde, demain je ne serai plus là",
        "no estoy bien, quiero morirme",
        "no hay salida, quiero morirme",
        # the same frames beside a crisis now
        "i gave away the clothes he bought me and tonight im going to end it",
        "wrote a goodbye letter to my family and my coworkers",
        "called the hotline but they hung up and i still want to die",
        "i wrote him a letter i will never send because i wont be here next week",
        "at 19 i took too many pills. im 41 now and i want to do it again",
    ],
)
def test_a_crisis_now_stays_flagged(text):
    assert find_crisis(text)


def test_a_stopped_treatment_is_no_recovery():
    assert find_crisis("j'ai arrêté mon traitement, je garde toutes les boîtes de cachets dans mon sac")
