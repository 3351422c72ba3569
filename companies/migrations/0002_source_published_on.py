"""`Source.published` becomes `published_on`: a source's publication date, not a flag."""

import fuzzydate.fields
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [('companies', '0001_initial'),]

    operations = [
        migrations.RenameField(model_name="source", old_name="published", new_name="published_on"),
        migrations.RenameField(
            model_name="historicalsource", old_name="published", new_name="published_on"
        ),
        migrations.AlterField(
            model_name="source",
            name="published_on",
            field=fuzzydate.fields.FuzzyDateField(
                blank=True,
                help_text="When the source was published.",
                max_length=40,
                start_field="published_start",
                verbose_name="published on",
            ),
        ),
        migrations.AlterField(
            model_name="historicalsource",
            name="published_on",
            field=fuzzydate.fields.FuzzyDateField(
                blank=True,
                help_text="When the source was published.",
                max_length=40,
                start_field="published_start",
                verbose_name="published on",
            ),
        ),
    ]
