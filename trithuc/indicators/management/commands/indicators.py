"""trithuc indicators [--unit CODE] [--as-of YYYY-MM-DD] [--plan ID] [--format json|text]
    [--fresh] [--baseline plan|registry]
trithuc indicators load-targets PATH [PATH...] [--unit CODE] [--code-system 2004|2025]
    [--plan-reference R] [--plan-date YYYY-MM-DD]
trithuc indicators refresh

`--unit` picks the targets set for that unit; a commune code with no targets of its own
reads its province's targets against the commune. `--plan` is the plan reference the
targets were loaded under (the document number, or the issuer when it has none).

The demo province shows the seeds' targets after:
    trithuc demo
    trithuc indicators load-targets ../shared/seeds/001_*.txt ../shared/seeds/003_*.txt --unit 04
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trithuc.indicators import wording
from trithuc.indicators.areas import area_province
from trithuc.indicators.models import Target
from trithuc.indicators.services import TargetError, evaluate_targets, load_targets_file
from trithuc.indicators.snapshots import get_state, refresh_snapshot
from trithuc.lib.plan_parser import PlanParseError


class Command(BaseCommand):
    help = (
        "In mọi mục tiêu với giá trị hiện tại, trạng thái và dự báo; nạp mục tiêu từ một kế "
        "hoạch (load-targets PATH); tính lại số liệu tính sẵn (refresh)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", nargs="?", choices=["show", "load-targets", "refresh"],
                            default="show")  # fmt: skip
        parser.add_argument("paths", nargs="*", help="tệp kế hoạch (.txt, .docx, .pdf)")
        parser.add_argument("--unit", help="mã đơn vị: tỉnh (2 số), huyện cũ (3 số), xã (5 số)")
        parser.add_argument("--as-of", dest="as_of", help="ngày tính, dạng YYYY-MM-DD")
        parser.add_argument("--plan", help="số hiệu kế hoạch (như khi nạp mục tiêu)")
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument("--fresh", action="store_true",
                            help="tính trực tiếp từ cơ sở dữ liệu, không đọc số liệu tính sẵn")  # fmt: skip
        parser.add_argument("--baseline", choices=["plan", "registry"], default="plan",
                            help="so với số năm gốc của kế hoạch (mặc định) hay số của cơ sở "
                            "dữ liệu tại năm gốc")  # fmt: skip
        parser.add_argument("--code-system", dest="code_system", choices=["2004", "2025"],
                            help="hệ mã của --unit khi nạp (mặc định theo ngày kế hoạch)")  # fmt: skip
        parser.add_argument("--plan-reference", dest="plan_reference",
                            help="đặt số hiệu kế hoạch khi văn bản không có số")  # fmt: skip
        parser.add_argument("--plan-date", dest="plan_date",
                            help="ngày ban hành khi văn bản không ghi (YYYY-MM-DD)")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "load-targets":
            self._load(options)
        elif action == "refresh":
            self._refresh()
        else:
            self._show(options)

    def _refresh(self) -> None:
        result = refresh_snapshot()
        self.stdout.write(
            f"Đã tính lại {wording.number(result.rows)} dòng số liệu ({result.years} năm, đến "
            f"{result.as_of:%d/%m/%Y}) trong {wording.number(result.seconds, 1)} giây."
        )

    def _load(self, options: dict[str, Any]) -> None:
        if not options.get("paths"):
            raise CommandError("Cần đường dẫn tệp kế hoạch: indicators load-targets PATH")
        if options.get("plan_reference") and len(options["paths"]) > 1:
            raise CommandError("--plan-reference chỉ dùng khi nạp một tệp.")
        plan_date = _as_of(options.get("plan_date"), "--plan-date")
        for name in options["paths"]:
            self._load_one(Path(name), options, plan_date)

    def _load_one(self, path: Path, options: dict[str, Any], plan_date: dt.date | None) -> None:
        if not path.exists():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        try:
            result = load_targets_file(
                path, unit_code=options.get("unit"), code_system=options.get("code_system"),
                plan_reference=options.get("plan_reference"), plan_date=plan_date,
            )  # fmt: skip
        except (TargetError, PlanParseError) as exc:
            raise CommandError(f"{path.name}: {exc}") from exc
        self.stdout.write(
            f"Kế hoạch {result.plan_reference}: {result.created} mục tiêu mới, "
            f"{result.updated} cập nhật, đơn vị {result.unit_code} (danh mục {result.code_system})."
        )
        if result.without_indicator:
            self.stdout.write(f"{result.without_indicator} mục tiêu chưa gán được chỉ tiêu.")
        for warning in result.warnings:
            self.stdout.write(f"Lưu ý: {warning}")

    def _show(self, options: dict[str, Any]) -> None:
        as_of = _as_of(options.get("as_of"))
        unit = options.get("unit") or None
        targets = Target.objects.select_related("indicator").order_by(
            "plan_reference", "position", "id"
        )
        if options.get("plan"):
            targets = targets.filter(plan_reference=options["plan"])
        if unit:
            targets = targets.filter(_unit_condition(unit))
        fresh = bool(options.get("fresh"))
        if get_state().as_of is None and not fresh:
            sys.stderr.write("Chưa có số liệu tính sẵn: đang tính lần đầu…\n")
            refresh_snapshot()
        read_unit = unit if unit and not _targets_of_unit(unit) else None
        rows = evaluate_targets(list(targets), as_of=as_of, unit=read_unit, fresh=fresh,
                                baseline=options.get("baseline") or "plan")  # fmt: skip
        if any(row.stale for row in rows):
            sys.stderr.write(
                "Cơ sở dữ liệu đã thay đổi sau lần tính sẵn gần nhất: các số đánh dấu "
                '"stale": true là số cũ; dùng --fresh để tính trực tiếp.\n'
            )
        if options["format"] == "json":
            self.stdout.write(json.dumps([row.as_json() for row in rows], ensure_ascii=False))
            return
        for row in rows:
            data = row.as_json()
            self.stdout.write(
                f"{data['plan']} | {data['indicator'] or '?'} | {data['sector'] or 'chung'} | "
                f"{data['unit']} | {data['year']} | {row.target_text} | {row.value_text} | "
                f"{row.status_label} | {row.needed or row.note or row.error}"
                + (" | số cũ (chờ tính lại)" if row.stale else "")
            )


def _as_of(text: str | None, option: str = "--as-of") -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"Ngày {option} phải có dạng YYYY-MM-DD.") from exc


def _targets_of_unit(unit: str) -> bool:
    return Target.objects.filter(unit_code=unit).exists()


def _unit_condition(unit: str) -> Any:
    """Targets set for this unit, or (a commune) the targets of its province, read
    against the commune."""
    from django.db.models import Q

    if len(unit) == 5 and not _targets_of_unit(unit):
        return Q(province_code=area_province(unit))
    return Q(unit_code=unit)
