"""Account pages for authors: their own stories, an export of them, and deleting the account."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.forms import DeleteAccountForm
from accounts.services import delete_account, export_stories


@never_cache
@login_required
@require_GET
def account_stories(request):
    stories = request.user.stories.select_related("campaign").order_by("-created_at")
    return render(request, "account/stories.html", {"stories": stories})


@never_cache
@login_required
@require_GET
def export(request):
    body = json.dumps({"stories": export_stories(user=request.user)}, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="chorus-my-stories.json"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete(request):
    if request.user.is_staff:
        messages.error(request, _("Staff accounts are closed by an administrator, so the audit log stays whole."))
        return redirect("account_stories")
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        keep = form.cleaned_data["stories"] == DeleteAccountForm.KEEP_ANONYMOUS
        delete_account(user=request.user, keep_stories=keep)
        logout(request)
        messages.success(request, _("Your account has been deleted."))
        return redirect("home")
    return render(request, "account/delete.html", {"form": form})
