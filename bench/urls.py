"""The project's URLs plus the two yardstick views, for the bench only."""

from django.urls import path

from bench import views
from config.urls import handler400, handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as project_urlpatterns

# bench/run.py drives these two paths.
urlpatterns = [
    path("bench/bare/", views.bare, name="bench_bare"),
    path("bench/insert/", views.bare_insert, name="bench_insert"),
    *project_urlpatterns,
]
