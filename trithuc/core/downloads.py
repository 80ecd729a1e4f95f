"""Downloads made on the fly: written to an anonymous temporary file that the operating
system deletes when the response closes it, so no export (with its personal data) is
ever left behind on the server's disk."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from typing import IO

from django.http import FileResponse


def temporary_download(write: Callable[[IO[bytes]], object], filename: str) -> FileResponse:
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    try:
        write(handle)
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    return FileResponse(handle, as_attachment=True, filename=filename)
