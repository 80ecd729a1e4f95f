"""The national list of training fields (codelists/training_fields.py) as code list
"training_field"."""

from django.db import migrations, models


def load(apps, schema_editor):
    from trithuc.codelists.loading import sync_code_lists

    sync_code_lists(apps.get_model("codelists", "CodeEntry"))


class Migration(migrations.Migration):
    dependencies = [("codelists", "0002_load_code_lists")]

    operations = [
        migrations.AlterField(
            model_name="codeentry",
            name="list_name",
            field=models.CharField(
                choices=[
                    ("gender", "Giới tính"),
                    ("ethnicity", "Dân tộc"),
                    ("education_level", "Trình độ chuyên môn"),
                    ("sector", "Lĩnh vực"),
                    ("employment_type", "Loại hình"),
                    ("academic_title", "Học hàm"),
                    ("political_theory_level", "Lý luận chính trị"),
                    ("in_training", "Đang đào tạo"),
                    ("training_field", "Ngành đào tạo"),
                ],
                max_length=40,
                verbose_name="danh mục",
            ),
        ),
        migrations.RunPython(load, migrations.RunPython.noop, elidable=False),
    ]
