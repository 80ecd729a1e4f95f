"""An organisation's own .docx outline with docxtpl placeholders ({{ so_hieu }},
{% for nv in nhiem_vu %}…): checked at upload against the names below, filled from the
same assembly as the standard document."""

from __future__ import annotations

import io
from typing import IO, Any

from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError

from trithuc.lib.letterhead import Letterhead
from trithuc.reports.registry import cell_text
from trithuc.reports.word import target_rows

PLACEHOLDERS = {
    "co_quan_cap_tren": "Cơ quan cấp trên (dòng trên cơ quan ban hành)",
    "co_quan": "Cơ quan ban hành báo cáo",
    "so_ky_hieu": "Dòng số, ký hiệu (Số: …/BC-…)",
    "dia_danh_ngay": "Địa danh, ngày tháng năm",
    "trich_yeu": "Trích yếu báo cáo",
    "ke_hoach": "Số hiệu kế hoạch",
    "ten_ke_hoach": "Tên kế hoạch",
    "ky_bao_cao": "Kỳ báo cáo",
    "ngay_chot": "Ngày chốt số liệu (dd/mm/yyyy)",
    "mo_dau": "Phần mở đầu",
    "trien_khai": "I. Công tác triển khai",
    "ket_qua": "II. Kết quả (nhận định chung)",
    "han_che": "III. Hạn chế, nguyên nhân",
    "phuong_huong": "IV. Phương hướng, nhiệm vụ",
    "kien_nghi": "V. Đề xuất, kiến nghị",
    "tong_so_tri_thuc": "Tổng số người trong cơ sở dữ liệu đội ngũ trí thức tại ngày chốt",
    "nhiem_vu": "Danh sách nhiệm vụ (so, ten, chu_tri, tinh_hinh, ket_qua)",
    "chi_tieu": "Danh sách chỉ tiêu (tt, ten, nam_goc, muc_tieu, gia_tri, so_bao_cao, danh_gia)",
    "noi_nhan": "Nơi nhận (mỗi dòng một nơi)",
    "quyen_han_ky": "Quyền hạn ký (T/M, KT.)",
    "chuc_vu_ky": "Chức vụ người ký",
    "nguoi_ky": "Họ tên người ký",
}


class TemplateRefused(ValueError):
    """The uploaded template cannot be used; the message lists why, in Vietnamese."""


def check_template(handle: IO[bytes]) -> list[str]:
    """The placeholders a template uses; TemplateRefused names each unknown one."""
    try:
        template = DocxTemplate(handle)
        used = set(template.get_undeclared_template_variables())
    except TemplateSyntaxError as exc:
        raise TemplateRefused(
            f"Mẫu có lỗi cú pháp trường trộn ở dòng {exc.lineno}: {exc.message}."
        ) from exc
    except Exception as exc:  # noqa: BLE001 (python-docx raises many kinds on a bad file)
        raise TemplateRefused("Tệp không phải là tài liệu Word (.docx) hợp lệ.") from exc
    unknown = sorted(used - set(PLACEHOLDERS))
    if unknown:
        lines = [f"Trường «{{{{ {name} }}}}» không có trong danh sách trường được hỗ trợ."
                 for name in unknown]  # fmt: skip
        raise TemplateRefused(
            " ".join(lines) + " Các trường dùng được: " + ", ".join(PLACEHOLDERS) + "."
        )
    return sorted(used)


def context(data: dict[str, Any], report: dict[str, Any], head: Letterhead) -> dict[str, Any]:
    narrative = report["narrative"]
    y, m, d = data["as_of"].split("-")
    return {
        "co_quan_cap_tren": head.superior, "co_quan": head.issuer, "so_ky_hieu": head.number_line,
        "dia_danh_ngay": head.place_date, "trich_yeu": report["title"],
        "ke_hoach": data["plan"]["number"], "ten_ke_hoach": data["plan"]["title"],
        "ky_bao_cao": data["period"]["label"], "ngay_chot": f"{d}/{m}/{y}",
        "mo_dau": narrative.get("intro", ""), "trien_khai": narrative.get("deployment", ""),
        "ket_qua": narrative.get("results", ""), "han_che": narrative.get("limitations", ""),
        "phuong_huong": narrative.get("directions", ""), "kien_nghi": narrative.get("proposals", ""),
        "tong_so_tri_thuc": cell_text(data["registry"]["total"]),
        "nhiem_vu": [{"so": t["number"], "ten": t["title"], "chu_tri": t["lead"],
                      "tinh_hinh": t["status_label"],
                      "ket_qua": " ".join(r["achievements"] for r in t["reports"] if r["is_lead"])}
                     for t in data["tasks"]],
        "chi_tieu": [dict(zip(["tt", "ten", "nam_goc", "muc_tieu", "gia_tri", "so_bao_cao",
                               "danh_gia"], row, strict=True)) for row in target_rows(data)],
        "noi_nhan": report["recipients"], "quyen_han_ky": report["signer_authority"],
        "chuc_vu_ky": report["signer_title"], "nguoi_ky": report["signer_name"],
    }  # fmt: skip


def render_template(handle: IO[bytes], values: dict[str, Any]) -> bytes:
    template = DocxTemplate(handle)
    template.render(values, autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()
