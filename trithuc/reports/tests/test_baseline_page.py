"""The page that takes a frozen report's figure as the baseline of a later plan's target
(issue 14, "Freezing"): choose, confirm, saved through `services.use_as_baseline`; only
for those who make the plan's reports and may edit the target."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from trithuc.accounts.models import Role
from trithuc.accounts.scope import ROLE_CAPABILITIES, Capability
from trithuc.audit.models import AuditEvent
from trithuc.indicators.models import Target
from trithuc.reports.registry import cell_text
from trithuc.reports.services import freeze

pytestmark = pytest.mark.django_db


def _later_target(source: Target, unit_code: str = "04", **fields) -> Target:
    """A target of the plan that follows, with the baseline printed in its text."""
    values = {"plan_date": dt.date(2026, 3, 1), **fields}
    return Target.objects.create(
        indicator=source.indicator, unit_code=unit_code, sector=source.sector, year=2030,
        comparator=source.comparator, value=source.value, plan_reference="140-KH/TU",
        baseline_value=17178, baseline_year=2020, baseline_source="Báo cáo 246-BC/TU",
        **values,
    )  # fmt: skip


@pytest.fixture
def frozen(yearly):
    report = freeze(yearly, actor=None)
    figure = next(t for t in report.figures["targets"] if t["value"] is not None and t["indicator"])
    return report, figure, Target.objects.get(uuid=figure["uuid"])


def _url(report) -> str:
    return reverse("reports:report_baseline", args=[report.plan.uuid, report.period_id])


def test_the_coordinator_chooses_confirms_and_the_baseline_is_taken(frozen, demo, client):
    report, figure, source = frozen
    later = _later_target(source)
    client.force_login(demo["coordinator"])
    edit = client.get(reverse("reports:report_edit", args=[report.plan.uuid, report.period_id]))
    assert _url(report) in edit.content.decode()
    page = client.get(_url(report)).content.decode()
    assert "140-KH/TU" in page and figure["value_text"] in page
    # Choosing shows what will change; nothing is written yet.
    choice = {"figure": figure["uuid"], "target": str(later.uuid)}
    confirm = client.get(_url(report), choice).content.decode()
    assert "Xác nhận lấy số liệu" in confirm and "17.178 (năm 2020)" in confirm
    assert f"<b>{cell_text(figure['numerator'])}</b> (năm 2025" in confirm
    later.refresh_from_db()
    assert later.baseline_value == 17178
    response = client.post(_url(report), choice)
    assert response.status_code == 302
    later.refresh_from_db()
    # The plan's first target is the count of intellectuals against a baseline year: a
    # ratio, whose later baseline is the count of people the report holds.
    expected = figure["numerator"] if source.indicator.kind == "ratio" else figure["value"]
    assert source.indicator.kind == "ratio" and isinstance(expected, int) and expected > 0
    assert (later.baseline_value, later.baseline_year) == (expected, 2025)
    assert "15-KH/TU" in later.baseline_source and "2025-12-14" in later.baseline_source
    assert AuditEvent.objects.filter(action="target_baseline").count() == 1
    assert "Đã lấy số liệu của báo cáo" in client.get(_url(report)).content.decode()


def test_only_targets_the_user_may_edit_of_later_plans_are_offered(frozen, demo, client):
    report, figure, source = frozen
    elsewhere = _later_target(source, unit_code="20")  # another province's plan
    earlier = _later_target(source, plan_date=dt.date(2025, 1, 1))  # before the cut-off
    client.force_login(demo["coordinator"])
    page = client.get(_url(report)).content.decode()
    assert str(elsewhere.uuid) not in page and str(earlier.uuid) not in page
    for target in (elsewhere, earlier, source):
        response = client.post(_url(report), {"figure": figure["uuid"], "target": str(target.uuid)})
        assert response.status_code == 302
        target.refresh_from_db()
        assert target.baseline_value != figure["value"] or target.baseline_year != 2025
    messages = client.get(_url(report)).content.decode()
    assert "Không lấy được số liệu này cho mục tiêu đã chọn." in messages


def test_a_report_not_frozen_gives_no_figure(yearly, demo, client):
    client.force_login(demo["coordinator"])
    page = client.get(_url(yearly)).content.decode()
    assert "chưa chốt số liệu" in page and "baseline-figures" not in page


def test_roles_that_do_not_edit_targets_or_make_the_reports_are_refused(
    frozen, demo, client, monkeypatch, django_user_model
):
    from trithuc.accounts.models import Membership

    report, figure, source = frozen
    later = _later_target(source)
    choice = {"figure": figure["uuid"], "target": str(later.uuid)}
    # An agency's reporter does not make the plan's reports.
    client.force_login(demo["reporter"])
    assert client.get(_url(report)).status_code in (403, 404)
    assert client.post(_url(report), choice).status_code in (403, 404)
    # A registry manager edits targets but does not make reports.
    manager = django_user_model.objects.create_user(username="ql", password="pw-Trithuc-2026")
    Membership.objects.create(user=manager, role="registry_manager", unit_code="04")
    client.force_login(manager)
    assert client.post(_url(report), choice).status_code in (403, 404)
    # A coordinator whose role would not edit targets: refused, and no link to the page.
    without = ROLE_CAPABILITIES[Role.PLAN_COORDINATOR] - {Capability.EDIT_TARGETS}
    monkeypatch.setitem(ROLE_CAPABILITIES, Role.PLAN_COORDINATOR, without)
    client.force_login(demo["coordinator"])
    assert client.post(_url(report), choice).status_code == 403
    edit = client.get(reverse("reports:report_edit", args=[report.plan.uuid, report.period_id]))
    assert _url(report) not in edit.content.decode()
    later.refresh_from_db()
    assert later.baseline_value == 17178
