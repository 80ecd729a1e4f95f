"""SQLite: bulk inserts may pause the per-row FTS trigger and index their rows in one go."""

from django.db import migrations

FORWARD = [
    "CREATE TABLE IF NOT EXISTS people_person_fts_pause (paused INTEGER NOT NULL)",
    "DROP TRIGGER IF EXISTS people_person_fts_ai",
    "CREATE TRIGGER people_person_fts_ai AFTER INSERT ON people_person "
    "WHEN NOT EXISTS (SELECT 1 FROM people_person_fts_pause) BEGIN "
    "INSERT INTO people_person_fts(rowid, name_folded) VALUES (new.id, new.name_folded); END",
]


BACKWARD = [
    "DROP TRIGGER IF EXISTS people_person_fts_ai",
    "CREATE TRIGGER people_person_fts_ai AFTER INSERT ON people_person BEGIN "
    "INSERT INTO people_person_fts(rowid, name_folded) VALUES (new.id, new.name_folded); END",
    "DROP TABLE IF EXISTS people_person_fts_pause",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("people", "0002_name_search_index")]
    operations = [migrations.RunPython(forward, backward)]
