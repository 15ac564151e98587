from django import forms
from django.utils.translation import gettext_lazy as _

from moderation.changes import ChangeKind
from moderation.models import Appeal, Decision, Flag, Lane, ModeratorSettings, Priority
from moderation.queue import SIGNAL_LABELS
from moderation.reasons import REASON_CHOICES

OUT_OF_DATE = _("This page is out of date. Reload it and try again.")


class VersionForm(forms.Form):
    version = forms.IntegerField(
        min_value=1, widget=forms.HiddenInput,
        error_messages={"invalid": OUT_OF_DATE, "required": OUT_OF_DATE, "min_value": OUT_OF_DATE},
    )


# "Approve with redactions" is never chosen: it is what an approval is recorded as when the text changed.
DECISION_CHOICES = [(value, label) for value, label in Decision.Action.choices if value != Decision.Action.APPROVE_REDACTED]


class DecisionForm(VersionForm):
    action = forms.ChoiceField(label=_("Decision"), choices=DECISION_CHOICES, widget=forms.RadioSelect)
    reason_code = forms.ChoiceField(
        label=_("Reason (required unless approving)"), choices=[("", _("— choose a reason —"))] + REASON_CHOICES, required=False
    )
    note = forms.CharField(label=_("Note to the author (optional)"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    content_warning = forms.BooleanField(label=_("Show behind a content warning"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("action") and data["action"] != Decision.Action.APPROVE and not data.get("reason_code"):
            self.add_error("reason_code", forms.ValidationError(_("Choose a reason from the policy for this decision."), code="required"))
        return data


class SignalActionForm(VersionForm):
    signal = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class RedactSignalForm(SignalActionForm):
    kind = forms.ChoiceField(choices=ChangeKind.choices, required=False)


class RedactSpanForm(VersionForm):
    start = forms.IntegerField(label=_("From character"), min_value=0)
    end = forms.IntegerField(label=_("To character"), min_value=1)
    kind = forms.ChoiceField(label=_("Kind of detail"), choices=ChangeKind.choices)
    # Sent by the page's script with a selection: the text it saw there, so a shifted offset never redacts the wrong words.
    expected = forms.CharField(required=False, strip=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("start") is not None and data.get("end") is not None and data["end"] <= data["start"]:
            self.add_error("end", forms.ValidationError(_("The end must come after the start."), code="empty_span"))
        return data


class EditTextForm(VersionForm):
    text = forms.CharField(label=_("Edit the text"), widget=forms.Textarea(attrs={"rows": 10}), strip=False)
    reason = forms.ChoiceField(
        label=_("What does the edit remove or change? (required)"),
        choices=[("", _("— choose —"))] + ChangeKind.choices,
        error_messages={"required": _("Say what kind of detail the edit removes or changes.")},
    )


class BulkForm(forms.Form):
    """The queue page's one form: the selected stories (or all that match) and the bulk action."""

    ACTIONS = [("reject", _("Reject")), ("restore", _("Restore to the queue"))]

    stories = forms.ModelMultipleChoiceField(queryset=None, to_field_name="public_id", required=False)
    all_matching = forms.BooleanField(required=False)
    bulk_action = forms.ChoiceField(choices=ACTIONS, initial="reject")
    reason_code = forms.ChoiceField(label=_("Reason"), choices=REASON_CHOICES, initial="spam")

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stories"].queryset = queryset
        self.fields["stories"].error_messages["invalid_choice"] = _("Some selected stories are no longer in the spam bin.")

    def clean(self):
        data = super().clean()
        if not data.get("all_matching") and not data.get("stories") and "stories" not in self.errors:
            self.add_error("stories", forms.ValidationError(_("Select at least one story."), code="required"))
        return data


BulkRejectForm = BulkForm


def _plain_text(max_length):
    # CharField refuses NUL bytes itself (ProhibitNullCharactersValidator): a form error, never a 500.
    return forms.CharField(required=False, max_length=max_length)


class QueueFilterForm(forms.Form):
    lane = forms.ChoiceField(choices=[(lane, lane) for lane in (Lane.QUEUE, Lane.FLAGGED, Lane.SPAM)], required=False)
    priority = forms.ChoiceField(label=_("Priority"), choices=[("", _("All"))] + Priority.choices, required=False)
    signal_type = forms.ChoiceField(label=_("Signal"), choices=[("", _("All"))] + sorted(SIGNAL_LABELS.items()), required=False)
    language = _plain_text(8)
    campaign = _plain_text(64)
    after = _plain_text(64)
    start_at = forms.ChoiceField(choices=[("", "")] + Priority.choices, required=False)

    def filters(self) -> dict[str, str]:
        """The filters to apply; none at all when the form is invalid."""
        data = self.cleaned_data if self.is_valid() else {}
        return {name: data.get(name) or "" for name in ("priority", "signal_type", "language", "campaign")}


class AuditFilterForm(forms.Form):
    action = _plain_text(40)
    story = _plain_text(16)
    actor = _plain_text(150)


class BatchApproveForm(forms.Form):
    """Short stories read together: each checkbox value is "public_id:version"."""

    read = forms.MultipleChoiceField(choices=[], required=True, error_messages={"required": _("Select at least one story.")})

    def __init__(self, *args, offered, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["read"].choices = [(f"{story.public_id}:{story.version}", story.public_id) for story in offered]


class ModeratorSettingsForm(forms.ModelForm):
    class Meta:
        model = ModeratorSettings
        fields = ["blur", "greyscale"]


class AppealForm(forms.Form):
    message = forms.CharField(label=_("Why do you disagree?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))


class AppealDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), widget=forms.RadioSelect,
        choices=[(Appeal.Outcome.UPHELD, _("Uphold the decision")), (Appeal.Outcome.OVERTURNED, _("Overturn it and review the story again"))],
    )
    note = forms.CharField(label=_("Note to the author (optional)"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class FlagForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why are you flagging this story?"), choices=Flag.Reason.choices, widget=forms.RadioSelect)
