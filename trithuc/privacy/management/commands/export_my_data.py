"""trithuc export_my_data NATIONAL_ID PATH(.json|.xlsx): everything held about a person
(the right of access), for a request made on paper."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trithuc.people.models import Person
from trithuc.privacy.services import export_personal_data


class Command(BaseCommand):
    help = "Xuất toàn bộ dữ liệu đang lưu về một người (quyền truy cập dữ liệu cá nhân)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("national_id", help="số định danh cá nhân (12 chữ số)")
        parser.add_argument("path", help="tệp kết quả: .json hoặc .xlsx")
        parser.add_argument("--user", help="tên đăng nhập của người thực hiện (ghi nhật ký)")

    def handle(self, *args: object, **options: object) -> None:
        from django.contrib.auth import get_user_model

        path = Path(str(options["path"]))
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in ("json", "xlsx"):
            raise CommandError("Tên tệp phải có đuôi .json hoặc .xlsx")
        person = Person.objects.filter(national_id=str(options["national_id"]).strip()).first()
        if person is None:
            raise CommandError("Không có hồ sơ nào với số định danh này.")
        actor = None
        if options.get("user"):
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"Không có người dùng '{options['user']}'.")
        export_personal_data(person, path, fmt, actor=actor, source="command")
        self.stdout.write(f"Đã ghi dữ liệu của {person.full_name} vào {path}")
