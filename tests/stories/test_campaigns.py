from stories.models import Campaign


def test_it_has_metoo_from_the_first_migration(db):
    campaign = Campaign.objects.get(slug="metoo")
    assert campaign.hashtag == "#MeToo"
    assert campaign.is_active
