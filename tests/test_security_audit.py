"""The audit trail: an event for each kind of action (web and command line), scoped
search and export for administrators, retention, and append-only storage."""

# ruff: noqa: F811 -- fixtures imported from tests/test_security_support.py are arguments here

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from python_calamine import CalamineWorkbook

from conftest import CAO_BANG, good_row
from tests.test_security_exports import quoted_cells
from tests.test_security_support import (  # noqa: F401 (fixtures)
    LANG_SON,
    login_verified,
    province_admin,
    registry_person,
    sibling_admin,
)
from trithuc.accounts.models import Membership
from trithuc.audit.models import AuditEvent
from trithuc.audit.services import record_event
from trithuc.people.models import Person

pytestmark = pytest.mark.django_db


# ---- one event per kind of action -----------------------------------------------------------


def test_import_from_the_command_line_is_audited(make_xlsx, manager):
    path = make_xlsx([good_row(1), good_row(2)])
    call_command("import_people", str(path), "--user", "manager", stdout=io.StringIO(),
                 stderr=io.StringIO())  # fmt: skip
    event = AuditEvent.objects.get(action="import")
    assert event.actor == manager and event.actor_name == "manager"
    assert event.source == "command"
    assert event.detail["file"] == path.name
    assert (event.detail["created"], event.detail["committed"]) == (2, True)


def test_command_line_import_for_a_user_keeps_to_their_scope(make_xlsx, sibling):
    path = make_xlsx([good_row(1)])  # a Cao Bằng row; the sibling manages Lạng Sơn
    out = io.StringIO()
    call_command("import_people", str(path), "--user", "sibling", stdout=out,
                 stderr=io.StringIO())  # fmt: skip
    assert not Person.objects.exists()
    assert "1 lỗi" in out.getvalue()
    event = AuditEvent.objects.get(action="import")
    assert event.actor == sibling and event.detail["created"] == 0 and event.detail["errors"] == 1


def test_export_from_the_command_line_is_audited(registry_person, tmp_path):
    call_command("export_people", str(tmp_path / "out.xlsx"), stdout=io.StringIO())
    event = AuditEvent.objects.get(action="export")
    assert event.source == "command" and event.detail["rows"] == 1


def test_create_update_and_sensitive_views_are_audited(client, manager, viewer, registry_person):
    from trithuc.people.services import save_person
    from trithuc.people.template import DATA_FIELDS

    values = {name: getattr(registry_person, name) for name in DATA_FIELDS}
    values |= {"province_code": registry_person.province_code, "religion": "Phật giáo"}
    save_person(values, actor=manager, person=registry_person)
    update = AuditEvent.objects.get(action="update")
    assert update.fields == ["religion"]
    assert update.before == {"religion": "Không"} and update.after == {"religion": "Phật giáo"}
    assert update.subject_id == str(registry_person.uuid)
    assert (update.province_code, update.unit_code) == (CAO_BANG, registry_person.workplace_unit)
    client.force_login(manager)
    client.get(reverse("people:detail", args=[registry_person.uuid]))
    seen = AuditEvent.objects.get(action="view_sensitive", actor=manager)
    assert seen.subject_id == str(registry_person.uuid) and seen.ip_address == "127.0.0.1"
    assert set(seen.fields) == {"national_id", "birth_date", "ethnicity", "religion",
                                "party_member", "phone", "email"}  # fmt: skip
    client.get(reverse("people:edit", args=[registry_person.uuid]))  # the form shows them too
    assert AuditEvent.objects.filter(action="view_sensitive", actor=manager).count() == 2
    client.force_login(viewer)  # masked: nothing sensitive shown, nothing to record
    client.get(reverse("people:detail", args=[registry_person.uuid]))
    assert not AuditEvent.objects.filter(action="view_sensitive", actor=viewer).exists()


def test_creation_through_the_web_form_is_audited_with_its_values(client, manager):
    client.force_login(manager)
    data = {**good_row(5), "gender": "female", "ethnicity": "02", "employment_type": "cadre",
            "sector": "health", "education_level": "doctor", "political_theory_level": ""}  # fmt: skip
    assert client.post(reverse("people:create"), data).status_code == 302
    person = Person.objects.get()
    event = AuditEvent.objects.get(action="create")
    assert (event.actor, event.source, event.subject_id) == (manager, "web", str(person.uuid))
    assert event.before == {} and event.after["full_name"] == "Nguyễn Văn An"
    assert {"national_id", "full_name", "religion"} <= set(event.fields)
    assert event.province_code == CAO_BANG


def test_web_import_is_audited(client, manager, make_xlsx):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from trithuc.people.models import ImportJob

    client.force_login(manager)
    path = make_xlsx([good_row(1), good_row(2)])
    client.post(reverse("people:import_upload"),
                {"file": SimpleUploadedFile(path.name, path.read_bytes())})  # fmt: skip
    assert not AuditEvent.objects.filter(action="import").exists()  # a preview writes nothing
    client.post(reverse("people:import_confirm", args=[ImportJob.objects.get().uuid]))
    event = AuditEvent.objects.get(action="import")
    # "import": an upload run as an import job (the command line writes "command").
    assert (event.actor, event.source) == (manager, "import")
    assert (event.detail["created"], event.detail["committed"]) == (2, True)


def test_web_export_is_audited(client, manager, viewer, registry_person):
    client.force_login(manager)
    response = client.get(reverse("people:export"))
    b"".join(response.streaming_content)
    event = AuditEvent.objects.get(action="export")
    assert event.actor == manager and event.detail["rows"] == 1
    assert event.detail["sensitive"] is True
    seen = AuditEvent.objects.get(action="view_sensitive", actor=manager)
    assert "religion" in seen.fields and seen.detail["rows"] == 1
    client.force_login(viewer)  # the viewer's file is masked: an export, no sensitive view
    body = b"".join(client.get(reverse("people:export")).streaming_content)
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(body)).get_sheet_by_index(0).to_python()
    cells = {str(cell) for row in sheet for cell in row}
    assert registry_person.national_id not in cells and "004••••••001" in cells
    assert AuditEvent.objects.get(action="export", actor=viewer).detail["sensitive"] is False
    assert not AuditEvent.objects.filter(action="view_sensitive", actor=viewer).exists()


# ---- permission changes -----------------------------------------------------------------------


def test_administrator_creates_users_and_roles_in_scope_only(client, province_admin, viewer):
    login_verified(client, province_admin)
    response = client.post(reverse("accounts:user_create"), {
        "username": "canbo_xa", "full_name": "Lê Thị Hoa", "password": "Mat-khau-dai-2026!",
        "role": "registry_viewer", "unit_code": CAO_BANG,
    })  # fmt: skip
    assert response.status_code == 302
    created = Membership.objects.get(user__username="canbo_xa")
    assert created.unit_code == CAO_BANG
    outside = client.post(reverse("accounts:user_create"), {
        "username": "ngoai", "password": "Mat-khau-dai-2026!", "role": "registry_manager",
        "unit_code": LANG_SON,
    })  # fmt: skip
    assert outside.status_code == 200
    assert "ngoài phạm vi" in outside.content.decode()
    assert not Membership.objects.filter(user__username="ngoai").exists()
    events = AuditEvent.objects.filter(action="permission").order_by("id")
    assert [e.detail["change"] for e in events] == ["create_user", "add_role"]
    assert events[1].after["role"] == "registry_viewer" and events[1].actor == province_admin
    assert events[1].province_code == CAO_BANG


def test_role_changes_lockouts_and_device_resets_are_audited(client, province_admin, viewer):
    from tests.test_security_support import confirmed_device

    login_verified(client, province_admin)
    url = reverse("accounts:user_detail", args=[viewer.account.uuid])
    assert client.post(url, {"role": "analyst", "unit_code": CAO_BANG}).status_code == 302
    refused = client.post(url, {"role": "registry_manager", "unit_code": LANG_SON})
    assert "ngoài phạm vi" in refused.content.decode()
    assert set(viewer.memberships.values_list("role", flat=True)) == {"registry_viewer", "analyst"}
    analyst = viewer.memberships.get(role="analyst")
    client.post(reverse("accounts:membership_remove", args=[viewer.account.uuid]),
                {"membership": analyst.pk})  # fmt: skip
    client.post(reverse("accounts:user_active", args=[viewer.account.uuid]), {"active": "0"})
    viewer.refresh_from_db()
    assert not viewer.is_active
    confirmed_device(viewer)
    client.post(reverse("accounts:user_otp_reset", args=[viewer.account.uuid]))
    assert not viewer.totpdevice_set.exists()
    changes = [(e.action, e.detail.get("change") or e.detail.get("event"), e.before, e.after)
               for e in AuditEvent.objects.filter(action__in=["permission", "two_factor"])
               .order_by("id")]  # fmt: skip
    assert changes[0][1] == "add_role" and changes[0][3]["role"] == "analyst"
    assert changes[1][1] == "remove_role" and changes[1][2]["role"] == "analyst"
    assert changes[2][2:] == ({"is_active": True}, {"is_active": False})
    assert changes[3][1] == "devices_removed"


def test_administrator_of_a_sibling_province_cannot_touch_users_here(client, sibling_admin, viewer):
    login_verified(client, sibling_admin)
    assert (
        client.get(reverse("accounts:user_detail", args=[viewer.account.uuid])).status_code == 404
    )
    users = client.get(reverse("accounts:user_list")).content.decode()
    assert "viewer" not in users


def test_administrator_cannot_lock_a_user_with_roles_outside_their_scope(
    client, province_admin, viewer
):
    Membership.objects.create(user=viewer, role="registry_viewer", unit_code=LANG_SON)
    login_verified(client, province_admin)
    response = client.post(reverse("accounts:user_active", args=[viewer.account.uuid]),
                           {"active": "0"})  # fmt: skip
    assert response.status_code == 403
    viewer.refresh_from_db()
    assert viewer.is_active


def test_changes_made_in_the_django_admin_are_audited(admin_client, viewer):
    membership = viewer.memberships.get()
    url = reverse("admin:accounts_membership_change", args=[membership.pk])
    response = admin_client.post(url, {"user": viewer.pk, "role": "registry_manager",
                                       "unit_code": CAO_BANG, "agency": "", "national_id": ""})  # fmt: skip
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="permission")
    assert event.source == "admin"
    assert (event.before["role"], event.after["role"]) == ("registry_viewer", "registry_manager")
    user_url = reverse("admin:auth_user_change", args=[viewer.pk])
    page = admin_client.get(user_url)
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k not in
            {"groups", "user_permissions", "password", "last_login", "date_joined"}}  # fmt: skip
    data |= {"is_staff": "on", "is_active": "on", "date_joined_0": "2026-01-01",
             "date_joined_1": "00:00:00"}  # fmt: skip
    assert admin_client.post(user_url, data).status_code == 302
    staff = AuditEvent.objects.filter(action="permission").latest("id")
    assert staff.fields == ["is_staff"] and staff.after == {"is_staff": True}
    changelist = reverse("admin:auth_user_changelist")
    admin_client.post(changelist, {"action": "delete_selected", "_selected_action": [viewer.pk],
                                   "post": "yes"})  # fmt: skip
    deleted = AuditEvent.objects.filter(action="permission").latest("id")
    assert deleted.detail == {"change": "admin_delete_user", "username": "viewer"}


def test_the_django_admin_is_for_superusers_only(client, viewer):
    """Its lists have no scope: staff given every model permission still get no access."""
    from django.contrib.auth.models import Permission

    viewer.is_staff = True
    viewer.save()
    viewer.user_permissions.set(Permission.objects.all())
    client.force_login(viewer)
    for url in (reverse("admin:index"), reverse("admin:accounts_membership_changelist"),
                reverse("admin:auth_user_changelist")):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response.url, url


# ---- search, scope and export -------------------------------------------------------------------


@pytest.fixture
def events(registry_person, manager, sibling):
    record_event("update", actor=manager, source="web", obj=registry_person, fields=["phone"],
                 before={"phone": "0912345678"}, after={"phone": "0987654321"})  # fmt: skip
    with time_machine.travel(dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)):
        record_event("export", actor=manager, source="web", detail={"rows": 3})
    record_event("login", actor=sibling, source="web")
    record_event("import", source="command", detail={"file": "x.xlsx"})


def test_administrators_search_by_user_action_date_and_object(client, province_admin, events,
                                                               registry_person):  # fmt: skip
    login_verified(client, province_admin)
    url = reverse("audit:list")

    def found(**query):
        return [(e.action, e.actor_name) for e in client.get(url, query).context["page"]]

    everything = found()
    assert ("update", "manager") in everything and ("export", "manager") in everything
    # Outside the scope: the sibling's login; the unattributed command import.
    assert ("login", "sibling") not in everything and ("import", "") not in everything
    assert found(user="manag", action="export") == [("export", "manager")]
    assert ("export", "manager") not in found(date_from="01/02/2026")
    assert found(date_from="01/01/2026", date_to="05/01/2026", action="export") == [
        ("export", "manager")
    ]
    assert found(obj=str(registry_person.uuid)) == [("update", "manager")]
    assert found(obj="Nguyễn Văn") == [("update", "manager")]
    assert found(date_from="not a date") == []


def test_sibling_administrator_sees_nothing_of_this_province(client, sibling_admin, events,
                                                             registry_person):  # fmt: skip
    login_verified(client, sibling_admin)
    page = client.get(reverse("audit:list")).content.decode()
    assert registry_person.full_name not in page and "0987654321" not in page
    rows = [(e.action, e.actor_name) for e in client.get(reverse("audit:list")).context["page"]]
    assert set(rows) == {("login", "sibling"), ("login", "sibling_admin")}


def test_superuser_sees_everything(client, admin_user, events):
    login_verified(client, admin_user)
    rows = {e.action for e in client.get(reverse("audit:list")).context["page"]}
    assert {"update", "export", "login", "import"} <= rows


def test_export_of_the_trail_is_neutralised_and_audited(client, province_admin, registry_person):
    record_event("update", actor=province_admin, obj=registry_person, fields=["position"],
                 after={"position": "=HYPERLINK(\"http://x\")"})  # fmt: skip
    login_verified(client, province_admin)
    response = client.get(reverse("audit:export"), {"action": "update"})
    data = b"".join(response.streaming_content)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert rows[0][0] == "Lúc" and len(rows) == 2
    assert registry_person.full_name in rows[1][8]
    assert rows[0][3] == "Diễn giải" and registry_person.full_name in rows[1][3]
    csv = client.get(reverse("audit:export"), {"format": "csv", "user": "tinh_admin"})
    text = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert "HYPERLINK" in text
    exports = AuditEvent.objects.filter(action="export", actor=province_admin)
    assert sorted(e.detail["format"] for e in exports) == ["csv", "xlsx"]
    assert exports.get(detail__format="xlsx").detail["filters"] == {"action": "update"}
    # The list's links ask for progress; a long trail says how far it got (counts only).
    page = client.get(reverse("audit:list")).content.decode()
    assert page.count('data-progress="/tai-ve/tien-do/"') == 2
    token = "0123456789abcdef0123456789abcdef"
    response = client.get(reverse("audit:export"), {"action": "update", "progress": token})
    assert b"".join(response.streaming_content)[:2] == b"PK"
    state = client.get(reverse("download_progress"), {"token": token}).json()
    assert state["state"] == "done" and "tải về" in state["message"]
    assert exports.filter(detail__format="xlsx").latest("id").detail["filters"] == {
        "action": "update"}  # the token is not a filter  # fmt: skip


def test_xlsx_export_quote_prefixes_risky_cells(client, province_admin, registry_person):
    registry_person.full_name = "=1+1"  # as if a name had slipped through
    record_event("update", actor=province_admin, obj=registry_person)
    login_verified(client, province_admin)
    data = b"".join(client.get(reverse("audit:export")).streaming_content)
    assert "=1+1" in quoted_cells(data)


# ---- retention and append-only ----------------------------------------------------------------


def test_prune_audit_removes_only_expired_events_and_records_itself(settings, manager):
    settings.TRITHUC_AUDIT_RETENTION_DAYS = 365
    with time_machine.travel(dt.datetime(2024, 1, 1, tzinfo=dt.UTC)):
        record_event("login", actor=manager)
    with time_machine.travel(dt.datetime(2026, 6, 1, tzinfo=dt.UTC)):
        record_event("login", actor=manager)
    with time_machine.travel(dt.datetime(2026, 11, 22, tzinfo=dt.UTC)):
        out = io.StringIO()
        call_command("prune_audit", "--dry-run", stdout=out)
        assert "Sẽ xóa 1" in out.getvalue() and AuditEvent.objects.count() == 2
        call_command("prune_audit", stdout=out)
    remaining = list(AuditEvent.objects.order_by("at").values_list("action", flat=True))
    assert remaining == ["login", "prune"]
    prune = AuditEvent.objects.get(action="prune")
    assert prune.detail["deleted"] == 1 and prune.detail["retention_days"] == 365


def test_the_trail_cannot_be_edited_or_deleted_through_the_system(manager):
    event = record_event("login", actor=manager)
    event.actor_name = "someone else"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(actor_name="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError), transaction.atomic():
        AuditEvent.objects.bulk_update([event], ["actor_name"])
    assert AuditEvent.objects.get().actor_name == "manager"


def test_the_database_itself_refuses_edits_behind_the_orm(manager):
    event = record_event("login", actor=manager)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET actor_name = 'x' WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET actor_id = %s WHERE id = %s",
                       [manager.pk + 1, event.pk])  # fmt: skip
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get().actor_name == "manager"


def test_the_django_admin_shows_the_trail_read_only(admin_client, manager):
    event = record_event("login", actor=manager)
    assert admin_client.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    change = reverse("admin:audit_auditevent_change", args=[event.pk])
    page = admin_client.get(change)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert admin_client.post(change, {"actor_name": "x"}).status_code == 403
    assert admin_client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    delete = reverse("admin:audit_auditevent_delete", args=[event.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk, actor_name="manager").exists()


def test_deleting_a_user_keeps_their_events(manager):
    record_event("login", actor=manager)
    manager.delete()
    event = AuditEvent.objects.get(action="login")
    assert event.actor is None and event.actor_name == "manager"


def test_every_person_event_names_its_subject(registry_person, manager):
    record_event("view_sensitive", actor=manager, obj=registry_person)
    assert AuditEvent.objects.get().subject_id == str(registry_person.uuid)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM audit_auditevent WHERE subject_id = %s",
                       [str(registry_person.uuid)])  # fmt: skip
        assert cursor.fetchone()[0] == 1
    assert Person.objects.count() == 1
