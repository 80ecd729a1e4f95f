"""The home page: each part answers one role's first question, and a user holding several
roles sees each part they may open. Every part comes from the app that owns it, through
the access layer:

- a registry manager: their latest imports, the data-quality warnings of the profiles they
  edit and the correction requests waiting (`people.overview`, `privacy.services`);
- a reporter: what their agency must report; a coordinator: the late and missing reports
  of their plans (`plans.inbox`);
- a leader or an analyst: key figures and where the targets stand (`indicators.overview`);
- an intellectual: their own profile (the view sends them to "Hồ sơ của tôi").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from trithuc.accounts.scope import Capability, scope_of
from trithuc.core.navigation import tiles_for
from trithuc.indicators.overview import key_figures
from trithuc.people.overview import latest_imports, quality_warnings, synthetic_provinces
from trithuc.plans.inbox import inbox_for
from trithuc.privacy.models import CorrectionStatus
from trithuc.privacy.services import corrections_for_manager, own_people

WAITING_CORRECTIONS = 5


def home_context(user: Any, today: dt.date) -> dict[str, Any]:
    scope = scope_of(user)
    return {
        "registry": registry_desk(user) if scope.can(Capability.EDIT_PEOPLE) else None,
        "inbox": inbox_for(user, today),
        "figures": key_figures(user) if scope.can(Capability.READ_AGGREGATES) else None,
        "tiles": tiles_for(user),
    }


def registry_desk(user: Any) -> dict[str, Any]:
    waiting = corrections_for_manager(user).filter(status=CorrectionStatus.OPEN)
    return {
        "imports": latest_imports(user),
        "warnings": quality_warnings(user),
        "corrections": list(waiting.order_by("created_at")[:WAITING_CORRECTIONS]),
        "corrections_total": waiting.count(),
    }


def shows_demo_data(user: Any) -> bool:
    """Does what `user` sees come from the synthetic demo registry? Then every page says
    "Dữ liệu mô phỏng"."""
    scope = scope_of(user)
    if not scope.authenticated:
        return False
    synthetic = synthetic_provinces()
    if not synthetic:
        return False
    if scope.superuser or any(grant.area.everything for grant in scope.grants):
        return True
    if scope.touched_provinces() & synthetic:
        return True
    return scope.keeps_own_profile and own_people(user).filter(is_synthetic=True).exists()
