"""`trithuc send_reminders [--date YYYY-MM-DD] [--dry-run]`: email agencies about reports
coming due and reports that are late. Run it once a day from cron or a systemd timer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from trithuc.plans.reminders import send_reminders


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(
            f'Ngày "{text}" không hợp lệ: hãy ghi theo dạng NĂM-THÁNG-NGÀY, ví dụ 2026-12-13.'
        ) from None


class Command(BaseCommand):
    help = (
        "Gửi thư nhắc hạn báo cáo tới người báo cáo của từng cơ quan: nhắc trước hạn nộp "
        "(số ngày đặt trong từng kế hoạch) và nhắc quá hạn (ngày đầu sau hạn, rồi mỗi tuần "
        "trong tám tuần). Lệnh cần được chạy mỗi ngày một lần bằng bộ lập lịch (cron hoặc "
        "systemd timer); chạy lại trong cùng ngày không gửi trùng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            help="coi như hôm nay là ngày này (NĂM-THÁNG-NGÀY, ví dụ 2026-12-13); "
            "mặc định là hôm nay",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="chỉ liệt kê thư sẽ gửi, không gửi và không ghi nhận",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = parse_date(options["date"]) if options["date"] else timezone.localdate()
        summary = send_reminders(today, dry_run=bool(options["dry_run"]))
        for line in summary.lines:
            self.stdout.write(line)
        self.stdout.write(summary.totals_line())
        if summary.failed:
            raise CommandError(
                f"{summary.failed} thư nhắc chưa gửi được (xem lỗi ở trên); lần chạy sau sẽ "
                "gửi lại."
            )
