"""Labels and rows for the experts pages (no rules here)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from trithuc.codelists.services import label
from trithuc.experts.models import Expert
from trithuc.privacy.models import ConsentPurpose


def consenting_ids(expert_ids: Any) -> set[int]:
    """Which of these experts still consent to be consulted: the others' names are shown
    nowhere, not even in the consultations they took part in."""
    return set(Expert.objects.filter(pk__in=list(expert_ids))
               .listed(ConsentPurpose.CONSULTATION).values_list("pk", flat=True))  # fmt: skip


def shown_name(expert: Expert, consenting: set[int]) -> str:
    return expert.full_name if expert.pk in consenting else _("(chuyên gia đã rút lại sự đồng ý)")


EXPORT_HEADERS = ["Họ và tên", "Học hàm", "Trình độ", "Lĩnh vực", "Từ khóa", "Nơi làm việc",
                  "Ngoại ngữ", "Khả năng nhận việc", "Làm việc từ xa"]  # fmt: skip
CONTACT_HEADERS = ["Email", "Điện thoại"]


def fields_text(codes: list[str]) -> str:
    return ", ".join(label("sector", code) for code in codes)


def expert_row(expert: Expert, *, contacts: bool) -> dict[str, Any]:
    row = {
        "expert": expert,
        "title": label("academic_title", expert.academic_title) if expert.academic_title else "",
        "level": label("education_level", expert.education_level) if expert.education_level else "",
        "fields": fields_text(expert.fields),
        "outside": expert.is_outside,
    }
    if contacts:
        row |= {"email": expert.email, "phone": expert.phone}
    return row


def export_rows(experts: Any, *, contacts: bool) -> list[list[Any]]:
    rows: list[list[Any]] = [EXPORT_HEADERS + (CONTACT_HEADERS if contacts else [])]
    for expert in experts:
        row = expert_row(expert, contacts=contacts)
        line = [expert.full_name, row["title"], row["level"], row["fields"], expert.keywords,
                expert.employer, expert.languages, expert.get_availability_display(),
                "có" if expert.remote_ok else "không"]  # fmt: skip
        if contacts:
            line += [expert.email, expert.phone]
        rows.append(line)
    return rows
