"""The glossary page (issue 13): the words the pages use, said plainly in Vietnamese.

Each entry names where the word is met, so a reader who finds "Có nguy cơ" on the
dashboard or "ẩn" in a table finds it here. Kept as data, in the translation catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from trithuc.lib.text import sort_key


@dataclass(frozen=True)
class Term:
    word: Promise
    meaning: Promise
    where: Promise


TERMS = (
    Term(
        _("Trí thức"),
        _(
            "Người có trình độ đại học trở lên, làm công việc lao động trí óc; "
            "là đối tượng được ghi trong cơ sở dữ liệu."
        ),
        _("Danh sách, số liệu tổng hợp"),
    ),
    Term(
        _("Hồ sơ"),
        _("Thông tin của một người trong cơ sở dữ liệu: nhân thân, quá trình công tác, văn bằng."),
        _("Danh sách trí thức"),
    ),
    Term(
        _("Số định danh cá nhân"),
        _("Số căn cước công dân 12 chữ số; 3 chữ số đầu là mã tỉnh nơi đăng ký khai sinh."),
        _("Hồ sơ, nhập từ Excel"),
    ),
    Term(
        _("CSDL CBCCVC"),
        _(
            "Cơ sở dữ liệu quốc gia về cán bộ, công chức, viên chức (Nghị định 27/2026/NĐ-CP). "
            "Tệp xuất từ cơ sở dữ liệu này nhập được vào hệ thống, và danh sách trí thức xuất "
            "được theo cùng bố cục, để không phải nhập một người hai lần; người đã có hồ sơ giữ "
            "các thông tin CSDL CBCCVC không có (lĩnh vực, chuyên gia, đang đào tạo)."
        ),
        _("Nhập từ Excel, danh sách trí thức (nút xuất tệp cho CSDL CBCCVC)"),
    ),
    Term(
        _("Đơn vị hành chính"),
        _(
            "Tỉnh, thành phố và xã, phường, đặc khu theo danh mục "
            "áp dụng từ 01/7/2025 (34 tỉnh, không còn cấp huyện). Có thể gõ tên cũ trước sáp "
            "nhập: hệ thống chỉ ra đơn vị mới đã tiếp nhận địa bàn đó."
        ),
        _("Mọi ô chọn đơn vị"),
    ),
    Term(
        _("Mã đơn vị"),
        _(
            "Mã tỉnh 2 chữ số, mã xã, phường 5 chữ số theo danh mục của Thủ "
            "tướng Chính phủ; luôn hiện kèm tên đơn vị."
        ),
        _("Tài khoản, hồ sơ, số liệu"),
    ),
    Term(
        _("Trình độ chuyên môn"),
        _(
            "Văn bằng cao nhất đã được cấp đến ngày tính: đại học, "
            "thạc sĩ, tiến sĩ; ngành y còn có chuyên khoa I, II và bác sĩ nội trú."
        ),
        _("Hồ sơ, số liệu tổng hợp"),
    ),
    Term(
        _("Sau đại học"),
        _("Thạc sĩ trở lên, kể cả chuyên khoa I, II và bác sĩ nội trú."),
        _("Chỉ tiêu"),
    ),
    Term(
        _("Văn bằng đã được sửa"),
        _(
            "Văn bằng ghi nhầm rồi được sửa lại khi nhập lại hoặc "
            "sửa hồ sơ; được giữ làm lịch sử nhưng không được đếm."
        ),
        _("Số liệu tổng hợp"),
    ),
    Term(
        _("Lĩnh vực"),
        _(
            "Ngành công tác: giáo dục và đào tạo, y tế, nông nghiệp, quản lý "
            "nhà nước…; “Chung” là chỉ tiêu tính cho mọi lĩnh vực."
        ),
        _("Chỉ tiêu, số liệu"),
    ),
    Term(
        _("Loại hình"),
        _("Cán bộ, công chức, viên chức, người lao động hoặc làm việc ngoài khu vực nhà nước."),
        _("Danh sách trí thức"),
    ),
    Term(
        _("Tính đến ngày"),
        _(
            "Đếm những người đang công tác vào ngày đó, với trình độ họ "
            "đã có đến ngày đó. Người không ghi năm bắt đầu công tác được tính từ khi đủ 18 "
            "tuổi."
        ),
        _("Số liệu tổng hợp, chỉ tiêu"),
    ),
    Term(
        _("Ô bị ẩn (“ẩn”)"),
        _(
            "Ô có quá ít người (dưới ngưỡng) bị ẩn, cùng những ô mà từ đó "
            "có thể suy ra nó, để không nhận diện được cá nhân."
        ),
        _("Số liệu tổng hợp, chỉ tiêu"),
    ),
    Term(
        _("Chỉ tiêu"),
        _("Điều được đo, ví dụ tỷ lệ công chức có trình độ thạc sĩ."),
        _("Chỉ tiêu, kế hoạch"),
    ),
    Term(
        _("Mục tiêu"),
        _(
            "Con số kế hoạch đặt ra cho một chỉ tiêu đến một năm (năm đích), "
            "ví dụ ≥ 98% đến năm 2030."
        ),
        _("Chỉ tiêu, kế hoạch"),
    ),
    Term(
        _("Năm gốc"),
        _("Năm làm mốc để so sánh, ví dụ “tăng 1,5 lần so với năm 2020”."),
        _("Chỉ tiêu"),
    ),
    Term(
        _("Tiến độ"),
        _("Phần chặng đường đã đi được từ năm gốc đến mục tiêu, tính theo phần trăm."),
        _("Chỉ tiêu"),
    ),
    Term(
        _("Ước tính năm đích"),
        _(
            "Giá trị có thể đạt vào năm đích, ước tính theo hai cách: "
            "theo đà tăng bình quân từ 2015 và theo mức thay đổi những năm gần đây."
        ),
        _("Chỉ tiêu"),
    ),
    Term(
        _("Đúng tiến độ, Có nguy cơ, Chậm tiến độ"),
        _("Cả hai cách ước tính đều đạt mục tiêu; chỉ một cách đạt; không cách nào đạt."),
        _("Chỉ tiêu"),
    ),
    Term(
        _("Cần"),
        _(
            "Số người cần thêm (hoặc mức cần tăng) mỗi năm để đạt mục tiêu, tính với "
            "tổng số người như hiện nay."
        ),
        _("Chỉ tiêu"),
    ),
    Term(
        _("Số báo cáo"),
        _(
            "Con số do cơ quan báo cáo (không tính được từ cơ sở dữ liệu), "
            "hiện bên cạnh số tính được khi có."
        ),
        _("Chỉ tiêu"),
    ),
    Term(
        _("Cơ quan chủ trì, phối hợp"),
        _(
            "Cơ quan chịu trách nhiệm chính và các cơ quan "
            "cùng thực hiện một nhiệm vụ của kế hoạch."
        ),
        _("Kế hoạch"),
    ),
    Term(
        _("Kỳ báo cáo"),
        _(
            "Khoảng thời gian một báo cáo định kỳ nói về (6 tháng, năm); "
            "sơ kết 5 năm, tổng kết 10 năm."
        ),
        _("Kế hoạch, báo cáo"),
    ),
    Term(
        _("Chốt số liệu"),
        _(
            "Giữ nguyên các con số của một báo cáo tại ngày chốt; sau đó "
            "sửa cơ sở dữ liệu không làm thay đổi báo cáo."
        ),
        _("Báo cáo"),
    ),
    Term(_("Mở lại"), _("Cho phép sửa một báo cáo đã nộp; phải ghi lý do."), _("Kế hoạch")),
    Term(
        _("Kiến nghị"),
        _("Ý kiến, đề xuất của trí thức tại buổi gặp mặt, giao cho một cơ quan trả lời trong hạn."),
        _("Gặp mặt, kiến nghị"),
    ),
    Term(
        _("Đào tạo, bồi dưỡng"),
        _(
            "Đào tạo: học để lấy văn bằng. Bồi dưỡng: khóa học ngắn "
            "theo tiêu chuẩn ngạch, chức danh. Đào tạo liên tục: cập nhật kiến thức hằng năm, "
            "nhất là ngành y."
        ),
        _("Hồ sơ, chỉ tiêu"),
    ),
    Term(_("Nhật ký"), _("Ghi lại ai đã xem, sửa, nhập, xuất dữ liệu gì, lúc nào."), _("Nhật ký")),
    Term(
        _("Dữ liệu mô phỏng"),
        _("Dữ liệu tạo ra để dùng thử, không phải người thật."),
        _("Bản dùng thử"),
    ),
    Term(
        _("Mã ngành đào tạo"),
        _(
            "Mã của chuyên ngành đào tạo theo danh mục ngành đào tạo quốc gia (Quyết định "
            "01/2017/QĐ-TTg, Thông tư 09/2022/TT-BGDĐT): 3 chữ số là lĩnh vực, 5 chữ số là "
            "nhóm ngành, 7 chữ số là ngành. Được tự gán khi chuyên ngành ghi bằng chữ khớp "
            "đúng tên; chuyên ngành chưa khớp được người quản lý gán mã."
        ),
        _("Hồ sơ, Mã ngành đào tạo, Lĩnh vực ưu tiên"),
    ),
    Term(
        _("Lĩnh vực ưu tiên"),
        _(
            "Lĩnh vực còn thiếu mà kế hoạch nêu để đào tạo, thu hút, ghi bằng mã ngành đào "
            "tạo; bảng cho biết số người hiện có, số đến tuổi nghỉ hưu, số đang đào tạo, nhu "
            "cầu và số còn thiếu."
        ),
        _("Kế hoạch, Lĩnh vực ưu tiên"),
    ),
)


def terms() -> list[Term]:
    """The entries in Vietnamese alphabetical order."""
    return sorted(TERMS, key=lambda term: sort_key(str(term.word)))


@login_required
@require_GET
def glossary(request: HttpRequest) -> HttpResponse:
    return render(request, "core/glossary.html", {"terms": terms()})
