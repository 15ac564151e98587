"""Moderation pages. Every staff view needs 2FA (accounts.guards.staff_required)."""

import datetime
from functools import lru_cache
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from accounts.guards import recent_login_required, staff_required
from moderation import queue, queue_rows, queue_skeleton, services
from moderation.changes import NOT_REDACTABLE_SIGNALS, ChangeKind, as_author_changes
from moderation.forms import (
    AppealDecisionForm,
    AuditFilterForm,
    BatchApproveForm,
    BulkForm,
    DecisionForm,
    EditTextForm,
    FlagForm,
    ModeratorSettingsForm,
    QueueFilterForm,
    RedactSignalForm,
    RedactSpanForm,
    SignalActionForm,
)
from moderation.models import Appeal, AuditEntry, Decision, Lane, ModeratorSettings, Priority, Review, Signal
from moderation.queue import SIGNAL_LABELS
from moderation.reasons import REASONS
from stories.browser_memory import FLAGGED
from stories.choices import Status
from stories.models import Story
from stories.rate_limits import check_rate

MODERATE = "accounts.moderate"
SENIOR_APPEALS = "accounts.review_appeals"
QUEUE_QUERY = "moderation-queue-query"  # the session remembers the lane and filters the moderator works in


@require_safe
def policy(request):
    reasons = [(code, label, description) for code, (label, description) in REASONS.items()]
    return render(request, "stories/policy.html", {"reasons": reasons})


def _review_or_404(public_id: str) -> Review:
    return get_object_or_404(Review.objects.select_related("story", "story__campaign", "claimed_by"), story__public_id=public_id)


def _staff_render(request, template, context, status=200):
    """Render a staff page with the moderator's wellbeing settings (blur, greyscale)."""
    context["moderator_settings"] = queue.wellbeing_settings(request.user)
    return render(request, template, context, status=status)


def _queue_url(request) -> str:
    """The queue with the lane and filters this moderator last worked in."""
    query = request.session.get(QUEUE_QUERY, "")
    return reverse("moderation_queue") + (f"?{query}" if query else "")


@queue_skeleton.never_cached
@require_GET
@staff_required(MODERATE, read_ahead=queue.queue_page_reads)
def queue_page(request):
    if request.GET:
        form = QueueFilterForm(request.GET)
        valid = form.is_valid()
        data = form.cleaned_data if valid else {}
        filters = form.filters()
    else:  # the plain queue, the page opened most: nothing to validate (a bound form costs ~1 ms)
        form, valid, data, filters = None, True, {}, dict.fromkeys(queue.FILTER_NAMES, "")
    lane = data.get("lane") or Lane.QUEUE
    after = queue.Cursor.parse(data.get("after", ""))
    with_appeals = request.user.has_perm(SENIOR_APPEALS)  # the summary counts the open appeals for seniors
    page = queue.queue_page(lane, moderator=request.user, after=after, start_at=data.get("start_at", ""), with_appeals=with_appeals, **filters)
    done_today, next_cursor = page.done_today, page.next_cursor
    now = timezone.now()
    viewer_id = request.user.pk
    language = get_language()  # asked once: each ask goes through the request's context-local translation

    def rows_html(listed):  # finished HTML in UTF-8 (moderation/queue_skeleton.py joins the page from bytes)
        return queue_rows.listed_utf8(
            listed, viewer_id=viewer_id, page_lane=lane, now=now,
            flag_reasons=page.flag_reasons, spam_reasons=page.spam_reasons, duplicates=page.duplicates, language=language,
        ) if listed else ""

    if valid:
        remembered = {key: value for key, value in request.GET.items() if key in ("lane", *filters) and value}
        query = urlencode(remembered)
        if request.session.get(QUEUE_QUERY) != query:
            request.session[QUEUE_QUERY] = query
    lanes = queue.lane_counts_shown(with_appeals=False)
    if with_appeals:
        lanes = {**lanes, "appeals": page.open_appeals}
    oldest_waited = {name: queue_rows.waited(first, now, language=language) for name, first in lanes["oldest"].items()}
    base_query = urlencode({key: value for key, value in [("lane", lane), *filters.items()] if value})
    last_decision = _undoable_last_decision(request)
    # What decides the page's structure (hashable: the skeleton's key, moderation/queue_skeleton.py).
    shape = {
        "lane": lane,
        "filters_invalid": not valid,
        "filters": filters,
        "first_page": after is not None or bool(data.get("start_at")),
        "spam_count": lanes["spam"] if lane == Lane.SPAM else None,  # shown by the spam bin's bulk tools only
        "daily_limit": settings.MODERATION_DAILY_LIMIT,
        "over_limit": done_today >= settings.MODERATION_DAILY_LIMIT,
        "flag_flood": queue.flag_flood_shown(request.user),
        "moderator_settings": queue.wellbeing_settings(request.user),
    }
    # The per-request parts, finished.
    spliced = {
        "done_sentence": _done_sentence_in(language, done_today),
        "summary_html": queue_rows.summary_html(lane=lane, lanes=lanes, oldest_waited=oldest_waited, with_appeals=with_appeals, language=language),
        "undo_html": render_to_string("moderation/undo_offer.html", {"last_decision": last_decision}) if last_decision else "",
        "flagged_top_html": rows_html(page.flagged_top),
        "rows_html": rows_html(page.rows),
        "base_query": base_query,
        "next_query": f"{base_query}{'&' if base_query else ''}after={quote(str(next_cursor), safe='/')}" if next_cursor else "",
    }
    return queue_skeleton.render_queue(request, shape=shape, static=_queue_static, spliced=spliced, status=200 if valid else 400)


def _queue_static() -> dict:
    """What the queue page shows the same in every request of a language (the filter choices, the reasons)."""
    return {"priorities": Priority.choices, "signal_types": sorted(SIGNAL_LABELS.items()), "reasons": REASONS}


@lru_cache(maxsize=1024)
def _done_sentence_in(language: str, done_today: int) -> str:  # the active language: part of the key
    # Plain text, escaped where it is shown (an apostrophe reads &#x27;, as the browser shows it the same).
    return ngettext("You decided %(done)s story today.", "You decided %(done)s stories today.", done_today) % {"done": done_today}


def _undoable_last_decision(request):
    """The moderator's last decision while it can still be undone, for the queue's Undo button."""
    decision_id = request.session.get("moderation-last-decision")
    if not decision_id:
        return None
    decision = Decision.objects.standing().filter(pk=decision_id, moderator=request.user).select_related("story").first()
    if decision is None or _undo_until(decision) <= timezone.now():
        return None
    decision.undo_until = _undo_until(decision)
    return decision


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _claim_next(request, *, skip: str = ""):
    """Hold the next story waiting in the moderator's lane and filters, and open it; else back to the queue."""
    form = QueueFilterForm(QueryDict(request.session.get(QUEUE_QUERY, "")))
    lane = (form.cleaned_data.get("lane") if form.is_valid() else "") or Lane.QUEUE
    reviews, _next = queue.lane_page(lane, size=20, **form.filters())
    for review in reviews:
        if review.story.public_id == skip or review.is_claimed_by_other(request.user):
            continue
        try:
            services.claim_story(story=review.story, moderator=request.user)
        except services.ModerationError:
            continue
        return redirect("moderation_review", public_id=review.story.public_id)
    messages.info(request, _("Nothing else is waiting in this lane."))
    return redirect(_queue_url(request))


@never_cache
@require_POST
@staff_required(MODERATE)
def claim(request, public_id):
    review = _review_or_404(public_id)
    try:
        review = services.claim_story(story=review.story, moderator=request.user)
    except services.ModerationError as error:
        if _wants_json(request):
            return JsonResponse({"held": False, "error": error.message}, status=409)
        messages.error(request, error.message)
        return redirect(_queue_url(request))
    if _wants_json(request):
        return JsonResponse(_hold_state(review))
    return redirect("moderation_review", public_id=public_id)


def _hold_state(review) -> dict:
    until = review.claimed_until
    return {"held": True, "until": until.isoformat(), "seconds_left": max(0, int((until - timezone.now()).total_seconds()))}


@never_cache
@require_POST
@staff_required(MODERATE)
def renew(request, public_id):
    """The review page's heartbeat: extend the hold while the moderator works; JSON."""
    review = _review_or_404(public_id)
    renewed = services.renew_claim(story=review.story, moderator=request.user)
    if renewed is None:
        return JsonResponse({"held": False, "error": _("Your hold on this story ran out.")}, status=409)
    return JsonResponse(_hold_state(renewed))


@never_cache
@require_POST
@staff_required(MODERATE)
def claim_next(request):
    return _claim_next(request)


@never_cache
@require_POST
@staff_required(MODERATE)
def release(request, public_id):
    review = _review_or_404(public_id)
    services.release_claim(story=review.story, moderator=request.user)
    if _wants_json(request) or request.POST.get("beacon"):
        return HttpResponse(status=204)
    if request.POST.get("next"):
        return _claim_next(request, skip=public_id)
    return redirect(_queue_url(request))


@never_cache
@require_GET
@staff_required(MODERATE)
def review_page(request, public_id):
    review = _review_or_404(public_id)
    services.record_read(story=review.story, moderator=request.user)
    return _render_review(request, review)


def _undo_until(decision):
    return decision.created_at + datetime.timedelta(minutes=settings.MODERATION_UNDO_MINUTES)


def _render_review(request, review, *, decision_form=None, edit_form=None, span_form=None, status=200, hold_lost=False):
    story = review.story
    signals = list(Signal.objects.filter(story=story, version=story.version))
    held_by_me = review.claimed_by_id == request.user.pk and not review.is_claimed_by_other(request.user)
    now = timezone.now()
    decisions = list(Decision.objects.filter(story=story).select_related("moderator")[:10])
    may_undo_any = request.user.has_perm("accounts.undo_decision")
    for decision in decisions:
        decision.undo_until = _undo_until(decision)
        decision.can_undo = (
            not decision.undone_at and decision.undo_until > now and (may_undo_any or decision.moderator_id == request.user.pk)
        )
    crisis_signals = [signal for signal in signals if signal.type == "crisis"]
    context = {
        "review": review,
        "story": story,
        "signals": signals,
        "segments": queue.highlight_segments(story.text, signals),
        "signal_labels": SIGNAL_LABELS,
        "not_redactable": NOT_REDACTABLE_SIGNALS,
        "held_by_me": held_by_me and review.claimed_until is not None and review.claimed_until > now,
        "hold_lost": hold_lost or (review.claimed_by_id == request.user.pk and review.claimed_until is not None and review.claimed_until <= now),
        "held_by_other": review.is_claimed_by_other(request.user),
        "crisis": review.crisis or bool(crisis_signals),
        "abuse": review.priority == Priority.ABUSE or any(signal.type == "abuse" for signal in signals),
        "open_personal_data": services.open_personal_data(story),
        "has_changes": bool(review.redactions),
        "decision_form": decision_form or DecisionForm(initial={"version": story.version, "content_warning": story.content_warning}),
        "edit_form": edit_form or EditTextForm(initial={"version": story.version, "text": story.text}),
        "span_form": span_form or RedactSpanForm(initial={"version": story.version}),
        "kinds": ChangeKind.choices,
        "reasons": REASONS,
        "decisions": decisions,
        "queue_url": _queue_url(request),
        "support_resources": settings.SUPPORT_RESOURCES,
    }
    return _staff_render(request, "moderation/review.html", context, status=status)


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


def _invalid(request, public_id):
    messages.error(request, _("That request was incomplete. Please try again from the page."))
    return redirect("moderation_review", public_id=public_id)


@never_cache
@require_POST
@staff_required(MODERATE)
def redact(request, public_id):
    removed = _("Removed. The author will be shown what changed.")
    form = RedactSignalForm(request.POST)
    if form.is_valid():
        return _act(request, public_id, lambda story: services.redact_signal(
            story_id=story.pk, moderator=request.user, version=form.cleaned_data["version"],
            signal_id=form.cleaned_data["signal"], kind=form.cleaned_data["kind"],
        ) and removed)
    span_form = RedactSpanForm(request.POST)
    if span_form.is_valid():
        return _act(request, public_id, lambda story: services.redact_span(
            story_id=story.pk, moderator=request.user, version=span_form.cleaned_data["version"],
            start=span_form.cleaned_data["start"], end=span_form.cleaned_data["end"], kind=span_form.cleaned_data["kind"],
            expected=span_form.cleaned_data["expected"],
        ) and removed)
    if "start" in request.POST:
        return _render_review(request, _review_or_404(public_id), span_form=span_form, status=400)
    return _invalid(request, public_id)


@never_cache
@require_POST
@staff_required(MODERATE)
def dismiss(request, public_id):
    form = SignalActionForm(request.POST)
    if not form.is_valid():
        return _invalid(request, public_id)
    return _act(request, public_id, lambda story: services.dismiss_signal(
        story_id=story.pk, moderator=request.user, version=form.cleaned_data["version"], signal_id=form.cleaned_data["signal"]
    ) and _("Marked as not personal data."))


@never_cache
@require_POST
@staff_required(MODERATE)
def edit(request, public_id):
    form = EditTextForm(request.POST)
    if not form.is_valid():
        return _render_review(request, _review_or_404(public_id), edit_form=form, status=400)
    return _act(request, public_id, lambda story: services.edit_text(
        story_id=story.pk, moderator=request.user, version=form.cleaned_data["version"],
        text=form.cleaned_data["text"], reason=form.cleaned_data["reason"],
    ) and _("Saved. The edited text was screened again; the author will be shown what changed."))


@never_cache
@require_POST
@staff_required(MODERATE)
def escalate(request, public_id):
    """Hand a story (a crisis, a hard case) to the senior moderators: top priority, hold released."""
    review = _review_or_404(public_id)
    try:
        services.escalate_story(story_id=review.story_id, moderator=request.user)
    except services.ModerationError as error:
        messages.error(request, error.message)
        return redirect("moderation_review", public_id=public_id)
    messages.success(request, _("Sent to the senior moderators at the top of the queue."))
    return redirect(_queue_url(request))


def _with_crisis_choice(post):
    """The crisis procedure's own buttons are decisions too: publish behind a warning, or not now."""
    choice = post.get("crisis")
    if choice not in ("publish", "hold"):
        return post
    post = post.copy()
    if choice == "publish":
        post["action"], post["content_warning"] = Decision.Action.APPROVE, "on"
    else:
        post["action"] = Decision.Action.REQUEST_CHANGES
        post["reason_code"] = post.get("reason_code") or "other"
    return post


@never_cache
@require_POST
@staff_required(MODERATE)
def decide(request, public_id):
    review = _review_or_404(public_id)
    form = DecisionForm(_with_crisis_choice(request.POST))
    if "hold_again" in request.POST:
        # The hold ran out while the moderator was writing: hold it again and keep what they typed.
        form.is_valid()
        try:
            review = services.claim_story(story=review.story, moderator=request.user)
        except services.ModerationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("You hold this story again. Your note is kept."))
        return _render_review(request, _review_or_404(public_id), decision_form=form)
    if not form.is_valid():
        messages.error(request, _("Please correct the decision form."))
        return _render_review(request, review, decision_form=form, status=400)
    data = form.cleaned_data
    try:
        decision = services.decide(
            story_id=review.story_id, moderator=request.user, version=data["version"], action=data["action"],
            reason_code=data["reason_code"], note=data["note"], content_warning=data["content_warning"],
        )
    except services.ModerationError as error:
        messages.error(request, error.message)
        lost = error.code in ("not_claimed", "claimed")
        return _render_review(request, _review_or_404(public_id), decision_form=form, status=409 if lost else 400, hold_lost=error.code == "not_claimed")
    messages.success(request, _("Decision saved: %(action)s.") % {"action": decision.get_action_display()})
    request.session["moderation-last-decision"] = decision.pk
    if "and_next" in request.POST:
        return _claim_next(request, skip=public_id)
    return redirect(_queue_url(request))


@never_cache
@require_POST
@staff_required(MODERATE)
def undo(request, decision_id):
    decision = get_object_or_404(Decision.objects.select_related("story"), pk=decision_id)
    if decision.moderator_id != request.user.pk and not request.user.has_perm("accounts.undo_decision"):
        return HttpResponse(status=403)
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
    """The spam bin's bulk tools: reject with a chosen reason, or restore; the selected stories or all that match."""
    spam = Story.objects.filter(status=Status.IN_REVIEW, review__lane=Lane.SPAM)
    form = BulkForm(request.POST, queryset=spam)
    back = reverse("moderation_queue") + "?lane=spam"
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    data = form.cleaned_data
    if data["all_matching"]:
        filters = QueueFilterForm(request.POST)
        chosen = [review.story_id for review in queue.lane_reviews(Lane.SPAM, **filters.filters())]
    else:
        chosen = [story.pk for story in data["stories"]]
    if data["bulk_action"] == "restore":
        count = services.bulk_restore(story_ids=chosen, moderator=request.user)
        messages.success(request, _("%(count)s stories moved back to the queue.") % {"count": count})
    else:
        count = services.bulk_reject(story_ids=chosen, moderator=request.user, reason_code=data["reason_code"])
        label = REASONS[data["reason_code"]][0]
        messages.success(request, _("%(count)s stories rejected: %(reason)s.") % {"count": count, "reason": label})
    return redirect(back)


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


def _batch_offered(request):
    reviews = queue.lane_reviews(Lane.QUEUE).filter(crisis=False)
    offered = []
    for review in reviews[:200]:
        story = review.story
        if len(story.text) > settings.MODERATION_BATCH_MAX_CHARS or review.is_claimed_by_other(request.user):
            continue
        offered.append(story)
    with_signals = set(
        Signal.objects.filter(story__in=offered).values_list("story_id", "version")
    )
    return [story for story in offered if (story.pk, story.version) not in with_signals][:20]


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required(MODERATE)
def batch_page(request):
    """Many very short stories with no signal, read on one screen and approved together, each its own decision."""
    offered = _batch_offered(request)
    form = BatchApproveForm(request.POST or None, offered=offered)
    if request.method == "POST":
        if form.is_valid():
            by_public_id = {story.public_id: story.pk for story in offered}
            read = {}
            for value in form.cleaned_data["read"]:
                public_id, _sep, version = value.partition(":")
                read[by_public_id[public_id]] = int(version)
            count = services.approve_batch(read=read, moderator=request.user)
            messages.success(request, _("%(count)s stories approved, each recorded as its own decision.") % {"count": count})
            return redirect("moderation_batch")
        status = 400
    else:
        status = 200
        for story in offered:
            services.record_read(story=story, moderator=request.user)
    return _staff_render(request, "moderation/batch.html", {"offered": offered, "form": form}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required(MODERATE)
def settings_page(request):
    current = ModeratorSettings.for_user(request.user)
    form = ModeratorSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        form.save()
        queue.forget_wellbeing_settings(request.user)
        messages.success(request, _("Your settings are saved."))
        return redirect("moderation_settings")
    return _staff_render(request, "moderation/settings.html", {"form": form}, status=400 if form.errors else 200)


@never_cache
@require_GET
@staff_required(SENIOR_APPEALS)
def appeals_page(request):
    appeals = list(
        Appeal.objects.pending()
        .select_related("decision", "decision__story", "decision__moderator")
        .order_by("created_at")
    )
    for appeal in appeals:
        appeal.changes = as_author_changes(appeal.decision.redactions)  # what the author is appealing
    return _staff_render(request, "moderation/appeals.html", {"appeals": appeals, "form": AppealDecisionForm()})


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
    form = AuditFilterForm(request.GET)
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    action, story, actor = data.get("action", ""), data.get("story", ""), data.get("actor", "")
    entries = AuditEntry.objects.all()
    if action:
        entries = entries.filter(action=action)
    if story:
        entries = entries.filter(story_public_id=story)
    if actor:
        entries = entries.filter(actor_name=actor)
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    context = {"page": page, "form": form, "action": action, "story": story, "actor": actor}
    return _staff_render(request, "moderation/audit.html", context, status=200 if valid else 400)


@never_cache
@require_GET
@staff_required("accounts.view_metrics")
def metrics_page(request):
    return _staff_render(request, "moderation/metrics.html", {"metrics": queue.metrics(), "reasons": REASONS})


@never_cache
@require_GET
def blank_page(request):
    """Where the quick exit leaves staff pages: a blank neutral page of our own, no third party."""
    # Same origin, no links, no resources, and no referrer: nothing about the page left behind leaks from here.
    response = HttpResponse("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>New Tab</title></head><body></body></html>")
    response["Referrer-Policy"] = "no-referrer"
    return response


# --- Public side: flags (the author's pages are moderation/author_views.py) ---------------------------------------------------------------

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
    check_rate(request, group="flag", rate_setting="RATE_LIMIT_FLAGS")
    try:
        services.flag_story(story=story, reason=form.cleaned_data["reason"], flagger=str(request.address_hmac))
    except services.ModerationError as error:
        return render(request, "moderation/flag_invalid.html", {"form": form, "story": story, "error": error.message}, status=400)
    messages.success(request, _("Thank you. A moderator will look at this story."))
    response = redirect("home")
    FLAGGED.write(response, [*flagged, public_id])
    return response
