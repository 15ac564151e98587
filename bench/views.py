"""The yardstick: what the same server does with (almost) no work, in the same run."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET, require_POST

from bench.models import YardstickRow


@require_GET
def bare(request):
    return HttpResponse("ok")


@require_POST
def bare_insert(request):
    """Insert one row. CSRF-protected like every form POST, so it is driven exactly like a tap."""
    YardstickRow.objects.create()
    return HttpResponse("ok")
