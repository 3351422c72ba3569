"""Migration operations every app's data migrations share."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"


def grant_to_editors(app_label: str, codenames: list[str]) -> migrations.RunPython:
    """A migration step that gives the Editors group these permissions of `app_label` (and
    takes them back when reversed). Permissions are normally made after all migrations; this
    makes them first, so the group can be given them at once."""

    def permissions(apps):
        Permission = apps.get_model("auth", "Permission")
        return Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)

    def grant(apps, schema_editor):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
        group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=EDITORS)
        group.permissions.add(*permissions(apps))

    def revoke(apps, schema_editor):
        for group in apps.get_model("auth", "Group").objects.filter(name=EDITORS):
            group.permissions.remove(*permissions(apps))

    return migrations.RunPython(grant, revoke)
