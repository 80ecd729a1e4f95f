"""trithuc forecast [--unit CODE] [--to 2045] [--scenario baseline|no-flow|needed]
    [--by sector,education_level] [--as-of YYYY-MM-DD] [--extension] [--window 5]
    [--plan REF] [--priority-fields] --format json|xlsx [--output PATH] [--user NAME]

With `--plan`, every target of that plan against the forecast (value per year with its
interval, the year it is met, the gap, the yearly upgrades or hires it needs); "needed"
adds those people to the flows. With `--priority-fields` (and `--plan`), the JSON gets a
"priority_fields" section: the plan's shortage fields with the people now, retiring by
2030, in training, the need and the gap (`forecasts/priority.py`).

Without `--user` the whole registry, as the operator of the server; with `--user` the
people that user may count (`Person.objects.visible_to`), small cells hidden for roles
without profile access (`forecasts.disclosure`).
"""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from trithuc.accounts.scope import scope_of
from trithuc.accounts.services import can_view_aggregates
from trithuc.forecasts.disclosure import protect, protect_targets
from trithuc.forecasts.exporting import workbook
from trithuc.forecasts.models import Scenario
from trithuc.forecasts.priority import as_json, plans_with_priorities, priority_table
from trithuc.forecasts.services import SCENARIOS, ForecastError, Request, forecast
from trithuc.indicators.models import Target
from trithuc.lib import disclosure
from trithuc.people.command_users import REFUSED, user_for_command
from trithuc.people.models import Person
from trithuc.plans.models import Plan


class Command(BaseCommand):
    help = (
        "Dự báo đội ngũ đến năm 2045 (mô hình nhóm tuổi – dòng vào, dòng ra): số người, nghỉ "
        "hưu theo lộ trình, nghỉ việc, tuyển mới, nâng trình độ, theo năm và nhóm. Có --user: "
        "chỉ người trong phạm vi của người dùng đó, ô nhỏ bị ẩn với vai trò chỉ xem số liệu "
        "tổng hợp."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", help="mã tỉnh (2 số) hoặc mã xã/phường (5 số)")
        parser.add_argument("--to", type=int, default=2045, help="năm cuối (mặc định 2045)")
        parser.add_argument("--scenario", default="baseline",
                            help="baseline, no-flow, needed hoặc tên một kịch bản đã lưu")  # fmt: skip
        parser.add_argument("--by", default="sector", help="các trường nhóm, cách nhau dấu phẩy")
        parser.add_argument("--as-of", dest="as_of", help="ngày bắt đầu, dạng YYYY-MM-DD")
        parser.add_argument(
            "--window", type=int, default=5, help="số năm lịch sử để ước lượng tỉ lệ"
        )
        parser.add_argument("--extension", action="store_true",
                            help="áp dụng kéo dài thời gian công tác (Nghị định 50/2022)")  # fmt: skip
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument("--output", help="tệp kết quả (bắt buộc với xlsx)")
        parser.add_argument("--user", help="tên đăng nhập: dự báo như người này xem trên web")
        parser.add_argument("--plan", help="số hiệu kế hoạch: thêm từng mục tiêu so với dự báo "
                            "(bắt buộc với --scenario needed)")  # fmt: skip
        parser.add_argument("--priority-fields", dest="priority_fields", action="store_true",
                            help="thêm bảng lĩnh vực ưu tiên của kế hoạch (cần --plan): hiện "
                            "có, nghỉ hưu đến 2030, đang đào tạo, nhu cầu, còn thiếu")  # fmt: skip

    def handle(self, *args: object, **options: object) -> None:
        by = tuple(part.strip() for part in str(options["by"]).split(",") if part.strip())
        try:
            as_of = (dt.date.fromisoformat(str(options["as_of"])) if options.get("as_of")
                     else timezone.localdate())  # fmt: skip
        except ValueError as exc:
            raise CommandError("Ngày --as-of phải có dạng YYYY-MM-DD.") from exc
        unit = str(options["unit"]) if options.get("unit") else None
        if unit and not (unit.isdigit() and len(unit) in (2, 5)):
            raise CommandError("Mã đơn vị phải gồm 2 chữ số (tỉnh) hoặc 5 chữ số (xã/phường).")
        if options["format"] == "xlsx" and not options.get("output"):
            raise CommandError("Định dạng xlsx cần --output (đường dẫn tệp).")
        people = None
        hide = False
        user = None
        if options.get("user"):
            user = user_for_command(
                str(options["user"]), can_view_aggregates,
                "Người dùng “{username}” không có vai trò được xem số liệu tổng hợp.",
            )  # fmt: skip
            people = Person.objects.visible_to(user)
            hide = scope_of(user).hides_small_cells
            if hide and len(by) > 2:
                raise CommandError(
                    "Với vai trò này, các ô dưới ngưỡng được ẩn: chỉ nhóm theo tối đa hai trường.",
                    returncode=REFUSED,
                )
        request = Request(as_of=as_of, to_year=int(options["to"]), scenario=str(options["scenario"]),  # type: ignore[call-overload]
                          by=by, unit=unit, extension=bool(options["extension"]),
                          window=int(options["window"]))  # type: ignore[call-overload]  # fmt: skip
        named = None
        if str(options["scenario"]) not in SCENARIOS:
            found_named = (
                Scenario.objects.visible_to(user) if user is not None else Scenario.objects
            )
            named = found_named.filter(name=str(options["scenario"])).first()
            if named is None:
                raise CommandError(
                    f"Kịch bản không có: {options['scenario']}. Có thể dùng: "
                    f"{', '.join(SCENARIOS)} hoặc tên một kịch bản đã lưu."
                )
        targets = None
        if options.get("plan"):
            found = Target.objects.visible_to(user) if user is not None else Target.objects.all()
            found = found.for_plan(str(options["plan"])).select_related("indicator")
            if unit:
                found = found.filter(unit_code=unit)
            targets = list(found.order_by("year", "position", "id")) or None
            # A plan may name priority fields and no target: its table is still asked for.
            if not targets and not options.get("priority_fields"):
                raise CommandError(f"Không có mục tiêu nào của kế hoạch “{options['plan']}”.")
        try:
            result = forecast(request, people, targets, named)
        except ForecastError as exc:
            raise CommandError(str(exc)) from exc
        if hide:
            result["rows"] = protect(result["rows"], list(by))  # type: ignore[arg-type]
            # Rates name counts of events per sector and level: small ones identify people.
            result["rates"] = None
            result["targets"] = protect_targets(result["targets"])  # type: ignore[arg-type]
            self.stderr.write(
                f"Các ô dưới {disclosure.threshold()} người, và các ô từ đó suy ra được "
                "chúng, được ẩn (null); tỉ lệ ước lượng không được hiển thị."
            )
        if options.get("priority_fields"):
            result["priority_fields"] = self._priority_fields(options, user, people, hide)
        if options["format"] == "xlsx":
            with open(str(options["output"]), "wb") as handle:
                handle.write(workbook(result))
            return
        text = json.dumps(result, ensure_ascii=False)
        if options.get("output"):
            with open(str(options["output"]), "w", encoding="utf-8") as handle:
                handle.write(text)
            return
        self.stdout.write(text)

    def _priority_fields(self, options: dict, user: object, people: object,
                         hide: bool) -> dict[str, object]:  # fmt: skip
        if not options.get("plan"):
            raise CommandError("--priority-fields cần --plan (số hiệu kế hoạch).")
        plans = plans_with_priorities(user) if user is not None else Plan.objects.all()
        plan = plans.filter(number=str(options["plan"])).order_by("-issued_on").first()
        if plan is None or not plan.priority_fields.exists():
            raise CommandError(f"Kế hoạch “{options['plan']}” chưa ghi lĩnh vực ưu tiên nào.")
        table = priority_table(plan, people if people is not None else Person.objects.all(),
                               hide_small=hide)  # fmt: skip
        return as_json(table)
