"""Indicator pages and exports under the threat model: small cells of the drill-down and
the cells that give them away (docs/THREAT_MODEL.md, "Disclosure of sensitive fields and
small cells"), and formulas in the XLSX export ("Hostile files")."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from conftest import seed_003
from tests.test_security_exports import PAYLOADS, quoted_cells
from trithuc.indicators.models import Target
from trithuc.indicators.services import load_targets_file
from trithuc.indicators.snapshots import refresh_snapshot
from trithuc.indicators.tests.factories import (
    COMMUNE_A,
    COMMUNE_B,
    COMMUNE_C,
    PLAN,
    agriculture_staff,
    masters_target,
)
from trithuc.indicators.values import hidden_groups

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("indicators:dashboard")
DRILL = reverse("indicators:drill")
TEXT_COLUMN = 18  # "Câu trong văn bản": the plan's sentence, as uploaded


@pytest.fixture
def two_communes():
    """The audit's example: 6 of 13 agriculture staff of the province hold a master's,
    5 of 10 in commune A and 1 of 3 in commune B."""
    agriculture_staff(COMMUNE_A, 10, 5)
    agriculture_staff(COMMUNE_B, 3, 1, first=10)
    load_targets_file(seed_003())
    refresh_snapshot()


def province_figure(client) -> tuple[int, int]:
    """The province's numerator and denominator as the dashboard shows them."""
    rows = client.get(DASHBOARD, {"plan": PLAN}).context["rows"]
    row = next(r for r in rows if r["indicator"] == "share_masters"
               and r["sector"] == "agriculture" and r["year"] == 2030)  # fmt: skip
    return row["numerator"], row["denominator"]


def drill_rows(client) -> tuple[dict[str, dict], dict, str]:
    response = client.get(DRILL, {"target": masters_target().uuid})
    assert response.status_code == 200
    rows = {row["code"]: row for row in response.context["rows"]}
    return rows, response.context["chart"], response.content.decode()


def fraction(row: dict) -> tuple[int, int] | None:
    if not row["fraction"]:
        return None
    count, base = row["fraction"].split("/")
    return int(count), int(base)


def possible_values(total: tuple[int, int], rows: dict[str, dict], code: str) -> set:
    """Every (count, base) of `code` that fits what a reader sees: the province's figure,
    the rows shown, and one person at least in each hidden row."""
    shown = [f for f in map(fraction, rows.values()) if f is not None]
    hidden = [c for c, row in rows.items() if fraction(row) is None]
    assert code in hidden
    rest_count = total[0] - sum(c for c, _ in shown)
    rest_base = total[1] - sum(b for _, b in shown)
    others = len(hidden) - 1
    if not others:  # a single hidden row is the total minus the others
        return {(rest_count, rest_base)}
    return {(count, base) for base in range(1, rest_base - others + 1)
            for count in range(0, min(base, rest_count) + 1)
            if rest_count - count <= rest_base - base}  # fmt: skip


def test_a_small_commune_cannot_be_derived_from_the_province_and_the_others(
    client, analyst, manager, two_communes
):
    # Without complements the analyst would see A = 5/10 beside the province's 6/13,
    # hence B = 1/3: the leak the audit found.
    leaky = {COMMUNE_A: {"fraction": "5/10"}, COMMUNE_B: {"fraction": ""}}
    assert possible_values((6, 13), leaky, COMMUNE_B) == {(1, 3)}

    client.force_login(analyst)
    assert province_figure(client) == (6, 13)
    rows, chart, body = drill_rows(client)
    assert set(rows) == {COMMUNE_A, COMMUNE_B}
    for row in rows.values():  # A goes with B: the page, the chart and the data agree
        assert (row["value"], row["value_text"], row["fraction"]) == (None, "ẩn", "")
    assert chart == {"labels": [], "values": []}
    assert len(possible_values((6, 13), rows, COMMUNE_B)) > 1
    assert (1, 3) in possible_values((6, 13), rows, COMMUNE_B)
    for leak in ("5/10", "1/3", "50%", "33,3%", "&lt;5 người"):
        assert leak not in body
    assert "dưới 5 người được ẩn" in body

    client.force_login(manager)  # a registry manager still sees every number
    assert province_figure(client) == (6, 13)
    rows, chart, body = drill_rows(client)
    assert {code: row["fraction"] for code, row in rows.items()} == {
        COMMUNE_A: "5/10",
        COMMUNE_B: "1/3",
    }
    assert chart["values"] == [50.0, 33.33]
    assert "ẩn" not in {row["value_text"] for row in rows.values()}
    assert "được ẩn" not in body


def test_the_drill_down_hides_no_more_than_the_complement(client, analyst, two_communes):
    agriculture_staff(COMMUNE_C, 12, 6, first=13)
    refresh_snapshot()
    client.force_login(analyst)
    assert province_figure(client) == (12, 25)
    rows, chart, _ = drill_rows(client)
    assert fraction(rows[COMMUNE_C]) == (6, 12)  # shown: nothing small hides behind it
    assert fraction(rows[COMMUNE_A]) is None and fraction(rows[COMMUNE_B]) is None
    assert chart["values"] == [50.0]
    assert len(possible_values((12, 25), rows, COMMUNE_B)) > 1
    # Hidden rows come last in name order, whatever their values.
    assert list(rows)[0] == COMMUNE_C


def test_hidden_groups_follow_the_complementary_rule():
    # A share: numerator and the rest of the denominator are both counts of people.
    assert hidden_groups({"A": (5, 10), "B": (1, 3)}, share=True) == {"A", "B"}
    assert hidden_groups({"A": (5, 10), "B": (1, 3), "C": (6, 12)}, share=True) == {"A", "B"}
    assert hidden_groups({"A": (9, 10), "B": (6, 12)}, share=True) == {"A", "B"}  # 1 without
    assert hidden_groups({"A": (5, 10), "B": (6, 12)}, share=True) == set()
    # A count (events, ratios): the count alone.
    assert hidden_groups({"A": (7, 0), "B": (2, 0), "C": (9, 0)}, share=False) == {"A", "B"}
    assert hidden_groups({"A": (2, 0), "B": (1, 0)}, share=False) == {"A", "B"}  # total 3
    assert hidden_groups({"A": (0, 0), "B": (8, 0)}, share=False) == set()


def test_indicator_export_writes_plan_text_as_text_never_formulas(client, manager, two_communes):
    targets = list(Target.objects.filter(plan_reference=PLAN).order_by("pk")[: len(PAYLOADS)])
    for target, text in zip(targets, PAYLOADS, strict=True):
        Target.objects.filter(pk=target.pk).update(source_text=text)
    client.force_login(manager)
    response = client.get(reverse("indicators:export"), {"plan": PLAN})
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    texts = [row[TEXT_COLUMN] for row in sheet[1:]]
    assert '=HYPERLINK("http://evil.example","x")' in texts  # the value, unchanged
    assert set(PAYLOADS) <= set(texts)
    # Quote-prefixed, so editing the cell runs nothing (a CR is stored as OOXML's _x000D_).
    quoted = {text.replace("_x000D_", "\r") for text in quoted_cells(data)}
    assert set(PAYLOADS) <= quoted
    xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml  # no formula cell at all
