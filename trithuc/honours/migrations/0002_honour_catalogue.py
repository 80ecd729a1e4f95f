"""The national catalogue of forms and titles most given to intellectuals. Conditions are
simplified from the Law on Emulation and Commendation (2022): years of work and the
earlier title; a province adds its own awards in the admin."""

from django.db import migrations

# code, name, level, years of service, required earlier form, years since it
CATALOGUE = [
    ("huan-chuong-lao-dong-3", "Huân chương Lao động hạng Ba", "state", 15, "", 0),
    ("huan-chuong-lao-dong-2", "Huân chương Lao động hạng Nhì", "state", 20, "huan-chuong-lao-dong-3", 5),
    ("bang-khen-thu-tuong", "Bằng khen của Thủ tướng Chính phủ", "state", 10, "", 0),
    ("nha-giao-uu-tu", "Nhà giáo Ưu tú", "state", 15, "", 0),
    ("nha-giao-nhan-dan", "Nhà giáo Nhân dân", "state", 20, "nha-giao-uu-tu", 6),
    ("thay-thuoc-uu-tu", "Thầy thuốc Ưu tú", "state", 15, "", 0),
    ("thay-thuoc-nhan-dan", "Thầy thuốc Nhân dân", "state", 20, "thay-thuoc-uu-tu", 6),
    ("nghe-si-uu-tu", "Nghệ sĩ Ưu tú", "state", 15, "", 0),
    ("nghe-si-nhan-dan", "Nghệ sĩ Nhân dân", "state", 20, "nghe-si-uu-tu", 6),
    ("bang-khen-bo", "Bằng khen của Bộ, ngành trung ương", "ministerial", 5, "", 0),
    ("chien-si-thi-dua-tinh", "Chiến sĩ thi đua cấp tỉnh", "provincial", 3, "", 0),
    ("bang-khen-ubnd-tinh", "Bằng khen của Chủ tịch UBND tỉnh", "provincial", 2, "", 0),
    ("giai-thuong-khcn-tinh", "Giải thưởng khoa học và công nghệ của tỉnh", "provincial", 0, "", 0),
]  # fmt: skip


def load(apps, schema_editor):
    HonourForm = apps.get_model("honours", "HonourForm")
    for code, name, level, years, requires, since in CATALOGUE:
        HonourForm.objects.update_or_create(code=code, defaults={
            "name": name, "level": level, "min_years_service": years,
            "requires": HonourForm.objects.get(code=requires) if requires else None,
            "min_years_since_required": since})  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("honours", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
