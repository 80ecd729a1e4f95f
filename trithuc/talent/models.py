"""Attraction policies as data, applications with council scores and decisions, and each
attracted person's commitment with its benefit ledger (integer VND) and events."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trithuc.orgunits.services import get_current_unit
from trithuc.talent.querysets import (
    ApplicationQuerySet,
    ByApplicationQuerySet,
    ByCommitmentQuerySet,
    PolicyQuerySet,
)


def unit_label(code: str) -> str:
    """ "Phường Thục Phán (04001)": a unit code as pages show it, with its name; a code
    no longer in the current list is shown as it is."""
    unit = get_current_unit(code) if code else None
    return str(unit) if unit else code


class RefundRule(models.TextChoices):
    NONE = "none", _("Không phải hoàn trả")
    FULL = "full", _("Hoàn trả toàn bộ số đã nhận")
    PRO_RATA = "pro_rata", _("Hoàn trả theo tỷ lệ thời gian cam kết chưa thực hiện")


class HousingKind(models.TextChoices):
    NONE = "none", _("Không hỗ trợ nhà ở")
    OFFICIAL = "official", _("Bố trí nhà ở công vụ")
    RENT = "rent", _("Hỗ trợ tiền thuê nhà hằng tháng")
    PURCHASE = "purchase", _("Hỗ trợ một lần để mua, xây nhà ở")
    LAND = "land", _("Giao đất ở")


class TalentPolicy(models.Model):
    """One national decree or provincial resolution. `rules` is the eligibility filter
    (see `eligibility.py`); `one_time_amounts` maps a level (an education level or an
    academic title code) to a one-time amount in VND."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    province_code = models.CharField(_("mã tỉnh"), max_length=2, db_index=True)
    code = models.SlugField(_("mã chính sách"), max_length=60)
    name = models.CharField(_("tên chính sách"), max_length=300)
    legal_basis = models.CharField(_("căn cứ (số, ngày văn bản)"), max_length=300)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    target_groups = models.TextField(_("đối tượng"), blank=True)
    rules = models.JSONField(_("điều kiện"), default=dict, blank=True)
    one_time_amounts = models.JSONField(_("hỗ trợ một lần theo mức (đồng)"), default=dict)
    monthly_share_percent = models.PositiveSmallIntegerField(
        _("phụ cấp hằng tháng (% lương)"), default=0
    )
    monthly_years = models.PositiveSmallIntegerField(_("số năm hưởng phụ cấp"), default=0)
    housing_kind = models.CharField(_("hỗ trợ nhà ở"), max_length=10,
                                    choices=HousingKind.choices, default="none")  # fmt: skip
    housing_monthly_vnd = models.BigIntegerField(_("tiền thuê nhà hỗ trợ (đồng/tháng)"), default=0)
    housing_months = models.PositiveSmallIntegerField(
        _("số tháng hỗ trợ thuê nhà, ở nhà công vụ"), default=0
    )
    housing_one_time_vnd = models.BigIntegerField(_("hỗ trợ mua, xây nhà (đồng)"), default=0)
    housing_land_m2 = models.PositiveIntegerField(_("diện tích đất ở (m²)"), default=0)
    housing_note = models.CharField(_("ghi chú về nhà ở"), max_length=300, blank=True)
    research_fund_vnd = models.BigIntegerField(_("kinh phí nghiên cứu (đồng)"), default=0)
    commitment_years = models.PositiveSmallIntegerField(_("số năm cam kết công tác"))
    refund_rule = models.CharField(
        _("quy định hoàn trả"), max_length=10, choices=RefundRule.choices, default="pro_rata"
    )
    budget_vnd = models.BigIntegerField(_("tổng kinh phí của chương trình (đồng)"))
    is_synthetic = models.BooleanField(_("dữ liệu mô phỏng"), default=False)

    objects = PolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("chính sách thu hút")
        ordering = ["province_code", "valid_from", "code"]
        constraints = [
            models.UniqueConstraint(fields=["province_code", "code"], name="talent_policy_code")
        ]

    def __str__(self) -> str:
        return self.name


class Origin(models.TextChoices):
    REGISTRY = "registry", _("Trong cơ sở dữ liệu trí thức")
    GRADUATE = "graduate", _("Sinh viên mới tốt nghiệp")
    OVERSEAS = "overseas", _("Chuyên gia, nhà khoa học ở nước ngoài")
    OTHER = "other", _("Ngoài tỉnh")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Đã nộp")
    INELIGIBLE = "ineligible", _("Không đủ điều kiện")
    ELIGIBLE = "eligible", _("Đủ điều kiện")
    APPROVED = "approved", _("Đã có quyết định")
    REFUSED = "refused", _("Không được chấp thuận")


class Application(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    policy = models.ForeignKey(TalentPolicy, on_delete=models.PROTECT, related_name="applications")
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    origin = models.CharField(_("nguồn"), max_length=10, choices=Origin.choices)
    full_name = models.CharField(_("họ và tên"), max_length=100)
    birth_date = models.DateField(_("ngày sinh"))
    gender = models.CharField(_("giới tính"), max_length=8)
    ethnicity = models.CharField(_("dân tộc"), max_length=2, blank=True)
    education_level = models.CharField(_("trình độ"), max_length=20)
    academic_title = models.CharField(_("học hàm"), max_length=24, blank=True)
    graduation_grade = models.CharField(_("xếp loại tốt nghiệp"), max_length=12, blank=True)
    papers = models.PositiveSmallIntegerField(_("số bài báo khoa học"), default=0)
    patents = models.PositiveSmallIntegerField(_("số bằng sáng chế"), default=0)
    awards = models.PositiveSmallIntegerField(_("số giải thưởng"), default=0)
    field = models.CharField(_("lĩnh vực"), max_length=24)
    training_field = models.CharField(_("chuyên ngành đào tạo"), max_length=200, blank=True)
    evidence = models.TextField(_("ghi chú về hồ sơ"), blank=True)
    province_code = models.CharField(_("mã tỉnh nơi bố trí"), max_length=2)
    workplace_unit = models.CharField(_("mã xã/phường nơi bố trí"), max_length=5)
    employer = models.CharField(_("cơ quan tiếp nhận"), max_length=200)
    base_salary_vnd = models.BigIntegerField(_("lương làm căn cứ phụ cấp (đồng/tháng)"), default=0)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ApplicationStatus.choices, default="submitted"
    )
    eligibility = models.JSONField(_("kết quả xét điều kiện"), default=list, blank=True)
    level = models.CharField(_("mức hỗ trợ"), max_length=24, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    refusal_reason = models.TextField(_("lý do không chấp thuận"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    is_synthetic = models.BooleanField(_("dữ liệu mô phỏng"), default=False)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("hồ sơ đề nghị hưởng chính sách")
        ordering = ["-created_at", "id"]
        indexes = [models.Index(fields=["province_code", "status"], name="talent_app_prov")]

    def __str__(self) -> str:
        return f"{self.full_name} – {self.policy.code}"

    @property
    def workplace_label(self) -> str:
        return unit_label(self.workplace_unit)

    @property
    def mean_score(self) -> float | None:
        scores = [s.score for s in self.scores.all()]
        return round(sum(scores) / len(scores), 2) if scores else None


class CouncilScore(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    member = models.CharField(_("thành viên hội đồng"), max_length=100)
    score = models.FloatField(_("điểm (0–100)"))
    note = models.CharField(_("nhận xét"), max_length=300, blank=True)

    objects = ByApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.member}: {self.score}"


class ExitReason(models.TextChoices):
    RESIGNED = "resigned", _("Tự ý nghỉ việc, chuyển đi")
    DISMISSED = "dismissed", _("Bị kỷ luật buộc thôi việc")
    REFUSED_POST = "refused_post", _("Không nhận công tác theo phân công")
    HEALTH = "health", _("Lý do sức khỏe (có xác nhận)")
    TRANSFERRED = "transferred", _("Được cấp có thẩm quyền điều động")
    DEATH = "death", _("Từ trần")


class Commitment(models.Model):
    """The commitment that follows a decision: the benefit clock runs from `starts_on`."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="commitment"
    )
    starts_on = models.DateField(_("bắt đầu cam kết"))
    years = models.PositiveSmallIntegerField(_("số năm cam kết"))
    left_on = models.DateField(_("ngày thôi công tác"), null=True, blank=True)
    exit_reason = models.CharField(
        _("lý do"), max_length=14, choices=ExitReason.choices, blank=True
    )
    post_matches_field = models.BooleanField(_("vị trí đúng chuyên ngành"), default=True)

    objects = ByApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "id"]

    def __str__(self) -> str:
        return f"{self.application.full_name} ({self.starts_on:%d/%m/%Y}, {self.years} năm)"


class TrancheKind(models.TextChoices):
    ONE_TIME = "one_time", _("Hỗ trợ một lần")
    MONTHLY = "monthly", _("Phụ cấp hằng tháng")
    RESEARCH = "research", _("Kinh phí nghiên cứu")
    HOUSING = "housing", _("Hỗ trợ nhà ở")


class Tranche(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="tranches")
    kind = models.CharField(_("khoản"), max_length=10, choices=TrancheKind.choices)
    due_on = models.DateField(_("kỳ chi"))
    amount_vnd = models.BigIntegerField(_("số tiền (đồng)"))
    paid_on = models.DateField(_("ngày chi"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled = models.BooleanField(_("hủy (đã thôi công tác)"), default=False)

    objects = ByCommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["commitment", "paid_on"], name="tranche_commit_paid")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on:%d/%m/%Y}: {self.amount_vnd} đồng"


class EventKind(models.TextChoices):
    POSTED = "posted", _("Bố trí công tác")
    MOVED = "moved", _("Điều chuyển vị trí")
    STUDY_LEAVE = "study_leave", _("Đi học (tạm dừng tính thời gian cam kết)")
    RETURNED = "returned", _("Trở lại công tác sau khi đi học")
    LEFT_EARLY = "left_early", _("Thôi công tác trước hạn")


class CommitmentEvent(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("sự kiện"), max_length=12, choices=EventKind.choices)
    on = models.DateField(_("ngày"))
    employer = models.CharField(_("cơ quan"), max_length=200, blank=True)
    workplace_unit = models.CharField(_("mã xã/phường"), max_length=5, blank=True)
    exit_reason = models.CharField(_("lý do"), max_length=14, choices=ExitReason.choices,
                                   blank=True)  # fmt: skip
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    objects = ByCommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on:%d/%m/%Y}"

    @property
    def workplace_label(self) -> str:
        return unit_label(self.workplace_unit)


class HousingGrant(models.Model):
    """The housing support a decision granted, as the policy stood that day: official
    housing or rent from `starts_on` to `ends_on` (cut short when the person leaves), a
    one-time amount to buy or build, or a plot of land. Money goes through the ledger
    (tranches of kind "housing")."""

    commitment = models.OneToOneField(Commitment, on_delete=models.CASCADE,
                                      related_name="housing")  # fmt: skip
    kind = models.CharField(_("hỗ trợ nhà ở"), max_length=10, choices=HousingKind.choices)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)
    monthly_vnd = models.BigIntegerField(_("tiền thuê nhà hỗ trợ (đồng/tháng)"), default=0)
    months = models.PositiveSmallIntegerField(_("số tháng"), default=0)
    one_time_vnd = models.BigIntegerField(_("hỗ trợ mua, xây nhà (đồng)"), default=0)
    land_m2 = models.PositiveIntegerField(_("diện tích đất ở (m²)"), default=0)

    objects = ByCommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("hỗ trợ nhà ở")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on:%d/%m/%Y}"

    @property
    def total_vnd(self) -> int:
        return self.monthly_vnd * self.months + self.one_time_vnd


class EvidenceKind(models.TextChoices):
    IDENTITY = "identity", _("Giấy tờ tùy thân (ngày sinh)")
    DEGREE = "degree", _("Bản sao văn bằng, bảng điểm")
    TITLE = "title", _("Quyết định công nhận học hàm")
    PAPERS = "papers", _("Danh mục bài báo khoa học")
    PATENTS = "patents", _("Văn bằng bảo hộ sáng chế")
    AWARDS = "awards", _("Quyết định khen thưởng, giải thưởng")
    OTHER = "other", _("Tài liệu khác")


class EvidenceStatus(models.TextChoices):
    PENDING = "pending", _("Chưa xác minh")
    VERIFIED = "verified", _("Đã xác minh")
    REFUSED = "refused", _("Không chấp nhận")


def evidence_path(instance: Evidence, filename: str) -> str:
    """A random name unrelated to the file's own name or the evidence's UUID (which links
    show): knowing a link gives no path, and the directory lists nothing readable."""
    return f"talent-evidence/{instance.uploaded_at:%Y}/{secrets.token_hex(20)}"


class Evidence(models.Model):
    """One uploaded file supporting an application (a degree copy, a list of papers, a
    decision…), linked to the policy's rules it supports (`rules`: rule keys), verified
    or refused by a reviewer with a reason. Read only through `views.evidence_file`."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(Application, on_delete=models.PROTECT,
                                    related_name="evidence_files")  # fmt: skip
    kind = models.CharField(_("loại minh chứng"), max_length=10, choices=EvidenceKind.choices)
    file = models.FileField(_("tệp"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)
    rules = models.JSONField(_("điều kiện được chứng minh"), default=list)
    status = models.CharField(_("xác minh"), max_length=10, choices=EvidenceStatus.choices,
                              default="pending")  # fmt: skip
    reason = models.CharField(_("lý do, nhận xét"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    uploaded_at = models.DateTimeField(_("ngày tải lên"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    reviewed_at = models.DateTimeField(_("ngày xác minh"), null=True, blank=True)
    is_synthetic = models.BooleanField(_("dữ liệu mô phỏng"), default=False)

    objects = ByApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("minh chứng")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"
