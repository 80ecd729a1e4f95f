"""Full-text index on folded names: FTS5 on SQLite, pg_trgm on PostgreSQL."""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS people_person_fts USING fts5("
    "name_folded, content='people_person', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER IF NOT EXISTS people_person_fts_ai AFTER INSERT ON people_person BEGIN "
    "INSERT INTO people_person_fts(rowid, name_folded) VALUES (new.id, new.name_folded); END",
    "CREATE TRIGGER IF NOT EXISTS people_person_fts_ad AFTER DELETE ON people_person BEGIN "
    "INSERT INTO people_person_fts(people_person_fts, rowid, name_folded) "
    "VALUES ('delete', old.id, old.name_folded); END",
    "CREATE TRIGGER IF NOT EXISTS people_person_fts_au AFTER UPDATE OF name_folded "
    "ON people_person BEGIN "
    "INSERT INTO people_person_fts(people_person_fts, rowid, name_folded) "
    "VALUES ('delete', old.id, old.name_folded); "
    "INSERT INTO people_person_fts(rowid, name_folded) VALUES (new.id, new.name_folded); END",
    "INSERT INTO people_person_fts(people_person_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS people_person_fts_ai",
    "DROP TRIGGER IF EXISTS people_person_fts_ad",
    "DROP TRIGGER IF EXISTS people_person_fts_au",
    "DROP TABLE IF EXISTS people_person_fts",
]


def forward(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)
    elif connection.vendor == "postgresql":
        # pg_trgm needs a privileged role once; without it search falls back to a scan.
        with connection.cursor() as cursor:
            cursor.execute("SAVEPOINT trgm")
            try:
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                cursor.execute(
                    "CREATE INDEX IF NOT EXISTS people_person_name_trgm "
                    "ON people_person USING gin (name_folded gin_trgm_ops)"
                )
                cursor.execute("RELEASE SAVEPOINT trgm")
            except Exception:
                cursor.execute("ROLLBACK TO SAVEPOINT trgm")


def backward(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)
    elif connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS people_person_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
