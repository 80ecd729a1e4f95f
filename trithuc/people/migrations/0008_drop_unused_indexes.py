"""Fewer indexes to maintain while importing: three that no query needs.

- people_employment.person_id and people_qualification.person_id: Django's index for
  each foreign key is a prefix of emp_person_to (person, valid_to) and
  qual_person_awarded (person, awarded_on), which serve every query by person and the
  cascade on delete. The state keeps the foreign keys, without db_index.
- PostgreSQL: the trigram index on name_folded (0002): name search goes through the
  tsvector index (0005) and the btree on name_folded; nothing matches substrings.
  1,000,000 people: 33 MB, and about 20 entries to add per imported name.
Dropped by RunSQL, not AlterField: on SQLite AlterField rebuilds the table, and the
rebuild would drop the FTS triggers of 0002/0006.
"""

import django.db.models.deletion
from django.db import migrations, models

FK_INDEXES = {
    "people_employment": "people_employment_person_id_fd9f2f57",
    "people_qualification": "people_qualification_person_id_315859f8",
}


def drop_indexes(apps, schema_editor):
    quote = schema_editor.quote_name
    for name in FK_INDEXES.values():
        schema_editor.execute(f"DROP INDEX IF EXISTS {quote(name)}")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS people_person_name_trgm")


def restore_indexes(apps, schema_editor):
    quote = schema_editor.quote_name
    for table, name in FK_INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(table)} ({quote('person_id')})"
        )
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
            if cursor.fetchone():
                schema_editor.execute(
                    "CREATE INDEX IF NOT EXISTS people_person_name_trgm "
                    "ON people_person USING gin (name_folded gin_trgm_ops)"
                )


class Migration(migrations.Migration):
    dependencies = [("people", "0007_pg_name_indexes")]
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop_indexes, restore_indexes)],
            state_operations=[
                migrations.AlterField(
                    model_name="employment",
                    name="person",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="employments",
                        to="people.person",
                    ),
                ),
                migrations.AlterField(
                    model_name="qualification",
                    name="person",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="qualifications",
                        to="people.person",
                    ),
                ),
            ],
        )
    ]
