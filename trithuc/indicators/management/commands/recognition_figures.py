"""`trithuc recognition_figures [--year Y]`: write the year's figures of attraction,
retention, honours, requests answered on time, new young Party members and
representation shares as reported figures of every province (the publishers registered
in `trithuc.indicators.published`). Daily."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from trithuc.indicators.published import run_all


def _shown(value: Any) -> str:
    return "—" if value is None else str(value)


class Command(BaseCommand):
    help = (
        "Ghi số liệu chỉ tiêu thu hút, giữ chân, khen thưởng, kiến nghị trả lời đúng hạn, "
        "đảng viên mới là trí thức trẻ và tỷ lệ đại diện trong quy hoạch, bầu cử của một năm "
        "(mặc định năm nay) cho từng tỉnh."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="Năm tính số liệu (mặc định: năm nay).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        year = options["year"] or today.year
        if not 2000 <= year <= today.year:
            raise CommandError(f"Năm {year} không hợp lệ: từ 2000 đến {today.year}.")
        with transaction.atomic():
            results = run_all(year, today)
        for name, provinces in results.items():
            for province, row in provinces.items():
                figures = "; ".join(f"{key} = {_shown(value)}" for key, value in row.items())
                self.stdout.write(f"[{name}] Tỉnh {province}, năm {year}: {figures}.")
