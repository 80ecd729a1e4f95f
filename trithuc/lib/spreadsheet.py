"""Reading spreadsheets (XLSX, XLS, ODS, CSV) row by row, with bounds on what we accept.

Rows come out as (row_number, cells) with the row number as the spreadsheet shows it
(the first row is 1), so that error messages point at the right line.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import python_calamine

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".csv"}


class SpreadsheetError(Exception):
    """A file we cannot read; the message is in Vietnamese, for the user."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    max_unzipped_bytes: int


@dataclass
class Sheet:
    name: str
    total_rows: int
    rows: Iterator[tuple[int, list[object]]]


def check_file(path: Path, limits: Limits) -> None:
    """Refuse files that are too big, not spreadsheets, or zip bombs, before parsing."""
    suffix = path.suffix.lower()
    if suffix not in SPREADSHEET_SUFFIXES:
        raise SpreadsheetError(
            f"Định dạng tệp '{suffix or '(không có)'}' không được hỗ trợ: "
            "chỉ nhận XLSX, XLS, ODS hoặc CSV."
        )
    size = path.stat().st_size
    if size == 0:
        raise SpreadsheetError("Tệp rỗng: không có dữ liệu để nhập.")
    if size > limits.max_bytes:
        raise SpreadsheetError(
            f"Tệp quá lớn ({size / 1024 / 1024:.0f} MB); giới hạn là "
            f"{limits.max_bytes / 1024 / 1024:.0f} MB."
        )
    if suffix in {".xlsx", ".xlsm", ".ods"}:
        _check_zip(path, limits)


# Real spreadsheets compress their sheets 5–30 times (a sheet of one repeated value,
# about 100 times); a zip bomb, 1,000 times and more. A member bigger than
# RATIO_CHECK_BYTES inflated must stay under MAX_ZIP_RATIO.
MAX_ZIP_RATIO = 150
RATIO_CHECK_BYTES = 8 * 1024 * 1024


def _bomb(size: int, limit: int) -> SpreadsheetError:
    return SpreadsheetError(
        "Tệp bị từ chối: khi giải nén, nội dung lớn bất thường "
        f"({size / 1024 / 1024:.0f} MB, giới hạn {limit / 1024 / 1024:.0f} MB). "
        "Có thể đây là tệp độc hại (zip bomb)."
    )


def _check_zip(path: Path, limits: Limits) -> None:
    """Refuse an archive whose declared size or compression ratio no real spreadsheet
    has, before anything inflates it. (Readers stop at a member's declared size, so a
    forged small size cannot inflate more; `core.security.check_archive` also inflates
    uploads as a stream to find damaged ones.)"""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            unzipped = sum(info.file_size for info in members)
            if unzipped > limits.max_unzipped_bytes:
                raise _bomb(unzipped, limits.max_unzipped_bytes)
            for info in members:
                ratio = info.file_size / max(info.compress_size, 1)
                if info.file_size > RATIO_CHECK_BYTES and ratio > MAX_ZIP_RATIO:
                    raise SpreadsheetError(
                        f"Tệp bị từ chối: một phần của tệp nén {ratio:.0f} lần (bảng tính "
                        f"thật nén không quá {MAX_ZIP_RATIO} lần). Có thể đây là tệp độc hại "
                        "(zip bomb)."
                    )
    except zipfile.BadZipFile as exc:
        raise SpreadsheetError(
            "Tệp không phải bảng tính hợp lệ (hỏng hoặc sai định dạng)."
        ) from exc
    except (zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, ValueError,
            OSError) as exc:  # fmt: skip
        raise SpreadsheetError(
            "Tệp bị từ chối: nội dung nén bị hỏng hoặc khai sai kích thước."
        ) from exc


def open_sheet(path: Path, sheet_name: str | None = None) -> Sheet:
    """The first visible sheet (or the one named), as a stream of numbered rows."""
    return sheet_reader(path, sheet_name)()


def sheet_reader(path: Path, sheet_name: str | None = None) -> Callable[[], Sheet]:
    """The sheet `open_sheet` reads, parsed once: each call streams its rows afresh (for
    a reader that must read a file twice)."""
    if path.suffix.lower() == ".csv":
        return lambda: _open_csv(path)
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several error types for broken files
        raise SpreadsheetError(
            "Không đọc được tệp bảng tính: tệp hỏng hoặc không đúng định dạng."
        ) from exc
    try:
        if sheet_name:
            sheet = workbook.get_sheet_by_name(sheet_name)
        else:
            visible = [
                meta.name
                for meta in workbook.sheets_metadata
                if meta.visible == python_calamine.SheetVisibleEnum.Visible
                and meta.typ == python_calamine.SheetTypeEnum.WorkSheet
            ]
            if not visible:
                raise SpreadsheetError("Tệp không có trang tính nào hiển thị.")
            sheet = workbook.get_sheet_by_name(visible[0])
    except python_calamine.WorksheetNotFound as exc:
        raise SpreadsheetError(f"Không có trang tính tên '{sheet_name}'.") from exc
    except SpreadsheetError:
        raise
    except Exception as exc:
        raise SpreadsheetError("Không đọc được trang tính trong tệp.") from exc
    first_row = sheet.start[0] if sheet.start else 0
    return lambda: Sheet(
        name=sheet.name,
        total_rows=sheet.height,
        rows=_numbered(sheet.iter_rows(), first_row + 1),
    )


def _numbered(rows: Iterator[list[object]], first: int) -> Iterator[tuple[int, list[object]]]:
    for offset, row in enumerate(rows):
        yield first + offset, row


def _open_csv(path: Path) -> Sheet:
    raw = path.read_bytes()
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    if b"\x00" in raw[:4096]:
        raise SpreadsheetError("Tệp CSV không hợp lệ: chứa dữ liệu nhị phân.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1258")
        except UnicodeDecodeError as exc:
            raise SpreadsheetError("Tệp CSV phải được lưu với bảng mã UTF-8 (Unicode).") from exc
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    return Sheet(name=path.stem, total_rows=text.count("\n"), rows=_numbered(reader, 1))
