"""Reading official reports: their figures (frozen or assembled now), the editable parts
with their defaults, the letterhead, and the documents (.docx, .xlsx, .pdf, JSON);
the PDF task's work. Nothing here writes except the PDF task's own state."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

from django.core.cache import cache
from django.core.files.base import ContentFile

from trithuc.lib.letterhead import Letterhead, letterhead, style_for
from trithuc.lib.text import fold
from trithuc.plans.models import Plan
from trithuc.reports import narrative as texts
from trithuc.reports.assemble import assemble, place_name
from trithuc.reports.models import OfficialReport
from trithuc.reports.pdf import PdfError, docx_to_pdf
from trithuc.reports.spreadsheet import build_xlsx
from trithuc.reports.templating import context, render_template
from trithuc.reports.word import build_docx

FORMATS = ("docx", "pdf", "xlsx", "json")


class DocumentError(ValueError):
    """A document cannot be made; the message is for the user, in Vietnamese."""


def issuer_of(plan: Plan) -> str:
    return plan.issuer or (plan.owner_agency.name if plan.owner_agency else "")


def report_data(
    report: OfficialReport, user: Any = None, today: dt.date | None = None
) -> dict[str, Any]:
    """The figures: frozen ones as stored, otherwise assembled now as `user` may read them."""
    if report.frozen and report.figures:
        return report.figures
    return assemble(report.plan, report.period, unit=report.unit_code, as_of=report.as_of,
                    user=user, today=today)  # fmt: skip


def style_of(report: OfficialReport) -> str:
    return report.style or style_for(issuer_of(report.plan))


def editable_parts(report: OfficialReport, data: dict[str, Any]) -> dict[str, Any]:
    """Narrative and header parts, the defaults filling what was never written."""
    defaults = texts.defaults(data)
    narrative = {
        key: (report.narrative or {}).get(key, defaults[key]) for key in texts.SECTION_KEYS
    }
    return {"narrative": narrative, "title": report.title or texts.report_title(data),
            "recipients": report.recipients, "signer_authority": report.signer_authority,
            "signer_title": report.signer_title, "signer_name": report.signer_name}  # fmt: skip


def letterhead_of(report: OfficialReport) -> Letterhead:
    plan = report.plan
    province = place_name(plan)
    return letterhead(issuer=issuer_of(plan), province_name=province, style=style_of(report),
                      number=report.number, place=report.place or province,
                      signed_on=report.signed_on)  # fmt: skip


def file_stem(report: OfficialReport) -> str:
    kind = {"yearly": f"nam-{report.period.ends_on.year}", "review5": "so-ket",
            "review10": "tong-ket"}[report.kind]  # fmt: skip
    number = fold(report.plan.reference).replace("/", "-").replace(" ", "-")
    return f"bao-cao-{kind}-{number}"


def docx_bytes(report: OfficialReport, data: dict[str, Any]) -> bytes:
    parts = editable_parts(report, data)
    head = letterhead_of(report)
    if report.template_id:
        with report.template.file.open("rb") as handle:
            return render_template(io.BytesIO(handle.read()), context(data, parts, head))
    return build_docx(data, parts, head)


def json_document(report: OfficialReport, data: dict[str, Any]) -> dict[str, Any]:
    parts = editable_parts(report, data)
    return {**data, "report": {"uuid": str(report.uuid) if report.pk else None,
                               "frozen": report.frozen, "version": report.version,
                               "number_line": letterhead_of(report).number_line,
                               "style": style_of(report), **parts}}  # fmt: skip


def render(report: OfficialReport, fmt: str, *, user: Any = None, today: dt.date | None = None,
           start_office: bool = True) -> tuple[bytes, str, str]:  # fmt: skip
    """(content, file name, content type) of the report in `fmt` (a PDF through a resident
    LibreOffice, started unless `start_office` is False: `reports.pdf`)."""
    if fmt not in FORMATS:
        raise DocumentError("Định dạng phải là docx, pdf, xlsx hoặc json.")
    data = report_data(report, user, today)
    stem = file_stem(report)
    if fmt == "json":
        text = json.dumps(json_document(report, data), ensure_ascii=False, indent=1)
        return text.encode(), f"{stem}.json", "application/json"
    if fmt == "xlsx":
        return (
            build_xlsx(data),
            f"{stem}-phu-luc.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    docx = docx_bytes(report, data)
    if fmt == "pdf":
        return docx_to_pdf(docx, start=start_office), f"{stem}.pdf", "application/pdf"
    return (
        docx,
        f"{stem}.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


PDF_PROGRESS_KEY = "official-report-pdf:{}"


def set_pdf_progress(report: OfficialReport, percent: int, message: str) -> None:
    cache.set(PDF_PROGRESS_KEY.format(report.uuid), {"percent": percent, "message": message}, 3600)


def pdf_progress(report: OfficialReport) -> dict[str, Any]:
    return cache.get(PDF_PROGRESS_KEY.format(report.uuid)) or {"percent": 0, "message": ""}


def make_pdf(report_id: int, user_id: int | None) -> str:
    """The task's work: .docx, then LibreOffice, then the stored PDF."""
    from django.contrib.auth import get_user_model  # the user model is known once apps load

    report = OfficialReport.objects.select_related("plan", "period", "template").get(pk=report_id)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    OfficialReport.objects.filter(pk=report.pk).update(pdf_state="running")
    set_pdf_progress(report, 20, "Đang dựng bản Word…")
    try:
        docx = docx_bytes(report, report_data(report, user))
        set_pdf_progress(report, 50, "LibreOffice đang chuyển sang PDF…")
        pdf = docx_to_pdf(docx)
    except PdfError as exc:
        OfficialReport.objects.filter(pk=report.pk).update(pdf_state="failed", pdf_error=str(exc))
        set_pdf_progress(report, 100, str(exc))
        return "failed"
    report.pdf_file.save(f"{file_stem(report)}.pdf", ContentFile(pdf), save=False)
    OfficialReport.objects.filter(pk=report.pk).update(
        pdf_file=report.pdf_file.name, pdf_state="done", pdf_version=report.version
    )
    set_pdf_progress(report, 100, "Đã tạo xong PDF.")
    return "done"
