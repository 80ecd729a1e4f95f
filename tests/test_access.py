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
PUBLIC = {"login", "logout"}
# Pages that hold no personal data: any signed-in user may open them.
NO_DATA_VIEWS = {"home", "people:template"}
# The user's own account: any signed-in user may use them (200, or a redirect back).
SELF_SERVICE = {"otp_verify", "accounts:account", "accounts:password_change",
                "accounts:otp_setup", "accounts:otp_disable"}  # fmt: skip
SKIP_NAMESPACES = {"admin"}
# Views that only accept POST, and the read-only role's expected refusal.
POST_ONLY = {"people:import_mapping", "people:import_confirm", "accounts:otp_disable",
             "accounts:correction_create", "accounts:consent_change",
             "accounts:correction_resolve", "accounts:membership_remove",
             "accounts:user_active", "accounts:user_otp_reset"}  # fmt: skip
WRITE_VIEWS = {"people:create", "people:edit", "people:import_upload", "accounts:user_create",
               "accounts:user_detail", "accounts:person_consents",
               *(POST_ONLY - {"accounts:otp_disable"})}  # fmt: skip
# Who a page is for, when not a registry manager.
ADMIN_VIEWS = {"audit:list", "audit:export", "accounts:user_list", "accounts:user_create",
               "accounts:user_detail", "accounts:membership_remove", "accounts:user_active",
               "accounts:user_otp_reset"}  # fmt: skip
OWN_PROFILE_VIEWS = {"accounts:my_profile", "accounts:my_data", "accounts:correction_create",
                     "accounts:consent_change"}  # fmt: skip


def owner_kind(name: str) -> str:
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


@pytest.fixture
def objects(person, job, correction, target):
    return {"person": person, "job": job, "correction": correction, "target": target}


@pytest.fixture
def owners(manager, province_admin, intellectual):
    return {"manager": manager, "admin": province_admin, "intellectual": intellectual}


@pytest.fixture
def siblings(sibling, sibling_admin, sibling_intellectual):
    return {"manager": sibling, "admin": sibling_admin, "intellectual": sibling_intellectual}


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
    from trithuc.accounts.models import Consent, CorrectionRequest, Membership

    return (
        list(Membership.objects.order_by("pk").values_list("pk", "user_id", "role")),
        Consent.objects.count(),
        list(CorrectionRequest.objects.values_list("status", flat=True)),
    )


@pytest.mark.parametrize("name", sorted(WRITE_VIEWS))
def test_read_only_role_cannot_write(client, viewer, name, objects):
    pattern = dict(all_views())[name]
    client.force_login(viewer)
    before = _unchanged_state()
    data = {"full_name": "Hacker", **post_data(name, objects)}
    response = client.post(url_for(name, pattern, objects), data)
    assert response.status_code == 403
    person = objects["person"]
    person.refresh_from_db()
    assert person.full_name == "Nguyễn Văn An"
    assert _unchanged_state() == before


@pytest.mark.parametrize("name", sorted(WRITE_VIEWS - OWN_PROFILE_VIEWS))
def test_intellectual_cannot_write_beyond_their_own_requests(client, intellectual, name, objects):
    pattern = dict(all_views())[name]
    client.force_login(intellectual)
    before = _unchanged_state()
    response = client.post(url_for(name, pattern, objects), post_data(name, objects))
    assert response.status_code in (403, 404), name
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
