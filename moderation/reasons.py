"""The published moderation policy: every non-approve decision cites one of these."""

from django.utils.translation import gettext_lazy as _

REASONS = {
    "identifies-someone": (
        _("Identifies someone"),
        _("The story names or points to a private person, or gives details that would let others identify them."),
    ),
    "personal-data": (
        _("Personal data"),
        _("The story contains a phone number, an address, an e-mail address, an account name or another personal detail."),
    ),
    "not-a-testimony": (
        _("Not a testimony"),
        _("Chorus is for people's own experiences of harassment and assault; this text is something else."),
    ),
    "abuse": (
        _("Abuse"),
        _("The text attacks, mocks or threatens survivors or anyone else."),
    ),
    "spam": (_("Spam"), _("Advertising, links to unrelated sites, or automated posting.")),
    "duplicate": (_("Duplicate"), _("The same story was already received.")),
    "other": (_("Other"), _("Another reason, explained in the moderator's note.")),
}

REASON_CHOICES = [(code, label) for code, (label, _description) in REASONS.items()]
