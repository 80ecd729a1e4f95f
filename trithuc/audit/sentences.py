"""The audit trail in sentences (issue 13): "Nguyễn Văn A sửa trình độ chuyên môn của
Trần Thị B: Đại học → Thạc sĩ", instead of dictionaries with English keys.

Field names are read from the model the event is about (its `verbose_name`), coded
values through the code lists, units by name; the detail's keys through `DETAIL_LABELS`.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from trithuc.audit.models import AuditEvent
from trithuc.codelists.services import label as code_label
from trithuc.orgunits.services import unit_label

CODE_LISTS = {"gender", "ethnicity", "religion", "education_level", "sector", "employment_type",
              "academic_title", "political_theory_level", "in_training"}  # fmt: skip
UNIT_FIELDS = {"workplace_unit", "unit_code", "unit"}
DETAIL_LABELS = {
    "what": "nội dung", "kind": "loại", "change": "thay đổi", "event": "sự việc",
    "file": "tệp", "rows": "số dòng", "reason": "lý do", "unit": "đơn vị", "tasks": "số nhiệm vụ",
    "targets": "số mục tiêu", "step": "bước", "status": "trạng thái", "plan": "kế hoạch",
    "pages": "số trang", "number": "số", "format": "định dạng", "form": "mẫu", "version": "phiên bản",
    "value": "giá trị", "username": "tên đăng nhập", "term": "nhiệm kỳ", "source": "nguồn",
    "score": "điểm", "requests": "số kiến nghị", "report": "báo cáo", "reply": "trả lời",
    "refused": "bị từ chối", "query": "nội dung tìm", "page": "trang", "member": "thành viên",
    "invited": "số người được mời", "in_time": "đúng hạn", "from": "từ", "due_on": "hạn",
    "deleted": "số bản ghi đã xóa", "date": "ngày", "created": "số tạo mới",
    "updated": "số cập nhật", "count": "số lượng", "contacts": "liên hệ",
    "consultation": "đợt tư vấn", "code": "mã", "by": "theo", "before": "trước",
    "attended": "số người dự", "attachments": "tệp đính kèm", "as_of": "tính đến ngày",
    "new_agencies": "cơ quan mới", "prefix": "tiền tố", "role": "vai trò",
    "errors": "số lỗi", "unchanged": "số không đổi", "fee": "thù lao", "paid_on": "ngày chi",
    "deliverable_accepted": "sản phẩm được nhận", "assessment": "đánh giá",
    "comments": "số ý kiến", "achievements": "kết quả đạt được", "difficulties": "khó khăn",
    "figures": "số liệu", "state": "tình trạng", "known_user": "tài khoản có thật",
    "user_id": "tài khoản", "coordinating": "cơ quan phối hợp", "on": "ngày", "placeholders": "chỗ điền", "reopen_reason": "lý do",
    # issue 15: training fields and a plan's priority fields
    "text": "chuyên ngành (như đã ghi)", "codes": "mã ngành", "need": "nhu cầu", "profiles": "số hồ sơ",
    "need_year": "năm cần đạt", "priority_field_added": "thêm lĩnh vực ưu tiên",
    "priority_field_removed": "bỏ lĩnh vực ưu tiên",
}  # fmt: skip
VALUE_WORDS = {"True": "có", "False": "không", "true": "có", "false": "không",
               "None": "(trống)", "": "(trống)", "national_id": "số định danh",
               "submitted": "đã nộp", "draft": "bản nháp", "in_progress": "đang thực hiện",
               "done": "hoàn thành", "not_started": "chưa thực hiện", "web": "trang web",
               "cli": "dòng lệnh", "api": "API", "people": "danh sách trí thức",
               "indicators": "chỉ tiêu",
               # the consultation workflow's steps (experts.workflow, detail["step"])
               "silence": "hết hạn không trả lời", "consent_withdrawn": "rút đồng ý",
               "accept": "nhận", "answer": "trả lời kiến nghị", "create": "tạo",
               "declare_conflict": "khai xung đột lợi ích", "decline_invitation": "từ chối lời mời",
               "export": "xuất tệp", "fee": "chi thù lao", "issue_synthesis": "ban hành báo cáo tổng hợp",
               "minutes": "biên bản", "refuse": "từ chối", "remind": "nhắc hạn",
               "request": "đề nghị tư vấn", "submit_deliverable": "nộp sản phẩm",
               "update": "cập nhật", "accept_invitation": "nhận lời mời", "invite": "mời",
               "submit_opinion": "gửi ý kiến", "invite_alternate": "mời người thay thế",
               "one_time_link": "qua đường dẫn dùng một lần", "command": "lệnh định kỳ",
               "training_field_code": "gán mã ngành đào tạo",
               "priority_fields": "bảng lĩnh vực ưu tiên"}  # fmt: skip
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _model(event: AuditEvent) -> Any:
    try:
        return apps.get_model(event.object_type) if event.object_type else None
    except (LookupError, ValueError):
        return None


def field_label(model: Any, name: str) -> str:
    """ "trình độ chuyên môn" for a person's `education_level`."""
    if name in DETAIL_LABELS:
        return DETAIL_LABELS[name]
    if model is not None:
        try:
            verbose = getattr(model._meta.get_field(name), "verbose_name", None)
        except FieldDoesNotExist:
            verbose = None
        if verbose:
            return str(verbose)
    return name.replace("_", " ")


def value_text(model: Any, name: str, value: Any) -> str:
    """A stored value as a reader knows it: a code list's label, a unit's name, a date
    dd/mm/yyyy, "có"/"không"."""
    if isinstance(value, list | tuple):
        return ", ".join(value_text(model, name, v) for v in value) or "(trống)"
    if isinstance(value, dict):
        return "; ".join(f"{field_label(model, k)}: {value_text(model, k, v)}"
                         for k, v in value.items())  # fmt: skip
    text = "" if value is None else str(value)
    if name == "figures" and text.startswith("[{"):
        return _figures(text)
    if name in CODE_LISTS and text and text != "None":
        return code_label(name, text)
    if name in UNIT_FIELDS and text.isdigit():
        return unit_label(text)
    choices = _choices(model, name)
    if text in choices:
        return choices[text]
    if match := ISO_DATE.match(text):
        return dt.date(*map(int, match.groups())).strftime("%d/%m/%Y")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:,}".replace(",", ".")
    return VALUE_WORDS.get(text, text)


def _figures(text: str) -> str:
    """A progress report's figures, stored as the text of a list: "Số lớp: 2 lớp"."""
    try:
        figures = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    if not isinstance(figures, list):
        return text
    return ", ".join(f"{f.get('label', '')}: {f.get('value', '')} {f.get('unit', '')}".strip()
                     for f in figures if isinstance(f, dict))  # fmt: skip


def _choices(model: Any, name: str) -> dict[str, str]:
    if model is None:
        return {}
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return {}
    return {str(k): str(v) for k, v in (getattr(field, "choices", None) or [])}


def actor_text(event: AuditEvent) -> str:
    actor = event.actor
    if actor is not None and actor.get_full_name():
        return actor.get_full_name()
    return event.actor_name or "Hệ thống"


def describe(event: AuditEvent) -> str:
    """One sentence for one event."""
    model = _model(event)
    who, verb = actor_text(event), event.get_action_display().lower()
    what = event.object_repr
    changed = [name for name in event.fields or event.after if name in event.after]
    if changed and event.before:
        if len(changed) == 1:
            name = changed[0]
            return (f"{who} {verb} {field_label(model, name).lower()} của {what}: "
                    f"{value_text(model, name, event.before.get(name))} → "
                    f"{value_text(model, name, event.after.get(name))}.")  # fmt: skip
        parts = [f"{field_label(model, n).lower()}: {value_text(model, n, event.before.get(n))} "
                 f"→ {value_text(model, n, event.after.get(n))}" for n in changed]  # fmt: skip
        return f"{who} {verb} {what}: " + "; ".join(parts) + "."
    sentence = f"{who} {verb}" + (f" {what}" if what else "")
    facts = {k: v for k, v in event.after.items() if k in changed} if changed else {}
    facts.update(event.detail or {})
    details = [f"{field_label(model, k).lower()}: {value_text(model, k, v)}"
               for k, v in facts.items()
               if v not in ("", None, [], {}) and not UUID.match(str(v))]  # fmt: skip
    return sentence + (" (" + "; ".join(details) + ")" if details else "") + "."
