import datetime as dt

import pytest

from conftest import good_row
from trithuc.honours.models import Honour, HonourForm
from trithuc.honours.services import award, check_nomination, honours_per_year, nominate
from trithuc.people.importing import import_people
from trithuc.people.models import Employment, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher(make_xlsx):
    import_people(make_xlsx([good_row(1)]), today=dt.date(2026, 1, 5))
    person = Person.objects.get()
    Employment.objects.filter(person=person).update(valid_from=dt.date(2005, 9, 1))
    return person


def test_nomination_checks_years_and_earlier_title(teacher, manager):
    ngut = HonourForm.objects.get(code="nha-giao-uu-tu")
    ngnd = HonourForm.objects.get(code="nha-giao-nhan-dan")
    # 15 years from 1 Sep 2005 are reached on 1 Sep 2020: year 2019 is one short
    assert not all(c["ok"] for c in check_nomination(teacher, ngut, 2019))
    assert all(c["ok"] for c in check_nomination(teacher, ngut, 2020))
    refused = nominate(teacher, ngnd, year=2026, actor=manager)
    assert refused.status == "ineligible"
    assert any("Chưa có Nhà giáo Ưu tú" in c["text"] for c in refused.checks)
    award(teacher, ngut, decision_number="1234/QĐ-CTN", decision_date=dt.date(2020, 11, 20),
          actor=manager)  # fmt: skip
    # 6 years after 20 Nov 2020 are reached in 2026
    assert nominate(teacher, ngnd, year=2025, actor=manager).status == "ineligible"
    assert nominate(teacher, ngnd, year=2026, actor=manager).status == "eligible"
    assert nominate(teacher, ngut, year=2026, actor=manager).status == "ineligible"  # held


def test_honours_counted_per_year_and_scoped(teacher, manager, sibling, analyst):
    form = HonourForm.objects.get(code="bang-khen-ubnd-tinh")
    award(teacher, form, decision_number="99/QĐ-UBND", decision_date=dt.date(2025, 4, 30),
          actor=manager)  # fmt: skip
    assert honours_per_year(Honour.objects.counted_for(analyst)) == {2025: {"provincial": 1}}
    assert honours_per_year(Honour.objects.counted_for(sibling)) == {}
    assert not Honour.objects.visible_to(analyst).exists()  # counts, not the person's list
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        award(teacher, form, decision_number="1", decision_date=dt.date(2025, 1, 1), actor=sibling)
    assert Honour.objects.count() == 1


def test_profile_shows_the_honours(client, teacher, manager):
    form = HonourForm.objects.get(code="chien-si-thi-dua-tinh")
    award(teacher, form, decision_number="77/QĐ-UBND", decision_date=dt.date(2024, 5, 2),
          actor=manager)  # fmt: skip
    client.force_login(manager)
    page = client.get(f"/nguoi/{teacher.uuid}/").content.decode()
    assert "Chiến sĩ thi đua cấp tỉnh" in page and "77/QĐ-UBND" in page
