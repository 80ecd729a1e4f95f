"""What a role sees masked it may not search, filter, sort or export by; exports follow the
list exactly; every profile view and ID search is recorded; no export stays on disk."""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import tempfile

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from conftest import good_row
from trithuc.audit.models import AuditEvent
from trithuc.people.importing import import_people
from trithuc.people.masking import MASK
from trithuc.people.models import Person

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)
ETHNICITIES = ["Tày", "Nùng", "Kinh", "H'Mông"]
SECTORS = ["Giáo dục và đào tạo", "Y tế", "Nông nghiệp"]


def _name(n: int) -> str:
    families, middles = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng"], ["Văn", "Thị", "Minh", "Thu"]
    givens = ["An", "Bình", "Chi", "Dũng", "Hà", "Lan", "Mai", "Nam"]
    return f"{families[n % 5]} {middles[n % 4]} {givens[n % 8]}"


@pytest.fixture
def registry(make_xlsx):
    rng = random.Random(11)
    rows = [
        good_row(n, full_name=_name(n), ethnicity=rng.choice(ETHNICITIES),
                 sector=rng.choice(SECTORS), birth_date=f"{rng.randint(1, 28):02d}/"
                 f"{rng.randint(1, 12):02d}/{rng.randint(1965, 1990)}",
                 education_level=rng.choice(["Đại học", "Thạc sĩ", "Tiến sĩ"]),
                 employment_type=rng.choice(["Công chức", "Viên chức"]))
        for n in range(1, 41)
    ]  # fmt: skip
    report = import_people(make_xlsx(rows), today=TODAY)
    assert report.created == 40, report.errors[:3]
    return rows


def _count(client, **params) -> int:
    response = client.get(reverse("people:list"), params)
    return response.context["page"].paginator.count


def _exported(client, **params) -> list[list]:
    response = client.get(reverse("people:export"), params)
    data = b"".join(response.streaming_content)
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    return [row for row in sheet.to_python()[3:] if any(row)]


def test_a_viewer_cannot_spell_out_a_masked_id_by_prefix_search(client, viewer, registry):
    client.force_login(viewer)
    person = Person.objects.first()
    for prefix in (person.national_id[:3], person.national_id[:8], person.national_id):
        response = client.get(reverse("people:list"), {"q": prefix})
        assert response.context["page"].paginator.count == 0
        assert "không được tìm theo số định danh" in response.content.decode()
    searches = AuditEvent.objects.filter(action="search", actor=viewer)
    assert searches.count() == 3 and all(e.detail["refused"] for e in searches)


def test_a_manager_still_finds_by_id_and_the_search_is_recorded(client, manager, registry):
    client.force_login(manager)
    person = Person.objects.first()
    assert _count(client, q=person.national_id) == 1
    assert AuditEvent.objects.filter(action="search", actor=manager).count() == 1


@pytest.mark.parametrize("field", ["ethnicity", "age_band"])
def test_a_viewer_cannot_filter_by_a_masked_field(client, viewer, registry, field):
    client.force_login(viewer)
    value = {"ethnicity": "tay", "age_band": "30_39"}[field]
    assert _count(client, **{field: value}) == 40
    page = client.get(reverse("people:list")).content.decode()
    assert f'name="{field}"' not in page
    rows = _exported(client, **{field: value})
    assert len(rows) == 40


def test_a_viewer_cannot_sort_by_birth_date(client, viewer, registry):
    client.force_login(viewer)
    by_name = [r["full_name"] for r in client.get(reverse("people:list")).context["rows"]]
    for order in ("birth_date", "-birth_date"):
        response = client.get(reverse("people:list"), {"sort": order})
        assert [r["full_name"] for r in response.context["rows"]] == by_name
    assert "birth_date" not in client.get(reverse("people:list")).content.decode()


def test_a_viewer_sees_ages_from_the_year_alone(client, viewer, registry):
    client.force_login(viewer)
    rows = client.get(reverse("people:list")).context["rows"]
    births = {p.full_name: p.birth_date for p in Person.objects.all()}
    today = dt.date.today()
    assert all(row["age"] == today.year - births[row["full_name"]].year for row in rows)


def _random_filters(rng, *, sensitive: bool) -> dict:
    from trithuc.codelists.services import choices

    options = {
        "sector": [c for c, _ in choices("sector")],
        "education_level": [c for c, _ in choices("education_level")],
        "employment_type": [c for c, _ in choices("employment_type")],
        "q": ["nguyen", "tran thi", "lê", "hoang minh"],
    }
    if sensitive:
        options["ethnicity"] = [c for c, _ in choices("ethnicity")][:5]
        options["age_band"] = ["30_39", "40_49", "50_59"]
    picked = rng.sample(sorted(options), rng.randint(0, len(options)))
    return {name: rng.choice(options[name]) for name in picked}


@pytest.mark.parametrize("role", ["manager", "viewer"])
def test_an_export_holds_exactly_the_rows_of_the_filtered_list(client, registry, role, request):
    user = request.getfixturevalue(role)
    client.force_login(user)
    rng = random.Random(role)
    for _ in range(12):
        params = _random_filters(rng, sensitive=role == "manager")
        rows = _exported(client, **params)
        assert len(rows) == _count(client, **params), params
        ids = [str(row[1]) for row in rows]
        if role == "viewer":
            assert all("•" in value for value in ids), params
            assert all(MASK in str(row[5]) for row in rows), params  # ethnicity masked


def test_the_export_link_carries_the_filters_after_an_htmx_change(client, manager, registry):
    client.force_login(manager)
    response = client.get(reverse("people:list"), {"sector": "health"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'id="export-link"' in html and "sector=health" in html


def test_no_export_is_left_on_disk(client, manager, registry):
    client.force_login(manager)
    folder = tempfile.gettempdir()
    before = set(os.listdir(folder))
    for name in ("people:export", "people:template"):
        assert b"".join(client.get(reverse(name)).streaming_content)[:2] == b"PK"
    assert {name for name in set(os.listdir(folder)) - before if name.endswith(".xlsx")} == set()


def test_every_profile_view_is_recorded_whatever_the_role(client, viewer, registry):
    client.force_login(viewer)
    person = Person.objects.first()
    client.get(reverse("people:detail", args=[person.uuid]))
    event = AuditEvent.objects.get(action="view", actor=viewer)
    assert event.subject_id and event.fields == []


def test_a_viewer_still_filters_by_the_fields_shown(client, viewer, registry):
    client.force_login(viewer)
    page = client.get(reverse("people:list")).content.decode()
    assert 'value="health"' in page  # the sector filter offers its choices
    narrowed = _count(client, sector="health")
    assert 0 < narrowed < 40
    assert len(_exported(client, sector="health")) == narrowed
