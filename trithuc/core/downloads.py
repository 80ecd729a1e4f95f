"""Downloads made on the fly: written to an anonymous temporary file that the operating
system deletes when the response closes it, so no export (with its personal data) is
ever left behind on the server's disk.

An export that takes more than a moment shows its progress: the page's link (marked
`data-progress`, see `core/static/core/app.js`) adds a random token to the download's
address and polls `download_progress` with it while the file is written. Only counts and
a sentence go through the cache under that token (and the user's id), never the file.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from django.core.cache import cache
from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _

TOKEN = re.compile(r"^[0-9a-f]{32}$")
PROGRESS_SECONDS = 600


def _key(user_id: int | None, token: str) -> str:
    return f"download-progress:{user_id}:{token}"


@dataclass(frozen=True)
class Progress:
    """Where one download stands, written while it is made (no-op without a token)."""

    key: str | None = None

    def update(self, state: str, message: str, done: int | None = None,
               total: int | None = None) -> None:  # fmt: skip
        if self.key is None:
            return
        percent = round(100 * done / total) if done is not None and total else None
        cache.set(self.key, {"state": state, "message": message, "done": done,
                             "total": total, "percent": percent}, PROGRESS_SECONDS)  # fmt: skip

    def rows(self, noun: str) -> Callable[[int, int], None]:
        """A callback for a writer that counts rows: "Đã ghi 12.000/20.000 hồ sơ"."""

        def report(done: int, total: int) -> None:
            self.update("running", _("Đã ghi %(done)s/%(total)s %(noun)s") % {
                "done": _number(done), "total": _number(total), "noun": noun},
                done=done, total=total)  # fmt: skip

        return report


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def progress_for(request: HttpRequest) -> Progress:
    """The progress of the download `request` asks for (its `progress` token), if any."""
    token = request.GET.get("progress", "")
    if not TOKEN.match(token):
        return Progress()
    return Progress(_key(getattr(request.user, "pk", None), token))


def read_progress(request: HttpRequest) -> dict[str, Any]:
    token = request.GET.get("token", "")
    found = (
        cache.get(_key(getattr(request.user, "pk", None), token)) if TOKEN.match(token) else None
    )
    return found or {"state": "waiting", "message": _("Đang chuẩn bị tệp…"), "done": None,
                     "total": None, "percent": None}  # fmt: skip


def temporary_download(
    write: Callable[[IO[bytes]], object], filename: str, progress: Progress | None = None
) -> FileResponse:
    progress = progress or Progress()
    progress.update("running", _("Đang tạo tệp…"))
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    try:
        write(handle)
        handle.seek(0)
    except BaseException:
        handle.close()
        progress.update("failed", _("Không tạo được tệp; hãy thử lại."))
        raise
    progress.update("done", _("Đã tạo xong tệp; trình duyệt đang tải về."))
    return FileResponse(handle, as_attachment=True, filename=filename)
