"""Profiles of intellectuals, with the history that lets any count be taken as of a date.

`Person` holds the current state (what lists, searches and today's counts read);
`Qualification` and `Employment` hold the dated history (what as-of counts read);
`PersonChange` keeps who changed which field, when, from what to what.
"""

import uuid

from django.conf import settings
from django.db import models

from trithuc.people.querysets import ImportJobQuerySet, PersonHistoryQuerySet, PersonQuerySet

TEMPLATE_FIELDS = (
    "national_id", "full_name", "birth_date", "gender", "ethnicity", "religion",
    "workplace_unit", "employer", "employment_type", "sector", "position", "is_leader",
    "education_level", "education_year", "training_field", "academic_title",
    "political_theory_level", "party_member", "upskilled_to_standard",
    "continuing_education", "in_training", "in_training_until", "expert_field", "phone",
    "email", "work_start_year",
)  # fmt: skip

# What today's frame reads of a profile besides its groupings (people.counting).
CURRENT_PERIOD = ("has_period", "period_to", "period_from", "birth_date")


class Person(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    national_id = models.CharField("số định danh cá nhân", max_length=12, unique=True)
    full_name = models.CharField("họ và tên", max_length=100)
    name_folded = models.CharField(max_length=100, editable=False, db_index=True)
    # Indexed with id and name_folded (person_name_sort_folded, below).
    name_sort = models.CharField(max_length=500, editable=False)
    birth_date = models.DateField("ngày sinh")
    birth_year_only = models.BooleanField("chỉ biết năm sinh", default=False)
    gender = models.CharField("giới tính", max_length=8)
    ethnicity = models.CharField("dân tộc", max_length=2)
    religion = models.CharField("tôn giáo", max_length=60, blank=True)
    workplace_unit = models.CharField("mã xã/phường nơi công tác", max_length=5)
    province_code = models.CharField("mã tỉnh nơi công tác", max_length=2, editable=False)
    employer = models.CharField("cơ quan, đơn vị công tác", max_length=200)
    agency = models.ForeignKey(
        "orgunits.Agency",
        verbose_name="cơ quan (danh mục)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        db_index=False,  # person_agency_name_sort starts with agency_id
    )
    employment_type = models.CharField("loại hình", max_length=20)
    sector = models.CharField("lĩnh vực", max_length=24)
    position = models.CharField("chức vụ", max_length=150, blank=True)
    is_leader = models.BooleanField("lãnh đạo, quản lý", default=False)
    education_level = models.CharField("trình độ chuyên môn cao nhất", max_length=20)
    education_year = models.PositiveSmallIntegerField("năm đạt trình độ", null=True, blank=True)
    training_field = models.CharField("chuyên ngành đào tạo", max_length=200, blank=True)
    # The training field coded against the national list (codelists "training_field"):
    # matched from `training_field` by people/fields.py, or confirmed by a manager.
    # `field_code_text` is the text it was matched from (NULL: not matched yet), so a
    # changed text is matched again. DB defaults: the bulk writers name their columns.
    field_code = models.CharField("mã ngành đào tạo", max_length=7, blank=True, default="",
                                  db_default="")  # fmt: skip
    field_code_text = models.CharField(max_length=200, null=True, blank=True, default=None,
                                       editable=False)  # fmt: skip
    academic_title = models.CharField("học hàm", max_length=24, blank=True)
    political_theory_level = models.CharField("lý luận chính trị", max_length=16, blank=True)
    party_member = models.BooleanField("đảng viên", default=False)
    upskilled_to_standard = models.BooleanField("đã bồi dưỡng theo tiêu chuẩn", default=False)
    continuing_education = models.BooleanField("đào tạo liên tục trong năm", default=False)
    in_training = models.CharField("đang đào tạo", max_length=16, blank=True)
    in_training_until = models.PositiveSmallIntegerField(
        "năm dự kiến hoàn thành", null=True, blank=True
    )
    expert_field = models.CharField("lĩnh vực chuyên gia", max_length=200, blank=True)
    phone = models.CharField("điện thoại", max_length=16, blank=True)
    email = models.EmailField("email", max_length=254, blank=True)
    # Optional template column: the first employment period starts on 1 January of it.
    work_start_year = models.PositiveSmallIntegerField(
        "năm bắt đầu công tác", null=True, blank=True
    )
    is_synthetic = models.BooleanField("dữ liệu mô phỏng", default=False)
    # The person's latest employment period (the one the columns above describe), copied
    # so that today's counts read this table alone (people.counting.current_frame): it
    # exists, its start (null: not known, counted from the 18th birthday) and its end
    # (exclusive; null while it lasts). Kept by every write to the history
    # (people.periods.sync_current_periods); `trithuc check_current_periods` compares.
    # A database default too: a raw insert that does not name it (a benchmark, an older
    # script) writes a profile without a period, which `sync_current_periods` then fills.
    has_period = models.BooleanField(
        "có quá trình công tác", default=False, db_default=False, editable=False
    )
    period_from = models.DateField("quá trình hiện tại từ ngày", null=True, editable=False)
    period_to = models.DateField("quá trình hiện tại đến ngày", null=True, editable=False)
    # Hash of the template fields: a re-imported row with the same hash is "unchanged"
    # without comparing 25 columns one by one.
    content_hash = models.CharField(max_length=32, editable=False, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "hồ sơ trí thức"
        verbose_name_plural = "hồ sơ trí thức"
        # The two (…, sector, education_level) indexes end with the columns of today's
        # frame (people.counting.current_frame): a count of today by sector and level
        # reads them alone (SQLite: 20 ms of CPU for 100,000 people, not 160 ms through
        # the table), for everyone and for one province.
        indexes = [
            models.Index(
                fields=["province_code", "sector", "education_level", *CURRENT_PERIOD],
                name="person_prov_sec_edu",
            ),
            models.Index(
                fields=["province_code", "employment_type", "sector", "education_level"],
                name="person_prov_type_sec_edu",
            ),
            models.Index(fields=["workplace_unit", "sector"], name="person_unit_sector"),
            models.Index(fields=["province_code", "field_code"], name="person_prov_field"),
            # Which provinces hold synthetic people (every page says "Dữ liệu mô phỏng"
            # over them): empty for a real registry, so it costs imports nothing.
            models.Index(
                fields=["province_code"],
                name="person_synthetic_prov",
                condition=models.Q(is_synthetic=True),
            ),  # fmt: skip
            # Counts by sector and level over everyone, and the list filtered by both, in
            # Vietnamese order, without a sort.
            models.Index(
                fields=["sector", "education_level", "name_sort", *CURRENT_PERIOD],
                name="person_sec_edu_name",
            ),
            # The list's order; on SQLite a page walked in it tests names without the
            # table. (On PostgreSQL it holds name_sort only: migration 0007.)
            models.Index(fields=["name_sort", "id", "name_folded"], name="person_name_sort_folded"),
            # A province's list in name order, and the ids of a page of it, filtered by
            # sector or level or not, read from the index alone on PostgreSQL (the
            # deferred join of people.paging: the rows a page skips are never read).
            models.Index(
                fields=["province_code", "name_sort", "id", "sector", "education_level"],
                name="person_prov_name_sort",
            ),
            models.Index(fields=["agency", "name_sort"], name="person_agency_name_sort"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_expert(self) -> bool:
        return bool(self.expert_field)


class Qualification(models.Model):
    # No index of its own: qual_person_awarded (person, awarded_on) serves look-ups by person.
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="qualifications", db_index=False
    )
    level = models.CharField("trình độ", max_length=20)
    field = models.CharField("chuyên ngành", max_length=200, blank=True)
    year = models.PositiveSmallIntegerField("năm", null=True, blank=True)
    # When only the year is known the degree counts from 1 January of that year, so
    # that an as-of count taken today agrees with the current registry.
    awarded_on = models.DateField("ngày cấp", null=True, blank=True)
    # Set when a later statement corrected this degree (a lower highest level, another
    # year for the same level): kept as history, never counted (people.counting).
    superseded_at = models.DateTimeField("bị sửa lúc", null=True, blank=True)

    objects = PersonHistoryQuerySet.as_manager()

    class Meta:
        verbose_name = "văn bằng"
        verbose_name_plural = "quá trình đào tạo"
        ordering = ["awarded_on", "id"]
        indexes = [models.Index(fields=["person", "awarded_on"], name="qual_person_awarded")]

    def __str__(self) -> str:
        return f"{self.level} {self.year or ''}".strip()


class Employment(models.Model):
    """One period of work; `valid_to` is exclusive and null while it lasts.

    A null `valid_from` means the start is not known (a profile imported without a
    start year): such a period counts from the person's 18th birthday, the minimum age
    for recruitment as a civil servant or public employee (people.counting).
    """

    # No index of its own: emp_person_to (person, valid_to) serves every look-up by person.
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="employments", db_index=False
    )
    employer = models.CharField("cơ quan, đơn vị", max_length=200)
    agency = models.ForeignKey(
        "orgunits.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    workplace_unit = models.CharField("mã đơn vị hành chính", max_length=5)
    province_code = models.CharField("mã tỉnh", max_length=2)
    sector = models.CharField("lĩnh vực", max_length=24)
    employment_type = models.CharField("loại hình", max_length=20)
    position = models.CharField("chức vụ", max_length=150, blank=True)
    is_leader = models.BooleanField("lãnh đạo, quản lý", default=False)
    valid_from = models.DateField("từ ngày", null=True, blank=True)
    valid_to = models.DateField("đến ngày", null=True, blank=True)

    objects = PersonHistoryQuerySet.as_manager()

    class Meta:
        verbose_name = "quá trình công tác"
        verbose_name_plural = "quá trình công tác"
        ordering = ["valid_from", "id"]
        indexes = [
            models.Index(fields=["province_code", "valid_from", "valid_to"], name="emp_prov_dates"),
            models.Index(fields=["person", "valid_to"], name="emp_person_to"),
        ]

    def __str__(self) -> str:
        return f"{self.employer} ({self.valid_from or '…'} – {self.valid_to or 'nay'})"


class TrainingYear(models.Model):
    """The training flags a file or a form stated for a person in one calendar year.

    "Đào tạo liên tục trong năm" holds for that year only; "Đã bồi dưỡng theo tiêu chuẩn
    ngạch, chức danh" holds from that year until a later year states otherwise.
    """

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="training_years", db_index=False
    )
    year = models.PositiveSmallIntegerField("năm")
    upskilled_to_standard = models.BooleanField("đã bồi dưỡng theo tiêu chuẩn", default=False)
    continuing_education = models.BooleanField("đào tạo liên tục trong năm", default=False)

    class Meta:
        verbose_name = "bồi dưỡng, đào tạo trong năm"
        verbose_name_plural = "bồi dưỡng, đào tạo theo năm"
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="training_person_year")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.year}"


class ChangeSource(models.TextChoices):
    WEB = "web", "Giao diện web"
    IMPORT = "import", "Nhập từ tệp"
    COMMAND = "command", "Dòng lệnh"
    API = "api", "API"
    DEMO = "demo", "Dữ liệu mô phỏng"


class PersonChange(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="changes")
    changed_at = models.DateTimeField("lúc", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField("nguồn", max_length=10, choices=ChangeSource.choices)
    import_job = models.ForeignKey(
        "people.ImportJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    field = models.CharField("trường", max_length=40)
    old_value = models.TextField("giá trị cũ", blank=True)
    new_value = models.TextField("giá trị mới", blank=True)

    class Meta:
        verbose_name = "thay đổi hồ sơ"
        verbose_name_plural = "lịch sử thay đổi hồ sơ"
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.field}: {self.old_value} → {self.new_value}"


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", "Đã tải lên"
    NEEDS_MAPPING = "needs_mapping", "Cần ghép cột"
    PREVIEWED = "previewed", "Đã kiểm tra"
    QUEUED = "queued", "Đang chờ"
    RUNNING = "running", "Đang nhập"
    DONE = "done", "Hoàn thành"
    FAILED = "failed", "Lỗi"
    CANCELLED = "cancelled", "Đã hủy"


class ImportLayout(models.TextChoices):
    TEMPLATE = "template", "Mẫu nhập dữ liệu trí thức"
    CBCCVC = "cbccvc", "Tệp xuất từ CSDL CBCCVC"


class ImportJob(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    finished_at = models.DateTimeField("xong lúc", null=True, blank=True)
    agency = models.ForeignKey(
        "orgunits.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    original_name = models.CharField("tên tệp", max_length=255)
    stored_path = models.CharField(max_length=500)
    strict = models.BooleanField("chỉ nhập khi không có lỗi", default=False)
    mapping = models.JSONField("ghép cột", default=dict, blank=True)
    # The file's layout: the registry's template, or an export of CSDL CBCCVC
    # (people.cbccvc); the preview and the commit read it the same way.
    layout = models.CharField(
        "bố cục tệp", max_length=16, choices=ImportLayout.choices, default="template"
    )
    status = models.CharField(
        "trạng thái", max_length=16, choices=ImportStatus.choices, default="uploaded"
    )
    total_rows = models.PositiveIntegerField("số dòng", default=0)
    processed_rows = models.PositiveIntegerField("đã xử lý", default=0)
    report = models.JSONField("kết quả", default=dict, blank=True)
    message = models.TextField("thông báo", blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = "lượt nhập dữ liệu"
        verbose_name_plural = "lượt nhập dữ liệu"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))


class ColumnMapping(models.Model):
    """A header that did not match the template, and the field a user pointed it at."""

    agency = models.ForeignKey(
        "orgunits.Agency", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    header_folded = models.CharField(max_length=200)
    field = models.CharField("trường", max_length=40)  # "" means: ignore this column

    class Meta:
        verbose_name = "ghép cột"
        verbose_name_plural = "ghép cột"
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "owner", "header_folded"], name="unique_column_mapping"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.header_folded} → {self.field or '(bỏ qua)'}"


class FieldAlias(models.Model):
    """A free-text training field a registry manager confirmed as a code of the national
    list: later imports and edits in the province map that text to it (people/fields.py)."""

    province_code = models.CharField("mã tỉnh", max_length=2)
    key = models.CharField("khóa so khớp", max_length=200)  # codelists.services.match_key
    text = models.CharField("chuyên ngành (như đã ghi)", max_length=200)
    code = models.CharField("mã ngành", max_length=7)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "cách ghi ngành đào tạo"
        verbose_name_plural = "cách ghi ngành đào tạo"
        constraints = [
            models.UniqueConstraint(fields=["province_code", "key"], name="unique_field_alias"),
        ]

    def __str__(self) -> str:
        return f"{self.text} → {self.code}"
