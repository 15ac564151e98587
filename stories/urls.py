from django.urls import path

from stories import views

urlpatterns = [
    path("", views.home, name="home"),
    path("c/<slug:slug>/", views.campaign_page, name="campaign"),
    path("c/<slug:slug>/metoo/", views.tap, name="tap"),
    path("share/", views.share, name="share"),
    path("my-story/", views.my_story, name="my_story"),
    path("my-story/edit/", views.my_story_edit, name="my_story_edit"),
    path("my-story/withdraw/", views.my_story_withdraw, name="my_story_withdraw"),
    path("resources/", views.resources, name="resources"),
    path("privacy/", views.privacy, name="privacy"),
]
