"""The menu a user sees, from their roles (kept out of the templates)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from trithuc.accounts.scope import Capability, scope_of
from trithuc.accounts.services import (
    can_edit_people,
    can_view_aggregates,
    can_view_profiles,
)
from trithuc.plans.access import can_follow_plans, reporter_agency_ids

# What the home page says under each of the user's menu entries that gets a tile.
TILES = {
    "people:list": "Tìm kiếm, lọc, xem hồ sơ, xuất Excel",
    "people:summary": "Theo lĩnh vực, trình độ, đơn vị",
    "indicators:dashboard": "Mức đạt các chỉ tiêu của kế hoạch",
    "national": "Số người và chỉ tiêu của từng tỉnh, thành phố trên cả nước",
    "people:import_upload": "Theo mẫu nhập dữ liệu trí thức",
    "plans:plan_list": "Văn bản, nhiệm vụ, báo cáo định kỳ của các cơ quan",
    "plans:my_due": "Báo cáo cơ quan mình phải nộp",
    "experts:directory": "Chuyên gia đã đồng ý công khai, theo lĩnh vực",
    "experts:consultation_list": "Đề nghị tư vấn, phản biện, giám định xã hội, đặt hàng",
}


def _can(user: Any, *capabilities: str) -> bool:
    scope = scope_of(user)
    return any(scope.can(Capability(c)) for c in capabilities)


def tiles_for(user: Any) -> list[dict[str, str]]:
    return [item for item in menu_for(user) if item["description"]]


def _experts_items(user: Any) -> list[tuple[bool, str, str]]:
    """Experts (issue 17): the directory, consultations, the expert's own page."""
    scope = scope_of(user)
    manage = scope.can(Capability.MANAGE_CONSULTATIONS)
    return [
        (manage or scope.can(Capability.READ_EXPERTS), "experts:directory", "Chuyên gia"),
        (manage or scope.can(Capability.REQUEST_CONSULTATIONS), "experts:consultation_list",
         "Tư vấn, phản biện"),
        (scope.keeps_own_profile, "experts:my_expertise", "Chuyên gia: hồ sơ của tôi"),
    ]  # fmt: skip


def menu_for(user: Any) -> list[dict[str, str]]:
    if not getattr(user, "is_authenticated", False):
        return []
    scope = scope_of(user)
    items: list[tuple[bool, str, str]] = [
        (can_view_profiles(user), "people:list", "Danh sách trí thức"),
        (can_view_aggregates(user), "people:summary", "Số liệu tổng hợp"),
        (can_view_aggregates(user), "indicators:dashboard", "Chỉ tiêu"),
        (can_view_aggregates(user), "forecasts:forecast", "Dự báo"),
        (scope.everywhere(Capability.READ_AGGREGATES), "national", "Các tỉnh, thành phố"),
        (can_edit_people(user), "people:import_upload", "Nhập từ Excel"),
        (can_follow_plans(user), "plans:plan_list", "Kế hoạch"),
        (bool(reporter_agency_ids(user)), "plans:my_due", "Việc cần báo cáo"),
        (can_edit_people(user), "privacy:correction_list", "Yêu cầu chỉnh sửa"),
        (scope.keeps_own_profile, "privacy:my_profile", "Hồ sơ của tôi"),
        # issue 18: attract, keep and honour
        (_can(user, "manage_talent", "read_aggregates"), "talent:policy_list", "Thu hút nhân tài"),
        (_can(user, "manage_honours", "read_aggregates"), "honours:list", "Khen thưởng"),
        (_can(user, "manage_honours"), "dialogues:meeting_list", "Gặp mặt, kiến nghị"),
        (bool(reporter_agency_ids(user)), "dialogues:request_list", "Kiến nghị cần trả lời"),
        (can_view_aggregates(user), "representation:party", "Đảng viên trẻ, quy hoạch"),
        *_experts_items(user),
        (scope.can(Capability.ADMINISTER_USERS), "accounts:user_list", "Người dùng"),
        (scope.can(Capability.READ_AUDIT), "audit:list", "Nhật ký"),
        (True, "accounts:account", "Tài khoản"),
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
