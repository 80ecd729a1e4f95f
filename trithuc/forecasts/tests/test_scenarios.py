"""Named scenarios: a planner saves rates per sector and level, forecasts use them in
place of the estimates; bad input is refused in Vietnamese, other provinces get 404."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from trithuc.audit.models import AuditEvent
from trithuc.forecasts.models import Scenario
from trithuc.indicators.tests.factories import COMMUNE_A, agriculture_staff

pytestmark = pytest.mark.django_db
NEW = reverse("forecasts:scenario_new")


def post(client, name: str, *rows: dict) -> object:  # type: ignore[no-untyped-def]
    data = {
        "name": name,
        "note": "",
        "rates-TOTAL_FORMS": str(len(rows)),
        "rates-INITIAL_FORMS": "0",
        "rates-MIN_NUM_FORMS": "0",
        "rates-MAX_NUM_FORMS": "40",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"rates-{i}-{key}"] = value
    return client.post(NEW, data)


def forecast(*args: str) -> dict:
    out = io.StringIO()
    call_command("forecast", "--as-of", "2025-12-31", "--to", "2035", "--by", "sector",
                 *args, stdout=out, stderr=io.StringIO())  # fmt: skip
    return json.loads(out.getvalue())


def test_a_scenario_with_no_flows_is_the_no_flow_forecast(client, manager) -> None:
    agriculture_staff(COMMUNE_A, 30, 8)
    client.force_login(manager)
    response = post(client, "Không tuyển, không nghỉ",
                    {"sector": "", "education_level": "", "hire": "0", "leave": "0", "upgrade": "0"})  # fmt: skip
    scenario = Scenario.objects.get()
    assert response.status_code == 302 and str(scenario.uuid) in response["Location"]
    assert scenario.province_code == "04" and scenario.rates[0]["hire"] == 0.0
    assert AuditEvent.objects.filter(action="create", detail__what="forecast_scenario").exists()
    named = forecast("--scenario", "Không tuyển, không nghỉ")
    plain = forecast("--scenario", "no-flow")
    assert [r["stock"] for r in named["rows"]] == [r["stock"] for r in plain["rows"]]
    baseline = forecast()
    # Masters awarded 2021–2023 are in the window: the baseline moves people up.
    assert sum(r["upgrades_in"] for r in baseline["rows"]) > 0
    assert sum(r["upgrades_in"] for r in named["rows"]) == 0
    page = client.get(reverse("forecasts:forecast"), {"kich_ban": str(scenario.uuid)})
    assert page.status_code == 200 and "Không tuyển, không nghỉ" in page.content.decode()


def test_a_rate_from_the_form_uses_the_decimal_comma(client, manager) -> None:
    client.force_login(manager)
    post(client, "Nâng trình độ", {"sector": "agriculture", "education_level": "bachelor",
                                   "upgrade": "12,5"})  # fmt: skip
    assert Scenario.objects.get().rates == [
        {"sector": "agriculture", "education_level": "bachelor", "upgrade": 12.5}
    ]


@pytest.mark.parametrize(
    ("name", "row", "message"),
    [
        ("Sai", {"hire": "150"}, "Tỉ lệ phải từ 0 đến 100 (%)."),
        ("Sai", {"leave": "abc"}, "Nhập một số"),
        ("", {"hire": "1"}, "Kịch bản cần có tên."),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(client, manager, name, row, message) -> None:
    client.force_login(manager)
    response = post(client, name, {"sector": "", "education_level": "", **row})
    assert response.status_code == 200 and message in response.content.decode()
    assert not Scenario.objects.exists()


def test_the_same_name_twice_is_refused(client, manager) -> None:
    client.force_login(manager)
    post(client, "A", {"hire": "1"})
    response = post(client, "A", {"hire": "2"})
    assert "Đã có kịch bản tên “A”." in response.content.decode()
    assert Scenario.objects.get().rates[0]["hire"] == 1.0


def test_another_province_gets_404_and_readers_cannot_write(client, manager, sibling, outsider,
                                                            analyst) -> None:  # fmt: skip
    client.force_login(manager)
    post(client, "Của Cao Bằng", {"hire": "1"})
    scenario = Scenario.objects.get()
    client.force_login(sibling)
    assert client.get(reverse("forecasts:scenario_edit", args=[scenario.uuid])).status_code == 404
    assert (
        client.get(reverse("forecasts:forecast"), {"kich_ban": str(scenario.uuid)}).status_code
        == 404
    )
    assert list(client.get(reverse("forecasts:scenario_list")).context["scenarios"]) == []
    client.force_login(outsider)
    assert client.get(NEW).status_code == 403
    client.force_login(analyst)  # reads the forecast with the scenario, may not change it
    assert (
        client.get(reverse("forecasts:forecast"), {"kich_ban": str(scenario.uuid)}).status_code
        == 200
    )
    assert client.get(reverse("forecasts:scenario_edit", args=[scenario.uuid])).status_code == 403
    assert post(client, "Của tôi", {"hire": "1"}).status_code == 403
