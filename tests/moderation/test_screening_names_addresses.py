"""Names in lower case and whole addresses, on examples written for this project."""

import pytest

from moderation.screening import screen_text


def spans(text, kind):
    return [text[s.start:s.end] for s in screen_text(text).signals if s.type == kind]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("my coach dave kowalski made me stay after practice", "dave kowalski"),
        ("el padre tomás iglesias me confesaba los viernes", "tomás iglesias"),
        ("le docteur françois leroy m'a examinée seule", "françois leroy"),
        ("mi jefe se llama juanjo pérez", "juanjo pérez"),
        ("my stepdad gary henderson", "gary henderson"),
        ("la profesora paz martínez lo sabía", "paz martínez"),
        ("i told my teacher mrs dawson", "dawson"),
        ("mon prof de sport julien moreau", "julien moreau"),
        ("il s'appelait thomas girard", "thomas girard"),
        ("el chico se llama juanjo", "juanjo"),
    ],
)
def test_it_finds_names_in_lower_case_after_a_role_word(text, name):
    assert name in spans(text, "person_name")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("my stepdad kevin o'brien did it for years", "kevin o'brien"),
        ("mi jefe juan carlos pérez me acosaba", "juan carlos pérez"),
        ("mr henderson the maths teacher", "henderson"),
        ("mi exnovio pablo ortega me pegaba", "pablo ortega"),
        ("my supervisor at the hotel, ms. patel", "patel"),
        ("my cousin's friend tyler brooks", "tyler brooks"),
        ("el señor martínez del tercero", "martínez"),
        ("madame rousseau, ma prof de piano", "rousseau"),
    ],
)
def test_it_finds_apostrophe_surnames_two_first_names_and_a_surname_after_mr(text, name):
    assert name in spans(text, "person_name")


@pytest.mark.parametrize("text", ["mi tío juan me gritaba", "he was mr nice guy to everyone", "my boss will be there"])
def test_a_first_name_alone_or_an_everyday_word_after_mr_is_no_name(text):
    assert not spans(text, "person_name")


@pytest.mark.parametrize(
    "text",
    [
        "by the grace of god i survived",
        "i rose from it, slowly",
        "ahora vivo en paz",
        "my boss rose early every day",
        "la profesora paz nos dijo que esperáramos",
        "mon patron était toujours là",
        "my uncle joe drove me home",
        "mi tío me dijo que no",
        "the team doctor larry nassar was sentenced",
    ],
)
def test_names_that_are_everyday_words_stay_clean(text):
    assert not spans(text, "person_name")


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("he lives at 42 elm st apt 3b, dayton oh 45402 and", "42 elm st apt 3b, dayton oh 45402"),
        ("she moved to 14 high st, leeds ls6 2ab last year", "14 high st, leeds ls6 2ab"),
        ("flat 2, 14 high street, leeds", "flat 2, 14 high street, leeds"),
        ("il habite au 12 bis rue des acacias, 3e étage, 75017 paris depuis", "12 bis rue des acacias, 3e étage, 75017 paris"),
        ("8 rue des lilas 69003 lyon", "8 rue des lilas 69003 lyon"),
        ("vivía en la calle mayor 14, 3º izq, 28013 madrid con", "calle mayor 14, 3º izq, 28013 madrid"),
        ("en c/ san bernardo nº 7 2ºb madrid", "c/ san bernardo nº 7 2ºb madrid"),
        ("avda diagonal 640, 4º 2ª, 08017 barcelona", "avda diagonal 640, 4º 2ª, 08017 barcelona"),
        ("unit 5, 12-14 high street, bristol bs1 4dj", "unit 5, 12-14 high street, bristol bs1 4dj"),
        ("he lived at 42 elm st springfield il and moved", "42 elm st springfield il"),
        ("apt 4b, 221 baker st", "apt 4b, 221 baker st"),
    ],
)
def test_it_covers_the_whole_address(text, address):
    assert address in spans(text, "address")


@pytest.mark.parametrize(
    "text",
    [
        "j'avais 2 cours de maths le lundi",
        "it was a 5 minutes walk from school",
        "2 very close friends stood by me",
        "we walked down main street",
        "in 2010 oxford street was packed",
    ],
)
def test_everyday_phrases_with_street_words_are_no_address(text):
    assert not spans(text, "address")
