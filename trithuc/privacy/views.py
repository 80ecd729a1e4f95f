"""Pages of a person's rights: "Hồ sơ của tôi" (own profile, corrections asked, consents,
everything held about them) and the managers' pages that answer corrections and record
consents given on paper."""

from __future__ import annotations

import datetime as dt
import io
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trithuc.accounts.services import can_edit_people
from trithuc.people.access import get_person_to_edit
from trithuc.people.presenters import profile_sections
from trithuc.privacy import services as privacy
from trithuc.privacy.access import get_correction_for_manager, get_own_person
from trithuc.privacy.forms import ConsentForm, ConsentRecordForm, CorrectionForm, ResolveForm
from trithuc.privacy.models import ConsentPurpose, CorrectionStatus

PAGE_SIZE = 50


@login_required
@require_GET
def my_profile(request: HttpRequest) -> HttpResponse:
    person = get_own_person(request.user)
    context: dict[str, object] = {"person": person}
    if person is not None:
        context |= {
            "sections": profile_sections(person, sensitive=True),
            "changes": person.changes.all()[:200],
            "consents": person.consents.all(),
            "purposes": [
                (value, label, privacy.has_consent(person, value))
                for value, label in ConsentPurpose.choices
            ],  # fmt: skip
            "corrections": person.correction_requests.all()[:50],
            "form": CorrectionForm(),
        }
    return render(request, "privacy/my_profile.html", context)


def _own_person_or_none(request: HttpRequest) -> object:
    person = get_own_person(request.user)
    if person is None:
        messages.error(request, "Chưa tìm thấy hồ sơ liên kết với tài khoản của bạn.")
    return person


@login_required
@require_POST
def correction_create(request: HttpRequest) -> HttpResponse:
    person = _own_person_or_none(request)
    form = CorrectionForm(request.POST)
    if person is None:
        pass
    elif form.is_valid():
        privacy.request_correction(person, actor=request.user, request=request,
                                   field=form.cleaned_data["field"],
                                   requested_value=form.cleaned_data["requested_value"],
                                   reason=form.cleaned_data["reason"])  # fmt: skip
        messages.success(request, "Đã gửi yêu cầu chỉnh sửa; cán bộ quản lý sẽ xem xét.")
    else:
        messages.error(
            request, "Yêu cầu chưa đủ thông tin: chọn mục cần sửa và ghi thông tin đúng."
        )
    return redirect("privacy:my_profile")


@login_required
@require_POST
def consent_change(request: HttpRequest) -> HttpResponse:
    person = _own_person_or_none(request)
    form = ConsentForm(request.POST)
    if person is not None and form.is_valid():
        purpose = form.cleaned_data["purpose"]
        if form.cleaned_data["action"] == "give":
            evidence = f"Tự xác nhận trên hệ thống (tài khoản {request.user.get_username()})"
            privacy.record_consent(person, purpose, actor=request.user, evidence=evidence,
                                   request=request)  # fmt: skip
            messages.success(request, "Đã ghi nhận sự đồng ý của bạn.")
        else:
            privacy.withdraw_consent(person, purpose, actor=request.user, request=request)
            messages.success(request, "Đã ghi nhận việc rút lại sự đồng ý.")
    return redirect("privacy:my_profile")


@login_required
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    """The right of access: everything held about the person, as JSON or XLSX."""
    person = _own_person_or_none(request)
    if person is None:
        return redirect("privacy:my_profile")
    fmt = "json" if request.GET.get("format") == "json" else "xlsx"
    buffer = io.BytesIO()
    privacy.export_personal_data(person, buffer, fmt, actor=request.user, source="web",
                                 request=request)  # fmt: skip
    buffer.seek(0)
    name = f"du-lieu-cua-toi-{timezone.localdate():%Y%m%d}.{fmt}"
    return FileResponse(buffer, as_attachment=True, filename=name)


# ---- managers: corrections and consents of people in their scope -------------------------


@login_required
@require_GET
def correction_list(request: HttpRequest) -> HttpResponse:
    if not can_edit_people(request.user):
        raise PermissionDenied("Vai trò của bạn không được xử lý yêu cầu chỉnh sửa.")
    status = request.GET.get("status", CorrectionStatus.OPEN.value)
    corrections = privacy.corrections_for_manager(request.user)
    if status in CorrectionStatus.values:
        corrections = corrections.filter(status=status)
    page = Paginator(corrections, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "statuses": CorrectionStatus.choices,
               "form": ResolveForm()}  # fmt: skip
    return render(request, "privacy/correction_list.html", context)


@login_required
@require_POST
def correction_resolve(request: HttpRequest, correction_uuid: uuid.UUID) -> HttpResponse:
    correction = get_correction_for_manager(request.user, correction_uuid)
    form = ResolveForm(request.POST)
    if form.is_valid() and correction.status == CorrectionStatus.OPEN:
        privacy.resolve_correction(correction, actor=request.user, request=request,
                                   status=form.cleaned_data["status"],
                                   response=form.cleaned_data["response"])  # fmt: skip
        messages.success(request, "Đã trả lời yêu cầu.")
    return redirect("privacy:correction_list")


@login_required
@require_http_methods(["GET", "POST"])
def person_consents(request: HttpRequest, person_uuid: uuid.UUID) -> HttpResponse:
    """A manager records a consent given on paper, or its withdrawal."""
    person = get_person_to_edit(request.user, person_uuid)
    form = ConsentRecordForm(request.POST or None)
    if request.method == "POST" and request.POST.get("withdraw"):
        privacy.withdraw_consent(person, request.POST["withdraw"], actor=request.user,
                                 request=request)  # fmt: skip
        messages.success(request, "Đã ghi nhận việc rút lại sự đồng ý.")
        return redirect("privacy:person_consents", person_uuid=person.uuid)
    if request.method == "POST" and form.is_valid():
        given = timezone.make_aware(dt.datetime.combine(form.cleaned_data["given_on"], dt.time()))
        privacy.record_consent(person, form.cleaned_data["purpose"], actor=request.user,
                               evidence=form.cleaned_data["evidence"], given_at=given,
                               request=request)  # fmt: skip
        messages.success(request, "Đã ghi nhận sự đồng ý.")
        return redirect("privacy:person_consents", person_uuid=person.uuid)
    context = {"person": person, "consents": person.consents.all(), "form": form,
               "purposes": [(value, label, privacy.has_consent(person, value))
                            for value, label in ConsentPurpose.choices]}  # fmt: skip
    return render(request, "privacy/person_consents.html", context)
