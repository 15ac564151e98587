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
        "I called a hotline that night and the volunteer stayed on the phone with me for an hour",
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
        # a goodbye to whoever finds or reads it, in each language's verbs
        "to my sister, when you find this, im sorry",
        "hermana si encuentras esto perdóname",
        "papa si un jour tu lis ceci pardonne moi",
    ],
)
def test_a_crisis_now_stays_flagged(text):
    assert find_crisis(text)


def test_a_stopped_treatment_is_no_recovery():
    assert find_crisis("j'ai arrêté mon traitement, je garde toutes les boîtes de cachets dans mon sac")


# A second batch written the same way, as phones write (session 6): the hard clean kinds side by side with
# present crises that use the same words (a last day, a help line, letters, a move, the past).
@pytest.mark.parametrize(
    "text",
    [
        'i thought about suicide a lot in my twenties, therapy and my dog pulled me through',
        "when i was 16 i wanted to die every day, now i'm 29 and i have a kid",
        "i tried to kill myself after what he did, that was 2011, i'm still here",
        'my cousin took her own life two years ago and i still miss her every day',
        'the suicide prevention training at work was actually really good',
        'i used to cut when i was a teenager, the scars dont bother me anymore',
        "i was suicidal for most of high school. it's been ten years and i'm doing so much better",
        'this job is killing me slowly lol but at least the coworkers are nice',
        'i could have died of embarrassment when my mom found the letter',
        'im dying to go back to the beach this summer',
        'last week i packed my room, said goodbye to my roommates and moved back home',
        'gave away all my old clothes before the move, felt like a fresh start',
        'left a goodbye card for my team on my last day, they made me cry',
        'please if youre going through it call 988 or text home to 741741, they helped me',
        'i volunteer at a crisis line on weekends, its the most meaningful thing i do',
        'the helpline lady stayed on the phone with me for two hours that night in 2015',
        'i wrote a letter to my younger self and read it to my therapist',
        'my grandmother died last spring and i still talk to her in my head',
        "he said he'd kill me if i told, i told anyway years later",
        'i felt dead inside for a long time after, slowly coming back to life',
        'en la prepa pensaba en matarme, hoy tengo 30 y soy feliz con mi pareja',
        'a los 15 me cortaba los brazos, ya no lo hago desde hace diez años',
        'hace años intenté suicidarme, ahora trabajo ayudando a otras chicas',
        'mi tia se quito la vida cuando yo tenia 12 y nadie hablaba de eso',
        'me mude de ciudad y regale casi todo, necesitaba empezar de cero',
        'me despedi de mis compañeras en mi ultimo dia en la fabrica',
        'si estas mal llama al 024, a mi me salvaron la vida',
        'este trabajo me esta matando jaja pero pagan bien',
        'me muero de ganas de ver a mi sobrina',
        'estuve muerta en vida durante años despues de eso, hoy ya no',
        'a 17 ans j ai voulu en finir, aujourd hui j en ai 32 et j ai une fille',
        'au college je me scarifiais, ca fait 15 ans que j ai arrete',
        'il y a des annees j ai fait une tentative, maintenant je suis infirmiere',
        'mon oncle s est suicide quand j avais 10 ans et personne n en parlait',
        'j ai demenage et j ai donne mes meubles, nouveau depart loin de lui',
        'j ai dit au revoir a mes collegues pour mon dernier jour au bureau',
        'si ca va pas appelle le 3114, ils sont la jour et nuit',
        'ce boulot me tue mais mes collegues sont adorables',
        'je meurs d envie de partir en vacances',
        'j etais morte a l interieur pendant des annees, je revis depuis peu',
    ],
)
def test_hard_clean_testimonies_as_phones_write_them_stay_clean(text):
    assert find_crisis(text) == [], [s.reason for s in find_crisis(text)]


@pytest.mark.parametrize(
    "text",
    [
        'today is my last day on earth, goodbye everyone',
        'this is my last day of my life and im at peace with it',
        'i called the hotline twice tonight and i still want to die',
        'the hotline put me on hold, i have the pills in my hand',
        "i wrote letters to my family, they'll find them tomorrow",
        'i wrote a goodbye letter to my mom and left it on the table',
        'im moving on for good tonight, i gave my cat to my neighbor',
        'i quit my job today and gave away my stuff, i wont need it',
        'i said goodbye to everyone at work today, they dont know it was the last time',
        'ive been cutting again every night this week',
        'i still think about killing myself every single day',
        'used to be happy, now i just want to disappear',
        'at 15 i tried to kill myself and tonight i want to try again',
        'i got help before but it didnt work, i want to die',
        'everyone says it gets better but it doesnt, i want to end it',
        'im fine now, i made my decision, this weekend it ends',
        'i have a plan and a date',
        'nobody would notice if i was gone',
        'i just want to sleep and never wake up',
        'i keep staring at the bottle of pills on my desk',
        'he is outside my door right now banging, please',
        'hoy es mi ultimo dia, ya me despedi de todos',
        'llame a la linea de ayuda y aun asi quiero morirme',
        'escribi cartas para mi familia, las van a encontrar mañana',
        'regale mis cosas, ya no las voy a necesitar',
        'renuncie al trabajo y me despedi de mis compañeros, no me van a volver a ver',
        'a los 15 intente matarme y esta noche lo voy a volver a intentar',
        'todos dicen que mejora pero no, quiero acabar con todo',
        'tengo las pastillas juntadas en el cajon',
        'ya no aguanto mas, quiero desaparecer para siempre',
        'esta afuera golpeando la puerta, tengo miedo',
        'aujourd hui c est mon dernier jour, adieu tout le monde',
        'j ai appelé le 3114 et j ai quand meme envie de mourir',
        'j ai écrit des lettres pour ma famille, ils les trouveront demain',
        'j ai donné mes affaires, j en aurai plus besoin',
        'a 15 ans j ai essayé de me tuer et ce soir je vais recommencer',
        'tout le monde dit que ca va aller mieux mais non, je veux en finir',
        'je garde mes cachets dans le tiroir depuis des semaines',
        'je veux juste dormir et plus jamais me reveiller',
        'il est devant chez moi et il tape a la porte',
        'je me scarifie encore tous les soirs',
    ],
)
def test_present_crises_with_the_same_words_stay_flagged(text):
    assert find_crisis(text)
