"""The optional proof of work (the maintained `altcha` library and ALTCHA's own widget, issue 18.6):
off by default, required for taps and stories when staff switch it on."""

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
    assert "altcha-widget" not in client.get("/share/").content.decode()
    assert client.get("/flood-check/challenge/").status_code == 404
    assert client.post("/c/metoo/metoo/").status_code == 302
    assert Tap.objects.count() == 1


def test_during_a_flood_the_forms_carry_a_challenge(client, campaign, flood):
    body = client.get("/share/").content.decode()
    assert "<altcha-widget" in body and "vendor/altcha/altcha.min.js" in body and "js/flood-check.js" in body
    assert 'challenge="/flood-check/challenge/"' in body, "the page holds no challenge: it is the same for everyone"
    assert "<altcha-widget" in client.get("/c/metoo/").content.decode()
    response = client.get("/flood-check/challenge/")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    challenge = response.json()
    assert challenge["parameters"]["algorithm"] == "SHA-256" and challenge["signature"]
    assert client.get("/flood-check/challenge/").json() != challenge, "a fresh challenge each time"


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

    def encoded(value):
        return base64.b64encode(json.dumps(value).encode()).decode()

    wrong_key = {**payload, "solution": {**payload["solution"], "derivedKey": "00" * 32}}
    forged_signature = {**payload, "challenge": {**payload["challenge"], "signature": "0" * 64}}
    longer_life = {**payload, "challenge": {**payload["challenge"], "parameters": {**payload["challenge"]["parameters"], "expiresAt": 4_000_000_000}}}
    expired = proof_of_work.new_challenge()
    expired["parameters"]["expiresAt"] = 1
    for bad in (wrong_key, forged_signature, longer_life):
        assert not proof_of_work.verify(encoded(bad))
    assert not proof_of_work.verify(encoded({"challenge": expired, "solution": payload["solution"]}))
    for garbage in ("", "not base64!", encoded([]), encoded({"salt": 1}), "A" * 5000):
        assert not proof_of_work.verify(garbage)
