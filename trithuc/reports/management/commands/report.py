"""trithuc report PLAN_NUMBER --kind yearly|review5|review10 --year YYYY [--unit CODE]
    [--as-of YYYY-MM-DD] --format docx|pdf|xlsx|json --output PATH [--user NAME]

The official report of a plan, as the web page makes it. A report already saved for the
plan, period and unit keeps its narrative (and, frozen, its figures); otherwise the
defaults are used. Without --user the command acts as the system (nothing hidden); with
it, the user's rights apply (their plans only, small cells hidden when they must be).

The JSON holds every figure as numbers (per target: indicator, sector, year, value,
numerator, denominator, target, status; per annex table: its rows), to compare with
`trithuc indicators show --plan PLAN_NUMBER --as-of DATE --format json`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trithuc.people.command_users import REFUSED, user_for_command
from trithuc.plans.models import Plan
from trithuc.reports.access import can_make_reports
from trithuc.reports.documents import FORMATS, DocumentError, render
from trithuc.reports.models import ReportKind
from trithuc.reports.pdf import PdfError
from trithuc.reports.querysets import reportable_plans
from trithuc.reports.services import ReportError, draft_for, find_period


class Command(BaseCommand):
    help = "Xuất báo cáo năm, sơ kết, tổng kết của một kế hoạch ra Word, PDF, Excel hoặc JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("plan", help="số hiệu kế hoạch, ví dụ 15-KH/TU")
        parser.add_argument("--kind", choices=ReportKind.values, default="yearly")
        parser.add_argument("--year", type=int, help="năm của kỳ báo cáo (năm chốt số liệu)")
        parser.add_argument("--unit", default="", help="mã xã/phường (mặc định: cả tỉnh)")
        parser.add_argument("--as-of", dest="as_of", help="ngày chốt số liệu, YYYY-MM-DD")
        parser.add_argument("--format", choices=FORMATS, required=True)
        parser.add_argument("--output", required=True, help="đường dẫn tệp kết quả")
        parser.add_argument("--user", help="lập báo cáo với quyền của người dùng này")

    def handle(self, *args: Any, **options: Any) -> None:
        user = None
        if options.get("user"):
            user = user_for_command(options["user"], can_make_reports,
                                    "Người dùng “{username}” không được lập báo cáo kế hoạch.")  # fmt: skip
        plans = Plan.objects.filter(number=options["plan"])
        if user is not None:
            plans = plans.filter(pk__in=reportable_plans(user).values("pk"))
        plan = plans.first()
        if plan is None:
            code = (
                REFUSED
                if user is not None and Plan.objects.filter(number=options["plan"]).exists()
                else 1
            )
            raise CommandError(f"Không tìm thấy kế hoạch {options['plan']}"
                               f"{' trong phạm vi của ' + options['user'] if user else ''}.",
                               returncode=code)  # fmt: skip
        as_of = None
        if options.get("as_of"):
            try:
                as_of = dt.date.fromisoformat(options["as_of"])
            except ValueError as exc:
                raise CommandError("Ngày --as-of phải có dạng YYYY-MM-DD.") from exc
        try:
            period = find_period(plan, options["kind"], options.get("year"))
            report = draft_for(plan, period, options["unit"] or "", as_of)
            if as_of is not None and not report.frozen:
                report.as_of = as_of
            # A one-off command starts no LibreOffice that would outlive it.
            content, _, _ = render(report, options["format"], user=user, start_office=False)
        except (ReportError, DocumentError, PdfError) as exc:
            raise CommandError(str(exc)) from exc
        output = Path(options["output"])
        output.write_bytes(content)
        state = "đã chốt số liệu" if report.frozen else "số liệu tính tại thời điểm xuất"
        self.stdout.write(f"Đã ghi {output} ({len(content):,} byte; {period.label}, "
                          f"ngày chốt {report.as_of:%d/%m/%Y}, {state}).")  # fmt: skip
