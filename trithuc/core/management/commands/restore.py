"""`trithuc restore PATH`: a backup made by `trithuc backup` into an empty database."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from trithuc.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Khôi phục một bản sao lưu của `trithuc backup` vào cơ sở dữ liệu trống."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--force", action="store_true",
                            help="ghi đè cả khi cơ sở dữ liệu đích đã có dữ liệu")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore(options["path"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(_("Đã khôi phục %(tables)d bảng, %(rows)d dòng từ %(path)s")
                          % {"tables": len(manifest["tables"]), "rows": rows, "path": options["path"]})  # fmt: skip
