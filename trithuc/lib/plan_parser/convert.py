"""Old Word (.doc), OpenDocument (.odt) and RTF files through LibreOffice headless.

Each conversion runs `soffice --headless --convert-to` with its own throw-away profile
(`-env:UserInstallation`): two conversions sharing the default profile lock each other
out, and a profile left by a crashed run would break the next. A timeout stops a file
that hangs LibreOffice. Debian package: libreoffice-writer-nogui.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import PlanParseError

OFFICE_SUFFIXES = (".doc", ".odt", ".rtf")
CONVERT_TIMEOUT_SECONDS = 120

MSG_NO_OFFICE = (
    "Máy chủ chưa cài LibreOffice nên chưa đọc được tệp {suffix}: hãy lưu văn bản thành "
    ".docx hoặc báo quản trị cài gói libreoffice-writer-nogui."
)
MSG_CONVERT_FAILED = (
    "Không chuyển đổi được tệp {name} (tệp hỏng hoặc không đúng định dạng): hãy mở bằng "
    "Word và lưu thành .docx."
)
MSG_CONVERT_TIMEOUT = "Chuyển đổi tệp {name} quá {seconds} giây: tệp quá phức tạp hoặc bị hỏng."


def soffice_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_with_office(
    source: Path, out_dir: Path, target: str = "docx", timeout: int = CONVERT_TIMEOUT_SECONDS
) -> Path:
    """`source` converted to `target` ("docx", "pdf", "doc") in `out_dir`; the path."""
    binary = soffice_binary()
    if binary is None:
        raise PlanParseError(MSG_NO_OFFICE.format(suffix=source.suffix or "này"))
    filters = {"docx": "docx:MS Word 2007 XML", "doc": "doc:MS Word 97", "pdf": "pdf"}
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="trithuc-soffice-") as profile:
        command = [
            binary,
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--convert-to",
            filters.get(target, target),
            "--outdir",
            str(out_dir),
            str(source),
        ]
        env = {**os.environ, "HOME": profile}
        try:
            subprocess.run(  # noqa: S603 - a fixed binary and a path we wrote, no shell
                command, capture_output=True, timeout=timeout, env=env, check=False
            )
        except subprocess.TimeoutExpired:
            raise PlanParseError(
                MSG_CONVERT_TIMEOUT.format(name=source.name, seconds=timeout)
            ) from None
    produced = out_dir / f"{source.stem}.{target}"
    if not produced.exists() or produced.stat().st_size == 0:
        raise PlanParseError(MSG_CONVERT_FAILED.format(name=source.name))
    return produced
