"""Load the canonical code lists (trithuc/codelists/data.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from trithuc.codelists.loading import sync_code_lists

    sync_code_lists(apps.get_model("codelists", "CodeEntry"))


class Migration(migrations.Migration):
    dependencies = [("codelists", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop, elidable=False)]
