"""The project's URLs plus tiny staff-only views, to test the guards through the full stack."""

from django.http import HttpResponse
from django.urls import path

from accounts.guards import recent_login_required, staff_required
from config.urls import handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as project_urlpatterns


@staff_required()
def any_staff(request):
    return HttpResponse("staff page")


@staff_required("accounts.moderate")
def moderate(request):
    return HttpResponse("moderation page")


@staff_required("accounts.review_appeals")
def appeals(request):
    return HttpResponse("appeals page")


@staff_required("accounts.moderate")
@recent_login_required
def sensitive(request):
    return HttpResponse(f"sensitive {request.method}")


urlpatterns = [
    path("test-guard/staff/", any_staff, name="test_any_staff"),
    path("test-guard/moderate/", moderate, name="test_moderate"),
    path("test-guard/appeals/", appeals, name="test_appeals"),
    path("test-guard/sensitive/", sensitive, name="test_sensitive"),
    *project_urlpatterns,
]
