from django import forms
from django.utils.translation import gettext_lazy as _

from moderation.models import Appeal, Decision, Flag
from moderation.reasons import REASON_CHOICES

OUT_OF_DATE = _("This page is out of date. Reload it and try again.")


class VersionForm(forms.Form):
    version = forms.IntegerField(
        min_value=1, widget=forms.HiddenInput,
        error_messages={"invalid": OUT_OF_DATE, "required": OUT_OF_DATE, "min_value": OUT_OF_DATE},
    )


class DecisionForm(VersionForm):
    action = forms.ChoiceField(label=_("Decision"), choices=Decision.Action.choices, widget=forms.RadioSelect)
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


class RedactSpanForm(VersionForm):
    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=1)


class EditTextForm(VersionForm):
    text = forms.CharField(label=_("Edit the text"), widget=forms.Textarea(attrs={"rows": 10}), strip=False)


class BulkRejectForm(forms.Form):
    stories = forms.ModelMultipleChoiceField(queryset=None, to_field_name="public_id", widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stories"].queryset = queryset
        self.fields["stories"].error_messages["required"] = _("Select at least one story.")
        self.fields["stories"].error_messages["invalid_choice"] = _("Some selected stories are no longer in the spam bin.")


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
