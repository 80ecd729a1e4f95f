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


# The indicators feature knows these and no others (issue 4).
INDICATORS = {
    "share_university_or_higher",
    "share_masters",
    "share_postgraduate",
    "phd_trained_count",
    "share_trained_to_standard",
    "share_continuous_training",
    "share_qualification_matching_job_position",
    "share_leaders_under_40",
    "intellectuals_count_ratio",
}


@pytest.mark.parametrize("plan_index", range(len(PLANS)))
def test_indicators_stay_in_the_closed_list_and_no_target_is_dropped(plan_index: int) -> None:
    plan = parse_plan_text(PLANS[plan_index])
    for target in plan["targets"]:
        assert target["indicator"] is None or target["indicator"] in INDICATORS, target
        # A target that fits no indicator is still a target: its text and its number.
        assert target["text"] and target["value"] is not None
        assert target["unit"] in ("%", "người", "lần")
        assert target["comparator"] in (">=", "<=", "=", "range", ">", "<")


def _fold(value: object) -> object:
    """Values with one tone placement, to compare a plan with its re-spelled copy."""
    from trithuc.lib.plan_parser.normalize import match_key

    if isinstance(value, str):
        return match_key(value)
    if isinstance(value, list):
        return [_fold(v) for v in value]
    if isinstance(value, dict):
        return {k: _fold(v) for k, v in value.items()}
    return value


_OTHER_PLACEMENT = {
    "ủy": "uỷ", "Ủy": "Uỷ", "ỦY": "UỶ", "uỷ": "ủy", "Uỷ": "Ủy", "UỶ": "ỦY",
    "hóa": "hoá", "hoá": "hóa", "khỏe": "khoẻ", "thủy": "thuỷ",
}  # fmt: skip


def _respell(text: str) -> str:
    import re

    pattern = re.compile("|".join(sorted(map(re.escape, _OTHER_PLACEMENT), key=len, reverse=True)))
    return pattern.sub(lambda m: _OTHER_PLACEMENT[m.group(0)], text)


@pytest.mark.skipif(not seed_names(), reason=f"seed plans not found in {SEEDS_DIR}")
@pytest.mark.parametrize("name", seed_names() or ["none"])
def test_other_tone_placement_and_decomposed_text_read_the_same(name: str) -> None:
    import unicodedata

    from .seeds import compare, expected, score

    text = (SEEDS_DIR / f"{name}.txt").read_text(encoding="utf-8")
    # Decomposed (NFD) text, as some converters write it: the same plan, field for field.
    matched, total = score(
        compare(parse_plan_text(unicodedata.normalize("NFD", text)), expected(name))
    )
    assert matched == total
    # "uỷ"↔"ủy", "hoá"↔"hóa" swapped everywhere: the same structure, and every output keeps
    # the spelling of the text it was read from.
    respelled = _respell(text)
    assert respelled != text
    got = parse_plan_text(respelled)
    for path, value, want in compare(got, expected(name)):
        assert _fold(value) == _fold(want), path
    # Every spelling was swapped, so a name found as is in the re-spelled text kept it.
    flat = " ".join(" ".join(clean_line(line).split()) for line in respelled.splitlines())
    names = [a["agency"] for a in got["assignments"] if a["agency"]]
    names += [n for t in got["tasks"] for n in t["lead"] + t["implementers"]]
    for agency in names:
        assert _in_text(agency, flat), agency
