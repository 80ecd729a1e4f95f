"""Objects of issue 18 (talent, honours, meetings) for the URL walk in test_access.py:
an application of the walk's person, decided, with its ledger; a meeting with a request
assigned to the walk's agency."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from trithuc.dialogues.models import Invitation, Meeting
from trithuc.dialogues.services import add_request, save_meeting
from trithuc.talent.models import Application, TalentPolicy
from trithuc.talent.services import (
    add_score,
    decide,
    review_evidence,
    save_policy,
    submit_application,
    upload_evidence,
)

POST_ONLY = {"talent:application_score", "talent:application_decide", "talent:event_add",
             "talent:tranche_pay", "talent:evidence_upload", "talent:evidence_review", "honours:nominate", "honours:award",
             "dialogues:meeting_create", "dialogues:invitations_build", "dialogues:request_add",
             "dialogues:request_answer", "dialogues:replies_save", "dialogues:minutes_save"}  # fmt: skip
WRITE_VIEWS = {
    *POST_ONLY,
    "talent:application_create",
    "talent:policy_create",
    "talent:policy_edit",
}


def make_objects(manager, person, agency, text: str = "Gặp mặt") -> dict:
    """`text` goes into the free-text fields (the escaping test puts a script there)."""
    policy = save_policy(TalentPolicy(
        province_code="04", code="thu-hut", name="Thu hút", legal_basis="NQ 1/2024",
        valid_from=dt.date(2020, 1, 1), rules={"education_level__gte": "master"},
        one_time_amounts={"master": 100_000_000}, commitment_years=5, budget_vnd=10**9,
    ), actor=manager)  # fmt: skip
    application = submit_application(Application(
        policy=policy, person=person, origin="registry", full_name=person.full_name,
        birth_date=person.birth_date, gender=person.gender, education_level="master",
        field="education", workplace_unit="04", employer=text, evidence=text,
    ), actor=manager, today=dt.date(2025, 1, 2))  # fmt: skip
    add_score(application, member=text, score=80, note=text, actor=manager)
    evidence = upload_evidence(application, SimpleUploadedFile(f"{text}.pdf", b"%PDF-1.4\n"),
                               kind="degree", rules=["education_level__gte"], actor=manager)  # fmt: skip
    review_evidence(evidence, verdict="verified", reason=text, actor=manager)
    commitment = decide(application, number="1/QĐ", day=dt.date(2025, 1, 2), actor=manager)
    meeting = save_meeting(Meeting(province_code="04", kind="meeting", title=text, minutes=text,
                                   held_on=dt.date(2025, 1, 2)), actor=manager)  # fmt: skip
    Invitation.objects.create(meeting=meeting, person=person)  # the replies form has a row
    request = add_request(meeting, text=text, raised_by=text, agency=agency, due_on=dt.date(2025, 2, 1),
                          actor=manager)  # fmt: skip
    return {"policy": policy, "application": application, "tranche": commitment.tranches.get(),
            "evidence": evidence,
            "meeting": meeting, "request": request}  # fmt: skip
