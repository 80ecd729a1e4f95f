"""Starting expert criteria (data an administrator changes in the admin) and the three
reported indicators the experts app publishes (`criteria.publish_figures`)."""

from django.db import migrations

CRITERIA = [
    {"code": "most-reference", "name": "Chuyên gia khoa học và công nghệ (tham chiếu tiêu chí của Bộ KH&CN)",
     "organisation": "Bộ Khoa học và Công nghệ", "min_education_level": "master",
     "min_projects_led": 1, "min_publications": 5},
    {"code": "academic-title", "name": "Giáo sư, phó giáo sư", "organisation": "Hội đồng Giáo sư nhà nước",
     "academic_titles": ["professor", "associate_professor"]},
]
INDICATORS = [
    ("experts_meeting_criteria", "Số chuyên gia đạt tiêu chí", "người", "chuyên gia"),
    ("expert_adoption_rate", "Tỷ lệ kiến nghị của chuyên gia được tiếp thu", "%", ""),
    ("expert_turnaround_days", "Số ngày bình quân từ đề nghị đến báo cáo tổng hợp", "ngày", ""),
]


def forward(apps, schema_editor):
    criterion = apps.get_model("experts", "ExpertCriterion")
    for row in CRITERIA:
        criterion.objects.update_or_create(code=row["code"], defaults=row)
    indicator = apps.get_model("indicators", "Indicator")
    for code, name, unit, noun in INDICATORS:
        indicator.objects.update_or_create(code=code, defaults={
            "name": name, "kind": "reported", "unit": unit, "noun": noun, "is_builtin": True,
            "description": "Tính từ danh bạ chuyên gia và các đợt tư vấn, phản biện "
                           "(lệnh trithuc expert_figures)."})


def backward(apps, schema_editor):
    apps.get_model("experts", "ExpertCriterion").objects.filter(
        code__in=[row["code"] for row in CRITERIA]).delete()


class Migration(migrations.Migration):
    dependencies = [("experts", "0001_initial"), ("indicators", "0005_target_baseline_from_plan")]
    operations = [migrations.RunPython(forward, backward)]
