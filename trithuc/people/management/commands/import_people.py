"""trithuc import_people PATH [--strict] [--dry-run] [--format json]"""

import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from trithuc.accounts.services import can_edit_people
from trithuc.core.security import UploadRefused, check_archive
from trithuc.people.command_users import user_for_command
from trithuc.people.services import TEMPLATE, import_people_file


class Command(BaseCommand):
    help = "Nhập danh sách trí thức từ tệp XLSX, XLS, ODS hoặc CSV theo mẫu."
    layout = TEMPLATE  # import_cbccvc: an export of CSDL CBCCVC

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="tệp cần nhập")
        parser.add_argument(
            "--strict", action="store_true", help="không ghi gì nếu có bất kỳ dòng lỗi nào"
        )
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--sheet", help="tên trang tính (mặc định: trang hiển thị đầu tiên)")
        parser.add_argument(
            "--user",
            help="tên đăng nhập của người thực hiện: chỉ nhập người trong phạm vi người đó "
            "quản lý, ghi nhật ký với tên này (không có: quyền người vận hành máy chủ)",
        )

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["path"]))
        if not path.exists():
            raise CommandError(f"Không tìm thấy tệp: {path}")
        # The web checks an upload's real decompressed size when it arrives; a file
        # given on the command line is checked here, before python-calamine reads it.
        try:
            with path.open("rb") as handle:
                check_archive(handle, settings.TRITHUC_UPLOAD_MAX_UNZIPPED_BYTES)
        except UploadRefused as exc:
            raise CommandError(str(exc), returncode=2) from None
        actor = None
        if options.get("user"):
            # Refused (exit 2) rather than imported as the operator without a scope.
            actor = user_for_command(
                str(options["user"]),
                can_edit_people,
                "Người dùng “{username}” không có vai trò được nhập hồ sơ (cần vai trò quản lý "
                "hồ sơ trí thức).",
            )
        show_bar = options["format"] == "text" or sys.stderr.isatty()
        report = import_people_file(
            path,
            actor=actor,
            strict=bool(options["strict"]),
            dry_run=bool(options["dry_run"]),
            sheet_name=options.get("sheet") or None,  # type: ignore[arg-type]
            progress=self._progress if show_bar else None,
            layout=self.layout,
        )
        if show_bar:
            self.stderr.write("")
        if options["format"] == "json":
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            self._print_text(report, bool(options["dry_run"]))
        if report.errors and (options["strict"] or report.rows == 0):
            sys.exit(1)

    def _progress(self, done: int, total: int) -> None:
        width = 30
        share = min(1.0, done / total) if total else 1.0
        bar = "█" * int(width * share) + "·" * (width - int(width * share))
        self.stderr.write(f"\r[{bar}] {done:,}/{total:,} dòng", ending="")
        self.stderr.flush()

    def _print_text(self, report: object, dry_run: bool) -> None:
        data = report.as_dict()  # type: ignore[attr-defined]
        verb = "Kiểm tra (không ghi)" if dry_run else "Đã nhập"
        self.stdout.write(
            f"{verb}: {data['rows']} dòng; thêm mới {data['created']}, cập nhật "
            f"{data['updated']}, không đổi {data['unchanged']}; "
            f"{len(data['errors'])} lỗi, {len(data['warnings'])} cảnh báo."
        )
        for error in data["errors"][:200]:
            self.stdout.write(_line("Lỗi", error))
        for warning in data["warnings"][:50]:
            self.stdout.write(_line("Cảnh báo", warning))


def _line(kind: str, item: dict) -> str:
    where = f"Dòng {item['row']}" if item["row"] else "Tệp"
    column = f", cột '{item['column']}'" if item["column"] else ""
    return f"  {kind} – {where}{column}: {item['message']}"
