"""Personal data: masking per role, small-cell suppression, the intellectual's own profile,
corrections, consent, the right of access, and escaping of stored text on every page."""

# ruff: noqa: F811 -- fixtures imported from tests/test_security_support.py are arguments here

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from python_calamine import CalamineWorkbook

from conftest import good_row
from tests import access_issue18 as issue18
from tests.test_access import (  # noqa: F401 (plan_people is a fixture)
    _plan_user,
    all_views,
    make_expert_objects,
    make_plan_objects,
    owner_kind,
    plan_people,
    sign_in,
    url_for,
)
from tests.test_security_support import (  # noqa: F401 (fixtures)
    PERSON_ID,
    intellectual,
    province_admin,
    registry_person,
    sibling_intellectual,
)
from trithuc.audit.models import AuditEvent
from trithuc.people.importing import import_people
from trithuc.people.models import Person
from trithuc.privacy.models import Consent, CorrectionRequest
from trithuc.privacy.services import (
    has_consent,
    people_with_consent,
    record_consent,
    withdraw_consent,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)


def page(client, name: str, *args) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200, (name, response.status_code)
    return response.content.decode()


# ---- masking per role --------------------------------------------------------------------------


def test_sensitive_fields_are_shown_to_managers_and_masked_for_viewers(
    client, manager, viewer, registry_person
):
    client.force_login(manager)
    full = page(client, "people:detail", registry_person.uuid)
    for value in (PERSON_ID, "15/03/1985", "Tày", "0912345678", "an@example.vn"):
        assert value in full, value
    client.force_login(viewer)
    masked = page(client, "people:detail", registry_person.uuid)
    for value in (PERSON_ID, "15/03/1985", "Tày", "0912345678", "an@example.vn"):
        assert value not in masked, value
    assert "004••••••001" in masked and "1985" in masked and "•••" in masked
    listing = page(client, "people:list")
    assert PERSON_ID not in listing and "004••••••001" in listing


def test_change_history_is_masked_for_viewers(client, manager, viewer, registry_person):
    from trithuc.people.services import save_person
    from trithuc.people.template import DATA_FIELDS

    values = {name: getattr(registry_person, name) for name in DATA_FIELDS}
    values |= {"province_code": registry_person.province_code, "religion": "Phật giáo",
               "phone": "0987000111", "position": "Trưởng phòng"}  # fmt: skip
    save_person(values, actor=manager, person=registry_person)
    client.force_login(manager)
    full = page(client, "people:detail", registry_person.uuid)
    assert "Phật giáo" in full and "0987000111" in full and "0912345678" in full
    client.force_login(viewer)
    masked = page(client, "people:detail", registry_person.uuid)
    for value in ("Phật giáo", "0987000111", "0912345678"):
        assert value not in masked, value
    assert "Trưởng phòng" in masked and "Chuyên viên" in masked  # other fields keep history


def test_masked_export_hides_sensitive_fields_and_full_export_keeps_them(registry_person,
                                                                         tmp_path):  # fmt: skip
    from trithuc.people.exporting import write_people_xlsx

    def cells(sensitive: bool) -> list[str]:
        target = tmp_path / f"out-{sensitive}.xlsx"
        write_people_xlsx(Person.objects.all(), target, sensitive=sensitive)
        rows = CalamineWorkbook.from_path(str(target)).get_sheet_by_index(0).to_python()
        return [str(cell) for cell in rows[3]]

    full, masked = cells(True), cells(False)
    for value in (PERSON_ID, "0912345678", "an@example.vn", "Tày"):
        assert value in full and value not in masked, value
    assert "004••••••001" in masked and "1985" in masked and "•••" in masked
    assert "Nguyễn Văn An" in masked  # the rest is unchanged


def test_aggregate_roles_cannot_open_profiles(client, analyst, intellectual, registry_person):
    for user in (analyst, intellectual):
        client.force_login(user)
        assert client.get(reverse("people:detail", args=[registry_person.uuid])).status_code == 403
        assert client.get(reverse("people:list")).status_code == 403
        assert client.get(reverse("people:export")).status_code == 403


# ---- small cells -------------------------------------------------------------------------------


@pytest.fixture
def small_and_large(make_xlsx):
    """Sector × level: Y tế 3 bachelors (a small cell) and 7 masters; Quản lý nhà nước 5
    bachelors and 6 masters. Row totals 10 and 11, column totals 8 and 13, 21 in all."""
    cells = [("Y tế", "Đại học", 3), ("Y tế", "Thạc sĩ", 7),
             ("Quản lý nhà nước", "Đại học", 5), ("Quản lý nhà nước", "Thạc sĩ", 6)]  # fmt: skip
    rows, number = [], 0
    for sector, level, count in cells:
        for _ in range(count):
            number += 1
            rows.append(good_row(number, sector=sector, education_level=level))
    report = import_people(make_xlsx(rows), today=TODAY)
    assert report.created == 21, report.errors


def _summary(client, **query) -> dict:
    response = client.get(reverse("people:summary"), query)
    assert response.status_code == 200
    return response.context


def _by_sector(client) -> dict[str, int | None]:
    return {row["label"]: row["count"] for row in _summary(client)["by_sector"]}


def _lines_hide_none_or_two(table: list[list[int | None]]) -> bool:
    """No line of a table published with its margins hides exactly one entry (which would
    be its total minus the shown entries)."""
    lines = table + [list(column) for column in zip(*table, strict=True)]
    return all(sum(n is None for n in line) != 1 for line in lines)


def test_small_cells_are_hidden_from_aggregate_roles(client, analyst, manager, small_and_large):
    client.force_login(analyst)
    context = _summary(client)
    table = context["table"]
    grid = [[*row["counts"], row["total"]] for row in table]
    levels = context["level_labels"]
    bachelor, master = levels.index("Đại học"), levels.index("Thạc sĩ")
    column_totals = {row["label"]: row["count"] for row in context["by_level"]}
    grid.append([column_totals.get(label, 0) for label in levels] + [context["total"]])
    # The 3 is hidden, and so is every cell it could be derived from: 10 − 7, 8 − 5 …
    assert all(row[bachelor] is None and row[master] is None for row in grid[:-1])
    assert _lines_hide_none_or_two(grid)
    assert _by_sector(client) == {"Y tế": 10, "Quản lý nhà nước": 11}
    assert (column_totals["Đại học"], column_totals["Thạc sĩ"], context["total"]) == (8, 13, 21)
    assert all(c is None or c == 0 or c >= 5 for row in grid for c in row)
    assert ">3<" not in client.get(reverse("people:summary")).content.decode()
    client.force_login(manager)  # sees profiles anyway: nothing hidden
    cells = {row["sector"]: row["counts"] for row in _summary(client)["table"]}
    assert cells["Y tế"][bachelor] == 3 and cells["Quản lý nhà nước"][master] == 6


def test_a_small_total_is_hidden_with_its_complements(client, analyst, make_xlsx, settings):
    rows = [good_row(i, sector="Y tế") for i in range(1, 7)]
    rows += [good_row(i, sector="Quản lý nhà nước") for i in range(7, 9)]
    import_people(make_xlsx(rows), today=TODAY)
    client.force_login(analyst)
    # 6 + 2 = 8 people, one level: showing 6 (or 8 and 6) would give away the 2.
    assert _by_sector(client) == {"Y tế": None, "Quản lý nhà nước": None}
    assert _summary(client)["total"] == 8
    assert _summary(client, unit="04")["total"] == 8
    text = client.get(reverse("people:summary")).content.decode()
    assert "dưới 5 người" in text
    # Fewer people in scope than the threshold: the number of people, and no breakdown.
    settings.TRITHUC_SMALL_CELL_THRESHOLD = 9
    context = _summary(client)
    assert (context["total"], context["table"], context["by_sector"]) == (8, [], [])
    assert context["by_level"] == [] and context["chart"]["level_counts"] == []


def test_complementary_suppression_on_random_tables():
    import random

    from trithuc.lib.disclosure import protect_table

    generator = random.Random(45)
    for _ in range(300):
        cells = [[generator.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 20, 150])
                  for _ in range(generator.randint(1, 6))]]  # fmt: skip
        cells += [[generator.choice([0, 1, 3, 5, 8, 40]) for _ in cells[0]]
                  for _ in range(generator.randint(0, 5))]  # fmt: skip
        table = protect_table(cells, 5)
        full = [[*row, sum(row)] for row in cells]
        full.append([sum(column) for column in zip(*full, strict=True)])
        for shown, true in zip(table, full, strict=True):
            for value, exact in zip(shown, true, strict=True):
                assert value is None or value == exact
                assert not 0 < exact < 5 or value is None
        assert _lines_hide_none_or_two(table), cells


def test_the_threshold_is_a_setting(client, analyst, small_and_large, settings):
    settings.TRITHUC_SMALL_CELL_THRESHOLD = 3
    client.force_login(analyst)
    cells = {row["sector"]: row["counts"] for row in _summary(client)["table"]}
    bachelor = _summary(client)["level_labels"].index("Đại học")
    assert cells["Y tế"][bachelor] == 3
    settings.TRITHUC_SMALL_CELL_THRESHOLD = 8
    assert _by_sector(client) == {"Y tế": 10, "Quản lý nhà nước": 11}
    assert all(c is None or c == 0
               for row in _summary(client)["table"] for c in row["counts"])  # fmt: skip


# ---- "Hồ sơ của tôi" -----------------------------------------------------------------------------


@pytest.fixture
def two_people(make_xlsx):
    import_people(make_xlsx([good_row(1), good_row(2, full_name="Trần Thị Bình")]), today=TODAY)
    return Person.objects.get(national_id=PERSON_ID)


def test_intellectual_sees_their_own_profile_only(client, intellectual, two_people):
    client.force_login(intellectual)
    assert client.get(reverse("home")).url == reverse("privacy:my_profile")
    text = page(client, "privacy:my_profile")
    assert "Nguyễn Văn An" in text and PERSON_ID in text and "0912345678" in text
    assert "Trần Thị Bình" not in text
    other = Person.objects.get(full_name="Trần Thị Bình")
    assert client.get(reverse("people:detail", args=[other.uuid])).status_code == 403


def test_unlinked_intellectual_sees_no_profile(client, sibling_intellectual, two_people):
    client.force_login(sibling_intellectual)
    text = page(client, "privacy:my_profile")
    assert "Chưa tìm thấy hồ sơ" in text and "Nguyễn Văn An" not in text
    assert client.get(reverse("privacy:my_data")).status_code == 302


def test_correction_requests_reach_the_managers_in_scope(client, intellectual, manager, sibling,
                                                         registry_person):  # fmt: skip
    client.force_login(intellectual)
    client.post(reverse("privacy:correction_create"),
                {"field": "position", "requested_value": "Trưởng phòng", "reason": "QĐ 12/QĐ"})  # fmt: skip
    correction = CorrectionRequest.objects.get()
    assert correction.current_value == "Chuyên viên" and correction.person == registry_person
    assert "Trưởng phòng" in page(client, "privacy:my_profile")
    client.force_login(sibling)
    assert "Trưởng phòng" not in page(client, "privacy:correction_list")
    url = reverse("privacy:correction_resolve", args=[correction.uuid])
    assert client.post(url, {"status": "done"}).status_code == 404
    client.force_login(manager)
    assert "Trưởng phòng" in page(client, "privacy:correction_list")
    client.post(url, {"status": "done", "response": "Đã cập nhật"})
    correction.refresh_from_db()
    assert (correction.status, correction.handled_by) == ("done", manager)
    events = AuditEvent.objects.filter(object_type="privacy.correctionrequest").order_by("id")
    assert [(e.action, e.subject_id) for e in events] == [
        ("create", str(registry_person.uuid)), ("update", str(registry_person.uuid))]  # fmt: skip


# ---- consent -------------------------------------------------------------------------------------


def test_consent_is_given_withdrawn_and_kept(client, intellectual, registry_person):
    assert not has_consent(registry_person, "expert_directory")
    client.force_login(intellectual)
    url = reverse("privacy:consent_change")
    client.post(url, {"purpose": "expert_directory", "action": "give"})
    assert has_consent(registry_person, "expert_directory")
    assert not has_consent(registry_person, "consultation")
    people = Person.objects.all()
    assert list(people_with_consent(people, "expert_directory")) == [registry_person]
    client.post(url, {"purpose": "expert_directory", "action": "withdraw"})
    assert not has_consent(registry_person, "expert_directory")
    assert not people_with_consent(people, "expert_directory").exists()
    consent = Consent.objects.get()
    assert consent.withdrawn_at is not None and "tri_thuc" in consent.evidence
    assert has_consent(registry_person, "expert_directory", at=consent.given_at)
    events = AuditEvent.objects.filter(object_type="privacy.consent").order_by("id")
    assert [e.action for e in events] == ["create", "update"]
    assert all(e.subject_id == str(registry_person.uuid) for e in events)


def test_managers_record_paper_consent_in_their_scope(client, manager, sibling, registry_person):
    url = reverse("privacy:person_consents", args=[registry_person.uuid])
    data = {"purpose": "consultation", "evidence": "Phiếu đồng ý số 15", "given_on": "02/11/2026"}
    client.force_login(sibling)
    assert client.post(url, data).status_code == 404
    client.force_login(manager)
    assert client.post(url, data).status_code == 302
    assert has_consent(registry_person, "consultation")
    assert Consent.objects.get().recorded_by == manager
    client.post(url, {"withdraw": "consultation"})
    assert not has_consent(registry_person, "consultation")


def test_consent_services(manager, registry_person):
    first = record_consent(registry_person, "consultation", actor=manager, evidence="Phiếu 1")
    again = record_consent(registry_person, "consultation", actor=manager, evidence="Phiếu 2")
    assert first == again  # one consent in force per purpose
    assert withdraw_consent(registry_person, "consultation", actor=manager) == 1
    assert withdraw_consent(registry_person, "consultation", actor=manager) == 0
    with pytest.raises(ValueError):
        record_consent(registry_person, "marketing", actor=manager, evidence="x")


# ---- right of access ------------------------------------------------------------------------------


@pytest.fixture
def history(registry_person, manager, intellectual):
    from trithuc.audit.services import record_event
    from trithuc.privacy.services import request_correction

    record_consent(registry_person, "consultation", actor=manager, evidence="Phiếu 7")
    request_correction(registry_person, actor=intellectual, field="phone", requested_value="09")
    record_event("view_sensitive", actor=manager, source="web", obj=registry_person)
    return registry_person


def test_intellectual_downloads_everything_held_about_them(client, intellectual, history):
    client.force_login(intellectual)
    response = client.get(reverse("privacy:my_data"), {"format": "json"})
    data = json.loads(b"".join(response.streaming_content))
    assert data["profile"]["national_id"] == PERSON_ID
    assert data["profile"]["phone"] == "0912345678"
    assert data["employments"] and data["qualifications"] is not None
    assert data["consents"][0]["evidence"] == "Phiếu 7"
    assert data["correction_requests"][0]["requested_value"] == "09"
    actions = [event["action"] for event in data["audit_events"]]
    assert "view_sensitive" in actions and "create" in actions
    assert all("ip_address" not in event for event in data["audit_events"])
    xlsx = client.get(reverse("privacy:my_data"), {"format": "xlsx"})
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(xlsx.streaming_content)))
    assert "Hồ sơ" in workbook.sheet_names and "Nhật ký" in workbook.sheet_names
    profile = workbook.get_sheet_by_name("Hồ sơ").to_python()
    assert ["national_id", PERSON_ID] in profile
    exports = AuditEvent.objects.filter(action="export", actor=intellectual)
    assert sorted(e.detail["format"] for e in exports) == ["json", "xlsx"]
    assert {e.detail["kind"] for e in exports} == {"right_of_access"}


def test_export_my_data_command(history, tmp_path, manager):
    target = tmp_path / "an.json"
    out = io.StringIO()
    call_command("export_my_data", PERSON_ID, str(target), "--user", "manager", stdout=out)
    data = json.loads(target.read_text())
    assert data["profile"]["full_name"] == "Nguyễn Văn An"
    assert {"profile", "employments", "qualifications", "changes", "consents",
            "correction_requests", "audit_events"} <= set(data)  # fmt: skip
    call_command("export_my_data", PERSON_ID, str(tmp_path / "an.xlsx"), stdout=out)
    assert (tmp_path / "an.xlsx").read_bytes()[:2] == b"PK"
    event = AuditEvent.objects.filter(action="export", source="command").order_by("id").first()
    assert event.actor == manager and event.subject_id == str(history.uuid)
    with pytest.raises(CommandError):
        call_command("export_my_data", "001234567890", str(target))
    with pytest.raises(CommandError):
        call_command("export_my_data", PERSON_ID, str(tmp_path / "an.csv"))


# ---- XSS: stored text is escaped on every page ----------------------------------------------------

PAYLOAD = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture
def hostile(make_xlsx, manager, intellectual, viewer, tmp_path, plan_people):
    from trithuc.audit.services import record_event
    from trithuc.people.models import ImportJob
    from trithuc.privacy.services import request_correction

    report = import_people(make_xlsx([good_row(1, employer=PAYLOAD, position=PAYLOAD,
                                                training_field=PAYLOAD)]), today=TODAY)  # fmt: skip
    assert report.created == 1, report.errors
    person = Person.objects.get()
    record_event("update", actor=manager, source="web", obj=person, fields=["position"],
                 before={"position": "x"}, after={"position": PAYLOAD})  # fmt: skip
    correction = request_correction(person, actor=intellectual, field="position",
                                    requested_value=PAYLOAD, reason=PAYLOAD)  # fmt: skip
    (tmp_path / "x.csv").write_text(f"STT,Họ và tên\n1,{PAYLOAD}\n")
    job = ImportJob.objects.create(created_by=manager, original_name=f"{PAYLOAD}.csv",
                                   stored_path=str(tmp_path / "x.csv"), status="previewed",
                                   report={"errors": [{"row": 2, "column": PAYLOAD,
                                                       "message": PAYLOAD}]})  # fmt: skip
    plan_objects = make_plan_objects(plan_people, PAYLOAD)
    return {"person": person, "job": job, "correction": correction, "target": viewer,
            **plan_objects,
            **make_expert_objects(person, manager, plan_people["agency"], PAYLOAD),
            **issue18.make_objects(manager, person, plan_objects["agency"], PAYLOAD),
            "scenario": _scenario(manager)}  # fmt: skip


def _scenario(manager):
    """A forecast scenario (issue 15) named and described by the script."""
    from trithuc.forecasts.services import save_scenario

    return save_scenario(manager, province="04", name=PAYLOAD, note=PAYLOAD, rates=[])


@pytest.fixture
def page_owners(manager, province_admin, intellectual, plan_people, hostile, django_user_model):
    """The users who open the pages, with the script in their own names (shown in the top
    bar, user pages and audit pages). A person's name cannot hold it: the import rules
    allow letters only, so employer, position and training field carry it instead."""
    owners = {"manager": manager, "admin": province_admin, "intellectual": intellectual,
              "coordinator": plan_people["coordinator"], "reporter": plan_people["reporter"],
              "secretariat": _plan_user(django_user_model, "thuky", "consult_secretariat", "04")}  # fmt: skip
    for user in [*owners.values(), hostile["target"]]:
        user.first_name = PAYLOAD
        user.save(update_fields=["first_name"])
    return owners


@pytest.mark.parametrize(("name", "pattern"), all_views(), ids=[n for n, _ in all_views()])
def test_stored_text_is_escaped_on_every_page(client, page_owners, hostile, name, pattern):
    sign_in(client, page_owners[owner_kind(name)])
    response = client.get(url_for(name, pattern, hostile))
    if response.status_code == 405 or response.streaming:
        return  # POST-only views and downloads are not pages
    body = response.content.decode()
    assert PAYLOAD not in body, name
    assert "<script>alert" not in body, name


@pytest.mark.parametrize("name", ["people:list", "people:detail", "people:edit",
                                  "privacy:my_profile", "privacy:correction_list",
                                  "audit:list", "people:import_detail", "accounts:user_list",
                                  "accounts:user_detail", "home"])  # fmt: skip
def test_pages_that_show_the_text_show_it_escaped(client, page_owners, hostile, name):
    pattern = dict(all_views())[name]
    sign_in(client, page_owners[owner_kind(name)])
    body = client.get(url_for(name, pattern, hostile)).content.decode()
    assert ESCAPED in body or "&lt;script&gt;" in body, name
