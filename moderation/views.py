"""Moderation pages. Every staff view needs 2FA (accounts.guards.staff_required)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.guards import recent_login_required, staff_required
from moderation import queue, services
from moderation.forms import (
    AppealDecisionForm,
    AppealForm,
    BulkRejectForm,
    DecisionForm,
    EditTextForm,
    FlagForm,
    RedactSpanForm,
    SignalActionForm,
)
from moderation.models import Appeal, AuditEntry, Decision, Lane, Priority, Review, Signal
from moderation.queue import SIGNAL_LABELS
from moderation.reasons import REASONS
from stories import services as story_services
from stories.browser_memory import FLAGGED
from stories.choices import Status
from stories.models import Story
from stories.rate_limits import LimitsUnavailable, RateLimited, check_rate

MODERATE = "accounts.moderate"
SENIOR_APPEALS = "accounts.review_appeals"


@require_GET
def policy(request):
    reasons = [(code, label, description) for code, (label, description) in REASONS.items()]
    return render(request, "stories/policy.html", {"reasons": reasons})


def _review_or_404(public_id: str) -> Review:
    return get_object_or_404(Review.objects.select_related("story", "story__campaign", "claimed_by"), story__public_id=public_id)


@never_cache
@require_GET
@staff_required(MODERATE)
def queue_page(request):
    lane = request.GET.get("lane", Lane.QUEUE)
    if lane not in queue.LANE_FILTERS:
        lane = Lane.QUEUE
    filters = {name: request.GET.get(name, "")[:32] for name in ("priority", "signal_type", "language", "campaign")}
    if filters["priority"] not in Priority.values:
        filters["priority"] = ""
    reviews = queue.lane_reviews(lane, **filters)
    page = Paginator(reviews, 50).get_page(request.GET.get("page"))
    for review in page:
        review.held_by_other = review.is_claimed_by_other(request.user)
    done_today = queue.decisions_today(request.user)
    context = {
        "lane": lane,
        "lanes": queue.lane_counts(),
        "page": page,
        "filters": filters,
        "priorities": Priority.choices,
        "signal_types": sorted(SIGNAL_LABELS.items()),
        "done_today": done_today,
        "daily_limit": settings.MODERATION_DAILY_LIMIT,
        "over_limit": done_today >= settings.MODERATION_DAILY_LIMIT,
    }
    if lane == Lane.SPAM:
        context["bulk_form"] = BulkRejectForm(queryset=Story.objects.none())
    return render(request, "moderation/queue.html", context)


@never_cache
@require_POST
@staff_required(MODERATE)
def claim(request, public_id):
    review = _review_or_404(public_id)
    try:
        services.claim_story(story=review.story, moderator=request.user)
    except services.ModerationError as error:
        messages.error(request, error.message)
        return redirect("moderation_queue")
    return redirect("moderation_review", public_id=public_id)


@never_cache
@require_POST
@staff_required(MODERATE)
def release(request, public_id):
    review = _review_or_404(public_id)
    services.release_claim(story=review.story, moderator=request.user)
    return redirect("moderation_queue")


@never_cache
@require_GET
@staff_required(MODERATE)
def review_page(request, public_id):
    return _render_review(request, _review_or_404(public_id))


def _render_review(request, review, *, decision_form=None, status=200):
    story = review.story
    signals = list(Signal.objects.filter(story=story, version=story.version))
    held_by_me = review.claimed_by_id == request.user.pk and not review.is_claimed_by_other(request.user)
    context = {
        "review": review,
        "story": story,
        "signals": signals,
        "segments": queue.highlight_segments(story.text, signals),
        "signal_labels": SIGNAL_LABELS,
        "held_by_me": held_by_me and review.claimed_until is not None,
        "held_by_other": review.is_claimed_by_other(request.user),
        "open_personal_data": services.open_personal_data(story),
        "decision_form": decision_form or DecisionForm(initial={"version": story.version, "content_warning": story.content_warning}),
        "edit_form": EditTextForm(initial={"version": story.version, "text": story.text}),
        "decisions": Decision.objects.filter(story=story).select_related("moderator")[:10],
        "can_undo": request.user.has_perm("accounts.undo_decision"),
    }
    return render(request, "moderation/review.html", context, status=status)


def _act(request, public_id, action):
    """Run one moderation action and come back to the review page with its message."""
    review = _review_or_404(public_id)
    try:
        message = action(review.story)
    except services.ModerationError as error:
        messages.error(request, error.message)
        return redirect("moderation_review", public_id=public_id)
    if message:
        messages.success(request, message)
    return redirect("moderation_review", public_id=public_id)


def _invalid(request, public_id, form):
    messages.error(request, _("That request was incomplete. Please try again from the page."))
    return redirect("moderation_review", public_id=public_id)


@never_cache
@require_POST
@staff_required(MODERATE)
def redact(request, public_id):
    form = SignalActionForm(request.POST)
    if form.is_valid():
        return _act(request, public_id, lambda story: services.redact_signal(
            story_id=story.pk, moderator=request.user, version=form.cleaned_data["version"], signal_id=form.cleaned_data["signal"]
        ) and _("Removed. The author will be told what changed."))
    span_form = RedactSpanForm(request.POST)
    if span_form.is_valid():
        return _act(request, public_id, lambda story: services.redact_span(
            story_id=story.pk, moderator=request.user, version=span_form.cleaned_data["version"],
            start=span_form.cleaned_data["start"], end=span_form.cleaned_data["end"],
        ) and _("Removed. The author will be told what changed."))
    return _invalid(request, public_id, form)


@never_cache
@require_POST
@staff_required(MODERATE)
def dismiss(request, public_id):
    form = SignalActionForm(request.POST)
    if not form.is_valid():
        return _invalid(request, public_id, form)
    return _act(request, public_id, lambda story: services.dismiss_signal(
        story_id=story.pk, moderator=request.user, version=form.cleaned_data["version"], signal_id=form.cleaned_data["signal"]
    ) and _("Marked as not personal data."))


@never_cache
@require_POST
@staff_required(MODERATE)
def edit(request, public_id):
    form = EditTextForm(request.POST)
    if not form.is_valid():
        return _invalid(request, public_id, form)
    return _act(request, public_id, lambda story: services.edit_text(
        story_id=story.pk, moderator=request.user, version=form.cleaned_data["version"], text=form.cleaned_data["text"]
    ) and _("Saved. The edited text was screened again."))


@never_cache
@require_POST
@staff_required(MODERATE)
def decide(request, public_id):
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please correct the decision form."))
        return _render_review(request, _review_or_404(public_id), decision_form=form, status=400)
    data = form.cleaned_data
    review = _review_or_404(public_id)
    try:
        decision = services.decide(
            story_id=review.story_id, moderator=request.user, version=data["version"], action=data["action"],
            reason_code=data["reason_code"], note=data["note"], content_warning=data["content_warning"],
        )
    except services.ModerationError as error:
        messages.error(request, error.message)
        return redirect("moderation_review", public_id=public_id)
    messages.success(request, _("Decision saved: %(action)s.") % {"action": decision.get_action_display()})
    return redirect(reverse("moderation_queue") + f"?lane={request.POST.get('lane', 'queue')}")


@never_cache
@require_POST
@staff_required("accounts.undo_decision")
def undo(request, decision_id):
    decision = get_object_or_404(Decision.objects.select_related("story"), pk=decision_id)
    try:
        services.undo_decision(decision_id=decision.pk, moderator=request.user)
    except services.ModerationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The decision was undone; the story is back in the queue."))
    return redirect("moderation_review", public_id=decision.story.public_id)


@never_cache
@require_POST
@staff_required(MODERATE)
@recent_login_required
def bulk_reject(request):
    spam = Story.objects.filter(status=Status.IN_REVIEW, review__lane=Lane.SPAM)
    form = BulkRejectForm(request.POST, queryset=spam)
    if not form.is_valid():
        for error in form.errors.get("stories", []):
            messages.error(request, error)
        return redirect(reverse("moderation_queue") + "?lane=spam")
    count = services.bulk_reject(story_ids=[s.pk for s in form.cleaned_data["stories"]], moderator=request.user)
    messages.success(request, _("%(count)s stories rejected as spam.") % {"count": count})
    return redirect(reverse("moderation_queue") + "?lane=spam")


@never_cache
@require_POST
@staff_required(MODERATE)
def restore(request, public_id):
    review = _review_or_404(public_id)
    try:
        services.restore_from_spam(story_id=review.story_id, moderator=request.user)
    except services.ModerationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Moved back to the queue."))
    return redirect(reverse("moderation_queue") + "?lane=spam")


@never_cache
@require_GET
@staff_required(SENIOR_APPEALS)
def appeals_page(request):
    appeals = (
        Appeal.objects.pending()
        .select_related("decision", "decision__story", "decision__moderator")
        .order_by("created_at")
    )
    return render(request, "moderation/appeals.html", {"appeals": appeals, "form": AppealDecisionForm()})


@never_cache
@require_POST
@staff_required(SENIOR_APPEALS)
@recent_login_required
def decide_appeal(request, appeal_id):
    appeal = get_object_or_404(Appeal, pk=appeal_id)
    form = AppealDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to uphold or overturn the decision."))
        return redirect("moderation_appeals")
    try:
        services.decide_appeal(appeal_id=appeal.pk, reviewer=request.user, **form.cleaned_data)
    except services.ModerationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Appeal decided. The author can see the outcome."))
    return redirect("moderation_appeals")


@never_cache
@require_GET
@staff_required("accounts.view_audit_log")
def audit_page(request):
    entries = AuditEntry.objects.all()
    action = request.GET.get("action", "")[:40]
    story = request.GET.get("story", "")[:16]
    actor = request.GET.get("actor", "")[:150]
    if action:
        entries = entries.filter(action=action)
    if story:
        entries = entries.filter(story_public_id=story)
    if actor:
        entries = entries.filter(actor_name=actor)
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    return render(request, "moderation/audit.html", {"page": page, "action": action, "story": story, "actor": actor})


@never_cache
@require_GET
@staff_required("accounts.view_metrics")
def metrics_page(request):
    return render(request, "moderation/metrics.html", {"metrics": queue.metrics(), "reasons": REASONS})


# --- Public side: flags and appeals ---------------------------------------------------------------

@require_POST
def flag(request, public_id):
    # Only a story on the wall can be flagged: a pending, rejected or hidden one answers exactly
    # like an id that does not exist, so the flag form tells nobody which ids are real.
    story = Story.objects.published().filter(public_id=public_id).first()
    if story is None:
        return render(request, "errors/404.html", status=404)
    flagged = FLAGGED.read(request)
    if public_id in flagged:
        messages.info(request, _("You already flagged this story. Thank you; a moderator will look at it."))
        return redirect("home")
    form = FlagForm(request.POST)
    if not form.is_valid():
        return render(request, "moderation/flag_invalid.html", {"form": form, "story": story}, status=400)
    try:
        check_rate(request, group="flag", rate_setting="RATE_LIMIT_FLAGS")
        services.flag_story(story=story, reason=form.cleaned_data["reason"])
    except (RateLimited, LimitsUnavailable) as error:
        return render(request, "errors/429.html" if isinstance(error, RateLimited) else "errors/503.html", status=429 if isinstance(error, RateLimited) else 503)
    except services.ModerationError as error:
        return render(request, "moderation/flag_invalid.html", {"form": form, "story": story, "error": error.message}, status=400)
    messages.success(request, _("Thank you. A moderator will look at this story."))
    response = redirect("home")
    FLAGGED.write(response, [*flagged, public_id])
    return response


def _appeal(request, story, context):
    """File an author's appeal and render their story page with the outcome."""
    form = AppealForm(request.POST)
    if form.is_valid():
        try:
            services.file_appeal(story=story, message=form.cleaned_data["message"])
        except services.ModerationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your appeal is sent. A senior moderator who did not make the decision will review it."))
            return None
    context["appeal_form"] = form
    return render(request, "stories/my_story.html", context, status=400)


@never_cache
@login_required
@require_POST
def appeal_from_account(request, public_id):
    from stories.views import account_story_context, own_story_or_404

    story = own_story_or_404(request, public_id)
    refused = _appeal(request, story, account_story_context(story))
    return refused or redirect("account_story", public_id=story.public_id)


@never_cache
@require_POST
def appeal_with_key(request):
    """An author appeals the decision on their story, proving it with the story key."""
    from stories.forms import StoryKeyForm
    from stories.views import status_context

    key_form = StoryKeyForm(request.POST)
    story = None
    if key_form.is_valid():
        try:
            check_rate(request, group="story-key", rate_setting="RATE_LIMIT_KEY_TRIES")
        except (RateLimited, LimitsUnavailable) as error:
            return render(request, "errors/429.html" if isinstance(error, RateLimited) else "errors/503.html", status=429 if isinstance(error, RateLimited) else 503)
        story = story_services.find_story_by_key(key_form.cleaned_data["key"])
    if story is None:
        key_form.add_error(None, _("We could not find a story for this key."))
        return render(request, "stories/my_story_key.html", {"form": key_form}, status=400)
    key = key_form.cleaned_data["key"]
    refused = _appeal(request, story, status_context(story, key=key))
    return refused or render(request, "stories/my_story.html", status_context(story, key=key))
