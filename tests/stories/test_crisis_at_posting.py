"""Issue 13.1: crisis language is found in the request, and the page the author sees next leads with
crisis help (988 and the local lines first); the story records only that it was shown."""

import pytest
from django.test import Client

from stories.models import Story

CRISIS = "i don't want to be alive anymore"
ORDINARY = "It happened at work, more than once."


def body_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_crisis_language_leads_the_confirmation_with_crisis_help(client, campaign):
    body = body_of(client.post("/share/", {"campaign": "metoo", "text": CRISIS, "anonymity": "anonymous"}))
    story = Story.objects.get()
    assert story.crisis_help_shown is True
    danger = body.index("If you are in danger right now")
    assert danger < body.index("Your story key") and danger < body.index("988")
    assert body.index("988 Suicide &amp; Crisis Lifeline") < body.index("RAINN"), "crisis lines before any other"
    assert body.index("Samaritans") < body.index("Your story key")


def test_an_ordinary_story_gets_the_ordinary_confirmation(client, campaign):
    body = body_of(client.post("/share/", {"campaign": "metoo", "text": ORDINARY, "anonymity": "anonymous"}))
    assert Story.objects.get().crisis_help_shown is False
    assert "data-crisis-help" not in body and "If you are in danger right now" not in body.split("Your story key")[0]


@pytest.mark.parametrize(("language", "first_line"), [("fr", "3114"), ("es", "024"), ("en", "988")])
def test_the_crisis_lines_of_the_visitor_s_language_come_first(campaign, language, first_line):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    body = body_of(client.post("/share/", {"campaign": "metoo", "text": "I want to die", "anonymity": "anonymous"}))
    section = body[body.index("data-crisis-help"):body.index("</section>", body.index("data-crisis-help"))]
    contacts = [part.split("</span>")[0] for part in section.split('class="resource-contact">')[1:]]
    assert contacts[0].startswith(first_line), contacts


def test_the_story_records_a_yes_and_never_the_words(client, campaign):
    client.post("/share/", {"campaign": "metoo", "text": CRISIS, "anonymity": "anonymous"})
    story = Story.objects.get()
    assert story.crisis_help_shown is True
    field = Story._meta.get_field("crisis_help_shown")
    assert field.get_internal_type() == "BooleanField"
    assert "alive" not in repr(Story.objects.filter(pk=story.pk).values().get() | {"text": ""})


def test_an_edit_with_crisis_language_shows_crisis_help_on_the_edit_page(client, campaign):
    body = body_of(client.post("/share/", {"campaign": "metoo", "text": ORDINARY, "anonymity": "anonymous"}))
    key = body.split('data-key="')[1].split('"')[0]
    edited = body_of(client.post("/my-story/edit/", {"key": key, "text": ORDINARY + " Some nights I want to die."}))
    assert Story.objects.get().crisis_help_shown is True
    assert edited.index("If you are in danger right now") < edited.index("Status:")


def test_my_story_leads_with_crisis_help_once_it_was_shown(client, campaign):
    body = body_of(client.post("/share/", {"campaign": "metoo", "text": CRISIS, "anonymity": "anonymous"}))
    key = body.split('data-key="')[1].split('"')[0]
    page = body_of(Client().post("/my-story/", {"key": key}))
    assert page.index("If you are in danger right now") < page.index("Status:")
