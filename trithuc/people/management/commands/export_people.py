"""trithuc export_people PATH.xlsx [--unit CODE]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trithuc.audit.services import record_event
from trithuc.people.exporting import write_people_xlsx
from trithuc.people.models import Person


class Command(BaseCommand):
    help = "Xuất danh sách trí thức ra tệp XLSX theo mẫu nhập."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="tệp XLSX cần ghi")
        parser.add_argument("--unit", help="mã tỉnh (2 số) hoặc mã xã/phường (5 số)")

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["path"]))
        if path.suffix.lower() != ".xlsx":
            raise CommandError("Tên tệp xuất phải có đuôi .xlsx")
        unit = options.get("unit") or None
        if unit and not (str(unit).isdigit() and len(str(unit)) in (2, 5)):
            raise CommandError("Mã đơn vị phải gồm 2 chữ số (tỉnh) hoặc 5 chữ số (xã/phường).")
        people = Person.objects.all().in_unit(unit)  # type: ignore[attr-defined]
        count = write_people_xlsx(people, path)
        record_event("export", source="command", detail={"file": path.name, "unit": unit,
                                                         "rows": count})  # fmt: skip
        self.stdout.write(f"Đã xuất {count} người ra {path}")
