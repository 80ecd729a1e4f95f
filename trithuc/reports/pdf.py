"""PDF from the same .docx through LibreOffice headless (Debian `libreoffice-writer-nogui`;
`fonts-liberation2` gives Liberation Serif, metric-compatible with Times New Roman).

LibreOffice is kept warm: with `TRITHUC_PDF_RESIDENT` (the default) one LibreOffice
stays running, listening on a pipe, and each conversion is a small UNO client
(`uno_pdf.py`, run by the system's Python, which has Debian's `python3-uno`): about 1 s
instead of 4–5 s for starting LibreOffice each time on a loaded 2-core machine. The first
conversion starts it. Without the resident one (no `python3-uno`, the setting off, or it
failed) each conversion starts LibreOffice from a profile directory that outlives each
run (the first builds it, several seconds). Each conversion runs with a timeout; a stuck
process is killed with its process group (a stuck resident one too, so that the next
conversion starts a fresh one)."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

TIMEOUT_SECONDS = 120
# The Python that has Debian's python3-uno, and the client it runs.
UNO_PYTHON = "/usr/bin/python3"
UNO_CLIENT = Path(__file__).with_name("uno_pdf.py")
NO_LISTENER = 3  # uno_pdf.py's status when no LibreOffice listens
START_SECONDS = 30  # how long a starting resident LibreOffice may take to listen
logger = logging.getLogger(__name__)


class PdfError(RuntimeError):
    """The conversion failed; the message is for the user, in Vietnamese."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _profile() -> Path:
    path = Path(tempfile.gettempdir()) / f"trithuc-soffice-{os.getuid()}"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def _resident_profile() -> Path:
    path = Path(tempfile.gettempdir()) / f"trithuc-soffice-resident-{os.getuid()}"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def _pipe() -> str:
    return f"trithuc-pdf-{os.getuid()}"


def resident_available() -> bool:
    """Whether conversions go through a resident LibreOffice (setting on, python3-uno)."""
    return bool(getattr(settings, "TRITHUC_PDF_RESIDENT", True)) and (
        Path(UNO_PYTHON).exists() and Path("/usr/lib/python3/dist-packages/uno.py").exists()
    )


def _start_resident(program: str) -> None:
    profile = _resident_profile()
    command = [program, f"-env:UserInstallation={(profile / 'user').as_uri()}", "--headless",
               "--invisible", "--norestore", "--nologo", "--nodefault",
               f"--accept=pipe,name={_pipe()};urp;"]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,  # noqa: S603 (fixed arguments, no shell)
                               start_new_session=True, cwd=profile)  # fmt: skip
    (profile / "pid").write_text(str(process.pid))


def stop_resident() -> None:
    """Stop the resident LibreOffice this user started (a stuck one, or at tests' end)."""
    pid_file = _resident_profile() / "pid"
    try:
        pid = int(pid_file.read_text())
    except (OSError, ValueError):
        return
    # Only that LibreOffice: the number may belong to another process by now.
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        command = b""
    if _pipe().encode() in command:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
    pid_file.unlink(missing_ok=True)


def _client(source: Path, target: Path, wait: int, timeout: int) -> int:
    command = [UNO_PYTHON, str(UNO_CLIENT), _pipe(), str(source), str(target), str(wait)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,  # noqa: S603 (fixed arguments, no shell)
                               start_new_session=True)  # fmt: skip
    try:
        _, error = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        stop_resident()  # stuck on this document: the next conversion starts afresh
        raise PdfError(f"LibreOffice không tạo xong PDF sau {timeout} giây.") from None
    if process.returncode not in (0, NO_LISTENER):
        logger.warning("Resident LibreOffice failed: %s", error.decode(errors="replace")[-500:])
    return process.returncode


def _resident_pdf(program: str, source: Path, timeout: int, start: bool) -> bytes | None:
    """The PDF made by the resident LibreOffice (with `start`, started if none listens),
    or None when it cannot make it (then the caller starts one for this conversion)."""
    target = source.with_suffix(".pdf")
    status = _client(source, target, 0, timeout)
    if status == NO_LISTENER and not start:
        return None
    if status == NO_LISTENER:
        _start_resident(program)
        status = _client(source, target, START_SECONDS, timeout + START_SECONDS)
    if status == 0 and target.exists():
        return target.read_bytes()
    if status != NO_LISTENER:
        stop_resident()
    return None


def docx_to_pdf(docx: bytes, timeout: int = TIMEOUT_SECONDS, *, start: bool = True) -> bytes:
    """The PDF of `docx`. `start` False (a one-off command): use a resident LibreOffice
    if one runs, but start none that would outlive the caller."""
    program = soffice()
    if program is None:
        raise PdfError("Máy chủ chưa cài LibreOffice (gói libreoffice-writer-nogui) nên chưa tạo "
                       "được PDF; hãy tải bản Word.")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="trithuc-pdf-") as work:
        source = Path(work) / "bao-cao.docx"
        source.write_bytes(docx)
        if resident_available():
            made = _resident_pdf(program, source, timeout, start)
            if made is not None:
                return made
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
