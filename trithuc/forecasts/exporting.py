"""A forecast as an XLSX workbook: one sheet of figures per year and group, one of the
rates used (baseline)."""

from __future__ import annotations

import io

import xlsxwriter
from django.utils.translation import gettext as _

from trithuc.forecasts.model import FLOWS


def headers() -> dict[str, str]:
    return {
        "year": _("Năm"), "date": _("Ngày"), "unit": _("Đơn vị"), "sector": _("Lĩnh vực"),
        "education_level": _("Trình độ"), "gender": _("Giới tính"), "age_band": _("Nhóm tuổi"),
        "stock": _("Số người"), "retirements": _("Nghỉ hưu"), "leavers": _("Nghỉ việc khác"),
        "hires": _("Tuyển mới"), "upgrades_in": _("Nâng trình độ (đến)"),
        "upgrades_out": _("Nâng trình độ (đi)"),
    }  # fmt: skip


def workbook(result: dict[str, object]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True})
    names = headers()
    columns = ["year", *result["by"], "stock", *FLOWS]  # type: ignore[misc]
    sheet = book.add_worksheet(_("Dự báo"))
    for j, column in enumerate(columns):
        sheet.write(0, j, names.get(column, column), bold)
    for i, row in enumerate(result["rows"], start=1):  # type: ignore[arg-type]
        for j, column in enumerate(columns):
            value = row.get(column)
            sheet.write(i, j, _("ẩn") if value is None else value)
    rates = result.get("rates")
    if rates:
        sheet = book.add_worksheet(_("Tỉ lệ"))
        titles = [_("Lĩnh vực"), _("Trình độ"), _("Người-năm"), _("Nghỉ việc"),
                  _("Tỉ lệ nghỉ việc"), _("Tuyển mới"), _("Tỉ lệ tuyển mới")]  # fmt: skip
        for j, title in enumerate(titles):
            sheet.write(0, j, title, bold)
        for i, row in enumerate(rates["by_sector_and_level"], start=1):  # type: ignore[index]
            values = [row["sector"], row["education_level"], row["person_years"], row["leavers"],
                      row["leave_rate"], row["hires"], row["hire_rate"]]  # fmt: skip
            for j, value in enumerate(values):
                sheet.write(i, j, value)
    book.close()
    return buffer.getvalue()
