"""Tables of tasks ("STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian").

A table reaches the parser as "|"-separated rows: from Word, from a web page converted to
text, or from tab-separated text. The header row says which column is which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .normalize import match_key
from .structure import Para

_COLUMNS = (
    ("number", r"^(?:stt|tt|số tt|số thứ tự)$"),
    (
        "lead",
        r"chủ trì|thực hiện chính|cơ quan thực hiện|đơn vị thực hiện|cơ quan, đơn vị$|trách nhiệm",
    ),
    ("coop", r"phối hợp"),
    ("deadline", r"thời gian|thời hạn|tiến độ|hoàn thành"),
    ("product", r"sản phẩm|kết quả"),
    ("content", r"nội dung|nhiệm vụ|công việc|giải pháp"),
    ("note", r"ghi chú"),
)


@dataclass
class TableRow:
    cells: dict[str, str]
    para: Para
    # The number of the group row above ("I", "II"), for tables numbered 1, 2... again
    # under each group: the row's path then needs it to be unique.
    group: str | None = None


@dataclass
class Table:
    columns: list[str | None]
    rows: list[TableRow] = field(default_factory=list)
    groups: list[tuple[str, TableRow]] = field(default_factory=list)


def _column_of(cell: str) -> str | None:
    key = match_key(cell).strip(" .:*")
    for name, pattern in _COLUMNS:
        if re.search(pattern, key):
            return name
    return None


def read_tables(paras: list[Para]) -> list[Table]:
    """Tables found among `paras` (runs of "table" paragraphs starting with a header row)."""
    tables: list[Table] = []
    current: Table | None = None
    for para in paras:
        if para.kind != "table" or not para.cells:
            current = None
            continue
        columns = [_column_of(c) for c in para.cells]
        if "content" in columns and ("lead" in columns or "deadline" in columns):
            current = Table(columns)
            tables.append(current)
            continue
        if current is None:
            continue
        cells = {
            name: value.strip()
            for name, value in zip(current.columns, para.cells, strict=False)
            if name and value.strip()
        }
        if not cells:
            continue
        # A row with a Roman number or a capital letter and one other cell (its title, in
        # whichever column it is printed) groups the rows below it.
        if (
            len(cells) <= 2
            and "number" in cells
            and re.fullmatch(r"[IVXL]+\.?|[A-Z]\.?", cells.get("number", ""))
        ):
            group = TableRow(cells, para)
            group.group = cells.get("number", "").rstrip(".")
            title = next((v for k, v in cells.items() if k != "number"), "")
            current.groups.append((title, group))
            continue
        if (
            not re.fullmatch(r"\d+(?:\.\d+)*\.?", cells.get("number", "1"))
            and "content" not in cells
        ):
            continue
        group = current.groups[-1][1].group if current.groups else None
        current.rows.append(TableRow(cells, para, group))
    return tables
