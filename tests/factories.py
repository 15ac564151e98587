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
