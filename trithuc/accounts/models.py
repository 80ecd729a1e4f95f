"""Who may see what: a user's roles, each scoped to a unit (and everything under it)
and/or an agency; consents and correction requests of the people in the registry."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", "Quản trị hệ thống"
    REGISTRY_MANAGER = "registry_manager", "Quản lý cơ sở dữ liệu"
    REGISTRY_VIEWER = "registry_viewer", "Xem hồ sơ"
    ANALYST = "analyst", "Phân tích số liệu tổng hợp"
    PLAN_COORDINATOR = "plan_coordinator", "Điều phối kế hoạch"
    AGENCY_REPORTER = "agency_reporter", "Báo cáo của cơ quan"
    INTELLECTUAL = "intellectual", "Trí thức (hồ sơ của mình)"
    # The consultation secretariat (issue 17), usually staff of the province's Union of
    # Science and Technology Associations: runs consultations and sees experts' contacts.
    CONSULT_SECRETARIAT = "consult_secretariat", "Thư ký tư vấn, phản biện chuyên gia"
    # A national installation (issue 19): the country's figures, province by province,
    # never a person. Bound to no unit or agency (`services._check_membership`).
    NATIONAL_ANALYST = "national_analyst", "Tổng hợp số liệu toàn quốc"


# What each role may do is `trithuc.accounts.scope.ROLE_CAPABILITIES`.


class Membership(models.Model):
    """One role of one user over one scope.

    `unit_code` is a 2-digit province code or a 5-digit commune code (2025 list), or
    blank for the whole country (system administrators of a national installation).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    unit_code = models.CharField("mã đơn vị hành chính", max_length=5, blank=True)
    agency = models.ForeignKey(
        "orgunits.Agency",
        verbose_name="cơ quan",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    national_id = models.CharField("số định danh (vai trò trí thức)", max_length=12, blank=True)

    class Meta:
        verbose_name = "phân quyền"
        verbose_name_plural = "phân quyền"

    def __str__(self) -> str:
        scope = self.agency or self.unit_code or "toàn quốc"
        return f"{self.user} – {self.get_role_display()} – {scope}"


class Account(models.Model):
    """A user's public key for URLs: pages about a user carry this UUID, never the id."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account"
    )
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tạo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "tài khoản"
        verbose_name_plural = "tài khoản"

    def __str__(self) -> str:
        return str(self.user)
