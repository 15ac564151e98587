"""The survivor's side: one tap, a story and its key, support, privacy. Thin views over stories.services.

The author's pages after posting (/my-story/, /account/stories/) are moderation/author_views.py.
"""

import secrets

from django.contrib import messages
from django.contrib.auth import logout
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from config.cross_origin import cross_origin_protected
from stories import proof_of_work, services
from stories.browser_memory import COUNTED, chorus_cookie_names, chorus_cookies
from stories.forms import StoryForm, TapForm, quick_form_fields, story_fields, tap_context
from stories.models import FloodSwitch
from stories.rate_limits import check_rate, check_rate_and_remember
from stories.share_done import render_share_done

# (script prefix, URLconf, slug) -> the campaign's URL: a tap's answer needs it, reverse() costs as much as signing.
_campaign_urls: dict[tuple, str] = {}


@receiver(setting_changed, dispatch_uid="stories.views.forget_campaign_urls")
def forget_campaign_urls(**kwargs) -> None:
    _campaign_urls.clear()


def back_to(campaign) -> HttpResponseRedirect:
    """Return redirect(campaign), with the campaign's URL reversed once per process."""
    slot = (get_script_prefix(), get_urlconf(), campaign.slug)
    url = _campaign_urls.get(slot)
    if url is None:
        url = _campaign_urls[slot] = campaign.get_absolute_url()
    return HttpResponseRedirect(url)


def counted_campaigns(request) -> set[str]:
    """Return the campaign slugs this browser has already been counted in."""
    return set(COUNTED.read(request))


@cross_origin_protected
@require_POST
def tap(request, slug):
    campaign = services.campaign_for_post(slug)  # no query, no cache round trip for a known campaign
    if campaign is None:
        raise Http404
    if not campaign.is_active:
        messages.info(request, _("This campaign has closed. Thank you for being here."))
        return back_to(campaign)
    counted = counted_campaigns(request)
    if campaign.slug in counted:
        messages.info(request, _("You're already counted in %(hashtag)s. Thank you.") % {"hashtag": campaign.hashtag})
        return back_to(campaign)
    posted = quick_form_fields(request)
    context = tap_context(request.POST if posted is None else posted)  # TapForm's rules without building it
    if context is None:
        form = TapForm(request.POST)
        if not form.is_valid():
            from stories.wall_views import campaign_context  # wall_views imports this module

            return render(request, "stories/campaign.html", {**campaign_context(request, campaign, counted=counted), "tap_form": form}, status=400)
        context = form.context
    check_rate(request, group="tap", rate_setting="RATE_LIMIT_TAPS")
    services.record_tap(campaign=campaign, context=context)
    messages.success(request, _("You are counted. You are not alone."))
    response = back_to(campaign)
    COUNTED.write(response, sorted(counted | {campaign.slug}))
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def share(request):
    if request.method != "POST":
        campaign_slug = request.GET.get("campaign", "metoo")
        form = StoryForm(user=request.user, initial={"campaign": campaign_slug, "submission": secrets.token_urlsafe(16)})
        return render(request, "stories/share.html", {"form": form})
    author = request.user if request.user.is_authenticated else None
    # StoryForm's rules without building it, for the common author who is not signed in.
    data = story_fields(request.POST) if author is None else None
    form = None
    if data is None:
        form = StoryForm(request.POST, user=request.user)
        if not form.is_valid():
            return render(request, "stories/share.html", {"form": form}, status=400)
        data = {**form.cleaned_data, "context": form.context}
    # The rate limit, then (under it) the flood memory, before screening runs: one Redis round trip.
    check_rate_and_remember(request, group="story", rate_setting="RATE_LIMIT_STORIES", text=data["text"])
    try:
        submitted = services.submit_story(
            campaign=data["campaign"],
            text=data["text"],
            anonymity=data["anonymity"],
            display_name=data.get("display_name", ""),
            author=author,
            keep_in_account=data.get("keep_in_account", False),
            content_warning=data.get("content_warning", False),
            context=data["context"],
            submission_token=data.get("submission", ""),
            context_public=data.get("context_public", False),
        )
    except services.StoryError as error:
        if form is None:  # the quick path took it: a form to show the posted story again, with the message
            form = StoryForm(request.POST, user=request.user)
            form.is_valid()
        form.add_error(None, error.message)
        return render(request, "stories/share.html", {"form": form}, status=400)
    # Rendered, not redirected: the key exists only in this response.
    context = {
        "story": submitted.story,
        "key": submitted.key,
        "key_words": submitted.key.split("-") if submitted.key else [],
        "repeated": submitted.repeated,
    }
    return render_share_done(request, context)


@require_safe
def resources(request):
    return render(request, "stories/resources.html")


@require_safe
def privacy(request):
    return render(request, "stories/privacy.html", {"cookies": chorus_cookies()})


@never_cache
@require_POST
def leave_no_trace(request):
    """Clear everything Chorus stored in this browser: sign out, delete every cookie, ask for storage to go.

    A plain form post, so it works without JavaScript. The answer sets no cookie of its own.
    """
    logout(request)  # flushes the session (and signs out, if signed in)
    response = render(request, "stories/no_trace_left.html")
    for name in chorus_cookie_names(request):
        response.delete_cookie(name, path="/", samesite="Lax")
    response["Clear-Site-Data"] = '"cookies", "storage"'
    return response


@never_cache
@require_safe
def flood_check_challenge(request):
    """Hand ALTCHA's widget a fresh proof-of-work challenge (JSON), while the flood switch is on."""
    if not FloodSwitch.proof_of_work_required():
        raise Http404
    return JsonResponse(proof_of_work.new_challenge())
