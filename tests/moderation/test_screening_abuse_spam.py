"""Abuse aimed at survivors and spam by its wording, on examples written for this project."""

import pytest

from moderation.screening import screen_text


def types(text):
    return screen_text(text).types


@pytest.mark.parametrize(
    "text",
    [
        "we know where you live, liar",
        "you probably enjoyed it lol",
        "stop playing the victim nobody believes you",
        "te vamos a buscar y te vas a enterar",
        "seguro que te gustó, mentirosa",
        "on va te retrouver, tu vas voir",
        "t'avais qu'à pas monter chez lui",
        "i know your address, delete this",
        "nobody would touch you anyway",
        "vas a pagar por esto",
        "on sait où tu bosses",
        "go cry somewhere else",
        "you'll regret posting this",
        "te vamos a hacer la vida imposible",
    ],
)
def test_it_finds_threats_and_victim_blaming(text):
    assert "abuse" in types(text), text


@pytest.mark.parametrize(
    "text",
    [
        "He told me nobody would believe me.",
        "He said I was asking for it. I was 15.",
        "They called me a slut at school after he spread the photos.",
        "Il m'a dit que personne ne me croirait.",
        "I hope he rots in prison.",
    ],
)
def test_it_leaves_quoted_abusers_and_anger_at_them_alone(text):
    assert "abuse" not in types(text), text


@pytest.mark.parametrize(
    "text",
    [
        "get 5k real followers today dm me",
        "made 3000 a week working from home ask me how",
        "invest in bitcoin now and double your money",
        "gana dinero desde casa, escríbeme por privado para info",
        "gagne 200 euros par jour depuis chez toi, lien dans ma bio",
        "use promo code SAVE20 for 20% off",
    ],
)
def test_it_finds_spam_by_its_wording_and_sends_it_to_the_spam_lane(text):
    result = screen_text(text)
    assert "spam" in result.types, text
    assert result.lane == "spam"
    assert result.lane_reason


@pytest.mark.parametrize(
    "text",
    [
        "My boss promised me a promotion if I went to his hotel.",
        "I was working from home when he started messaging me on instagram.",
        "It cost me 5000 dollars in lawyers. I'd do it again.",
        "my story is here bit.ly/3xYz9Qa",
        "everything i wrote is at linktr.ee/survivor_notes",
    ],
)
def test_testimonies_about_work_and_money_and_a_short_link_are_no_spam(text):
    result = screen_text(text)
    assert "spam" not in result.types, text
    assert result.lane == "queue"


@pytest.mark.parametrize(
    "text",
    [
        "lmao nobody would rape you",
        "she was drunk what did she expect",
        "ur just a bitter ugly feminist",
        "seguro que te gustó",
        "t'es moche et menteuse",
    ],
)
def test_it_finds_mockery_and_blame_said_other_ways(text):
    assert "abuse" in types(text), text


@pytest.mark.parametrize(
    "text",
    [
        "to anyone who needs to hear it: it was not your fault",
        "i don't think he is ugly, i think he is dangerous",
        "no fue tu culpa, nunca",
    ],
)
def test_support_for_survivors_is_not_abuse(text):
    assert "abuse" not in types(text), text


@pytest.mark.parametrize(
    "text",
    [
        "visit my store for cheap designer bags",
        "sígueme y te sigo, compro seguidores baratos",
        "earn 300 dollars a day, message me",
    ],
)
def test_it_finds_shop_and_follower_spam(text):
    assert screen_text(text).lane == "spam", text
