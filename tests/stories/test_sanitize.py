"""Story text is stored as typed (escaped on output), without characters that hide or reorder it."""

import pytest

from stories.sanitize import clean_name, clean_text
from tests.factories import metoo


@pytest.mark.parametrize(
    "typed",
    ["&lt;script&gt;alert(1)&lt;/script&gt;", "I wrote <b>this</b> myself", "5 < 6 & 7 > 3", "&amp; &#60;"],
)
def test_it_stores_story_text_as_typed(typed):
    # Was: "&lt;script&gt;" stored as a literal "<script>", and "<b>" stripped.
    assert clean_text(typed) == typed


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("evil\u202etxt.exe", "eviltxt.exe"),  # right-to-left override
        ("a\u202ab\u202cc", "abc"),  # embedding and pop
        ("\u2066isolated\u2069", "isolated"),
        ("hid\u200bden\u2060 text\ufeff", "hidden text"),
        ("loose \u200d joiner\u200c", "loose  joiner"),
    ],
)
def test_it_strips_direction_overrides_and_zero_width_characters_from_story_text(raw, clean):
    assert clean_text(raw) == clean


def test_it_keeps_joiners_that_scripts_and_emoji_need():
    persian = "می\u200cخواهم"  # ZWNJ inside a Persian word
    family = "\U0001f469\u200d\U0001f467"  # woman ZWJ girl
    assert clean_text(f"{persian} {family}") == f"{persian} {family}"


def test_names_still_lose_markup_and_every_invisible_character():
    assert clean_name("<b>Ri\u200dver</b>\u200e") == "River"


def test_the_share_form_stores_what_was_typed_and_the_page_escapes_it(client, db):
    from stories.models import Story

    metoo()
    typed = "They said &lt;script&gt; was a joke.\u202e"
    response = client.post("/share/", {"campaign": "metoo", "text": typed, "anonymity": "anonymous"})
    assert response.status_code == 200
    story = Story.objects.get()
    assert story.text == "They said &lt;script&gt; was a joke."
