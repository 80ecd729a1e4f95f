"""`trithuc expert_invitations [--dry-run]`: daily. Ends invitations left unanswered for
the consultation's N days and those whose expert withdrew their consent, inviting an
alternate for each; reminds experts two days before the deadline; lists requesters whose
answers to the recommendations are late."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from trithuc.experts.workflow import sweep_invitations


class Command(BaseCommand):
    help = (
        "Mỗi ngày một lần: kết thúc lời mời chuyên gia không trả lời quá số ngày quy định hoặc "
        "của chuyên gia đã rút lại sự đồng ý, mời chuyên gia dự bị thay thế; nhắc hạn gửi ý "
        "kiến; liệt kê cơ quan quá hạn trả lời kiến nghị."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="chỉ liệt kê, không ghi")

    def handle(self, *args: Any, **options: Any) -> None:
        summary = sweep_invitations(dry_run=bool(options["dry_run"]))
        write = self.stdout.write
        for inv in summary.expired:
            write(f"Không trả lời: {inv.expert.full_name} — {inv.consultation.title}")
        for inv in summary.withdrawn:
            write(f"Đã rút lại sự đồng ý: lời mời {inv.consultation.title} kết thúc")
        for inv in summary.alternates:
            write(f"Mời dự bị: {inv.expert.full_name} — {inv.consultation.title}")
        for inv in summary.reminded:
            write(f"Nhắc hạn: {inv.expert.full_name} — {inv.consultation.title}")
        for c in summary.overdue:
            write(f"Quá hạn trả lời kiến nghị: {c.requester.name} — {c.title}")
        write(f"Không trả lời {len(summary.expired)}, rút đồng ý {len(summary.withdrawn)}, "
              f"mời dự bị {len(summary.alternates)}, nhắc hạn {len(summary.reminded)}, "
              f"quá hạn trả lời {len(summary.overdue)}.")  # fmt: skip
