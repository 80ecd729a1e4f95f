"""`parse_plan PATH [--format json|text]`: read a plan file and print its structure."""

from __future__ import annotations

import contextlib
import json
import logging
import warnings
from collections.abc import Iterator
from pathlib import Path

from django.core.management.base import BaseCommand

from trithuc.lib.plan_parser import PlanParseError, parse_plan_text
from trithuc.lib.plan_parser.readers import read_plan_document
from trithuc.lib.plan_parser.summary import render_text

EXIT_BAD_INPUT = 2


@contextlib.contextmanager
def _quiet_pypdf(quiet: bool) -> Iterator[None]:
    """pypdf logs its repairs of a damaged PDF in English ("EOF marker not found"): the
    user should read only the one Vietnamese message (-v 2 shows them)."""
    if not quiet:
        yield
        return
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", module="pypdf")
            yield
    finally:
        logger.setLevel(level)


class Command(BaseCommand):
    # Reading a file needs neither the database nor the project checks, whose warnings
    # would mix with the message a user gets for a bad file.
    requires_system_checks: list[str] = []
    help = (
        "Đọc một kế hoạch thực hiện (.txt, .docx, .pdf, .doc, .odt, .rtf; bản quét PDF được "
        "nhận dạng ký tự bằng Tesseract) và in cấu trúc: "
        "cơ quan ban hành, số, ngày, văn bản thực hiện, chỉ tiêu, nhiệm vụ, phân công, "
        "thời hạn, nơi nhận."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "path", help="Đường dẫn tệp kế hoạch (.txt, .docx, .pdf, .doc, .odt, .rtf)"
        )
        parser.add_argument(
            "--format",
            choices=["json", "text"],
            default="json",
            help="json (mặc định): một đối tượng JSON; text: bản tóm tắt dễ đọc",
        )

    def handle(self, *args, **options) -> None:
        try:
            with _quiet_pypdf(options.get("verbosity", 1) < 2):
                document = read_plan_document(options["path"], progress=self._progress)
                plan = {"doc": Path(options["path"]).name, **parse_plan_text(document.text)}
                if document.pages:
                    plan["ocr_pages"] = [
                        {"page": p.number, "confidence": p.confidence, "seconds": p.seconds}
                        for p in document.pages
                    ]
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

    def _progress(self, done: int, total: int) -> None:
        # Only a scan reports progress (OCR takes seconds a page), and only to a person at
        # a terminal: a script reading stderr gets the one message of a failure.
        if done and self.stderr.isatty():
            self.stderr.write(f"Đã nhận dạng {done}/{total} trang")

    def _fail(self, message: str) -> None:
        self.stderr.write(message)
        raise SystemExit(EXIT_BAD_INPUT)
