"""`trithuc backup PATH`: the database and the uploaded files into a new directory."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from trithuc.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu (pg_dump hoặc SQLite) và các tệp đã tải lên vào một thư mục."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup(options["path"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(_("Đã sao lưu %(tables)d bảng, %(rows)d dòng vào %(path)s")
                          % {"tables": len(manifest["tables"]), "rows": rows, "path": options["path"]})  # fmt: skip
