from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import SignInAlert, User

# Staff sign in through allauth, where the second factor is asked; never through the admin's own form.
admin.site.login = secure_admin_login(admin.site.login)


@admin.register(User)
class ChorusUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + ((None, {"fields": ("display_name",)}),)


@admin.register(SignInAlert)
class SignInAlertAdmin(admin.ModelAdmin):
    """Read-only: written by accounts/sign_in_limits.py when an account sees many failed sign-ins."""

    list_display = ("user", "window_start", "failures")
    list_select_related = ("user",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
