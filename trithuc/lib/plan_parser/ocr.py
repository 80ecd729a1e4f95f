"""Scanned PDFs to text: pdftoppm renders each page at 300 dpi, Tesseract reads it with
its Vietnamese model, pages in parallel.

The `tesseract` binary is called directly (not through pytesseract): pytesseract is a
wrapper around the same subprocess that writes temporary files; calling it ourselves
costs no dependency and lets us set the timeout and `OMP_THREAD_LIMIT=1` (one core per
page, the pages spread over the cores, instead of OpenMP threads fighting for them).
The TSV output gives each word with its confidence, so one run yields the text, the
confidence of the page and the lines to highlight. Debian packages: tesseract-ocr,
tesseract-ocr-vie, poppler-utils.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import PlanParseError
from .ocr_slips import Word, raised_marks, repair_terms, restore_calls

DPI = 300
PREVIEW_DPI = 100
LANGUAGE = "vie"
PAGE_TIMEOUT_SECONDS = 180
# Below this a line is shown highlighted for the reviewer (Tesseract's 0-100 scale).
LOW_CONFIDENCE = 80.0
MAX_PAGES = 60

MSG_NO_OCR = (
    "Tệp PDF không có lớp văn bản (bản quét) và máy chủ chưa cài Tesseract với dữ liệu "
    "tiếng Việt (gói tesseract-ocr, tesseract-ocr-vie, poppler-utils): hãy dùng bản "
    ".docx/.txt của văn bản hoặc báo quản trị."
)
MSG_TOO_MANY_PAGES = "Bản quét có {pages} trang, nhiều hơn {limit} trang nhận dạng được một lần."
MSG_PAGE_FAILED = "Không nhận dạng được trang {number} của bản quét."

Progress = Callable[[int, int], None]


@dataclass
class OcrLine:
    text: str
    confidence: float


@dataclass
class OcrPage:
    number: int
    text: str
    confidence: float
    lines: list[OcrLine] = field(default_factory=list)
    seconds: float = 0.0
    image: str | None = None  # the preview image's path, when asked for

    def as_dict(self) -> dict:
        return asdict(self)


def available() -> bool:
    """Whether this machine can OCR: the binaries and the Vietnamese model."""
    if not (shutil.which("tesseract") and shutil.which("pdftoppm")):
        return False
    try:
        listed = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [_binary("tesseract"), "--list-langs"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return LANGUAGE in listed.stdout.split()


def _binary(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise PlanParseError(MSG_NO_OCR)
    return path


def render_page(
    pdf: Path, number: int, out_base: Path, dpi: int = DPI, *, png: bool = True
) -> Path:
    """Page `number` (1-based) of `pdf` as a grey image at `dpi`: `out_base`.png, or
    `out_base`.pgm with `png=False` (what Tesseract reads: a raw bitmap costs pdftoppm a
    seventh of the time of compressing a 300 dpi PNG, about a quarter of a page's cost)."""
    subprocess.run(  # noqa: S603
        [_binary("pdftoppm"), "-r", str(dpi), "-gray", *(["-png"] if png else []), "-singlefile",
         "-f", str(number), "-l", str(number), str(pdf), str(out_base)],
        capture_output=True, timeout=PAGE_TIMEOUT_SECONDS, check=True,
    )  # fmt: skip
    return out_base.with_suffix(".png" if png else ".pgm")


# Tesseract's usual slips in the Roman numbers of section headings: "IH." for "III.",
# "Il." for "II.", "1V." for "IV." (H is two I's, l and 1 are I).
_ROMAN_SLIP = re.compile(r"^([IVXHl1|]{1,5})([.\-–]\s+)(?=[A-ZĐ\u00c0-\u1ef9])")
_ROMAN_VALID = re.compile(r"^(?:X{0,3})(?:IX|IV|V?I{0,3})$")


# An item numbered 5 read as the letter S ("S. Giao Ban Tuyên giáo …"): no list is
# lettered with a capital S, so before a capital it is the number.
_FIVE_SLIP = re.compile(r"^S(?=[.)]\s+([^\W\d_]))")


def repair_line(text: str) -> str:
    """A heading's or item's number as printed, when Tesseract misread its strokes."""
    five = _FIVE_SLIP.match(text)
    if five and five.group(1).isupper():
        text = "5" + text[1:]
    m = _ROMAN_SLIP.match(text)
    if not m or _ROMAN_VALID.match(m.group(1)) or not re.search(r"[IVXH]", m.group(1)):
        return text
    fixed = m.group(1).replace("H", "II").translate(str.maketrans("l1|", "III"))
    if not _ROMAN_VALID.match(fixed) or not fixed:
        return text
    return fixed + text[m.end(1) :]


# A printed line that starts one of these opens a new line of the text, even inside a
# paragraph Tesseract found: list items, numbered parts, labels.
_OPENS_LINE = re.compile(
    r"^(?:[-+•*]\s|[a-zđ]\)\s|\d{1,2}(?:\.\d{1,2})*[.)]\s|[IVX]{1,5}[.\-–]\s|"
    r"(?:Cơ quan|Đơn vị|Thời gian|Thời hạn|Nơi nhận|Số\b|KẾ HOẠCH|\|))"
)


def unwrap(lines: list[str]) -> list[str]:
    """The printed lines of one paragraph as the lines of the text: a line the page
    wrapped goes back to its sentence (the parser reads a labelled line or an agency's
    name to the end of its line), a new item or label starts its own."""
    out: list[str] = []
    for line in lines:
        if out and not out[-1].endswith((".", ":", ";")) and not _OPENS_LINE.match(line):
            out[-1] += " " + line
        else:
            out.append(line)
    return out


def _line_confidence(words: list[Word]) -> float:
    chars = sum(len(w.text) for w in words)
    return sum(len(w.text) * w.confidence for w in words) / chars if chars else 0.0


def parse_tsv(tsv: str) -> tuple[str, list[OcrLine], float]:
    """(text, lines, page confidence) from Tesseract's TSV output.

    Words are grouped by (block, paragraph, line); a blank line separates blocks and
    paragraphs as in Tesseract's text output. The page's confidence is the mean of its
    words' weighted by their length, so that a stray mark does not weigh like a word.
    Tesseract's slips are repaired (`ocr_slips`, `repair_line`): footnote marks from
    their boxes, the calls glued to their words, misread terms.
    """
    rows = csv.DictReader(tsv.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    lines: list[tuple[tuple[int, int], list[Word]]] = []
    current: tuple[int, int, int] | None = None
    for row in rows:
        if row.get("level") != "5":
            continue
        word = (row.get("text") or "").strip()
        conf = float(row.get("conf") or -1)
        if not word or conf < 0:
            continue
        key = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
        if key != current:
            lines.append(((key[0], key[1]), []))
            current = key
        lines[-1][1].append(Word(word, conf, int(row.get("top") or 0), int(row.get("height") or 0)))
    out_lines: list[OcrLine] = []
    paragraphs: list[list[str]] = []
    previous_par: tuple[int, int] | None = None
    all_words: list[Word] = []
    for par, words in lines:
        if par != previous_par:
            paragraphs.append([])
        previous_par = par
        text = repair_terms(repair_line(" ".join(raised_marks(words))))
        out_lines.append(OcrLine(text, round(_line_confidence(words), 1)))
        paragraphs[-1].append(text)
        all_words.extend(words)
    text = "\n\n".join("\n".join(unwrap(paragraph)) for paragraph in paragraphs)
    return repair_terms(restore_calls(text)), out_lines, round(_line_confidence(all_words), 1)


def ocr_image(image: Path) -> tuple[str, list[OcrLine], float]:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        result = subprocess.run(  # noqa: S603
            [_binary("tesseract"), str(image), "stdout", "-l", LANGUAGE, "--psm", "3", "tsv"],
            capture_output=True, text=True, timeout=PAGE_TIMEOUT_SECONDS, env=env, check=True,
        )  # fmt: skip
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        raise PlanParseError(MSG_PAGE_FAILED.format(number=image.stem)) from exc
    return parse_tsv(result.stdout)


def page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


def ocr_pdf(
    pdf: Path,
    work_dir: Path,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    previews: bool = False,
) -> list[OcrPage]:
    """Every page of a scanned `pdf`, read in parallel on `workers` processes (default:
    the machine's cores, at most 4); `progress(done, total)` after each page. With
    `previews`, a lighter image of each page stays in `work_dir` for the reviewer."""
    if not available():
        raise PlanParseError(MSG_NO_OCR)
    total = page_count(pdf)
    if total > MAX_PAGES:
        raise PlanParseError(MSG_TOO_MANY_PAGES.format(pages=total, limit=MAX_PAGES))
    workers = workers or max(1, min(4, os.cpu_count() or 1))
    work_dir.mkdir(parents=True, exist_ok=True)
    done = 0
    if progress:
        progress(0, total)

    def one(number: int) -> OcrPage:
        start = time.perf_counter()
        image = render_page(pdf, number, work_dir / f"ocr-{number:03d}", png=False)
        try:
            text, lines, confidence = ocr_image(image)
        finally:
            image.unlink(missing_ok=True)
        preview = None
        if previews:
            preview = str(render_page(pdf, number, work_dir / f"page-{number:03d}", PREVIEW_DPI))
        return OcrPage(number, text, confidence, lines, round(time.perf_counter() - start, 2),
                       preview)  # fmt: skip

    pages: list[OcrPage] = []
    # Threads are enough: the work is in the pdftoppm and tesseract processes.
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for future in as_completed([pool.submit(one, n) for n in range(1, total + 1)]):
            pages.append(future.result())
            done += 1
            if progress:
                progress(done, total)
    return sorted(pages, key=lambda page: page.number)


def pages_text(pages: list[OcrPage] | list[str]) -> str:
    """The document's text: the pages one after the other."""
    texts = [p if isinstance(p, str) else p.text for p in pages]
    return "\n".join(t.rstrip("\n") for t in texts)
