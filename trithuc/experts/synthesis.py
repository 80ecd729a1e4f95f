"""The synthesis as a plain Word document (python-docx): the request, the experts who
took part, the minutes when a meeting was held, and every numbered recommendation with the
experts who made it and, once given, the requester's answer. Kept in this app until the
reports app's State-format renderer exists."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from trithuc.experts.models import Consultation, InvitationState
from trithuc.experts.presenters import consenting_ids, shown_name

SYNTHETIC_NOTE = "Dữ liệu mô phỏng"


def recommendation_lines(c: Consultation) -> list[dict[str, str]]:
    rows = []
    consenting = consenting_ids(c.invitations.values_list("expert_id", flat=True))
    for rec in c.recommendations.prefetch_related("experts").order_by("number"):
        rows.append({
            "uuid": str(rec.uuid),
            "number": str(rec.number),
            "anchor": rec.anchor,
            "text": rec.text,
            "experts": ", ".join(sorted(shown_name(e, consenting) for e in rec.experts.all())),
            "response": rec.get_response_display() if rec.response else "",
            "reason": rec.response_reason,
        })  # fmt: skip
    return rows


def synthesis_docx(c: Consultation) -> bytes:
    doc = Document()
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    head.add_run(_("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")).bold = True
    motto = doc.add_paragraph(_("Độc lập - Tự do - Hạnh phúc"))
    motto.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(_("BÁO CÁO TỔNG HỢP Ý KIẾN %s") % c.get_kind_display().upper()).bold = True
    doc.add_paragraph(_("Về: %s") % c.title)
    if c.is_synthetic:
        doc.add_paragraph(f"({SYNTHETIC_NOTE})")
    doc.add_paragraph(_("Cơ quan đề nghị: %s") % c.requester.name)
    if c.legal_basis:
        doc.add_paragraph(_("Căn cứ: %s") % c.legal_basis)
    doc.add_paragraph(_("Hình thức tổ chức: %s") % (c.get_form_display() or "—"))
    experts = c.invitations.filter(state=InvitationState.SUBMITTED).select_related("expert")
    doc.add_heading(_("I. Chuyên gia tham gia"), level=2)
    consenting = consenting_ids(inv.expert_id for inv in experts)
    for number, inv in enumerate(experts, start=1):
        doc.add_paragraph(f"{number}. {shown_name(inv.expert, consenting)}")
    if c.minutes:
        doc.add_heading(_("II. Biên bản cuộc họp"), level=2)
        if c.meeting_on:
            doc.add_paragraph(_("Ngày họp: %s") % c.meeting_on.strftime("%d/%m/%Y"))
        doc.add_paragraph(c.minutes)
    doc.add_heading(_("III. Kiến nghị"), level=2)
    for row in recommendation_lines(c):
        place = f" ({row['anchor']})" if row["anchor"] else ""
        para = doc.add_paragraph()
        para.add_run(f"Kiến nghị {row['number']}{place}: ").bold = True
        para.add_run(row["text"])
        doc.add_paragraph(_("Chuyên gia đề xuất: %s") % row["experts"])
        if row["response"]:
            doc.add_paragraph(_("Trả lời của cơ quan: %(r)s. %(why)s")
                              % {"r": row["response"], "why": row["reason"]})  # fmt: skip
    if c.answer_due:
        doc.add_paragraph(_("Cơ quan đề nghị trả lời từng kiến nghị trước ngày %s.")
                          % c.answer_due.strftime("%d/%m/%Y"))  # fmt: skip
    doc.add_paragraph(_("Lập ngày %s.") % timezone.localdate().strftime("%d/%m/%Y"))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
