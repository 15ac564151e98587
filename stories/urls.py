from django.urls import path

from stories import api, views, wall_views

urlpatterns = [
    path("", wall_views.home, name="home"),
    path("c/<slug:slug>/", wall_views.campaign_page, name="campaign"),
    path("c/<slug:slug>/metoo/", views.tap, name="tap"),
    path("share/", views.share, name="share"),
    path("resources/", views.resources, name="resources"),
    path("privacy/", views.privacy, name="privacy"),
    path("privacy/leave-no-trace/", views.leave_no_trace, name="leave_no_trace"),
    path("flood-check/challenge/", views.flood_check_challenge, name="flood_check_challenge"),
    path("stories/", wall_views.story_list, name="story_list"),
    path("stories/<public_id:public_id>/", wall_views.story_detail, name="story_detail"),
    path("stories/<public_id:public_id>/believe/", wall_views.believe, name="believe"),
    path("badge/<slug:slug>.svg", wall_views.badge, name="badge"),
    path("api/v1/counts", api.counts, name="api_counts"),
    path("api/v1/counts.csv", api.counts_csv, name="api_counts_csv"),
    path("api/v1/timeline", api.timeline, name="api_timeline"),
    path("api/v1/timeline.csv", api.timeline_csv, name="api_timeline_csv"),
    path("api/v1/openapi.json", api.openapi, name="api_openapi"),
]
