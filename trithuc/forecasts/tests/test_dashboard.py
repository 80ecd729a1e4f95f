"""The indicator dashboard shows each target's forecast in place of its trend lines:
value in the target year with its interval, the year it is met, the gap, the yearly
intake needed, and a fan on its chart; small populations are hidden from analysts."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from trithuc.indicators.models import Indicator, Target
from trithuc.indicators.snapshots import refresh_snapshot
from trithuc.indicators.tests.factories import COMMUNE_A, COMMUNE_B, agriculture_staff

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("indicators:dashboard")


def targets() -> None:
    for code, value in (("share_masters", 25.0), ("share_trained_to_standard", 80.0)):
        Target.objects.create(indicator=Indicator.objects.get(code=code), unit_code="04",
                              sector="agriculture", year=2030, comparator=">=", value=value,
                              plan_reference="KH thử")  # fmt: skip


@pytest.fixture
def registry() -> None:
    agriculture_staff(COMMUNE_A, 40, 6)
    agriculture_staff(COMMUNE_B, 3, 1, first=40)
    targets()
    refresh_snapshot()


def masters_2030(rows: list[dict]) -> dict:
    return next(r for r in rows if r["indicator"] == "share_masters"
                and r["sector"] == "agriculture" and r["year"] == 2030)  # fmt: skip


def test_a_forecast_replaces_the_trend(client, manager, registry) -> None:
    client.force_login(manager)
    response = client.get(DASHBOARD)
    row = masters_2030(response.context["rows"])
    forecast = row["forecast"]
    assert forecast["population"] == 43
    # 7 of 43 masters, 25% by 2030: the forecast falls short; in so small a group the top
    # of its interval (chance in each year's flows) may reach the target.
    assert forecast["status"] == row["status"]
    assert forecast["status"] in ("off_track", "at_risk") and forecast["gap"] > 0
    assert forecast["gap"] > 0 and "Còn thiếu" in forecast["gap_text"]
    assert row["needed"].startswith("Cần nâng trình độ khoảng")
    assert "từ đại học lên thạc sĩ" in row["needed"]
    body = response.content.decode()
    assert forecast["value_text"] in body and forecast["interval_text"] in body
    fan = json.loads(json.dumps(response.context["sparklines"]))
    assert fan[row["uuid"]]["forecast"]["years"][-1] == 2030
    # A target the model cannot count keeps its trend, and says why on hover.
    trained = next(r for r in response.context["rows"]
                   if r["indicator"] == "share_trained_to_standard")  # fmt: skip
    assert "upskilled_to_standard" in trained["forecast"]["note"]
    assert "value_text" not in trained["forecast"]


def test_an_analyst_does_not_see_a_small_populations_forecast(client, analyst) -> None:
    agriculture_staff(COMMUNE_A, 3, 1)
    targets()
    refresh_snapshot()
    client.force_login(analyst)
    row = masters_2030(client.get(DASHBOARD).context["rows"])
    assert row["forecast"] == {"hidden": True}
    assert "ẩn" in client.get(DASHBOARD).content.decode()


@pytest.mark.parametrize(
    ("error", "unit", "text"),
    [
        (-0.03, "%", "-0,03%"),
        (0.001, "%", "0%"),
        (1.284, "%", "+1,3%"),
        (-12.0, "người", "-12 người"),
    ],
)
def test_backtest_errors_keep_their_sign_and_never_read_minus_zero(error, unit, text) -> None:
    from trithuc.forecasts.presenters import _signed

    assert _signed(error, unit) == text
