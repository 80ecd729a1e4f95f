"""The forecast pages through the access layer: who may open them, whose people they
count, small cells hidden for analysts, the list of people about to retire only for
roles that open profiles (the month only where the birth date is seen), the export."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from trithuc.indicators.tests.factories import COMMUNE_A, COMMUNE_B, Degree, Job, Spec, make_person
from trithuc.orgunits.models import AdministrativeUnit

pytestmark = pytest.mark.django_db
PAGE, WAVE, EXPORT = (reverse(f"forecasts:{n}") for n in ("forecast", "retirement", "export"))


@pytest.fixture
def registry() -> None:
    def staff(unit: str, sector: str, count: int, born: int) -> None:
        for n in range(count):
            make_person(Spec(birth_date=dt.date(born, 1 + n % 12, 10),
                             gender="male" if n % 2 else "female",
                             jobs=[Job(unit, sector=sector, valid_from=dt.date(2012, 1, 1))],
                             degrees=[Degree("bachelor", dt.date(2010, 6, 1))]))  # fmt: skip

    staff(COMMUNE_A, "education", 40, 1975)  # retiring 2035–2037
    staff(COMMUNE_B, "health", 2, 1966)  # the man retires in 2028
    staff("20", "agriculture", 6, 1966)  # another province


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, 0), tick=False):
        yield


def test_a_manager_sees_the_forecast_the_wave_and_the_list(client, manager, registry) -> None:
    client.force_login(manager)
    page = client.get(PAGE).context["page"]
    assert {g["code"] for g in page["groups"]} == {"education", "health"}
    education = next(g for g in page["groups"] if g["code"] == "education")
    assert education["series"][0]["stock"] == 40
    assert education["series"][0]["low"] is not None  # baseline: an interval
    # Back-test: the same people in 2021 (no hires, leavers or retirements since).
    assert education["backtest"]["error"] == 0.0
    assert (
        "quá ít người"
        in next(g for g in page["groups"] if g["code"] == "health")["backtest"]["text"]
    )
    response = client.get(WAVE)
    wave, listed = response.context["wave"], response.context["listed"]
    assert sum(c[2] for c in wave["cells"] if c[2]) == 42  # everyone retires by 2045
    assert listed["count"] > 0 and all(len(r["when"]) == 7 for r in listed["rows"])  # mm/yyyy
    assert "Làn sóng nghỉ hưu" in response.content.decode()


def test_an_analyst_sees_small_cells_hidden_and_no_list(client, analyst, registry) -> None:
    client.force_login(analyst)
    page = client.get(PAGE).context["page"]
    health = next(g for g in page["groups"] if g["code"] == "health")
    assert health["series"][0]["stock"] is None  # 2 people
    assert page["hidden"]
    response = client.get(WAVE)
    assert response.context["listed"] is None
    assert "ẩn" in response.content.decode()


def test_a_viewer_sees_retirement_years_only(client, viewer, registry) -> None:
    client.force_login(viewer)
    listed = client.get(WAVE).context["listed"]
    assert listed["count"] > 0 and all(len(r["when"]) == 4 for r in listed["rows"])


def test_no_role_no_page_and_a_sibling_province_sees_its_own(client, outsider, sibling,
                                                             registry) -> None:  # fmt: skip
    client.force_login(outsider)
    for url in (PAGE, WAVE, EXPORT):
        assert client.get(url).status_code == 403
    client.force_login(sibling)
    page = client.get(PAGE).context["page"]
    assert {g["code"] for g in page["groups"]} == {"agriculture"}


def test_export_is_an_xlsx_and_is_audited(client, manager, registry) -> None:
    from python_calamine import CalamineWorkbook

    from trithuc.audit.models import AuditEvent

    client.force_login(manager)
    response = client.get(EXPORT, {"theo": "sector"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    sheet = CalamineWorkbook.from_filelike(__import__("io").BytesIO(content)).get_sheet_by_index(0)
    rows = sheet.to_python()
    assert rows[0][:3] == ["Năm", "Lĩnh vực", "Trình độ"]
    assert AuditEvent.objects.filter(action="export", detail__what="forecast").exists()


def test_pages_need_a_login(client) -> None:
    for url in (PAGE, WAVE, EXPORT):
        assert client.get(url).status_code == 302


def test_a_unit_is_chosen_by_name_and_an_unknown_one_is_said(client, manager, registry) -> None:
    client.force_login(manager)
    name = AdministrativeUnit.objects.get(code=COMMUNE_A, code_system="2025").name
    response = client.get(PAGE, {"don_vi": name})
    page = response.context["page"]
    assert {g["code"] for g in page["groups"]} == {"education"}  # only that commune's people
    assert f"{name} ({COMMUNE_A})" in response.content.decode()  # the box names it
    response = client.get(WAVE, {"don_vi": "Xã Không Có Thật"})
    assert "Không tìm thấy đơn vị hành chính" in response.content.decode()
