"""`parse_plan PATH [--format json|text]`: read a plan file and print its structure."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from trithuc.lib.plan_parser import PlanParseError, parse_plan_file
from trithuc.lib.plan_parser.summary import render_text

EXIT_BAD_INPUT = 2


class Command(BaseCommand):
    # Reading a file needs neither the database nor the project checks, whose warnings
    # would mix with the message a user gets for a bad file.
    requires_system_checks: list[str] = []
    help = (
        "Đọc một kế hoạch thực hiện (.txt, .docx, .pdf có lớp văn bản) và in cấu trúc: "
        "cơ quan ban hành, số, ngày, văn bản thực hiện, chỉ tiêu, nhiệm vụ, phân công, "
        "thời hạn, nơi nhận."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="Đường dẫn tệp kế hoạch (.txt, .docx, .pdf)")
        parser.add_argument(
            "--format",
            choices=["json", "text"],
            default="json",
            help="json (mặc định): một đối tượng JSON; text: bản tóm tắt dễ đọc",
        )

    def handle(self, *args, **options) -> None:
        try:
            plan = parse_plan_file(options["path"])
        except PlanParseError as exc:
            self._fail(exc.message_vi)
        except OSError as exc:
            self._fail(f"Không đọc được tệp {options['path']}: {exc.strerror or exc}")
        except Exception as exc:  # noqa: BLE001 - the user gets a message, never a traceback
            self._fail(f"Không phân tích được tệp {options['path']} ({type(exc).__name__}: {exc}).")
        if options["format"] == "text":
            self.stdout.write(render_text(plan))
        else:
            self.stdout.write(json.dumps(plan, ensure_ascii=False, indent=2))

    def _fail(self, message: str) -> None:
        self.stderr.write(message)
        raise SystemExit(EXIT_BAD_INPUT)
