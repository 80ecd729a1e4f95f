"""The built-in indicators: every name the plan parser emits, plus share of women, share
of ethnic minorities and number of experts (and the plain count of intellectuals).

The definitions are copied here (not imported) so this migration keeps meaning what it
meant when it landed; a later change to a built-in gets its own migration.
"""

from django.db import migrations

STATE = "@state_staff"
STAFF_OF_SECTOR = {"employment_type__in": STATE, "sector": "{sector}"}
INTELLECTUALS = {
    "education_level__in": "@university_or_higher",
    "employment_type__ne": "retired",
    "sector": "{sector}",
}

BUILTINS = [
    {
        "code": "share_university_or_higher",
        "name": "Tỷ lệ cán bộ, công chức, viên chức có trình độ đại học trở lên",
        "kind": "share",
        "population": STAFF_OF_SECTOR,
        "numerator": {"education_level__in": "@university_or_higher"},
        "unit": "%",
        "noun": "người có trình độ đại học trở lên",
        "description": "Mẫu số: cán bộ, công chức, viên chức (của lĩnh vực) đang công tác tại "
        "ngày tính. Tử số: những người trong số đó có trình độ cao nhất từ đại học trở lên.",
    },
    {
        "code": "share_masters",
        "name": "Tỷ lệ cán bộ, công chức, viên chức có trình độ thạc sĩ",
        "kind": "share",
        "population": STAFF_OF_SECTOR,
        "numerator": {"education_level": "master"},
        "unit": "%",
        "noun": "thạc sĩ",
        "description": "Tử số: người có trình độ cao nhất là thạc sĩ (không tính tiến sĩ, "
        "chuyên khoa; các kế hoạch nêu riêng tỷ lệ thạc sĩ và số tiến sĩ).",
    },
    {
        "code": "share_postgraduate",
        "name": "Tỷ lệ cán bộ, công chức, viên chức có trình độ sau đại học",
        "kind": "share",
        "population": STAFF_OF_SECTOR,
        "numerator": {"education_level__in": "@postgraduate"},
        "unit": "%",
        "noun": "người có trình độ sau đại học",
        "description": "Tử số: thạc sĩ và mọi trình độ xếp trên (chuyên khoa I, bác sĩ nội "
        "trú, chuyên khoa II, tiến sĩ, tiến sĩ khoa học).",
    },
    {
        "code": "phd_trained_count",
        "name": "Số tiến sĩ được đào tạo",
        "kind": "events",
        "population": STAFF_OF_SECTOR,
        "event_filter": {"level__in": "@doctorate"},
        "unit": "người",
        "noun": "tiến sĩ",
        "description": "Số người lần đầu được cấp bằng tiến sĩ (hoặc tiến sĩ khoa học) trong "
        "kỳ, khi đang là cán bộ, công chức, viên chức (của lĩnh vực) tại đơn vị.",
    },
    {
        "code": "share_trained_to_standard",
        "name": "Tỷ lệ cán bộ, công chức, viên chức được bồi dưỡng theo tiêu chuẩn ngạch, "
        "chức danh",
        "kind": "share",
        "population": STAFF_OF_SECTOR,
        "numerator": {"upskilled_to_standard": True},
        "unit": "%",
        "noun": "người được bồi dưỡng đạt tiêu chuẩn",
        "description": "Tử số: cột 'Đã bồi dưỡng theo tiêu chuẩn ngạch, chức danh' (hồ sơ "
        "hiện tại; cơ sở dữ liệu không lưu lịch sử của cột này).",
    },
    {
        "code": "share_continuous_training",
        "name": "Tỷ lệ cán bộ, công chức, viên chức được đào tạo liên tục",
        "kind": "share",
        "population": STAFF_OF_SECTOR,
        "numerator": {"continuing_education": True},
        "unit": "%",
        "noun": "người được đào tạo liên tục",
        "description": "Tử số: cột 'Đào tạo liên tục trong năm' (hồ sơ hiện tại).",
    },
    {
        "code": "share_qualification_matching_job_position",
        "name": "Tỷ lệ cán bộ, công chức, viên chức có trình độ phù hợp vị trí việc làm",
        "kind": "reported",
        "unit": "%",
        "noun": "người có trình độ phù hợp vị trí việc làm",
        "description": "Cơ sở dữ liệu không có vị trí việc làm: số liệu do cơ quan báo cáo.",
    },
    {
        "code": "share_leaders_under_40",
        "name": "Tỷ lệ cán bộ lãnh đạo, quản lý dưới 40 tuổi",
        "kind": "share",
        "population": {"employment_type__in": STATE, "is_leader": True, "sector": "{sector}"},
        "numerator": {"age__lt": 40},
        "unit": "%",
        "noun": "lãnh đạo, quản lý dưới 40 tuổi",
        "description": "Mẫu số: lãnh đạo, quản lý là cán bộ, công chức, viên chức. Tử số: "
        "chưa đủ 40 tuổi tại ngày tính (người tròn 40 tuổi đúng ngày đó không tính).",
    },
    {
        "code": "intellectuals_count_ratio",
        "name": "Số lượng trí thức so với năm gốc",
        "kind": "ratio",
        "population": INTELLECTUALS,
        "unit": "lần",
        "noun": "trí thức",
        "description": "Số trí thức (trình độ đại học trở lên, chưa nghỉ hưu) chia cho số "
        "của năm gốc nêu trong mục tiêu.",
    },
    {
        "code": "intellectuals_count",
        "name": "Số lượng trí thức",
        "kind": "count",
        "population": INTELLECTUALS,
        "unit": "người",
        "noun": "trí thức",
        "description": "Người có trình độ đại học trở lên, chưa nghỉ hưu.",
    },
    {
        "code": "share_women",
        "name": "Tỷ lệ nữ trong đội ngũ trí thức",
        "kind": "share",
        "population": INTELLECTUALS,
        "numerator": {"gender": "female"},
        "unit": "%",
        "noun": "trí thức nữ",
        "description": "Mẫu số: trí thức chưa nghỉ hưu. Tử số: nữ.",
    },
    {
        "code": "share_ethnic_minorities",
        "name": "Tỷ lệ người dân tộc thiểu số trong đội ngũ trí thức",
        "kind": "share",
        "population": INTELLECTUALS,
        "numerator": {"ethnicity__in": "@ethnic_minority"},
        "unit": "%",
        "noun": "trí thức người dân tộc thiểu số",
        "description": "Mẫu số: trí thức chưa nghỉ hưu. Tử số: 53 dân tộc thiểu số.",
    },
    {
        "code": "experts_count",
        "name": "Số chuyên gia",
        "kind": "count",
        "population": {"is_expert": True, "sector": "{sector}"},
        "unit": "người",
        "noun": "chuyên gia",
        "description": "Người có điền 'Lĩnh vực chuyên gia' (kể cả đã nghỉ hưu).",
    },
]


def load(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    for spec in BUILTINS:
        values = {"population": {}, "numerator": {}, "event_filter": {}, **spec}
        code = values.pop("code")
        Indicator.objects.update_or_create(code=code, defaults={**values, "is_builtin": True})


def unload(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    Indicator.objects.filter(code__in=[spec["code"] for spec in BUILTINS]).delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
