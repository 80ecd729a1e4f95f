"""Built-in definitions that follow the plans' words (issue 12).

- A share "của công chức, viên chức" (seed 003: "Công chức, viên chức có trình độ
  chuyên môn đại học và sau đại học đạt …") counts civil servants and public employees
  only; cadres are counted by the `…_with_cadres` twin, which a plan saying "cán bộ,
  công chức, viên chức" (seed 001) gets from the target loader.
- "thạc sĩ" is exactly master's; "sau đại học" is master's and every level above.
- "Đào tạo 06 tiến sĩ" counts over the plan's period (the target's period start to the
  end of its year), not one calendar year: the period lives on the target.

Copied here (not imported), so the migration keeps meaning what it meant.
"""

from django.db import migrations

SERVANTS = "@civil_and_public_servants"
STATE = "@state_staff"

SHARES = {
    "share_university_or_higher": (
        "có trình độ đại học trở lên",
        "người có trình độ đại học trở lên",
        {"education_level__in": "@university_or_higher"},
        "Tử số: trình độ cao nhất từ đại học trở lên (đại học, thạc sĩ, chuyên khoa, "
        "tiến sĩ…): kế hoạch viết “đại học và sau đại học”, “đại học trở lên”.",
    ),
    "share_masters": (
        "có trình độ thạc sĩ",
        "thạc sĩ",
        {"education_level": "master"},
        "Tử số: trình độ cao nhất đúng bằng thạc sĩ (không tính chuyên khoa, tiến sĩ): kế "
        "hoạch viết “trong đó thạc sĩ đạt …%”.",
    ),
    "share_postgraduate": (
        "có trình độ sau đại học",
        "người có trình độ sau đại học",
        {"education_level__in": "@postgraduate"},
        "Tử số: thạc sĩ và mọi trình độ xếp trên (chuyên khoa I, bác sĩ nội trú, chuyên "
        "khoa II, tiến sĩ, tiến sĩ khoa học): kế hoạch viết “sau đại học, chuyên môn sâu”.",
    ),
    "share_trained_to_standard": (
        "được bồi dưỡng theo tiêu chuẩn ngạch, chức danh",
        "người được bồi dưỡng đạt tiêu chuẩn",
        {"upskilled_to_standard": True},
        "Tử số: cột “Đã bồi dưỡng theo tiêu chuẩn ngạch, chức danh” như được khai lần gần "
        "nhất đến năm tính.",
    ),
    "share_continuous_training": (
        "được đào tạo liên tục",
        "người được đào tạo liên tục",
        {"continuing_education": True},
        "Tử số: cột “Đào tạo liên tục trong năm” được khai cho chính năm tính.",
    ),
}
WHO = {SERVANTS: "công chức, viên chức", STATE: "cán bộ, công chức, viên chức"}


def _specs():
    for code, (what, noun, numerator, detail) in SHARES.items():
        for population, suffix in ((SERVANTS, ""), (STATE, "_with_cadres")):
            who = WHO[population]
            yield (
                code + suffix,
                {
                    "name": f"Tỷ lệ {who} {what}",
                    "kind": "share",
                    "population": {"employment_type__in": population, "sector": "{sector}"},
                    "numerator": numerator,
                    "event_filter": {},
                    "unit": "%",
                    "noun": noun,
                    "description": f"Mẫu số: {who} (của lĩnh vực) tại ngày tính. {detail}",
                },
            )
    for population, suffix in ((SERVANTS, ""), (STATE, "_with_cadres")):
        who = WHO[population]
        yield (
            "phd_trained_count" + suffix,
            {
                "name": "Số tiến sĩ được đào tạo"
                + (" (cán bộ, công chức, viên chức)" if suffix else ""),
                "kind": "events",
                "population": {"employment_type__in": population, "sector": "{sector}"},
                "numerator": {},
                "event_filter": {"level__in": "@doctorate"},
                "unit": "người",
                "noun": "tiến sĩ",
                "description": "Số người lần đầu được cấp bằng tiến sĩ (hoặc tiến sĩ khoa học) "
                f"trong kỳ của kế hoạch (từ ngày ban hành hoặc đầu giai đoạn kế hoạch nêu, đến "
                f"hết năm đích), khi đang là {who} (của lĩnh vực): kế hoạch viết “đào tạo 06 "
                "tiến sĩ”.",
            },
        )


def forward(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    for code, values in _specs():
        Indicator.objects.update_or_create(code=code, defaults={**values, "is_builtin": True})


def backward(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    Indicator.objects.filter(code__endswith="_with_cadres", is_builtin=True).delete()
    Indicator.objects.filter(code__in=list(SHARES) + ["phd_trained_count"]).update(
        population={"employment_type__in": STATE, "sector": "{sector}"}
    )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0005_target_baseline_from_plan")]

    operations = [migrations.RunPython(forward, backward)]
