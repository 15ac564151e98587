from django.urls import path

from accounts import views
from moderation.views import appeal_from_account
from stories import views as story_views

urlpatterns = [
    path("stories/", views.account_stories, name="account_stories"),
    path("stories/<str:public_id>/", story_views.account_story, name="account_story"),
    path("stories/<str:public_id>/edit/", story_views.account_story_edit, name="account_story_edit"),
    path("stories/<str:public_id>/withdraw/", story_views.account_story_withdraw, name="account_story_withdraw"),
    path("stories/<str:public_id>/appeal/", appeal_from_account, name="account_story_appeal"),
    path("export/", views.export, name="account_export"),
    path("delete/", views.delete, name="account_delete"),
]
