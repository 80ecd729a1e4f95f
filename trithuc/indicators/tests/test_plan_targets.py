"""Targets that come through the plan import (the demo's path), targets with no value
and why, and figures an agency reports for what the registry does not hold."""

from __future__ import annotations

import datetime as dt
import importlib
import io

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from conftest import seed_003
from trithuc.accounts.models import Membership
from trithuc.indicators.models import Indicator, ReportedFigure, Target
from trithuc.indicators.snapshots import refresh_snapshot
from trithuc.indicators.tests.factories import Degree, Job, Spec, make_person
from trithuc.indicators.values import Evaluator

pytestmark = pytest.mark.django_db
COMMUNE = "01273"


@pytest.fixture
def plan(django_user_model):
    """Seed 003 imported as a followed plan, exactly as `trithuc demo` does it."""
    from trithuc.orgunits.services import create_usual_agencies
    from trithuc.plans.importing import accept_proposal, start_draft

    create_usual_agencies("04")
    actor = django_user_model.objects.create_user(username="dieuphoi", password="pw-Trithuc-2026")
    Membership.objects.create(user=actor, role="plan_coordinator", unit_code="04")
    upload = SimpleUploadedFile(seed_003().name, seed_003().read_bytes(), content_type="text/plain")
    draft = start_draft(upload, actor=actor, province_code="04")
    return accept_proposal(draft, actor=actor, overrides={"number": "15-KH/TU",
                                                          "issued_on": "2024-03-15"})  # fmt: skip


def ratio_target() -> Target:
    return Target.objects.get(indicator__code="intellectuals_count_ratio")


def intellectuals(unit: str, n: int, since: dt.date = dt.date(2010, 1, 1)) -> None:
    for _ in range(n):
        make_person(Spec(jobs=[Job(unit, valid_from=since)],
                         degrees=[Degree("bachelor", dt.date(2005, 6, 1))]))  # fmt: skip


def test_a_plan_import_keeps_the_baseline_its_document_printed(plan):
    assert plan.targets.count() == 34
    target = ratio_target()
    assert target.plan == plan
    assert (target.baseline_year, target.baseline_value) == (2020, 17178)
    assert "17.178" in target.baseline_source
    intellectuals("04", 3)
    row = Evaluator(None, as_of=dt.date(2026, 11, 22)).evaluate(target)
    assert row.value == pytest.approx(3 / 17178)
    assert row.status == "off_track"
    # (⌈1,5 × 17 178⌉ − 3) / 4 years left
    assert row.needed == "thêm 6.441 trí thức mỗi năm"


def test_the_migration_fills_baselines_of_targets_imported_before(plan):
    Target.objects.filter(plan=plan).update(baseline_year=None, baseline_value=None,
                                            baseline_source="")  # fmt: skip
    migration = importlib.import_module(
        "trithuc.indicators.migrations.0005_target_baseline_from_plan"
    )
    migration.fill(apps, None)
    assert (ratio_target().baseline_year, ratio_target().baseline_value) == (2020, 17178)
    # targets whose text printed no baseline stay without one
    assert not Target.objects.filter(plan=plan, baseline_year__isnull=False).exclude(
        indicator__code="intellectuals_count_ratio"
    )


def test_a_ratio_read_against_one_commune_uses_that_communes_own_baseline(plan, django_user_model):
    intellectuals(COMMUNE, 2, since=dt.date(2010, 1, 1))
    intellectuals(COMMUNE, 1, since=dt.date(2023, 1, 1))
    row = Evaluator(None, as_of=dt.date(2026, 11, 22), unit=COMMUNE).evaluate(ratio_target())
    # 3 intellectuals today against the commune's 2 at the end of 2020, not the
    # province's 17 178 printed in the plan
    assert (row.count, row.value) == (3, 1.5)
    assert row.note == ""
    # the same for a user who sees that commune only
    user = django_user_model.objects.create_user(username="xa", password="pw-Trithuc-2026")
    Membership.objects.create(user=user, role="registry_manager", unit_code=COMMUNE)
    intellectuals("04", 5)  # province-level staff the commune user does not see
    row = Evaluator(user, as_of=dt.date(2026, 11, 22)).evaluate(ratio_target())
    assert (row.count, row.value) == (3, 1.5)
    province = Evaluator(None, as_of=dt.date(2026, 11, 22)).evaluate(ratio_target())
    assert (province.count, province.value) == (8, pytest.approx(8 / 17178))


def test_a_target_without_a_value_says_why(plan):
    target = ratio_target()
    target.baseline_year = target.baseline_value = None
    target.save()
    row = Evaluator(None).evaluate(target)
    assert row.value is None
    assert "chưa có năm gốc" in row.note
    nobody = Target.objects.get(indicator__code="share_masters", sector="agriculture",
                                year=2030)  # fmt: skip
    empty = Evaluator(None).evaluate(nobody)
    assert empty.base == 0
    assert "mẫu số bằng 0" in empty.note
    assert empty.as_json()["note"] == empty.note


def test_a_reported_only_target_says_an_agency_reports_it_and_links_to_the_form(client, manager):
    indicator = Indicator.objects.get(code="share_qualification_matching_job_position")
    Target.objects.create(indicator=indicator, unit_code="04", year=2030, comparator="=",
                          value=100, plan_reference="140-KH/TU")  # fmt: skip
    refresh_snapshot()
    client.force_login(manager)
    response = client.get(reverse("indicators:dashboard"))
    row = response.context["rows"][0]
    assert row["value"] is None
    assert "vị trí việc làm" in row["note"]
    assert "Nhập số liệu báo cáo" in row["note"]
    body = response.content.decode()
    assert f"{reverse('indicators:report')}?indicator={indicator.pk}&amp;unit_code=04" in body
    export = client.get(reverse("indicators:export"))
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(export.streaming_content)))
    header, line = sheet.get_sheet_by_index(0).to_python()[:2]
    assert line[header.index("Ghi chú")] == row["note"]


def test_an_agency_reporter_enters_the_provinces_figure(client, django_user_model):
    from trithuc.orgunits.models import Agency

    indicator = Indicator.objects.get(code="share_qualification_matching_job_position")
    home_affairs = Agency.objects.create(name="Sở Nội vụ", province_code="04")
    reporter = django_user_model.objects.create_user(username="baocao", password="pw-T-2026")
    Membership.objects.create(user=reporter, role="agency_reporter", agency=home_affairs)
    client.force_login(reporter)
    url = reverse("indicators:report")
    form = client.get(url, {"indicator": indicator.pk, "unit_code": "04", "year": 2025})
    assert form.status_code == 200
    assert form.context["form"].initial["unit_code"] == "04"
    data = {"indicator": indicator.pk, "unit_code": "04", "sector": "", "year": 2025,
            "value": 82.5, "source": "Báo cáo 15/BC-SNV"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    figure = ReportedFigure.objects.get()
    assert (figure.reported_by, figure.province_code) == (reporter, "04")
    assert list(client.get(url).context["figures"]) == [figure]
    # another province stays out of reach
    outside = client.post(url, {**data, "unit_code": "20"})
    assert "ngoài phạm vi" in outside.content.decode()
    assert ReportedFigure.objects.count() == 1


def test_a_reported_target_with_one_year_says_it_needs_two_to_project():
    indicator = Indicator.objects.get(code="share_qualification_matching_job_position")
    target = Target.objects.create(indicator=indicator, unit_code="04", year=2030,
                                   comparator="=", value=100, plan_reference="P")  # fmt: skip
    ReportedFigure.objects.create(indicator=indicator, unit_code="04", year=2025, value=82.5,
                                  source="Sở Nội vụ")  # fmt: skip
    row = Evaluator(None, as_of=dt.date(2026, 11, 22)).evaluate(target)
    assert (row.value, row.status) == (82.5, "unknown")
    assert "ít nhất hai năm" in row.note
    ReportedFigure.objects.create(indicator=indicator, unit_code="04", year=2026, value=86.0,
                                  source="Sở Nội vụ")  # fmt: skip
    row = Evaluator(None, as_of=dt.date(2026, 11, 22)).evaluate(target)
    assert row.status in {"on_track", "at_risk", "off_track"}
    assert row.note == ""


def test_a_plan_coordinator_sets_targets_and_returns_to_the_plan(client, plan):
    coordinator = plan.targets.first().created_by
    client.force_login(coordinator)
    assert client.get(reverse("indicators:dashboard")).status_code == 403  # no aggregates
    target = ratio_target()
    url = reverse("indicators:target_form")
    assert client.get(url, {"target": target.uuid}).status_code == 200
    data = {"plan_reference": target.plan_reference, "indicator": target.indicator_id,
            "unit_code": "04", "unit_code_system": "2025", "sector": "", "year": 2030,
            "comparator": ">=", "value": 1.6, "baseline_year": 2020, "baseline_value": 17178,
            "source_text": target.source_text}  # fmt: skip
    response = client.post(f"{url}?target={target.uuid}", data)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:plan_detail", args=[plan.uuid])
    assert ratio_target().value == 1.6
    sibling = Target.objects.create(indicator=target.indicator, unit_code="20", year=2030,
                                    comparator=">=", value=1, plan_reference="X")  # fmt: skip
    assert client.get(url, {"target": sibling.uuid}).status_code == 404
