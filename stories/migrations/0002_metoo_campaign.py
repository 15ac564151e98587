import datetime

from django.db import migrations


def create_metoo(apps, schema_editor):
    Campaign = apps.get_model("stories", "Campaign")
    Campaign.objects.get_or_create(
        slug="metoo",
        defaults={
            "hashtag": "#MeToo",
            "title": "Me too",
            "description": "If you have been sexually harassed or assaulted, say “me too” — "
            "to give people a sense of the magnitude of the problem.",
            "started_at": datetime.datetime(2017, 10, 15, 20, 21, tzinfo=datetime.UTC),
            "is_active": True,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("stories", "0001_initial")]
    operations = [migrations.RunPython(create_metoo, migrations.RunPython.noop)]
