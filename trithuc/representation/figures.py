"""The representation app's indicators, published as reported figures per province and
year by `trithuc recognition_figures`, small cells left out (Party membership and the
planning lists are sensitive; aggregate roles read these figures):
- `party_new_members_young`: people admitted to the Party in the year aged at most
  `YOUNG_AGE_LIMIT`, in total and by field (cells under the threshold and their
  complements are not written);
- `representation_ethnic_minority_share`, `_women_share`, `_young_share`: among the
  planning and election records of the terms running in the year (a term 2025-2030 runs
  in 2025…2029), the share of ethnic-minority people, women and young people (age on the
  decision date); not written when the group or the rest is a small cell.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from django.db.models import Sum

from trithuc.codelists.services import ethnic_minority_codes
from trithuc.indicators.published import Writer
from trithuc.orgunits.services import current_province_code
from trithuc.representation.models import PartyDevelopmentCount, PartyStage, RepresentationRecord
from trithuc.representation.services import YOUNG_AGE_LIMIT, age_on

NEW_MEMBERS = "party_new_members_young"
SHARES = {"ethnic_minority": "representation_ethnic_minority_share",
          "women": "representation_women_share", "young": "representation_young_share"}  # fmt: skip
SOURCE = "Tính từ số liệu phát triển đảng viên và hồ sơ quy hoạch, bầu cử (trithuc)"


def term_runs_in(term: str, year: int) -> bool:
    start, _sep, end = term.partition("-")
    return start.isdigit() and end.isdigit() and int(start) <= year < int(end)


def publish(year: int, today: dt.date) -> dict[str, dict[str, Any]]:
    writer = Writer(SOURCE, year)
    written: dict[str, dict[str, Any]] = defaultdict(dict)
    admitted: dict[str, Counter[str]] = defaultdict(Counter)
    cells = (PartyDevelopmentCount.objects
             .filter(year=year, stage=PartyStage.ADMITTED, age__lte=YOUNG_AGE_LIMIT)
             .values_list("province_code", "sector").annotate(n=Sum("count")).order_by())  # fmt: skip
    for province, sector, n in cells:
        admitted[province][sector] += n
    for province in sorted(set(admitted) | writer.earlier_provinces(NEW_MEMBERS)):
        sectors = admitted.get(province, Counter())
        writer.count(NEW_MEMBERS, province, sum(sectors.values()), sectors, protect=True)
        written[province]["party_new_young"] = sum(sectors.values())

    minorities = set(ethnic_minority_codes())
    groups: dict[str, Counter[str]] = defaultdict(Counter)
    records = RepresentationRecord.objects.values_list(
        "term", "unit_code", "decided_on", "person__ethnicity", "person__gender",
        "person__birth_date")  # fmt: skip
    for term, unit, decided_on, ethnicity, gender, birth in records:
        if not term_runs_in(term, year):
            continue
        counter = groups[current_province_code(unit) or ""]
        counter["records"] += 1
        counter["ethnic_minority"] += ethnicity in minorities
        counter["women"] += gender == "female"
        counter["young"] += age_on(birth, decided_on) <= YOUNG_AGE_LIMIT
    earlier = set().union(*(writer.earlier_provinces(code) for code in SHARES.values()))
    for province in sorted(set(groups) | earlier):
        counter = groups.get(province, Counter())
        for group, code in SHARES.items():
            written[province][group] = writer.share(code, province, counter[group],
                                                    counter["records"], protect=True)  # fmt: skip
    return dict(written)
