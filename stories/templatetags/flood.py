from django import template
from django.template.loader import render_to_string

from stories.models import FloodSwitch

register = template.Library()


@register.simple_tag(takes_context=True)
def proof_of_work_field(context):
    """Render the proof-of-work widget when staff have switched it on; nothing otherwise."""
    from stories.wall import wall_db

    request = context.get("request")
    required = getattr(request, "_proof_of_work_required", None)
    if required is None:
        # Rendered on the wall's pages (once per campaign): read once per request, where the wall reads.
        required = FloodSwitch.proof_of_work_required(using=wall_db())
        if request is not None:
            request._proof_of_work_required = required
    if not required:
        return ""
    # The page is the same for every visitor (it may be cached): the widget fetches its own challenge.
    return render_to_string("stories/proof_of_work.html")
