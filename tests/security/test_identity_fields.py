"""Promise 2: a tap, a story, a flag and an "I believe you" hold nothing that could identify a
person: no address, user agent, e-mail, phone, location or fingerprint, by name or by type."""

import re

import pytest
from django.apps import apps
from django.db import models

from moderation.models import Flag
from stories.models import Story, Tap

IDENTIFYING_NAME = re.compile(
    r"(^|_)(ip|ips|ip_?address|addr|address|remote|host|hostname|user_?agent|agent|ua|browser|device|"
    r"e_?mail|mail|phone|tel|telephone|mobile|msisdn|sms|fingerprint|fp|canvas|cookie|session|sid|"
    r"geo|location|lat|lng|lon|latitude|longitude|city|postcode|zip|referr?er|imei|mac|visitor|client)($|_)",
    re.IGNORECASE,
)
# Field classes that hold an address, an e-mail, a URL, a phone number or arbitrary data.
IDENTIFYING_TYPE = re.compile(r"IPAddress|Email|URL|Phone|Binary|JSON|UUID|Inet|Geo|Point", re.IGNORECASE)

# Story.author links a story to an account only when its author chose so; never shown publicly
# (SPEC §1). Story.key_hmac is the HMAC of the story key, not of anything about the person.
REVIEWED = {(Story, "author"), (Story, "key_hmac")}


def believe_storage() -> list[type[models.Model]]:
    """Where "I believe you" is kept: a counter on Story, plus any model named for it."""
    found = [m for m in apps.get_models() if re.search(r"belie", m.__name__, re.IGNORECASE)]
    return [Story, *found]


ANONYMOUS_MODELS = sorted({Tap, Story, Flag, *believe_storage()}, key=lambda model: model.__name__)


def identity_problems(model) -> list[str]:
    problems = []
    for field in model._meta.get_fields():
        if field.auto_created and not field.concrete:
            continue  # reverse relations live on the other model, which is checked in its own right
        if (model, field.name) in REVIEWED:
            continue
        kind = type(field).__name__
        if IDENTIFYING_NAME.search(field.name) or IDENTIFYING_NAME.search(getattr(field, "db_column", None) or ""):
            problems.append(f"{model.__name__}.{field.name}: its name suggests it identifies a person")
        if IDENTIFYING_TYPE.search(kind):
            problems.append(f"{model.__name__}.{field.name}: a {kind} could hold identifying data")
        if field.is_relation and field.related_model is not None:
            related = field.related_model._meta.label
            if related in (apps.get_model("accounts.User")._meta.label, "sessions.Session", "accounts.UserSession"):
                problems.append(f"{model.__name__}.{field.name}: links to a person ({related})")
    return problems


@pytest.mark.parametrize("model", ANONYMOUS_MODELS, ids=lambda model: model.__name__)
def test_it_has_no_field_that_could_identify_a_person(model):
    assert identity_problems(model) == []


def test_believing_is_a_bare_count():
    assert isinstance(Story._meta.get_field("believed"), models.PositiveIntegerField)


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        (models.GenericIPAddressField(), "could hold"),
        (models.EmailField(), "could hold"),
        (models.CharField(max_length=200), "suggests"),
        (models.TextField(), "suggests"),
    ],
)
def test_the_check_itself_catches_an_identifying_field(field, expected):
    # The name decides for the CharField/TextField cases; the type for the other two.
    name = {"GenericIPAddressField": "origin", "EmailField": "contact", "CharField": "user_agent", "TextField": "client_ip"}[
        type(field).__name__
    ]
    model = type(
        f"Probe{type(field).__name__}", (models.Model,),
        {"__module__": __name__, name: field, "Meta": type("Meta", (), {"app_label": "stories", "managed": False})},
    )
    try:
        problems = identity_problems(model)
    finally:
        apps.all_models["stories"].pop(model._meta.model_name, None)
        apps.clear_cache()
    assert problems and expected in problems[0]
