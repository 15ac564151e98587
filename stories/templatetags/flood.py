import json

from django import template
from django.template.loader import render_to_string

from stories import proof_of_work
from stories.models import FloodSwitch

register = template.Library()


@register.simple_tag
def proof_of_work_field():
    """Render the proof-of-work widget when staff have switched it on; nothing otherwise."""
    from stories.wall import wall_db

    # Rendered on the wall's pages, so read where the wall reads.
    if not FloodSwitch.proof_of_work_required(using=wall_db()):
        return ""
    return render_to_string("stories/proof_of_work.html", {"challenge": json.dumps(proof_of_work.new_challenge())})
