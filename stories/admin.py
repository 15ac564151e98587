from django.contrib import admin

from stories.models import Campaign, FloodSwitch


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("hashtag", "slug", "title", "started_at", "is_active")
    prepopulated_fields = {"slug": ("title",)}


@admin.register(FloodSwitch)
class FloodSwitchAdmin(admin.ModelAdmin):
    list_display = ("__str__", "updated_at")

    def has_add_permission(self, request):
        return not FloodSwitch.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
