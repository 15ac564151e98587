from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import User

# Staff sign in through allauth, where the second factor is asked; never through the admin's own form.
admin.site.login = secure_admin_login(admin.site.login)


@admin.register(User)
class ChorusUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + ((None, {"fields": ("display_name",)}),)
