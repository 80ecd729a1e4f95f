"""The registry pages as a clerk uses them."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import HEADERS, good_row
from trithuc.audit.models import AuditEvent
from trithuc.people.importing import import_people
from trithuc.people.models import ColumnMapping, ImportJob, Person
from trithuc.people.presenters import summary_context
from trithuc.people.stats import people_stats

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_xlsx):
    rows = [good_row(1), good_row(2, full_name="Lương Thị Bích", gender="Nữ", sector="Y tế",
                                  full_name_extra=None, name_extra=None)]  # fmt: skip
    import_people(make_xlsx(rows), today=dt.date(2026, 11, 22))
    return Person.objects.order_by("id")


def test_list_filters_and_sorts(client, manager, people):
    client.force_login(manager)
    page = client.get(reverse("people:list"), {"sector": "health"}).content.decode()
    assert "Lương Thị Bích" in page and "Nguyễn Văn An" not in page
    page = client.get(reverse("people:list"), {"q": "luong thi bich"}).content.decode()
    assert "Lương Thị Bích" in page and "Nguyễn Văn An" not in page
    names = client.get(reverse("people:list")).content.decode()
    assert names.index("Nguyễn Văn An") < names.index("Lương Thị Bích")  # An < Bích


def test_list_answers_htmx_with_the_results_only(client, manager, people):
    client.force_login(manager)
    response = client.get(reverse("people:list"), {"q": "an"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'id="results"' in html and "<html" not in html


def test_profile_masks_sensitive_fields_for_viewers(client, viewer, manager, people):
    person = people[0]
    client.force_login(viewer)
    html = client.get(reverse("people:detail", args=[person.uuid])).content.decode()
    assert person.national_id not in html and "•••" in html and "Tày" not in html
    client.force_login(manager)
    html = client.get(reverse("people:detail", args=[person.uuid])).content.decode()
    assert person.national_id in html and "Tày" in html
    assert AuditEvent.objects.filter(action="view_sensitive", actor=manager).count() == 1


def test_create_form_uses_the_import_rules(client, manager):
    client.force_login(manager)
    blank = client.get(reverse("people:create")).content.decode()
    # Required columns are starred (the national ID is), optional ones are not.
    assert 'for="id_national_id" class="required"' in blank
    assert 'for="id_email" class="required"' not in blank and 'for="id_email"' in blank
    data = {**good_row(5), "gender": "female", "ethnicity": "02", "employment_type": "cadre",
            "sector": "health", "education_level": "doctor", "education_year": "2020",
            "political_theory_level": "", "is_leader": "on"}  # fmt: skip
    bad = {**data, "national_id": "123", "birth_date": "31/02/1990"}
    html = client.post(reverse("people:create"), bad).content.decode()
    assert "phải gồm đúng 12 chữ số" in html and "không phải ngày hợp lệ" in html
    response = client.post(reverse("people:create"), data)
    assert response.status_code == 302
    person = Person.objects.get(national_id=data["national_id"])
    assert (person.sector, person.is_leader, person.education_level) == ("health", True, "doctor")
    assert AuditEvent.objects.filter(action="create", object_id=str(person.uuid)).exists()


def test_edit_keeps_history(client, manager, people):
    person = people[0]
    client.force_login(manager)
    form = client.get(reverse("people:edit", args=[person.uuid])).context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (None, False)}
    data.update({"position": "Phó Giám đốc", "is_leader": "on"})
    response = client.post(reverse("people:edit", args=[person.uuid]), data)
    assert response.status_code == 302, response.context["form"].errors
    person.refresh_from_db()
    assert person.position == "Phó Giám đốc" and person.is_leader
    assert set(person.changes.values_list("field", flat=True)) == {"position", "is_leader"}
    assert person.employments.count() == 2


def test_commune_manager_cannot_create_outside_scope(client, django_user_model):
    from trithuc.accounts.models import Membership

    user = django_user_model.objects.create_user(username="xa")
    Membership.objects.create(user=user, role="registry_manager", unit_code="01273")
    client.force_login(user)
    data = {**good_row(6), "gender": "male", "ethnicity": "01", "employment_type": "cadre",
            "sector": "health", "education_level": "bachelor", "political_theory_level": ""}  # fmt: skip
    response = client.post(reverse("people:create"), data)
    assert response.context["form"].errors == {
        "workplace_unit": ["đơn vị này nằm ngoài phạm vi bạn được quản lý"]
    }
    assert not Person.objects.exists()


def _upload(client, path, strict=False):
    with path.open("rb") as handle:
        upload = SimpleUploadedFile(path.name, handle.read())
    return client.post(reverse("people:import_upload"), {"file": upload, "strict": strict})


def test_web_import_preview_then_confirm(client, manager, make_xlsx):
    client.force_login(manager)
    path = make_xlsx([good_row(1), good_row(2, gender="?"), good_row(3)])
    response = _upload(client, path)
    job = ImportJob.objects.get()
    assert response.url == reverse("people:import_detail", args=[job.uuid])
    html = client.get(response.url).content.decode()
    assert job.status == "uploaded" or "Xác nhận nhập" in html
    assert "Giới tính" in html and Person.objects.count() == 0
    job.refresh_from_db()
    assert (job.report["created"], job.report["error_rows"]) == (2, 1)
    errors = client.get(reverse("people:import_errors", args=[job.uuid]))
    assert errors.status_code == 200
    client.post(reverse("people:import_confirm", args=[job.uuid]))
    job.refresh_from_db()
    assert job.status == "done" and Person.objects.count() == 2


def test_web_import_mapping_is_remembered(client, manager, make_xlsx):
    client.force_login(manager)
    headers = [h if h != "Giới tính" else "Phái" for h in HEADERS]
    _upload(client, make_xlsx([good_row(1)], headers=headers))
    job = ImportJob.objects.get()
    assert job.status == "needs_mapping"
    html = client.get(reverse("people:import_detail", args=[job.uuid])).content.decode()
    assert "Ghép cột" in html and "Phái" in html
    client.post(reverse("people:import_mapping", args=[job.uuid]), {"col_0": "gender"})
    job.refresh_from_db()
    assert job.status == "previewed" and job.report["created"] == 1
    assert ColumnMapping.objects.get(owner=manager).field == "gender"
    _upload(client, make_xlsx([good_row(2)], headers=headers))
    second = ImportJob.objects.exclude(pk=job.pk).get()
    assert second.status == "previewed" and second.report["errors"] == []


def test_large_upload_runs_as_a_task_with_progress(
    client, manager, make_xlsx, settings, django_capture_on_commit_callbacks
):
    settings.TRITHUC_BACKGROUND_IMPORT_ROWS = 2
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, make_xlsx([good_row(n) for n in range(1, 6)]))
    job = ImportJob.objects.get()
    assert job.status == "previewed"  # the immediate task backend ran it on commit
    html = client.get(reverse("people:import_detail", args=[job.uuid])).content.decode()
    assert "Xác nhận nhập" in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("people:import_confirm", args=[job.uuid]))
    job.refresh_from_db()
    assert job.status == "done" and Person.objects.count() == 5


def test_summary_page_and_small_cell_suppression(client, manager, analyst, people):
    client.force_login(manager)
    html = client.get(reverse("people:summary")).content.decode()
    assert "Tổng số: <b>2</b>" in html and "summary-chart-data" in html
    client.force_login(analyst)
    response = client.get(reverse("people:summary"))
    html = response.content.decode()
    # Two people in scope, under the threshold of 5: the total only, no breakdown.
    assert response.context["too_few"] and response.context["table"] == []
    assert "chỉ hiện tổng số" in html and "Lương Thị Bích" not in html
    assert client.get(reverse("people:list")).status_code == 403


def test_summary_hides_small_cells_and_the_cells_that_reveal_them(client, analyst, make_xlsx):
    # Education: 6 bachelors and 1 master; health: 5 bachelors. The master (1) is small;
    # education's total (7) minus its bachelors (6) would give it away, so one more
    # education cell is hidden, and the level totals must not reveal either.
    rows = [good_row(n, education_level="Đại học") for n in range(1, 7)]
    rows += [good_row(7, education_level="Thạc sĩ")]
    rows += [good_row(n, sector="Y tế", education_level="Đại học") for n in range(8, 13)]
    import_people(make_xlsx(rows), today=dt.date(2026, 11, 22))
    client.force_login(analyst)
    context = client.get(reverse("people:summary")).context
    assert context["total"] == 12 and not context["too_few"]
    labels = context["level_labels"]
    education = next(r for r in context["table"] if r["sector"] == "Giáo dục và đào tạo")
    master = labels.index("Thạc sĩ")
    assert education["counts"][master] is None  # the small cell
    shown = [c for c in education["counts"] if c]
    assert education["total"] is None or sum(shown) != education["total"] - 1
    assert 1 not in [c for row in context["table"] for c in row["counts"]]
    assert 1 not in [item["count"] for item in context["by_level"]]


def test_export_download(client, manager, people):
    client.force_login(manager)
    response = client.get(reverse("people:export"), {"sector": "health"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(action="export").count() == 1


def test_mapping_is_shared_within_an_agency(client, django_user_model, make_xlsx):
    from trithuc.accounts.models import Membership
    from trithuc.orgunits.models import Agency

    agency = Agency.objects.create(name="Sở Y tế", province_code="04")
    first, second = (django_user_model.objects.create_user(username=n) for n in ("a1", "a2"))
    for user in (first, second):
        Membership.objects.create(user=user, role="registry_manager", unit_code="04")
        Membership.objects.create(user=user, role="agency_reporter", agency=agency)
    headers = [h if h != "Giới tính" else "Phái" for h in HEADERS]
    client.force_login(first)
    _upload(client, make_xlsx([good_row(1)], headers=headers))
    job = ImportJob.objects.get()
    client.post(reverse("people:import_mapping", args=[job.uuid]), {"col_0": "gender"})
    assert ColumnMapping.objects.get().agency == agency
    client.force_login(second)
    _upload(client, make_xlsx([good_row(2)], headers=headers))
    assert ImportJob.objects.exclude(pk=job.pk).get().status == "previewed"


def test_viewer_sees_masked_export_and_history(client, viewer, manager, people, tmp_path):
    import io

    from python_calamine import CalamineWorkbook

    person = people[0]
    client.force_login(manager)
    form = client.get(reverse("people:edit", args=[person.uuid])).context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (None, False)}
    client.post(reverse("people:edit", args=[person.uuid]), {**data, "phone": "0987654321"})
    client.force_login(viewer)
    html = client.get(reverse("people:detail", args=[person.uuid])).content.decode()
    assert "0987654321" not in html and "0912345678" not in html
    response = client.get(reverse("people:export"))
    content = b"".join(response.streaming_content)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    text = " ".join(str(cell) for row in rows for cell in row)
    assert person.national_id not in text and "0987654321" not in text


def test_summary_below_threshold_shows_the_total_only(client, analyst, people):
    client.force_login(analyst)
    context = client.get(reverse("people:summary")).context
    assert context["total"] == 2 and context["too_few"]
    assert context["table"] == [] and context["by_sector"] == [] and context["by_level"] == []


def test_units_are_chosen_by_name_and_an_unknown_one_gets_a_message(client, manager, make_xlsx):
    rows = [good_row(1, workplace_unit="01273"), good_row(2, full_name="Lương Thị Bích")]
    import_people(make_xlsx(rows), today=dt.date(2026, 11, 22))
    client.force_login(manager)
    page = client.get(reverse("people:list"), {"unit": "thuc phan"}).content.decode()
    assert "Nguyễn Văn An" in page and "Lương Thị Bích" not in page
    page = client.get(reverse("people:list"), {"unit": "Sông Hiến"}).content.decode()
    assert "Nguyễn Văn An" in page  # the old name of the ward, merged into Thục Phán
    page = client.get(reverse("people:list"), {"unit": "Xã Không Có"}).content.decode()
    assert "Không tìm thấy đơn vị hành chính “Xã Không Có”" in page
    assert "Tìm thấy <b>0</b>" not in page and "Lương Thị Bích" not in page
    summary = client.get(reverse("people:summary"), {"unit": "Xã Không Có"}).content.decode()
    assert "Không tìm thấy đơn vị hành chính" in summary and "Tổng số" not in summary
    summary = client.get(reverse("people:summary"), {"unit": "01273"}).content.decode()
    assert "Phường Thục Phán (01273)" in summary and "Tổng số: <b>1</b>" in summary


def test_summary_says_which_commune_and_counts_as_of_a_date(client, django_user_model, make_xlsx):
    from trithuc.accounts.models import Membership

    rows = [good_row(1, workplace_unit="01387", work_start_year=2010),
            good_row(2, workplace_unit="01387", work_start_year=2022, full_name="Lương Thị Bích")]  # fmt: skip
    import_people(make_xlsx(rows), today=dt.date(2026, 11, 22))
    user = django_user_model.objects.create_user(username="xa", password="pw-x-2026")
    Membership.objects.create(user=user, role="registry_manager", unit_code="01387")
    client.force_login(user)
    html = client.get(reverse("people:summary")).content.decode()
    assert "Số liệu tổng hợp đội ngũ – Xã Thanh Long (01387)" in html
    assert "Tổng số: <b>2</b>" in html
    response = client.get(reverse("people:summary"), {"as_of": "31/12/2020"})
    html = response.content.decode()
    assert "tính đến ngày 31/12/2020" in html and "Tổng số: <b>1</b>" in html
    assert "<title>Số liệu tổng hợp đến ngày 31/12/2020" in html
    later = client.get(reverse("people:summary"), {"as_of": "01/01/2999"}).content.decode()
    assert "Chỉ tính được đến hôm nay" in later and "Tổng số" not in later


@pytest.mark.parametrize("as_of", [None, dt.date(2019, 12, 31)])
def test_the_summary_margins_are_the_counts_by_one_field(manager, viewer, make_xlsx, as_of):
    """The summary page groups the frame once and sums its margins: the same rows, in
    the same order, as counting by sector and by level on their own."""
    rng = random.Random(4)
    rows = [good_row(n, sector=rng.choice(["Y tế", "Giáo dục và đào tạo", "Nông nghiệp"]),
                     education_level=rng.choice(["Đại học", "Thạc sĩ", "Tiến sĩ", "Cao đẳng", ""]),
                     education_year=rng.randint(2000, 2024),
                     work_start_year=rng.choice([None, 2015, 2021]))
            for n in range(1, 60)]  # fmt: skip
    import_people(make_xlsx(rows), today=dt.date(2026, 11, 22))
    for user in (manager, viewer):
        people = Person.objects.visible_to(user)
        context = summary_context(user, None, as_of=as_of)
        sectors = people_stats(people, ["sector"], as_of=as_of)
        levels = people_stats(people, ["education_level"], as_of=as_of)
        assert [(r["sector"], r["count"]) for r in context["by_sector"]] == [
            (r["sector"], r["count"]) for r in sectors]  # fmt: skip
        assert [(r["education_level"], r["count"]) for r in context["by_level"]] == [
            (r["education_level"], r["count"]) for r in levels]  # fmt: skip
        assert context["total"] == sum(r["count"] for r in sectors) > 0
