"""Account pages for authors: their own stories."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@login_required
@require_GET
def account_stories(request):
    stories = request.user.stories.select_related("campaign").order_by("-created_at")
    return render(request, "account/stories.html", {"stories": stories})
