"""Indexes for counts and lists over 1,000,000 people; one redundant index fewer.

The agency index goes with plain SQL: an AlterField would make SQLite rebuild
people_person, which drops the FTS triggers of 0002/0003.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orgunits", "0002_load_administrative_units"),
        ("people", "0003_fts_pause"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="person",
                    name="agency",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="people",
                        to="orgunits.agency",
                        verbose_name="cơ quan (danh mục)",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "people_person_agency_id_ae5614b5"', migrations.RunSQL.noop
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["sector", "education_level", "name_sort"], name="person_sec_edu_name"
            ),
        ),
    ]
