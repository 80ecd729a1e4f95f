"""The screens over the profile services: an expert declares a standing conflict on their
own page; the secretariat records an outside expert's withdrawal (with its evidence), edits
the criteria, and opens the expert profile of a registry person who consented. Each goes
through its service, with its actor and audit event."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from conftest import good_row, write_xlsx
from trithuc.audit.models import AuditEvent
from trithuc.experts.matching import rank_candidates
from trithuc.experts.models import DeclaredConflict, Expert, ExpertCriterion, OutsideConsent
from trithuc.experts.tests.conftest import _user, make_consultation, make_expert
from trithuc.experts.workflow import accept_consultation
from trithuc.people.importing import import_people
from trithuc.privacy.services import record_consent

pytestmark = pytest.mark.django_db
NATIONAL_ID = good_row(1)["national_id"]


@pytest.fixture
def person(tmp_path, agencies):
    import_people(write_xlsx(tmp_path / "nguoi.xlsx", [good_row(1)]), today=dt.date(2026, 3, 1))
    from trithuc.people.models import Person

    return Person.objects.get()


@pytest.fixture
def own_expert(person, secretariat, django_user_model):
    """The person, signed in as an intellectual, with an expert profile and consents."""
    user = _user(django_user_model, "an", "intellectual", "04", national_id=NATIONAL_ID)
    for purpose in ("expert_directory", "consultation"):
        record_consent(person, purpose, actor=secretariat, evidence="Phiếu đồng ý")
    expert = Expert.objects.create(person=person, full_name=person.full_name, province_code="04",
                                   fields=["agriculture"], keywords="nước sạch")  # fmt: skip
    return user, expert


def _events(model: str) -> list[tuple[str, str]]:
    return list(AuditEvent.objects.filter(object_type=model)
                .order_by("pk").values_list("action", "actor_name"))  # fmt: skip


def test_an_expert_declares_a_conflict_with_an_agency_or_a_named_party(
    client, own_expert, agencies, requester, secretariat, django_user_model
):
    user, expert = own_expert
    client.force_login(user)
    page = client.get(reverse("experts:my_expertise")).content.decode()
    assert "Xung đột lợi ích đã khai" in page and agencies["water"].name in page
    url = reverse("experts:my_expertise")
    response = client.post(url, {"action": "conflict", "reason": "", "counterpart": "X"},
                           follow=True)  # fmt: skip
    assert "Hãy ghi lý do" in response.content.decode()
    assert not DeclaredConflict.objects.exists()
    client.post(url, {"action": "conflict", "agency": agencies["water"].pk,
                      "reason": "Đang tư vấn cho dự án của Sở"})  # fmt: skip
    client.post(url, {"action": "conflict", "counterpart": "Công ty Cấp nước Thành Đạt",
                      "reason": "Vợ tôi là cổ đông"})  # fmt: skip
    page = client.get(url).content.decode()
    assert "Đang tư vấn cho dự án của Sở" in page and "Công ty Cấp nước Thành Đạt" in page
    assert _events("experts.declaredconflict") == [("create", "an"), ("create", "an")]
    # Either conflict leaves the expert out of a consultation it touches, the reason shown.
    water = make_consultation(requester, agencies["water"])
    accept_consultation(water, actor=secretariat, form="expert_group", experts_needed=1,
                        silence_days=5)  # fmt: skip
    _, excluded = rank_candidates(water, Expert.objects.filter(pk=expert.pk))
    assert "cơ quan đề nghị" in excluded[0].excluded
    # The expert says the conflict with the agency no longer stands: it stops excluding
    # them, and the audit trail keeps what was declared.
    standing = expert.conflicts.get(agency__isnull=False)
    other = _user(django_user_model, "binh", "intellectual", "04", national_id="001099000777")
    client.force_login(other)
    client.post(url, {"action": "end_conflict", "conflict": standing.pk})
    assert expert.conflicts.filter(pk=standing.pk).exists()  # not theirs: nothing ended
    client.force_login(user)
    response = client.post(url, {"action": "end_conflict", "conflict": standing.pk}, follow=True)
    assert "Đã bỏ khai báo xung đột lợi ích" in response.content.decode()
    assert not expert.conflicts.filter(agency__isnull=False).exists()
    assert _events("experts.declaredconflict")[-1] == ("delete", "an")
    _, excluded = rank_candidates(water, Expert.objects.filter(pk=expert.pk))
    assert not excluded or "cơ quan đề nghị" not in excluded[0].excluded
    home = make_consultation(requester, agencies["water"],
                             draft_text="Điều 1. Giao Công ty cấp nước Thành Đạt vận hành.")  # fmt: skip
    _, excluded = rank_candidates(home, Expert.objects.filter(pk=expert.pk))
    assert "Thành Đạt" in excluded[0].excluded


def test_the_secretariat_records_an_outside_experts_withdrawal(
    client, secretariat, sibling_secretariat, agencies
):
    expert = make_expert(secretariat, "Lê Thị Rút")
    url = reverse("experts:expert_withdraw", kwargs={"expert_uuid": expert.uuid})
    client.force_login(sibling_secretariat)
    assert client.post(url, {"purposes": ["consultation"], "evidence": "x"}).status_code == 404
    client.force_login(secretariat)
    detail = client.get(reverse("experts:expert_detail", kwargs={"expert_uuid": expert.uuid}))
    assert "Rút lại sự đồng ý" in detail.content.decode()
    response = client.post(url, {"purposes": ["expert_directory", "consultation"]}, follow=True)
    assert "ghi căn cứ" in response.content.decode()
    assert OutsideConsent.objects.in_force("consultation").filter(expert=expert).exists()
    response = client.post(url, {"purposes": ["expert_directory", "consultation"],
                                 "evidence": "Email ngày 05/03/2026"})  # fmt: skip
    assert response.status_code == 302 and response.url == reverse("experts:directory")
    assert not Expert.objects.listed("expert_directory").filter(pk=expert.pk).exists()
    assert not Expert.objects.listed("consultation").filter(pk=expert.pk).exists()
    assert set(expert.consents.values_list("withdrawal_evidence", flat=True)) == {
        "Email ngày 05/03/2026"}  # fmt: skip
    assert "ghi nhận Lê Thị Rút rút lại" in client.get(response.url).content.decode()
    assert "Lê Thị Rút" not in client.get(reverse("experts:directory")).content.decode()
    assert _events("experts.outsideconsent")[-2:] == [("update", "thuky"), ("update", "thuky")]


def test_the_secretariat_edits_the_criteria_on_a_page(client, secretariat, requester):
    url = reverse("experts:criteria_edit")
    client.force_login(requester)
    assert client.get(url).status_code == 403
    client.force_login(secretariat)
    assert client.get(url).status_code == 200
    data = {"code": "bo-khcn-2026", "name": "Chuyên gia theo tiêu chí của Bộ KH&CN",
            "organisation": "Bộ Khoa học và Công nghệ", "min_education_level": "doctor",
            "min_projects_led": 2, "min_publications": 5, "min_patents": 0, "is_active": "on"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    criterion = ExpertCriterion.objects.get(code="bo-khcn-2026")
    assert (criterion.min_projects_led, criterion.min_publications) == (2, 5)
    page = client.get(url, {"code": "bo-khcn-2026"}).content.decode()
    assert "Bộ Khoa học và Công nghệ" in page
    client.post(url, {**data, "min_projects_led": 3, "is_active": ""})
    criterion.refresh_from_db()
    assert criterion.min_projects_led == 3 and not criterion.is_active
    bad = client.post(url, {**data, "min_education_level": "nonsense"}, follow=True)
    assert "chưa hợp lệ" in bad.content.decode()
    criterion.refresh_from_db()
    assert criterion.min_education_level == "doctor"
    events = AuditEvent.objects.filter(object_type="experts.expertcriterion").order_by("pk")
    assert [e.action for e in events] == ["create", "update"]
    assert set(events[1].fields) == {"min_projects_led", "is_active"}


def test_the_secretariat_opens_a_registry_experts_profile_after_consent(
    client, person, secretariat, sibling_secretariat
):
    url = reverse("experts:expert_link")
    client.force_login(secretariat)
    assert person.full_name not in client.get(url).content.decode()  # no consent yet
    record_consent(person, "consultation", actor=secretariat, evidence="Phiếu đồng ý")
    client.force_login(sibling_secretariat)
    assert person.full_name not in client.get(url).content.decode()  # another province
    client.force_login(secretariat)
    assert person.full_name in client.get(url).content.decode()
    page = client.get(url, {"person": str(person.uuid)}).content.decode()
    assert "Lập hồ sơ chuyên gia" in page
    response = client.post(url, {"person": str(person.uuid), "fields": ["education"],
                                 "keywords": "quản lý giáo dục", "publications": 4,
                                 "projects_led": 1, "patents": 0, "availability": "available",
                                 "remote_ok": "on"})  # fmt: skip
    expert = Expert.objects.get(person=person)
    assert response.url == reverse("experts:expert_detail", kwargs={"expert_uuid": expert.uuid})
    assert (expert.full_name, expert.employer, expert.publications) == (
        person.full_name, person.employer, 4)  # fmt: skip
    assert Expert.objects.candidates_for(secretariat).filter(pk=expert.pk).exists()
    assert _events("experts.expert") == [("create", "thuky")]
    assert "Đã lập hồ sơ chuyên gia" in client.get(response.url).content.decode()
    assert person.full_name not in client.get(url).content.decode()  # done: off the list
