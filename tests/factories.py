"""factory_boy factories for the tests."""

import factory

from stories.models import Campaign, Story


def metoo() -> Campaign:
    """Return #MeToo; a transactional test's flush may have removed the migration's row."""
    campaign, _ = Campaign.objects.get_or_create(slug="metoo", defaults={"hashtag": "#MeToo", "title": "Me too"})
    return campaign


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    slug = factory.Sequence(lambda n: f"campaign{n}")
    hashtag = factory.LazyAttribute(lambda o: f"#{o.slug.title()}")
    title = factory.LazyAttribute(lambda o: o.slug.title())


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.User"
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"person{n}")
    password = factory.django.Password("a-long-test-password-9")


class StoryFactory(factory.django.DjangoModelFactory):
    """A story row as it would be after submission (no counters touched: use services for that)."""

    class Meta:
        model = Story

    campaign = factory.LazyFunction(metoo)
    text = "It happened at work, more than once."


PASSWORD = "a-long-test-password-9"


class StaffFactory(UserFactory):
    """A staff member in a role group ("moderator", "senior moderator" or "admin"); no 2FA unless enrolled."""

    class Meta:
        skip_postgeneration_save = True

    is_staff = True
    username = factory.Sequence(lambda n: f"staff{n}")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        from django.contrib.auth.models import Group

        if create:
            self.groups.add(Group.objects.get(name=extracted or "moderator"))


def enrol_totp(user) -> str:
    """Give the user an activated authenticator app; return its secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    """Return the code an authenticator app shows for this secret right now."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))
