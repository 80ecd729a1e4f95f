"""Amounts in Vietnamese words, as decisions and payment orders print them
("Bằng chữ: Ba trăm triệu đồng").

Reading rules: a zero tens digit before a unit reads "linh" (một trăm linh năm); 1 after
twenty and above reads "mốt", 5 after ten and above reads "lăm"; a group of three digits
after the first non-zero one is read in full (một triệu không trăm linh năm); groups that
are all zeros are skipped (một triệu năm trăm); "tỷ" repeats for larger numbers
(một nghìn tỷ).
"""

from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
BILLION = 1_000_000_000


def _triple(n: int, full: bool) -> list[str]:
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if full or hundreds:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and (full or hundreds):
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        else:
            words.append(DIGITS[units])
    return words


def _below_billion(n: int, full: bool) -> list[str]:
    words: list[str] = []
    for value, unit in ((n // 1_000_000, "triệu"), (n // 1000 % 1000, "nghìn"), (n % 1000, "")):
        if value == 0:
            continue
        words += _triple(value, full)
        if unit:
            words.append(unit)
        full = True
    return words


def number_to_words(n: int) -> str:
    """`n` in Vietnamese words, lower case ("hai mươi mốt")."""
    if n < 0:
        return "âm " + number_to_words(-n)
    if n == 0:
        return "không"
    if n >= BILLION:
        high, low = divmod(n, BILLION)
        words = [number_to_words(high), "tỷ"]
        if low:
            words += _below_billion(low, full=True)
        return " ".join(words)
    return " ".join(_below_billion(n, full=False))


def amount_in_words(vnd: int) -> str:
    """An amount of đồng as a document writes it: "Ba trăm triệu đồng"."""
    text = number_to_words(vnd)
    return f"{text[0].upper()}{text[1:]} đồng"
