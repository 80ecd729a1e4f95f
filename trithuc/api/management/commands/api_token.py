"""trithuc api_token issue USERNAME --name NAME [--days N] | list | revoke PREFIX

A connected system (CSDL CBCCVC, the province's data-sharing platform…) gets a user
account of its own, with a role and scope given like any user's, and a token issued here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from trithuc.api.models import ApiToken
from trithuc.api.tokens import issue_token, revoke_token


class Command(BaseCommand):
    help = "Cấp, liệt kê, thu hồi mã truy cập API (mỗi mã gắn với một tài khoản và phạm vi của nó)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        issue = sub.add_parser("issue", help="cấp mã mới (chỉ hiện một lần)")
        issue.add_argument("username")
        issue.add_argument("--name", required=True, help="tên hệ thống hoặc mục đích")
        issue.add_argument("--days", type=int, help="hết hạn sau số ngày này")
        sub.add_parser("list", help="liệt kê các mã")
        revoke = sub.add_parser("revoke", help="thu hồi mã theo tiền tố")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _issue(self, options: dict[str, Any]) -> None:
        user = get_user_model().objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(_("Không có tài khoản đang hoạt động “%(name)s”.")
                               % {"name": options["username"]})  # fmt: skip
        expires = timezone.now() + dt.timedelta(days=options["days"]) if options["days"] else None
        token, raw = issue_token(user, name=options["name"], expires_at=expires)
        self.stdout.write(raw)
        self.stderr.write(_("Mã %(prefix)s… cho %(user)s: lưu lại ngay, mã không hiện lại.")
                          % {"prefix": token.prefix, "user": user.username})  # fmt: skip

    def _list(self, options: dict[str, Any]) -> None:
        for token in ApiToken.objects.select_related("user").order_by("created_at"):
            state = "revoked" if token.revoked_at else "active"
            self.stdout.write(f"{token.prefix}\t{token.user.username}\t{token.name}\t{state}\t"
                              f"{token.last_used_at or '-'}")  # fmt: skip

    def _revoke(self, options: dict[str, Any]) -> None:
        token = ApiToken.objects.filter(prefix=options["prefix"], revoked_at__isnull=True).first()
        if token is None:
            raise CommandError(_("Không có mã đang dùng với tiền tố này."))
        revoke_token(token)
        self.stdout.write(_("Đã thu hồi mã %(prefix)s.") % {"prefix": token.prefix})
