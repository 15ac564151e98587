"""Issue 13.6: demo data says it is demo data, on the numbers and the #MeToo description too."""

from django.core.management import call_command

from stories.models import Campaign


def test_the_wall_numbers_and_the_metoo_description_say_demo(client, campaign, settings):
    settings.WALL_CACHE_SECONDS = 0
    assert "Demo data" not in client.get("/").content.decode(), "a real wall is not labelled"
    call_command("seed_demo", voices=30, stories=3, pending=0, verbosity=0)
    home = client.get("/").content.decode()
    assert "Demo data: these numbers and stories were made up" in home
    assert "voices (demo data)" in home
    metoo = client.get("/c/metoo/").content.decode()
    assert "voices (demo data)" in metoo
    assert Campaign.objects.get(slug="metoo").description.startswith("Demo data:")
    assert Campaign.objects.filter(is_demo=False).count() == 0
    call_command("seed_demo", voices=1, stories=0, pending=0, verbosity=0)
    assert Campaign.objects.get(slug="metoo").description.count("Demo data:") == 1
