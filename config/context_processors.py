from django.conf import settings


def site(request):
    """Give every template the quick-exit destination."""
    return {
        "QUICK_EXIT_URL": settings.QUICK_EXIT_URL,
        "SUPPORT_RESOURCES": settings.SUPPORT_RESOURCES,
        "STORY_MAX_CHARS": f"{settings.STORY_MAX_CHARS:,}",
    }
