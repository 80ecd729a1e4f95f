"""trithuc check_current_periods [--fix] [--limit N]

Today's counts (`people_stats` without `--as-of`, the summary page) read each profile's
latest employment period from the profile itself (people.periods). This command checks,
person by person, that the profile answers today as the history does (the period in
force, its sector, unit, type and leadership, the level held) and that the stored
latest-period columns equal their recomputation. Exit status 1 when something differs.
`--fix` recomputes the columns from the history first (after a write that went around
the application, e.g. SQL typed by hand).
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from trithuc.people.periods import check_current_periods, sync_current_periods


class Command(BaseCommand):
    help = (
        "Kiểm tra số liệu hôm nay đọc từ hồ sơ (quá trình công tác hiện tại lưu trong hồ sơ) "
        "có khớp với lịch sử công tác, văn bằng; --fix tính lại các cột đó từ lịch sử."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fix", action="store_true",
                            help="tính lại quá trình hiện tại của mọi hồ sơ từ lịch sử")  # fmt: skip
        parser.add_argument("--limit", type=int, default=20, help="số hồ sơ lệch in ra")

    def handle(self, *args: object, **options: object) -> None:
        if options["fix"]:
            with transaction.atomic():
                sync_current_periods()
            self.stdout.write("Đã tính lại quá trình công tác hiện tại của mọi hồ sơ từ lịch sử.")
        total, shown = check_current_periods(timezone.localdate(), limit=int(options["limit"]))  # type: ignore[call-overload]
        if not total:
            self.stdout.write("Khớp: số liệu hôm nay đọc từ hồ sơ bằng số liệu tính từ lịch sử.")
            return
        for mismatch in shown:
            self.stdout.write(f"{mismatch.national_id} (id {mismatch.person_id}): {mismatch.what}")
        raise CommandError(f"{total} hồ sơ lệch với lịch sử.", returncode=1)
