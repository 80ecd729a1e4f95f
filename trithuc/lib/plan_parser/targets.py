"""Targets: numbers to reach by a year, in the objectives of a plan.

A target is a quantity with a unit ("98%", "1,5 lần", "06 tiến sĩ") in a clause of the
objectives. One sentence often holds several ("... đạt từ 98% trở lên, trong đó thạc sĩ
đạt 25% trở lên, đào tạo 06 tiến sĩ"): each quantity gets the clause that surrounds it.
The year comes from the clause ("Đến năm 2030: ..."), else from the nearest heading
("2.2. Tầm nhìn đến năm 2045"), else from the section's general objective; the sector
from a "Lĩnh vực ...:" lead-in. A baseline "(so với năm 2020¹)" is completed from the
footnote it points to. Quantities without a unit ("nhiệm kỳ 2025 - 2030") are not targets.
"""

from __future__ import annotations

import re

from .normalize import parse_number
from .structure import Para, Section, section_kind

_NUM = r"\d+(?:[.,]\d+)*"
_COUNT_NOUNS = (
    r"người|tiến sĩ|thạc sĩ|chuyên gia|nhà khoa học|bác sĩ|giáo sư|phó giáo sư|"
    r"nghiên cứu sinh|trí thức|học viên|sinh viên"
)
_QTY = re.compile(
    r"(?<![\w.,/])(?:(?P<cmp>từ|ít nhất|tối thiểu|không dưới|không thấp hơn|trên|hơn|vượt|dưới|"
    r"không quá|tối đa|không vượt quá|khoảng)\s+)?"
    rf"(?P<a>{_NUM})(?:\s*%?\s*(?:-|–|đến|tới)\s*(?P<b>{_NUM}))?"
    rf"(?P<unit>\s*%|\s+lần(?![^\W\d_])|\s+(?:{_COUNT_NOUNS})(?![^\W\d_]))"
    r"(?P<suffix>\s+trở lên|\s+trở xuống)?"
)
_CMP = {
    "từ": ">=", "ít nhất": ">=", "tối thiểu": ">=", "không dưới": ">=", "không thấp hơn": ">=",
    "trên": ">", "hơn": ">", "vượt": ">", "dưới": "<", "không quá": "<=", "tối đa": "<=",
    "không vượt quá": "<=", "khoảng": "=",
}  # fmt: skip
_YEAR_INLINE = re.compile(
    r"(?:đến|tới|đến hết|trong|vào)\s+năm\s+(\d{4})|năm\s+(\d{4})\s*:|giai đoạn\s+\d{4}\s*[-–]\s*(\d{4})"
)
_STRIP_LEAD = re.compile(
    r"^(?:(?:phấn đấu|phân đầu|phấn đầu|phần đấu)\s+)?(?:(?:đến|tới)\s+năm\s+\d{4}\s*[,:]?\s*)?"
)
_SECTOR_LEAD = re.compile(r"^(?:đối với\s+|trong\s+)?(?:lĩnh vực|ngành|khối)\s+([^:]{2,60}):")
_SECTORS = (
    (r"nông nghiệp|lâm nghiệp|thủy sản|nông, lâm", "agriculture"),
    (r"giáo dục", "education"),
    (r"y tế", "health"),
    (r"văn học|văn hóa|nghệ thuật|thể thao", "culture_arts_sports"),
    (r"du lịch|dịch vụ|thương mại", "tourism_services"),
    (r"kỹ thuật|công nghiệp|xây dựng|giao thông", "engineering_industry"),
    (r"quản lý nhà nước|hành chính", "state_management"),
)
_BASELINE = re.compile(r"so với\s+(?:năm\s+)?(\d{4})\s*([¹²³⁴⁵⁶⁷⁸⁹⁰]+|\[\d+\])?")


def sector_of(name_key: str) -> str:
    for pattern, code in _SECTORS:
        if re.search(pattern, name_key):
            return code
    return "other"


_STATE_STAFF = re.compile(r"cán bộ\s*,\s*công chức")
_SERVANTS = re.compile(r"công chức\s*,\s*viên chức|công chức|viên chức")
_PERIOD = re.compile(r"giai đoạn\s+(\d{4})\s*[-–]\s*\d{4}")


def population_of(key: str) -> str | None:
    """Whom a target's share counts, from the words before it in its paragraph: the
    last of "cán bộ, công chức, viên chức" ("state_staff") or "công chức, viên chức"
    ("civil_and_public_servants"); None when neither is written."""
    staff = [m.start() for m in _STATE_STAFF.finditer(key)]
    servants = [m.start() for m in _SERVANTS.finditer(key)]
    if not staff and not servants:
        return None
    if staff and (not servants or max(staff) + 8 >= max(servants)):
        return "state_staff"
    return "civil_and_public_servants"


def _period_start(key: str, heads: list[Para]) -> str | None:
    """1 January of the first year of a period the paragraph or its headings name
    ("giai đoạn 2021 - 2030"): where an event count ("đào tạo 06 tiến sĩ") starts."""
    for text in (key, *(h.key for h in reversed(heads))):
        m = _PERIOD.search(text)
        if m:
            return f"{m.group(1)}-01-01"
    return None


def indicator_of(key: str, unit: str) -> str | None:
    """The closed list of indicators the indicators feature knows; None if none fits."""
    if unit == "người":
        return "phd_trained_count" if "tiến sĩ" in key else None
    if unit == "lần":
        return "intellectuals_count_ratio" if "trí thức" in key and "số lượng" in key else None
    if "đào tạo liên tục" in key:
        return "share_continuous_training"
    if "bồi dưỡng" in key and re.search(r"tiêu chuẩn|chức danh|ngạch", key):
        return "share_trained_to_standard"
    if "vị trí việc làm" in key:
        return "share_qualification_matching_job_position"
    if re.search(r"dưới\s+40\s+tuổi", key) and re.search(r"lãnh đạo|quản lý", key):
        return "share_leaders_under_40"
    if "thạc sĩ" in key:
        return "share_masters"
    if re.search(r"đại học và sau đại học|đại học trở lên|từ đại học|trình độ đại học", key):
        return "share_university_or_higher"
    if "sau đại học" in key:
        return "share_postgraduate"
    return None


def objective_paras(sections: list[Section]) -> list[tuple[Section, str, Para, list[Para]]]:
    """(section, item number, paragraph, headings above it) for every objective paragraph."""
    out = []
    for section in sections:
        kind = section_kind(section)
        whole = kind == "objectives"
        if kind in ("tasks", "implementation") and not whole:
            continue
        for para in section.intro if whole else []:
            out.append((section, section.number, para, [section.head]))
        for item in section.items:
            if not whole and not re.search(r"mục tiêu|chỉ tiêu", item.head.key):
                continue
            out.append((section, item.number, item.head, [section.head]))
            sub: Para | None = None
            for para in item.body:
                if para.kind == "sub":
                    sub = para
                heads = [section.head, item.head] + ([sub] if sub else [])
                out.append((section, item.number, para, heads))
    return out


def _year_in(key: str, before: int | None = None) -> int | None:
    """The last target year stated before `before`; a vision year ("tầm nhìn đến năm
    2045") only when no other year is stated, since the targets are set for the other."""
    found = vision = None
    for m in _YEAR_INLINE.finditer(key, 0, len(key) if before is None else before):
        year = int(next(g for g in m.groups() if g))
        if key[max(0, m.start() - 10) : m.start()].rstrip().endswith("tầm nhìn"):
            vision = year
        else:
            found = year
    return found or vision


def extract_targets(sections: list[Section], footnotes: dict[str, Para]) -> list[dict]:
    targets: list[dict] = []
    default_year: dict[str, int | None] = {}
    bullet_sector: str | None = None
    for section, where, para, heads in objective_paras(sections):
        if section.number not in default_year:
            default_year[section.number] = _first_year(section)
        if para.kind == "footnote" or para.kind == "label":
            continue
        text, key = para.text, para.key
        sector = None
        sm = _SECTOR_LEAD.match(key)
        if sm:
            sector = sector_of(sm.group(1))
        if para.kind == "bullet" and para.marker != "+":
            bullet_sector = sector
        elif para.kind == "bullet" and sector is None:
            sector = bullet_sector
        elif para.kind != "bullet":
            bullet_sector = None
        heading_year = next((y for h in reversed(heads) if (y := _year_in(h.key))), None)
        for clause_start, clause_end, m in _clauses(key):
            year = _year_in(key, m.start()) or heading_year or default_year[section.number]
            clause_text = text[clause_start:clause_end]
            lead = _STRIP_LEAD.match(key[clause_start:clause_end])
            if lead and lead.end():
                clause_text = clause_text[lead.end() :]
            clause_text = clause_text.strip(" ,;.:")
            unit = _unit(m.group("unit"))
            target = {
                "text": clause_text,
                "sector": sector,
                "indicator": indicator_of(key[clause_start:clause_end], unit),
                "comparator": _comparator(m),
                "value": _value(m),
                "unit": unit,
                "year": year,
            }
            population = population_of(key[:clause_end])
            if population:
                target["population"] = population
            period = _period_start(key, heads)
            if period:
                target["period_start"] = period
            baseline = _baseline(key[clause_start:clause_end], footnotes)
            if baseline:
                target["baseline"] = baseline
            target["where"] = where
            target["lines"] = para.lines
            targets.append(target)
    return targets


_GENERAL_OBJECTIVE = re.compile(r"mục tiêu\s+(?:chung|tổng quát|tổng thể)")


def _first_year(section: Section) -> int | None:
    """The year of the section's general objective, for targets that state none.

    Only the heading, the text before the first item and a "Mục tiêu chung/tổng quát"
    item count: a year in another target's item belongs to that target, and a target
    written "Hằng năm, ..." keeps no year rather than borrowing one.
    """
    paras = [section.head, *section.intro]
    for item in section.items:
        if _GENERAL_OBJECTIVE.search(item.head.key):
            paras += [item.head, *item.body]
    for para in paras[:8]:
        year = _year_in(para.key)
        if year:
            return year
    return None


def _clauses(key: str):
    """(start, end, quantity match) of each target clause in a paragraph's key."""
    region = 0
    colon = key.find(":")
    if 0 <= colon < 90 and not _QTY.search(key, 0, colon):
        region = colon + 1
    for seg in re.finditer(r"[^;]+", key[region:]):
        s_start, s_end = region + seg.start(), region + seg.end()
        # Sentences inside a segment are separate clauses too.
        for sent in re.finditer(r".+?(?:\.\s+(?=[^\W\d_])|$)", key[s_start:s_end]):
            a, b = s_start + sent.start(), s_start + sent.end()
            quantities = [m for m in _QTY.finditer(key, a, b) if not _in_baseline(key, m.start())]
            if not quantities:
                continue
            bounds = [a]
            for prev in quantities[:-1]:
                sep = re.compile(r",\s+|\s+và\s+").search(key, prev.end(), b)
                bounds.append(sep.start() if sep else prev.end())
            bounds.append(b)
            for i, m in enumerate(quantities):
                start = bounds[i]
                if i:
                    sep = re.compile(r",\s+|\s+và\s+").match(key, start)
                    start = sep.end() if sep else start
                yield start, bounds[i + 1], m


def _in_baseline(key: str, pos: int) -> bool:
    return "so với" in key[max(0, pos - 25) : pos]


def _unit(raw: str) -> str:
    raw = raw.strip()
    if raw == "%":
        return "%"
    return "lần" if raw == "lần" else "người"


def _comparator(m: re.Match[str]) -> str:
    if m.group("b"):
        return "range"
    if m.group("suffix"):
        return ">=" if "lên" in m.group("suffix") else "<="
    return _CMP.get(m.group("cmp") or "", "=")


def _value(m: re.Match[str]) -> int | float | list:
    a = parse_number(m.group("a"))
    if m.group("b"):
        return [a, parse_number(m.group("b"))]
    return a


def _baseline(key: str, footnotes: dict[str, Para]) -> dict | None:
    m = _BASELINE.search(key)
    if not m:
        return None
    year = int(m.group(1))
    baseline: dict = {"year": year, "value": None, "unit": None}
    marker = m.group(2)
    note = footnotes.get(marker) if marker else None
    if note is not None:
        vm = re.search(rf"năm\s+{year}\D{{0,40}}?({_NUM})\s*(%|người|trí thức)", note.key)
        if vm:
            baseline["value"] = parse_number(vm.group(1))
            baseline["unit"] = "%" if vm.group(2) == "%" else "người"
            quote = note.text[vm.start() : vm.end()]
            sentence = re.search(r"[^;.]*" + re.escape(quote) + r"[^;]*", note.text)
            snippet = sentence.group(0).strip() if sentence else quote
            baseline["source"] = f"footnote {marker}: '{snippet.rstrip('.')}'"
        baseline["lines"] = note.lines
    return baseline


def footnote_index(paras: list[Para]) -> dict[str, Para]:
    return {p.marker: p for p in paras if p.kind == "footnote"}
