"""The author's pages (moderation/author_views.py), at the paths authors already know."""

from django.urls import path

from moderation import author_views

urlpatterns = [
    path("my-story/", author_views.my_story, name="my_story"),
    path("my-story/edit/", author_views.my_story_edit, name="my_story_edit"),
    path("my-story/withdraw/", author_views.my_story_withdraw, name="my_story_withdraw"),
    path("my-story/appeal/", author_views.my_story_appeal, name="my_story_appeal"),
    path("account/stories/<public_id:public_id>/", author_views.account_story, name="account_story"),
    path("account/stories/<public_id:public_id>/edit/", author_views.account_story_edit, name="account_story_edit"),
    path("account/stories/<public_id:public_id>/withdraw/", author_views.account_story_withdraw, name="account_story_withdraw"),
    path("account/stories/<public_id:public_id>/appeal/", author_views.account_story_appeal, name="account_story_appeal"),
    path("account/export/", author_views.account_export, name="account_export"),
]
