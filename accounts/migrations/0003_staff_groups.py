"""Create the staff roles as groups with their permissions.

The permission rows are normally created after all migrations have run,
so this migration creates the ones it needs itself. The role table is
copied here on purpose: a migration must not change when app code does.
"""

from django.db import migrations

PERMISSIONS = {
    "moderate": "Can review stories and decide on them",
    "review_appeals": "Can review appeals",
    "view_audit_log": "Can read the audit log",
    "view_metrics": "Can read moderation metrics",
    "undo_decision": "Can undo a moderation decision",
}
SENIOR = ("moderate", "review_appeals", "view_audit_log", "view_metrics", "undo_decision")
ROLE_GROUPS = {
    "moderator": ("moderate",),
    "senior moderator": SENIOR,
    "admin": SENIOR,
}


def create_groups(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    user_type, _ = ContentType.objects.get_or_create(app_label="accounts", model="user")
    permissions = {}
    for codename, name in PERMISSIONS.items():
        permissions[codename], _ = Permission.objects.get_or_create(
            content_type=user_type, codename=codename, defaults={"name": name}
        )
    for group_name, codenames in ROLE_GROUPS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(*(permissions[codename] for codename in codenames))


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=ROLE_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_staff_permissions_and_user_sessions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
