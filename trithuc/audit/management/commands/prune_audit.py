"""trithuc prune_audit [--dry-run]: delete audit events older than the retention period."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from trithuc.audit.services import prune_events, retention_cutoff


class Command(BaseCommand):
    help = (
        "Xóa các sự kiện nhật ký cũ hơn thời hạn lưu giữ (TRITHUC_AUDIT_RETENTION_DAYS); "
        "việc xóa được ghi vào nhật ký."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="chỉ đếm, không xóa")

    def handle(self, *args: object, **options: object) -> None:
        cutoff = retention_cutoff()
        count = prune_events(dry_run=bool(options["dry_run"]))
        days = settings.TRITHUC_AUDIT_RETENTION_DAYS
        verb = "Sẽ xóa" if options["dry_run"] else "Đã xóa"
        self.stdout.write(f"{verb} {count} sự kiện trước {cutoff:%d/%m/%Y} (lưu giữ {days} ngày).")
