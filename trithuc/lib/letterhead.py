"""The header blocks of an administrative document: which format (State, Decree
30/2020/NĐ-CP; Party, Hướng dẫn 36-HD/VPTW) a plan's issuer uses, the issuer block,
the number line and the place-and-date line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from trithuc.lib.text import fold

PARTY_WORDS = ("tinh uy", "thanh uy", "huyen uy", "dang uy", "ban chap hanh", "ban thuong vu",
               "dang cong san")  # fmt: skip
STOP_WORDS = {"va", "cua", "the", "tinh", "thanh", "pho"}


def style_for(issuer: str) -> str:
    """ "party" for a Party committee or its boards, "state" otherwise."""
    folded = fold(issuer or "")
    return "party" if any(word in folded for word in PARTY_WORDS) else "state"


@dataclass
class Letterhead:
    style: str
    superior: str  # the line above the issuer (not bold), may be empty
    issuer: str  # bold
    number_line: str
    place_date: str
    national: tuple[str, ...]


def abbreviation(issuer: str) -> str:
    """The issuer's letters in a document symbol: Sở Nội vụ → SNV, UBND tỉnh → UBND."""
    folded = fold(issuer)
    if folded.startswith(("uy ban nhan dan", "ubnd")):
        return "UBND"
    if _committee(folded):
        return "TU"
    words = [w for w in folded.split() if w not in STOP_WORDS]
    return "".join(w[0] for w in words).upper()[:8] or "BC"


def _committee(folded: str) -> bool:
    """The provincial Party committee itself (or its standing committee / executive
    committee, which sign in its name)."""
    for prefix in ("ban thuong vu ", "ban chap hanh dang bo ", "ban chap hanh "):
        if folded.startswith(prefix):
            folded = folded[len(prefix) :]
    return folded.startswith(("tinh uy", "thanh uy"))


def _blocks(issuer: str, province_name: str, style: str) -> tuple[str, str]:
    folded = fold(issuer)
    if style == "party":
        if _committee(folded):
            return "", f"TỈNH ỦY {province_name.upper()}" if province_name else issuer.upper()
        return f"TỈNH ỦY {province_name.upper()}", issuer.replace(
            f" Tỉnh ủy {province_name}", ""
        ).upper()
    if folded.startswith(("uy ban nhan dan", "ubnd")):
        return "ỦY BAN NHÂN DÂN", f"TỈNH {province_name.upper()}" if province_name else ""
    return f"UBND TỈNH {province_name.upper()}" if province_name else "", issuer.upper()


def date_words(place: str, day: dt.date | None) -> str:
    if day is None:
        return f"{place}, ngày      tháng      năm {dt.date.today().year}"  # noqa: DTZ011
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def letterhead(*, issuer: str, province_name: str, style: str, number: str, place: str,
               signed_on: dt.date | None) -> Letterhead:  # fmt: skip
    superior, name = _blocks(issuer, province_name, style)
    symbol = abbreviation(issuer)
    shown = number.strip() or "      "
    if style == "party":
        number_line = f"Số {shown}-BC/{symbol}"
        national: tuple[str, ...] = ("ĐẢNG CỘNG SẢN VIỆT NAM",)
    else:
        number_line = f"Số: {shown}/BC-{symbol}"
        national = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
    return Letterhead(style, superior, name, number_line, date_words(place, signed_on), national)
