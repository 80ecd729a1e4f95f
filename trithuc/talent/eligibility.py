"""Eligibility rules of an attraction policy, evaluated on an applicant's facts.

A policy's `rules` is a JSON object like the indicator filters: every key is `field` or
`field__lookup` and every condition must hold; `any_of` holds a list of such objects of
which at least one must hold ("a doctor, or a master with two papers").

Fields: `age` (whole years on the decision date: someone who turns 35 that day is 35),
`education_level` (compared by rank: `education_level__gte: "master"`), `academic_title`,
`graduation_grade` (excellent, very_good, good…), `papers`, `patents`, `awards`, `field`
(the sector code). Lookups: none (equals), `in`, `lt`, `lte`, `gt`, `gte`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from trithuc.codelists.services import label, rank

FIELDS = {"age", "education_level", "academic_title", "graduation_grade", "papers", "patents",
          "awards", "field"}  # fmt: skip
NUMERIC = {"age", "papers", "patents", "awards", "education_level"}
LOOKUPS = {"", "in", "lt", "lte", "gt", "gte"}
GRADES = {"excellent": "xuất sắc", "very_good": "giỏi", "good": "khá"}
FIELD_NAMES = {"age": "Tuổi", "education_level": "Trình độ", "academic_title": "Học hàm",
               "graduation_grade": "Xếp loại tốt nghiệp", "papers": "Số bài báo khoa học",
               "patents": "Số bằng sáng chế", "awards": "Số giải thưởng", "field": "Lĩnh vực"}  # fmt: skip
SIGNS = {"": "=", "lt": "<", "lte": "≤", "gt": ">", "gte": "≥", "in": "∈"}


class RuleError(ValueError):
    pass


@dataclass(frozen=True)
class Facts:
    birth_date: dt.date
    education_level: str
    academic_title: str = ""
    graduation_grade: str = ""
    papers: int = 0
    patents: int = 0
    awards: int = 0
    field: str = ""


@dataclass(frozen=True)
class RuleResult:
    rule: str
    ok: bool
    text: str

    def as_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "ok": self.ok, "text": self.text}


def age_on(birth: dt.date, day: dt.date) -> int:
    """Whole years on `day` (a birthday on that day counts)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def check_rules(rules: Mapping[str, Any]) -> None:
    """Refuse a malformed rule set with a Vietnamese message."""
    if not isinstance(rules, Mapping):
        raise RuleError(_("Điều kiện phải là một đối tượng JSON."))
    for key, value in rules.items():
        if key == "any_of":
            if not isinstance(value, list) or not value:
                raise RuleError(_("'any_of' cần một danh sách các nhóm điều kiện."))
            for part in value:
                check_rules(part)
            continue
        name, _sep, lookup = str(key).partition("__")
        if name not in FIELDS:
            raise RuleError(_("Trường '%(name)s' không dùng được; có thể dùng: %(fields)s.")
                            % {"name": name, "fields": ", ".join(sorted(FIELDS))})  # fmt: skip
        if lookup not in LOOKUPS:
            raise RuleError(_("Phép so sánh '%(lookup)s' không có.") % {"lookup": lookup})
        if lookup in {"lt", "lte", "gt", "gte"} and name not in NUMERIC:
            raise RuleError(_("'%(key)s': chỉ so sánh lớn/nhỏ với số và trình độ.") % {"key": key})
        if lookup == "in" and not isinstance(value, list):
            raise RuleError(_("'%(key)s' cần một danh sách.") % {"key": key})
        if name == "education_level":
            for code in value if isinstance(value, list) else [value]:
                if rank("education_level", code) is None:
                    raise RuleError(_("Trình độ '%(code)s' không có trong danh mục.")
                                    % {"code": code})  # fmt: skip


def _value_of(name: str, facts: Facts, on: dt.date) -> Any:
    if name == "age":
        return age_on(facts.birth_date, on)
    return getattr(facts, name)


def _shown(name: str, value: Any) -> str:
    if name == "education_level":
        return label("education_level", value)
    if name == "academic_title":
        return label("academic_title", value) if value else _("không có")
    if name == "field":
        return label("sector", value)
    if name == "graduation_grade":
        return GRADES.get(value, value or _("không ghi"))
    return str(value)


def _compare(name: str, lookup: str, have: Any, want: Any) -> bool:
    if name == "education_level":
        have = rank("education_level", have) or 0
        want = [rank("education_level", w) for w in want] if lookup == "in" else rank(
            "education_level", want)  # fmt: skip
    if lookup == "in":
        return have in want
    if lookup == "":
        return have == want
    return {"lt": have < want, "lte": have <= want, "gt": have > want, "gte": have >= want}[lookup]


def evaluate(rules: Mapping[str, Any], facts: Facts, on: dt.date) -> list[RuleResult]:
    """One result per rule, in the policy's order, each explained."""
    results: list[RuleResult] = []
    for key, want in rules.items():
        if key == "any_of":
            groups = [evaluate(part, facts, on) for part in want]
            ok = any(all(r.ok for r in group) for group in groups)
            detail = " | ".join("; ".join(r.text for r in group) for group in groups)
            results.append(RuleResult("any_of", ok, _("Một trong các nhóm: %(d)s") % {"d": detail}))
            continue
        name, _sep, lookup = key.partition("__")
        have = _value_of(name, facts, on)
        ok = _compare(name, lookup, have, want)
        wanted = (", ".join(_shown(name, w) for w in want) if isinstance(want, list)
                  else _shown(name, want))  # fmt: skip
        when = _(" vào ngày %(d)s") % {"d": on.strftime("%d/%m/%Y")} if name == "age" else ""
        text = _("%(field)s%(when)s: %(have)s; yêu cầu %(sign)s %(want)s → %(verdict)s") % {
            "field": FIELD_NAMES[name], "when": when, "have": _shown(name, have),
            "sign": SIGNS[lookup], "want": wanted, "verdict": _("đạt") if ok else _("không đạt"),
        }  # fmt: skip
        results.append(RuleResult(key, ok, text))
    return results


def eligible(results: list[RuleResult]) -> bool:
    return all(r.ok for r in results)


def benefit_level(one_time_amounts: Mapping[str, int], facts: Facts) -> tuple[str, int]:
    """The applicant's best level among the policy's (an academic title held, or the
    highest education level at or under the applicant's), with its one-time amount."""
    have_rank = rank("education_level", facts.education_level) or 0
    best = ("", 0)
    for level, amount in one_time_amounts.items():
        level_rank = rank("education_level", level)
        holds = level == facts.academic_title or (
            level_rank is not None and level_rank <= have_rank
        )
        if holds and int(amount) > best[1]:
            best = (level, int(amount))
    return best
