"""The reader's side: the wall, campaigns, stories, "I believe you", the badge."""

import re

from csp.decorators import csp_replace
from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from config.cross_origin import cross_origin_protected
from stories import counters, services, wall
from stories.browser_memory import BELIEVED
from stories.charts import timeline_svg
from stories.choices import CONTEXT_FIELDS, Kind, Setting
from stories.forms import TapForm
from stories.models import Campaign, Story
from stories.pagination import BadCursor, page_after
from stories.rate_limits import check_rate
from stories.suppression import NOT_GIVEN

PAGE_SIZE = 20


def reading_pause_after() -> int:
    return settings.READING_PAUSE_AFTER


# --- Page contexts ---------------------------------------------------------------------


def breakdown_figures(data: wall.WallSnapshot, campaign: Campaign | None = None) -> list[dict]:
    """Return each context field's cells, labelled, with bar widths, for the templates."""
    breakdown = data.breakdown(campaign)
    if breakdown is None or not data.released_voices_for(campaign):
        return []
    figures = []
    for field, (choices, label) in CONTEXT_FIELDS.items():
        cells = breakdown[field]
        labels = {**dict(choices.choices), NOT_GIVEN: gettext_lazy("Not given")}
        largest = max((count for count, _hidden in cells.values() if count), default=0)
        rows = [
            {
                "value": value,
                "label": labels[value],
                "count": count,
                "hidden": bool(hidden),
                "bar": round(100 * count / largest, 1) if count and largest else 0,
            }
            for value, (count, hidden) in cells.items()
        ]
        figures.append({"field": field, "label": label, "rows": rows, "k": data.k})
    return figures


def timeline_context(data: wall.WallSnapshot, campaign: Campaign | None, requested_bucket: str | None) -> dict:
    bucket = requested_bucket if requested_bucket in wall.BUCKETS else data.default_bucket(campaign)
    points = wall.chart_points(wall.timeline(data, campaign, bucket), bucket)
    return {
        "released_voices": data.released_voices_for(campaign),
        "bucket": bucket,
        "points": points,
        "svg": timeline_svg(points, bucket),
        "bucket_ignored": requested_bucket not in (None, "", *wall.BUCKETS),
    }


def home_context(request, *, counted: set[str]) -> dict:
    data = wall.snapshot()
    return {
        "data": data,
        "campaign_rows": [
            {"campaign": campaign, "counts": data.counts_for(campaign), "counted": campaign.slug in counted}
            for campaign in data.campaigns
        ],
        "total_voices": data.total.voices,
        "stories_published": data.total.stories_published,
        "stories_pending": data.total.stories_pending,
        "rising": data.rising(),
        "rising_since": data.rising_since,
        "timeline": timeline_context(data, None, request.GET.get("bucket")),
        "breakdowns": breakdown_figures(data),
        "released_voices": data.released_voices_for(None),
        "k": data.k,
        "latest_stories": wall.latest_stories(),
    }


def campaign_context(request, campaign: Campaign, *, counted: set[str]) -> dict:
    data = wall.snapshot()
    return {
        "campaign": campaign,
        "counts": data.counts_for(campaign),
        "counted": campaign.slug in counted,
        "tap_form": TapForm(),
        "timeline": timeline_context(data, campaign, request.GET.get("bucket")),
        "breakdowns": breakdown_figures(data, campaign),
        "released_voices": data.released_voices_for(campaign),
        "k": data.k,
        "latest_stories": wall.latest_stories(campaign),
    }


# --- The wall and campaign pages --------------------------------------------------------


@require_safe
def home(request):
    # The same page for every visitor: it never says "you are counted" (docs/threat-model.md, "The device").
    context = home_context(request, counted=set())
    context["demo_data"] = any(campaign.is_demo for campaign in context["data"].campaigns)
    return render(request, "stories/home.html", context)


def get_campaign(slug: str) -> Campaign:
    campaign = Campaign.objects.using(wall.wall_db()).filter(slug=slug).first()
    if campaign is None:
        raise Http404
    return campaign


@require_safe
def campaign_page(request, slug):
    campaign = get_campaign(slug)
    context = campaign_context(request, campaign, counted=set())
    if len(messages.get_messages(request)):
        # Right after a tap (a page with a message is never cached): the exact count, not the snapshot's.
        fresh = counters.totals_by_campaign().get(campaign.pk)
        if fresh:
            context["counts"] = wall.Counts(**fresh)
    return render(request, "stories/campaign.html", context)


# --- The stories list ----------------------------------------------------------------


def language_choices():
    return [("", gettext_lazy("Any language")), *settings.LANGUAGES, ("und", gettext_lazy("Not detected"))]


CONTEXT_FILTERS = ("kind", "setting")


def singles_out_fewer_than_k(stories) -> bool:
    """Return whether a list would show fewer than k stories (0 included: saying "none" would tell)."""
    k = settings.K_ANONYMITY_THRESHOLD
    return len(stories.values_list("pk", flat=True)[:k]) < k


class StoryFilterForm(forms.Form):
    campaign = forms.SlugField(required=False, label=gettext_lazy("Campaign"))
    kind = forms.ChoiceField(required=False, choices=[("", gettext_lazy("Anything")), *Kind.choices], label=gettext_lazy("What happened"))
    setting = forms.ChoiceField(required=False, choices=[("", gettext_lazy("Anywhere")), *Setting.choices], label=gettext_lazy("Where"))
    language = forms.ChoiceField(required=False, choices=language_choices, label=gettext_lazy("Language"))

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaigns = {campaign.slug: campaign for campaign in campaigns}
        self.fields["campaign"].widget = forms.Select(
            choices=[("", _("Every campaign")), *((c.slug, c.hashtag) for c in campaigns)]
        )

    def clean_campaign(self):
        slug = self.cleaned_data["campaign"]
        if slug and slug not in self.campaigns:
            raise forms.ValidationError(_("There is no campaign called “%(slug)s”.") % {"slug": slug}, code="unknown")
        return slug

    def apply(self, stories):
        """Narrow stories by the valid filters; invalid ones are left out (and reported).

        A context answer filters only the stories whose authors chose to show their answers.
        """
        data = getattr(self, "cleaned_data", {})
        if data.get("campaign"):
            stories = stories.filter(campaign_id=self.campaigns[data["campaign"]].pk)
        if data.get("language"):
            stories = stories.filter(language=data["language"])
        if self.filters_on_answers:
            stories = stories.filter(context_public=True)
            for name in CONTEXT_FILTERS:
                if data.get(name):
                    stories = stories.filter(**{name: data[name]})
        return stories

    @property
    def filters_on_answers(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in CONTEXT_FILTERS)


@require_safe
def story_list(request):
    data = wall.snapshot()
    form = StoryFilterForm(request.GET, campaigns=data.campaigns)
    problems = []
    if not form.is_valid():
        problems = [str(error) for errors in form.errors.values() for error in errors]
        for name in list(form.errors):
            form.cleaned_data.pop(name, None)
    stories = form.apply(Story.objects.using(wall.wall_db()).published().filter(published_at__isnull=False))
    too_few = form.filters_on_answers and singles_out_fewer_than_k(stories)
    if too_few:
        stories = stories.none()
    try:
        page, next_cursor = page_after(stories.select_related("campaign"), request.GET.get("after"), size=PAGE_SIZE)
    except BadCursor:
        problems.append(_("That page link is out of date or broken; here are the newest stories."))
        page, next_cursor = page_after(stories.select_related("campaign"), None, size=PAGE_SIZE)
    query = request.GET.copy()
    query.pop("after", None)
    filters_query = query.urlencode()
    query["after"] = next_cursor or ""
    context = {
        "form": form,
        "stories": page,
        "problems": problems,
        "next_query": query.urlencode() if next_cursor else "",
        "first_query": filters_query,
        "is_first_page": not request.GET.get("after") or bool(problems),
        "too_few": too_few,
        "k": settings.K_ANONYMITY_THRESHOLD,
        "reading_pause_after": reading_pause_after(),
    }
    return render(request, "stories/story_list.html", context, status=400 if problems else 200)


PUBLIC_ID = re.compile(r"[A-Za-z0-9_-]{1,16}")


def public_story_or_404(public_id: str) -> Story:
    if not PUBLIC_ID.fullmatch(public_id):
        raise Http404  # never hand the database a NUL byte or a 10 KB id
    story = Story.objects.using(wall.wall_db()).select_related("campaign").filter(public_id=public_id).first()
    if story is None or not story.is_public:
        raise Http404
    return story


@require_safe
def story_detail(request, public_id):
    story = public_story_or_404(public_id)
    context = {
        "story": story,
        "believed": False,  # the same page for every visitor; the believe view answers a second tap
        "reading_pause_after": reading_pause_after(),
        "opened": True,
    }
    return render(request, "stories/story_detail.html", context)


# --- "I believe you" -------------------------------------------------------------------


@cross_origin_protected
@require_POST
def believe(request, public_id):
    story = public_story_or_404(public_id)
    believed = BELIEVED.read(request)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = story.get_absolute_url()
    if story.public_id in believed:
        messages.info(request, _("You have already told this person you believe them. Thank you."))
        return redirect(back)
    check_rate(request, group="believe", rate_setting="RATE_LIMIT_TAPS")
    services.believe_story(story=story)
    messages.success(request, _("Thank you. They will see that someone believes them."))
    response = redirect(back)
    BELIEVED.write(response, [*believed, story.public_id])
    return response


# --- The badge -------------------------------------------------------------------------


# csrf_exempt: the badge changes nothing and is embedded on other sites; without it CSRF
# refused any other method before require_safe could answer 405 (found by schemathesis).
@csrf_exempt
@require_safe
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
@cache_control(public=True, max_age=60)
def badge(request, slug):
    data = wall.snapshot()
    campaign = data.find_campaign(slug)
    if campaign is None:
        raise Http404
    voices = data.counts_for(campaign).voices
    label = _("%(count)s voices") % {"count": number_format(voices, force_grouping=True)}
    # Widths are estimated from the text: ~7.5 px per character at 13 px bold.
    left = 16 + round(7.5 * len(campaign.hashtag))
    right = 16 + round(7.5 * len(label))
    svg = render_to_string(
        "stories/badge.svg",
        {"hashtag": campaign.hashtag, "label": label, "left": left, "right": right, "width": left + right,
         "left_middle": left / 2, "right_middle": left + right / 2},
    )
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response
