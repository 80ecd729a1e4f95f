"""Name search over 1,000,000 people, SQLite side.

- The FTS5 table gets prefix indexes for 2, 3 and 4 letters: a query ending in a short
  word ("tran thi") no longer merges the lists of every word starting with "thi" (23 →
  7 ms over 1,000,000 names). Recreated with its triggers (0002, 0003) and rebuilt.
- The name_sort index becomes (name_sort, id, name_folded): the same order, and a page
  walked in that order can test the name without reading the table (see
  `search._NameMatch`). Done with plain SQL, not AlterField: on SQLite that would
  rebuild people_person and drop the FTS triggers. On PostgreSQL the same index
  replaces name_sort's two (the varchar_pattern_ops twin served no query).
"""

from django.db import migrations, models

FTS_TRIGGERS = [
    "CREATE TRIGGER people_person_fts_ai AFTER INSERT ON people_person "
    "WHEN NOT EXISTS (SELECT 1 FROM people_person_fts_pause) BEGIN "
    "INSERT INTO people_person_fts(rowid, name_folded) VALUES (new.id, new.name_folded); END",
    "CREATE TRIGGER people_person_fts_ad AFTER DELETE ON people_person BEGIN "
    "INSERT INTO people_person_fts(people_person_fts, rowid, name_folded) "
    "VALUES ('delete', old.id, old.name_folded); END",
    "CREATE TRIGGER people_person_fts_au AFTER UPDATE OF name_folded "
    "ON people_person BEGIN "
    "INSERT INTO people_person_fts(people_person_fts, rowid, name_folded) "
    "VALUES ('delete', old.id, old.name_folded); "
    "INSERT INTO people_person_fts(rowid, name_folded) VALUES (new.id, new.name_folded); END",
]


def _fts(prefix: str) -> list[str]:
    options = f", prefix='{prefix}'" if prefix else ""
    return [
        "DROP TRIGGER IF EXISTS people_person_fts_ai",
        "DROP TRIGGER IF EXISTS people_person_fts_ad",
        "DROP TRIGGER IF EXISTS people_person_fts_au",
        "DROP TABLE IF EXISTS people_person_fts",
        "CREATE VIRTUAL TABLE people_person_fts USING fts5(name_folded, "
        f"content='people_person', content_rowid='id', tokenize='unicode61'{options})",
        *FTS_TRIGGERS,
        "INSERT INTO people_person_fts(people_person_fts) VALUES ('rebuild')",
    ]


OLD_INDEXES = {
    "sqlite": ['CREATE INDEX "people_person_name_sort_22b1ca19" ON "people_person" ("name_sort")'],
    "postgresql": [
        'CREATE INDEX "people_person_name_sort_22b1ca19" ON "people_person" ("name_sort")',
        'CREATE INDEX "people_person_name_sort_22b1ca19_like" ON "people_person" '
        '("name_sort" varchar_pattern_ops)',
    ],
}


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in _fts("2 3 4"):
            schema_editor.execute(statement)
    schema_editor.execute('DROP INDEX IF EXISTS "people_person_name_sort_22b1ca19"')
    schema_editor.execute('DROP INDEX IF EXISTS "people_person_name_sort_22b1ca19_like"')


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in _fts(""):
            schema_editor.execute(statement)
    for statement in OLD_INDEXES.get(vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("people", "0005_name_tsvector")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="person",
                    name="name_sort",
                    field=models.CharField(editable=False, max_length=500),
                ),
            ],
            database_operations=[migrations.RunPython(forward, backward)],
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["name_sort", "id", "name_folded"], name="person_name_sort_folded"
            ),
        ),
    ]
