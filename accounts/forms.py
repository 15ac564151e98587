from allauth.account.adapter import get_adapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

PASSWORD_HELP = _(
    "At least 10 characters. Not a common password, not only numbers, and not close to your username."
)


class SignupForm(AllauthSignupForm):
    """allauth's sign-up, saying plainly what the optional e-mail is for."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].help_text = _(
            "Shown to nobody unless you post a story under your account's name."
        )
        self.fields["email"].label = _("E-mail (optional)")
        self.fields["email"].help_text = _(
            "Used for password reset only. Leave it empty if you prefer: without it, "
            "a forgotten password cannot be reset."
        )
        self.fields["password1"].help_text = PASSWORD_HELP


class DeleteAccountForm(forms.Form):
    WITHDRAW = "withdraw"
    KEEP_ANONYMOUS = "keep_anonymous"

    stories = forms.ChoiceField(
        label=_("What should happen to your stories?"),
        choices=[
            (WITHDRAW, _("Withdraw them: their text is erased for good and they leave every count.")),
            (KEEP_ANONYMOUS, _("Keep them as anonymous stories, linked to no one. You can no longer change them.")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what should happen to your stories.")},
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password to confirm.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        # Through allauth, so wrong passwords count towards the sign-in throttle.
        if not get_adapter().reauthenticate(self.user, password):
            raise forms.ValidationError(
                _("That is not your password. Nothing was deleted."), code="wrong_password"
            )
        return password
