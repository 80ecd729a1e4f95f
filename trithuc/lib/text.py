"""Vietnamese text helpers: NFC storage, case- and diacritic-insensitive folding, sort keys.

Every comparison and search in trithuc goes through `fold`, and every Vietnamese-order
sort through `sort_key`, so that the rules live in one place.
"""

import functools
import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Old-style tone placement ("hoà", "uỷ") and new-style ("hòa", "ủy") must compare equal;
# folding strips tones altogether, so only `normalize_tone_placement` needs a table.
_OLD_TO_NEW_TONE = {
    "oà": "òa",
    "oá": "óa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oè": "òe",
    "oé": "óe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uỳ": "ùy",
    "uý": "úy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}
_TONE_RE = re.compile("|".join(sorted(_OLD_TO_NEW_TONE, key=len, reverse=True)), re.IGNORECASE)


def nfc(value: str) -> str:
    """Unicode NFC with runs of white space collapsed and ends trimmed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def fold(value: str) -> str:
    """Lower case, no diacritics, 'đ' as 'd', single spaces: the key for matching."""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "d"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped.casefold()).strip()


def fold_alnum(value: str) -> str:
    """`fold`, with every run of punctuation treated as one space (for headers, labels)."""
    return _SPACES.sub(" ", re.sub(r"[^0-9a-z]+", " ", fold(value))).strip()


def normalize_tone_placement(value: str) -> str:
    """Move tone marks to the 'new style' vowel ("hoá" -> "hóa", "uỷ" -> "ủy")."""

    def repl(match: re.Match[str]) -> str:
        found = match.group(0)
        new = _OLD_TO_NEW_TONE[found.lower()]
        return (
            new.upper()
            if found.isupper()
            else (new[0].upper() + new[1:] if found[0].isupper() else new)
        )

    return _TONE_RE.sub(repl, unicodedata.normalize("NFC", value))


# Vietnamese alphabet order; tones sort after letters in dictionary order:
# ngang, huyền, hỏi, ngã, sắc, nặng.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_BASE_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter


def _letter_and_tone(char: str) -> tuple[str, int]:
    decomposed = unicodedata.normalize("NFD", char)
    tone = 0
    base = ""
    for part in decomposed:
        if part in _TONES:
            tone = _TONES[part]
        else:
            base += part
    return unicodedata.normalize("NFC", base), tone


def sort_key(value: str) -> str:
    """An ASCII key whose plain byte order is Vietnamese alphabetical order.

    Letters compare first (a < ă < â < b … d < đ …), then tones, as in a dictionary.
    Stored in an indexed column so that databases without a Vietnamese collation sort
    correctly with an ordinary ORDER BY.
    """
    parts = [_word_key(word) for word in nfc(value).lower().split(" ")]
    return "A".join(primary for primary, _ in parts) + "0" + "".join(tones for _, tones in parts)


@functools.lru_cache(maxsize=65536)
def _word_key(word: str) -> tuple[str, str]:
    """(letters, tones) of one word: names repeat, so each word is worked out once."""
    primary: list[str] = []
    secondary: list[str] = []
    for char in word:
        letter, tone = _letter_and_tone(char)
        position = _ALPHABET.find(letter)
        if position >= 0:
            primary.append(chr(ord("B") + position))
            secondary.append(str(tone))
        elif letter.isdigit():
            primary.append("1" + letter)
    return "".join(primary), "".join(secondary)


def given_name_sort_key(full_name: str) -> str:
    """Vietnamese lists sort by given name (the last word) first, then the full name."""
    words = nfc(full_name).split(" ")
    return sort_key(words[-1]) + "A" + sort_key(full_name)
