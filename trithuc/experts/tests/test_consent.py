"""Consent gates everything: an expert without a consent, or after withdrawing it, appears
in no page, search, export, invitation or command output. The pages are walked from the
URL configuration, so a new page is covered the day it is added."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import URLPattern, get_resolver, reverse

from trithuc.experts import criteria, workflow
from trithuc.experts.models import Expert, Invitation, InvitationState
from trithuc.experts.profiles import withdraw_consent
from trithuc.experts.tests.conftest import make_expert
from trithuc.lib.text import fold

pytestmark = pytest.mark.django_db
HIDDEN = ("Khổng Chưa Đồng", "Rút Văn Lại")
SHOWN = "Hoàng Văn Thủy"


@pytest.fixture
def world(consultation, secretariat, experts):
    """A consultation with an invitation to the expert who then withdraws, an expert who
    never consented (registered before consent existed), and the consenting experts."""
    never = Expert.objects.create(full_name=HIDDEN[0], name_folded=fold(HIDDEN[0]),
                                  province_code="04", fields=["agriculture"],
                                  keywords="nước sạch", keywords_folded="nuoc sach")  # fmt: skip
    leaving = make_expert(secretariat, HIDDEN[1], education_level="doctor_of_science",
                          academic_title="professor", keywords="nước sạch, giá nước")  # fmt: skip
    invitation = workflow.invite_experts(consultation, [leaving], actor=secretariat)[0]
    withdraw_consent(leaving, "expert_directory", actor=secretariat, evidence="Thư ngày 02/03/2026")
    withdraw_consent(leaving, "consultation", actor=secretariat, evidence="Thư ngày 02/03/2026")
    return {"never": never, "leaving": leaving, "invitation": invitation,
            "consultation": consultation}  # fmt: skip


def expert_views() -> list[tuple[str, URLPattern]]:
    resolver = get_resolver()
    for pattern in resolver.url_patterns:
        if getattr(pattern, "namespace", None) == "experts":
            return [(f"experts:{p.name}", p) for p in pattern.url_patterns
                    if p.name != "invitation_link"]  # fmt: skip
    raise AssertionError("experts URLs not found")


def _kwargs(pattern: URLPattern, world: dict, expert: Expert) -> dict:
    converters = pattern.pattern.converters
    keys = {"expert_uuid": expert.uuid, "consultation_uuid": world["consultation"].uuid,
            "invitation_uuid": world["invitation"].uuid}  # fmt: skip
    return {k: v for k, v in keys.items() if k in converters}


@pytest.mark.parametrize("name", [n for n, _ in expert_views()])
def test_no_page_shows_an_expert_without_consent(client, world, secretariat, name, experts):
    pattern = dict(expert_views())[name]
    client.force_login(secretariat)
    for hidden in (world["never"], world["leaving"]):
        response = client.get(reverse(name, kwargs=_kwargs(pattern, world, hidden)),
                              {"q": "nuoc"})  # fmt: skip
        body = (b"".join(response.streaming_content) if response.streaming
                else response.content).decode(errors="replace")  # fmt: skip
        for text in HIDDEN:
            assert text not in body, (name, text)
        if "expert_uuid" in pattern.pattern.converters:
            # The secretariat records a withdrawal by POST only (a GET is refused).
            assert response.status_code == (405 if name == "experts:expert_withdraw" else 404)
        if "invitation_uuid" in pattern.pattern.converters and name == "experts:invitation":
            assert response.status_code in (403, 404)
    shown = client.get(reverse("experts:directory"), {"q": "nuoc"}).content.decode()
    assert SHOWN in shown  # the control: the search does find consenting experts


def test_export_and_candidates_leave_them_out(client, world, secretariat):
    client.force_login(secretariat)
    export = b"".join(client.get(reverse("experts:export")).streaming_content).decode()
    assert SHOWN in export and not any(text in export for text in HIDDEN)
    pool = workflow.candidate_pool(world["consultation"])
    assert not pool.filter(pk__in=[world["never"].pk, world["leaving"].pk]).exists()
    for hidden in (world["never"], world["leaving"]):
        with pytest.raises(ValidationError, match="chưa đồng ý"):
            workflow.invite_experts(world["consultation"], [hidden], actor=secretariat)


def test_withdrawal_ends_the_invitation_at_once(client, world):
    from trithuc.experts import links

    url = reverse(
        "experts:invitation_link", kwargs={"token": links.invitation_token(world["invitation"])}
    )
    assert client.get(url, follow=True).status_code == 404  # the link leads nowhere now
    with pytest.raises(Exception, match="rút lại"):
        workflow.accept_invitation(world["invitation"], actor=None, via_link=True,
                                   no_conflict=True, conflict_statement="", confidentiality=True)  # fmt: skip


def test_commands_leave_them_out(world):
    out = io.StringIO()
    call_command("expert_invitations", stdout=out)
    text = out.getvalue()
    assert "Đã rút lại sự đồng ý" in text and not any(name in text for name in HIDDEN)
    invitation = Invitation.objects.get(pk=world["invitation"].pk)
    assert invitation.state == InvitationState.WITHDRAWN
    alternate = Invitation.objects.get(replaces=invitation)
    assert alternate.expert.full_name not in HIDDEN
    counted = criteria.consenting_experts()
    assert not counted.filter(pk__in=[world["never"].pk, world["leaving"].pk]).exists()
    out = io.StringIO()
    call_command("expert_figures", stdout=out)
    assert not any(name in out.getvalue() for name in HIDDEN)
