"""`trithuc expert_figures`: write this year's expert indicators of every province (experts
meeting the criteria by field, adoption rate, turnaround) as reported figures. Daily."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from trithuc.experts.criteria import publish_figures


class Command(BaseCommand):
    help = (
        "Ghi số liệu chỉ tiêu chuyên gia của năm nay cho từng tỉnh: số chuyên gia đạt tiêu chí "
        "theo lĩnh vực, tỷ lệ kiến nghị được tiếp thu, số ngày bình quân tới báo cáo tổng hợp."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for province, row in publish_figures().items():
            adopted, answered = row["adoption"]
            turnaround = "—" if row["turnaround"] is None else f"{row['turnaround']} ngày"
            self.stdout.write(f"Tỉnh {province}: {row['experts']} chuyên gia đạt tiêu chí; "
                              f"tiếp thu {adopted}/{answered} kiến nghị; {turnaround}.")  # fmt: skip
