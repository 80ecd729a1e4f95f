"""The header of plans as they arrive: the written corpus of variants (tests/corpus.py)."""

from __future__ import annotations

import pytest

from trithuc.lib.plan_parser import PlanParseError, parse_plan_text
from trithuc.lib.plan_parser.issuers import full_name, same_issuer

from .corpus import VARIANTS, compare_header


def _parse(text: str) -> dict | None:
    try:
        return parse_plan_text(text)
    except PlanParseError:
        return None


@pytest.mark.parametrize(("name", "text", "want"), VARIANTS, ids=[v[0] for v in VARIANTS])
def test_variant_header(name: str, text: str, want: dict) -> None:
    checks = compare_header(_parse(text), want)
    mismatches = [f"{field}: got {a!r}, expected {b!r}" for field, a, b in checks if a != b]
    assert not mismatches, "\n".join(mismatches)


def test_variant_corpus_score(capsys: pytest.CaptureFixture[str]) -> None:
    matched = total = 0
    for _, text, want in VARIANTS:
        checks = compare_header(_parse(text), want)
        matched += sum(1 for _, a, b in checks if a == b)
        total += len(checks)
    with capsys.disabled():
        print(
            f"\nplan_parser variant corpus: {len(VARIANTS)} documents, "
            f"{matched}/{total} header fields ({100 * matched / total:.1f}%)"
        )
    assert matched == total


def test_a_refused_opening_says_why_in_vietnamese() -> None:
    text = next(t for n, t, _ in VARIANTS if n == "a_report_is_not_a_plan")
    with pytest.raises(PlanParseError, match="không phải là một kế hoạch"):
        parse_plan_text(text)


def test_the_issued_with_decision_points_at_its_lines() -> None:
    text = next(t for n, t, _ in VARIANTS if n == "annex_wrapped_by_a_website")
    plan = parse_plan_text(text)
    # The annex line is wrapped over two lines (5 and 6), below the title.
    assert plan["sources"]["issued_with"] == [5, 6]
    assert "kèm theo" not in plan["title"].lower()
    assert any("1520/QĐ-UBND" in note for note in plan["notes"])


@pytest.mark.parametrize(
    ("printed", "full"),
    [
        ("UBND tỉnh Cao Bằng", "Ủy ban nhân dân tỉnh Cao Bằng"),
        ("Uỷ ban nhân dân tỉnh Cao Bằng", "Ủy ban nhân dân tỉnh Cao Bằng"),
        ("UBND TỈNH Nghệ An", "Ủy ban nhân dân tỉnh Nghệ An"),
        ("HĐND tỉnh Lào Cai", "Hội đồng nhân dân tỉnh Lào Cai"),
        ("BTV Tỉnh uỷ Yên Bái", "Ban Thường vụ Tỉnh ủy Yên Bái"),
        ("BCH Đảng bộ tỉnh Sơn La", "Ban Chấp hành Đảng bộ tỉnh Sơn La"),
        ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
        ("Sở GD&ĐT tỉnh Lào Cai", "Sở Giáo dục và Đào tạo tỉnh Lào Cai"),
        ("Sở LĐTB&XH", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở VH,TT&DL", "Sở Văn hóa, Thể thao và Du lịch"),
        ("Sở Nội vụ", "Sở Nội vụ"),
        ("Thành uỷ Quảng Ngãi", "Thành ủy Quảng Ngãi"),
    ],
)
def test_issuer_full_names(printed: str, full: str) -> None:
    assert full_name(printed) == full


def test_short_and_full_forms_name_the_same_issuer() -> None:
    assert same_issuer("UBND tỉnh Cao Bằng", "ỦY BAN NHÂN DÂN TỈNH CAO BẰNG")
    assert not same_issuer("UBND tỉnh Cao Bằng", "UBND tỉnh Bắc Kạn")
