"""Abuse and spam found by their kind and by evidence that is innocent apart, on examples written for this project.

Doxxing is a place and a call to go after someone; spam without a link is something that sells, a second
piece of evidence and a way to reach the seller. Each piece alone is ordinary testimony and stays clean.
"""

import pytest

from moderation.screening import screen_text


def abuse_or_spam(text):
    return {s.type for s in screen_text(text).signals} & {"abuse", "spam"}


@pytest.mark.parametrize(
    "text",
    [
        # insults at the site's users as a group
        "the feminists around here are all such bitter clowns",
        "las chicas de esta app son unas amargadas",
        "ce site est plein de cinglées qui se croient victimes",
        # blaming
        "maybe close your legs next time sweetie",
        "cierra las piernas y deja de llorar",
        # calling it revenge, regret, a false accusation
        "classic revenge from an ex who got dumped",
        "rien d'autre que la vengeance d'une femme bafouée",
        "se arrepienten de la noche y luego lloran en internet",
        "women like you ruin innocent guys lives for clicks",
        # calling others to go after someone
        "everyone go message her and tell her what a fraud she is",
        "harcelez-la en mp jusqu'à ce qu'elle supprime",
    ],
)
def test_it_finds_abuse_kinds(text):
    assert "abuse" in abuse_or_spam(text), text


@pytest.mark.parametrize(
    "text",
    [
        "she lives at 18 harmon street apt 2, you know what to do",
        "vive en calle del pino 7, 3b, madrid. a ver quién le hace una visita; veremos si sigue tan valiente",
        "elle habite au 4 allée des tilleuls 69003 lyon, ceux qui veulent lui dire deux mots savent où aller",
    ],
)
def test_a_place_with_a_call_to_go_after_someone_is_doxxing(text):
    signals = screen_text(text).signals
    assert any(s.type == "abuse" for s in signals), text


@pytest.mark.parametrize(
    "text",
    [
        # a place alone, a call alone: testimony
        "he lives at 18 harmon street apt 2 and i still walk past it",
        "it happened at 4 allée des tilleuls 69003 lyon, i was 16",
        "my therapist said you know what to do when the panic comes",
        "go tell someone you trust, it helped me",
        # insults told, not thrown
        "he told me the feminists here are all crazy",
        "you're not crazy and it's not your fault",
        "i kept my legs closed and he still did it",
        "a man on the bus kept touching my leg",
        # revenge and regret in a survivor's own words
        "i don't want revenge, i want him to stop",
        "i regret that night every day",
        "he ruined my life and walked away",
        "suddenly it was assault and i couldn't move",
        "mis amigos empezaron a escribirle para apoyarla",
    ],
)
def test_it_leaves_testimony_of_the_same_kinds_clean(text):
    assert "abuse" not in abuse_or_spam(text), text


@pytest.mark.parametrize(
    "text",
    [
        "gran liquidación de sofás, hasta 60% menos, llama ya al seis uno dos tres cuatro cinco seis siete ocho",
        "we are hiring girls for online chat work from home, 150 dollars a day, write to jobs.fastcash@gmail.com",
        "je vends des gélules minceur, livraison partout en france, catalogue sur linktr.ee/mincefacile",
        "se buscan señoritas para trabajo desde casa, 80 dolares diarios, info al whatsapp 55 1234 5678",
    ],
)
def test_it_finds_spam_without_advertising_phrases_by_its_evidence(text):
    result = screen_text(text)
    assert "spam" in abuse_or_spam(text), text
    assert result.lane == "spam", text


@pytest.mark.parametrize(
    "text",
    [
        # a contact with one ordinary commercial word, a helpline, pay told as past
        "if you are in danger call 911 now, or the free helpline 0800 123 456",
        "he was hiring girls for his bar and paid us 50 dollars a day, his number was 555 203 4411",
        "i worked the clearance aisle at the store, my manager texted me from 555 203 4411",
        "he sold cbd oil at the market and gave me his card: bit.ly/3xYz12",
        "my link for the support group is linktr.ee/healingcircle, dm me if you need to talk",
    ],
)
def test_testimony_with_a_contact_never_lands_in_the_spam_lane(text):
    result = screen_text(text)
    assert result.lane == "queue", text
    assert not any(s.type == "spam" and s.confidence >= 0.5 for s in result.signals), text


def test_a_doxxing_signal_says_what_it_found():
    signals = screen_text("she lives at 18 harmon street apt 2, you know what to do").signals
    reasons = [s.reason for s in signals if s.type == "abuse"]
    assert any("where someone lives" in r for r in reasons), reasons


def test_structural_spam_says_its_evidence():
    signals = screen_text("we are hiring girls for chat work from home, 150 dollars a day, text 555 203 4411").signals
    reasons = [s.reason for s in signals if s.type == "spam"]
    assert any("a contact" in r and "recruiting" in r for r in reasons), reasons


@pytest.mark.parametrize(
    "text",
    [
        'for months he kept saying "no one would believe a whore like you" and i was only 17',
        'his last text was: "we know where you sleep". the police have it now',
        "en el grupo me mandaban audios diciendome mentirosa y zorra",
        "i was the slut and the liar in that school after he talked",
        "you are not a liar and you never were",
        "staying quiet does not mean you asked for it",
    ],
)
def test_survivors_quoting_or_supporting_stay_clean(text):
    assert "abuse" not in abuse_or_spam(text), text


@pytest.mark.parametrize(
    "text",
    [
        "you shouldn't have gone up to his room then",
        "if you didn't kick him off you wanted it",
        "no one would ever touch you, relax",
        "t'avais qu'à pas le suivre, pauvre conne",
    ],
)
def test_blame_said_with_a_negation_is_still_blame(text):
    assert "abuse" in abuse_or_spam(text), text


def test_a_price_and_a_call_to_order_are_spam_evidence():
    signals = screen_text("detox tea bundle only $19.99, message us to order").signals
    assert any(s.type == "spam" and s.reason.startswith("spam evidence") and "a price" in s.reason for s in signals)


def test_a_sum_told_in_a_testimony_is_no_price():
    assert "spam" not in abuse_or_spam("he gave me only $5 for the bus and told me to text him when i got home")


def test_a_decimal_or_a_web_address_does_not_end_a_sentence_for_the_rules():
    from moderation.detectors.concepts import sentence_numbers
    from moderation.detectors.tokens import tokenize

    text = "tarot readings $2.99 call now. see linktr.ee/x"
    tokens = tokenize(text)
    numbers = dict(zip((t.form for t in tokens), sentence_numbers(text, tokens), strict=True))
    assert numbers["tarot"] == numbers["now"] == 0
    assert numbers["see"] == numbers["x"] == 1


@pytest.mark.parametrize("text", ["boo hoo, a guy winked at you, grow up it was a joke", "ouin ouin, madure un peu"])
def test_mocking_cries_and_grow_up_are_abuse(text):
    assert "abuse" in abuse_or_spam(text), text


def test_growing_up_told_is_not_mockery():
    assert "abuse" not in abuse_or_spam("i had to grow up fast after that hug at the party")
