"""The reported indicators this app publishes (`figures.publish`, run by
`trithuc recognition_figures`)."""

from django.db import migrations

INDICATORS = [
    ('talent_attracted', 'Số người được thu hút trong năm', 'người', 'người được thu hút'),
    ('talent_retention_1y', 'Tỷ lệ người được thu hút còn công tác sau 1 năm', '%', ''),
    ('talent_retention_3y', 'Tỷ lệ người được thu hút còn công tác sau 3 năm', '%', ''),
    ('talent_retention_5y', 'Tỷ lệ người được thu hút còn công tác sau 5 năm', '%', ''),
]


def forward(apps, schema_editor):
    indicator = apps.get_model("indicators", "Indicator")
    for code, name, unit, noun in INDICATORS:
        indicator.objects.update_or_create(code=code, defaults={
            "name": name, "kind": "reported", "unit": unit, "noun": noun, "is_builtin": True,
            "description": "Tính từ hồ sơ thu hút và sổ theo dõi cam kết (lệnh trithuc recognition_figures, hằng ngày)."})


def backward(apps, schema_editor):
    apps.get_model("indicators", "Indicator").objects.filter(
        code__in=[row[0] for row in INDICATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [("talent", "0001_initial"), ("indicators", "0006_definitions_follow_plan_wording")]
    operations = [migrations.RunPython(forward, backward)]
