"""`trithuc load_reference_data`: refresh the reference data, idempotently.

Code lists (trithuc/codelists/data.py), administrative units of both systems and the
old→new mapping (the installed vietnamadminunits package), and, with --agencies, a
province's usual agencies. Nothing is deleted; running it twice changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from trithuc.codelists.loading import sync_code_lists
from trithuc.orgunits.loading import sync_units
from trithuc.orgunits.services import create_usual_agencies


class Command(BaseCommand):
    help = (
        "Nạp lại dữ liệu tham chiếu (danh mục, đơn vị hành chính 2004/2025 và bảng chuyển "
        "đổi; --agencies: các cơ quan thường có của một tỉnh). Chạy lại không thay đổi gì."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--agencies",
            metavar="PROVINCE_CODE",
            action="append",
            default=[],
            help="tạo các cơ quan thường có của tỉnh (mã 2 chữ số hiện hành, ví dụ 04); "
            "có thể lặp lại",
        )
        parser.add_argument(
            "--skip-units", action="store_true", help="không nạp lại đơn vị hành chính"
        )
        parser.add_argument("--skip-codes", action="store_true", help="không nạp lại danh mục")

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            if not options["skip_codes"]:
                result = sync_code_lists()
                self.stdout.write(
                    f"Danh mục: thêm {result['created']}, cập nhật {result['updated']}"
                )
            if not options["skip_units"]:
                result = sync_units()
                self.stdout.write(
                    f"Đơn vị hành chính: thêm {result['units_created']}, cập nhật "
                    f"{result['units_updated']}; chuyển đổi: thêm {result['mappings_created']}"
                )
            for code in options["agencies"]:
                try:
                    created = create_usual_agencies(code)
                except ValueError as exc:
                    raise CommandError(f"'{code}' không phải mã tỉnh hiện hành (2 chữ số)") from exc
                self.stdout.write(f"Cơ quan của tỉnh {code}: thêm {created}")
