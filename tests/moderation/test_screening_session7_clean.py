"""Session 7: kinds of false alarm on clean testimonies, each beside the present crisis it must not hide.

Sentences written for this test, none from an outside set or a development file: another person's words
to me told as a testimony ("he told me i'd be better off dead"), a time since the last time ("five years
since i last…", "hace tres años que no…", "ça fait deux ans que je ne…"), a goodbye letter written as a
therapist's exercise or a goodbye said to the person one was or to a flat, "i don't want to be a …".
"""

import pytest

from moderation.detectors.crisis import find_crisis


@pytest.mark.parametrize(
    "text",
    [
        # another person's words to me, told
        "my ex told me i would be better off dead than single, i was 20 and i believed it",
        "he kept saying i'd be better off dead, that's how he talked to me for three years",
        "mi ex me decía que mejor muerta que con otro, y yo me lo creía",
        "su madre me dijo que mejor muerta que divorciada, qué familia",
        "il me répétait que je serais mieux morte sans lui, j'avais vingt ans",
        "mon ex m'a dit que j'étais mieux morte que chez mes parents, je l'ai cru des années",
        # a time since the last time
        "three years since the last time i hurt myself, i marked it on the calendar",
        "eight months since i last cut and i'm proud of it",
        "hace tres años que no me hago daño, lo celebré con mi hermana",
        "hace más de dos años ya que no me corto",
        "ça fait deux ans que je ne me fais plus de mal, j'ai fêté ça",
        # a goodbye letter as a therapist's exercise; a goodbye to the person one was, to a flat
        "my counselor had me write a goodbye letter to my abuser and then burn it",
        "la terapeuta me pidió escribir una carta de despedida a mi agresor, lloré muchísimo",
        "mon psy m'a demandé d'écrire une lettre d'adieu à mon agresseur, c'était dur",
        "i said goodbye to the old me, the one who kept quiet",
        "hoy me despedí de la que fui con él",
        "j'ai dit adieu à celle que j'étais avec lui",
        "said goodbye to that apartment today and gave back the keys",
        "me despedí de ese piso y de todo lo que pasó allí",
        "j'ai dit adieu à cette maison et à ce qui s'y est passé",
        # "i don't want to be a ..."
        "i don't want to be a victim forever, i want to be a person",
        "no quiero estar sola con esto, por eso lo escribo aquí",
        "je ne veux pas être une victime toute ma vie",
    ],
)
def test_it_leaves_these_testimonies_clean(text):
    assert find_crisis(text) == [], [s.reason for s in find_crisis(text)]


@pytest.mark.parametrize(
    "text",
    [
        # the same words, a crisis now
        "he told me to kill myself and tonight i think i will",
        "me dijo que me matara y esta noche lo voy a hacer",
        "il m'a dit de me tuer et ce soir je vais le faire",
        "everyone says i'd be better off without him but honestly i'd be better off dead",
        "i hurt myself again last night and i can't stop",
        "me volví a cortar anoche y no puedo parar",
        "je me suis encore coupée hier soir",
        "i wrote a goodbye letter to my mom, it's in my desk drawer",
        "escribí una carta de despedida para mi madre, está en el cajón",
        "j'ai écrit une lettre d'adieu à ma mère, elle est dans le tiroir",
        "i said goodbye to everyone today. i won't be around tomorrow",
        "me despedí de todos hoy. mañana ya no voy a estar",
        "i don't want to be here anymore",
        "honestly i just don't want to be.",
        "ya no quiero estar aquí",
    ],
)
def test_the_crisis_beside_each_kind_stays_flagged(text):
    assert find_crisis(text), text
