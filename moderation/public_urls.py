"""Moderation's public pages: the policy, the flag button on a published story, the quick exit's blank page."""

from django.urls import path

from moderation import views

urlpatterns = [
    path("policy/", views.policy, name="policy"),
    path("stories/<public_id:public_id>/flag/", views.flag, name="flag_story"),
    # Where the quick exit leaves staff pages: blank, neutral, ours (docs/moderation-policy.md).
    path("blank/", views.blank_page, name="blank"),
]
