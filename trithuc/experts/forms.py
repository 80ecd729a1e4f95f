"""Forms of the experts pages (input checks only; the rules live in the services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trithuc.codelists.services import choices
from trithuc.experts.criteria import CriterionInput
from trithuc.experts.models import Availability, ConsultationForm, ConsultationKind, Opinion
from trithuc.experts.profiles import ProfileInput
from trithuc.lib import forms as vn
from trithuc.privacy.models import ConsentPurpose

MAX_UPLOAD = 10 * 1024 * 1024


def _sectors() -> list[tuple[str, str]]:
    return choices("sector")


class ProfileForm(vn.Form):
    fields = forms.MultipleChoiceField(label=_("Lĩnh vực chuyên môn"), choices=_sectors,
                                       widget=forms.CheckboxSelectMultiple)  # fmt: skip
    keywords = forms.CharField(label=_("Từ khóa chuyên môn (cách nhau bởi dấu phẩy)"),
                               required=False, max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    publications = forms.IntegerField(label=_("Số công trình công bố"), min_value=0, initial=0)
    projects_led = forms.IntegerField(label=_("Số đề tài, dự án chủ trì"), min_value=0, initial=0)
    patents = forms.IntegerField(label=_("Số sáng chế, giải pháp hữu ích"), min_value=0, initial=0)
    evidence = forms.CharField(label=_("Minh chứng (công trình, đề tài, giải thưởng, lần tư vấn)"),
                               required=False, max_length=5000,
                               widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    languages = forms.CharField(label=_("Ngoại ngữ"), required=False, max_length=200)
    availability = forms.ChoiceField(label=_("Khả năng nhận việc"), choices=Availability.choices)
    remote_ok = forms.BooleanField(label=_("Làm việc từ xa được"), required=False, initial=True)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Điện thoại"), required=False, max_length=20)

    def to_input(self) -> ProfileInput:
        return ProfileInput(
            **{name: self.cleaned_data[name] for name in ProfileInput.__annotations__}
        )


class OutsideExpertForm(ProfileForm):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=100)
    gender = forms.ChoiceField(label=_("Giới tính"), required=False,
                               choices=lambda: [("", "—"), *choices("gender")])  # fmt: skip
    ethnicity = forms.ChoiceField(label=_("Dân tộc"), required=False,
                                  choices=lambda: [("", "—"), *choices("ethnicity")])  # fmt: skip
    employer = forms.CharField(label=_("Nơi làm việc"), required=False, max_length=200)
    origin = forms.ChoiceField(label=_("Nguồn"), choices=[
        ("enterprise", _("Doanh nghiệp")), ("independent", _("Độc lập")),
        ("overseas", _("Người Việt Nam ở nước ngoài")), ("other", _("Khác"))])  # fmt: skip
    education_level = forms.ChoiceField(label=_("Trình độ"), required=False,
                                        choices=lambda: [("", "—"), *choices("education_level")])  # fmt: skip
    academic_title = forms.ChoiceField(label=_("Học hàm"), required=False,
                                       choices=lambda: [("", "—"), *choices("academic_title")])  # fmt: skip
    consent_directory = forms.BooleanField(label=_("Đồng ý xuất hiện trong danh bạ chuyên gia"),
                                           required=False)  # fmt: skip
    consent_consultation = forms.BooleanField(label=_("Đồng ý được liên hệ tham vấn"),
                                              required=False)  # fmt: skip
    consent_evidence = forms.CharField(label=_("Căn cứ của sự đồng ý (phiếu, thư, văn bản)"),
                                       max_length=300, required=False)  # fmt: skip

    def facts(self) -> dict[str, str]:
        names = ["full_name", "gender", "ethnicity", "employer", "origin", "education_level",
                 "academic_title"]  # fmt: skip
        return {name: self.cleaned_data[name] for name in names}

    def purposes(self) -> list[str]:
        return [purpose for purpose, key in (("expert_directory", "consent_directory"),
                                             ("consultation", "consent_consultation"))
                if self.cleaned_data[key]]  # fmt: skip


class RequestForm(vn.Form):
    kind = forms.ChoiceField(label=_("Hình thức"), choices=ConsultationKind.choices)
    title = forms.CharField(label=_("Tên văn bản, đề án, nhiệm vụ"), max_length=300)
    requester = forms.TypedChoiceField(label=_("Cơ quan đề nghị"), coerce=int)
    fields = forms.MultipleChoiceField(label=_("Lĩnh vực"), choices=_sectors, required=False,
                                       widget=forms.CheckboxSelectMultiple)  # fmt: skip
    draft_text = forms.CharField(label=_("Nội dung dự thảo (dán vào đây)"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 10}))  # fmt: skip
    draft_file = forms.FileField(label=_("hoặc tải tệp dự thảo (.docx, .pdf, .txt)"),
                                 required=False)  # fmt: skip
    legal_basis = forms.CharField(label=_("Căn cứ pháp lý"), required=False, max_length=300)
    questions = forms.CharField(label=_("Nội dung cần xin ý kiến"), required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    deliverables = forms.CharField(label=_("Sản phẩm đặt hàng (chỉ với đặt hàng)"),
                                   required=False, widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    deadline = forms.DateField(label=_("Hạn gửi ý kiến"), widget=vn.DateInput())
    budget_line = forms.CharField(label=_("Nguồn kinh phí"), required=False, max_length=200)

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requester"].choices = agencies

    def clean_draft_file(self) -> Any:
        upload = self.cleaned_data.get("draft_file")
        if upload and upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 10 MB)."))
        return upload


class AcceptForm(vn.Form):
    form = forms.ChoiceField(label=_("Hình thức tổ chức"), choices=ConsultationForm.choices)
    experts_needed = forms.IntegerField(label=_("Số chuyên gia cần"), min_value=1, max_value=30,
                                        initial=3)  # fmt: skip
    silence_days = forms.IntegerField(label=_("Mời dự bị sau số ngày không trả lời"),
                                      min_value=1, max_value=60, initial=5)  # fmt: skip


class DeclarationForm(vn.Form):
    no_conflict = forms.BooleanField(
        label=_("Tôi cam đoan không có xung đột lợi ích với cơ quan đề nghị và nội dung dự thảo"),
        required=False)  # fmt: skip
    conflict_statement = forms.CharField(
        label=_("hoặc khai báo xung đột lợi ích (lời mời sẽ kết thúc, chuyên gia dự bị được mời)"),
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    confidentiality = forms.BooleanField(
        label=_("Tôi cam kết giữ bí mật nội dung dự thảo và chỉ dùng cho việc góp ý"),
        required=False)  # fmt: skip


class OpinionForm(vn.Form):
    assessment = forms.ChoiceField(label=_("Đánh giá chung"), required=False,
                                   choices=[("", "—"), *Opinion.Assessment.choices])  # fmt: skip
    answers = forms.CharField(label=_("Trả lời các câu hỏi"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    general = forms.CharField(label=_("Ý kiến chung / sản phẩm giao nộp"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip


class ConflictForm(vn.Form):
    """A standing conflict of interest: an agency of the list, or an organisation or
    person named in words."""

    agency = forms.TypedChoiceField(label=_("Cơ quan (trong danh sách)"), required=False,
                                    coerce=int, empty_value=None)  # fmt: skip
    counterpart = forms.CharField(label=_("Hoặc tổ chức, cá nhân khác"), required=False,
                                  max_length=200)  # fmt: skip
    reason = forms.CharField(label=_("Lý do xung đột lợi ích"), max_length=300)

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "—"), *agencies]


class WithdrawForm(vn.Form):
    purposes = forms.MultipleChoiceField(label=_("Rút lại sự đồng ý về"),
                                         choices=ConsentPurpose.choices,
                                         widget=forms.CheckboxSelectMultiple)  # fmt: skip
    evidence = forms.CharField(label=_("Căn cứ (thư, email, đơn của chuyên gia)"), max_length=300)


class CriterionForm(vn.Form):
    code = forms.SlugField(label=_("Mã"), max_length=60)
    name = forms.CharField(label=_("Tên tiêu chí"), max_length=200)
    organisation = forms.CharField(label=_("Cơ quan ban hành"), required=False, max_length=200)
    min_education_level = forms.ChoiceField(label=_("Trình độ tối thiểu"), required=False,
                                            choices=lambda: [("", "—"), *choices("education_level")])  # fmt: skip
    academic_titles = forms.MultipleChoiceField(label=_("Học hàm (một trong)"), required=False,
                                                choices=lambda: choices("academic_title"),
                                                widget=forms.CheckboxSelectMultiple)  # fmt: skip
    min_projects_led = forms.IntegerField(label=_("Số đề tài chủ trì tối thiểu"), min_value=0,
                                          initial=0)  # fmt: skip
    min_publications = forms.IntegerField(label=_("Số công trình tối thiểu"), min_value=0,
                                          initial=0)  # fmt: skip
    min_patents = forms.IntegerField(label=_("Số sáng chế tối thiểu"), min_value=0, initial=0)
    is_active = forms.BooleanField(label=_("Đang dùng"), required=False, initial=True)

    def to_input(self) -> CriterionInput:
        return CriterionInput(**self.cleaned_data)


class LinkedExpertForm(ProfileForm):
    person = forms.UUIDField(widget=forms.HiddenInput)
