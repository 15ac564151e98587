"""Abuse that sends others after a survivor, threatens her, insults the site's users or blames her — and the
same words in a survivor's own testimony (quoted, about the process, about the site's help), which stay clean.

Sentences written for this test (session 6), none from an outside set.
"""

import pytest

from moderation.screening import screen_text


def abuse_reasons(text):
    return [s.reason for s in screen_text(text).signals if s.type == "abuse"]


@pytest.mark.parametrize(
    "text",
    [
        'go tell her what you think of liars, she works at the bakery on main',
        'everyone spam her in dms until she deletes it',
        'for those who want to have a word with her, she lives on elm street',
        'allez tous lui dire ce que vous pensez d elle',
        'spammez la en mp jusqu a ce qu elle supprime',
        'vayan todos a decirle lo que piensan, trabaja en la farmacia',
        'on verra si elle fait encore la fiere lundi',
        'ya veremos si sigue hablando cuando la encontremos',
        'lets see if she still talks after this',
        'the feminists on this forum are a bunch of crazy liars',
        'este foro esta lleno de mentirosas',
        'ce site est plein de menteuses hysteriques',
        'you are all fat ugly liars',
        'vous etes toutes des menteuses',
        'keep your legs closed and you wont have problems',
        'cierra las piernas y listo',
        'revenge of a scorned woman, nothing more',
        'c est juste la vengeance d une ex jalouse',
        'she should shut her mouth',
        'elle devrait fermer sa gueule',
    ],
)
def test_it_flags_abuse_aimed_at_survivors(text):
    assert any(r.startswith("abuse concept:") for r in abuse_reasons(text)), abuse_reasons(text)


@pytest.mark.parametrize(
    "text",
    [
        'i went to tell her what happened and she believed me',
        'my friends told me to go to the police',
        'for those who want to report, the form is on the school website',
        'i wanted to tell him but i was scared',
        'on verra si la plainte aboutit',
        'ya veremos si el juez me cree',
        'lets see if the police finally do something',
        'this forum helped me so much, the women here are amazing',
        'este foro me salvo la vida',
        'he told me to keep my legs closed and i believed it was my fault for years',
        'mi abuela decia que cerrara las piernas',
        'he called it revenge of a scorned woman when i reported him',
        'il m a dit de fermer ma gueule',
        'she told me to shut my mouth and i did for ten years',
        'i was so scared i kept my mouth shut',
    ],
)
def test_the_same_words_in_a_testimony_stay_clean(text):
    assert abuse_reasons(text) == []
