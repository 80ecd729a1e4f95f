"""Load the administrative units of both systems and the old→new mapping from the
installed `vietnamadminunits` package (see trithuc/orgunits/loading.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from trithuc.orgunits.loading import sync_units

    sync_units(
        apps.get_model("orgunits", "AdministrativeUnit"),
        apps.get_model("orgunits", "UnitMapping"),
    )


class Migration(migrations.Migration):
    dependencies = [("orgunits", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop, elidable=False)]
