"""Phones, e-mails and handles written to get past a filter, on examples written for this project."""

import pytest

from moderation.screening import screen_text


def spans(text, kind):
    return [text[s.start:s.end] for s in screen_text(text).signals if s.type == kind]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("call him on five five five, one two three four", "five five five, one two three four"),
        ("his cell is two one two five five five zero one four seven", "two one two five five five zero one four seven"),
        ("su número: seis uno dos, treinta y cuatro, cincuenta y seis, setenta y ocho",
         "seis uno dos, treinta y cuatro, cincuenta y seis, setenta y ocho"),
        ("appelle le zéro six douze trente-quatre cinquante-six soixante-dix-huit",
         "zéro six douze trente-quatre cinquante-six soixante-dix-huit"),
        ("text him 0 7 9 1 1 1 2 3 4 5 6", "0 7 9 1 1 1 2 3 4 5 6"),
    ],
)
def test_it_finds_phone_numbers_spelled_out_or_spaced(text, number):
    assert number in spans(text, "phone")


@pytest.mark.parametrize(
    "text",
    [
        "at 8, 12, 14, 19 and 22 it kept happening",
        "i was one of two or three girls he picked",
        "it was nineteen ninety nine",
        "tenía 8, 12 y 14 años",
        "it went on from 1998-2003. five years of silence",
        "de 2014-2018, un infierno",
    ],
)
def test_ages_and_years_written_out_are_no_phone(text):
    assert not spans(text, "phone")


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("write to ana dot lopez at gmail dot com", "ana dot lopez at gmail dot com"),
        ("escríbele a juan.perez arroba hotmail punto com", "juan.perez arroba hotmail punto com"),
        ("son mail c'est marie.dupont chez orange point fr", "marie.dupont chez orange point fr"),
        ("mail: ana (at) mail (dot) com", "ana (at) mail (dot) com"),
        ("ana[at]proton[.]me", "ana[at]proton[.]me"),
    ],
)
def test_it_finds_e_mails_written_out(text, address):
    assert spans(text, "email") == [address]


def test_at_alone_is_no_e_mail():
    assert not spans("we met at school and look at instagram.com", "email")


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("his insta mikey_t_99", "mikey_t_99"),
        ("snap juanjo_2004 if you know him", "juanjo_2004"),
        ("mi insta es lauritaa_vlc", "lauritaa_vlc"),
        ("son snap c'est lea.d.75", "lea.d.75"),
    ],
)
def test_it_finds_handles_after_a_platform_word_without_a_colon(text, handle):
    assert spans(text, "handle") == [handle]


@pytest.mark.parametrize("text", ["i saw it on insta last night", "he added me on snap at 2 am", "mi insta es privado"])
def test_a_platform_word_before_an_ordinary_word_is_no_handle(text):
    assert not spans(text, "handle")


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("en tiktok lo encuentras como elrubio_mx", "elrubio_mx"),
        ("il m'écrivait sur snap depuis thomasss_95", "thomasss_95"),
        ("mi agresor tiene insta, se llama nacho.gym", "nacho.gym"),
        ("look up kyle.fitness.coach on instagram", "kyle.fitness.coach"),
        ("he still writes to me as dan_the_man_84 every week", "dan_the_man_84"),
    ],
)
def test_it_finds_account_names_a_few_words_from_a_platform_word_or_shaped_like_one(text, handle):
    assert spans(text, "handle") == [handle]


@pytest.mark.parametrize(
    "text",
    ["i saw it on tiktok at 9.30 that night", "on instagram in 2019 he posted 100 pics",
     "he found me on facebook. i was 15 and he was 30, the u.s. embassy did nothing"],
)
def test_times_years_and_abbreviations_near_a_platform_word_are_no_handle(text):
    assert not spans(text, "handle")


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("whatsapp me +44 7700 900 123", "+44 7700 900 123"),
        ("he gave me his number 555 0172", "555 0172"),
        ("text me 555-0199 if he comes back", "555-0199"),
    ],
)
def test_it_finds_possible_numbers_that_are_not_in_service(text, number):
    assert spans(text, "phone") == [number]


def test_a_seven_digit_number_without_a_contact_word_is_no_phone():
    assert not spans("it was 555 0172 days ago and case 2019 4433 is closed", "phone")
    assert not spans("in that context 555 0172 meant nothing", "phone")  # "text" inside "context" is no contact word


def test_it_finds_an_e_mail_with_spaces_around_the_at_and_the_dot():
    assert spans("email: greta.h @ protonmail . com", "email") == ["greta.h @ protonmail . com"]
