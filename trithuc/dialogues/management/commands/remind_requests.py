"""`trithuc remind_requests [--date YYYY-MM-DD] [--dry-run]`: remind agencies of the
requests (kiến nghị) of intellectuals they have not answered by the due date. Daily."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from trithuc.dialogues.services import send_request_reminders
from trithuc.plans.management.commands.send_reminders import parse_date


class Command(BaseCommand):
    help = ("Nhắc các cơ quan trả lời kiến nghị của trí thức đã quá hạn (mỗi tuần một lần "
            "cho mỗi kiến nghị). Chạy mỗi ngày một lần bằng bộ lập lịch.")  # fmt: skip

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="coi như hôm nay là ngày này (NĂM-THÁNG-NGÀY)")
        parser.add_argument("--dry-run", action="store_true", help="chỉ liệt kê, không gửi")

    def handle(self, *args: Any, **options: Any) -> None:
        today = parse_date(options["date"]) if options["date"] else timezone.localdate()
        run = send_request_reminders(today, dry_run=bool(options["dry_run"]))
        for line in run.lines:
            self.stdout.write(line)
        self.stdout.write(f"Đã gửi {run.sent} thư nhắc; {run.without_address} cơ quan chưa có "
                          "địa chỉ người báo cáo.")  # fmt: skip
