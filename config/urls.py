from django.conf import settings
from django.contrib import admin
from django.urls import include, path, register_converter
from django.views.i18n import set_language

from config import views
from config.cross_origin import cross_origin_protected
from moderation.views import appeal_from_account, appeal_with_key, flag, policy
from stories import views as story_views
from stories.converters import PublicIdConverter

register_converter(PublicIdConverter, "public_id")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("policy/", policy, name="policy"),
    path("stories/<public_id:public_id>/flag/", flag, name="flag_story"),
    path("my-story/appeal/", appeal_with_key, name="my_story_appeal"),
    path("accounts/", include("allauth.urls")),
    # A signed-in author's own stories: the stories app's views under /account/.
    path("account/stories/<public_id:public_id>/", story_views.account_story, name="account_story"),
    path("account/stories/<public_id:public_id>/edit/", story_views.account_story_edit, name="account_story_edit"),
    path("account/stories/<public_id:public_id>/withdraw/", story_views.account_story_withdraw, name="account_story_withdraw"),
    path("account/stories/<public_id:public_id>/appeal/", appeal_from_account, name="account_story_appeal"),
    path("account/", include("accounts.urls")),
    path("moderation/", include("moderation.urls")),
    path(settings.ADMIN_PATH, admin.site.urls),
    # The language form sits on every cached wall page, so it carries no per-visitor token.
    path("i18n/setlang/", cross_origin_protected(set_language), name="set_language"),
    path("", include("stories.urls")),
]

handler400 = "config.views.bad_request"
handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
# allauth answers its rate limits with this.
handler429 = "config.views.too_many_requests"
