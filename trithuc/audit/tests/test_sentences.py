"""The audit trail reads as sentences (issue 13), not dictionaries with English keys."""

from __future__ import annotations

import pytest
from django.urls import reverse

from trithuc.audit.models import AuditEvent
from trithuc.audit.sentences import describe

pytestmark = pytest.mark.django_db


def _event(**values):
    return AuditEvent.objects.create(**values)


def test_a_change_of_one_field_is_one_sentence_with_labels_and_names(django_user_model):
    user = django_user_model.objects.create_user(username="a", first_name="Nguyễn Văn",
                                                 last_name="A")  # fmt: skip
    event = _event(actor=user, actor_name="a", action="update", object_type="people.person",
                   object_repr="Trần Thị B", fields=["education_level"],
                   before={"education_level": "bachelor"}, after={"education_level": "master"})  # fmt: skip
    assert describe(event) == (
        "Nguyễn Văn A sửa trình độ chuyên môn cao nhất của Trần Thị B: Đại học → Thạc sĩ."
    )


def test_several_fields_units_dates_and_details_in_vietnamese():
    event = _event(actor_name="quanly", action="update", object_type="people.person",
                   object_repr="Trần Thị B", fields=["workplace_unit", "is_leader"],
                   before={"workplace_unit": "01267", "is_leader": "False"},
                   after={"workplace_unit": "01273", "is_leader": "True"})  # fmt: skip
    text = describe(event)
    assert "Phường Thục Phán (01273)" in text and "→ có" in text
    assert "workplace_unit" not in text and "True" not in text
    loaded = _event(actor_name="dieuphoi", action="load_targets",
                    detail={"plan": "15-KH/TU", "unit": "04", "created": 34, "updated": 0})  # fmt: skip
    assert describe(loaded) == ("dieuphoi nạp mục tiêu từ kế hoạch (kế hoạch: 15-KH/TU; đơn vị: "
                                "Tỉnh Cao Bằng (04); số tạo mới: 34; số cập nhật: 0).")  # fmt: skip


def test_the_audit_page_shows_sentences(client, django_user_model):
    from tests.test_access import sign_in
    from trithuc.accounts.models import Membership

    admin = django_user_model.objects.create_user(username="qt", password="pw-x-2026")
    Membership.objects.create(user=admin, role="system_admin", unit_code="04")
    _event(actor_name="quanly", action="search", province_code="04",
           detail={"by": "national_id", "query": "0040", "refused": False})  # fmt: skip
    sign_in(client, admin)
    html = client.get(reverse("audit:list")).content.decode()
    assert (
        "quanly tìm theo số định danh (theo: số định danh; nội dung tìm: 0040; bị từ chối: không)."
        in html
    )
    assert "{'" not in html
