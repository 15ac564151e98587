"""Moderation pages. The queue and decisions are staff-only and need 2FA."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from moderation.reasons import REASONS


@require_GET
def policy(request):
    reasons = [(code, label, description) for code, (label, description) in REASONS.items()]
    return render(request, "stories/policy.html", {"reasons": reasons})
