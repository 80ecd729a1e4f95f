"""PostgreSQL: a full-text (tsvector) index on folded names, for whole-word prefix search.

`search_people` matches every word of the query as a whole word and the last one as a
prefix: `to_tsvector('simple', name_folded) @@ to_tsquery('simple', 'nguyen & van & an:*')`
answers that from this GIN index without the per-row regex recheck of the trigram index
(which stays, for substring matching). Nothing changes on SQLite (FTS5, see 0002).
"""

from django.db import migrations

FORWARD = (
    "CREATE INDEX IF NOT EXISTS people_person_name_tsv ON people_person "
    "USING gin (to_tsvector('simple'::regconfig, name_folded))"
)
BACKWARD = "DROP INDEX IF EXISTS people_person_name_tsv"


class PostgreSQLOnly(migrations.RunSQL):
    """RunSQL that does nothing on other databases."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("people", "0004_speed_indexes")]
    operations = [PostgreSQLOnly(FORWARD, BACKWARD)]
