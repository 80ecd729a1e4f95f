"""The menu a user sees, from their roles (kept out of the templates)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from trithuc.accounts.scope import Capability, scope_of
from trithuc.accounts.services import (
    can_edit_people,
    can_view_aggregates,
    can_view_profiles,
)
from trithuc.plans.access import can_follow_plans, reporter_agency_ids

# What the home page says under each of the user's menu entries that gets a tile.
TILES = {
    "people:list": _("Tìm kiếm, lọc, xem hồ sơ, xuất Excel"),
    "people:summary": _("Theo lĩnh vực, trình độ, đơn vị"),
    "indicators:dashboard": _("Mức đạt các chỉ tiêu của kế hoạch"),
    "national": _("Số người và chỉ tiêu của từng tỉnh, thành phố trên cả nước"),
    "people:import_upload": _("Theo mẫu nhập dữ liệu trí thức"),
    "plans:plan_list": _("Văn bản, nhiệm vụ, báo cáo định kỳ của các cơ quan"),
    "plans:my_due": _("Báo cáo cơ quan mình phải nộp"),
    "experts:directory": _("Chuyên gia đã đồng ý công khai, theo lĩnh vực"),
    "experts:consultation_list": _("Đề nghị tư vấn, phản biện, giám định xã hội, đặt hàng"),
}


def _can(user: Any, *capabilities: str) -> bool:
    scope = scope_of(user)
    return any(scope.can(Capability(c)) for c in capabilities)


def tiles_for(user: Any) -> list[dict[str, str | Promise]]:
    return [item for item in menu_for(user) if item["description"]]


def _experts_items(user: Any) -> list[tuple[bool, str, str | Promise]]:
    """Experts (issue 17): the directory, consultations, the expert's own page."""
    scope = scope_of(user)
    manage = scope.can(Capability.MANAGE_CONSULTATIONS)
    return [
        (manage or scope.can(Capability.READ_EXPERTS), "experts:directory", _("Chuyên gia")),
        (manage or scope.can(Capability.REQUEST_CONSULTATIONS), "experts:consultation_list",
         _("Tư vấn, phản biện")),
        (scope.keeps_own_profile, "experts:my_expertise", _("Chuyên gia: hồ sơ của tôi")),
    ]  # fmt: skip


def menu_for(user: Any) -> list[dict[str, str | Promise]]:
    if not getattr(user, "is_authenticated", False):
        return []
    scope = scope_of(user)
    items: list[tuple[bool, str, str | Promise]] = [
        (can_view_profiles(user), "people:list", _("Danh sách trí thức")),
        (can_view_aggregates(user), "people:summary", _("Số liệu tổng hợp")),
        (can_view_aggregates(user), "indicators:dashboard", _("Chỉ tiêu")),
        (can_view_aggregates(user), "forecasts:forecast", _("Dự báo")),
        (can_view_aggregates(user), "forecasts:priority", _("Lĩnh vực ưu tiên")),
        (scope.everywhere(Capability.READ_AGGREGATES), "national", _("Các tỉnh, thành phố")),
        (can_edit_people(user), "people:import_upload", _("Nhập từ Excel")),
        (can_edit_people(user), "people:field_review", _("Mã ngành đào tạo")),
        (can_follow_plans(user), "plans:plan_list", _("Kế hoạch")),
        (bool(reporter_agency_ids(user)), "plans:my_due", _("Việc cần báo cáo")),
        (can_edit_people(user), "privacy:correction_list", _("Yêu cầu chỉnh sửa")),
        (scope.keeps_own_profile, "privacy:my_profile", _("Hồ sơ của tôi")),
        # issue 18: attract, keep and honour
        (
            _can(user, "manage_talent", "read_aggregates"),
            "talent:policy_list",
            _("Thu hút nhân tài"),
        ),
        (_can(user, "manage_honours", "read_aggregates"), "honours:list", _("Khen thưởng")),
        (_can(user, "manage_honours"), "dialogues:meeting_list", _("Gặp mặt, kiến nghị")),
        (bool(reporter_agency_ids(user)), "dialogues:request_list", _("Kiến nghị cần trả lời")),
        (can_view_aggregates(user), "representation:party", _("Đảng viên trẻ, quy hoạch")),
        *_experts_items(user),
        (scope.can(Capability.ADMINISTER_USERS), "accounts:user_list", _("Người dùng")),
        (scope.can(Capability.READ_AUDIT), "audit:list", _("Nhật ký")),
        (True, "accounts:account", _("Tài khoản")),
    ]
    menu = []
    for allowed, name, label in items:
        if not allowed:
            continue
        try:
            menu.append({"url": reverse(name), "label": label, "name": name,
                         "description": TILES.get(name, "")})  # fmt: skip
        except Exception:  # noqa: S112  (a page whose app is not installed is left out)
            continue
    return menu
