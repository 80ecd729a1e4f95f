import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from conftest import good_row
from trithuc.lib.disclosure import threshold
from trithuc.people.importing import import_people
from trithuc.people.models import Person
from trithuc.representation.services import (
    CountRow,
    RepresentationError,
    party_table,
    record_party_counts,
    record_representation,
    representation_table,
)

pytestmark = pytest.mark.django_db
NAMES = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Minh", "Nga", "Phúc", "Quân", "Sơn"]  # fmt: skip


def _counts(manager):
    rows = [
        CountRow("04", 2025, "health", "admitted", 30, 2),  # a small cell
        CountRow("04", 2025, "health", "outstanding_mass", 28, 9),
        CountRow("04", 2025, "education", "admitted", 25, 12),
        CountRow("04", 2025, "education", "outstanding_mass", 33, 7),
        CountRow("04", 2025, "education", "full", 34, 6),
        CountRow("04", 2025, "agriculture", "full", 31, 1),
        CountRow("04", 2025, "agriculture", "admitted", 40, 50),  # over the age limit
    ]
    record_party_counts(rows, actor=manager)


def _cells(table):
    return [c for _name, row in table.rows for c in row] + list(table.totals)


def test_party_counts_never_show_a_small_cell_to_an_aggregate_role(manager, analyst):
    _counts(manager)
    table = party_table(analyst, year=2025)
    assert table.suppressed
    shown = [c for c in _cells(table) if c is not None]
    assert all(c == 0 or c >= threshold() for c in shown)
    assert None in _cells(table)
    # the age limit applies when reading: the 40-year-olds count only under a limit of 40
    full = party_table(manager, year=2025)
    assert not full.suppressed and full.totals[-1] == 37
    assert party_table(manager, year=2025, age_limit=40).totals[-1] == 87
    assert party_table(manager, year=2025, age_limit=29).totals[-1] == 21


def test_party_counts_by_locality_and_out_of_scope(manager, sibling):
    _counts(manager)
    assert party_table(manager, year=2025, by="locality").rows[0][1][-1] == 37
    assert party_table(sibling, year=2025).rows == []
    with pytest.raises(RepresentationError):
        record_party_counts([CountRow("04", 2025, "health", "admitted", 30, 3)], actor=sibling)


def test_viewer_cannot_enter_party_counts(viewer):
    with pytest.raises(PermissionDenied):
        record_party_counts([CountRow("04", 2025, "health", "admitted", 30, 3)], actor=viewer)


def test_representation_shares_suppressed_for_aggregate_roles(make_xlsx, manager, analyst):
    rows = [good_row(i, full_name=f"Nông Văn {NAMES[i]}", gender="Nữ" if i <= 3 else "Nam",
                     ethnicity="Tày" if i % 2 else "Kinh", birth_date="01/01/1995" if i <= 6
                     else "01/01/1970") for i in range(1, 13)]  # fmt: skip
    import_people(make_xlsx(rows), today=dt.date(2026, 1, 5))
    for person in Person.objects.all():
        record_representation(person, kind="party_planning", term="2025-2030",
                              body="Tỉnh ủy Cao Bằng", unit_code="04",
                              decided_on=dt.date(2025, 3, 1), actor=manager)  # fmt: skip
    [row] = representation_table(manager, term="2025-2030")
    assert row.total == 12
    assert row.shares["women"] == (3, 25.0)
    assert row.shares["ethnic_minority"] == (6, 50.0)
    assert row.shares["young"] == (6, 50.0)  # 30 on the decision day
    [hidden] = representation_table(analyst, term="2025-2030")
    assert hidden.shares["women"][0] is None  # 3 women: under the threshold
    assert hidden.shares["ethnic_minority"] == (6, 50.0)
    with pytest.raises(RepresentationError, match="Nhiệm kỳ"):
        record_representation(Person.objects.first(), kind="party_planning", term="2025",
                              body="x", unit_code="04", decided_on=dt.date(2025, 1, 1),
                              actor=manager)  # fmt: skip
