"""The optional proof of work: off by default, required for taps and stories when staff switch it on."""

import base64
import json

import pytest
from django.core.cache import cache

from stories import proof_of_work
from stories.models import FloodSwitch, Story, Tap


@pytest.fixture
def flood(db):
    FloodSwitch.objects.update_or_create(pk=1, defaults={"proof_of_work": True})
    cache.delete("flood-switch")


def test_posting_needs_no_proof_by_default(client, campaign):
    assert "data-pow-challenge" not in client.get("/share/").content.decode()
    assert client.post("/c/metoo/metoo/").status_code == 302
    assert Tap.objects.count() == 1


def test_during_a_flood_the_forms_carry_a_challenge(client, campaign, flood):
    body = client.get("/share/").content.decode()
    assert "data-pow-challenge" in body and "js/proof-of-work.js" in body
    assert "data-pow-challenge" in client.get("/c/metoo/").content.decode()


def test_during_a_flood_a_tap_without_proof_is_refused(client, campaign, flood):
    response = client.post("/c/metoo/metoo/")
    assert response.status_code == 400
    assert "flood of automated posts" in response.content.decode()
    assert Tap.objects.count() == 0


def test_during_a_flood_a_solved_challenge_lets_a_tap_and_a_story_through(client, campaign, flood):
    assert client.post("/c/metoo/metoo/", {"altcha": proof_of_work.solve(proof_of_work.new_challenge())}).status_code == 302
    response = client.post("/share/", {
        "campaign": "metoo", "text": "Through the flood.", "anonymity": "anonymous",
        "altcha": proof_of_work.solve(proof_of_work.new_challenge()),
    })
    assert response.status_code == 200
    assert Tap.objects.count() == 1 and Story.objects.count() == 1


def test_a_solution_works_once(db):
    solution = proof_of_work.solve(proof_of_work.new_challenge())
    assert proof_of_work.verify(solution)
    assert not proof_of_work.verify(solution)


def test_forged_solutions_are_refused(db):
    challenge = proof_of_work.new_challenge()
    payload = json.loads(base64.b64decode(proof_of_work.solve(challenge)))
    wrong_number = dict(payload, number=payload["number"] + 1)
    forged_signature = dict(payload, signature="0" * 64)
    expired_salt = dict(payload, salt=payload["salt"].split("?")[0] + "?expires=1")
    for bad in (wrong_number, forged_signature, expired_salt):
        assert not proof_of_work.verify(base64.b64encode(json.dumps(bad).encode()).decode())
    for garbage in ("", "not base64!", base64.b64encode(b"[]").decode(), base64.b64encode(b'{"salt": 1}').decode()):
        assert not proof_of_work.verify(garbage)
