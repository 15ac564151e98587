"""Staff sessions time out; the Django admin is for staff with two-factor authentication only."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest, PermissionDenied
from django.utils.translation import gettext as _

from accounts import staff_pass
from accounts.guards import redirect_to_2fa_enrolment

STARTED_KEY = "staff_session_started"
LAST_SEEN_KEY = "staff_session_last_seen"


def start_staff_session(request) -> None:
    """Record when a staff session began and was last used."""
    now = int(time.time())
    request.session[STARTED_KEY] = now
    request.session[LAST_SEEN_KEY] = now


def staff_session_expired(session, now: int) -> bool:
    """Return whether a staff session was idle too long or has lived too long."""
    started = session.get(STARTED_KEY, now)
    last_seen = session.get(LAST_SEEN_KEY, now)
    return (
        now - last_seen > settings.STAFF_SESSION_IDLE_SECONDS
        or now - started > settings.STAFF_SESSION_MAX_SECONDS
    )


class StaffSessionMiddleware:
    """End a staff session after 30 minutes idle or 8 hours in all; others are untouched."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Without a session cookie there is nobody signed in: don't touch the session at all.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated and request.user.is_staff:
            now = int(time.time())
            if STARTED_KEY not in request.session:
                start_staff_session(request)
            elif staff_session_expired(request.session, now):
                logout(request)
                messages.info(request, _("Your staff session has ended. Please sign in again."))
                return redirect_to_login(request.get_full_path())
            # Writing the session on every request costs a database write per page; a
            # minute's precision is plenty against a 30-minute idle limit.
            if now - request.session.get(LAST_SEEN_KEY, 0) >= 60:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class AdminTwoFactorMiddleware:
    """Refuse the Django admin to people who are not staff and to staff without two-factor authentication.

    Anonymous visitors reach the admin's login, which sends them to the
    allauth sign-in (see accounts/admin.py), where the second factor is asked.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_PATH

    def __call__(self, request):
        if request.path_info.startswith(self.admin_prefix) and request.user.is_authenticated:
            if not (request.user.is_active and request.user.is_staff):
                raise PermissionDenied
            if not staff_pass.has_2fa(request.user):
                return redirect_to_2fa_enrolment(request)
        return self.get_response(request)


class AdminNulByteMiddleware:
    """Answer 400 to a NUL byte anywhere in a Django admin request's parameters.

    PostgreSQL cannot hold NUL in text, and the admin passes changelist
    filters (?username=%00) and the autocomplete term straight into queries:
    without this they end in a 500. Chorus's own forms reject NUL in place.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_PATH

    def __call__(self, request):
        if request.path_info.startswith(self.admin_prefix):
            for data in (request.GET, request.POST):
                if any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists()):
                    raise BadRequest("NUL byte in an admin request")
        return self.get_response(request)
