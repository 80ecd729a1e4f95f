"""The reported indicators this app publishes (`figures.publish`, run by
`trithuc recognition_figures`)."""

from django.db import migrations

INDICATORS = [
    ('honours_awarded', 'Số lượt trí thức được khen thưởng, tôn vinh trong năm', 'lượt', 'lượt khen thưởng'),
]


def forward(apps, schema_editor):
    indicator = apps.get_model("indicators", "Indicator")
    for code, name, unit, noun in INDICATORS:
        indicator.objects.update_or_create(code=code, defaults={
            "name": name, "kind": "reported", "unit": unit, "noun": noun, "is_builtin": True,
            "description": "Tính từ các quyết định khen thưởng đã ghi nhận (lệnh trithuc recognition_figures, hằng ngày)."})


def backward(apps, schema_editor):
    apps.get_model("indicators", "Indicator").objects.filter(
        code__in=[row[0] for row in INDICATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [("honours", "0002_honour_catalogue"), ("indicators", "0006_definitions_follow_plan_wording")]
    operations = [migrations.RunPython(forward, backward)]
