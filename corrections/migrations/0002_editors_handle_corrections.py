"""Editors may read reader reports and decide on them (but not add reports themselves)."""

from django.db import migrations

from editorial.migration_ops import grant_to_editors


class Migration(migrations.Migration):
    dependencies = [
        ("corrections", "0001_correction_reports"),
        ("timeline", "0002_editors_group"),
    ]

    operations = [grant_to_editors("corrections", ["view_correction", "change_correction"])]
