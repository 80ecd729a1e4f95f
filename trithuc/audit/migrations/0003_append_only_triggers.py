"""Append-only in the database too: rows of the audit trail cannot be updated (except the
actor link being cleared when a user is deleted) and, on PostgreSQL, cannot be deleted
outside `prune_events`, which sets `trithuc.audit_prune` for its transaction."""

from django.db import migrations

COLUMNS = ("at", "actor_name", "action", "source", "ip_address", "object_type", "object_id",
           "object_repr", "fields", "before", "after", "detail", "subject_id",
           "province_code", "unit_code", "agency_pk")

SQLITE_UP = [
    "CREATE TRIGGER audit_auditevent_no_update BEFORE UPDATE OF "
    + ", ".join(f'"{c}"' for c in COLUMNS)
    + " ON audit_auditevent BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END;",
    "CREATE TRIGGER audit_auditevent_no_actor_change BEFORE UPDATE OF actor_id "
    "ON audit_auditevent WHEN NEW.actor_id IS NOT NULL "
    "BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END;",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS audit_auditevent_no_update;",
    "DROP TRIGGER IF EXISTS audit_auditevent_no_actor_change;",
]
POSTGRES_UP = [
    """
    CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            IF current_setting('trithuc.audit_prune', true) = 'on' THEN
                RETURN OLD;
            END IF;
            RAISE EXCEPTION 'audit trail is append-only';
        END IF;
        IF NEW.actor_id IS NULL AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id')
        THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit trail is append-only';
    END;
    $$ LANGUAGE plpgsql;
    """,
    "CREATE TRIGGER audit_auditevent_append_only BEFORE UPDATE OR DELETE ON audit_auditevent "
    "FOR EACH ROW EXECUTE FUNCTION audit_auditevent_append_only();",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;",
    "DROP FUNCTION IF EXISTS audit_auditevent_append_only();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_scope_and_more_actions")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
