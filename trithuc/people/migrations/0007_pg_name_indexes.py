"""PostgreSQL: smaller name indexes for faster imports.

- person_name_sort_folded (0006) holds (name_sort, id, name_folded) so that SQLite can
  walk it and test names without reading the table. PostgreSQL tests names with its
  tsvector index and reads the table anyway, and with `id` in the key it cannot
  deduplicate equal names: 119 MB for 1,000,000 people against 12 MB for name_sort
  alone. On PostgreSQL the index of that name covers name_sort only (same order for
  ORDER BY name_sort, id: an incremental sort within equal names).
- name_folded's varchar_pattern_ops twin served no query (search goes through the
  tsvector index of 0005; the trigram index of 0002 stays for substring matching).
Nothing changes on SQLite.
"""

from django.db import migrations

FORWARD = [
    "DROP INDEX IF EXISTS person_name_sort_folded",
    "CREATE INDEX person_name_sort_folded ON people_person (name_sort)",
    'DROP INDEX IF EXISTS "people_person_name_folded_c4407752_like"',
]
BACKWARD = [
    "DROP INDEX IF EXISTS person_name_sort_folded",
    "CREATE INDEX person_name_sort_folded ON people_person (name_sort, id, name_folded)",
    'CREATE INDEX IF NOT EXISTS "people_person_name_folded_c4407752_like" '
    'ON people_person ("name_folded" varchar_pattern_ops)',
]


class PostgreSQLOnly(migrations.RunSQL):
    """RunSQL that does nothing on other databases."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("people", "0006_search_walk")]
    operations = [PostgreSQLOnly(FORWARD, BACKWARD)]
