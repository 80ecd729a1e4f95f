"""The three seed plans: field-by-field against their expected outputs, as .txt/.docx/.pdf."""

from __future__ import annotations

import pytest

from trithuc.lib.plan_parser import parse_plan_file, parse_plan_text

from .pdfwriter import write_text_pdf
from .seeds import SEEDS_DIR, compare, expected, score, seed_names

pytestmark = pytest.mark.skipif(
    not seed_names(), reason=f"seed plans not found in {SEEDS_DIR} (shared/ beside the repository)"
)


@pytest.mark.parametrize("name", seed_names() or ["none"])
def test_seed_matches_expected_field_by_field(name: str) -> None:
    got = parse_plan_file(SEEDS_DIR / f"{name}.txt")
    checks = compare(got, expected(name))
    matched, total = score(checks)
    print(f"\n{name}: {matched}/{total} fields ({100 * matched / total:.1f}%)")
    mismatches = [f"{path}: got {a!r}, expected {b!r}" for path, a, b in checks if a != b]
    assert not mismatches, "\n".join(mismatches)


def test_seed_score_summary(capsys: pytest.CaptureFixture[str]) -> None:
    total_matched = total_fields = 0
    lines = []
    for name in seed_names():
        matched, total = score(compare(parse_plan_file(SEEDS_DIR / f"{name}.txt"), expected(name)))
        total_matched += matched
        total_fields += total
        lines.append(f"  {name}: {matched}/{total} ({100 * matched / total:.1f}%)")
    with capsys.disabled():
        print("\nplan_parser seed score:")
        print("\n".join(lines))
        print(
            f"  total: {total_matched}/{total_fields} ({100 * total_matched / total_fields:.1f}%)"
        )
    assert total_matched == total_fields


def _every_item_has_lines(result: dict) -> None:
    for field in ("targets", "tasks", "assignments", "deadlines", "reporting"):
        for item in result[field]:
            start, end = item["lines"]
            assert 1 <= start <= end <= result["line_count"], (field, item)


@pytest.mark.parametrize("name", seed_names() or ["none"])
def test_every_extracted_item_points_at_its_lines(name: str) -> None:
    text = (SEEDS_DIR / f"{name}.txt").read_text(encoding="utf-8")
    result = parse_plan_text(text)
    _every_item_has_lines(result)
    lines = text.splitlines()
    for task in result["tasks"]:
        start = task["lines"][0]
        # The first line of a task is its heading, which holds its title.
        assert task["title"][:20] in lines[start - 1].replace("**", "")


@pytest.mark.parametrize("name", seed_names() or ["none"])
def test_seed_as_docx_matches_expected(name: str, tmp_path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in (SEEDS_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    path = tmp_path / f"{name}.docx"
    document.save(path)
    checks = compare(parse_plan_file(path), expected(name))
    assert [c for c in checks if c[1] != c[2]] == []


@pytest.mark.parametrize("name", seed_names() or ["none"])
def test_seed_as_pdf_matches_expected(name: str, tmp_path) -> None:
    path = tmp_path / f"{name}.pdf"
    write_text_pdf(path, (SEEDS_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines())
    result = parse_plan_file(path)
    checks = compare(result, expected(name))
    assert [c for c in checks if c[1] != c[2]] == []
