"""Dashboard, drill-down, export and forms: scope, suppression, freshness, speed."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import seed_003
from trithuc.accounts.models import Membership
from trithuc.indicators.models import Indicator, ReportedFigure, Target
from trithuc.indicators.services import load_targets_file
from trithuc.indicators.snapshots import mark_changed, refresh_snapshot
from trithuc.indicators.tests.factories import (
    COMMUNE_A,
    COMMUNE_B,
    PLAN,
    agriculture_staff,
    masters_target,
)

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("indicators:dashboard")


@pytest.fixture
def registry():
    """Agriculture staff in two communes: 10 in A (5 masters), 3 in B (1 master)."""
    agriculture_staff(COMMUNE_A, 10, 5)
    agriculture_staff(COMMUNE_B, 3, 1, first=10)
    load_targets_file(seed_003())
    refresh_snapshot()


def test_dashboard_shows_every_target_with_values(client, manager, registry):
    client.force_login(manager)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == 34
    masters = next(r for r in rows if r["indicator"] == "share_masters"
                   and r["sector"] == "agriculture" and r["year"] == 2030)  # fmt: skip
    assert (masters["numerator"], masters["denominator"]) == (6, 13)
    assert masters["value_text"] == "46,2%"
    assert masters["source"] == "snapshot"
    body = response.content.decode()
    assert "Số liệu tính lúc" in body
    assert "thạc sĩ" in body
    assert 'data-sparkline="' in body
    assert 'id="indicator-sparklines"' in body
    assert "<script>" not in body.replace("<script src", "")  # no inline script


def test_dashboard_says_when_the_figures_are_stale(client, manager, registry):
    mark_changed()
    client.force_login(manager)
    body = client.get(DASHBOARD).content.decode()
    assert "đang chờ tính lại" in body


def test_warm_dashboard_is_cached_and_uses_few_queries(
    client, manager, registry, django_assert_max_num_queries
):
    client.force_login(manager)
    client.get(DASHBOARD)
    with django_assert_max_num_queries(12):
        response = client.get(DASHBOARD)
    assert len(response.context["rows"]) == 34


def test_aggregates_only_roles_see_small_cells_suppressed(client, analyst, registry):
    client.force_login(analyst)
    rows = client.get(DASHBOARD).context["rows"]
    masters = next(r for r in rows if r["indicator"] == "share_masters"
                   and r["sector"] == "agriculture" and r["year"] == 2030)  # fmt: skip
    assert not masters["suppressed"]  # 6 of 13
    postgraduate = next(r for r in rows if r["indicator"] == "share_postgraduate")
    assert postgraduate["denominator"] is None or not postgraduate["suppressed"]
    # The drill-down's small communes and their complements: test_security.py


def test_a_sibling_province_sees_no_targets_and_gets_404_for_one(client, sibling, registry):
    client.force_login(sibling)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert response.context["plans"] == []
    drill = client.get(reverse("indicators:drill"), {"target": masters_target().uuid})
    assert drill.status_code == 404
    assert client.get(reverse("indicators:drill"), {"target": "nonsense"}).status_code == 404


def test_a_commune_user_sees_only_their_commune(client, django_user_model, registry):
    user = django_user_model.objects.create_user(username="xa", password="pw-Trithuc-2026")
    Membership.objects.create(user=user, role="registry_manager", unit_code=COMMUNE_B)
    client.force_login(user)
    response = client.get(DASHBOARD, {"plan": PLAN})
    assert "phạm vi bạn được xem" in response.content.decode()
    rows = response.context["rows"]
    masters = next(r for r in rows if r["indicator"] == "share_masters"
                   and r["sector"] == "agriculture" and r["year"] == 2030)  # fmt: skip
    assert (masters["numerator"], masters["denominator"]) == (1, 3)


def test_an_agency_scoped_user_is_computed_through_the_registry_gate(
    client, django_user_model, registry
):
    from trithuc.orgunits.models import Agency

    agency = Agency.objects.create(name="Sở Nông nghiệp", province_code="04")
    user = django_user_model.objects.create_user(username="so", password="pw-Trithuc-2026")
    Membership.objects.create(user=user, role="registry_viewer", unit_code="04", agency=agency)
    client.force_login(user)
    rows = client.get(DASHBOARD).context["rows"]
    masters = next(r for r in rows if r["indicator"] == "share_masters")
    assert masters["source"] == "live"
    assert masters["denominator"] == 0  # nobody works for that agency


def test_drill_down_by_commune_and_by_sector(client, manager, registry):
    client.force_login(manager)
    target = masters_target()
    response = client.get(reverse("indicators:drill"), {"target": target.uuid})
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r["code"] for r in rows] == [COMMUNE_A, COMMUNE_B]
    assert response.context["chart"]["values"] == [50.0, 33.33]
    assert 'data-chart="bar"' in response.content.decode()
    by_sector = client.get(reverse("indicators:drill"), {"target": target.uuid, "by": "sector"})
    assert [r["name"] for r in by_sector.context["rows"]] == ["Nông nghiệp"]
    assert client.get(reverse("indicators:drill")).status_code == 302


def test_export_writes_the_table_to_xlsx(client, manager, registry):
    from python_calamine import CalamineWorkbook

    client.force_login(manager)
    response = client.get(reverse("indicators:export"), {"plan": PLAN})
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert sheet[0][:3] == ["Kế hoạch", "Chỉ tiêu", "Lĩnh vực"]
    assert not any("_" in str(header) for header in sheet[0])  # no English code
    assert len(sheet) == 35
    masters = next(row for row in sheet if row[1].endswith("thạc sĩ") and row[4] == 2030
                   and row[2] == "Nông nghiệp")  # fmt: skip
    assert masters[8:10] == [6, 13]
    assert masters[6] == 46.2 and masters[7] == "%"  # 6/13, to one decimal as read


def test_manager_adds_a_target_by_hand(client, manager, registry):
    client.force_login(manager)
    url = reverse("indicators:target_form")
    assert client.get(url).status_code == 200
    data = {
        "plan_reference": "15/KH-UBND", "indicator": Indicator.objects.get(code="share_women").pk,
        "unit_code": "04", "unit_code_system": "2025", "sector": "", "year": 2030,
        "comparator": ">=", "value": 40, "source_text": "nữ chiếm 40% trở lên",
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    target = Target.objects.get(plan_reference="15/KH-UBND")
    assert target.created_by == manager
    assert target.province_code == "04"
    outside = client.post(url, {**data, "unit_code": "20", "plan_reference": "X"})
    assert "ngoài phạm vi" in outside.content.decode()
    bad_range = client.post(url, {**data, "comparator": "range", "value_high": 10})
    assert "cận trên" in bad_range.content.decode()
    edit = client.get(url, {"target": target.uuid})
    assert edit.status_code == 200


def test_a_read_only_role_cannot_add_targets_or_figures(client, viewer, analyst, registry):
    for user in (viewer, analyst):
        client.force_login(user)
        assert client.get(reverse("indicators:target_form")).status_code == 403
        assert client.post(reverse("indicators:report"), {"value": 1}).status_code == 403
    assert not ReportedFigure.objects.exists()


def test_reported_figures_sit_beside_computed_ones_with_a_flag(client, manager, registry):
    client.force_login(manager)
    indicator = Indicator.objects.get(code="share_masters")
    year = timezone.localdate().year
    response = client.post(reverse("indicators:report"), {
        "indicator": indicator.pk, "unit_code": "04", "sector": "agriculture", "year": year,
        "value": 60, "source": "Báo cáo 12/BC-SNN",
    })  # fmt: skip
    assert response.status_code == 302
    rows = client.get(DASHBOARD).context["rows"]
    masters = next(r for r in rows if r["indicator"] == "share_masters"
                   and r["sector"] == "agriculture" and r["year"] == 2030)  # fmt: skip
    assert masters["reported"]["value"] == 60
    assert masters["disagrees"]
    assert "Khác số tính từ cơ sở dữ liệu" in client.get(DASHBOARD).content.decode()
    figure = ReportedFigure.objects.get()
    figure.value = 46.9
    figure.save()
    rows = client.get(DASHBOARD).context["rows"]
    masters = next(r for r in rows if r["indicator"] == "share_masters"
                   and r["sector"] == "agriculture" and r["year"] == 2030)  # fmt: skip
    assert not masters["disagrees"]  # within 1 percentage point


def test_reported_only_indicator_takes_its_value_from_reports(client, manager):
    load_targets_file(seed_003())
    indicator = Indicator.objects.get(code="share_qualification_matching_job_position")
    Target.objects.create(indicator=indicator, unit_code="04", year=2030, comparator="=",
                          value=100, plan_reference=PLAN)  # fmt: skip
    for year, value in [(2023, 80.0), (2024, 85.0), (2025, 90.0)]:
        ReportedFigure.objects.create(indicator=indicator, unit_code="04", year=year,
                                      value=value, source="Sở Nội vụ")  # fmt: skip
    client.force_login(manager)
    rows = client.get(DASHBOARD).context["rows"]
    row = next(r for r in rows if r["indicator"] == indicator.code)
    assert row["value"] == 90.0
    assert row["status"] == "on_track"  # +5 points a year reaches 100 by 2030


def test_registry_changes_refresh_the_snapshot_by_a_task(
    manager, registry, django_capture_on_commit_callbacks
):
    from trithuc.indicators.snapshots import get_state
    from trithuc.people.signals import registry_changed

    before = get_state().refreshed_at
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5)):
        registry_changed.send(sender=None)
    state = get_state()
    assert state.refreshed_at > before
    assert not state.is_stale


def test_admin_adds_an_indicator_without_code(admin_client):
    url = reverse("admin:indicators_indicator_add")
    bad = admin_client.post(url, {"code": "x", "name": "X", "kind": "share", "unit": "%",
                                  "population": '{"salary": 1}', "numerator": "{}",
                                  "event_filter": "{}", "is_active": "on"})  # fmt: skip
    assert bad.status_code == 200
    assert "salary" in bad.content.decode()
    good = admin_client.post(url, {
        "code": "share_party_members", "name": "Tỷ lệ đảng viên", "kind": "share", "unit": "%",
        "population": '{"employment_type__in": "@state_staff", "sector": "{sector}"}',
        "numerator": '{"party_member": true}', "event_filter": "{}", "is_active": "on",
    })  # fmt: skip
    assert good.status_code == 302
    assert Indicator.objects.get(code="share_party_members").kind == "share"


def test_dashboard_counts_as_of_a_date_and_for_a_unit_chosen_by_name(client, manager, registry):
    client.force_login(manager)

    def masters(response):
        return next(r for r in response.context["rows"] if r["indicator"] == "share_masters"
                    and r["sector"] == "agriculture" and r["year"] == 2030)  # fmt: skip

    # Masters' degrees came in 2016 + n: two of the thirteen had one at the end of 2017.
    past = client.get(DASHBOARD, {"plan": PLAN, "as_of": "31/12/2017"})
    assert masters(past)["value_text"] == "15,4%"
    assert "tính đến ngày 31/12/2017" in past.content.decode()
    ward = client.get(DASHBOARD, {"plan": PLAN, "unit": "thuc phan"})
    assert masters(ward)["value_text"] == "50%"  # 5 of the 10 in Thục Phán
    assert "Phường Thục Phán (01273)" in ward.content.decode()
    unknown = client.get(DASHBOARD, {"plan": PLAN, "unit": "Xã Không Có"})
    assert unknown.context["rows"] == []
    assert "Không tìm thấy đơn vị hành chính" in unknown.content.decode()
    export = client.get(reverse("indicators:export"), {"plan": PLAN, "as_of": "31/12/2017"})
    assert export.status_code == 200


def test_dashboard_groups_targets_by_indicator_with_the_years_side_by_side(
    client, manager, registry
):
    client.force_login(manager)
    response = client.get(DASHBOARD)
    grouped = response.context["grouped"]
    assert grouped["years"] == [2030, 2045]
    masters = next(g for g in grouped["groups"] if g["indicator"] == "share_masters"
                   and g["sector"] == "agriculture")  # fmt: skip
    assert [[t["official_target"] for t in c["targets"]] for c in masters["cells"]] == [
        ["≥ 25%"],
        ["30%"],
    ]
    assert len(grouped["groups"]) < len(response.context["rows"])
    body = response.content.decode()
    assert "Mục tiêu 2030" in body and "Mục tiêu 2045" in body
    for jargon in ("Số báo cáo</th>", "Xu thế", "San bằng mũ", "Hai mô hình", "(từ … trở lên)"):
        assert jargon not in body
