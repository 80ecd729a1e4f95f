"""Expert profiles and their consents: the only writes to `Expert` and `OutsideConsent`.

A registry person's consent is written through `privacy.services` (the same record the
person sees in "Hồ sơ của tôi"); an outside expert's in `OutsideConsent`. Withdrawing a
consent takes the expert out of every list at once (the querysets read consents live);
their open invitations end at once when the withdrawal is made on the experts' pages
(`workflow.withdraw_and_end_invitations`), and at the daily `workflow.sweep_invitations`
when it is made elsewhere (the person's privacy page).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trithuc.accounts.scope import Capability, recheck, scope_of
from trithuc.audit.services import record_event
from trithuc.codelists.services import codes
from trithuc.experts.models import Availability, DeclaredConflict, Expert, OutsideConsent
from trithuc.experts.querysets import linkable_people
from trithuc.lib.text import fold, fold_alnum
from trithuc.privacy import services as privacy
from trithuc.privacy.models import ConsentPurpose

# What each consent shows, and to whom (told to the expert before they consent).
CONSENT_SHOWS = {
    ConsentPurpose.EXPERT_DIRECTORY: _(
        "Họ tên, học hàm, trình độ, lĩnh vực, từ khóa, minh chứng, ngoại ngữ và khả năng "
        "nhận việc hiện trong danh bạ chuyên gia cho cán bộ có quyền xem danh bạ của tỉnh; "
        "điện thoại và email chỉ thư ký tư vấn, phản biện xem được."
    ),
    ConsentPurpose.CONSULTATION: _(
        "Thư ký tư vấn, phản biện được tìm, xếp hạng và mời bạn tham gia tư vấn, phản biện, "
        "giám định xã hội hoặc nhận đặt hàng; cơ quan đề nghị thấy tên chuyên gia trong báo "
        "cáo tổng hợp."
    ),
}
PROFILE_FIELDS = ["fields", "keywords", "publications", "projects_led", "patents", "evidence",
                  "languages", "availability", "remote_ok", "email", "phone"]  # fmt: skip
OUTSIDE_FIELDS = ["full_name", "gender", "ethnicity", "employer", "origin", "education_level",
                  "academic_title"]  # fmt: skip


@dataclass
class ProfileInput:
    fields: list[str]
    keywords: str = ""
    publications: int = 0
    projects_led: int = 0
    patents: int = 0
    evidence: str = ""
    languages: str = ""
    availability: str = Availability.AVAILABLE
    remote_ok: bool = True
    email: str = ""
    phone: str = ""


def fold_keywords(text: str) -> str:
    """Keywords folded (case- and diacritic-free), one per line, for matching."""
    words = [fold_alnum(part) for part in text.replace(";", ",").split(",")]
    return "\n".join(word for word in words if word)


def _check(data: ProfileInput) -> None:
    unknown = [code for code in data.fields if code not in set(codes("sector"))]
    if unknown:
        raise ValidationError(_("Lĩnh vực không có trong danh mục: %s.") % ", ".join(unknown))
    if not data.fields:
        raise ValidationError(_("Hãy chọn ít nhất một lĩnh vực chuyên môn."))


def _apply(expert: Expert, data: ProfileInput) -> dict[str, Any]:
    before = {name: getattr(expert, name) for name in PROFILE_FIELDS}
    for name in PROFILE_FIELDS:
        setattr(expert, name, getattr(data, name))
    expert.keywords_folded = fold_keywords(expert.keywords)
    return before


def _from_person(expert: Expert) -> None:
    """Degrees, title, employer and place come from the registry when linked."""
    person = expert.person
    if person is None:
        return
    expert.full_name = person.full_name
    expert.gender = person.gender
    expert.ethnicity = person.ethnicity
    expert.province_code = person.province_code
    expert.employer = person.employer
    expert.agency_id = person.agency_id
    expert.education_level = person.education_level
    expert.academic_title = person.academic_title


def save_own_profile(person: Any, data: ProfileInput, *, actor: Any,
                     request: Any = None) -> Expert:  # fmt: skip
    """An intellectual keeps their own expert profile current ("Hồ sơ của tôi")."""
    _check(data)
    with transaction.atomic():
        expert = Expert.objects.select_for_update().filter(person=person).first()
        created = expert is None
        expert = expert or Expert(person=person, created_by=actor)
        _from_person(expert)
        before = _apply(expert, data)
        expert.name_folded = fold(expert.full_name)[:100]
        expert.save()
        recheck(Expert.objects.editable_by(actor), expert,
                _("Bạn chỉ được sửa hồ sơ chuyên gia của chính mình."))  # fmt: skip
        record_event("create" if created else "update", actor=actor, source="web",
                     request=request, obj=expert, about=person, fields=PROFILE_FIELDS,
                     before={} if created else _plain(before),
                     after=_plain({n: getattr(expert, n) for n in PROFILE_FIELDS}))  # fmt: skip
    return expert


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v if isinstance(v, bool | int | list) else str(v) for k, v in values.items()}


def register_outside_expert(data: ProfileInput, facts: dict[str, str], *, actor: Any,
                            province_code: str, purposes: list[str], evidence: str,
                            is_synthetic: bool = False, request: Any = None,
                            source: str = "web") -> Expert:  # fmt: skip
    """The secretariat registers an expert who is not in the registry (enterprise,
    independent, overseas Vietnamese), with the consent they gave."""
    _check(data)
    scope = scope_of(actor)
    if not scope.can(Capability.MANAGE_CONSULTATIONS):
        raise PermissionDenied(_("Chỉ thư ký tư vấn, phản biện được đăng ký chuyên gia."))
    if not facts.get("full_name", "").strip():
        raise ValidationError(_("Hãy ghi họ và tên chuyên gia."))
    if not purposes or not evidence.strip():
        raise ValidationError(_("Chỉ đăng ký chuyên gia khi đã có sự đồng ý (ghi rõ căn cứ)."))
    with transaction.atomic():
        expert = Expert(province_code=province_code, created_by=actor, is_synthetic=is_synthetic,
                        **{name: facts.get(name, "") for name in OUTSIDE_FIELDS})  # fmt: skip
        expert.full_name = expert.full_name.strip()
        expert.name_folded = fold(expert.full_name)[:100]
        _apply(expert, data)
        expert.save()
        recheck(Expert.objects.editable_by(actor), expert,
                _("Tỉnh của chuyên gia nằm ngoài phạm vi của bạn."))  # fmt: skip
        record_event("create", actor=actor, source=source, request=request, obj=expert,
                     place={"province_code": province_code},
                     after={"full_name": expert.full_name, "fields": expert.fields})  # fmt: skip
        for purpose in purposes:
            give_consent(expert, purpose, actor=actor, evidence=evidence, request=request,
                         source=source)  # fmt: skip
    return expert


def has_expert_consent(expert: Expert, purpose: str, at: dt.datetime | None = None) -> bool:
    return Expert.objects.filter(pk=expert.pk).listed(purpose, at).exists()


def give_consent(expert: Expert, purpose: str, *, actor: Any, evidence: str,
                 request: Any = None, source: str = "web") -> None:  # fmt: skip
    if purpose not in ConsentPurpose.values:
        raise ValidationError(_("Mục đích không hợp lệ."))
    if expert.person is not None:
        privacy.record_consent(expert.person, purpose, actor=actor, evidence=evidence,
                               source=source, request=request)  # fmt: skip
        return
    with transaction.atomic():
        if OutsideConsent.objects.filter(expert=expert).in_force(purpose).exists():
            return
        consent = OutsideConsent.objects.create(
            expert=expert, purpose=purpose, given_at=timezone.now(), evidence=evidence[:300],
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )  # fmt: skip
        record_event("create", actor=actor, source=source, request=request, obj=consent,
                     place={"province_code": expert.province_code},
                     after={"purpose": purpose, "evidence": consent.evidence})  # fmt: skip


def withdraw_consent(expert: Expert, purpose: str, *, actor: Any, request: Any = None,
                     source: str = "web", evidence: str = "") -> int:  # fmt: skip
    """Withdraw; the expert leaves the lists at once (the querysets read consents live).
    An outside expert has no account: the secretariat records their withdrawal, with its
    evidence (a letter, an e-mail)."""
    if expert.person is not None:
        return privacy.withdraw_consent(expert.person, purpose, actor=actor, source=source,
                                        request=request)  # fmt: skip
    if purpose not in ConsentPurpose.values:
        raise ValidationError(_("Mục đích không hợp lệ."))
    if actor is not None and not evidence.strip():
        raise ValidationError(_("Hãy ghi căn cứ rút lại sự đồng ý (thư, email, đơn…)."))
    now = timezone.now()
    withdrawn = 0
    with transaction.atomic():
        if actor is not None:
            recheck(Expert.objects.editable_by(actor), expert,
                    _("Chuyên gia nằm ngoài phạm vi của bạn."))  # fmt: skip
        for consent in OutsideConsent.objects.filter(expert=expert).in_force(purpose, now):
            consent.withdrawn_at = now
            consent.withdrawal_evidence = evidence.strip()[:300]
            consent.save(update_fields=["withdrawn_at", "withdrawal_evidence"])
            record_event("update", actor=actor, source=source, request=request, obj=consent,
                         place={"province_code": expert.province_code},
                         fields=["withdrawn_at", "withdrawal_evidence"],
                         after={"withdrawn_at": now.isoformat(),
                                "withdrawal_evidence": consent.withdrawal_evidence})  # fmt: skip
            withdrawn += 1
    return withdrawn


def declare_conflict(expert: Expert, agency: Any, reason: str, *, actor: Any,
                     counterpart: str = "", request: Any = None) -> DeclaredConflict:  # fmt: skip
    """A standing conflict with an agency of the list, or with an organisation or person
    named in words: the expert is left out of the consultations it touches."""
    if not reason.strip():
        raise ValidationError(_("Hãy ghi lý do xung đột lợi ích."))
    counterpart = " ".join(counterpart.split())[:200]
    if agency is None and not counterpart:
        raise ValidationError(_("Hãy chọn cơ quan hoặc ghi tên tổ chức, cá nhân có xung đột."))
    with transaction.atomic():
        recheck(Expert.objects.editable_by(actor), expert,
                _("Bạn không được khai thay chuyên gia này."))  # fmt: skip
        conflict = DeclaredConflict.objects.create(expert=expert, agency=agency,
                                                   counterpart=counterpart,
                                                   reason=reason.strip()[:300])  # fmt: skip
        record_event("create", actor=actor, source="web", request=request, obj=conflict,
                     about=expert.person, place={"province_code": expert.province_code},
                     after={"agency": agency.name if agency else "", "counterpart": counterpart,
                            "reason": conflict.reason})  # fmt: skip
    return conflict


def end_conflict(conflict: DeclaredConflict, *, actor: Any, request: Any = None) -> None:
    """The expert says a declared conflict no longer stands (the project ended, the share
    was sold): it stops excluding them; the audit trail keeps what was declared and when."""
    with transaction.atomic():
        recheck(Expert.objects.editable_by(actor), conflict.expert,
                _("Bạn không được sửa khai báo của chuyên gia này."))  # fmt: skip
        before = {"agency": conflict.agency.name if conflict.agency else "",
                  "counterpart": conflict.counterpart, "reason": conflict.reason,
                  "declared_at": conflict.declared_at.isoformat()}  # fmt: skip
        record_event("delete", actor=actor, source="web", request=request, obj=conflict,
                     about=conflict.expert.person,
                     place={"province_code": conflict.expert.province_code},
                     before=before)  # fmt: skip
        conflict.delete()


def create_linked_expert(person: Any, data: ProfileInput, *, actor: Any,
                         request: Any = None) -> Expert:  # fmt: skip
    """The secretariat opens the expert profile of a registry person who consented to be
    listed or consulted; degrees, title, employer and place come from the registry."""
    _check(data)
    if not scope_of(actor).can(Capability.MANAGE_CONSULTATIONS):
        raise PermissionDenied(_("Chỉ thư ký tư vấn, phản biện được lập hồ sơ chuyên gia."))
    with transaction.atomic():
        if not linkable_people(actor).filter(pk=person.pk).exists():
            raise ValidationError(_("Người này chưa đồng ý tham gia danh bạ chuyên gia hoặc "
                                    "tư vấn, phản biện, hoặc đã có hồ sơ chuyên gia."))  # fmt: skip
        expert = Expert(person=person, created_by=actor)
        _from_person(expert)
        _apply(expert, data)
        expert.name_folded = fold(expert.full_name)[:100]
        expert.save()
        recheck(Expert.objects.editable_by(actor), expert,
                _("Tỉnh của chuyên gia nằm ngoài phạm vi của bạn."))  # fmt: skip
        record_event("create", actor=actor, source="web", request=request, obj=expert,
                     about=person, fields=PROFILE_FIELDS,
                     after=_plain({n: getattr(expert, n) for n in PROFILE_FIELDS}))  # fmt: skip
    return expert
