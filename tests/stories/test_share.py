"""Sharing a story: GET/POST /share/."""

import re

import pytest
from django.core.management import call_command
from django.test import Client

from stories import counters
from stories.choices import Status
from stories.models import Story
from tests.factories import CampaignFactory, UserFactory

KEY_PATTERN = re.compile(r'id="story-key" class="story-key" data-key="([a-z-]+)"')


def share(client, **fields):
    data = {"campaign": "metoo", "text": "It happened at work, more than once.", "anonymity": "anonymous"}
    data.update(fields)
    return client.post("/share/", data)


def key_from(response) -> str:
    match = KEY_PATTERN.search(response.content.decode())
    assert match, "the confirmation page shows the key"
    return match.group(1)


def test_it_shows_the_form_with_the_campaign_preselected(client, campaign):
    CampaignFactory(slug="notokay", hashtag="#NotOkay")
    response = client.get("/share/?campaign=notokay")
    assert response.status_code == 200
    assert '<option value="notokay" selected>' in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]


def test_it_saves_an_anonymous_story_and_shows_its_key_once(client, campaign, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = share(client, content_warning="on", kind="assault", setting="home")
    assert response.status_code == 200
    key = key_from(response)
    words = key.split("-")
    assert len(words) >= 7
    story = Story.objects.get()
    assert story.status == Status.RECEIVED
    assert story.text == "It happened at work, more than once."
    assert story.content_warning and story.kind == "assault" and story.setting == "home"
    assert story.author is None and story.display_name == ""
    assert len(story.public_id) >= 12 and not story.public_id.isdigit()
    assert story.key_hmac and key not in story.key_hmac
    assert len(callbacks) == 1, "screening is queued once, on commit"
    assert counters.totals_by_campaign()[campaign.pk]["stories_pending"] == 1
    assert "no-store" in response["Cache-Control"]


def test_the_key_is_stored_nowhere(client, campaign, tmp_path):
    key = key_from(share(client))
    dump = tmp_path / "dump.json"
    call_command("dumpdata", output=str(dump), verbosity=0)
    text = dump.read_text()
    assert key not in text
    assert key.replace("-", " ") not in text
    assert Story.objects.count() == 1


def test_keys_are_not_sequential_or_reused(client, campaign):
    first = key_from(share(client))
    second = key_from(share(Client(), text="Another one, years ago."))
    assert first != second
    assert len(set(first.split("-")) & set(second.split("-"))) < 7


def test_it_keeps_a_pseudonym(client, campaign):
    share(client, anonymity="pseudonym", display_name="  River\u200b  ")
    assert Story.objects.get().display_name == "River"


def test_a_signed_in_author_may_keep_the_story_in_their_account(client, campaign):
    user = UserFactory()
    client.force_login(user)
    response = share(client, keep_in_account="on")
    assert response.status_code == 200
    assert 'id="story-key"' not in response.content.decode()
    story = Story.objects.get()
    assert story.author == user and story.key_hmac is None and story.display_name == ""


def test_a_signed_in_author_may_still_post_anonymously_with_a_key(client, campaign):
    client.force_login(UserFactory())
    key_from(share(client))
    assert Story.objects.get().author is None


def test_named_needs_an_account(client, campaign):
    response = share(client, anonymity="named")
    assert response.status_code == 400
    assert Story.objects.count() == 0


def test_it_refuses_a_get_with_the_wrong_method(client, campaign):
    assert client.put("/share/").status_code == 405


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"text": ""}, "Please write your story"),
        ({"text": "   \n\t  "}, "Please write your story"),
        ({"text": "a" * 2140}, "Your story is 2,140 characters long; the limit is 2,000."),
        ({"text": "x\x00y"}, "Null characters are not allowed"),
        ({"kind": "torture"}, "Select a valid choice"),
        ({"anonymity": "famous"}, "Select a valid choice"),
        ({"campaign": "nope"}, "Please choose one of the open campaigns"),
        ({"anonymity": "pseudonym", "display_name": ""}, "Please choose a name to show"),
        ({"anonymity": "pseudonym", "display_name": "see www.mysite.com"}, "cannot contain a link"),
        ({"anonymity": "pseudonym", "display_name": "me@example.org"}, "cannot contain a link"),
        ({"anonymity": "pseudonym", "display_name": "x" * 41}, "the limit is 40"),
        ({"website": "spam"}, "Please leave this field empty"),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(client, campaign, fields, message):
    response = share(client, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Story.objects.count() == 0


def test_a_closed_campaign_takes_no_story(client, db):
    CampaignFactory(slug="over", hashtag="#Over", is_active=False)
    response = share(client, campaign="over")
    assert response.status_code == 400
    assert "#Over has closed" in response.content.decode()
    assert Story.objects.count() == 0


def test_html_is_stored_as_typed_and_never_executed(client, campaign):
    # Was stripped (and "&lt;" unescaped into "<"): text is now stored as typed, escaped on output (issue 15).
    typed = '<script>alert(1)</script><b onmouseover="x()">bold</b> I was 14 <3 & scared'
    share(client, text=typed)
    story = Story.objects.get()
    assert story.text == typed
    from stories.services import change_story_status

    change_story_status(story=story, status="published")
    page = client.get(story.get_absolute_url()).content.decode()
    assert "<script>alert" not in page and "<b onmouseover" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_line_breaks_are_kept_and_controls_removed(client, campaign):
    share(client, text="First line\r\nSecond\x07 line\u202e\n\n\n\nEnd")
    assert Story.objects.get().text == "First line\nSecond line\n\nEnd"  # the override goes too (issue 15)


def test_a_broken_encoding_is_not_a_500(client, campaign):
    body = b"campaign=metoo&anonymity=anonymous&text=%ED%A0%80%FF%FE+hello"
    response = client.generic("POST", "/share/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code in (200, 400)


def test_a_missing_csrf_token_gets_a_friendly_403(campaign):
    client = Client(enforce_csrf_checks=True)
    response = share(client)
    assert response.status_code == 403
    assert "form had expired" in response.content.decode()
    assert Story.objects.count() == 0


def test_a_double_submission_is_saved_once(client, campaign):
    first = share(client, submission="token-123")
    second = share(client, submission="token-123")
    assert first.status_code == 200
    assert second.status_code == 200
    assert Story.objects.count() == 1


def test_back_and_send_again_answers_with_the_first_story_without_its_key(client, campaign):
    """Issue 13.6: the same form sent again is recognised, not saved again and not sent to the spam lane."""
    first = share(client, submission="token-back")
    key = key_from(first)
    again = share(client, submission="token-back", text="It happened at work, more than once.")
    body = again.content.decode()
    assert again.status_code == 200
    assert "We already received this story" in body
    assert key not in body and 'id="story-key"' not in body
    assert Story.objects.count() == 1
    assert Story.objects.get().submission_digest and "token-back" not in Story.objects.get().submission_digest


def test_two_forms_are_two_stories(client, campaign):
    share(client, submission="token-one")
    share(client, submission="token-two", text="Another time, another place.")
    assert Story.objects.count() == 2


def test_it_rate_limits_stories(client, campaign, settings):
    settings.RATE_LIMIT_STORIES = "2/h"
    statuses = [share(client, text=f"Story number {n}").status_code for n in range(3)]
    assert statuses == [200, 200, 429]
    assert Story.objects.count() == 2


def test_each_context_question_has_one_blank_and_one_prefer_not_to_say(client, campaign):
    """Issue 13.6: "—" is not given; "Prefer not to say" is an answer of its own, once per question."""
    import html

    from stories.choices import CONTEXT_FIELDS

    body = html.unescape(client.get("/share/").content.decode())
    for name in CONTEXT_FIELDS:
        start = body.index(f'name="{name}"')
        block = body[start:body.index("</div>", start)]
        assert block.count("Prefer not to say") == 1, name
        assert block.count('value=""') <= 1 and ('value="unsaid"' in block), name
        if "<select" in body[start - 200:start]:
            assert '<option value="" selected>—</option>' in block, name
    share(client, kind="unsaid", setting="", told_before="unsaid")
    story = Story.objects.get()
    assert (story.kind, story.setting, story.told_before) == ("unsaid", "", "unsaid")


def test_a_long_display_name_gets_one_true_error(client, campaign):
    """Issue 13.6: 41 characters: one error that gives the limit, not "Please choose a name to show"."""
    response = share(client, anonymity="pseudonym", display_name="x" * 41)
    body = response.content.decode()
    assert response.status_code == 400
    assert "The name is 41 characters long; the limit is 40." in body
    assert "Please choose a name to show" not in body
    assert 'maxlength="40"' in client.get("/share/").content.decode()


def test_every_aria_describedby_points_at_an_element_that_exists(client, campaign):
    import re

    for path in ("/share/", "/accounts/signup/"):
        body = client.get(path).content.decode()
        ids = set(re.findall(r'\bid="([^"]+)"', body))
        for described in re.findall(r'aria-describedby="([^"]+)"', body):
            for target in described.split():
                assert target in ids, (path, target)


def test_named_stories_are_always_kept_in_the_account_and_the_form_says_so(client, campaign):
    """Issue 13.6: "Keep in account" unticked is not silently ignored: the form and the confirmation say it."""
    user = UserFactory()
    client.force_login(user)
    assert "always kept in your account" in client.get("/share/").content.decode()
    response = share(client, anonymity="named")
    story = Story.objects.get()
    assert story.author == user and story.anonymity == "named"
    assert "it is kept in your account" in response.content.decode()


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


CRISIS_TEXT = "Some nights I want to end my life."


@pytest.mark.parametrize("crisis", [False, True], ids=["ordinary", "crisis help"])
@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_the_key_page_copy_is_the_page_the_template_renders(client, campaign, language, crisis, settings):
    """The key page comes from a copy rendered once per language and crisis help (stories/share_done.py);
    it must be byte for byte what the template gives for the same story and key (the CSRF token
    aside: it is new in every response)."""
    from django.shortcuts import render

    from stories import share_done

    share_done.forget_pages()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    first, second = (CRISIS_TEXT, "Another night, " + CRISIS_TEXT) if crisis else ("It happened at work.", "Another time, somewhere else.")
    share(client, text=first)  # the first one renders the copy
    response = share(client, text=second)
    assert response.status_code == 200
    assert list(share_done._pages) == [(language, crisis)] and all(share_done._pages.values()), "the copy was used"
    key = key_from(response)
    story = Story.objects.order_by("-id").first()
    assert story.crisis_help_shown is crisis
    assert ("data-crisis-help" in response.content.decode()) is crisis
    request = response.wsgi_request
    expected = render(request, "stories/share_done.html", {"story": story, "key": key, "key_words": key.split("-"), "repeated": False})
    assert TOKEN.sub("", response.content.decode()) == TOKEN.sub("", expected.content.decode())
    assert TOKEN.search(response.content.decode()), "the leave-no-trace form keeps its CSRF token"
    assert response.cookies.get(settings.CSRF_COOKIE_NAME), "and its cookie"
    assert f'<html lang="{language}"' in response.content.decode()
    assert key in response.content.decode() and response.content.decode().count(key) == 1


def test_crisis_help_follows_each_story_whichever_copy_was_made_first(client, campaign):
    """The two copies of a language never stand in for each other: crisis help exactly when it was found."""
    from stories import share_done

    share_done.forget_pages()
    for text, crisis in [("It happened at work.", False), (CRISIS_TEXT, True), ("It happened at school.", False),
                         ("Tonight, " + CRISIS_TEXT, True)]:
        body = share(client, text=text).content.decode()
        assert ("data-crisis-help" in body) is crisis, text
        assert Story.objects.get(text=text).crisis_help_shown is crisis
        key_from(share(client, text=text + " Again."))  # each page still shows its key
    assert set(share_done._pages) == {("en", False), ("en", True)} and all(share_done._pages.values())


def test_a_message_waiting_is_shown_on_the_key_page(client, campaign):
    """A flash message (the tap's "You are counted") still reaches the next page, so that page is rendered."""
    share(client)  # the copy exists
    client.post("/c/metoo/metoo/")  # leaves "You are counted" for the next page
    response = share(client, text="Another time, somewhere else.")
    assert "You are counted" in response.content.decode()
    key_from(response)


def test_a_signed_in_author_gets_the_rendered_page(client, campaign):
    user = UserFactory()
    client.force_login(user)
    share(Client())  # an anonymous author made the copy
    response = share(client, anonymity="anonymous")
    assert 'href="/account/stories/"' in response.content.decode() or "Account" in response.content.decode()
    assert "Sign in" not in response.content.decode().split("<main")[0]


STORY_POSTS = [
    {},
    {"kind": "harassment", "setting": "workplace", "gender": "woman", "told_before": "no"},
    {"kind": "moon"},
    {"told_before": "maybe"},
    {"campaign": ""},
    {"campaign": "nope"},
    {"campaign": "METOO"},
    {"campaign": "over"},
    {"text": ""},
    {"text": "   \n\t  "},
    {"text": "  kept as typed, lines trimmed  \r\n  second line "},
    {"text": "a" * 2140},
    {"text": "a" * 2000},
    {"text": "x\x00y"},
    {"text": "half a pair \ud800 here"},
    {"text": "<b>bold</b> &amp; <script>x()</script>"},
    {"anonymity": ""},
    {"anonymity": "famous"},
    {"anonymity": "named"},
    {"anonymity": "Anonymous"},
    {"anonymity": "pseudonym"},
    {"anonymity": "pseudonym", "display_name": "   "},
    {"anonymity": "pseudonym", "display_name": "  River  "},
    {"anonymity": "pseudonym", "display_name": "<i>River</i>"},
    {"anonymity": "pseudonym", "display_name": "Riv\x00er"},
    {"anonymity": "pseudonym", "display_name": "see www.mysite.com"},
    {"anonymity": "pseudonym", "display_name": "x" * 41},
    {"anonymity": "anonymous", "display_name": "ignored later, cleaned here"},
    {"content_warning": "on", "context_public": "true"},
    {"content_warning": "false", "context_public": "0"},
    {"content_warning": "", "context_public": "FALSE"},
    {"keep_in_account": "on"},
    {"submission": "a" * 64},
    {"submission": "a" * 65},
    {"submission": "  padded  "},
    {"submission": "a\x00"},
    {"website": "spam"},
    {"website": "   "},
    {"altcha": "x" * 2001},
    {"altcha": "a\x00b"},
    {"unknown_field": "anything", "kind": "assault"},
]


@pytest.mark.parametrize("flood_switch", [False, True])
@pytest.mark.parametrize("fields", STORY_POSTS)
def test_the_storys_quick_check_answers_as_the_story_form_does(campaign, fields, flood_switch, monkeypatch):
    from django.contrib.auth.models import AnonymousUser
    from django.http import QueryDict

    from stories.forms import StoryForm, story_fields
    from stories.models import FloodSwitch

    CampaignFactory(slug="over", hashtag="#Over", is_active=False)
    monkeypatch.setattr(FloodSwitch, "proof_of_work_required", classmethod(lambda cls, using="default": flood_switch))
    posted = QueryDict(mutable=True)
    for name, value in {"campaign": "metoo", "text": "It happened at work.", "anonymity": "anonymous", **fields}.items():
        posted[name] = value
    form = StoryForm(posted, user=AnonymousUser())
    expected = {**form.cleaned_data, "context": form.context} if form.is_valid() else None
    assert story_fields(posted) == expected


def test_a_story_that_passes_the_quick_check_is_saved_as_the_form_would(client, campaign):
    response = share(client, anonymity="pseudonym", display_name="  River ", kind="harassment", content_warning="on",
                     context_public="on", text="  first line \r\n second  ")
    assert response.status_code == 200
    story = Story.objects.get()
    assert (story.display_name, story.kind, story.content_warning, story.context_public, story.text) == (
        "River", "harassment", True, True, "first line\n second"
    )


@pytest.mark.parametrize("language", ["en", "es", "fr"])
@pytest.mark.parametrize("key", ["quiet-harbor-lantern-meadow-ribbon-orchard-pebble", "one-two", "a<b-c&d-\"e'"])
def test_the_key_include_from_its_copy_is_what_the_template_renders(language, key):
    from django.template.loader import render_to_string
    from django.utils import translation

    from stories import share_done

    share_done.forget_pages()
    with translation.override(language):
        expected = render_to_string(share_done.KEY_TEMPLATE, {"key": key, "key_words": key.split("-")})
        assert share_done._key_html(key) == expected
        assert share_done._key_includes[(language, len(key.split("-")))], "the copy was used"
        assert share_done._key_html(key) == expected  # and again, from the copy


def test_the_key_pages_masked_csrf_token_is_get_tokens(rf):
    """config.csrf_tokens.masked_csrf_token (the key page's and the queue's) against Django's get_token: the same secret, masked the same way, fresh each time."""
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, _unmask_cipher_token, get_token

    from config.csrf_tokens import masked_csrf_token

    def request_with(secret):
        request = rf.post("/share/")
        request.META["CSRF_COOKIE"] = secret
        return request

    def csrf_meta(request):
        return {name: value for name, value in request.META.items() if name.startswith("CSRF_")}

    tokens = []
    for _ in range(3000):
        secret = get_token(rf.get("/"))[:32]  # any 32 allowed characters
        ours, djangos = request_with(secret), request_with(secret)
        token, reference = masked_csrf_token(ours), get_token(djangos)
        assert len(token) == len(reference) == 64 and set(token) <= set(CSRF_ALLOWED_CHARS)
        assert _unmask_cipher_token(token) == _unmask_cipher_token(reference) == secret
        assert csrf_meta(ours) == csrf_meta(djangos) == {"CSRF_COOKIE": secret, "CSRF_COOKIE_NEEDS_UPDATE": True}
        tokens.append(token)
    assert len(set(tokens)) == len(tokens)
    for position in range(32):  # every mask character drawn from all 62
        assert {token[position] for token in tokens} == set(CSRF_ALLOWED_CHARS), position


def test_without_a_csrf_secret_the_key_page_gets_one_as_get_token_gives_it(rf):
    from django.middleware.csrf import _unmask_cipher_token

    from config.csrf_tokens import masked_csrf_token

    request = rf.post("/share/")
    token = masked_csrf_token(request)
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] and _unmask_cipher_token(token) == request.META["CSRF_COOKIE"]


def test_the_key_pages_csrf_token_lets_its_leave_no_trace_form_through(campaign):
    client = Client(enforce_csrf_checks=True)
    form = client.get("/share/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    for text in ("It happened at work.", "Another time."):  # the first makes the copy, the second comes from it
        response = share(client, text=text, csrfmiddlewaretoken=token)
        key_from(response)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)
    assert Client(enforce_csrf_checks=True).post("/privacy/leave-no-trace/", {"csrfmiddlewaretoken": token}).status_code == 403
    assert client.post("/privacy/leave-no-trace/", {"csrfmiddlewaretoken": token}).status_code == 200
