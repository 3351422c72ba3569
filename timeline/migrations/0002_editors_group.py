"""The Editors group: add, change, delete and view every content model; no user management."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT_APPS = ["companies", "timeline"]


def create_editors_group(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now so the group gets them.
    for label in CONTENT_APPS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=CONTENT_APPS).exclude(
            content_type__model__startswith="historical"
        )
    )


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("companies", "0001_initial"),
        ("timeline", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
