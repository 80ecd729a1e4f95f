"""The shortage-field table of a plan: its numbers against a plain recount of a small
registry, small cells for analysts, the export, the command's JSON section, and the plan
side (priority fields entered by the plan's coordinators only)."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from python_calamine import CalamineWorkbook

from conftest import good_row, write_xlsx
from trithuc.audit.models import AuditEvent
from trithuc.forecasts.priority import RETIRE_BY, priority_table
from trithuc.lib.retirement import retirement_date
from trithuc.people.models import Person
from trithuc.people.services import import_people_file
from trithuc.plans.models import Plan
from trithuc.plans.priorities import PriorityError, PriorityInput, add_priority_field
from trithuc.plans.services import save_plan

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 1, 1)
FIELDS = ["Kỹ thuật mỏ", "Kỹ thuật tuyển khoáng", "Công nghệ sinh học", "Khoa học môi trường",
          "Kỹ thuật môi trường", "Quản lý kinh tế", "Kinh tế đối ngoại", "Kế toán", "Nội khoa"]  # fmt: skip
LEVELS = ["Đại học", "Thạc sĩ", "Tiến sĩ"]


def registry(tmp_path, count: int = 60) -> None:
    rows = []
    for n in range(1, count + 1):
        rows.append(good_row(
            n, training_field=FIELDS[n % len(FIELDS)], gender="Nữ" if n % 3 == 0 else "Nam",
            birth_date=f"15/{1 + n % 12:02d}/{1962 + n % 30}",
            education_level=LEVELS[n % 3], education_year=2015,
            in_training="Tiến sĩ" if n % 7 == 0 else "", in_training_until=2028 if n % 7 == 0 else "",
            employment_type="Nghỉ hưu" if n % 11 == 0 else "Công chức",
        ))  # fmt: skip
    path = write_xlsx(tmp_path / "people.xlsx", rows)
    report = import_people_file(path)
    assert report.committed and report.created == count, report


def make_plan(province: str = "04", number: str = "12-KH/TU") -> Plan:
    plan = save_plan(Plan(number=number, title="Kế hoạch phát triển đội ngũ trí thức",
                          issued_on=dt.date(2024, 3, 15), issuer="Tỉnh ủy",
                          province_code=province), actor=None)  # fmt: skip
    for item in (
        PriorityInput("Khai thác mỏ", ("75206",), 40, 2030),
        PriorityInput("Công nghệ sinh học", ("7420201",), 25, 2035),
        PriorityInput("Môi trường", ("74403", "7520320"), None, None),
        PriorityInput("Quản lý kinh tế, kinh tế đối ngoại", ("7310110", "7310106"), 5, 2030),
    ):
        add_priority_field(plan, item, actor=None, source="test")
    return plan


def recount(plan: Plan) -> list[dict]:
    """The table the slow, obvious way: one person at a time."""
    out = []
    people = [p for p in Person.objects.filter(province_code=plan.province_code)
              if p.employment_type != "retired"]  # fmt: skip
    for item in plan.priority_fields.order_by("position"):
        mine = [p for p in people if any(p.field_code.startswith(c) for c in item.codes)]
        year = item.need_year or RETIRE_BY

        def retiring(person: Person, until: int) -> bool:
            day = retirement_date(person.birth_date, person.gender)
            return TODAY <= day <= dt.date(until, 12, 31)

        now = len(mine)
        by_need = sum(retiring(p, year) for p in mine)
        out.append({
            "now": now,
            "postgraduate": sum(p.education_level in ("master", "doctor") for p in mine),
            "retiring": sum(retiring(p, RETIRE_BY) for p in mine),
            "retiring_by_need": by_need,
            "in_training": sum(bool(p.in_training) for p in mine),
            "remaining": now - by_need,
            "gap": None if item.need is None else max(item.need - (now - by_need), 0),
        })  # fmt: skip
    return out


KEYS = ("now", "postgraduate", "retiring", "retiring_by_need", "in_training", "remaining", "gap")


def test_the_table_matches_a_recount(tmp_path) -> None:
    registry(tmp_path)
    plan = make_plan()
    table = priority_table(plan, Person.objects.all(), today=TODAY)
    got = [{key: row[key] for key in KEYS} for row in table["rows"]]
    assert got == recount(plan)
    assert [row["label"] for row in table["rows"]][0] == "Khai thác mỏ"
    assert sum(row["retiring"] for row in got) > 0 and sum(row["in_training"] for row in got) > 0
    # "Nội khoa" matches no code: those people are counted as unmapped, not in a field.
    assert table["unmapped"] == sum(
        1 for n in range(1, 61) if n % 9 == 8 and n % 11
    )  # fmt: skip


def test_people_of_another_province_are_not_counted(tmp_path) -> None:
    registry(tmp_path)
    plan = make_plan(province="20", number="3-KH/TU")
    table = priority_table(plan, Person.objects.all(), today=TODAY)
    assert all(row["now"] == 0 for row in table["rows"])


def test_an_analyst_sees_no_small_cells(tmp_path) -> None:
    registry(tmp_path)
    plan = make_plan()
    table = priority_table(plan, Person.objects.all(), hide_small=True, today=TODAY)
    for row, plain in zip(table["rows"], recount(plan), strict=True):
        for key in ("now", "retiring", "in_training", "postgraduate"):
            assert row[key] is None or row[key] == plain[key]
            if 0 < plain[key] < 5:
                assert row[key] is None
        if row["now"] is None or row["retiring_by_need"] is None:
            assert row["gap"] is None and row["remaining"] is None


def test_the_page_and_its_export(client, tmp_path, manager, analyst, sibling) -> None:
    registry(tmp_path)
    plan = make_plan()
    url = reverse("forecasts:priority")
    client.force_login(manager)
    page = client.get(url).content.decode()
    assert "Khai thác mỏ" in page and "75206 Kỹ thuật mỏ" in page
    response = client.get(reverse("forecasts:priority_export"), {"ke_hoach": str(plan.uuid)})
    data = b"".join(response.streaming_content)
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert sheet[3][0] == "Lĩnh vực ưu tiên" and sheet[4][0] == "Khai thác mỏ"
    expected = recount(plan)[0]
    assert sheet[4][2] == expected["now"] and sheet[4][4] == expected["retiring"]
    event = AuditEvent.objects.get(action="export", detail__what="priority_fields")
    assert event.actor == manager
    # A manager of another province does not see the plan, nor get it by its UUID.
    client.force_login(sibling)
    assert "Khai thác mỏ" not in client.get(url).content.decode()
    assert client.get(url, {"ke_hoach": str(plan.uuid)}).status_code == 404
    assert client.get(reverse("forecasts:priority_export"),
                      {"ke_hoach": str(plan.uuid)}).status_code == 404  # fmt: skip
    client.force_login(analyst)
    assert client.get(url, {"ke_hoach": str(plan.uuid)}).status_code == 200


def test_the_command_adds_a_json_section(tmp_path, analyst) -> None:
    registry(tmp_path)
    make_plan()
    out = io.StringIO()
    call_command("forecast", "--to", "2027", "--plan", "12-KH/TU", "--priority-fields",
                 stdout=out, stderr=io.StringIO())  # fmt: skip
    section = json.loads(out.getvalue())["priority_fields"]
    assert section["plan"] == "12-KH/TU"
    assert [f["label"] for f in section["fields"]][:2] == ["Khai thác mỏ", "Công nghệ sinh học"]
    assert section["fields"][0]["codes"] == ["75206"]
    out = io.StringIO()
    call_command("forecast", "--to", "2027", "--plan", "12-KH/TU", "--priority-fields",
                 "--user", "analyst", stdout=out, stderr=io.StringIO())  # fmt: skip
    hidden = json.loads(out.getvalue())["priority_fields"]["fields"]
    assert any(value is None for row in hidden for value in row.values())


def test_priority_fields_are_entered_by_the_plans_coordinators(client, django_user_model) -> None:
    from tests.test_access import make_plan_people

    people = make_plan_people(django_user_model)
    plan = make_plan()
    url = reverse("plans:priority_fields", kwargs={"plan_uuid": plan.uuid})
    client.force_login(people["coordinator"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"label": "Luyện kim", "codes": "7520309, 7520310",
                                 "need": "20", "need_year": "2030"})  # fmt: skip
    assert response.status_code == 302
    assert plan.priority_fields.get(label="Luyện kim").codes == ["7520309", "7520310"]
    page = client.post(url, {"label": "Sai", "codes": "7999999"}).content.decode()
    assert "Mã không có trong danh mục ngành đào tạo: 7999999." in page
    assert not plan.priority_fields.filter(label="Sai").exists()
    client.force_login(people["sibling_coordinator"])
    assert client.post(url, {"label": "X", "codes": "748"}).status_code == 404
    client.force_login(people["reporter"])
    assert client.post(url, {"label": "X", "codes": "748"}).status_code in (403, 404)
    assert not plan.priority_fields.filter(label="X").exists()
    with pytest.raises(PriorityError, match="cả số người và năm"):
        add_priority_field(plan, PriorityInput("Y", ("748",), 5, None), actor=None)
