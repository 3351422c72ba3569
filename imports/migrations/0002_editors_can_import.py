"""Editors may import CSV files, see the import batches and revert them."""

from django.db import migrations

from editorial.migration_ops import grant_to_editors


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0001_initial"),
        ("timeline", "0002_editors_group"),
    ]

    operations = [grant_to_editors("imports", ["add_importbatch", "view_importbatch", "revert_importbatch"])]
