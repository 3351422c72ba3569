"""Editors see their own background jobs (imports, reverts, releases) and how they went."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_job"]


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now so the group gets them.
    app_config = apps.get_app_config("jobs")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="jobs", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Editors"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="jobs", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0001_initial"),
        ("timeline", "0002_editors_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
