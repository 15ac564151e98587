"""Who may open a staff page: signed in, staff, the right permission, and two-factor authentication.

    from accounts.guards import staff_required, recent_login_required

    @staff_required("accounts.moderate")
    def queue(request): ...

    @staff_required("accounts.review_appeals")
    @recent_login_required
    def decide_appeal(request, pk): ...
"""

from functools import wraps

from allauth.account.decorators import reauthentication_required
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts import staff_pass


def has_2fa(user) -> bool:
    """Return whether the user has an activated authenticator app (TOTP)."""
    return is_mfa_enabled(user, [Authenticator.Type.TOTP])


def redirect_to_2fa_enrolment(request):
    """Send a staff member without two-factor authentication to set it up."""
    messages.warning(
        request, _("Staff pages need two-factor authentication. Set up an authenticator app to continue.")
    )
    return redirect("mfa_activate_totp")


def staff_required(permission: str | None = None, *, read_ahead=None):
    """Let through only signed-in staff with two-factor authentication and, if given, the permission.

    Anonymous visitors are sent to sign in; signed-in people who are not
    staff, or lack the permission, get a 403; staff without an activated
    authenticator app are sent to set one up. read_ahead(request) may name
    cache keys the view reads: they come in the staff pass's round trip
    (accounts.staff_pass.read_kept).
    """
    if callable(permission):
        raise TypeError('Use @staff_required() or @staff_required("app.permission"), with parentheses.')

    def decorator(view):
        @wraps(view)
        def guarded_view(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not (user.is_active and user.is_staff):
                raise PermissionDenied
            # Permissions and 2FA from the staff pass: kept in the cache until a role, permission or authenticator changes.
            kept = staff_pass.load(user, read_ahead=tuple(read_ahead(request)) if read_ahead else (), session=request.session)
            if permission and not user.has_perm(permission):
                raise PermissionDenied
            if not kept["2fa"]:
                return redirect_to_2fa_enrolment(request)
            return view(request, *args, **kwargs)

        # Lets a test find every staff view, through any functools.wraps decorator.
        guarded_view.staff_permission = permission or "staff"
        return guarded_view

    return decorator


def recent_login_required(view):
    """Ask for the password again unless it was given in the last ACCOUNT_REAUTHENTICATION_TIMEOUT seconds.

    Uses allauth's re-authentication flow: a POST is kept while the person
    confirms and then replayed.
    """
    return login_required(reauthentication_required(view))
