"""trithuc export_people PATH.xlsx [--unit CODE] [--user USERNAME]

Without `--user` the command runs as the operator of the server, who can read the
database anyway: every person, every field, audited without an actor. With `--user` it
exports what that user may export on the web (`people:export`): the people of
`Person.objects.visible_to(user)`, sensitive fields masked unless the role may see them,
audited with the user as actor (and a `view_sensitive` event when they are included).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trithuc.accounts.services import can_see_sensitive, can_view_profiles
from trithuc.audit.services import record_event
from trithuc.people.command_users import user_for_command
from trithuc.people.exporting import write_people_xlsx
from trithuc.people.masking import SENSITIVE_FIELDS
from trithuc.people.models import Person


class Command(BaseCommand):
    help = (
        "Xuất danh sách trí thức ra tệp XLSX theo mẫu nhập. Không có --user: xuất toàn bộ cơ "
        "sở dữ liệu với mọi trường (quyền của người vận hành máy chủ). Có --user: chỉ những "
        "người trong phạm vi của người dùng đó, che các trường nhạy cảm nếu vai trò không "
        "được xem, ghi nhật ký với tên người dùng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="tệp XLSX cần ghi")
        parser.add_argument("--unit", help="mã tỉnh (2 số) hoặc mã xã/phường (5 số)")
        parser.add_argument(
            "--user",
            help="tên đăng nhập: xuất như người này xuất trên web (phạm vi, che trường nhạy "
            "cảm, nhật ký); bỏ trống là người vận hành máy chủ, xuất tất cả",
        )

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["path"]))
        if path.suffix.lower() != ".xlsx":
            raise CommandError("Tên tệp xuất phải có đuôi .xlsx")
        unit = options.get("unit") or None
        if unit and not (str(unit).isdigit() and len(str(unit)) in (2, 5)):
            raise CommandError("Mã đơn vị phải gồm 2 chữ số (tỉnh) hoặc 5 chữ số (xã/phường).")
        if not options.get("user"):
            people = Person.objects.all().in_unit(unit)  # type: ignore[attr-defined]
            count = write_people_xlsx(people, path, sensitive=True)
            record_event("export", source="command", detail={"file": path.name, "unit": unit,
                                                             "rows": count})  # fmt: skip
            self.stdout.write(f"Đã xuất {count} người ra {path}")
            return
        user = user_for_command(
            str(options["user"]),
            can_view_profiles,
            "Người dùng “{username}” không có vai trò được xuất hồ sơ cá nhân (cần vai trò "
            "quản lý hoặc xem hồ sơ trí thức).",
        )
        people = Person.objects.visible_to(user).in_unit(unit)
        sensitive = can_see_sensitive(user)
        count = write_people_xlsx(people, path, sensitive=sensitive)
        detail = {"file": path.name, "unit": unit, "rows": count, "sensitive": sensitive}
        record_event("export", actor=user, source="command", detail=detail)
        if sensitive:
            record_event("view_sensitive", actor=user, source="command",
                         fields=sorted(SENSITIVE_FIELDS), detail=detail)  # fmt: skip
        masked = "" if sensitive else " (đã che các trường nhạy cảm)"
        self.stdout.write(f"Đã xuất {count} người ra {path}{masked}")
