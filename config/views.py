"""Site-wide views: health, friendly error pages."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config.database_outage import RETRY_AFTER_SECONDS, try_again_shortly
from config.health import check_health


@require_safe
@never_cache
def healthz(request):
    report, healthy = check_health()
    return JsonResponse(report, status=200 if healthy else 503)


def csrf_failure(request, reason=""):
    return render(request, "errors/403_csrf.html", status=403)


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def too_many_requests(request, exception=None):
    return render(request, "errors/429.html", status=429)


def server_error(request):
    """Answer 500, or 503 "try again shortly" when the database dropped out.

    A database error raised in middleware (loading a signed-in visitor's
    session) never reaches DatabaseOutageMiddleware.process_exception: Django
    turns it into a response here.
    """
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = try_again_shortly(request)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    # No request context processors: they may be what failed (the database, the user).
    body = loader.get_template("errors/500.html").render(
        {"QUICK_EXIT_URL": settings.QUICK_EXIT_URL, "LANGUAGE_CODE": translation.get_language()}
    )
    return HttpResponseServerError(body)
