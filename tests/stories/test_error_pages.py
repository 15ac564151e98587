"""Issue 13.5: the 404, 405 and 500 pages carry the quick exit and a way on, and are translated;
the 500 page stands alone on a minimal base that cannot fail."""

import pytest
from django.db import IntegrityError
from django.test import Client

pytestmark = pytest.mark.django_db

WORDS = {"en": "Quick exit", "es": "Salida rápida", "fr": "Sortie rapide"}


@pytest.fixture(autouse=True)
def _compiled():
    from tests.catalogues import compile_catalogues

    compile_catalogues()


def visitor(language):
    return Client(HTTP_ACCEPT_LANGUAGE=language, raise_request_exception=False)


@pytest.mark.parametrize("language", WORDS)
def test_a_404_with_debug_off_has_the_quick_exit_in_the_visitor_s_language(settings, language):
    settings.DEBUG = False
    response = visitor(language).get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert 'id="quick-exit"' in body and WORDS[language] in body and f'lang="{language}"' in body


@pytest.mark.parametrize("language", WORDS)
@pytest.mark.parametrize("path", ["/my-story/withdraw/", "/my-story/edit/", "/c/metoo/metoo/", "/privacy/leave-no-trace/"])
def test_a_get_of_a_form_only_address_is_a_page_with_the_quick_exit_and_a_way_on(campaign, language, path):
    response = visitor(language).get(path)
    body = response.content.decode()
    assert response.status_code == 405 and "POST" in response["Allow"]
    assert 'id="quick-exit"' in body and WORDS[language] in body
    assert 'href="/"' in body and 'href="/my-story/"' in body and 'href="/resources/"' in body


def test_the_open_data_api_keeps_its_json_405(client, campaign):
    response = client.post("/api/v1/counts")
    assert response.status_code == 405 and response.json()["error"] == "method_not_allowed"


@pytest.mark.parametrize("language", WORDS)
def test_a_500_has_the_quick_exit_in_the_visitor_s_language(campaign, monkeypatch, language):
    def bug(**kwargs):
        raise IntegrityError("duplicate key")

    monkeypatch.setattr("stories.services.record_tap", bug)
    response = visitor(language).post("/c/metoo/metoo/")
    body = response.content.decode()
    assert response.status_code == 500
    assert 'id="quick-exit"' in body and WORDS[language] in body and f'lang="{language}"' in body
    assert "/static/js/quick-exit.js" in body


def test_the_500_page_renders_with_nothing_but_the_template_engine():
    from django.template import loader
    from django.utils import translation

    with translation.override("en"):
        body = loader.get_template("errors/500.html").render({"QUICK_EXIT_URL": "https://example.org/"})
    assert 'href="https://example.org/"' in body and "Something went wrong on our side" in body
    source = loader.get_template("errors/base_minimal.html").template.source
    for risky in ("{% url", "{% static", "user.", "messages", "csrf_token"):
        assert risky not in source, risky
