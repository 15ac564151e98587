"""Server-rendered SVG for the wall's timeline. No chart library, nothing loaded from elsewhere.

Every piece of text goes through format_html, so nothing unescaped reaches
the markup. Colours come from classes styled in static/css/chorus.css.
"""

import datetime

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH = 480
HEIGHT = 220
LEFT = 44
RIGHT = 8
TOP = 12
BOTTOM = 28


def _nice_ceiling(value: int) -> int:
    """Return a round number at or above value (1, 2, 5 × a power of ten)."""
    if value <= 0:
        return 1
    magnitude = 1
    while magnitude * 10 <= value:
        magnitude *= 10
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def bucket_label(moment: datetime.datetime, bucket: str) -> str:
    return moment.strftime("%H:00") if bucket == "hour" else moment.strftime("%d %b")


def timeline_svg(points: list[tuple[datetime.datetime, int | None]], bucket: str) -> SafeString:
    """Return a bar chart of voices over time; the page shows the same data as a table.

    A hidden bucket (None) is drawn as a short marked stub, never as a height.
    """
    if not points:
        return mark_safe("")  # noqa: S308 -- a constant empty string
    # At least 2, so the middle grid line is a whole number (not "1, 0, 0").
    top = max(2, _nice_ceiling(max((voices or 0) for _moment, voices in points)))
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    slot = plot_width / len(points)
    gap = min(2.0, slot * 0.2)
    bars = []
    for index, (moment, voices) in enumerate(points):
        hidden = voices is None
        height = 3.0 if hidden else plot_height * voices / top
        shown = _("hidden") if hidden else number_format(voices, force_grouping=True)
        bars.append(
            (
                "bar hidden-bar" if hidden else "bar",
                round(LEFT + index * slot + gap / 2, 2),
                round(TOP + plot_height - height, 2),
                round(max(slot - gap, 0.5), 2),
                round(height, 2),
                f"{bucket_label(moment, bucket)}: {shown}",
            )
        )
    grid = []
    for fraction in (0, 0.5, 1):
        y = round(TOP + plot_height * (1 - fraction), 2)
        grid.append((LEFT, y, WIDTH - RIGHT, y, LEFT - 6, y + 4, number_format(int(top * fraction), force_grouping=True)))
    ticks = []
    every = max(1, len(points) // 6)
    for index in range(0, len(points), every):
        x = round(LEFT + index * slot + slot / 2, 2)
        ticks.append((x, HEIGHT - 8, bucket_label(points[index][0], bucket)))
    title = _("Voices per hour") if bucket == "hour" else _("Voices per day")
    return format_html(
        '<svg class="timeline-svg" viewBox="0 0 {} {}" role="img" aria-labelledby="timeline-svg-title">'
        '<title id="timeline-svg-title">{}</title>'
        "{}{}{}</svg>",
        WIDTH,
        HEIGHT,
        title,
        format_html_join(
            "",
            '<line class="grid" x1="{}" y1="{}" x2="{}" y2="{}"></line>'
            '<text class="axis" x="{}" y="{}" text-anchor="end">{}</text>',
            grid,
        ),
        format_html_join(
            "", '<rect class="{}" x="{}" y="{}" width="{}" height="{}"><title>{}</title></rect>', bars
        ),
        format_html_join("", '<text class="axis" x="{}" y="{}" text-anchor="middle">{}</text>', ticks),
    )
