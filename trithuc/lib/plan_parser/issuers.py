"""Issuers under one name: abbreviations expanded, one tone placement.

The same committee is printed "UBND tỉnh Cao Bằng", "Ủy ban nhân dân tỉnh Cao Bằng" and
"Uỷ ban nhân dân tỉnh Cao Bằng"; a department "Sở KH&CN" or "Sở Khoa học và Công
nghệ". `full_name` gives every one of these one spelling, so that two plans of the same
body match; the parser keeps the printed form beside it.
"""

from __future__ import annotations

import re
import unicodedata

from .normalize import match_key

# Whole-word abbreviations of bodies, matched on the upper-cased token.
_BODIES = {
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "BTV": "Ban Thường vụ",
    "BTVTU": "Ban Thường vụ Tỉnh ủy",
    "BCH": "Ban Chấp hành",
    "MTTQ": "Mặt trận Tổ quốc",
    "UBMTTQ": "Ủy ban Mặt trận Tổ quốc",
    "LHH": "Liên hiệp các Hội khoa học và kỹ thuật",
    "TTCP": "Thủ tướng Chính phủ",
}
# A department's field after "Sở" (or "Phòng"), as provinces abbreviate it.
_FIELDS = {
    "NV": "Nội vụ",
    "TC": "Tài chính",
    "YT": "Y tế",
    "TP": "Tư pháp",
    "XD": "Xây dựng",
    "CT": "Công Thương",
    "GTVT": "Giao thông vận tải",
    "KH&CN": "Khoa học và Công nghệ",
    "KHCN": "Khoa học và Công nghệ",
    "KH-CN": "Khoa học và Công nghệ",
    "GD&ĐT": "Giáo dục và Đào tạo",
    "GDĐT": "Giáo dục và Đào tạo",
    "GD-ĐT": "Giáo dục và Đào tạo",
    "KH&ĐT": "Kế hoạch và Đầu tư",
    "KHĐT": "Kế hoạch và Đầu tư",
    "TT&TT": "Thông tin và Truyền thông",
    "TTTT": "Thông tin và Truyền thông",
    "TT-TT": "Thông tin và Truyền thông",
    "LĐTB&XH": "Lao động - Thương binh và Xã hội",
    "LĐ-TB&XH": "Lao động - Thương binh và Xã hội",
    "LĐTBXH": "Lao động - Thương binh và Xã hội",
    "VHTT&DL": "Văn hóa, Thể thao và Du lịch",
    "VH,TT&DL": "Văn hóa, Thể thao và Du lịch",
    "VHTTDL": "Văn hóa, Thể thao và Du lịch",
    "NN&PTNT": "Nông nghiệp và Phát triển nông thôn",
    "NNPTNT": "Nông nghiệp và Phát triển nông thôn",
    "NN&MT": "Nông nghiệp và Môi trường",
    "TN&MT": "Tài nguyên và Môi trường",
    "TNMT": "Tài nguyên và Môi trường",
    "KH&CN-ĐT": "Khoa học và Công nghệ",
}
_RETONE = re.compile(r"(?<![qQ])([oOuU])([àáảãạèéẻẽẹỳýỷỹỵ])(?![^\W\d_])")
_MOVE = {
    "à": ("̀", "a"), "á": ("́", "a"), "ả": ("̉", "a"), "ã": ("̃", "a"), "ạ": ("̣", "a"),
    "è": ("̀", "e"), "é": ("́", "e"), "ẻ": ("̉", "e"), "ẽ": ("̃", "e"), "ẹ": ("̣", "e"),
    "ỳ": ("̀", "y"), "ý": ("́", "y"), "ỷ": ("̉", "y"), "ỹ": ("̃", "y"), "ỵ": ("̣", "y"),
}  # fmt: skip


def _retone(m: re.Match[str]) -> str:
    vowel, marked = m.group(1), m.group(2)
    pair = {"o": "ae", "u": "y"}[vowel.lower()]
    tone, base = _MOVE[marked]
    if base not in pair:
        return m.group(0)
    return unicodedata.normalize("NFC", vowel + tone) + base


def one_tone_placement(text: str) -> str:
    """ "Uỷ ban" -> "Ủy ban", "hoá" -> "hóa": the mark on the first vowel of an open
    syllable, the spelling the government's own documents use now."""
    return _RETONE.sub(_retone, text)


def _expand_fields(words: list[str]) -> list[str]:
    out: list[str] = []
    for i, word in enumerate(words):
        previous = match_key(words[i - 1]) if i else ""
        key = word.upper().rstrip(",;.")
        if previous in ("sở", "phòng") and key in _FIELDS:
            out.append(_FIELDS[key] + word[len(key) :])
        else:
            out.append(word)
    return out


def full_name(printed: str) -> str:
    """The full name of an issuer printed in any of its usual forms."""
    words = printed.split()
    out: list[str] = []
    for i, word in enumerate(words):
        key = word.upper()
        if key in _BODIES:
            out.append(_BODIES[key])
            continue
        previous = match_key(words[i - 1]) if i else ""
        if i and key in ("TỈNH", "HUYỆN", "QUẬN", "XÃ", "PHƯỜNG") and previous in (
            "ubnd", "hđnd", "nhân", "dân"
        ):  # fmt: skip
            out.append(word.lower())
            continue
        out.append(word)
    return one_tone_placement(" ".join(_expand_fields(out)))


def same_issuer(a: str | None, b: str | None) -> bool:
    """Whether two printed issuers name the same body."""
    if not a or not b:
        return False
    return match_key(full_name(a)) == match_key(full_name(b))
