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
        "i don't want to be a victim, i want to be a person",
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


@pytest.mark.parametrize(
    "text",
    [
        # past self-harm or suicidal thoughts, the span of years or ages told, a recovery after it
        "i had suicidal thoughts from 2011 to 2015, i got through with my sister and a good doctor",
        "me autolesioné de los 14 a los 17, hoy trabajo de enfermera y tengo dos gatos",
        "je me scarifiais de 13 à 16 ans, aujourd'hui je suis prof de sport",
        # "i'm still here" after it, "that was high school"
        "at 16 i wrote goodbye letters to my family. i'm still here and i'm glad",
        "i used to burn myself when it got bad, that was high school, it's a long way behind",
        # life now said after it
        "en 2017 intenté quitarme la vida. ahora estudio psicología y vivo con mi pareja",
        "in 2016 i didn't want to be alive anymore. today i'm back at university",
        # a move, or a job left, with goodbyes and things given away
        "me he mudado a valencia, regalé los muebles a mis vecinas y me despedí de todas",
        "j'ai vidé mon appart avant de partir en erasmus, j'ai donné mes plantes à ma voisine",
        # not wanting to tell more
        "it happened at my first job. i don't want to go into details, i just want it written somewhere",
        "pasó en mi primer trabajo. no quiero entrar en detalles, solo quería dejarlo escrito",
        "c'est arrivé à mon premier boulot. je veux pas rentrer dans les détails, juste le dire quelque part",
    ],
)
def test_a_past_told_as_over_or_an_ordinary_leaving_stays_clean(text):
    assert find_crisis(text) == [], [s.reason for s in find_crisis(text)]


@pytest.mark.parametrize(
    "text",
    [
        # a recovery someone else believes in is no recovery
        "at 15 i tried to end my life. my mom thinks i'm better now but i have the pills saved again",
        "a los 15 intenté matarme. mi madre cree que estoy mejor, pero tengo las pastillas guardadas",
        # "still here", but
        "i wanted to die at 16 and i'm still here, but i don't know for how long",
        # a move said to be a lie
        "i gave my guitar to my cousin and told everyone i'm moving to denver but it's not true",
        "j'ai donné mes affaires à mes potes et je leur ai dit que je déménage mais c'est faux",
        # held somewhere now, papers taken
        "they won't let me leave the apartment, i'm writing from the bathroom",
        "no me dejan salir de la casa y me quitaron el móvil",
        "ils me laissent pas sortir, je sais pas où je suis",
        "he took my passport and i don't know the address",
    ],
)
def test_the_crisis_in_such_a_story_stays_flagged(text):
    assert find_crisis(text), text


def test_a_testimony_with_a_time_since_is_not_read_as_now_when_it_says_last_night():
    assert find_crisis("two years since the last time, and then last night i cut again")
