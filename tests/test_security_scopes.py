"""The one access layer (`trithuc.accounts.scope`) held against the rule it states.

- A brute-force reading of the rule over every object equals each queryset's
  `visible_to` / `editable_by`, for random memberships.
- Users bound to a commune, to a ward of another province and to an agency only, for
  every role, walk every page: no server error, nothing of another province.
- Every service refuses a write outside the actor's scope and leaves the database as it
  was.
"""

# ruff: noqa: F811 -- fixtures imported from tests/test_access.py are arguments here

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.core.exceptions import PermissionDenied

from conftest import good_row
from tests.test_access import (  # noqa: F401 (fixtures)
    all_views,
    body_text,
    correction,
    expert_objects,
    intellectual,
    job,
    make_plan_objects,
    method,
    objects,
    person,
    plan_objects,
    plan_people,
    province_admin,
    secretariats,
    target,
    url_for,
)
from trithuc.accounts.models import Membership, Role
from trithuc.accounts.scope import ROLE_CAPABILITIES, Capability, build_scope
from trithuc.indicators.querysets import aggregate_scope
from trithuc.orgunits.models import Agency
from trithuc.orgunits.services import create_usual_agencies, current_province_code, units_under
from trithuc.people.importing import import_people
from trithuc.people.models import Person
from trithuc.plans.models import Plan

pytestmark = pytest.mark.django_db
C = Capability
TODAY = dt.date(2026, 11, 22)


def _user(django_user_model, username, role, unit="", agency=None, national_id=""):
    user = django_user_model.objects.create_user(username=username, password="pw-Trithuc-2026")
    Membership.objects.create(user=user, role=role, unit_code=unit, agency=agency,
                              national_id=national_id)  # fmt: skip
    return user


# ---- a brute-force reading of the rule -------------------------------------------------------


def _in_membership(membership, *, province, unit, agency_id, national_id) -> bool:
    """Is a thing placed at (province, unit, agency) inside one membership's area, read
    straight from the rule: a blank unit and no agency is everywhere; a province unit holds
    its province; a commune holds itself; an agency (with its children) narrows it."""
    if membership.role == Role.INTELLECTUAL:
        return bool(national_id) and national_id == membership.national_id
    if membership.unit_code:
        if current_province_code(membership.unit_code) == membership.unit_code:
            if province != membership.unit_code:
                return False
        elif unit != membership.unit_code:
            return False
    if membership.agency_id:
        family = {membership.agency_id, *Agency.objects.filter(
            parent_id=membership.agency_id).values_list("pk", flat=True)}  # fmt: skip
        if agency_id not in family:
            return False
    return True


def _people_by_rule(user, *capabilities) -> set[int]:
    found = set()
    for membership in user.memberships.all():
        if not set(capabilities) & ROLE_CAPABILITIES[membership.role]:
            continue
        for p in Person.objects.all():
            if _in_membership(membership, province=p.province_code, unit=p.workplace_unit,
                              agency_id=p.agency_id, national_id=p.national_id):  # fmt: skip
                found.add(p.pk)
    return found


def _plans_managed_by_rule(user) -> set[int]:
    found = set()
    for membership in user.memberships.all():
        if C.COORDINATE_PLANS not in ROLE_CAPABILITIES[membership.role]:
            continue
        for plan in Plan.objects.all():
            if not membership.unit_code and not membership.agency_id:
                found.add(plan.pk)
            elif membership.agency_id and not membership.unit_code:
                if plan.owner_agency_id == membership.agency_id:
                    found.add(plan.pk)
            elif (not membership.agency_id and membership.unit_code
                  and current_province_code(membership.unit_code) == membership.unit_code
                  and plan.province_code == membership.unit_code):  # fmt: skip
                found.add(plan.pk)
    return found


@pytest.fixture
def world(make_xlsx):
    """People in two provinces, their communes and agencies; a plan in each province."""
    create_usual_agencies("04")
    create_usual_agencies("20")
    communes = {"04": units_under("04")[1:4], "20": units_under("20")[1:3]}
    agencies = list(Agency.objects.filter(province_code__in=["04", "20"]).order_by("pk")[:6])
    rows = []
    rng = random.Random(7)
    number = 0
    for province, units in communes.items():
        for unit in [province, *units]:
            for employer in ["Sở Nội vụ", "Sở Y tế", "Trường học"]:
                number += 1
                national_id = f"0{province}08500{number:04d}"
                rows.append(good_row(number, national_id=national_id, workplace_unit=unit,
                                     employer=employer if rng.random() < 0.8 else "Khác"))  # fmt: skip
    report = import_people(make_xlsx(rows), today=TODAY)
    assert report.created == len(rows), report.errors[:3]
    for province in ("04", "20"):
        Plan.objects.create(number=f"1-KH/{province}", title="Kế hoạch", province_code=province,
                            issued_on=dt.date(2024, 1, 1),
                            owner_agency=Agency.objects.filter(province_code=province).first())  # fmt: skip
    Plan.objects.create(number="45-NQ/TW", title="Nghị quyết", province_code="",
                        issued_on=dt.date(2023, 11, 24))  # fmt: skip
    return {"communes": communes, "agencies": agencies,
            "ids": list(Person.objects.values_list("national_id", flat=True))}  # fmt: skip


def _random_memberships(rng, user, world) -> None:
    places = ["", "04", "20", *world["communes"]["04"], *world["communes"]["20"], "99999"]
    for _ in range(rng.randint(1, 3)):
        role = rng.choice(list(Role.values))
        if role == Role.INTELLECTUAL:
            Membership.objects.create(user=user, role=role, national_id=rng.choice(world["ids"]))
            continue
        agency = rng.choice([None, None, *world["agencies"]])
        unit = rng.choice(places)
        Membership.objects.create(user=user, role=role, unit_code=unit, agency=agency)


def test_every_queryset_equals_the_rule_for_random_memberships(django_user_model, world):
    rng = random.Random(2026)
    for index in range(40):
        user = django_user_model.objects.create_user(username=f"u{index}")
        _random_memberships(rng, user, world)
        label = list(user.memberships.values_list("role", "unit_code", "agency_id",
                                                  "national_id"))  # fmt: skip
        visible = set(Person.objects.visible_to(user).values_list("pk", flat=True))
        assert visible == _people_by_rule(user, C.READ_PEOPLE, C.READ_AGGREGATES,
                                          C.OWN_PROFILE), label  # fmt: skip
        profiles = set(Person.objects.profiles_for(user).values_list("pk", flat=True))
        assert profiles == _people_by_rule(user, C.READ_PEOPLE), label
        editable = set(Person.objects.editable_by(user).values_list("pk", flat=True))
        assert editable == _people_by_rule(user, C.EDIT_PEOPLE), label
        managed = set(Plan.objects.editable_by(user).values_list("pk", flat=True))
        assert managed == _plans_managed_by_rule(user), label
        # Every plan a user manages they also see; nothing of a province they do not touch.
        seen = set(Plan.objects.visible_to(user).values_list("pk", flat=True))
        assert managed <= seen, label


def test_the_scope_is_immutable_and_built_from_the_unit_tables(django_user_model, world):
    commune = world["communes"]["04"][0]
    user = _user(django_user_model, "xa", "plan_coordinator", commune)
    scope = build_scope(user)
    (area,) = scope.areas(C.COORDINATE_PLANS)
    assert area.commune == commune and area.province == "04"  # not commune[:2]
    with pytest.raises(AttributeError):
        scope.grants = ()  # type: ignore[misc]


def test_a_commune_coordinator_follows_only_its_own_province(django_user_model, world):
    """Since 2025 commune codes do not start with the province's code: the coordinator of a
    commune of Cao Bằng sees Cao Bằng's plans (and the national ones), manages none of
    them, and sees nothing of Lạng Sơn."""
    from trithuc.plans.access import can_create_plans, managed_plans, plans_for

    commune = world["communes"]["04"][0]
    coordinator = _user(django_user_model, "dieuphoi-xa", "plan_coordinator", commune)
    seen = set(plans_for(coordinator).values_list("number", flat=True))
    assert seen == {"1-KH/04", "45-NQ/TW"}
    assert not managed_plans(coordinator).exists()
    assert not can_create_plans(coordinator)


# ---- every page, for users bound to a commune, a ward of another province, an agency ------


BINDINGS = ["province", "commune", "other_ward", "agency"]


def _binding(kind: str, agency):
    if kind == "province":
        return {"unit": "04"}
    if kind == "commune":
        return {"unit": units_under("04")[1]}
    if kind == "other_ward":
        return {"unit": units_under("20")[1]}
    return {"agency": agency}


@pytest.mark.parametrize("kind", BINDINGS)
def test_every_role_bound_anywhere_walks_every_page(client, django_user_model, kind, objects):
    """No server error for anyone; a user bound outside Cao Bằng opens none of its objects
    and never reads its person; inside it, an object page answers 200, 403 or 404 only."""
    from tests.test_access import sign_in

    views = all_views()
    for role in Role.values:
        binding = _binding(kind, objects["agency"])
        national_id = good_row(1)["national_id"] if role == Role.INTELLECTUAL else ""
        if role == Role.INTELLECTUAL and kind == "other_ward":
            national_id = "020185000009"
        user = _user(django_user_model, f"{role}-{kind}", role, binding.get("unit", ""),
                     binding.get("agency"), national_id)  # fmt: skip
        sign_in(client, user)
        for name, pattern in views:
            if method(name) == "post":
                continue  # writes: see the read-only walk in test_access and the services below
            response = client.get(url_for(name, pattern, objects))
            assert response.status_code < 500, (role, kind, name)
            if kind == "other_ward":
                if pattern.pattern.converters and response.status_code == 200:
                    pytest.fail(f"{role} of another province opened {name}")
                if response.status_code == 200:
                    assert objects["person"].full_name not in body_text(response), (role, name)
        client.logout()


# ---- services refuse writes outside the scope, and leave everything as it was ---------------


def _snapshot():
    from trithuc.plans.models import ProgressReport, Task

    return (
        list(Person.objects.order_by("pk").values_list("pk", "workplace_unit", "full_name")),
        list(Plan.objects.order_by("pk").values_list("pk", "province_code", "title", "version")),
        list(Task.objects.order_by("pk").values_list("pk", "title")),
        list(ProgressReport.objects.order_by("pk").values_list("pk", "state", "version")),
        list(Membership.objects.order_by("pk").values_list("pk", "user_id", "role", "unit_code")),
    )


def _values_of(person, **changes):
    from trithuc.people.template import DATA_FIELDS

    values = {name: getattr(person, name) for name in DATA_FIELDS}
    values["province_code"] = person.province_code
    values.update(changes)
    if "workplace_unit" in changes:
        values["province_code"] = current_province_code(changes["workplace_unit"])
    return values


def test_save_person_refuses_moving_someone_out_of_the_actors_scope(django_user_model, person):
    from trithuc.people.services import save_person

    commune = units_under("04")[1]
    person.workplace_unit = commune
    Person.objects.filter(pk=person.pk).update(workplace_unit=commune)
    manager = _user(django_user_model, "xa-manager", "registry_manager", commune)
    before = _snapshot()
    with pytest.raises(PermissionDenied):
        save_person(_values_of(person, workplace_unit=units_under("04")[2]), actor=manager,
                    person=person)  # fmt: skip
    assert _snapshot() == before


def test_save_person_refuses_a_person_outside_the_scope(django_user_model, person):
    from trithuc.people.services import save_person

    sibling = _user(django_user_model, "ls-manager", "registry_manager", "20")
    before = _snapshot()
    with pytest.raises(PermissionDenied):
        save_person(_values_of(person, full_name="Người Khác"), actor=sibling, person=person)
    assert _snapshot() == before


def test_create_person_refuses_a_unit_outside_the_scope(django_user_model):
    from trithuc.people.services import PersonRefused, create_person
    from trithuc.people.template import validate_record

    manager = _user(django_user_model, "ls-manager2", "registry_manager", "20")
    values = validate_record(good_row(3), TODAY).values
    before = _snapshot()
    with pytest.raises(PersonRefused):
        create_person(values, actor=manager)
    assert _snapshot() == before


def test_create_person_does_not_tell_whether_an_id_exists_elsewhere(django_user_model, person):
    """The answer for an ID registered in another unit is the one for an ID registered in
    one's own: nothing says where, or whether the person is outside the scope."""
    from trithuc.people.services import ID_TAKEN, PersonRefused, create_person
    from trithuc.people.template import validate_record

    commune = units_under("04")[1]
    manager = _user(django_user_model, "xa-manager2", "registry_manager", commune)
    values = validate_record(good_row(1, workplace_unit=commune), TODAY).values
    with pytest.raises(PersonRefused) as refused:
        create_person(values, actor=manager)
    assert str(refused.value) == ID_TAKEN


def test_plan_services_refuse_writes_outside_the_scope(plan_objects, plan_people):
    from trithuc.plans.models import Task
    from trithuc.plans.services import ReportInput, reopen_report, save_plan, save_report, save_task

    plan, sibling = plan_objects["plan"], plan_people["sibling_coordinator"]
    ours = plan_people["coordinator"]
    before = _snapshot()
    moved = Plan.objects.get(pk=plan.pk)
    moved.province_code = "20"  # a coordinator gives their plan to another province
    with pytest.raises(PermissionDenied):
        save_plan(moved, actor=ours)
    assert _snapshot() == before
    theirs = Plan.objects.get(pk=plan.pk)
    theirs.title = "Hacker"
    with pytest.raises(PermissionDenied):
        save_plan(theirs, actor=sibling)
    with pytest.raises(PermissionDenied):
        save_task(Task(plan=plan, number="9", title="Hacker", recurrence="every_period",
                       lead_agency=plan_objects["agency"]), actor=sibling)  # fmt: skip
    with pytest.raises(PermissionDenied):
        reopen_report(plan_objects["report"], actor=plan_people["sibling_reporter"])
    review = plan_objects["review"]
    with pytest.raises(PermissionDenied):
        save_report(plan=plan, period=review, task=None, agency=plan_objects["agency"],
                    data=ReportInput("done", "x", [], ""), expected_version=0,
                    actor=plan_people["sibling_reporter"])  # fmt: skip
    assert _snapshot() == before


def test_role_services_refuse_memberships_outside_the_scope(django_user_model, province_admin):
    from trithuc.accounts.services import ScopeError, add_membership, remove_membership

    other = _user(django_user_model, "ls-viewer", "registry_viewer", "20")
    ward = units_under("20")[1]
    before = _snapshot()
    with pytest.raises((ScopeError, PermissionDenied)):
        add_membership(other, actor=province_admin, role="registry_manager", unit_code=ward)
    with pytest.raises(PermissionDenied):
        remove_membership(other.memberships.get(), actor=province_admin)
    assert _snapshot() == before


def test_the_session_key_changes_at_login_and_after_the_second_factor(client, province_admin):
    from django.urls import reverse

    from tests.test_security_support import confirmed_device, current_token

    client.get(reverse("login"))
    session = client.session
    session["visited"] = True
    session.save()
    anonymous_key = client.cookies["sessionid"].value
    client.post(reverse("login"), {"username": "tinh_admin", "password": "pw-Trithuc-2026"})
    signed_in_key = client.cookies["sessionid"].value
    assert signed_in_key != anonymous_key
    device = confirmed_device(province_admin)
    client.post(reverse("otp_verify"), {"token": current_token(device)})
    assert client.cookies["sessionid"].value != signed_in_key


def test_two_agencies_of_one_province_never_share_a_cached_dashboard(django_user_model):
    """The dashboard caches its rows under the reader's aggregate scope: two analysts bound
    to different agencies of one province count different people, so their keys differ."""
    create_usual_agencies("04")
    first, second = Agency.objects.filter(province_code="04", parent__isnull=True)[:2]
    a = _user(django_user_model, "agency-a", Role.ANALYST, agency=first)
    b = _user(django_user_model, "agency-b", Role.ANALYST, agency=second)
    both = _user(django_user_model, "agency-ab", Role.ANALYST, agency=first)
    Membership.objects.create(user=both, role=Role.ANALYST, agency=second)
    keys = {aggregate_scope(user).key() for user in (a, b, both)}
    assert len(keys) == 3


# ---- the national role (issue 19): every province's aggregates, never a person ----------------


def _national(django_user_model):
    return _user(django_user_model, "toanquoc", Role.NATIONAL_ANALYST)


@pytest.fixture
def no_cached_pages():
    """The national page is cached until the registry changes, which is told on commit:
    the tests' rolled-back data never tells it."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_the_national_role_counts_every_province_and_reads_no_person(django_user_model, world):
    national = _national(django_user_model)
    scope = build_scope(national)
    assert scope.everywhere(C.READ_AGGREGATES) and scope.hides_small_cells
    for capability in (C.READ_PEOPLE, C.READ_SENSITIVE, C.EDIT_PEOPLE, C.READ_EXPERTS,
                       C.READ_AUDIT, C.ADMINISTER_USERS):  # fmt: skip
        assert not scope.can(capability), capability
    assert Person.objects.visible_to(national).count() == Person.objects.count()
    assert not Person.objects.profiles_for(national).exists()
    assert not Person.objects.editable_by(national).exists()
    assert not Person.objects.sensitive_for(national).exists()


def test_the_national_page_and_api_show_provinces_not_people(
    client, django_user_model, world, no_cached_pages
):
    from django.urls import reverse

    from trithuc.api.tokens import issue_token

    national = _national(django_user_model)
    client.force_login(national)
    page = client.get(reverse("national"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Cao Bằng" in text and "Lạng Sơn" in text
    assert "Nguyễn Văn An" not in text
    person = Person.objects.first()
    for name, kwargs in (("people:list", {}), ("people:export", {}),
                         ("people:detail", {"person_uuid": person.uuid})):  # fmt: skip
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code in (403, 404), name
        assert person.full_name not in response.content.decode(errors="replace")
    _, raw = issue_token(national, name="bo-noi-vu")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get("/api/people/", **auth).status_code == 403
    assert client.get(f"/api/people/{person.uuid}/", **auth).status_code in (403, 404)
    counts = client.get("/api/counts/?by=province_code", **auth).json()
    assert {row["province_code"] for row in counts["rows"]} == {"04", "20"}
    assert counts["suppressed"] is True


def test_the_national_page_hides_small_cells_and_what_gives_them_away(
    client, django_user_model, make_xlsx, no_cached_pages
):
    """Lạng Sơn has 2 people in health: hidden from the national analyst, with enough
    other cells that no margin gives it back; a registry manager of the whole country
    (profiles) sees it."""
    from django.urls import reverse

    rows = []
    for number, (province, sector) in enumerate(
        [("04", "Giáo dục và đào tạo")] * 6 + [("04", "Y tế")] * 6
        + [("20", "Giáo dục và đào tạo")] * 6 + [("20", "Y tế")] * 2, start=1):  # fmt: skip
        rows.append(good_row(number, national_id=f"0{province}08500{number:04d}",
                             workplace_unit=province, sector=sector))  # fmt: skip
    assert import_people(make_xlsx(rows), today=TODAY).created == 20
    client.force_login(_national(django_user_model))
    page = client.get(reverse("national"))
    table = {row["code"]: row for row in page.context["province_rows"]}
    health = page.context["sector_labels"].index("Y tế")
    assert table["20"]["counts"][health] is None
    assert sum(c is None for c in table["20"]["counts"] + [table["20"]["total"]]) >= 2
    assert page.context["total"] == 20  # the whole scope's number breaks down nothing
    manager = _user(django_user_model, "quanly-tq", Role.REGISTRY_MANAGER)
    client.force_login(manager)
    table = {row["code"]: row for row in client.get(reverse("national")).context["province_rows"]}
    assert table["20"]["counts"][health] == 2


def test_a_province_reader_sees_only_their_province_on_the_national_page(
    client, django_user_model, world, no_cached_pages
):
    from django.urls import reverse

    analyst = _user(django_user_model, "phantich-cb", Role.ANALYST, "04")
    client.force_login(analyst)
    page = client.get(reverse("national"))
    assert [row["code"] for row in page.context["province_rows"]] == ["04"]
    assert {row.code for row in page.context["indicator_rows"]} <= {"04"}
    assert "Lạng Sơn" not in page.content.decode()


def test_the_national_role_is_bound_to_no_unit_or_agency(django_user_model):
    from trithuc.accounts.services import ScopeError, add_membership

    target = django_user_model.objects.create_user(username="bo")
    admin = django_user_model.objects.create_superuser(username="root", password="pw-x-2026")
    with pytest.raises(ScopeError):
        add_membership(target, actor=admin, role=Role.NATIONAL_ANALYST, unit_code="04")
    membership = add_membership(target, actor=admin, role=Role.NATIONAL_ANALYST)
    assert membership.unit_code == "" and membership.agency_id is None


def test_the_national_page_is_kept_until_the_registry_changes(
    client, django_user_model, world, no_cached_pages
):
    """Kept per way of counting: an agency's reader never gets the province's page, and
    a change of the registry (told on commit) shows at once."""
    from django.urls import reverse

    from trithuc.indicators.snapshots import mark_changed

    national = _national(django_user_model)
    client.force_login(national)
    total = client.get(reverse("national")).context["total"]
    Person.objects.filter(pk=Person.objects.order_by("pk").first().pk).delete()
    assert client.get(reverse("national")).context["total"] == total  # kept
    mark_changed()  # what `registry_changed` does after a commit
    assert client.get(reverse("national")).context["total"] == total - 1
    agency_reader = _user(django_user_model, "phantich-so", Role.ANALYST,
                          agency=world["agencies"][0])  # fmt: skip
    client.force_login(agency_reader)
    mine = client.get(reverse("national")).context["total"]
    assert mine == Person.objects.visible_to(agency_reader).count() < total - 1
