"""PDF from the same .docx through LibreOffice headless (Debian `libreoffice-writer-nogui`;
`fonts-liberation2` gives Liberation Serif, metric-compatible with Times New Roman).

LibreOffice is kept warm by a profile directory that outlives each run: the first
conversion builds it (several seconds), later ones start from it. Each conversion runs
with a timeout; a stuck process is killed with its process group."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 120


class PdfError(RuntimeError):
    """The conversion failed; the message is for the user, in Vietnamese."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _profile() -> Path:
    path = Path(tempfile.gettempdir()) / f"trithuc-soffice-{os.getuid()}"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def docx_to_pdf(docx: bytes, timeout: int = TIMEOUT_SECONDS) -> bytes:
    program = soffice()
    if program is None:
        raise PdfError("Máy chủ chưa cài LibreOffice (gói libreoffice-writer-nogui) nên chưa tạo "
                       "được PDF; hãy tải bản Word.")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="trithuc-pdf-") as work:
        source = Path(work) / "bao-cao.docx"
        source.write_bytes(docx)
        command = [program, f"-env:UserInstallation={_profile().as_uri()}", "--headless",
                   "--norestore", "--nologo", "--convert-to", "pdf", "--outdir", work, str(source)]  # fmt: skip
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,  # noqa: S603 (fixed arguments, no shell)
                                   start_new_session=True, cwd=work)  # fmt: skip
        try:
            _, error = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise PdfError(f"LibreOffice không tạo xong PDF sau {timeout} giây.") from None
        result = Path(work) / "bao-cao.pdf"
        if process.returncode != 0 or not result.exists():
            detail = error.decode(errors="replace").strip()[:300]
            raise PdfError(f"LibreOffice không chuyển được tệp sang PDF. {detail}".strip())
        return result.read_bytes()
