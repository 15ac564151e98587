from django.urls import path

from accounts import views

urlpatterns = [
    path("stories/", views.account_stories, name="account_stories"),
    path("delete/", views.delete, name="account_delete"),
]
