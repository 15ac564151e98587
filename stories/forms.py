"""Forms for adding a voice. They validate and clean; services change state."""

import functools
import re
import time
import urllib.parse

from django import forms
from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from stories import proof_of_work, wall
from stories.choices import CONTEXT_FIELDS, Anonymity
from stories.models import FloodSwitch
from stories.sanitize import clean_name, clean_text

_LOOKS_LIKE_CONTACT = re.compile(
    r"(https?://|www\.|\b[\w.-]+\.(com|net|org|io|me|co|fr|es|uk|de|info|biz|xyz)\b|@|\d{5,})", re.I
)

# A lone surrogate: what a broken encoding leaves (one regex scan, not a Python loop per character).
_SURROGATE = re.compile("[\ud800-\udfff]")

EMPTY_STORY = _("Please write your story, or use the “Me too” button instead.")
NOT_GIVEN_LABEL = "—"


RADIO_FIELDS = ("told_before",)

# (monotonic time it expires, the switch's answer): what this process last read of the flood switch.
_flood_switch: list = [0.0, False]
FLOOD_SWITCH_MEMO_SECONDS = 1.0
_clock = time.monotonic


def proof_of_work_required() -> bool:
    """FloodSwitch.proof_of_work_required() (cached 5 s in the cache), asked by this process at most once a second.

    Every tap and story asks; staff switching proof of work on reach posts within 6 s, and at once
    in the process that saved the switch.
    """
    now = _clock()
    if now >= _flood_switch[0]:
        _flood_switch[:] = [now + FLOOD_SWITCH_MEMO_SECONDS, FloodSwitch.proof_of_work_required()]
    return _flood_switch[1]


@receiver(post_save, sender=FloodSwitch, dispatch_uid="stories.forms.forget_flood_switch")
def forget_flood_switch(**kwargs) -> None:
    _flood_switch[:] = [0.0, False]


@functools.cache
def _context_choices() -> dict:
    """Each context field's (choices, label), built once: a tap validates them on every request.

    Blank is "not given" ("—"); "Prefer not to say" is the question's own answer. A radio group
    needs no blank: nothing ticked is not given. The labels stay lazy, so each request still shows
    them in its own language.
    """
    return {
        name: (([] if name in RADIO_FIELDS else [("", NOT_GIVEN_LABEL)]) + list(choices.choices), label)
        for name, (choices, label) in CONTEXT_FIELDS.items()
    }


class ContextForm(forms.Form):
    """The optional context fields, each a closed choice list, plus a honeypot."""

    # Bots fill every field; people never see this one (hidden with CSS and aria-hidden).
    website = forms.CharField(required=False, label=_("Leave this empty"))
    altcha = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (choices, label) in _context_choices().items():
            self.fields[name] = forms.ChoiceField(
                label=label,
                required=False,
                choices=choices,
                widget=forms.RadioSelect if name in RADIO_FIELDS else forms.Select,
            )

    def clean_altcha(self):
        value = self.cleaned_data.get("altcha", "")
        if self.is_bound and proof_of_work_required() and not proof_of_work.verify(value):
            raise forms.ValidationError(
                _("We are receiving a flood of automated posts. Please wait a moment for your browser to finish its check "
                  "(it needs JavaScript), then send again."),
                code="proof_of_work",
            )
        return value

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Please leave this field empty."), code="honeypot")
        return ""

    @property
    def context(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name, "") for name in CONTEXT_FIELDS}

    def context_field_names(self):
        return list(CONTEXT_FIELDS)


class TapForm(ContextForm):
    pass


@functools.cache
def _allowed_context_values() -> dict[str, frozenset[str]]:
    return {name: frozenset(str(value) for value, _label in choices if value) for name, (choices, _label) in _context_choices().items()}


# A form field's name, or a value that needs no unquoting: what the tap's own form sends.
_PLAIN_FORM_WORD = re.compile(r"[A-Za-z0-9_.~-]*")
QUICK_FORM_MAX_BYTES = 2048
QUICK_FORM_MAX_FIELDS = 16


def quick_form_fields(request) -> dict[str, str] | None:
    """Return a small url-encoded form's fields as request.POST.get() reads them (None: read request.POST).

    The tap's hot path (issue 16): building request.POST (a QueryDict, each pair through a
    MultiValueDict) cost a tap more than its whole rate limit. Only a short, plain ASCII body of
    name=value pairs is read here; anything else (a multipart form, another charset, percent
    escapes in a name, a pair without "=") is left to Django. Repeated names keep the last value,
    as QueryDict.get does; tests hold the two to the same answers.
    """
    if request.content_type != "application/x-www-form-urlencoded" or request.encoding not in (None, "utf-8", "UTF-8"):
        return None
    body = request.body  # Django's size limit applies
    if len(body) > QUICK_FORM_MAX_BYTES or not body.isascii():
        return None
    fields: dict[str, str] = {}
    if not body:
        return fields
    pairs = body.decode("ascii").split("&")
    if len(pairs) > QUICK_FORM_MAX_FIELDS:
        return None
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name or not _PLAIN_FORM_WORD.fullmatch(name):
            return None
        if not _PLAIN_FORM_WORD.fullmatch(value):
            value = urllib.parse.unquote_plus(value, errors="replace")
        fields[name] = value
    return fields


def tap_context(data) -> dict[str, str] | None:
    """Return a posted tap's context as TapForm cleans it, or None where TapForm would refuse it.

    The tap's hot path (issue 16): the same rules without building a form (six choice fields
    and their widgets per request). On None the view builds TapForm, for its error messages;
    tests/stories/test_tap.py holds the two to the same answers.
    """
    website = data.get("website") or ""
    altcha = (data.get("altcha") or "").strip()
    if website.strip() or "\x00" in altcha or len(altcha) > ContextForm.base_fields["altcha"].max_length:
        return None
    context = {}
    for name, allowed in _allowed_context_values().items():
        value = data.get(name) or ""
        if value and value not in allowed:
            return None
        context[name] = value
    # Last: a solution is spent when it is verified, so verify it only when nothing else refuses the tap.
    if proof_of_work_required() and not proof_of_work.verify(altcha):
        return None
    return context


class StoryTextField(forms.CharField):
    """A story's text: cleaned to plain text, 1 to STORY_MAX_CHARS characters after trimming."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 10}))
        kwargs.setdefault("error_messages", {"required": EMPTY_STORY})
        super().__init__(strip=False, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value and _SURROGATE.search(value):
            raise forms.ValidationError(
                _("Your story contains characters we could not read. Please retype or paste it again."),
                code="encoding",
            )
        text = clean_text(value or "")
        if not text:
            raise forms.ValidationError(EMPTY_STORY, code="empty")
        limit = settings.STORY_MAX_CHARS
        if len(text) > limit:
            raise forms.ValidationError(
                ngettext(
                    "Your story is %(length)s character long; the limit is %(limit)s.",
                    "Your story is %(length)s characters long; the limit is %(limit)s.",
                    len(text),
                )
                % {"length": f"{len(text):,}", "limit": f"{limit:,}"},
                code="too_long",
            )
        return text


def _open_campaign_choices() -> list[tuple[str, str]]:
    return [(c.slug, c.hashtag) for c in wall.snapshot().campaigns if c.is_active]


def _clean_display_name(raw: str) -> str:
    name = clean_name(raw) if raw else ""  # most stories have no name: no bleach for them
    if len(name) > settings.PSEUDONYM_MAX_CHARS:
        raise forms.ValidationError(
            _("The name is %(length)s characters long; the limit is %(limit)s.")
            % {"length": len(name), "limit": settings.PSEUDONYM_MAX_CHARS},
            code="too_long",
        )
    if _LOOKS_LIKE_CONTACT.search(name):
        raise forms.ValidationError(
            _("A name cannot contain a link, an e-mail address or a phone number."), code="contact"
        )
    return name


class StoryForm(ContextForm):
    campaign = forms.ChoiceField(
        label=_("Campaign"),
        error_messages={"invalid_choice": _("Please choose one of the open campaigns.")},
    )
    text = StoryTextField(label=_("Your story"))
    anonymity = forms.ChoiceField(
        label=_("How should you be shown?"), choices=Anonymity.choices, initial=Anonymity.ANONYMOUS,
        widget=forms.RadioSelect,
    )
    # No max_length here: clean_display_name() counts after cleaning and gives the one true error;
    # the input's maxlength tells the browser the same limit.
    display_name = forms.CharField(
        label=_("The name to show"), required=False,
        widget=forms.TextInput(attrs={"maxlength": settings.PSEUDONYM_MAX_CHARS, "autocomplete": "off"}),
        help_text=_("Any name you like, up to 40 characters. Not your real name unless you want it."),
    )
    content_warning = forms.BooleanField(
        label=_("My story describes what happened in detail. Hide it behind a warning."), required=False
    )
    keep_in_account = forms.BooleanField(
        label=_("Keep this story in my account (only you can see this link)"), required=False,
        help_text=_("A story shown under your account's name is always kept in your account, ticked or not: "
                    "it carries your name, so you must be able to change or withdraw it there."),
    )
    # Off by default: the answers then only feed the suppressed breakdowns (issue 15).
    context_public = forms.BooleanField(
        label=_("Show my answers to these questions with my story"),
        help_text=_("Readers could then find your story by them. Otherwise your answers are only counted in the "
                    "totals, where small groups are hidden."),
        required=False,
    )
    # One token per rendered form: the same form sent twice is saved once (see services.submit_story).
    submission = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user if (user is not None and user.is_authenticated) else None
        if self.is_bound:
            # A post needs only the campaign it names (as services.campaign_for_post remembers it:
            # no query, no cache round trip); the full list only if the form is shown again.
            from stories.services import campaign_for_post  # services imports nothing of forms

            posted = campaign_for_post(self.data["campaign"]) if self.data.get("campaign") else None
            self.campaigns = {posted.slug: posted} if posted else {}
        else:
            self.campaigns = {c.slug: c for c in wall.snapshot().campaigns}  # from the wall's snapshot (no query)
        # Setting the field's choices sets its widget's too: the widget's list comes after.
        self.fields["campaign"].choices = [(c.slug, c.hashtag) for c in self.campaigns.values()]
        self.fields["campaign"].widget.choices = _open_campaign_choices if self.is_bound else _open_campaign_choices()
        if self.user is None:
            self.fields["anonymity"].choices = [c for c in Anonymity.choices if c[0] != Anonymity.NAMED]
            del self.fields["keep_in_account"]

    def clean_campaign(self):
        campaign = self.campaigns[self.cleaned_data["campaign"]]
        if not campaign.is_active:
            raise forms.ValidationError(
                _("%(hashtag)s has closed and no longer takes new stories.") % {"hashtag": campaign.hashtag},
                code="closed",
            )
        return campaign

    def clean_display_name(self):
        return _clean_display_name(self.cleaned_data.get("display_name") or "")

    def clean(self):
        data = super().clean()
        if data.get("anonymity") == Anonymity.PSEUDONYM and not data.get("display_name") and "display_name" not in self.errors:
            self.add_error("display_name", forms.ValidationError(_("Please choose a name to show."), code="required"))
        return data


class StoryKeyForm(forms.Form):
    key = forms.CharField(
        label=_("Your story key"), max_length=300, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}),
    )


class WithdrawForm(forms.Form):
    """The author's "yes", given on a confirmation page of its own, that a withdrawal may go ahead."""

    confirm = forms.ChoiceField(choices=[("yes", "yes")])


class EditStoryForm(forms.Form):
    text = StoryTextField(label=_("Your story"))
    content_warning = forms.BooleanField(
        label=_("My story describes what happened in detail. Hide it behind a warning."), required=False
    )


# The answers StoryForm takes from an author who is not signed in (it drops "named" for them).
_ANONYMOUS_ANONYMITY = frozenset(str(value) for value, _label in Anonymity.choices if value != Anonymity.NAMED)
# StoryForm's own class-level fields, whose clean() is all their rules (nothing in them changes per request).
_PLAIN_FIELDS = ("text", "display_name", "content_warning", "context_public", "submission")


def story_fields(data) -> dict | None:
    """Return a story posted by someone not signed in as StoryForm cleans it, or None where StoryForm would refuse it.

    The story POST's hot path (issue 16), as tap_context is the tap's: the same rules without
    building the form (its fourteen fields, six of them choice lists, copied per request). The
    text, name, ticks and submission token go through StoryForm's own field objects; the
    campaign, the anonymity and the context through the same choices the form offers. The result
    has cleaned_data's keys plus "context" (form.context). On None the view builds StoryForm, for
    its error messages; tests/stories/test_share.py holds the two to the same answers.
    """
    from stories.services import campaign_for_post  # services imports nothing of forms

    slug = data.get("campaign") or ""
    campaign = campaign_for_post(slug) if slug else None
    if campaign is None or campaign.slug != slug or not campaign.is_active:
        return None
    anonymity = data.get("anonymity") or ""
    if anonymity not in _ANONYMOUS_ANONYMITY:
        return None
    cleaned = {"campaign": campaign, "anonymity": anonymity}
    fields = StoryForm.base_fields
    try:
        for name in _PLAIN_FIELDS:
            field = fields[name]
            cleaned[name] = field.clean(field.widget.value_from_datadict(data, None, name))
        cleaned["display_name"] = _clean_display_name(cleaned["display_name"] or "")
    except forms.ValidationError:
        return None
    if anonymity == Anonymity.PSEUDONYM and not cleaned["display_name"]:
        return None
    # Last, as in tap_context: a proof-of-work solution is spent when it is verified.
    context = tap_context(data)
    if context is None:
        return None
    cleaned["website"] = ""
    cleaned["altcha"] = (data.get("altcha") or "").strip()
    cleaned.update(context)
    cleaned["context"] = context
    return cleaned
