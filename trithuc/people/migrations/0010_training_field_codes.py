"""Training fields coded against the national list: Person.field_code, the text it was
matched from, and the texts managers confirmed (FieldAlias); existing people matched."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def match_existing(apps, schema_editor):
    from trithuc.people.fields import remap_stale

    remap_stale(
        person_model=apps.get_model("people", "Person"),
        entry_model=apps.get_model("codelists", "CodeEntry"),
        alias_model=apps.get_model("people", "FieldAlias"),
    )


class Migration(migrations.Migration):

    dependencies = [
        ('codelists', '0003_training_fields'),
        ('orgunits', '0002_load_administrative_units'),
        ('people', '0009_training_years_and_corrections'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='FieldAlias',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('province_code', models.CharField(max_length=2, verbose_name='mã tỉnh')),
                ('key', models.CharField(max_length=200, verbose_name='khóa so khớp')),
                ('text', models.CharField(max_length=200, verbose_name='chuyên ngành (như đã ghi)')),
                ('code', models.CharField(max_length=7, verbose_name='mã ngành')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'verbose_name': 'cách ghi ngành đào tạo',
                'verbose_name_plural': 'cách ghi ngành đào tạo',
            },
        ),
        # By hand: Django's SQLite backend would rebuild the person table for a NOT NULL
        # column, dropping the name-search triggers (migrations 0002, 0003);
        # ALTER TABLE ADD COLUMN with a constant default does not, on either database.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name='person',
                    name='field_code',
                    field=models.CharField(blank=True, db_default='', default='', max_length=7, verbose_name='mã ngành đào tạo'),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE people_person ADD COLUMN field_code varchar(7) NOT NULL DEFAULT ''",
                    "ALTER TABLE people_person DROP COLUMN field_code",
                ),
            ],
        ),
        migrations.AddField(
            model_name='person',
            name='field_code_text',
            field=models.CharField(blank=True, default=None, editable=False, max_length=200, null=True),
        ),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['province_code', 'field_code'], name='person_prov_field'),
        ),
        migrations.AddField(
            model_name='fieldalias',
            name='created_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddConstraint(
            model_name='fieldalias',
            constraint=models.UniqueConstraint(fields=('province_code', 'key'), name='unique_field_alias'),
        ),
        migrations.RunPython(match_existing, migrations.RunPython.noop, elidable=False),
    ]
