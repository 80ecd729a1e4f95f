"""The synthesis as an official report in the State format (Decree 30/2020/NĐ-CP),
rendered as an official document (`lib.official_word.build_letter`): the secretariat's header
blocks, the request, the experts who took part, the minutes when a meeting was held,
every numbered recommendation with the experts who made it and, once given, the
requester's answer; "Nơi nhận:" and the signature block."""

from __future__ import annotations

from dataclasses import replace

from django.utils import timezone
from django.utils.translation import gettext as _

from trithuc.experts.models import Consultation, InvitationState
from trithuc.experts.presenters import consenting_ids, shown_name
from trithuc.lib.letterhead import abbreviation, letterhead
from trithuc.lib.official_word import Line, build_letter
from trithuc.lib.text import fold
from trithuc.orgunits.models import Agency
from trithuc.orgunits.services import get_current_unit, short_unit_name

SYNTHETIC_NOTE = "Dữ liệu mô phỏng"
UNION_FOLDED = "lien hiep cac hoi khoa hoc va ky thuat"


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


def secretariat(c: Consultation) -> tuple[str, str]:
    """(name, short name) of the issuer: the province's Union of Science and Technology
    Associations (the consultation secretariat), as the agency list names it, with the
    province's name where the list leaves it implied ("… tỉnh")."""
    province = province_name(c.province_code)
    union = Agency.objects.filter(province_code=c.province_code,
                                  name_folded__startswith=UNION_FOLDED).order_by("pk").first()  # fmt: skip
    name = union.name if union else _("Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh")
    short = union.short_name if union and union.short_name else _("Liên hiệp hội")
    if province and fold(name).split()[-1] in {"tinh", "pho"}:
        name = f"{name} {province}"
    return name, short


def province_name(code: str) -> str:
    unit = get_current_unit(code) if code else None
    return short_unit_name(unit) if unit else ""


def _body(c: Consultation) -> list[Line]:
    lines = [Line(_("Về: %s") % c.title)]
    if c.is_synthetic:
        lines.append(Line(f"({SYNTHETIC_NOTE})", italic=True))
    lines.append(Line(_("Cơ quan đề nghị: %s") % c.requester.name))
    if c.legal_basis:
        lines.append(Line(_("Căn cứ: %s") % c.legal_basis))
    lines.append(Line(_("Hình thức tổ chức: %s") % (c.get_form_display() or "—")))
    experts = c.invitations.filter(state=InvitationState.SUBMITTED).select_related("expert")
    lines.append(Line(_("I. Chuyên gia tham gia"), heading=True))
    consenting = consenting_ids(inv.expert_id for inv in experts)
    for number, inv in enumerate(experts, start=1):
        lines.append(Line(f"{number}. {shown_name(inv.expert, consenting)}"))
    if c.minutes:
        lines.append(Line(_("II. Biên bản cuộc họp"), heading=True))
        if c.meeting_on:
            lines.append(Line(_("Ngày họp: %s") % c.meeting_on.strftime("%d/%m/%Y")))
        lines += [Line(part.strip()) for part in c.minutes.splitlines() if part.strip()]
    lines.append(Line(_("III. Kiến nghị"), heading=True))
    for row in recommendation_lines(c):
        place = f" ({row['anchor']})" if row["anchor"] else ""
        lines.append(Line(row["text"], lead=_("Kiến nghị %(n)s%(place)s: ")
                          % {"n": row["number"], "place": place}))  # fmt: skip
        lines.append(Line(_("Chuyên gia đề xuất: %s") % row["experts"], italic=True))
        if row["response"]:
            lines.append(Line(_("Trả lời của cơ quan: %(r)s. %(why)s")
                              % {"r": row["response"], "why": row["reason"]}))  # fmt: skip
    if c.answer_due:
        lines.append(Line(_("Đề nghị %(who)s trả lời từng kiến nghị trước ngày %(day)s.")
                          % {"who": c.requester.name, "day": c.answer_due.strftime("%d/%m/%Y")}))  # fmt: skip
    return lines


def synthesis_docx(c: Consultation) -> bytes:
    """The synthesis in the State format (Decree 30/2020/NĐ-CP) through the reports app's
    renderer: issued by the secretariat, dated the day it was issued (blank before)."""
    province = province_name(c.province_code)
    signed_on = timezone.localtime(c.issued_at).date() if c.issued_at else None
    issuer, short = secretariat(c)
    head = letterhead(issuer=issuer, province_name=province, style="state", number="",
                      place=province, signed_on=signed_on)  # fmt: skip
    # The symbol from the short name (Liên hiệp hội → LHH), as the union signs.
    head = replace(head, number_line=head.number_line.replace(abbreviation(issuer),
                                                              abbreviation(short)))  # fmt: skip
    title = _("Tổng hợp ý kiến %(kind)s %(title)s") % {
        "kind": c.get_kind_display().lower(), "title": c.title}  # fmt: skip
    recipients = "\n".join([f"- {c.requester.name};", _("- Các chuyên gia tham gia;"),
                            _("- Lưu: VT.")])  # fmt: skip
    return build_letter(head, kind=_("Báo cáo"), title=title, lines=_body(c), signature={
        "recipients": recipients, "signer_authority": _("TM. BAN THƯỜNG TRỰC"),
        "signer_title": _("CHỦ TỊCH"), "signer_name": ""})  # fmt: skip
