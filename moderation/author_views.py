"""The author's side: open a story with its key or from the account, read the decision and its
reason, edit, withdraw, appeal, and download what Chorus holds about an account.

These pages live in moderation because they show moderation's decisions; they change stories
only through stories.services and moderation.services.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from moderation import services
from moderation.account_export import export_account
from moderation.author_outcome import outcome_for_author
from moderation.forms import AppealForm
from stories import services as story_services
from stories.forms import EditStoryForm, StoryKeyForm, WithdrawForm
from stories.models import Story
from stories.rate_limits import check_rate, check_rate_without_counting

WRONG_KEY = gettext_lazy("We could not find a story for this key. Check the words and try again; withdrawn stories can no longer be opened.")


def story_from_key(request, form: StoryKeyForm) -> Story | None:
    """Return the story the posted key opens, or None with the reason on the form.

    Only a wrong key counts against RATE_LIMIT_KEY_TRIES: a person opening, editing and
    withdrawing with their own key never uses it up. Once it is used up, every try waits
    (RateLimited, answered by the middleware), or the limit would not slow guessing at all.
    """
    if not form.is_valid():
        return None
    check_rate_without_counting(request, group="story-key", rate_setting="RATE_LIMIT_KEY_TRIES")
    story = story_services.find_story_by_key(form.cleaned_data["key"])
    if story is None:
        form.add_error("key", WRONG_KEY)
        check_rate(request, group="story-key", rate_setting="RATE_LIMIT_KEY_TRIES")
    return story


def own_story_or_404(request, public_id: str) -> Story:
    """Return a story kept in the signed-in person's account, or 404 for anyone else."""
    return get_object_or_404(
        Story.objects.select_related("campaign").exclude(status="withdrawn"), public_id=public_id, author=request.user
    )


def key_story_context(story: Story, *, key: str) -> dict:
    """Return what the author sees about a story opened with its key."""
    return {
        "story": story,
        "key": key,
        "outcome": outcome_for_author(story),
        "edit_action": reverse("my_story_edit"),
        "withdraw_action": reverse("my_story_withdraw"),
        "appeal_action": reverse("my_story_appeal"),
    }


def account_story_context(story: Story) -> dict:
    """Return what the author sees about a story kept in their account."""
    context = {"story": story, "key": None, "outcome": outcome_for_author(story)}
    for action in ("edit", "withdraw", "appeal"):
        context[f"{action}_action"] = reverse(f"account_story_{action}", args=[story.public_id])
    return context


def _key_form_refused(request, form):
    return render(request, "moderation/author/key.html", {"form": form}, status=400)


def _apply_edit(request, story: Story) -> tuple[Story, EditStoryForm | None]:
    """Save the author's edit; return the story and, if it was refused, the form with its errors."""
    form = EditStoryForm(request.POST)
    if form.is_valid():
        try:
            story = story_services.edit_story(
                story=story, text=form.cleaned_data["text"], content_warning=form.cleaned_data["content_warning"]
            )
        except story_services.StoryError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your changes are saved. Your story will be reviewed again."))
            return story, None
    return story, form


def _withdraw(request, story: Story, context: dict):
    """Withdraw once the author confirmed on a page of its own; until then, show that page."""
    if not WithdrawForm(request.POST).is_valid():
        return render(request, "moderation/author/withdraw_confirm.html", context)
    story_services.withdraw_story(story=story)
    return render(request, "moderation/author/withdrawn.html", {"had_key": bool(context.get("key"))})


def _appeal(request, story: Story, context: dict):
    """File an author's appeal; return None when filed, or the story page with the form's errors."""
    form = AppealForm(request.POST)
    if form.is_valid():
        try:
            services.file_appeal(story=story, message=form.cleaned_data["message"])
        except services.ModerationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your appeal is sent. A senior moderator who did not make the decision will review it."))
            return None
    return render(request, "moderation/author/story.html", {**context, "appeal_form": form}, status=400)


# --- With the story key: /my-story/ ----------------------------------------------------------


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def my_story(request):
    if request.method != "POST":
        return render(request, "moderation/author/key.html", {"form": StoryKeyForm()})
    form = StoryKeyForm(request.POST)
    story = story_from_key(request, form)
    if story is None:
        return _key_form_refused(request, form)
    return render(request, "moderation/author/story.html", key_story_context(story, key=form.cleaned_data["key"]))


@never_cache
@require_POST
def my_story_edit(request):
    key_form = StoryKeyForm(request.POST)
    story = story_from_key(request, key_form)
    if story is None:
        return _key_form_refused(request, key_form)
    story, form = _apply_edit(request, story)
    context = key_story_context(story, key=key_form.cleaned_data["key"])
    if form is None:
        return render(request, "moderation/author/story.html", {**context, "just_edited": True})
    return render(request, "moderation/author/story.html", {**context, "edit_form": form}, status=400)


@never_cache
@require_POST
def my_story_withdraw(request):
    key_form = StoryKeyForm(request.POST)
    story = story_from_key(request, key_form)
    if story is None:
        return _key_form_refused(request, key_form)
    return _withdraw(request, story, key_story_context(story, key=key_form.cleaned_data["key"]))


@never_cache
@require_POST
def my_story_appeal(request):
    """An author appeals the decision on their story, proving it with the story key."""
    key_form = StoryKeyForm(request.POST)
    story = story_from_key(request, key_form)
    if story is None:
        return _key_form_refused(request, key_form)
    key = key_form.cleaned_data["key"]
    refused = _appeal(request, story, key_story_context(story, key=key))
    return refused or render(request, "moderation/author/story.html", key_story_context(story, key=key))


# --- From the account: /account/stories/<id>/ ------------------------------------------------


@never_cache
@login_required
@require_safe
def account_story(request, public_id):
    story = own_story_or_404(request, public_id)
    return render(request, "moderation/author/story.html", account_story_context(story))


@never_cache
@login_required
@require_POST
def account_story_edit(request, public_id):
    story, form = _apply_edit(request, own_story_or_404(request, public_id))
    if form is None:
        return redirect("account_story", public_id=story.public_id)
    return render(request, "moderation/author/story.html", {**account_story_context(story), "edit_form": form}, status=400)


@never_cache
@login_required
@require_POST
def account_story_withdraw(request, public_id):
    story = own_story_or_404(request, public_id)
    return _withdraw(request, story, account_story_context(story))


@never_cache
@login_required
@require_POST
def account_story_appeal(request, public_id):
    story = own_story_or_404(request, public_id)
    refused = _appeal(request, story, account_story_context(story))
    return refused or redirect("account_story", public_id=story.public_id)


@never_cache
@login_required
@require_safe
def account_export(request):
    """Download everything Chorus holds about the signed-in account, as JSON (docs/account-export.md)."""
    body = json.dumps(export_account(user=request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="chorus-my-account.json"'
    return response
