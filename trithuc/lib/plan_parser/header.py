"""Header, title and preamble: issuer, number, date, place, title, implemented documents.

Layouts seen in practice: the State two-column header ("ỦY BAN NHÂN DÂN | CỘNG HÒA ..."),
flattened by legal-document websites with "|" or spaces; the Party header ("TỈNH ỦY X"
and "ĐẢNG CỘNG SẢN VIỆT NAM"); no header at all (the text starts at "KẾ HOẠCH"). A date
can be split over two lines, a title in the middle of a word, and a website may print a
list of related documents above the document: those are not what the plan implements.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

from .codes import find_codes
from .issuers import full_name
from .normalize import is_upper_text, match_key

_TITLE_RE = re.compile(
    r"^#*\s*(KẾ HOẠCH|CHƯƠNG TRÌNH HÀNH ĐỘNG|CHƯƠNG TRÌNH|KẾ HOẠCH HÀNH ĐỘNG)(?![^\W\d_])"
)
_TITLE_KEYS = ("kế hoạch", "chương trình hành động", "chương trình")
_PREAMBLE_OPENERS = re.compile(
    r"^(Thực hiện|Căn cứ|Triển khai|Để|Nhằm|Trên cơ sở|Qua|Theo|Sau khi|Tiếp tục|Xét)\b"
)
# "Số", or "SỐ" opening a line or a cell of a header printed in capitals; a lower-case
# "số" or a "SỐ" inside a title ("THỰC HIỆN KẾT LUẬN SỐ 52-KL/TW") cites another document.
_NUMBER_RE = re.compile(r"(?:(?<![\w])Số|(?:^|\|\s*)SỐ)\s*:?\s*(\d[^|]*)")
_DATE_RE = re.compile(
    r",?\s*ngày[\s|]+(\d{1,2})[\s|]+tháng[\s|]+(\d{1,2})[\s|]+năm[\s|]+(\d{4})"
    r"|,\s*ngày\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"
)
_MOTTO = re.compile(
    r"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM|"
    r"ĐẢNG CỘNG SẢN VIỆT NAM|Độc lập\s*-\s*Tự do\s*-\s*Hạnh phúc",
    re.IGNORECASE,
)
_SUBJECT_RE = re.compile(
    r"(?:^|[,;.)]\s*)([^,;.()]{2,120}?)\s+(?:xây dựng|ban hành|đề ra|triển khai|thống nhất ban hành)"
    r"\s+(?:kế hoạch|chương trình)"
)
_ISSUER_HEADS = (
    "ban thường vụ", "ban chấp hành", "ủy ban nhân dân", "ubnd", "hội đồng nhân dân",
    "tỉnh ủy", "thành ủy", "huyện ủy", "quận ủy", "thị ủy", "đảng ủy", "ban ", "sở ",
    "ban cán sự", "đảng đoàn", "văn phòng", "liên hiệp", "hội ", "trường", "bộ ",
    "btv", "bch", "hđnd", "thủ tướng", "chính phủ",
)  # fmt: skip
_NEEDS_PLACE = re.compile(
    r"(?:^|\s)(tỉnh|thành phố|huyện|quận|thị xã|tỉnh ủy|thành ủy|huyện ủy|quận ủy|thị ủy|"
    r"ủy ban nhân dân|hội đồng nhân dân|ban thường vụ)$"
)
_CASE_WORDS = {
    "ỦY BAN NHÂN DÂN": "Ủy ban nhân dân", "UỶ BAN NHÂN DÂN": "Uỷ ban nhân dân",
    "HỘI ĐỒNG NHÂN DÂN": "Hội đồng nhân dân", "BAN THƯỜNG VỤ": "Ban Thường vụ",
    "BAN CHẤP HÀNH": "Ban Chấp hành", "ĐẢNG BỘ": "Đảng bộ", "TỈNH ỦY": "Tỉnh ủy",
    "TỈNH UỶ": "Tỉnh uỷ", "THÀNH ỦY": "Thành ủy", "THÀNH UỶ": "Thành uỷ",
    "HUYỆN ỦY": "Huyện ủy", "HUYỆN UỶ": "Huyện uỷ", "QUẬN ỦY": "Quận ủy", "THỊ ỦY": "Thị ủy",
    "ĐẢNG ỦY": "Đảng ủy", "ĐẢNG UỶ": "Đảng uỷ", "THÀNH PHỐ": "thành phố", "TỈNH": "tỉnh",
    "HUYỆN": "huyện", "QUẬN": "quận", "THỊ XÃ": "thị xã", "SỞ": "Sở", "BAN": "Ban",
    "VÀ": "và", "UBND": "UBND", "HĐND": "HĐND", "TRUNG ƯƠNG": "Trung ương", "PHÒNG": "Phòng", "TRUNG TÂM": "Trung tâm", "CỤC": "Cục", "CHI CỤC": "Chi cục",
    "VĂN PHÒNG": "Văn phòng", "LIÊN HIỆP": "Liên hiệp", "LIÊN HIỆP CÁC HỘI": "Liên hiệp các Hội",
}  # fmt: skip
_LEVELS = (
    ("thủ tướng chính phủ", "prime_minister"),
    ("chính phủ", "government"),
    ("bộ chính trị", "politburo"),
    ("ban bí thư", "party_secretariat"),
    ("ban chấp hành trung ương", "party_central_committee"),
    ("ban thường vụ tỉnh ủy", "party_committee_province"),
    ("ban thường vụ thành ủy", "party_committee_city"),
    ("ban thường vụ huyện ủy", "party_committee_district"),
    ("tỉnh ủy", "party_committee_province"),
    ("thành ủy", "party_committee_city"),
    ("huyện ủy", "party_committee_district"),
    ("quận ủy", "party_committee_district"),
    ("thị ủy", "party_committee_district"),
    ("ủy ban nhân dân tỉnh", "people_committee_province"),
    ("ubnd tỉnh", "people_committee_province"),
    ("ủy ban nhân dân thành phố", "people_committee_city"),
    ("ủy ban nhân dân huyện", "people_committee_district"),
    ("ủy ban nhân dân quận", "people_committee_district"),
    ("ủy ban nhân dân thị xã", "people_committee_district"),
    ("hội đồng nhân dân", "people_council"),
    ("sở ", "department"),
    ("đảng ủy", "party_committee"),
)


@dataclass
class Header:
    title: str | None = None
    title_lines: list[int] | None = None
    number: str | None = None
    number_as_printed: str | None = None
    number_lines: list[int] | None = None
    date: str | None = None
    date_lines: list[int] | None = None
    place: str | None = None
    issuer: str | None = None
    issuer_as_printed: str | None = None
    issuer_inferred: bool = False
    issuer_lines: list[int] | None = None
    issuer_level: str | None = None
    implements: list[str] = field(default_factory=list)
    implements_lines: dict[str, list[int]] = field(default_factory=dict)
    preamble_lines: list[int] | None = None
    # The decision a plan is issued with ("Ban hành kèm theo Quyết định số ...").
    issued_with: dict | None = None
    issued_with_lines: list[int] | None = None


def find_title(lines: list[str], stop: int) -> int | None:
    """Index of the title line ("KẾ HOẠCH") among lines[:stop], or None."""
    for i in range(stop):
        if _TITLE_RE.match(lines[i]):
            return i
    for i in range(stop):
        if match_key(lines[i]).strip("#* .") in _TITLE_KEYS:
            return i
    return None


def _join_title(parts: list[str]) -> str:
    """Join title lines; a word split across lines ("TRÍ TH" / "ỨC") is glued back."""
    text = ""
    for part in parts:
        if not text:
            text = part
            continue
        last = text.split()[-1] if text.split() else ""
        first = part.split()[0] if part.split() else ""
        if text.endswith(("-", "/")) or _no_vowel(last) or _no_vowel(first) or last.upper() == "QU":
            text += part
        else:
            text += " " + part
    return text


_VOWELS = set("aăâeêioôơuưyAĂÂEÊIOÔƠUƯY")


def _no_vowel(token: str) -> bool:
    import unicodedata

    base = unicodedata.normalize("NFD", token)
    letters = [c for c in base if c.isalpha()]
    return bool(letters) and not any(c in _VOWELS for c in letters)


def parse_header(lines: list[str], body_start: int) -> Header:
    """Everything above the first section (lines[:body_start], 0-based)."""
    header = Header()
    title_at = find_title(lines, body_start)
    head_end = title_at if title_at is not None else _untitled_preamble(lines, body_start)
    preamble_start = head_end
    if title_at is not None:
        parts = [lines[title_at].lstrip("# ")]
        j = title_at + 1
        while j < body_start:
            line = lines[j]
            if not line:
                j += 1
                continue
            if _PREAMBLE_OPENERS.match(line) and _opens_preamble(lines, j, body_start):
                break
            lower_start = line[:1].isalpha() and line[:1].islower()
            if lower_start and len(line) <= 500 and len(parts) < 8:
                parts.append(line)
                j += 1
                continue
            if (
                line.endswith(":")
                or len(line) > 300
                or len(parts) >= 8
                or (not is_upper_text(line) and len(line) > 200)
            ):
                break
            parts.append(line)
            j += 1
        header.title = _join_title(parts)
        header.title_lines = [title_at + 1, j]
        preamble_start = j
    _parse_number_and_date(lines, head_end, title_at, header)
    issuer_block = _header_issuer(lines[:head_end])
    preamble = [(i, lines[i]) for i in range(preamble_start, body_start) if lines[i]]
    if preamble:
        header.preamble_lines = [preamble[0][0] + 1, preamble[-1][0] + 1]
    _issued_with(header, preamble, lines)
    if header.issued_with and header.date is None and header.issued_with["date"]:
        header.date = header.issued_with["date"]
        header.date_lines = header.issued_with_lines
    _implements(header, preamble, lines)
    _issuer(header, preamble, issuer_block, lines)
    return header


def _untitled_preamble(lines: list[str], stop: int) -> int:
    """Where the preamble of a document printed without a title line starts: the first
    "Thực hiện ..." sentence after the header (a plan whose opening only was received);
    `stop` when there is none."""
    for i in range(stop):
        if lines[i] and _PREAMBLE_OPENERS.match(lines[i]) and _opens_preamble(lines, i, stop):
            return i
    return stop


_ISSUED_WITH = re.compile(
    r"\(?\s*(?:được\s+)?(?:ban hành\s+)?kèm theo\s+(quyết định|nghị quyết|chỉ thị)\s+(?:số\s*:?\s*)?"
)
_DECISION_KINDS = ("QĐ", "NQ", "CT", "NQ-HĐND")
_OF_BODY = re.compile(r"^[^()]*?\bcủa\s+([^()]+?)\s*(?:\)|$|\s+về\s|\s+v/v\s|;)")


def _issued_with(h: Header, preamble: list[tuple[int, str]], lines: list[str]) -> None:
    """ "(Ban hành kèm theo Quyết định số 142/QĐ-TTg ngày 21 tháng 01 năm 2020 của Thủ
    tướng Chính phủ)": the decision that issues the plan; the plan has its date and its
    issuer, and is cited by that decision's number. Searched in the title and the
    preamble, joined, since websites wrap the line anywhere."""
    parts: list[tuple[int, str]] = []
    if h.title_lines:
        parts += [(i, lines[i]) for i in range(h.title_lines[0] - 1, h.title_lines[1]) if lines[i]]
    parts += preamble
    text, starts = _joined(parts)
    key = match_key(text)
    for m in _ISSUED_WITH.finditer(key):
        codes = find_codes(text[m.end() : m.end() + 40])
        if not codes or codes[0].start != 0 or codes[0].kind not in _DECISION_KINDS:
            continue
        rest = text[m.end() + codes[0].end : m.end() + codes[0].end + 300]
        close = rest.find(")")
        rest = rest[: close if close >= 0 else len(rest)]
        date_m = _DATE_RE.search(" " + rest) or _DATE_RE.search(", " + rest.lstrip(" ,"))
        date = None
        if date_m:
            day, month, year = date_m.group(1, 2, 3) if date_m.group(1) else date_m.group(4, 5, 6)
            try:
                date = datetime.date(int(year), int(month), int(day)).isoformat()
            except ValueError:
                date = None
        body = _OF_BODY.search(rest + ")")
        printed = body.group(1).strip(" ,.") if body else None
        first = _line_at(starts, m.start())
        h.issued_with = {"number": codes[0].code, "date": date, "issuer_as_printed": printed,
                         "issuer": full_name(printed) if printed else None}  # fmt: skip
        h.issued_with_lines = [first + 1, _line_at(starts, m.end() + codes[0].end + close) + 1]
        if h.number == codes[0].code:
            # The header above the plan is the decision's: its number is not the plan's.
            h.number = h.number_as_printed = h.number_lines = None
        if h.title:
            h.title = _KEM_THEO.sub("", h.title).strip() or h.title
        return


def _parse_number_and_date(
    lines: list[str], head_end: int, title_at: int | None, h: Header
) -> None:
    # The number and date sit in the header; some layouts print them just under the title.
    zone = list(range(head_end))
    if title_at is not None:
        zone += list(range(title_at + 1, min(title_at + 4, len(lines))))
    for i in zone:
        m = _NUMBER_RE.search(lines[i])
        if m:
            codes = find_codes(m.group(1))
            if codes and codes[0].start == 0:
                h.number = codes[0].code
                printed = lines[i][m.start() : m.start(1) + codes[0].end]
                h.number_as_printed = printed.strip().lstrip("| ")
                h.number_lines = [i + 1, i + 1]
                break
    for i in zone:
        if "ngày" not in lines[i]:
            continue
        window = " ".join(lines[i : i + 3])
        m = _DATE_RE.search(window)
        end_line = _line_of_offset(lines, i, m.end()) if m else None
        if (not m or m.start() > len(lines[i])) and "|" in lines[i]:
            # A flattened two-column header continues the date in the right-hand cell of
            # the next row ("* | Cao Bằng, ngày 12 tháng 3" / "Số 77-CTR/TU | năm 2024").
            window, ends = _right_column(lines, i)
            m = _DATE_RE.search(window)
            end_line = next((k + 1 for k, end in ends if m and m.end() <= end), None)
            if m and m.start() > ends[0][1]:
                continue
        if not m or m.start() > len(lines[i]):
            continue
        place = _place_before(window[: m.start()])
        # Outside the header a date is a cited document's ("45-NQ/TW, ngày 24/11/2023"):
        # the document's own date is introduced by its place.
        if place is None and (title_at is None or i > title_at):
            continue
        day, month, year = m.group(1, 2, 3) if m.group(1) else m.group(4, 5, 6)
        try:
            h.date = datetime.date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            continue
        h.date_lines = [i + 1, end_line or i + 1]
        h.place = place
        break


def _right_column(lines: list[str], first: int) -> tuple[str, list[tuple[int, int]]]:
    """The right-hand cells of up to three header rows from `first`, joined, with the end
    offset of each row's part; a row without "|" counts whole (a wrapped cell)."""
    parts: list[str] = []
    ends: list[tuple[int, int]] = []
    offset = 0
    for k in range(first, min(first + 3, len(lines))):
        cell = lines[k].split("|", 1)[1].strip() if "|" in lines[k] else lines[k]
        parts.append(cell)
        offset += len(cell) + (1 if len(parts) > 1 else 0)
        ends.append((k, offset))
    return " ".join(parts), ends


def _opens_preamble(lines: list[str], start: int, stop: int) -> bool:
    """Whether the line at `start` ("Thực hiện ...") opens the preamble or is a title line.

    The preamble is a sentence, often wrapped over several lines, that ends with "như
    sau:" or ";"; a title line ("Thực hiện công tác trí thức năm 2025") is short and
    has no final punctuation.
    """
    text = lines[start]
    k = start + 1
    while (
        k < stop
        and k - start < 8
        and lines[k]
        and not text.endswith((".", ";", ":"))
        and not _PREAMBLE_OPENERS.match(lines[k])
    ):
        text += " " + lines[k]
        k += 1
    return len(text) > 160 or text.endswith((";", ":", ",", "."))


def _line_of_offset(lines: list[str], first: int, offset: int) -> int:
    consumed = 0
    for k in range(first, min(first + 3, len(lines))):
        consumed += len(lines[k]) + 1
        if offset <= consumed:
            return k + 1
    return first + 1


def _place_before(text: str) -> str | None:
    tokens = re.split(r"[\s|]+", text.rstrip(" ,"))
    place: list[str] = []
    for tok in reversed(tokens):
        if tok and tok[0].isupper() and (tok[1:].islower() or len(tok) == 1) and tok.isalpha():
            place.insert(0, tok)
            if len(place) == 4:
                break
        else:
            break
    return " ".join(place) or None


_BODY_WORDS = re.compile(
    r"^(?:ỦY BAN|UỶ BAN|UBND|HỘI ĐỒNG|TỈNH ỦY|TỈNH UỶ|THÀNH ỦY|THÀNH UỶ|HUYỆN ỦY|HUYỆN UỶ|"
    r"QUẬN ỦY|THỊ ỦY|ĐẢNG ỦY|ĐẢNG UỶ|ĐẢNG BỘ|BAN |SỞ |BỘ |PHÒNG |TRUNG TÂM|LIÊN HIỆP|HỘI |"
    r"TRƯỜNG|VĂN PHÒNG|CHI BỘ|ĐOÀN |TỈNH |THÀNH PHỐ |HUYỆN |QUẬN |THỊ XÃ )"
)


def _header_issuer(head: list[str]) -> str | None:
    """The issuing body printed in the header's left column, in sentence case.

    It is the first block of upper-case lines naming a body ("ỦY BAN NHÂN DÂN" /
    "TỈNH LÂM ĐỒNG", "TỈNH ỦY CAO BẰNG" / "HUYỆN ỦY BẢO LÂM"); further down, upper-case
    lines are titles or signatures ("CHỦ TỊCH") of documents printed before the plan.
    """
    left: list[str] = []
    for line in head:
        cell = line.split("|")[0] if "|" in line else line
        cell = _MOTTO.sub("", cell).strip(" *-_–")
        if not cell:
            continue
        if is_upper_text(cell) and _BODY_WORDS.match(cell) and "ngày" not in cell:
            left.append(cell)
        elif left:
            break
    if not left:
        return None
    # "ĐẢNG BỘ TỈNH X" above "TỈNH ỦY" names the parent organisation and the place.
    place = None
    if len(left) > 1 and left[0].startswith("ĐẢNG BỘ"):
        place = left[0].split(" ", 3)[-1] if left[0].count(" ") >= 3 else None
        left = left[1:]
    text = " ".join(left[-2:]) if len(left) >= 2 and _is_level_only(left[-1]) else left[-1]
    if place and not re.search(r"\s[A-ZĐ]\S*$", text.replace("ỦY", "").replace("UỶ", "")):
        text = f"{text} {place}"
    return _sentence_case(text)


def _is_level_only(line: str) -> bool:
    return bool(re.match(r"^(TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ)\s", line))


# After these words an agency's field follows ("SỞ KHOA HỌC VÀ CÔNG NGHỆ" -> "Sở Khoa học
# và Công nghệ"): each part of the field starts with a capital. Elsewhere capitals name a
# place, where every syllable starts with a capital ("TỈNH LÂM ĐỒNG" -> "tỉnh Lâm Đồng").
_FIELD_NOUNS = {
    "SỞ", "BAN", "PHÒNG", "TRUNG TÂM", "CỤC", "CHI CỤC", "VĂN PHÒNG", "LIÊN HIỆP", "LIÊN HIỆP CÁC HỘI",
}  # fmt: skip


def _sentence_case(text: str) -> str:
    words = text.split()
    out: list[str] = []
    mode = "place"
    i = 0
    while i < len(words):
        for n in (4, 3, 2, 1):
            chunk = " ".join(words[i : i + n])
            if n <= len(words) - i and chunk in _CASE_WORDS:
                out.append(_CASE_WORDS[chunk])
                mode = (
                    "field_start" if chunk in _FIELD_NOUNS else ("place" if chunk != "VÀ" else mode)
                )
                if chunk == "VÀ" and mode.startswith("field"):
                    mode = "field_start"
                i += n
                break
        else:
            word = words[i]
            if not word.isupper() or "&" in word or _no_vowel(word):
                # An abbreviation ("KH&CN", "UBND") is printed as it is.
                out.append(word)
            elif mode == "field":
                out.append(word.lower())
            else:
                out.append(word[0] + word[1:].lower())
                if mode == "field_start":
                    mode = "field"
            if word.endswith((",", "-")) or word == "-":
                mode = "field_start" if mode == "field" else mode
            i += 1
    return " ".join(out)


_KEM_THEO = re.compile(r"\((?:ban hành )?kèm theo[^)]*\)", re.IGNORECASE)


def _joined(preamble: list[tuple[int, str]]) -> tuple[str, list[tuple[int, int]]]:
    """The preamble's lines as one text, and (offset, line index) of each line in it."""
    parts: list[str] = []
    starts: list[tuple[int, int]] = []
    offset = 0
    for i, line in preamble:
        starts.append((offset, i))
        parts.append(line)
        offset += len(line) + 1
    return " ".join(parts), starts


def _line_at(starts: list[tuple[int, int]], offset: int) -> int:
    index = 0
    for start, i in starts:
        if start > offset:
            break
        index = i
    return index


# Documents a plan can carry out; letters ("Công văn số 12/UBND-NC", "Văn bản số
# 45/SNV-CCVC", reports, submissions) ask, answer or propose, and are not carried out.
_IMPLEMENTABLE = {
    "NQ", "KL", "CT", "CTr", "KH", "QĐ", "TB", "HD", "NĐ", "TT", "TTLT", "QC", "QyĐ", "ĐA",
    "CĐ", "L", "QH", "NQLT", "KHLT", "NQ-HĐND", "KH-UBND",
}  # fmt: skip
# A proposal ("Xét đề nghị của Sở Nội vụ tại Tờ trình số ...", "Theo đề xuất của ..."):
# what follows it in the clause is the letter that proposed the plan.
_PROPOSAL = re.compile(
    r"(?:^|\s)(?:xét|theo|trên cơ sở|căn cứ)?\s*(?:đề nghị|đề xuất|tờ trình)(?![^\W\d_])"
)
_LETTER_BEFORE = re.compile(
    r"(?:văn bản|công văn|tờ trình|báo cáo|thông báo kết luận)\s+(?:số\s*:?\s*)?$"
)


def _implements(h: Header, preamble: list[tuple[int, str]], lines: list[str]) -> None:
    own = h.number
    issued_with = h.issued_with["number"] if h.issued_with else None
    sources: list[tuple[int, str, bool]] = []
    if h.title and h.title_lines:
        # Line by line first, so that each code points at its own line; then the joined
        # title, for a code split over two lines.
        for i in range(h.title_lines[0] - 1, h.title_lines[1]):
            sources.append((i, _KEM_THEO.sub("", lines[i]), False))
        sources.append((h.title_lines[0] - 1, _KEM_THEO.sub("", h.title), False))
    # The preamble as one text: websites wrap it anywhere, even inside a code.
    text, starts = _joined(preamble)
    offset = 0
    for clause in re.split(r"(;|\.\s+(?=[A-ZĐ]))", text):
        if clause and not re.fullmatch(r";|\.\s+", clause):
            key = match_key(clause)
            strict = key.strip().startswith("căn cứ")
            proposal = _PROPOSAL.search(key)
            kept = clause[: proposal.start()] if proposal else clause
            sources.append((_line_at(starts, offset), _KEM_THEO.sub("", kept), strict))
        offset += len(clause)
    for i, text, strict in sources:
        key = match_key(text)
        for code in find_codes(text):
            if code.code in (own, issued_with) or code.kind not in _IMPLEMENTABLE:
                continue
            if _LETTER_BEFORE.search(key[max(0, code.start - 30) : code.start]):
                continue
            # A legal basis ("Căn cứ Luật ..., Nghị định ...") is not a document the plan
            # carries out; Party and policy documents cited as a basis are.
            if strict and code.kind not in ("NQ", "KL", "CT", "CTr", "KH", "QĐ", "TB", "HD"):
                continue
            if code.code not in h.implements:
                h.implements.append(code.code)
                h.implements_lines[code.code] = [i + 1, i + 1]


def _issuer(
    h: Header,
    preamble: list[tuple[int, str]],
    header_issuer: str | None,
    lines: list[str],
) -> None:
    """Who issues the plan: the subject of the preamble ("..., Ủy ban nhân dân tỉnh ban
    hành Kế hoạch"), else the decision it is issued with, else the header's body; the
    name completed with its place and given in full, the printed form kept."""
    subject: tuple[int, str] | None = None
    text, starts = _joined(preamble)
    key = match_key(text)
    for m in _SUBJECT_RE.finditer(key):
        candidate = text[m.start(1) : m.end(1)].strip()
        ckey = key[m.start(1) : m.end(1)].strip()
        if any(ckey.startswith(head) for head in _ISSUER_HEADS):
            subject = (_line_at(starts, m.start(1)), candidate)
            break
    if h.issued_with and h.issued_with["issuer_as_printed"]:
        completed, inferred = _complete(h.issued_with["issuer_as_printed"], header_issuer, h, lines)
        h.issued_with["issuer"] = completed
        h.issuer_inferred = h.issuer_inferred or inferred
    if subject:
        printed = subject[1]
        h.issuer_lines = [subject[0] + 1, subject[0] + 1]
    elif h.issued_with and h.issued_with["issuer_as_printed"]:
        printed = h.issued_with["issuer_as_printed"]
        h.issuer_lines = h.issued_with_lines
    else:
        printed = header_issuer
    if printed is None:
        return
    issuer, inferred = _complete(printed, header_issuer, h, lines)
    h.issuer_inferred = inferred
    h.issuer = issuer
    h.issuer_as_printed = printed
    lk = match_key(issuer)
    h.issuer_level = next((lvl for prefix, lvl in _LEVELS if lk.startswith(prefix)), None)


def _complete(
    printed: str, header_issuer: str | None, h: Header, lines: list[str]
) -> tuple[str, bool]:
    """(full name, whether its place was inferred) of an issuer printed without its
    place ("Ủy ban nhân dân tỉnh", "UBND tỉnh"): the header's body when it names the
    same one, else the place of the date line, else the place the text names most."""
    issuer = full_name(printed)
    ikey = match_key(issuer)
    if not _NEEDS_PLACE.search(ikey):
        return issuer, False
    if header_issuer:
        header_full = full_name(header_issuer)
        if match_key(header_full).startswith(ikey) and len(header_full) > len(issuer):
            return header_full, False
    if h.place:
        return f"{issuer} {h.place}", False
    place = _infer_place(lines)
    if place:
        return f"{issuer} {place}", True
    return issuer, False


_PLACE_LEVEL = re.compile(
    r"(?:^|\s)(?:tỉnh|thành phố|huyện|quận|thị xã|tỉnh ủy|thành ủy|huyện ủy)\s"
)


def _infer_place(lines: list[str]) -> str | None:
    """The place a plan names most often ("tỉnh Lâm Đồng"), for an issuer printed without it."""
    counts: Counter[str] = Counter()
    for line in lines:
        key = match_key(line)
        for m in _PLACE_LEVEL.finditer(key):
            words: list[str] = []
            for tok in line[m.end() :].split()[:4]:
                word = tok.rstrip(",.;:)")
                if not (word[:1].isupper() and word.isalpha() and word[1:].islower()):
                    break
                words.append(word)
                if word != tok:
                    break
            if words and words[0] not in ("Ủy", "Uỷ", "Đảng"):
                counts[" ".join(words)] += 1
    if not counts:
        return None
    return counts.most_common(1)[0][0]
