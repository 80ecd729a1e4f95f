"""Checks on uploaded archives (XLSX, ODS, DOCX are zip files) before anything parses them.

A zip bomb is small on disk and huge once decompressed. `check_archive` refuses an
archive whose members declare more than the limit, then decompresses every member as a
stream, keeping nothing: Python's `zipfile` stops each member at its
declared size and checks its CRC, so an archive that understates its sizes ("lies") fails
here instead of inside a parser that trusts the data (python-calamine reads a sheet whole
into memory before noticing).
"""

from __future__ import annotations

import zipfile
import zlib
from typing import IO, Any

# A plan document (.docx) is a few megabytes of XML; far more can only be an attack.
DOCUMENT_MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
_CHUNK = 1024 * 1024


class UploadRefused(Exception):
    """An upload we will not open; the message is in Vietnamese, for the user."""


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f}"


def check_archive(upload: IO[bytes] | Any, max_unzipped_bytes: int) -> None:
    """Refuse `upload` (a file object, left at its start) when it is a zip archive that
    decompresses to more than `max_unzipped_bytes` or is damaged. Other files pass."""
    try:
        upload.seek(0)
        if not zipfile.is_zipfile(upload):
            return
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            declared = sum(info.file_size for info in members)
            if declared > max_unzipped_bytes:
                raise UploadRefused(
                    "Tệp bị từ chối: khi giải nén, nội dung lớn bất thường "
                    f"({_mb(declared)} MB, giới hạn {_mb(max_unzipped_bytes)} MB). "
                    "Có thể đây là tệp độc hại (zip bomb)."
                )
            for info in members:
                with archive.open(info) as member:
                    while member.read(_CHUNK):
                        pass
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError,
            RuntimeError, OSError, EOFError, ValueError) as exc:  # fmt: skip
        # Bad CRC, truncated or corrupt data, encrypted or unknown compression.
        raise UploadRefused(
            "Tệp bị từ chối: nội dung nén bị hỏng hoặc khai sai kích thước (có thể là tệp độc hại)."
        ) from exc
    finally:
        upload.seek(0)
