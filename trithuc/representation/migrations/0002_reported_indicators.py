"""The reported indicators this app publishes (`figures.publish`, run by
`trithuc recognition_figures`)."""

from django.db import migrations

INDICATORS = [
    ('party_new_members_young', 'Số trí thức trẻ được kết nạp Đảng trong năm', 'người', 'đảng viên mới'),
    ('representation_ethnic_minority_share', 'Tỷ lệ người dân tộc thiểu số trong quy hoạch, cấp ủy, HĐND', '%', ''),
    ('representation_women_share', 'Tỷ lệ nữ trong quy hoạch, cấp ủy, HĐND', '%', ''),
    ('representation_young_share', 'Tỷ lệ trí thức trẻ trong quy hoạch, cấp ủy, HĐND', '%', ''),
]


def forward(apps, schema_editor):
    indicator = apps.get_model("indicators", "Indicator")
    for code, name, unit, noun in INDICATORS:
        indicator.objects.update_or_create(code=code, defaults={
            "name": name, "kind": "reported", "unit": unit, "noun": noun, "is_builtin": True,
            "description": "Tính từ số liệu phát triển đảng viên (ô nhỏ không công bố) và hồ sơ quy hoạch, bầu cử (lệnh trithuc recognition_figures, hằng ngày)."})


def backward(apps, schema_editor):
    apps.get_model("indicators", "Indicator").objects.filter(
        code__in=[row[0] for row in INDICATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [("representation", "0001_initial"), ("indicators", "0006_definitions_follow_plan_wording")]
    operations = [migrations.RunPython(forward, backward)]
