"""The province's name index holds id, sector and level too: PostgreSQL selects the ids
of a page of the list (filtered by sector or level or not) from the index alone, and
reads only that page's rows from the table (people.paging). It replaces the index of
(province_code, name_sort) rather than adding one, so imports maintain as many indexes."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('orgunits', '0002_load_administrative_units'),
        ('people', '0013_current_period_indexes'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='person',
            name='person_prov_name_sort',
        ),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['province_code', 'name_sort', 'id', 'sector', 'education_level'], name='person_prov_name_sort'),
        ),
    ]
