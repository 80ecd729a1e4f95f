"""Generated from the URL configuration: every page needs login, keeps to its scope, and
refuses writes to read-only roles. A new view is covered the day it is added.

Each page has an owner, the role it is built for (a registry manager unless listed in
OWNERS), and that owner's counterpart in a sibling province, who must get 404 for the
same objects and must not see the person on any list.
"""

# ruff: noqa: F811 -- fixtures imported from tests/test_security_support.py are arguments here

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import good_row, write_xlsx
from tests import access_issue18 as issue18
from tests.test_security_support import (  # noqa: F401 (fixtures)
    PERSON_ID,
    SIBLING_PERSON_ID,
    intellectual,
    login_verified,
    make_user,
    province_admin,
    sibling_admin,
    sibling_intellectual,
)
from trithuc.people.importing import import_people
from trithuc.people.models import ImportJob, Person

pytestmark = pytest.mark.django_db
PUBLIC = {"login", "logout", "healthz", "experts:invitation_link"}  # the link is its own credential
# Pages that hold no personal data: any signed-in user may open them.
# The glossary and the unit picker's suggestions read no one's data: words and the
# public list of administrative units (issue 13); a download's progress is counts only,
# per user.
NO_DATA_VIEWS = {"home", "people:template", "glossary", "orgunits:unit_search",
                 "download_progress"}  # fmt: skip
# The user's own account: any signed-in user may use them (200, or a redirect back).
SELF_SERVICE = {"otp_verify", "accounts:account", "accounts:password_change",
                "accounts:otp_setup", "accounts:otp_disable"}  # fmt: skip
# The API has its own generated access tests (tests/test_api_access.py).
SKIP_NAMESPACES = {"admin", "api"}
# Views that only accept POST, and the read-only role's expected refusal.
POST_ONLY = {"plans:report_reopen", "people:import_mapping", "people:import_confirm", "accounts:otp_disable",
             "privacy:correction_create", "privacy:consent_change",
             "privacy:correction_resolve", "accounts:membership_remove",
             "accounts:user_active", "accounts:user_otp_reset"}  # fmt: skip
# Experts (issue 17): the secretariat's pages, the requesting agency's, the expert's own.
EXPERT_POST_ONLY = {"experts:consultation_accept", "experts:consultation_answer",
                    "experts:invitation_fee", "experts:expert_withdraw"}  # fmt: skip
POST_ONLY |= EXPERT_POST_ONLY
EXPERT_REQUESTER_VIEWS = {"experts:consultation_create", "experts:consultation_answer"}
EXPERT_OWN_VIEWS = {"experts:my_expertise", "experts:invitation"}
POST_ONLY |= issue18.POST_ONLY
WRITE_VIEWS = {"people:create", "people:edit", "people:import_upload", "accounts:user_create",
               "accounts:user_detail", "privacy:person_consents",
               *(POST_ONLY - {"accounts:otp_disable", "plans:report_reopen"}),
               "experts:expert_register", "experts:consultation_create",
               "experts:consultation_candidates", "experts:consultation_synthesis",
               "experts:criteria_edit", "experts:expert_link", *EXPERT_OWN_VIEWS}  # fmt: skip
WRITE_VIEWS |= issue18.WRITE_VIEWS
WRITE_VIEWS |= {"people:field_review"}  # issue 15: confirming a training field's code
# Who a page is for, when not a registry manager.
ADMIN_VIEWS = {"audit:list", "audit:export", "accounts:user_list", "accounts:user_create",
               "accounts:user_detail", "accounts:membership_remove", "accounts:user_active",
               "accounts:user_otp_reset"}  # fmt: skip
# Plans: pages of the plan coordinator, and those of an agency's reporter.
REPORTER_VIEWS = {"plans:my_due", "plans:task_report", "plans:plan_report",
                  "plans:attachment_download"}  # fmt: skip
PLAN_WRITE_VIEWS = {"plans:plan_create", "plans:plan_import", "plans:plan_edit",
                    "plans:task_create", "plans:task_edit", "plans:report_reopen"}  # fmt: skip
PLAN_WRITE_VIEWS |= {"plans:priority_fields"}  # issue 15: a plan's shortage fields
# Official reports (trithuc.reports): pages of the plan coordinator; POST-only ones.
REPORT_POST_ONLY = {"reports:template_upload", "reports:report_freeze", "reports:report_unfreeze",
                    "reports:report_pdf_start"}  # fmt: skip
POST_ONLY |= REPORT_POST_ONLY
OWN_PROFILE_VIEWS = {"privacy:my_profile", "privacy:my_data", "privacy:correction_create",
                     "privacy:consent_change", *EXPERT_OWN_VIEWS}  # fmt: skip


def owner_kind(name: str) -> str:
    if name in REPORTER_VIEWS or name in EXPERT_REQUESTER_VIEWS:
        return "reporter"
    if name.startswith("experts:") and name not in OWN_PROFILE_VIEWS:
        return "secretariat"
    if name.startswith(("plans:", "reports:")):
        return "coordinator"
    if name in ADMIN_VIEWS:
        return "admin"
    if name in OWN_PROFILE_VIEWS:
        return "intellectual"
    return "manager"


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = pattern.namespace or ""
            if namespace in SKIP_NAMESPACES:
                continue
            yield from _walk(pattern.url_patterns, f"{prefix}{namespace}:" if namespace else prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{prefix}{pattern.name}", pattern


def all_views() -> list[tuple[str, URLPattern]]:
    return [(name, p) for name, p in _walk(get_resolver().url_patterns) if name not in PUBLIC]


def make_person(folder, manager):
    from trithuc.audit.services import record_event

    import_people(write_xlsx(folder / "nguoi.xlsx", [good_row(1)]), today=dt.date(2026, 11, 22))
    person = Person.objects.get()
    # An audit event naming the person: the audit pages must keep it to its scope.
    record_event("create", actor=manager, source="web", obj=person)
    return person


def make_job(folder, manager):
    path = folder / "x.csv"
    path.write_text("STT\n")
    return ImportJob.objects.create(created_by=manager, original_name="x.csv",
                                    stored_path=str(path), status="previewed")  # fmt: skip


def make_correction(person, intellectual):
    from trithuc.privacy.services import request_correction

    return request_correction(person, actor=intellectual, field="position",
                              requested_value="Phó Giám đốc")  # fmt: skip


@pytest.fixture
def person(tmp_path, manager):
    return make_person(tmp_path, manager)


@pytest.fixture
def job(manager, tmp_path):
    return make_job(tmp_path, manager)


@pytest.fixture
def correction(person, intellectual):
    return make_correction(person, intellectual)


@pytest.fixture
def target(viewer):
    """The user whose account pages the administrators open: a viewer of Cao Bằng."""
    return viewer


def _plan_user(django_user_model, username: str, role: str, unit: str = "", agency=None):
    from trithuc.accounts.models import Membership

    user = django_user_model.objects.create_user(username=username, password="pw-Trithuc-2026")
    Membership.objects.create(user=user, role=role, unit_code=unit, agency=agency)
    return user


@pytest.fixture
def plan_people(django_user_model):
    return make_plan_people(django_user_model)


def make_plan_people(django_user_model):
    """Coordinators and reporters of Cao Bằng and of the sibling province Lạng Sơn."""
    from trithuc.orgunits.models import Agency
    from trithuc.orgunits.services import create_usual_agencies

    create_usual_agencies("04")
    create_usual_agencies("20")
    ours = Agency.objects.get(province_code="04", name="Sở Nội vụ")
    theirs = Agency.objects.get(province_code="20", name="Sở Nội vụ")
    return {
        "coordinator": _plan_user(django_user_model, "dieuphoi", "plan_coordinator", "04"),
        "reporter": _plan_user(django_user_model, "baocao", "agency_reporter", agency=ours),
        "sibling_coordinator": _plan_user(django_user_model, "dieuphoi-ls", "plan_coordinator", "20"),
        "sibling_reporter": _plan_user(django_user_model, "baocao-ls", "agency_reporter",
                                       agency=theirs),
        "agency": ours,
    }  # fmt: skip


@pytest.fixture
def plan_objects(plan_people):
    return make_plan_objects(plan_people)


def make_plan_objects(plan_people, text: str = "Kế hoạch") -> dict:
    """A plan of Cao Bằng with a task of the Department of Home Affairs, its submitted report
    with an attachment, and a draft upload of the coordinator; `text` goes into every
    free-text field (the escaping test puts a script there)."""
    from django.core.files.base import ContentFile
    from django.core.files.uploadedfile import SimpleUploadedFile

    from trithuc.plans.models import Plan, PlanDraft, Task
    from trithuc.plans.services import ReportInput, save_plan, save_report, save_task

    coordinator, agency = plan_people["coordinator"], plan_people["agency"]
    plan = Plan(number="1-KH/TU", title=text, issued_on=dt.date(2024, 4, 17), objectives=text,
                issuer=text, province_code="04", source_name="kh.txt")  # fmt: skip
    plan.source_file.save("kh.txt", ContentFile(b"KE HOACH"), save=False)
    save_plan(plan, actor=coordinator)
    task = save_task(Task(plan=plan, number="1", title=text, lead_agency=agency,
                          recurrence="every_period"), actor=coordinator)  # fmt: skip
    period = plan.periods.get(kind="yearly", ends_on=dt.date(2025, 12, 14))
    report = save_report(plan=plan, period=period, task=task, agency=agency,
                         data=ReportInput("done", text, [{"label": text, "value": 1, "unit": text}],
                                          text), expected_version=0,
                         actor=plan_people["reporter"], submit=True,
                         files=[SimpleUploadedFile("bc.pdf", b"%PDF-1.4")])  # fmt: skip
    draft = PlanDraft(province_code="04", source_name="kh.txt", text=text, parsed={},
                      created_by=coordinator)  # fmt: skip
    draft.source_file.save("kh.txt", ContentFile(b"KE HOACH"), save=False)
    draft.save()
    return {"plan": plan, "task": task, "period": period, "report": report, "draft": draft,
            "review": plan.periods.get(kind="mid_term_review"), "agency": agency,
            "attachment": report.attachments.get()}  # fmt: skip


@pytest.fixture
def secretariats(django_user_model):
    return make_secretariats(django_user_model)


def make_secretariats(django_user_model):
    """Consultation secretariats of Cao Bằng and of Lạng Sơn (experts, issue 17)."""
    return {"ours": _plan_user(django_user_model, "thuky", "consult_secretariat", "04"),
            "theirs": _plan_user(django_user_model, "thuky-ls", "consult_secretariat", "20")}  # fmt: skip


@pytest.fixture
def expert_objects(person, manager, plan_people):
    return make_expert_objects(person, manager, plan_people["agency"])


def make_expert_objects(person, manager, agency, text: str = "Dự thảo") -> dict:
    """The person as a consenting expert, invited to a critique asked by the Department of
    Home Affairs of Cao Bằng (experts, issue 17); `text` goes into the free-text fields."""
    from django.utils import timezone

    from trithuc.experts.models import Consultation, Expert, Invitation
    from trithuc.privacy.services import record_consent

    for purpose in ("expert_directory", "consultation"):
        record_consent(person, purpose, actor=manager, evidence="Phiếu đồng ý")
    expert = Expert.objects.create(person=person, full_name=person.full_name, province_code="04",
                                   fields=["health"], keywords=text, evidence=text)  # fmt: skip
    consultation = Consultation.objects.create(
        kind="critique", title=text, requester=agency, province_code="04", questions=text,
        draft_text=f"Điều 1. {text}", deadline=dt.date(2030, 1, 1), status="accepted")  # fmt: skip
    invitation = Invitation.objects.create(consultation=consultation, expert=expert,
                                           invited_at=timezone.now())  # fmt: skip
    return {"expert": expert, "consultation": consultation, "invitation": invitation}


@pytest.fixture
def objects(person, job, correction, target, plan_objects, manager, expert_objects):
    return make_objects(person, job, correction, target, plan_objects, manager, expert_objects)


def make_objects(person, job, correction, target, plan_objects, manager, expert_objects):
    return {"person": person, "job": job, "correction": correction, "target": target,
            "official": _official_report(plan_objects), **plan_objects, **expert_objects,
            **issue18.make_objects(manager, person, plan_objects["agency"]),
            "scenario": _scenario(manager)}  # fmt: skip


def _scenario(manager):
    """A forecast scenario of the manager's province (issue 15)."""
    from trithuc.forecasts.services import save_scenario

    return save_scenario(manager, province="04", name="Kịch bản", note="", rates=[])


def _official_report(plan_objects):
    """The coordinator's frozen yearly report on the plan (the reports app's pages)."""
    from trithuc.reports.services import draft_for, freeze

    report = draft_for(plan_objects["plan"], plan_objects["period"])
    return freeze(report, actor=None, today=dt.date(2026, 1, 10))


@pytest.fixture
def owners(manager, province_admin, intellectual, plan_people, secretariats):
    return {"manager": manager, "admin": province_admin, "intellectual": intellectual,
            "coordinator": plan_people["coordinator"], "reporter": plan_people["reporter"],
            "secretariat": secretariats["ours"]}  # fmt: skip


@pytest.fixture
def siblings(sibling, sibling_admin, sibling_intellectual, plan_people, secretariats):
    return {"manager": sibling, "admin": sibling_admin, "intellectual": sibling_intellectual,
            "coordinator": plan_people["sibling_coordinator"],
            "reporter": plan_people["sibling_reporter"], "secretariat": secretariats["theirs"]}  # fmt: skip


def _build_walk(folder) -> dict:
    """Every user and object of the walk (the same as the fixtures above build per test)."""
    from django.contrib.auth import get_user_model

    users = get_user_model()

    def user(username: str, role: str, unit: str, national_id: str = ""):
        return make_user(users, username, role, unit, national_id)

    manager, viewer = (
        user("manager", "registry_manager", "04"),
        user("viewer", "registry_viewer", "04"),
    )
    intellectual = user("tri_thuc", "intellectual", "04", PERSON_ID)
    plan_people, secretariats = make_plan_people(users), make_secretariats(users)
    person = make_person(folder, manager)
    plan_objects = make_plan_objects(plan_people)
    objects = make_objects(person, make_job(folder, manager), make_correction(person, intellectual),
                           viewer, plan_objects, manager,
                           make_expert_objects(person, manager, plan_people["agency"]))  # fmt: skip
    owners = {"manager": manager, "admin": user("tinh_admin", "system_admin", "04"),
              "intellectual": intellectual, "coordinator": plan_people["coordinator"],
              "reporter": plan_people["reporter"], "secretariat": secretariats["ours"]}  # fmt: skip
    siblings = {"manager": user("sibling", "registry_manager", "20"),
                "admin": user("sibling_admin", "system_admin", "20"),
                "intellectual": user("tri_thuc_ls", "intellectual", "20", SIBLING_PERSON_ID),
                "coordinator": plan_people["sibling_coordinator"],
                "reporter": plan_people["sibling_reporter"],
                "secretariat": secretariats["theirs"]}  # fmt: skip
    outsider = users.objects.create_user(username="outsider", password="pw-x-2026")
    return {"objects": objects, "owners": owners, "siblings": siblings, "viewer": viewer,
            "outsider": outsider, "intellectual": intellectual, "plan_people": plan_people}  # fmt: skip


@pytest.fixture(scope="module")
def walk(django_db_setup, django_db_blocker, tmp_path_factory):
    """The walk's data, built once per module inside a transaction that is rolled back at
    the module's end; each test runs in a savepoint of it (as Django's setUpTestData)."""
    from django.db import transaction

    from trithuc.codelists.services import clear_cache as clear_codes
    from trithuc.orgunits.services import clear_cache as clear_units

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            clear_codes()
            clear_units()
            yield _build_walk(tmp_path_factory.mktemp("walk"))
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            clear_codes()
            clear_units()


def url_for(name: str, pattern: URLPattern, objects: dict) -> str:
    kwargs = {}
    converters = pattern.pattern.converters
    if "person_uuid" in converters:
        kwargs["person_uuid"] = objects["person"].uuid
    if "job_uuid" in converters:
        kwargs["job_uuid"] = objects["job"].uuid
    if "correction_uuid" in converters:
        kwargs["correction_uuid"] = objects["correction"].uuid
    if "account_uuid" in converters:
        kwargs["account_uuid"] = objects["target"].account.uuid
    plan_keys = {"plan_uuid": objects["plan"].uuid, "task_uuid": objects["task"].uuid,
                 "draft_uuid": objects["draft"].uuid, "report_uuid": objects["report"].uuid,
                 "attachment_uuid": objects["attachment"].uuid, "agency_id": objects["agency"].pk,
                 "period_id": objects["period" if "task_uuid" in converters else "review"].pk}  # fmt: skip
    kwargs.update({key: value for key, value in plan_keys.items() if key in converters})
    if "official_uuid" in converters:
        kwargs["official_uuid"] = (objects.get("official") or _official_report(objects)).uuid
    expert_keys = {"expert_uuid": objects["expert"].uuid,
                   "consultation_uuid": objects["consultation"].uuid,
                   "invitation_uuid": objects["invitation"].uuid}  # fmt: skip
    kwargs.update({key: value for key, value in expert_keys.items() if key in converters})
    # issue 18 and later: `<thing>_uuid` names objects["<thing>"]
    kwargs.update({key: objects[key[:-5]].uuid for key in converters
                   if key.endswith("_uuid") and key not in kwargs and key[:-5] in objects})  # fmt: skip
    return reverse(name, kwargs=kwargs)


def post_data(name: str, objects: dict) -> dict:
    if name == "accounts:membership_remove":
        return {"membership": objects["target"].memberships.get().pk}
    return {}


def sign_in(client, user) -> None:
    """Administrators sign in with their second factor, as they must."""
    from trithuc.accounts.services import second_factor_required

    if second_factor_required(user):
        login_verified(client, user)
    else:
        client.force_login(user)


def body_text(response) -> str:
    """What a person would read in the response, including a downloaded XLSX."""
    if not response.streaming:
        return response.content.decode()
    data = b"".join(response.streaming_content)
    if data[:2] != b"PK":
        return data.decode()
    import io

    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    return "\n".join(" ".join(map(str, row)) for row in sheet.to_python())


def method(name: str) -> str:
    return "post" if name in POST_ONLY else "get"


@pytest.mark.parametrize(("name", "pattern"), all_views(), ids=[n for n, _ in all_views()])
def test_anonymous_is_sent_to_login(client, name, pattern, walk):
    objects = walk["objects"]
    response = getattr(client, method(name))(url_for(name, pattern, objects))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "pattern"), all_views(), ids=[n for n, _ in all_views()])
def test_user_of_a_sibling_unit_gets_404_for_objects(client, name, pattern, walk):
    objects = walk["objects"]
    sign_in(client, walk["siblings"][owner_kind(name)])
    response = getattr(client, method(name))(url_for(name, pattern, objects))
    if pattern.pattern.converters:
        assert response.status_code == 404, name
    else:
        assert response.status_code in (200, 302), name
        assert objects["person"].full_name not in body_text(response)


@pytest.mark.parametrize(("name", "pattern"), all_views(), ids=[n for n, _ in all_views()])
def test_user_without_role_is_refused(client, name, pattern, walk):
    objects = walk["objects"]
    client.force_login(walk["outsider"])
    response = getattr(client, method(name))(url_for(name, pattern, objects))
    if name in NO_DATA_VIEWS:
        assert response.status_code == 200
    elif name in SELF_SERVICE:
        assert response.status_code in (200, 302), name
        assert objects["person"].full_name not in body_text(response)
    else:
        assert response.status_code in (403, 404), name


def _unchanged_state():
    """Every row count of the project's tables, and the rows a refused write would touch."""
    from django.apps import apps

    from trithuc.accounts.models import Membership
    from trithuc.privacy.models import Consent, CorrectionRequest

    counts = {model._meta.label: model._default_manager.count()
              for model in apps.get_models()
              if model._meta.app_label not in {"sessions", "audit", "axes"}}  # fmt: skip
    return (
        counts,
        list(Membership.objects.order_by("pk").values_list("pk", "user_id", "role")),
        Consent.objects.count(),
        list(CorrectionRequest.objects.values_list("status", flat=True)),
    )


# Every view but the user's own account: a new view is refused to read-only roles (403, 404,
# or 405 for pages that only read) the day it is added. The views that write must say 403.
NOT_SELF_SERVICE = sorted(name for name, _ in all_views() if name not in SELF_SERVICE)


@pytest.mark.parametrize("name", NOT_SELF_SERVICE)
def test_read_only_role_cannot_write(client, name, walk):
    objects = walk["objects"]
    pattern = dict(all_views())[name]
    client.force_login(walk["viewer"])
    before = _unchanged_state()
    data = {"full_name": "Hacker", "title": "Hacker", **post_data(name, objects)}
    response = client.post(url_for(name, pattern, objects), data)
    expected = {403} if name in WRITE_VIEWS else {403, 404, 405}
    assert response.status_code in expected, (name, response.status_code)
    person = objects["person"]
    person.refresh_from_db()
    assert person.full_name == "Nguyễn Văn An"
    assert _unchanged_state() == before


def test_every_url_is_named_and_walked():
    """The generated tests walk named URL patterns: an unnamed one would escape them."""
    unnamed = []

    def visit(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if (pattern.namespace or "") not in SKIP_NAMESPACES:
                    visit(pattern.url_patterns, prefix + str(pattern.pattern))
            elif not pattern.name:
                unnamed.append(prefix + str(pattern.pattern))

    visit(get_resolver().url_patterns)
    assert not unnamed, unnamed
    names = {name for name, _ in all_views()}
    assert {"people:detail", "plans:task_report", "audit:export", "indicators:drill"} <= names
    assert not names & PUBLIC


@pytest.mark.parametrize("name", sorted(PLAN_WRITE_VIEWS))
def test_agency_reporter_cannot_change_plans(client, name, walk):
    from trithuc.plans.models import Plan, ProgressReport, Task

    objects = walk["objects"]
    pattern = dict(all_views())[name]
    client.force_login(walk["plan_people"]["reporter"])
    before = (list(Plan.objects.values_list("pk", "title", "version")),
              list(Task.objects.values_list("pk", "title")),
              list(ProgressReport.objects.values_list("pk", "state", "version")))  # fmt: skip
    response = client.post(url_for(name, pattern, objects), {"title": "Hacker", "number": "9"})
    assert response.status_code in (403, 404), name
    assert before == (list(Plan.objects.values_list("pk", "title", "version")),
                      list(Task.objects.values_list("pk", "title")),
                      list(ProgressReport.objects.values_list("pk", "state", "version")))  # fmt: skip


@pytest.mark.parametrize("name", [n for n in NOT_SELF_SERVICE if n not in OWN_PROFILE_VIEWS])
def test_intellectual_cannot_write_beyond_their_own_requests(client, name, walk):
    objects = walk["objects"]
    pattern = dict(all_views())[name]
    client.force_login(walk["intellectual"])
    before = _unchanged_state()
    response = client.post(url_for(name, pattern, objects), post_data(name, objects))
    assert response.status_code in (403, 404, 405), name
    assert _unchanged_state() == before


@pytest.mark.parametrize(("name", "pattern"), all_views(), ids=[n for n, _ in all_views()])
def test_every_page_works_for_its_manager(client, name, pattern, walk):
    objects = walk["objects"]
    sign_in(client, walk["owners"][owner_kind(name)])
    url = url_for(name, pattern, objects)
    if method(name) == "post":
        response = client.post(url, post_data(name, objects))
    else:
        response = client.get(url)
    assert response.status_code in (200, 302), (name, response.status_code)
