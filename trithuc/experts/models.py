"""Experts and their counsel (issue 17): expert profiles (linked to the registry or
registered from outside it), the criteria an organisation uses to call someone an expert,
and consultations — advice, critique, social assessment, or commissioned work — from the
request to the requester's answer to each recommendation.

An expert is listed only while a consent for the purpose is in force: a registry person's
consent lives in `accounts.Consent`; an outside expert (not in the registry) has the same
kind of record here (`OutsideConsent`). See `querysets.listed_q`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trithuc.experts.querysets import ConsultationQuerySet, ExpertQuerySet, InvitationQuerySet
from trithuc.privacy.models import ConsentPurpose, ConsentQuerySet


class Availability(models.TextChoices):
    AVAILABLE = "available", _("Sẵn sàng nhận việc")
    LIMITED = "limited", _("Nhận việc có hạn")
    UNAVAILABLE = "unavailable", _("Tạm thời không nhận việc")


class Expert(models.Model):
    """One expert. `person` links a registry profile (degrees, title, employer and place come
    from it); an outside expert keeps those facts here, as declared."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.OneToOneField(
        "people.Person", verbose_name=_("hồ sơ trí thức"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="expert",
    )  # fmt: skip
    full_name = models.CharField(_("họ và tên"), max_length=100)
    name_folded = models.CharField(max_length=100, editable=False, db_index=True)
    gender = models.CharField(_("giới tính"), max_length=8, blank=True)
    ethnicity = models.CharField(_("dân tộc"), max_length=2, blank=True)
    province_code = models.CharField(_("tỉnh quản lý danh bạ"), max_length=2, db_index=True)
    employer = models.CharField(_("cơ quan, đơn vị công tác"), max_length=200, blank=True)
    agency = models.ForeignKey(
        "orgunits.Agency", verbose_name=_("cơ quan công tác"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    origin = models.CharField(_("nguồn"), max_length=20, blank=True,
                              help_text=_("doanh nghiệp, độc lập, kiều bào…"))  # fmt: skip
    education_level = models.CharField(_("trình độ"), max_length=20, blank=True)
    academic_title = models.CharField(_("học hàm"), max_length=24, blank=True)
    fields = models.JSONField(_("lĩnh vực chuyên môn (mã)"), default=list, blank=True)
    keywords = models.TextField(_("từ khóa chuyên môn"), blank=True,
                                help_text=_("mỗi từ khóa cách nhau bởi dấu phẩy"))  # fmt: skip
    keywords_folded = models.TextField(editable=False, blank=True)
    publications = models.PositiveIntegerField(_("số công trình công bố"), default=0)
    projects_led = models.PositiveIntegerField(_("số đề tài, dự án chủ trì"), default=0)
    patents = models.PositiveIntegerField(_("số bằng sáng chế, giải pháp hữu ích"), default=0)
    evidence = models.TextField(_("minh chứng (công trình, đề tài, giải thưởng)"), blank=True)
    languages = models.CharField(_("ngoại ngữ"), max_length=200, blank=True)
    availability = models.CharField(_("khả năng nhận việc"), max_length=12,
                                    choices=Availability.choices, default=Availability.AVAILABLE)  # fmt: skip
    remote_ok = models.BooleanField(_("làm việc từ xa được"), default=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    is_synthetic = models.BooleanField(_("dữ liệu mô phỏng"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ExpertQuerySet.as_manager()

    class Meta:
        verbose_name = _("chuyên gia")
        verbose_name_plural = _("chuyên gia")
        ordering = ["name_folded", "id"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_outside(self) -> bool:
        return self.person_id is None


class OutsideConsent(models.Model):
    """The consent of an expert who is not in the registry (same rules as
    `accounts.Consent`: kept when withdrawn, dated)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("mục đích"), max_length=24, choices=ConsentPurpose.choices)
    given_at = models.DateTimeField(_("đồng ý lúc"))
    withdrawn_at = models.DateTimeField(_("rút lại lúc"), null=True, blank=True)
    evidence = models.CharField(_("căn cứ"), max_length=300)
    withdrawal_evidence = models.CharField(_("căn cứ rút lại"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")  # fmt: skip

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("sự đồng ý của chuyên gia ngoài cơ sở dữ liệu")
        verbose_name_plural = _("sự đồng ý của chuyên gia ngoài cơ sở dữ liệu")
        ordering = ["-given_at", "-id"]

    def __str__(self) -> str:
        return f"{self.expert}: {self.get_purpose_display()}"


class DeclaredConflict(models.Model):
    """A standing conflict of interest an expert declared with an agency of the list, or
    with an organisation or person named in words (`counterpart`): excluded from the
    agency's consultations, and from those whose requester or draft names the
    counterpart; the reason shown."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="conflicts")
    agency = models.ForeignKey("orgunits.Agency", verbose_name=_("cơ quan"), null=True,
                               blank=True, on_delete=models.CASCADE, related_name="+")  # fmt: skip
    counterpart = models.CharField(_("tổ chức, cá nhân khác"), max_length=200, blank=True)
    reason = models.CharField(_("lý do"), max_length=300)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("xung đột lợi ích đã khai")
        verbose_name_plural = _("xung đột lợi ích đã khai")

    def __str__(self) -> str:
        return f"{self.expert} – {self.agency or self.counterpart}: {self.reason}"


class ExpertCriterion(models.Model):
    """What an organisation requires to call someone an expert (data, not code): every
    threshold set must be met."""

    code = models.SlugField(_("mã"), max_length=60, unique=True)
    name = models.CharField(_("tên tiêu chí"), max_length=200)
    organisation = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    min_education_level = models.CharField(_("trình độ tối thiểu"), max_length=20, blank=True)
    academic_titles = models.JSONField(_("học hàm (một trong)"), default=list, blank=True)
    min_projects_led = models.PositiveIntegerField(_("số đề tài chủ trì tối thiểu"), default=0)
    min_publications = models.PositiveIntegerField(_("số công trình tối thiểu"), default=0)
    min_patents = models.PositiveIntegerField(_("số sáng chế tối thiểu"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("tiêu chí chuyên gia")
        verbose_name_plural = _("tiêu chí chuyên gia")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ConsultationKind(models.TextChoices):
    ADVICE = "advice", _("Tư vấn")
    CRITIQUE = "critique", _("Phản biện")
    SOCIAL_ASSESSMENT = "social_assessment", _("Giám định xã hội")
    COMMISSION = "commission", _("Đặt hàng, giao nhiệm vụ")


class ConsultationForm(models.TextChoices):
    COUNCIL = "council", _("Hội đồng tư vấn")
    EXPERT_GROUP = "expert_group", _("Tổ chuyên gia")
    INDEPENDENT = "independent", _("Chuyên gia độc lập")
    WORKSHOP = "workshop", _("Hội thảo, tọa đàm")


class ConsultationStatus(models.TextChoices):
    REQUESTED = "requested", _("Đã đề nghị")
    ACCEPTED = "accepted", _("Đã tiếp nhận, đang mời chuyên gia")
    REFUSED = "refused", _("Không tiếp nhận")
    ISSUED = "issued", _("Đã gửi báo cáo tổng hợp")
    ANSWERED = "answered", _("Cơ quan đã trả lời")


class Consultation(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("hình thức"), max_length=20, choices=ConsultationKind.choices)
    title = models.CharField(_("tên văn bản, đề án, nhiệm vụ"), max_length=300)
    requester = models.ForeignKey("orgunits.Agency", verbose_name=_("cơ quan đề nghị"),
                                  on_delete=models.PROTECT, related_name="+")  # fmt: skip
    province_code = models.CharField(_("mã tỉnh"), max_length=2, db_index=True)
    draft_name = models.CharField(_("tên tệp dự thảo"), max_length=255, blank=True)
    draft_text = models.TextField(_("nội dung dự thảo"))
    fields = models.JSONField(_("lĩnh vực"), default=list, blank=True)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300, blank=True)
    questions = models.TextField(_("nội dung cần xin ý kiến"), blank=True)
    deliverables = models.TextField(_("sản phẩm đặt hàng"), blank=True)
    deadline = models.DateField(_("hạn gửi ý kiến, sản phẩm"))
    budget_line = models.CharField(_("nguồn kinh phí"), max_length=200, blank=True)
    form = models.CharField(_("hình thức tổ chức"), max_length=20,
                            choices=ConsultationForm.choices, blank=True)  # fmt: skip
    experts_needed = models.PositiveSmallIntegerField(_("số chuyên gia cần"), default=3)
    silence_days = models.PositiveSmallIntegerField(
        _("số ngày chờ trả lời lời mời"), default=5,
        help_text=_("quá số ngày này không trả lời, mời chuyên gia dự bị"),
    )  # fmt: skip
    status = models.CharField(_("trạng thái"), max_length=12, choices=ConsultationStatus.choices,
                              default=ConsultationStatus.REQUESTED)  # fmt: skip
    refusal_reason = models.TextField(_("lý do không tiếp nhận"), blank=True)
    meeting_on = models.DateField(_("ngày họp"), null=True, blank=True)
    minutes = models.TextField(_("biên bản cuộc họp"), blank=True)
    answer_due = models.DateField(_("hạn cơ quan trả lời"), null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                     on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    is_synthetic = models.BooleanField(_("dữ liệu mô phỏng"), default=False)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("đề nghị tư vấn, phản biện")
        verbose_name_plural = _("đề nghị tư vấn, phản biện")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def is_commission(self) -> bool:
        return self.kind == ConsultationKind.COMMISSION


class InvitationState(models.TextChoices):
    INVITED = "invited", _("Đã mời, chờ trả lời")
    ACCEPTED = "accepted", _("Đã nhận lời")
    DECLINED = "declined", _("Từ chối")
    EXPIRED = "expired", _("Không trả lời")
    SUBMITTED = "submitted", _("Đã gửi ý kiến, sản phẩm")
    WITHDRAWN = "withdrawn", _("Đã rút lời mời")


class Invitation(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="invitations")  # fmt: skip
    # An expert is deleted only with their registry profile (a synthetic province reset).
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="invitations")
    state = models.CharField(_("trạng thái"), max_length=10, choices=InvitationState.choices,
                             default=InvitationState.INVITED)  # fmt: skip
    is_alternate = models.BooleanField(_("chuyên gia dự bị"), default=False)
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")  # fmt: skip
    invited_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(_("lý do từ chối"), blank=True)
    no_conflict = models.BooleanField(_("cam kết không có xung đột lợi ích"), default=False)
    conflict_statement = models.TextField(_("khai báo xung đột lợi ích"), blank=True)
    confidentiality_at = models.DateTimeField(_("cam kết bảo mật lúc"), null=True, blank=True)
    link_nonce = models.CharField(max_length=32, blank=True)
    link_used_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    fee = models.PositiveBigIntegerField(_("thù lao (đồng)"), null=True, blank=True)
    fee_paid_on = models.DateField(_("ngày chi trả"), null=True, blank=True)
    deliverable_accepted_at = models.DateTimeField(_("nghiệm thu lúc"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("lời mời chuyên gia")
        verbose_name_plural = _("lời mời chuyên gia")
        ordering = ["invited_at", "id"]
        constraints = [models.UniqueConstraint(fields=["consultation", "expert"],
                                               name="one_invitation_per_expert")]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.expert} – {self.consultation.title}"

    @property
    def may_read_draft(self) -> bool:
        """The draft is shown only after the conflict and confidentiality declarations."""
        return self.state in (InvitationState.ACCEPTED, InvitationState.SUBMITTED) and bool(
            self.no_conflict and self.confidentiality_at
        )


class Opinion(models.Model):
    """An expert's opinion (or, for a commission, the deliverable submitted)."""

    class Assessment(models.TextChoices):
        AGREE = "agree", _("Cơ bản đồng ý")
        AGREE_WITH_CHANGES = "changes", _("Đồng ý, cần chỉnh sửa, bổ sung")
        DISAGREE = "disagree", _("Chưa đồng ý")

    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE,
                                      related_name="opinion")  # fmt: skip
    assessment = models.CharField(_("đánh giá chung"), max_length=10,
                                  choices=Assessment.choices, blank=True)  # fmt: skip
    answers = models.TextField(_("trả lời các câu hỏi"), blank=True)
    general = models.TextField(_("ý kiến chung, sản phẩm"), blank=True)
    submitted_at = models.DateTimeField()

    class Meta:
        verbose_name = _("ý kiến chuyên gia")
        verbose_name_plural = _("ý kiến chuyên gia")

    def __str__(self) -> str:
        return str(self.invitation)


class AnchoredComment(models.Model):
    """A comment on one numbered article, clause or paragraph of the draft."""

    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="comments")
    anchor = models.CharField(_("điều, khoản, đoạn"), max_length=60)
    text = models.TextField(_("góp ý"))

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.anchor}: {self.text[:40]}"


class Response(models.TextChoices):
    ADOPTED = "adopted", _("Tiếp thu")
    PARTLY = "partly", _("Tiếp thu một phần")
    NOT_ADOPTED = "not_adopted", _("Không tiếp thu")


class Recommendation(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="recommendations")  # fmt: skip
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    anchor = models.CharField(_("điều, khoản"), max_length=60, blank=True)
    text = models.TextField(_("kiến nghị"))
    experts = models.ManyToManyField(Expert, verbose_name=_("chuyên gia đề xuất"),
                                     related_name="recommendations")  # fmt: skip
    response = models.CharField(_("trả lời"), max_length=12, choices=Response.choices,
                                blank=True)  # fmt: skip
    response_reason = models.TextField(_("lý do"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kiến nghị")
        verbose_name_plural = _("kiến nghị")
        ordering = ["consultation", "number"]
        constraints = [models.UniqueConstraint(fields=["consultation", "number"],
                                               name="recommendation_number")]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"
