"""Editors may publish releases and read them (never change or delete them)."""

from django.db import migrations

from editorial.migration_ops import grant_to_editors


class Migration(migrations.Migration):
    dependencies = [
        ("sstracker", "0001_releases"),
        ("timeline", "0002_editors_group"),
    ]

    operations = [grant_to_editors("sstracker", ["view_release", "add_release"])]
