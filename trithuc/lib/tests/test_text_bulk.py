"""Vietnamese sort keys (cached per word) and bulk-write value conversion."""

import datetime as dt
import unicodedata
import uuid

from trithuc.lib import text
from trithuc.lib.bulk import _converted
from trithuc.lib.text import given_name_sort_key, nfc, sort_key


def reference_sort_key(value: str) -> str:
    """The key as first written: one pass over every character of the whole name."""
    primary: list[str] = []
    secondary: list[str] = []
    for char in nfc(value).lower():
        letter, tone = text._letter_and_tone(char)
        position = text._ALPHABET.find(letter)
        if position >= 0:
            primary.append(chr(ord("B") + position))
            secondary.append(str(tone))
        elif letter.isdigit():
            primary.append("1" + letter)
        elif letter == " ":
            primary.append("A")
    return "".join(primary) + "0" + "".join(secondary)


NAMES = [
    "Nguyễn Văn An", "Đặng Thị Đào", "Lương  Thị Bích", " Hà Anh ", "H'Hen Niê",
    "Nguyễn Văn 2", "Trần-Thị Ngọc", "ĐINH\tTHỊ Ánh", "", "a", unicodedata.normalize("NFD", "Hoàng"),
]  # fmt: skip


def test_cached_word_keys_equal_the_whole_name_key():
    for name in NAMES:
        assert sort_key(name) == reference_sort_key(name), name


def test_vietnamese_order():
    names = ["Bích", "Ánh", "An", "Anh", "Đào", "Dung", "Ăn", "Ân"]
    assert sorted(names, key=sort_key) == ["An", "Anh", "Ánh", "Ăn", "Ân", "Bích", "Dung", "Đào"]
    assert given_name_sort_key("Trần Văn An") < given_name_sort_key("Nguyễn Văn Bình")


def test_convert_touches_only_columns_with_a_converter():
    row = ("a", None, dt.date(2026, 1, 2), 3)
    converters = [None, str, lambda value: value.isoformat(), None]
    assert [list(r) for r in _converted([row], converters)] == [["a", None, "2026-01-02", 3]]
    rows = [row]
    assert _converted(rows, [None] * 4) is rows
    value = uuid.UUID(int=5)
    assert [list(r) for r in _converted([[value]], [lambda v: v.hex])] == [[value.hex]]
