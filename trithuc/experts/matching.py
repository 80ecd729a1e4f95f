"""Find experts for a draft: candidates ranked by what they know and how they have served,
the ones who may not take part excluded with the reason shown.

Score (each part listed as a reason beside the candidate):
- field of expertise shared with the consultation: 3 each;
- a keyword of the expert found in the draft (case- and diacritic-free): 1.5 each, up to 6;
- level (doctorate 2, master or specialist 1) and title (professor 3, associate 2);
- past consultations: 0.5 each answered, up to 2, times the on-time rate;
- workload: -1 for each consultation accepted and not yet answered;
- locality: 1 in the consultation's province, 0.5 elsewhere when remote work suits them;
- balance: 0.5 for a woman, 0.5 for an ethnic minority.
Excluded: the requester's own staff, a declared conflict with the requester, an expert not
taking work now, and one already invited.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from trithuc.codelists.services import ethnic_minority_codes, label
from trithuc.experts.models import Availability, Consultation, Expert, InvitationState
from trithuc.lib.text import fold_alnum

DOCTORATE = {"doctor", "doctor_of_science"}
MASTER = {"master", "specialist_1", "specialist_2", "resident"}
TITLES = {"professor": 3.0, "associate_professor": 2.0}
OPEN_STATES = {InvitationState.INVITED, InvitationState.ACCEPTED}


@dataclass
class Candidate:
    expert: Expert
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    excluded: str = ""

    def add(self, points: float, reason: str) -> None:
        if points:
            self.score += points
            self.reasons.append(f"{reason} ({points:+g})")


def _exclusion(expert: Expert, consultation: Consultation, invited: set[int],
               named_in: str = "") -> str:  # fmt: skip
    if expert.pk in invited:
        return _("Đã được mời cho đề nghị này")
    if expert.agency_id and expert.agency_id == consultation.requester_id:
        return _("Đang công tác tại cơ quan đề nghị (%s)") % consultation.requester.name
    for conflict in expert.conflicts.all():
        if conflict.agency_id and conflict.agency_id == consultation.requester_id:
            return _("Đã khai xung đột lợi ích với cơ quan đề nghị: %s") % conflict.reason
        named = fold_alnum(conflict.counterpart)
        if named and f" {named} " in named_in:
            return _("Đã khai xung đột lợi ích với %(who)s (có trong đề nghị): %(why)s") % {
                "who": conflict.counterpart, "why": conflict.reason}  # fmt: skip
    if expert.availability == Availability.UNAVAILABLE:
        return _("Tạm thời không nhận việc")
    return ""


def _history(expert: Expert) -> tuple[int, int, int]:
    """(answered, answered on time, open) from the expert's invitations."""
    answered = on_time = open_now = 0
    for invitation in expert.invitations.all():
        if invitation.submitted_at is not None:
            answered += 1
            if invitation.submitted_at.date() <= invitation.consultation.deadline:
                on_time += 1
        elif invitation.state == InvitationState.ACCEPTED:
            open_now += 1
    return answered, on_time, open_now


def score(expert: Expert, consultation: Consultation, draft_folded: str,
          minorities: set[str]) -> Candidate:  # fmt: skip
    candidate = Candidate(expert)
    for code in sorted(set(expert.fields) & set(consultation.fields)):
        candidate.add(3, _("Lĩnh vực: %s") % label("sector", code))
    found = [word for word in expert.keywords_folded.split("\n")
             if len(word) >= 3 and f" {word} " in draft_folded]  # fmt: skip
    if found:
        candidate.add(min(6.0, 1.5 * len(found)), _("Từ khóa khớp dự thảo: %s") % ", ".join(found))
    if expert.education_level in DOCTORATE:
        candidate.add(2, _("Trình độ tiến sĩ"))
    elif expert.education_level in MASTER:
        candidate.add(1, _("Trình độ thạc sĩ, chuyên khoa"))
    if expert.academic_title in TITLES:
        candidate.add(TITLES[expert.academic_title], label("academic_title", expert.academic_title))
    answered, on_time, open_now = _history(expert)
    if answered:
        rate = on_time / answered
        candidate.add(round(min(2.0, 0.5 * answered) * rate, 2),
                      _("Đã tham gia %(n)d lần, đúng hạn %(p)d%%")
                      % {"n": answered, "p": round(100 * rate)})  # fmt: skip
    if open_now:
        candidate.add(-1.0 * open_now, _("Đang bận %d việc") % open_now)
    if expert.province_code == consultation.province_code:
        candidate.add(1, _("Cùng địa phương"))
    elif expert.remote_ok:
        candidate.add(0.5, _("Làm việc từ xa được"))
    if expert.gender == "female":
        candidate.add(0.5, _("Cân bằng giới"))
    if expert.ethnicity in minorities:
        candidate.add(0.5, _("Cân bằng dân tộc"))
    return candidate


def rank_candidates(consultation: Consultation, pool: QuerySet) -> tuple[list[Candidate],
                                                                         list[Candidate]]:  # fmt: skip
    """(ranked candidates, excluded with their reason) from `pool`, a queryset already
    narrowed to experts who consented to be consulted and lie in the caller's scope."""
    draft_folded = f" {fold_alnum(consultation.draft_text + ' ' + consultation.title)} "
    # A conflict named in words excludes when the draft or the requester's name names it.
    named_in = f"{draft_folded}{fold_alnum(consultation.requester.name)} "
    minorities = set(ethnic_minority_codes())
    invited = set(consultation.invitations.values_list("expert_id", flat=True))
    ranked, excluded = [], []
    experts = pool.select_related("agency").prefetch_related("conflicts",
                                                             "invitations__consultation")  # fmt: skip
    for expert in experts:
        reason = _exclusion(expert, consultation, invited, named_in)
        if reason:
            excluded.append(Candidate(expert, excluded=reason))
            continue
        ranked.append(score(expert, consultation, draft_folded, minorities))
    ranked.sort(key=lambda c: (-c.score, c.expert.name_folded, c.expert.pk))
    excluded.sort(key=lambda c: (c.expert.name_folded, c.expert.pk))
    return ranked, excluded
