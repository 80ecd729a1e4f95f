"""The plans part of the home page: what the user's agency owes soon or is late with,
and, for a plan's owner, how many reports are late."""

from __future__ import annotations

import datetime as dt
from typing import Any

from trithuc.plans import access, due, presenters

INBOX_SIZE = 8
LATE_PER_PLAN = 5  # the oldest late or missing reports listed under each plan


def inbox_for(user: Any, today: dt.date) -> dict[str, Any]:
    agencies = access.reporter_agency_ids(user)
    pending: list[dict[str, Any]] = []
    if agencies:
        items = due.agency_due_items(access.plans_for(user), agencies, today)
        items = [i for i in due.current_cycle_items(items, today)
                 if i.state(today) == "late" or (i.period.due_on - today).days <= 60]  # fmt: skip
        pending = presenters.due_rows(items, today)
    owned = []
    for plan in access.managed_plans(user).order_by("-issued_on")[:20]:
        late = due.late_and_missing(plan, today)
        if late:
            owned.append({"plan": plan, "late": len(late),
                          "rows": presenters.due_rows(late[:LATE_PER_PLAN], today)})  # fmt: skip
    return {
        "pending": pending[:INBOX_SIZE], "pending_total": len(pending),
        "late_total": sum(1 for row in pending if row["state_code"] == "late"),
        "owned": owned, "show": bool(agencies) or access.can_create_plans(user),
    }  # fmt: skip
