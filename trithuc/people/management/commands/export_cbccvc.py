"""trithuc export_cbccvc --output PATH.xlsx [--unit CODE] [--user USERNAME]

The registry in the CSDL CBCCVC exchange layout (`people.cbccvc.exporting`), for the
national database. As `trithuc export_people`: without `--user` the operator of the
server exports everyone with every field; with it, what that user may export on the web
(their scope; the columns of fields masked for their role left out), audited with the
user as actor. (`trithuc export-cbccvc` works too.)
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trithuc.accounts.services import can_see_sensitive, can_view_profiles
from trithuc.audit.services import record_event
from trithuc.people.cbccvc.exporting import write_cbccvc_xlsx
from trithuc.people.command_users import user_for_command
from trithuc.people.masking import SENSITIVE_FIELDS
from trithuc.people.models import Person
from trithuc.people.services import CBCCVC


class Command(BaseCommand):
    help = (
        "Xuất danh sách ra tệp XLSX theo bố cục trao đổi với CSDL quốc gia về cán bộ, công "
        "chức, viên chức (docs/EXCHANGE.md). Không có --user: toàn bộ cơ sở dữ liệu (quyền "
        "người vận hành máy chủ). Có --user: phạm vi của người đó, bỏ các cột bị che với vai "
        "trò, ghi nhật ký với tên người dùng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, help="tệp XLSX cần ghi")
        parser.add_argument("--unit", help="mã tỉnh (2 số) hoặc mã xã/phường (5 số)")
        parser.add_argument(
            "--user",
            help="tên đăng nhập: xuất như người này xuất trên web (phạm vi, che trường nhạy "
            "cảm, nhật ký); bỏ trống là người vận hành máy chủ, xuất tất cả",
        )

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["output"]))
        if path.suffix.lower() != ".xlsx":
            raise CommandError("Tên tệp xuất phải có đuôi .xlsx")
        unit = options.get("unit") or None
        if unit and not (str(unit).isdigit() and len(str(unit)) in (2, 5)):
            raise CommandError("Mã đơn vị phải gồm 2 chữ số (tỉnh) hoặc 5 chữ số (xã/phường).")
        user = None
        if options.get("user"):
            user = user_for_command(
                str(options["user"]),
                can_view_profiles,
                "Người dùng “{username}” không có vai trò được xuất hồ sơ cá nhân (cần vai "
                "trò quản lý hoặc xem hồ sơ trí thức).",
            )
        people = (Person.objects.visible_to(user) if user else Person.objects.all()).in_unit(unit)
        sensitive = can_see_sensitive(user) if user else True
        show = sys.stderr.isatty()
        count = write_cbccvc_xlsx(people, path, sensitive=sensitive,
                                  progress=self._progress if show else None)  # fmt: skip
        detail = {"file": path.name, "unit": unit, "rows": count, "sensitive": sensitive,
                  "layout": CBCCVC}  # fmt: skip
        record_event("export", actor=user, source="command", detail=detail)
        if user is not None and sensitive:
            record_event("view_sensitive", actor=user, source="command",
                         fields=sorted(SENSITIVE_FIELDS), detail=detail)  # fmt: skip
        masked = "" if sensitive else " (không xuất các cột bị che với vai trò này)"
        self.stdout.write(f"Đã xuất {count} người ra {path}{masked}")

    def _progress(self, done: int) -> None:
        self.stderr.write(f"\r{done:,} người", ending="")
        self.stderr.flush()
