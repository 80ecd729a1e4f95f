"""The rules of attraction: applications checked against every policy, council scores,
decisions within the programme's budget, the benefit ledger, events and refunds.

Every write takes `actor=`, runs in one transaction, re-checks the actor's right on the
object inside it and records an audit event."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from trithuc.accounts.scope import Capability, recheck, scope_of
from trithuc.audit.services import record_event
from trithuc.lib.retirement import add_months
from trithuc.lib.vnwords import amount_in_words
from trithuc.orgunits.services import current_province_code
from trithuc.talent import eligibility
from trithuc.talent.models import (
    Application,
    ApplicationStatus,
    Commitment,
    CommitmentEvent,
    CouncilScore,
    EventKind,
    Evidence,
    EvidenceKind,
    EvidenceStatus,
    ExitReason,
    HousingGrant,
    HousingKind,
    RefundRule,
    TalentPolicy,
    Tranche,
    TrancheKind,
)
from trithuc.talent.uploads import EvidenceRefused, check_evidence_file

# Leaving for these reasons never triggers a refund: the person did not break the
# commitment (the law allows no claim against a transfer ordered by the state).
EXEMPT_REASONS = {ExitReason.HEALTH, ExitReason.TRANSFERRED, ExitReason.DEATH}


class TalentError(ValueError):
    """A refused action, with a message for the user."""


def _require(actor: Any) -> None:
    scope_of(actor).require(Capability.MANAGE_TALENT,
                            _("Vai trò của bạn không được quản lý chính sách thu hút."))  # fmt: skip


def facts_of(application: Application) -> eligibility.Facts:
    return eligibility.Facts(
        birth_date=application.birth_date, education_level=application.education_level,
        academic_title=application.academic_title,
        graduation_grade=application.graduation_grade, papers=application.papers,
        patents=application.patents, awards=application.awards, field=application.field,
    )  # fmt: skip


def policy_in_force(policy: TalentPolicy, day: dt.date) -> bool:
    return policy.valid_from <= day and (policy.valid_to is None or day <= policy.valid_to)


@dataclass
class PolicyCheck:
    policy: TalentPolicy
    results: list[eligibility.RuleResult]
    in_force: bool
    level: str
    one_time_vnd: int

    @property
    def eligible(self) -> bool:
        return self.in_force and eligibility.eligible(self.results)


def check_against_policies(
    facts: eligibility.Facts, policies: Any, on: dt.date
) -> list[PolicyCheck]:
    """An applicant against every policy offered (several run side by side)."""
    checks = []
    for policy in policies:
        level, amount = eligibility.benefit_level(policy.one_time_amounts, facts)
        checks.append(PolicyCheck(policy, eligibility.evaluate(policy.rules, facts, on),
                                  policy_in_force(policy, on), level, amount))  # fmt: skip
    return checks


# ---- policies --------------------------------------------------------------------------


def save_policy(policy: TalentPolicy, *, actor: Any, source: str = "web") -> TalentPolicy:
    _require(actor)
    eligibility.check_rules(policy.rules)
    if not policy.one_time_amounts and not policy.monthly_share_percent:
        raise TalentError(_("Chính sách cần ít nhất một khoản hỗ trợ."))
    if policy.budget_vnd <= 0:
        raise TalentError(_("Tổng kinh phí của chương trình phải lớn hơn 0."))
    check_housing(policy)
    created = policy.pk is None
    with transaction.atomic():
        policy.save()
        recheck(TalentPolicy.objects.editable_by(actor), policy,
                _("Chính sách này thuộc tỉnh khác."))  # fmt: skip
        record_event("create" if created else "update", actor=actor, source=source, obj=policy,
                     place={"province_code": policy.province_code},
                     detail={"what": "talent_policy", "code": policy.code})  # fmt: skip
    return policy


HOUSING_NEEDS = {
    HousingKind.OFFICIAL: ("housing_months",),
    HousingKind.RENT: ("housing_monthly_vnd", "housing_months"),
    HousingKind.PURCHASE: ("housing_one_time_vnd",),
    HousingKind.LAND: ("housing_land_m2",),
    HousingKind.NONE: (),
}
HOUSING_FIELDS = ("housing_monthly_vnd", "housing_months", "housing_one_time_vnd",
                  "housing_land_m2")  # fmt: skip


def check_housing(policy: TalentPolicy) -> None:
    """Each kind of housing support states what it needs and nothing else, so that the
    ledger and the decision's annex never read a figure the policy does not give."""
    if policy.housing_kind not in HousingKind.values:
        raise TalentError(_("Hình thức hỗ trợ nhà ở không hợp lệ."))
    needs = HOUSING_NEEDS[HousingKind(policy.housing_kind)]
    names = {f: str(TalentPolicy._meta.get_field(f).verbose_name) for f in HOUSING_FIELDS}
    kind = HousingKind(policy.housing_kind).label
    for name in HOUSING_FIELDS:
        value = getattr(policy, name) or 0
        if value < 0:
            raise TalentError(_("%(f)s không được âm.") % {"f": names[name].capitalize()})
        if name in needs and not value:
            raise TalentError(_("%(k)s: ghi %(f)s.") % {"k": kind, "f": names[name]})
        if name not in needs and value and policy.housing_kind == HousingKind.NONE:
            raise TalentError(_("Chọn hình thức hỗ trợ nhà ở trước khi ghi %(f)s.")
                              % {"f": names[name]})  # fmt: skip
        if name not in needs and value:
            raise TalentError(_("%(k)s không dùng %(f)s; để trống ô này.")
                              % {"k": kind, "f": names[name]})  # fmt: skip


def housing_cost(policy: TalentPolicy) -> int:
    """Money the housing support commits (rent for its months, or the one-time amount)."""
    if policy.housing_kind == HousingKind.RENT:
        return policy.housing_monthly_vnd * policy.housing_months
    if policy.housing_kind == HousingKind.PURCHASE:
        return policy.housing_one_time_vnd
    return 0


# ---- applications ----------------------------------------------------------------------


def submit_application(
    application: Application, *, actor: Any, today: dt.date, source: str = "web"
) -> Application:
    """Store an application and check it against its policy as of `today` (checked again
    on the decision date, when age counts)."""
    _require(actor)
    application.province_code = current_province_code(application.workplace_unit) or ""
    if application.province_code != application.policy.province_code:
        raise TalentError(_("Nơi bố trí công tác phải thuộc tỉnh ban hành chính sách."))
    if application.person_id:
        person = application.person
        application.full_name = application.full_name or person.full_name
    _evaluate(application, today)
    with transaction.atomic():
        application.save()
        recheck(Application.objects.editable_by(actor), application,
                _("Bạn không quản lý hồ sơ thu hút của nơi này."))  # fmt: skip
        record_event("create", actor=actor, source=source, obj=application,
                     about=application.person, place=_place(application),
                     detail={"what": "talent_application", "status": application.status})  # fmt: skip
    return application


def _place(application: Application) -> dict[str, Any]:
    return {"province_code": application.province_code, "unit_code": application.workplace_unit}


def _lock(application: Application) -> None:
    """Serialise the writes on one application (a decision against a review of its
    evidence): the second waits for the first and then sees what it wrote."""
    Application.objects.select_for_update().filter(pk=application.pk).first()


def _evaluate(application: Application, on: dt.date) -> bool:
    facts = facts_of(application)
    results = eligibility.evaluate(application.policy.rules, facts, on)
    in_force = policy_in_force(application.policy, on)
    application.eligibility = [r.as_json() for r in results]
    if not in_force:
        application.eligibility.append({"rule": "in_force", "ok": False,
                                        "text": _("Chính sách không còn hiệu lực vào ngày %(d)s")
                                        % {"d": on.strftime("%d/%m/%Y")}})  # fmt: skip
    ok = in_force and eligibility.eligible(results)
    application.level, _amount = eligibility.benefit_level(application.policy.one_time_amounts,
                                                           facts)  # fmt: skip
    if application.status in {ApplicationStatus.SUBMITTED, ApplicationStatus.ELIGIBLE,
                              ApplicationStatus.INELIGIBLE}:  # fmt: skip
        application.status = ApplicationStatus.ELIGIBLE if ok else ApplicationStatus.INELIGIBLE
    return ok


def add_score(application: Application, *, member: str, score: float, note: str = "",
              actor: Any, source: str = "web") -> CouncilScore:  # fmt: skip
    _require(actor)
    if not member.strip():
        raise TalentError(_("Ghi tên thành viên hội đồng."))
    if not 0 <= score <= 100:
        raise TalentError(_("Điểm phải từ 0 đến 100."))
    if application.status not in {ApplicationStatus.ELIGIBLE, ApplicationStatus.SUBMITTED}:
        raise TalentError(_("Chỉ chấm điểm hồ sơ đủ điều kiện, chưa có quyết định."))
    with transaction.atomic():
        recheck(Application.objects.editable_by(actor), application,
                _("Bạn không quản lý hồ sơ thu hút của nơi này."))  # fmt: skip
        row = CouncilScore.objects.create(application=application, member=member.strip(),
                                          score=score, note=note)  # fmt: skip
        record_event("update", actor=actor, source=source, obj=application,
                     about=application.person, place=_place(application),
                     detail={"what": "council_score", "member": member, "score": score})  # fmt: skip
    return row


def planned_cost(policy: TalentPolicy, one_time_vnd: int, base_salary_vnd: int) -> int:
    """What a decision commits the programme to: the one-time amount, the research fund
    and every month of the allowance."""
    monthly = base_salary_vnd * policy.monthly_share_percent // 100
    return (one_time_vnd + policy.research_fund_vnd + monthly * 12 * policy.monthly_years
            + housing_cost(policy))  # fmt: skip


def budget_committed(policy: TalentPolicy) -> int:
    """Planned and paid tranches of the policy's decisions (cancelled ones excluded)."""
    total = Tranche.objects.filter(commitment__application__policy=policy,
                                   cancelled=False).aggregate(s=Sum("amount_vnd"))["s"]  # fmt: skip
    return int(total or 0)


def decide(application: Application, *, number: str, day: dt.date, actor: Any,
           source: str = "web") -> Commitment:  # fmt: skip
    """The decision granting the policy: eligibility re-checked on its date, refused when
    it would take the programme over its budget; the commitment and its planned tranches
    follow."""
    _require(actor)
    number = number.strip()
    if not number:
        raise TalentError(_("Ghi số quyết định."))
    if application.status == ApplicationStatus.APPROVED:
        raise TalentError(_("Hồ sơ này đã có quyết định."))
    if not application.scores.exists():
        raise TalentError(_("Hội đồng chưa chấm điểm hồ sơ này."))
    policy = application.policy
    with transaction.atomic():
        # Lock the policy row: two decisions at once must not both fit the same budget.
        TalentPolicy.objects.select_for_update().filter(pk=policy.pk).first()
        _lock(application)
        recheck(Application.objects.editable_by(actor), application,
                _("Bạn không quản lý hồ sơ thu hút của nơi này."))  # fmt: skip
        if not _evaluate(application, day):
            failed = "; ".join(r["text"] for r in application.eligibility if not r["ok"])
            raise TalentError(_("Không đủ điều kiện vào ngày quyết định: %(f)s") % {"f": failed})
        unproven = unproven_message(application)
        if unproven:
            raise TalentError(unproven)
        one_time = int(policy.one_time_amounts.get(application.level, 0))
        cost = planned_cost(policy, one_time, application.base_salary_vnd)
        used = budget_committed(policy)
        if used + cost > policy.budget_vnd:
            raise TalentError(_(
                "Vượt kinh phí của chương trình: đã cam kết %(used)s đồng, quyết định này "
                "thêm %(cost)s đồng, tổng kinh phí %(budget)s đồng."
            ) % {"used": f"{used:,}".replace(",", "."), "cost": f"{cost:,}".replace(",", "."),
                 "budget": f"{policy.budget_vnd:,}".replace(",", ".")})  # fmt: skip
        application.status = ApplicationStatus.APPROVED
        application.decision_number, application.decision_date = number, day
        application.save()
        commitment = Commitment.objects.create(application=application, starts_on=day,
                                               years=policy.commitment_years)  # fmt: skip
        Tranche.objects.bulk_create(_plan_tranches(commitment, policy, one_time,
                                                   application.base_salary_vnd))  # fmt: skip
        _grant_housing(commitment, policy)
        CommitmentEvent.objects.create(commitment=commitment, kind=EventKind.POSTED, on=day,
                                       employer=application.employer,
                                       workplace_unit=application.workplace_unit)  # fmt: skip
        record_event("update", actor=actor, source=source, obj=application,
                     about=application.person, place=_place(application),
                     detail={"what": "talent_decision", "number": number,
                             "date": day.isoformat(), "planned_vnd": cost})  # fmt: skip
    return commitment


def _plan_tranches(commitment: Commitment, policy: TalentPolicy, one_time: int,
                   salary: int) -> list[Tranche]:  # fmt: skip
    day = commitment.starts_on
    rows = []
    if one_time:
        rows.append(Tranche(commitment=commitment, kind=TrancheKind.ONE_TIME, due_on=day,
                            amount_vnd=one_time))  # fmt: skip
    if policy.research_fund_vnd:
        rows.append(Tranche(commitment=commitment, kind=TrancheKind.RESEARCH,
                            due_on=add_months(day, 1), amount_vnd=policy.research_fund_vnd))  # fmt: skip
    monthly = salary * policy.monthly_share_percent // 100
    if monthly:
        rows += [Tranche(commitment=commitment, kind=TrancheKind.MONTHLY,
                         due_on=add_months(day, month), amount_vnd=monthly)
                 for month in range(1, policy.monthly_years * 12 + 1)]  # fmt: skip
    if policy.housing_kind == HousingKind.RENT:
        rows += [Tranche(commitment=commitment, kind=TrancheKind.HOUSING,
                         due_on=add_months(day, month), amount_vnd=policy.housing_monthly_vnd)
                 for month in range(1, policy.housing_months + 1)]  # fmt: skip
    elif policy.housing_kind == HousingKind.PURCHASE:
        rows.append(Tranche(commitment=commitment, kind=TrancheKind.HOUSING, due_on=day,
                            amount_vnd=policy.housing_one_time_vnd))  # fmt: skip
    return rows


def _grant_housing(commitment: Commitment, policy: TalentPolicy) -> HousingGrant | None:
    """The housing the decision grants, as the policy gives it that day."""
    kind = policy.housing_kind
    if kind == HousingKind.NONE:
        return None
    day = commitment.starts_on
    months = policy.housing_months if kind in {HousingKind.OFFICIAL, HousingKind.RENT} else 0
    return HousingGrant.objects.create(
        commitment=commitment, kind=kind, starts_on=day,
        ends_on=add_months(day, months) - dt.timedelta(days=1) if months else None,
        monthly_vnd=policy.housing_monthly_vnd, months=months,
        one_time_vnd=policy.housing_one_time_vnd, land_m2=policy.housing_land_m2)  # fmt: skip


def refuse(application: Application, *, reason: str, actor: Any, source: str = "web") -> None:
    _require(actor)
    if not reason.strip():
        raise TalentError(_("Ghi lý do không chấp thuận."))
    if application.status == ApplicationStatus.APPROVED:
        raise TalentError(_("Hồ sơ này đã có quyết định."))
    with transaction.atomic():
        recheck(Application.objects.editable_by(actor), application,
                _("Bạn không quản lý hồ sơ thu hút của nơi này."))  # fmt: skip
        application.status, application.refusal_reason = ApplicationStatus.REFUSED, reason
        application.save(update_fields=["status", "refusal_reason"])
        record_event("update", actor=actor, source=source, obj=application,
                     about=application.person, place=_place(application),
                     detail={"what": "talent_refusal"})  # fmt: skip


# ---- the ledger ------------------------------------------------------------------------


def pay_tranche(tranche: Tranche, *, paid_on: dt.date, actor: Any, source: str = "web") -> Tranche:
    _require(actor)
    if tranche.paid_on or tranche.cancelled:
        raise TalentError(_("Khoản này đã chi hoặc đã hủy."))
    commitment = tranche.commitment
    if commitment.left_on and paid_on > commitment.left_on:
        raise TalentError(_("Người này đã thôi công tác; không chi thêm."))
    if paid_on < commitment.starts_on:
        raise TalentError(_("Ngày chi trước ngày quyết định."))
    application = commitment.application
    with transaction.atomic():
        recheck(Tranche.objects.editable_by(actor), tranche,
                _("Bạn không quản lý hồ sơ thu hút của nơi này."))  # fmt: skip
        tranche.paid_on, tranche.paid_by = paid_on, actor if getattr(actor, "pk", None) else None
        tranche.save(update_fields=["paid_on", "paid_by"])
        record_event("update", actor=actor, source=source, obj=application,
                     about=application.person, place=_place(application),
                     detail={"what": "tranche_paid", "kind": tranche.kind,
                             "amount_vnd": tranche.amount_vnd, "paid_on": paid_on.isoformat()})  # fmt: skip
    return tranche


def add_event(commitment: Commitment, *, kind: str, on: dt.date, actor: Any, employer: str = "",
              workplace_unit: str = "", exit_reason: str = "", note: str = "",
              source: str = "web") -> CommitmentEvent:  # fmt: skip
    """Record an event; leaving early closes the commitment and cancels what was not yet
    paid."""
    _require(actor)
    if kind not in EventKind.values:
        raise TalentError(_("Loại sự kiện không hợp lệ."))
    if commitment.left_on:
        raise TalentError(_("Người này đã thôi công tác."))
    if on < commitment.starts_on:
        raise TalentError(_("Ngày sự kiện trước ngày bắt đầu cam kết."))
    if kind == EventKind.LEFT_EARLY and exit_reason not in ExitReason.values:
        raise TalentError(_("Chọn lý do thôi công tác."))
    on_leave = _on_study_leave(commitment)
    if kind == EventKind.RETURNED and not on_leave:
        raise TalentError(_("Người này không đang đi học."))
    if kind == EventKind.STUDY_LEAVE and on_leave:
        raise TalentError(_("Người này đang đi học."))
    application = commitment.application
    with transaction.atomic():
        recheck(Commitment.objects.editable_by(actor), commitment,
                _("Bạn không quản lý hồ sơ thu hút của nơi này."))  # fmt: skip
        event = CommitmentEvent.objects.create(
            commitment=commitment, kind=kind, on=on, employer=employer,
            workplace_unit=workplace_unit, exit_reason=exit_reason, note=note)  # fmt: skip
        if kind == EventKind.LEFT_EARLY:
            commitment.left_on, commitment.exit_reason = on, exit_reason
            commitment.save(update_fields=["left_on", "exit_reason"])
            commitment.tranches.filter(paid_on__isnull=True, due_on__gt=on).update(cancelled=True)
            # Official housing and rent stop on the day the person leaves.
            HousingGrant.objects.filter(commitment=commitment, ends_on__gt=on).update(ends_on=on)
        record_event("update", actor=actor, source=source, obj=application,
                     about=application.person, place=_place(application),
                     detail={"what": "commitment_event", "kind": kind, "on": on.isoformat(),
                             "exit_reason": exit_reason})  # fmt: skip
    return event


def _on_study_leave(commitment: Commitment) -> bool:
    last = commitment.events.filter(kind__in=[EventKind.STUDY_LEAVE, EventKind.RETURNED]).last()
    return last is not None and last.kind == EventKind.STUDY_LEAVE


# ---- time served, refunds --------------------------------------------------------------


def years_after(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


def study_leave_days(commitment: Commitment, until: dt.date) -> int:
    """Days on study leave up to `until` (they do not count as time served)."""
    total, started = 0, None
    for event in commitment.events.all():
        if event.on > until:
            break
        if event.kind == EventKind.STUDY_LEAVE:
            started = event.on
        elif event.kind == EventKind.RETURNED and started:
            total += (event.on - started).days
            started = None
    if started:
        total += (until - started).days
    return total


def served_days(commitment: Commitment, as_of: dt.date) -> int:
    end = min(commitment.left_on or as_of, as_of)
    return max(0, (end - commitment.starts_on).days - study_leave_days(commitment, end))


def required_days(commitment: Commitment) -> int:
    return (years_after(commitment.starts_on, commitment.years) - commitment.starts_on).days


def paid_total(commitment: Commitment) -> int:
    return int(commitment.tranches.filter(paid_on__isnull=False).aggregate(
        s=Sum("amount_vnd"))["s"] or 0)  # fmt: skip


@dataclass
class Refund:
    amount_vnd: int
    lines: list[str] = field(default_factory=list)

    @property
    def words(self) -> str:
        return amount_in_words(self.amount_vnd)


def _vnd(n: int) -> str:
    return f"{n:,}".replace(",", ".") + " đồng"


def refund_due(commitment: Commitment) -> Refund:
    """What a person who left must pay back under the policy's rule, with the reasoning
    a letter to them would give."""
    policy = commitment.application.policy
    if not commitment.left_on:
        return Refund(0, [_("Đang thực hiện cam kết: chưa phát sinh hoàn trả.")])
    paid = paid_total(commitment)
    served, required = served_days(commitment, commitment.left_on), required_days(commitment)
    lines = [
        _("Đã nhận: %(paid)s.") % {"paid": _vnd(paid)},
        _("Thời gian cam kết: %(years)s năm (%(days)s ngày); đã thực hiện %(served)s ngày "
          "(không tính %(leave)s ngày đi học).") % {
            "years": commitment.years, "days": required, "served": served,
            "leave": study_leave_days(commitment, commitment.left_on)},
    ]  # fmt: skip
    reason = commitment.get_exit_reason_display()
    if commitment.exit_reason in EXEMPT_REASONS:
        lines.append(_("Lý do thôi công tác: %(r)s — không phải hoàn trả.") % {"r": reason})
        return Refund(0, lines)
    if served >= required:
        lines.append(_("Đã thực hiện đủ thời gian cam kết — không phải hoàn trả."))
        return Refund(0, lines)
    rule = policy.refund_rule
    if rule == RefundRule.NONE:
        lines.append(_("Chính sách không quy định hoàn trả."))
        return Refund(0, lines)
    if rule == RefundRule.FULL:
        lines.append(_("Lý do: %(r)s; quy định: hoàn trả toàn bộ số đã nhận.") % {"r": reason})
        return Refund(paid, lines)
    unserved = required - served
    amount = paid * unserved // required
    lines.append(_("Lý do: %(r)s; quy định: hoàn trả theo tỷ lệ thời gian chưa thực hiện: "
                   "%(paid)s × %(un)s / %(req)s ngày = %(amount)s.") % {
        "r": reason, "paid": _vnd(paid), "un": unserved, "req": required, "amount": _vnd(amount)})  # fmt: skip
    return Refund(amount, lines)


# ---- evidence ------------------------------------------------------------------------

OPEN_STATUSES = {ApplicationStatus.SUBMITTED, ApplicationStatus.ELIGIBLE,
                 ApplicationStatus.INELIGIBLE}  # fmt: skip


def rule_choices(application: Application) -> list[tuple[str, str]]:
    """The policy's rules as the application's check explains them (key, text)."""
    return [(r["rule"], r["text"]) for r in application.eligibility if r["rule"] != "in_force"]


def unproven_rules(application: Application) -> list[dict[str, Any]]:
    """Rules the applicant meets that no verified piece of evidence supports: while any
    is left, no decision (a pending or refused file proves nothing)."""
    proven: set[str] = set()
    for rules in application.evidence_files.filter(status=EvidenceStatus.VERIFIED).values_list(
            "rules", flat=True):  # fmt: skip
        proven.update(rules)
    return [r for r in application.eligibility
            if r["ok"] and r["rule"] != "in_force" and r["rule"] not in proven]  # fmt: skip


def unproven_message(application: Application) -> str:
    """Why no decision can be made yet for lack of verified evidence ("" when none):
    asked before the confirmation step, and again inside the decision's transaction."""
    unproven = unproven_rules(application)
    if not unproven:
        return ""
    return _("Chưa quyết định được: điều kiện sau chưa có minh chứng đã xác minh: %(r)s") % {
        "r": "; ".join(r["text"] for r in unproven)}  # fmt: skip


def _evidence_open(application: Application) -> None:
    if application.status not in OPEN_STATUSES:
        raise TalentError(_("Hồ sơ đã có quyết định hoặc đã bị từ chối: không thay đổi minh "
                            "chứng được nữa."))  # fmt: skip


def upload_evidence(application: Application, upload: Any, *, kind: str, rules: list[str],
                    actor: Any, source: str = "web", synthetic: bool = False) -> Evidence:  # fmt: skip
    """Check and store one file under a random name, linked to the rules it supports."""
    _require(actor)
    if kind not in EvidenceKind.values:
        raise TalentError(_("Chọn loại minh chứng."))
    known = dict(rule_choices(application))
    if not rules:
        raise TalentError(_("Chọn ít nhất một điều kiện mà tệp này chứng minh."))
    unknown = [r for r in rules if r not in known]
    if unknown:
        raise TalentError(_("Chính sách không có điều kiện: %(r)s.") % {"r": ", ".join(unknown)})
    _evidence_open(application)
    try:
        checked = check_evidence_file(upload)
    except EvidenceRefused as exc:
        raise TalentError(str(exc)) from exc
    evidence = Evidence(application=application, kind=kind, original_name=checked.name,
                        content_type=checked.content_type, size=checked.size,
                        sha256=checked.sha256, rules=list(dict.fromkeys(rules)),
                        uploaded_at=timezone.now(), is_synthetic=synthetic,
                        uploaded_by=actor if getattr(actor, "pk", None) else None)  # fmt: skip
    try:
        with transaction.atomic():
            _lock(application)
            recheck(Application.objects.editable_by(actor), application,
                    _("Bạn không quản lý hồ sơ thu hút của nơi này."))  # fmt: skip
            evidence.file.save("evidence", upload, save=False)
            evidence.save()
            record_event("create", actor=actor, source=source, obj=application,
                         about=application.person, place=_place(application),
                         detail={"what": "talent_evidence", "evidence": str(evidence.uuid),
                                 "kind": kind, "rules": evidence.rules, "name": checked.name,
                                 "size": checked.size, "sha256": checked.sha256})  # fmt: skip
    except BaseException:
        # Nothing half-written: a file stored for a row that was rolled back goes too.
        if evidence.file.name:
            evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence


def review_evidence(evidence: Evidence, *, verdict: str, reason: str = "", actor: Any,
                    source: str = "web") -> Evidence:  # fmt: skip
    """The reviewer's word on one file: verified, or refused with the reason."""
    _require(actor)
    reason = reason.strip()
    if verdict not in {EvidenceStatus.VERIFIED, EvidenceStatus.REFUSED}:
        raise TalentError(_("Chọn xác minh hoặc không chấp nhận."))
    if verdict == EvidenceStatus.REFUSED and not reason:
        raise TalentError(_("Ghi lý do không chấp nhận minh chứng."))
    application = evidence.application
    _evidence_open(application)
    before = evidence.status
    with transaction.atomic():
        _lock(application)
        recheck(Evidence.objects.editable_by(actor), evidence,
                _("Bạn không quản lý hồ sơ thu hút của nơi này."))  # fmt: skip
        evidence.status, evidence.reason = verdict, reason[:500]
        evidence.reviewed_by = actor if getattr(actor, "pk", None) else None
        evidence.reviewed_at = timezone.now()
        evidence.save(update_fields=["status", "reason", "reviewed_by", "reviewed_at"])
        record_event("update", actor=actor, source=source, obj=application,
                     about=application.person, place=_place(application),
                     detail={"what": "talent_evidence_review", "evidence": str(evidence.uuid),
                             "from": before, "to": verdict, "reason": reason})  # fmt: skip
    return evidence


def record_evidence_read(evidence: Evidence, *, actor: Any, source: str = "web") -> None:
    """Opening a file of personal documents is recorded like opening a profile."""
    application = evidence.application
    record_event("view", actor=actor, source=source, obj=application, about=application.person,
                 place=_place(application),
                 detail={"what": "talent_evidence", "evidence": str(evidence.uuid)})  # fmt: skip
