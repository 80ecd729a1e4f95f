"""The closing block: "Nơi nhận:" (recipients) and the signature.

Recipients are the "- " lines under "Nơi nhận:". A line that starts in lower case
("- đảng uỷ trực thuộc Tỉnh uỷ,") goes on with the recipient above it. Websites print the
block in two columns flattened with "|": recipients on the left, signature on the right.
The signature is the capacity lines ("T/M BAN THƯỜNG VỤ", "BÍ THƯ") and the signer's name.
"""

from __future__ import annotations

import re

from .normalize import match_key

_NOI_NHAN = re.compile(r"^nơi nhận\s*:?\s*")
_CAPACITY = re.compile(
    r"^(?:T/M|TM\.?|KT\.?|TL\.?|TUQ\.?|Q\.|K/T|T/L)\s|^(?:BÍ THƯ|PHÓ BÍ THƯ|CHỦ TỊCH|PHÓ CHỦ TỊCH|"
    r"GIÁM ĐỐC|PHÓ GIÁM ĐỐC|TRƯỞNG BAN|PHÓ TRƯỞNG BAN|CHÁNH VĂN PHÒNG|THƯỜNG TRỰC|"
    r"UỶ VIÊN|ỦY VIÊN)\b"
)
_SKIP = re.compile(r"^\(?(?:đã ký|ký|kí|đã kí)\)?[.:]?$|^\[.*\]$", re.IGNORECASE)


def find_closing_start(lines: list[str], start: int) -> int | None:
    """0-based index of the "Nơi nhận" line at or after `start`, or None."""
    for i in range(start, len(lines)):
        line = lines[i]
        if line[:4].lower() in ("nơi ", "|nơi", "*nơi", "| nơ") and _NOI_NHAN.match(
            match_key(line.lstrip("|* "))
        ):
            return i
    return None


def _is_name(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 5:
        return False
    return all(w[:1].isupper() and (w[1:].islower() or len(w) == 1) and w.isalpha() for w in words)


def parse_closing(lines: list[str], start: int, stop: int) -> dict:
    """Recipients and signer from lines[start:stop] (0-based; start is the "Nơi nhận" line)."""
    left: list[tuple[int, str]] = []
    right: list[tuple[int, str]] = []
    for i in range(start, stop):
        line = lines[i]
        if not line:
            continue
        if "|" in line:
            cells = [c.strip() for c in line.split("|")]
            if cells[0]:
                left.append((i, cells[0]))
            right += [(i, c) for c in cells[1:] if c]
        else:
            left.append((i, line))
    recipients: list[dict] = []
    signature: list[tuple[int, str]] = []
    printed = 0
    in_list = True
    for i, text in left:
        key = match_key(text)
        m = _NOI_NHAN.match(key)
        if m:
            text = text[m.end() :].strip()
            if not text:
                continue
        bullet = re.match(r"^[-–—•+*]\s*", text)
        if in_list and bullet:
            item = text[bullet.end() :].strip()
            printed += 1
            if recipients and item[:1].islower():
                recipients[-1]["text"] += " " + item
                recipients[-1]["lines"][1] = i + 1
            else:
                recipients.append({"text": item, "lines": [i + 1, i + 1]})
            continue
        if in_list and recipients and text[:1].islower():
            recipients[-1]["text"] += " " + text
            recipients[-1]["lines"][1] = i + 1
            continue
        in_list = False
        signature.append((i, text))
    signer = _signer(right + signature)
    return {
        "recipients": recipients,
        "recipients_lines": printed,
        "signer": signer,
        "lines": [start + 1, stop],
    }


def _signer(block: list[tuple[int, str]]) -> dict | None:
    capacity: list[str] = []
    name = None
    first = last = None
    for i, text in block:
        text = text.strip(" *")
        if not text or _SKIP.match(text):
            continue
        if _CAPACITY.match(text) or (text.isupper() and not name and len(text) < 60):
            capacity.append(text.rstrip(","))
            first = i if first is None else first
            last = i
        elif _is_name(text):
            name = text
            first = i if first is None else first
            last = i
    if not capacity and not name:
        return None
    return {
        "capacity": ", ".join(capacity) or None,
        "name": name,
        "lines": [first + 1, last + 1],
    }


def signature_without_recipients(lines: list[str], start: int, stop: int) -> dict | None:
    """A signature block at the end of a plan that prints no "Nơi nhận"."""
    block = [(i, lines[i]) for i in range(start, stop) if lines[i]]
    tail = block[-6:]
    if not any(_CAPACITY.match(t.strip(" *")) for _, t in tail):
        return None
    cut = next(k for k, (_, t) in enumerate(tail) if _CAPACITY.match(t.strip(" *")))
    return _signer(tail[cut:])
