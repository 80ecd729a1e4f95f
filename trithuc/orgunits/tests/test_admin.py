import pytest
from django.urls import reverse

from trithuc.orgunits.services import create_usual_agencies

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model", "query", "expected"),
    [
        ("orgunits_agency", "so y te", "Sở Y tế"),
        ("orgunits_agency", "Sở Lao động", "Sở Nội vụ"),  # found through an alias
        ("orgunits_administrativeunit", "thuc phan", "Phường Thục Phán"),
        ("orgunits_administrativeunit", "01273", "Phường Thục Phán"),
        ("orgunits_unitmapping", "Đắk Nông", "Tỉnh Lâm Đồng"),
        ("codelists_codeentry", "Mông", "Mông"),
    ],
)
def test_admin_lists_and_searches(admin_client, model, query, expected):
    create_usual_agencies("04")
    url = reverse(f"admin:{model}_changelist")
    response = admin_client.get(url, {"q": query})
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_admin_edits_an_agency(admin_client):
    create_usual_agencies("04")
    from trithuc.orgunits.models import Agency

    agency = Agency.objects.get(province_code="04", name="Sở Y tế")
    url = reverse("admin:orgunits_agency_change", args=[agency.pk])
    assert admin_client.get(url).status_code == 200
    assert (
        admin_client.get(reverse("admin:orgunits_agency_changelist"), {"current": "no"}).status_code
        == 200
    )
