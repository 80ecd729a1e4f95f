"""Text clean-up and matching keys.

Every rule in the parser matches against a *key*: the cleaned line lower-cased with one
tone-mark placement, of exactly the same length as the cleaned line. Outputs are then
sliced from the cleaned line at the same offsets, so they keep the document's spelling
("Thành uỷ" stays "Thành uỷ") while the rules only need one spelling ("thành ủy").
"""

from __future__ import annotations

import re
import unicodedata

# Characters that only come from conversion (web pages, PDF, Word) and carry no text.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACE_LIKE = re.compile(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_MULTI_SPACE = re.compile(r" {2,}")
# Markdown bold/italic markers survive when plans are copied from converted documents.
_BOLD = re.compile(r"\*\*+|__+")

_TONES = "\u0300\u0301\u0309\u0303\u0323"


def _build_tone_table() -> dict[str, str]:
    """Pairs such as "oá" -> "óa", "uỷ" -> "ủy": two placements of one syllable."""
    table: dict[str, str] = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for tone in _TONES:
            old = first + unicodedata.normalize("NFC", second + tone)
            new = unicodedata.normalize("NFC", first + tone) + second
            table[old] = new
    return table


_TONE_TABLE = _build_tone_table()
# Only open syllables have two accepted placements ("hoá"/"hóa"); with a final consonant
# ("hoàn", "khuyến") the mark has one place. After "q" the "u" belongs to the consonant.
_TONE_RE = re.compile(r"(?<!q)([ou][àáảãạèéẻẽẹỳýỷỹỵ])(?![^\W\d_])")


def clean_line(raw: str) -> str:
    """NFC, invisible characters removed, one space between words, bold markers gone."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", raw))
    if "*" in text or "_" in text:
        text = _BOLD.sub("", text)
    text = _SPACE_LIKE.sub(" ", text)
    if "  " in text:
        text = _MULTI_SPACE.sub(" ", text)
    return text.strip()


def _lower_same_length(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters ("İ") grow when lower-cased; keep those as they are so that
    # offsets in the key stay valid offsets in the text.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def match_key(text: str) -> str:
    """Lower case with one tone placement; same length as `text`."""
    lowered = _lower_same_length(text)
    return _TONE_RE.sub(_retone, lowered)


def _retone(m: re.Match[str]) -> str:
    pair = m.group(1)
    return _TONE_TABLE.get(pair, pair)


def _bare_table() -> dict[int, str]:
    table = {ord("đ"): "d", ord("Đ"): "D"}
    for code in range(0xC0, 0x1EFF):
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[0]
        if base != char and base.isascii() and base.isalpha():
            table[code] = base
    return table


_BARE = _bare_table()


def bare(text: str) -> str:
    """Letters without diacritics ("thời hạn" -> "thoi han"); same length as `text`."""
    return text.translate(_BARE)


def fold_key(text: str) -> str:
    """`match_key` of a phrase written in a rule, with single spaces."""
    return match_key(clean_line(text))


_NUMBER_RE = re.compile(r"^\d{1,3}(?:\.\d{3})+$")


def parse_number(text: str) -> int | float:
    """Vietnamese number: "1,5" -> 1.5, "17.178" -> 17178, "06" -> 6."""
    text = text.strip()
    if _NUMBER_RE.match(text):
        return int(text.replace(".", ""))
    text = text.replace(",", ".")
    value = float(text)
    return int(value) if value.is_integer() else value


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_to_int(text: str) -> int | None:
    """Roman numeral (upper case, up to 39) to int; None if it is not a canonical numeral."""
    if not text or any(c not in _ROMAN for c in text):
        return None
    total = 0
    for i, c in enumerate(text):
        value = _ROMAN[c]
        if i + 1 < len(text) and _ROMAN[text[i + 1]] > value:
            total -= value
        else:
            total += value
    return total if 0 < total < 40 and int_to_roman(total) == text else None


def int_to_roman(value: int) -> str:
    parts = []
    for number, numeral in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= number:
            parts.append(numeral)
            value -= number
    return "".join(parts)


# Letters used for lettered items, in Vietnamese alphabetical order: "đ" follows "d",
# and the letters with breves or circumflexes are not used as item markers.
VI_ITEM_LETTERS = "abcdđeghiklmnopqrstuvxy"
LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def is_next_letter(previous: str | None, letter: str) -> bool:
    """Whether `letter` follows `previous` in the Vietnamese or the plain Latin order."""
    if previous is None:
        return letter == "a"
    for alphabet in (VI_ITEM_LETTERS, LATIN_LETTERS):
        i = alphabet.find(previous)
        if i >= 0 and i + 1 < len(alphabet) and alphabet[i + 1] == letter:
            return True
    return False


def strip_trailing_punct(text: str) -> str:
    return text.strip().rstrip(" .;,:").strip()


def is_upper_text(text: str) -> bool:
    """Mostly upper-case letters (a title or a header line)."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return False
    upper = sum(1 for c in letters if c.isupper())
    return upper >= 0.8 * len(letters)
