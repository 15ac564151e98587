"""Moderation's public pages: the policy and the flag button on a published story."""

from django.urls import path

from moderation import views

urlpatterns = [
    path("policy/", views.policy, name="policy"),
    path("stories/<public_id:public_id>/flag/", views.flag, name="flag_story"),
]
