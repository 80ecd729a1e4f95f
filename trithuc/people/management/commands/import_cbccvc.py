"""trithuc import_cbccvc PATH [--user NAME] [--strict] [--dry-run] [--format json]

An export of CSDL CBCCVC (the national database of cadres, civil servants and public
employees), in the exchange layout of `people.cbccvc.layout`: read through the same
pipeline, checks, scope and audit as `trithuc import_people`, with the same JSON report,
its columns named as the file names them. (`trithuc import-cbccvc` works too.)
"""

from trithuc.people.management.commands import import_people
from trithuc.people.services import CBCCVC


class Command(import_people.Command):
    help = (
        "Nhập danh sách từ tệp xuất của CSDL quốc gia về cán bộ, công chức, viên chức (XLSX, "
        "XLS, ODS hoặc CSV) theo bố cục trao đổi (docs/EXCHANGE.md): cùng quy tắc kiểm tra, "
        "phạm vi, nhật ký và báo cáo như lệnh import_people."
    )
    layout = CBCCVC
