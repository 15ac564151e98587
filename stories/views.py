"""The survivor's side: one tap, a story, a story key. Thin views over stories.services."""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.cross_origin import cross_origin_protected
from stories import services, wall
from stories.browser_memory import COUNTED
from stories.forms import EditStoryForm, StoryForm, StoryKeyForm, TapForm
from stories.models import Campaign, Story
from stories.rate_limits import LimitsUnavailable, RateLimited, check_rate


def counted_campaigns(request) -> set[str]:
    """Return the campaign slugs this browser has already been counted in."""
    return set(COUNTED.read(request))


def limit_response(request, error: Exception):
    if isinstance(error, RateLimited):
        return render(request, "errors/429.html", status=429)
    return render(request, "errors/503.html", status=503)


def get_campaign(slug: str) -> Campaign:
    return get_object_or_404(Campaign, slug=slug)


@cross_origin_protected
@require_POST
def tap(request, slug):
    campaign = wall.campaign_by_slug(slug)  # from the snapshot: no query for a known campaign
    if campaign is None:
        raise Http404
    if not campaign.is_active:
        messages.info(request, _("This campaign has closed. Thank you for being here."))
        return redirect(campaign)
    counted = counted_campaigns(request)
    if campaign.slug in counted:
        messages.info(request, _("You're already counted in %(hashtag)s. Thank you.") % {"hashtag": campaign.hashtag})
        return redirect(campaign)
    form = TapForm(request.POST)
    if not form.is_valid():
        return render(request, "stories/campaign.html", {**wall.campaign_context(request, campaign, counted=counted), "tap_form": form}, status=400)
    try:
        check_rate(request, group="tap", rate_setting="RATE_LIMIT_TAPS")
    except (RateLimited, LimitsUnavailable) as error:
        return limit_response(request, error)
    services.record_tap(campaign=campaign, context=form.context)
    messages.success(request, _("You are counted. You are not alone."))
    response = redirect(campaign)
    COUNTED.write(response, sorted(counted | {campaign.slug}))
    return response


def _submission_seen_key(token: str) -> str:
    return "story-submission:" + hashlib.sha256(token.encode()).hexdigest()


@never_cache
@require_http_methods(["GET", "POST"])
def share(request):
    if request.method == "GET":
        campaign_slug = request.GET.get("campaign", "metoo")
        form = StoryForm(user=request.user, initial={"campaign": campaign_slug, "submission": _new_token()})
        return render(request, "stories/share.html", {"form": form})
    form = StoryForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(request, "stories/share.html", {"form": form}, status=400)
    token = form.cleaned_data.get("submission") or ""
    try:
        if token and cache.get(_submission_seen_key(token)):
            return render(request, "stories/share_duplicate.html", status=409)
        check_rate(request, group="story", rate_setting="RATE_LIMIT_STORIES")
    except (RateLimited, LimitsUnavailable) as error:
        return limit_response(request, error)
    except Exception:
        return render(request, "errors/503.html", status=503)
    data = form.cleaned_data
    try:
        submitted = services.submit_story(
            campaign=data["campaign"],
            text=data["text"],
            anonymity=data["anonymity"],
            display_name=data.get("display_name", ""),
            author=form.user,
            keep_in_account=data.get("keep_in_account", False),
            content_warning=data.get("content_warning", False),
            context=form.context,
        )
    except services.StoryError as error:
        form.add_error(None, error.message)
        return render(request, "stories/share.html", {"form": form}, status=400)
    if token:
        cache.set(_submission_seen_key(token), "1", 24 * 60 * 60)
    # Rendered, not redirected: the key exists only in this response.
    return render(request, "stories/share_done.html", {"story": submitted.story, "key": submitted.key})


def _new_token() -> str:
    import secrets

    return secrets.token_urlsafe(16)


def _story_from_key_form(request, form_class):
    """Validate a key-bearing form and return (form, story or None, error response or None)."""
    form = form_class(request.POST)
    if not form.is_valid():
        return form, None, None
    try:
        check_rate(request, group="story-key", rate_setting="RATE_LIMIT_KEY_TRIES")
    except (RateLimited, LimitsUnavailable) as error:
        return form, None, limit_response(request, error)
    story = services.find_story_by_key(form.cleaned_data["key"])
    if story is None:
        form.add_error("key", _("We could not find a story for this key. Check the words and try again; withdrawn stories can no longer be opened."))
    return form, story, None


@never_cache
@require_http_methods(["GET", "POST"])
def my_story(request):
    if request.method == "GET":
        return render(request, "stories/my_story_key.html", {"form": StoryKeyForm()})
    form, story, error_response = _story_from_key_form(request, StoryKeyForm)
    if error_response:
        return error_response
    if story is None:
        return render(request, "stories/my_story_key.html", {"form": form}, status=400)
    return render(request, "stories/my_story.html", status_context(story, key=form.cleaned_data["key"]))


def status_context(story: Story, *, key: str | None) -> dict:
    """Return what the author sees about their story; moderation adds decisions."""
    context = {"story": story, "key": key, "edit_form": None, "outcome": None}
    if settings.STORY_OUTCOME_PROVIDER:
        # Moderation tells the author why, without stories importing moderation.
        context["outcome"] = import_string(settings.STORY_OUTCOME_PROVIDER)(story)
    return context


@never_cache
@require_POST
def my_story_edit(request):
    key_form, story, error_response = _story_from_key_form(request, StoryKeyForm)
    if error_response:
        return error_response
    if story is None:
        return render(request, "stories/my_story_key.html", {"form": key_form}, status=400)
    key = key_form.cleaned_data["key"]
    story, form = _apply_edit(request, story)
    if form is None:
        return render(request, "stories/my_story.html", status_context(story, key=key))
    return render(request, "stories/my_story.html", {**status_context(story, key=key), "edit_form": form}, status=400)


def _apply_edit(request, story: Story) -> tuple[Story, EditStoryForm | None]:
    """Save the author's edit; return the story and, if it was refused, the form with its errors."""
    form = EditStoryForm(request.POST)
    if form.is_valid():
        try:
            story = services.edit_story(
                story=story, text=form.cleaned_data["text"], content_warning=form.cleaned_data["content_warning"]
            )
        except services.StoryError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your changes are saved. Your story will be reviewed again."))
            return story, None
    return story, form


@never_cache
@require_POST
def my_story_withdraw(request):
    form, story, error_response = _story_from_key_form(request, StoryKeyForm)
    if error_response:
        return error_response
    if story is None:
        return render(request, "stories/my_story_key.html", {"form": form}, status=400)
    services.withdraw_story(story=story)
    return render(request, "stories/withdrawn.html")


def own_story_or_404(request, public_id: str) -> Story:
    """Return a story kept in the signed-in person's account, or 404 for anyone else."""
    return get_object_or_404(
        Story.objects.select_related("campaign").exclude(status="withdrawn"), public_id=public_id, author=request.user
    )


def account_story_context(story: Story) -> dict:
    context = status_context(story, key=None)
    for action in ("edit", "withdraw", "appeal"):
        context[f"{action}_action"] = reverse(f"account_story_{action}", args=[story.public_id])
    return context


@never_cache
@login_required
@require_GET
def account_story(request, public_id):
    story = own_story_or_404(request, public_id)
    return render(request, "stories/my_story.html", account_story_context(story))


@never_cache
@login_required
@require_POST
def account_story_edit(request, public_id):
    story, form = _apply_edit(request, own_story_or_404(request, public_id))
    if form is None:
        return redirect("account_story", public_id=story.public_id)
    return render(request, "stories/my_story.html", {**account_story_context(story), "edit_form": form}, status=400)


@never_cache
@login_required
@require_POST
def account_story_withdraw(request, public_id):
    story = own_story_or_404(request, public_id)
    services.withdraw_story(story=story)
    return render(request, "stories/withdrawn.html")


@require_GET
def resources(request):
    return render(request, "stories/resources.html", {"resources": settings.SUPPORT_RESOURCES})


@require_GET
def privacy(request):
    return render(request, "stories/privacy.html")
