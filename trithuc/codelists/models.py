"""Coded lists (ethnic groups, education levels, sectors…) with stable English codes."""

from django.db import models


class CodeListName(models.TextChoices):
    GENDER = "gender", "Giới tính"
    ETHNICITY = "ethnicity", "Dân tộc"
    EDUCATION_LEVEL = "education_level", "Trình độ chuyên môn"
    SECTOR = "sector", "Lĩnh vực"
    EMPLOYMENT_TYPE = "employment_type", "Loại hình"
    ACADEMIC_TITLE = "academic_title", "Học hàm"
    POLITICAL_THEORY_LEVEL = "political_theory_level", "Lý luận chính trị"
    IN_TRAINING = "in_training", "Đang đào tạo"
    TRAINING_FIELD = "training_field", "Ngành đào tạo"


class CodeEntry(models.Model):
    list_name = models.CharField("danh mục", max_length=40, choices=CodeListName.choices)
    code = models.CharField("mã", max_length=40)
    label = models.CharField("tên", max_length=120)
    rank = models.PositiveSmallIntegerField("bậc", null=True, blank=True)
    aliases = models.JSONField("cách viết khác", default=list, blank=True)
    extra = models.JSONField("thông tin thêm", default=dict, blank=True)
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)

    class Meta:
        verbose_name = "mục danh mục"
        verbose_name_plural = "danh mục"
        ordering = ["list_name", "rank", "code"]
        constraints = [
            models.UniqueConstraint(fields=["list_name", "code"], name="unique_code_entry"),
        ]

    def __str__(self) -> str:
        return f"{self.get_list_name_display()}: {self.label}"
