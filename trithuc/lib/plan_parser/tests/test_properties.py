"""Properties on arbitrary and cut-short input: no crash, and nothing that is not in the text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trithuc.lib.plan_parser import PlanParseError, parse_plan_text
from trithuc.lib.plan_parser.normalize import clean_line

from .samples import PARTY_PLAN_WITH_RELATED_DOCS, STATE_PLAN_WEB_LAYOUT, TABLE_PLAN
from .seeds import SEEDS_DIR, seed_names


def _plans() -> list[str]:
    texts = [STATE_PLAN_WEB_LAYOUT, PARTY_PLAN_WITH_RELATED_DOCS, TABLE_PLAN]
    texts += [(SEEDS_DIR / f"{n}.txt").read_text(encoding="utf-8") for n in seed_names()]
    return texts


PLANS = _plans()
_VI = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
_LINE = st.text(alphabet=_VI + _VI.upper() + " 0123456789.,;:-()/%|*¹", max_size=80)
_MARKER = st.sampled_from(
    ["", "I. ", "II- ", "1. ", "2.1. ", "a) ", "đ) ", "- ", "+ ", "(1) ", "| "]
)
_PLANLIKE = st.lists(st.tuples(_MARKER, _LINE).map("".join), max_size=40).map("\n".join)


def _parse_or_refuse(text: str) -> dict | None:
    try:
        return parse_plan_text(text)
    except PlanParseError:
        return None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text_gives_a_plan_or_a_plan_parse_error(text: str) -> None:
    _parse_or_refuse(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_PLANLIKE, _PLANLIKE.map(lambda body: "KẾ HOẠCH\n" + body)))
def test_plan_shaped_noise_never_crashes(text: str) -> None:
    plan = _parse_or_refuse(text)
    if plan is not None:
        for field in ("targets", "tasks", "assignments", "deadlines", "reporting"):
            for item in plan[field]:
                assert 1 <= item["lines"][0] <= item["lines"][1] <= plan["line_count"]


def _in_text(value: str, text: str) -> bool:
    return " ".join(value.split()) in text


@pytest.mark.parametrize("plan_index", range(len(PLANS)))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.floats(min_value=0.0, max_value=1.0))
def test_a_plan_cut_short_invents_nothing(plan_index: int, cut: float) -> None:
    full_text = PLANS[plan_index]
    lines = full_text.splitlines()
    kept = lines[: int(len(lines) * cut)]
    plan = _parse_or_refuse("\n".join(kept))
    if plan is None:
        return
    full = parse_plan_text(full_text)
    flat = " ".join(" ".join(clean_line(line).split()) for line in kept)
    for target in plan["targets"]:
        assert _in_text(target["text"], flat)
    for task in plan["tasks"]:
        assert task["number"] in {t["number"] for t in full["tasks"]}
        for agency in task["lead"] + task["implementers"]:
            assert _in_text(agency, flat), agency
        if task["deadline"]["text"]:
            assert _in_text(task["deadline"]["text"], flat)
    for record in plan["assignments"]:
        assert record["agency"] is None or _in_text(record["agency"], flat)
    for code in plan["implements"]:
        assert code in full["implements"]
    assert len(plan["targets"]) <= len(full["targets"])
    assert len(plan["tasks"]) <= len(full["tasks"])
    assert len(plan["assignments"]) <= len(full["assignments"])
