"""Answer "try again shortly" (503) when the database drops out, instead of a server error.

A connection PostgreSQL terminated, a failover or a restart surfaces in a
view as OperationalError or InterfaceError. Each workflow runs in one
transaction, so nothing was half-saved: the honest answer is to try again,
and Django closes the broken connection at the end of the request so the
next one reconnects. Other database errors (integrity, programming) are
bugs and stay 500s.
"""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 10


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("database unavailable (%s): answered 503", type(exception).__name__)
        response = try_again_shortly(request)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


def try_again_shortly(request) -> HttpResponse:
    """Render the 503 page; if that needs the database too (a signed-in visitor), render it without the request."""
    try:
        return render(request, "errors/503.html", status=503)
    except (OperationalError, InterfaceError):
        return HttpResponse(render_to_string("errors/503.html", {"QUICK_EXIT_URL": settings.QUICK_EXIT_URL}), status=503)
