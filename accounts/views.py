"""Account pages for authors: their own stories and deleting the account.

The export and each story's page are the author's side of moderation (moderation/author_views.py).
"""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.forms import DeleteAccountForm
from accounts.services import delete_account


@never_cache
@login_required
@require_GET
def account_stories(request):
    stories = request.user.stories.select_related("campaign").order_by("-created_at")
    return render(request, "account/stories.html", {"stories": stories})


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
