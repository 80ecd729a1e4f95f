"""The synthetic province: deterministic, valid under the template, consistent history."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone

from trithuc.demo import registry as demo
from trithuc.lib.retirement import MAX_EXTENSION_MONTHS, add_months, retirement_date
from trithuc.people.models import Employment, Person, PersonChange, Qualification

FIXED_TODAY = dt.date(2026, 11, 22)
COMMUNES = [
    demo.Commune("01273", "Thục Phán", "phường"),
    demo.Commune("01290", "Bảo Lâm"),
    demo.Commune("01321", "Bảo Lạc"),
    demo.Commune("01477", "Trùng Khánh"),
    demo.Commune("01654", "Hòa An"),
    demo.Commune("01807", "Thạch An"),
]
CODED = {
    "gender": "gender", "ethnicity": "ethnicity", "employment_type": "employment_type",
    "sector": "sector", "education_level": "education_level",
    "academic_title": "academic_title", "political_theory_level": "political_theory_level",
    "in_training": "in_training",
}  # fmt: skip
FLAGS = {"is_leader", "party_member", "upskilled_to_standard", "continuing_education"}


@pytest.fixture
def communes(db):
    """Cao Bằng's communes: loaded by the migrations, or a few when they are not."""
    from trithuc.orgunits.models import AdministrativeUnit

    units = AdministrativeUnit.objects.filter(code_system="2025", province_code="04")
    if not units.filter(level="commune").exists():
        province = units.filter(level="province").first() or AdministrativeUnit.objects.create(
            code_system="2025", code="04", level="province", name="Tỉnh Cao Bằng",
            unit_type="Tỉnh", province_code="04", name_folded="tinh cao bang",
        )  # fmt: skip
        for commune in COMMUNES:
            AdministrativeUnit.objects.create(
                code_system="2025", code=commune.code, level="commune",
                name=f"{commune.kind.capitalize()} {commune.name}",
                unit_type=commune.kind.capitalize(), parent=province, province_code="04",
                name_folded=commune.place,
            )  # fmt: skip
        _clear_unit_caches()
    return demo.load_communes("04")[1]


def _clear_unit_caches() -> None:
    try:
        from trithuc.orgunits.services import clear_cache
    except ImportError:
        return
    clear_cache()


@pytest.fixture
def small_demo(communes):
    today = timezone.localdate()
    result = demo.build_demo(seed=1, count=300, province_code="04", today=today)
    return result, today


def test_generator_is_deterministic_for_a_seed():
    first = demo.generate(1, 300, COMMUNES, today=FIXED_TODAY)
    again = demo.generate(1, 300, COMMUNES, today=FIXED_TODAY)
    other = demo.generate(2, 300, COMMUNES, today=FIXED_TODAY)

    def key(people):
        return [(p.values["national_id"], p.values["full_name"], p.uuid) for p in people]

    assert key(first) == key(again)
    assert [p.values for p in first] == [p.values for p in again]
    assert [p.jobs for p in first] == [p.jobs for p in again]
    assert key(first) != key(other)


def test_generated_national_ids_follow_the_cccd_structure():
    people = demo.generate(3, 2000, COMMUNES, today=FIXED_TODAY)
    ids = [str(p.values["national_id"]) for p in people]
    assert len(set(ids)) == len(ids)
    for person, number in zip(people, ids, strict=True):
        birth = person.values["birth_date"]
        assert len(number) == 12 and number.isdigit()
        assert 1 <= int(number[:3]) <= 96
        female = person.values["gender"] == "female"
        assert int(number[3]) == 2 * (birth.year // 100 - 19) + female
        assert number[4:6] == f"{birth.year % 100:02d}"
    share_local = sum(number.startswith("004") for number in ids) / len(ids)
    assert 0.8 < share_local < 0.99


def test_distributions_are_believable():
    people = demo.generate(5, 4000, COMMUNES, today=FIXED_TODAY)
    summary = demo.summarize(people, FIXED_TODAY)
    n = len(people)

    def share(name, code):
        return summary[name].get(code, 0) / n

    assert 0.36 < share("ethnicity", "02") < 0.46  # Tày
    assert 0.26 < share("ethnicity", "07") < 0.36  # Nùng
    assert max(summary["sector"], key=summary["sector"].get) == "education"
    assert share("education_level", "bachelor") > 0.6
    assert 0.07 < share("education_level", "master") < 0.2
    assert summary["education_level"].get("specialist_1", 0) > 0
    active = summary["flags"]["active"]
    assert 0.08 <= summary["flags"]["is_leader"] / active <= 0.13
    assert summary["flags"]["leader_under_40"] > 0
    assert 0.005 < summary["flags"].get("expert_field", 0) / active < 0.04
    assert 0.05 < share("employment_type", "retired") < 0.25
    women = {"education": [0, 0], "health": [0, 0]}
    for person in people:
        if person.values["sector"] in women:
            women[str(person.values["sector"])][0] += person.values["gender"] == "female"
            women[str(person.values["sector"])][1] += 1
    for female, total in women.values():
        assert 0.5 < female / total < 0.66
    ages = [demo._age(p.values["birth_date"], FIXED_TODAY) for p in people]
    active_ages = [
        age for age, p in zip(ages, people, strict=True) if p.values["employment_type"] != "retired"
    ]
    assert min(active_ages) >= 22 and max(active_ages) <= 67


@pytest.mark.django_db
def test_every_demo_person_passes_the_template_rules(small_demo):
    from trithuc.codelists.services import label
    from trithuc.people.template import DATA_FIELDS, validate_record
    from trithuc.people.writing import content_hash

    result, today = small_demo
    assert result.created == 300
    people = list(Person.objects.filter(is_synthetic=True))
    assert len(people) == 300
    for person in people:
        raw: dict[str, object] = {}
        for name in DATA_FIELDS:
            value = getattr(person, name)
            if name in CODED and value:
                value = label(CODED[name], value)
            elif name in FLAGS:
                value = "x" if value else ""
            raw[name] = value
        checked = validate_record(raw, today)
        assert checked.errors == [], (person.national_id, checked.errors)
        assert not [w for w in checked.warnings if w[0] == "national_id"], checked.warnings
        for name in DATA_FIELDS:
            assert checked.values.get(name) == getattr(person, name), name
        assert content_hash(checked.values) == person.content_hash
        assert person.is_synthetic and person.province_code == "04"
        assert person.name_folded and person.name_sort


@pytest.mark.django_db
def test_person_state_is_the_end_of_its_history(small_demo):
    _, today = small_demo
    for person in Person.objects.filter(is_synthetic=True).prefetch_related(
        "employments", "qualifications"
    ):
        jobs = sorted(person.employments.all(), key=lambda j: j.valid_from)
        assert jobs[-1].valid_to is None
        for before, after in zip(jobs, jobs[1:], strict=False):
            assert before.valid_to == after.valid_from
        last = jobs[-1]
        for name in ("employer", "workplace_unit", "sector", "employment_type", "position"):
            assert getattr(last, name) == getattr(person, name), name
        assert last.is_leader == person.is_leader
        assert last.agency_id == person.agency_id
        degrees = list(person.qualifications.all())
        assert all(d.awarded_on <= today and d.year == d.awarded_on.year for d in degrees)
        highest = max(degrees, key=lambda d: demo.LEVEL_RANK[d.level])
        assert person.education_level == highest.level
        assert person.education_year == highest.year
        if person.in_training:
            assert demo.LEVEL_RANK[person.in_training] > demo.LEVEL_RANK[person.education_level]
            assert person.in_training_until >= today.year


@pytest.mark.django_db
def test_retirement_happens_at_the_legal_age(small_demo):
    _, today = small_demo
    retirements = 0
    for person in Person.objects.filter(is_synthetic=True).prefetch_related("employments"):
        statutory = retirement_date(person.birth_date, person.gender)
        jobs = sorted(person.employments.all(), key=lambda j: j.valid_from)
        retired = [j for j in jobs if j.employment_type == "retired"]
        for job in jobs:
            if job.employment_type != "retired":
                assert job.valid_from <= statutory or _extended(person, job.valid_from, statutory)
        if person.employment_type == "retired":
            retirements += 1
            assert len(retired) == 1 and retired[0] is jobs[-1]
            started = retired[0].valid_from
            assert started == statutory + dt.timedelta(days=1) or _extended(
                person, started - dt.timedelta(days=1), statutory
            )
        else:
            assert not retired
            assert today <= statutory or _extended(person, today, statutory)
    assert retirements > 0


def _extended(person: Person, day: dt.date, statutory: dt.date) -> bool:
    """Decree 50/2022: doctors and specialists level II may work up to 5 years longer."""
    levels = set(person.qualifications.values_list("level", flat=True))
    return bool(levels & demo.EXTENSION_LEVELS) and day <= add_months(
        statutory, MAX_EXTENSION_MONTHS
    )


@pytest.mark.django_db
def test_counts_as_of_a_past_date_differ_from_today(small_demo):
    _, today = small_demo

    def active_on(day: dt.date) -> set[int]:
        return set(
            Employment.objects.filter(
                Q(valid_to__isnull=True) | Q(valid_to__gt=day),
                valid_from__lte=day,
                person__is_synthetic=True,
            )
            .exclude(employment_type="retired")
            .values_list("person_id", flat=True)
        )

    def postgraduates_on(day: dt.date) -> int:
        held = Qualification.objects.filter(
            awarded_on__lte=day,
            level__in=["master", "specialist_1", "resident", "specialist_2", "doctor"],
        ).values_list("person_id", flat=True)
        return len(active_on(day) & set(held))

    then, now = active_on(dt.date(2016, 1, 1)), active_on(today)
    assert then != now
    assert then - now and now - then  # retirements since, hires since
    assert postgraduates_on(dt.date(2016, 1, 1)) < postgraduates_on(today)
    assert PersonChange.objects.filter(source="demo").exists()
    assert not PersonChange.objects.filter(changed_at__date__lt=dt.date(2015, 1, 1)).exists()


@pytest.mark.django_db
def test_rerun_skips_and_reset_recreates_only_synthetic_people(small_demo):
    result, today = small_demo
    ids = set(Person.objects.filter(is_synthetic=True).values_list("national_id", flat=True))
    real = Person.objects.create(
        national_id="004190000001", full_name="Nông Văn Thật", name_folded="nong van that",
        name_sort="x", birth_date=dt.date(1990, 5, 1), gender="male", ethnicity="02",
        workplace_unit="04", province_code="04", employer="Sở Y tế", employment_type="civil_servant",
        sector="health", education_level="bachelor",
    )  # fmt: skip

    again = demo.build_demo(seed=1, count=300, province_code="04", today=today)
    assert again.skipped_existing == 300 and again.created == 0
    assert Person.objects.filter(is_synthetic=True).count() == 300

    reset = demo.build_demo(seed=1, count=300, province_code="04", today=today, reset=True)
    assert reset.deleted == 300 and reset.created == 300
    assert (
        set(Person.objects.filter(is_synthetic=True).values_list("national_id", flat=True)) == ids
    )
    assert Person.objects.filter(pk=real.pk).exists()
    assert Employment.objects.filter(person__is_synthetic=True).count() == result.counts.employments


@pytest.mark.django_db
def test_command_prints_summary_and_creates_demo_logins(communes):
    from trithuc.accounts.models import Membership

    out = StringIO()
    call_command("demo", "--people", "60", "--seed", "2", "--password", "thu-nghiem", stdout=out)
    text = out.getvalue()
    assert "Dữ liệu mô phỏng" in text and "http://127.0.0.1:8000" in text
    assert "Giáo dục và đào tạo" in text and "thu-nghiem" in text
    assert Person.objects.filter(is_synthetic=True).count() == 60
    roles = dict(Membership.objects.values_list("user__username", "role"))
    assert roles == {
        "admin": "system_admin", "quanly": "registry_manager", "xem": "registry_viewer",
        "phantich": "analyst", "xa": "registry_manager", "dieuphoi": "plan_coordinator",
        "baocao": "agency_reporter", "baocao2": "agency_reporter",
        "thuky": "consult_secretariat", "sonongnghiep": "agency_reporter",  # experts (issue 17)
        "hoso": "intellectual",  # "Hồ sơ của tôi" (issue 13)
        "toanquoc": "national_analyst",  # issue 19
    }  # fmt: skip
    # issue 13: every login has a full name; the intellectual holds a synthetic profile
    # and has a correction request waiting for the registry manager
    from django.contrib.auth import get_user_model

    from trithuc.privacy.models import CorrectionRequest

    assert all(" " in u.get_full_name() for u in get_user_model().objects.all())
    own = Membership.objects.get(user__username="hoso").national_id
    assert Person.objects.get(national_id=own).is_synthetic
    assert CorrectionRequest.objects.filter(person__national_id=own, status="open").count() == 1
    assert Membership.objects.get(user__username="toanquoc").unit_code == ""
    assert "15-KH/TU" in text and "dieuphoi" in text
    # issue 18's figures written for the demo's years (the demo decides talent every year)
    from trithuc.indicators.models import ReportedFigure

    assert "đảng viên trẻ, quy hoạch: đã ghi" in text
    assert ReportedFigure.objects.filter(indicator__code="talent_attracted", sector="").count() == 6
    assert len(Membership.objects.get(user__username="xa").unit_code) == 5
    assert Membership.objects.get(user__username="admin").user.is_superuser

    out = StringIO()
    call_command("demo", "--people", "60", "--seed", "2", stdout=out)
    assert "không tạo thêm" in out.getvalue()
    assert "giữ mật khẩu" in out.getvalue()
    assert Membership.objects.count() == 12  # a second run adds no login


@pytest.mark.django_db
def test_command_explains_missing_reference_data():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="trithuc migrate"):
        call_command("demo", "--province", "99", "--people", "5", stdout=StringIO())
