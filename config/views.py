"""Site-wide views: health, friendly error pages."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.health import check_health


@require_GET
@never_cache
def healthz(request):
    from django.http import JsonResponse

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
    return render(request, "errors/500.html", status=500)
