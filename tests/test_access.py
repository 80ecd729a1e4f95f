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

from conftest import good_row
from tests.test_security_support import (  # noqa: F401 (fixtures)
    intellectual,
    login_verified,
    province_admin,
    sibling_admin,
    sibling_intellectual,
)
from trithuc.people.importing import import_people
from trithuc.people.models import ImportJob, Person

pytestmark = pytest.mark.django_db
PUBLIC = {"login", "logout", "healthz"}
# Pages that hold no personal data: any signed-in user may open them.
NO_DATA_VIEWS = {"home", "people:template"}
# The user's own account: any signed-in user may use them (200, or a redirect back).
SELF_SERVICE = {"otp_verify", "accounts:account", "accounts:password_change",
                "accounts:otp_setup", "accounts:otp_disable"}  # fmt: skip
# The API has its own generated access tests (tests/test_api_access.py).
SKIP_NAMESPACES = {"admin", "api"}
# Views that only accept POST, and the read-only role's expected refusal.
POST_ONLY = {"plans:report_reopen", "people:import_mapping", "people:import_confirm", "accounts:otp_disable",
             "accounts:correction_create", "accounts:consent_change",
             "accounts:correction_resolve", "accounts:membership_remove",
             "accounts:user_active", "accounts:user_otp_reset"}  # fmt: skip
WRITE_VIEWS = {"people:create", "people:edit", "people:import_upload", "accounts:user_create",
               "accounts:user_detail", "accounts:person_consents",
               *(POST_ONLY - {"accounts:otp_disable", "plans:report_reopen"})}  # fmt: skip
# Who a page is for, when not a registry manager.
ADMIN_VIEWS = {"audit:list", "audit:export", "accounts:user_list", "accounts:user_create",
               "accounts:user_detail", "accounts:membership_remove", "accounts:user_active",
               "accounts:user_otp_reset"}  # fmt: skip
# Plans: pages of the plan coordinator, and those of an agency's reporter.
REPORTER_VIEWS = {"plans:my_due", "plans:task_report", "plans:plan_report",
                  "plans:attachment_download"}  # fmt: skip
PLAN_WRITE_VIEWS = {"plans:plan_create", "plans:plan_import", "plans:plan_edit",
                    "plans:task_create", "plans:task_edit", "plans:report_reopen"}  # fmt: skip
OWN_PROFILE_VIEWS = {"accounts:my_profile", "accounts:my_data", "accounts:correction_create",
                     "accounts:consent_change"}  # fmt: skip


def owner_kind(name: str) -> str:
    if name in REPORTER_VIEWS:
        return "reporter"
    if name.startswith("plans:"):
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


@pytest.fixture
def person(tmp_path, make_xlsx, manager):
    from trithuc.audit.services import record_event

    import_people(make_xlsx([good_row(1)]), today=dt.date(2026, 11, 22))
    person = Person.objects.get()
    # An audit event naming the person: the audit pages must keep it to its scope.
    record_event("create", actor=manager, source="web", obj=person)
    return person


@pytest.fixture
def job(manager, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("STT\n")
    return ImportJob.objects.create(created_by=manager, original_name="x.csv",
                                    stored_path=str(path), status="previewed")  # fmt: skip


@pytest.fixture
def correction(person, intellectual):
    from trithuc.accounts.privacy import request_correction

    return request_correction(person, actor=intellectual, field="position",
                              requested_value="Phó Giám đốc")  # fmt: skip


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
def objects(person, job, correction, target, plan_objects):
    return {"person": person, "job": job, "correction": correction, "target": target,
            **plan_objects}  # fmt: skip


@pytest.fixture
def owners(manager, province_admin, intellectual, plan_people):
    return {"manager": manager, "admin": province_admin, "intellectual": intellectual,
            "coordinator": plan_people["coordinator"], "reporter": plan_people["reporter"]}  # fmt: skip


@pytest.fixture
def siblings(sibling, sibling_admin, sibling_intellectual, plan_people):
    return {"manager": sibling, "admin": sibling_admin, "intellectual": sibling_intellectual,
            "coordinator": plan_people["sibling_coordinator"],
            "reporter": plan_people["sibling_reporter"]}  # fmt: skip


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
def test_anonymous_is_sent_to_login(client, name, pattern, objects):
    response = getattr(client, method(name))(url_for(name, pattern, objects))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "pattern"), all_views(), ids=[n for n, _ in all_views()])
def test_user_of_a_sibling_unit_gets_404_for_objects(client, siblings, name, pattern, objects):
    sign_in(client, siblings[owner_kind(name)])
    response = getattr(client, method(name))(url_for(name, pattern, objects))
    if pattern.pattern.converters:
        assert response.status_code == 404, name
    else:
        assert response.status_code in (200, 302), name
        assert objects["person"].full_name not in body_text(response)


@pytest.mark.parametrize(("name", "pattern"), all_views(), ids=[n for n, _ in all_views()])
def test_user_without_role_is_refused(client, outsider, name, pattern, objects):
    client.force_login(outsider)
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

    from trithuc.accounts.models import Consent, CorrectionRequest, Membership

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
def test_read_only_role_cannot_write(client, viewer, name, objects):
    pattern = dict(all_views())[name]
    client.force_login(viewer)
    before = _unchanged_state()
    data = {"full_name": "Hacker", "title": "Hacker", **post_data(name, objects)}
    response = client.post(url_for(name, pattern, objects), data)
    assert response.status_code == 403 if name in WRITE_VIEWS else (403, 404, 405), name
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
def test_agency_reporter_cannot_change_plans(client, name, objects, plan_people):
    from trithuc.plans.models import Plan, ProgressReport, Task

    pattern = dict(all_views())[name]
    client.force_login(plan_people["reporter"])
    before = (list(Plan.objects.values_list("pk", "title", "version")),
              list(Task.objects.values_list("pk", "title")),
              list(ProgressReport.objects.values_list("pk", "state", "version")))  # fmt: skip
    response = client.post(url_for(name, pattern, objects), {"title": "Hacker", "number": "9"})
    assert response.status_code in (403, 404), name
    assert before == (list(Plan.objects.values_list("pk", "title", "version")),
                      list(Task.objects.values_list("pk", "title")),
                      list(ProgressReport.objects.values_list("pk", "state", "version")))  # fmt: skip


@pytest.mark.parametrize("name", [n for n in NOT_SELF_SERVICE if n not in OWN_PROFILE_VIEWS])
def test_intellectual_cannot_write_beyond_their_own_requests(client, intellectual, name, objects):
    pattern = dict(all_views())[name]
    client.force_login(intellectual)
    before = _unchanged_state()
    response = client.post(url_for(name, pattern, objects), post_data(name, objects))
    assert response.status_code in (403, 404, 405), name
    assert _unchanged_state() == before


@pytest.mark.parametrize(("name", "pattern"), all_views(), ids=[n for n, _ in all_views()])
def test_every_page_works_for_its_manager(client, owners, name, pattern, objects):
    sign_in(client, owners[owner_kind(name)])
    url = url_for(name, pattern, objects)
    if method(name) == "post":
        response = client.post(url, post_data(name, objects))
    else:
        response = client.get(url)
    assert response.status_code in (200, 302), (name, response.status_code)
