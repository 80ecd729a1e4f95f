"""Legacy Vietnamese encodings (TCVN3, VNI): tables, conversion and conservative detection."""

import ast
import itertools
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from trithuc.lib import legacy_encoding
from trithuc.lib.legacy_encoding import (
    TCVN3,
    TCVN3_TABLE,
    VNI,
    VNI_TABLE,
    convert_legacy,
    detect_legacy_encoding,
    fix_legacy_text,
)

TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
SMALL = [
    letter
    for letter in [unicodedata.normalize("NFC", b + t) for b in "aăâeêioôơuưy" for t in TONES]
    + ["đ"]
    if not letter.isascii()
]
CAPITAL = [letter.upper() for letter in SMALL]
LETTERS = SMALL + CAPITAL
TCVN3_CAPITALS = set("ĂÂÊÔƠƯĐ")  # the only capitals of the ".VnTime" fonts

TCVN3_ENCODE = {letter: code for code, letter in TCVN3_TABLE.items()}
VNI_ENCODE = {letter: code for code, letter in VNI_TABLE.items()}


def to_tcvn3(text: str, *, h_font: bool = False) -> str:
    """Encode like a ".VnTime" user; with `h_font`, capitals as the ".VnTimeH" small codes."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in TCVN3_ENCODE:
            out.append(TCVN3_ENCODE[ch])
        elif h_font and ch.lower() in TCVN3_ENCODE:
            out.append(TCVN3_ENCODE[ch.lower()])
        elif ch.isascii():
            out.append(ch)
        else:
            raise ValueError(f"{ch!r} is not representable in TCVN3")
    return "".join(out)


def to_vni(text: str) -> str:
    return "".join(VNI_ENCODE.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def tcvn3_representable(text: str) -> bool:
    try:
        to_tcvn3(text)
    except ValueError:
        return False
    return True


# --- Tables ----------------------------------------------------------------------------------


def test_there_are_134_letters_with_diacritics() -> None:
    assert len(SMALL) == len(CAPITAL) == 67
    assert len(set(LETTERS)) == 134


def test_tcvn3_table_has_every_small_letter_and_the_seven_capitals() -> None:
    assert set(SMALL) <= set(TCVN3_ENCODE)
    assert {letter for letter in CAPITAL if letter in TCVN3_ENCODE} == TCVN3_CAPITALS
    assert len(TCVN3_TABLE) == 74
    for code in TCVN3_TABLE:
        assert len(code) == 1 and 0xA1 <= ord(code) <= 0xFE, code  # one cp1252 byte each


def test_vni_table_has_all_134_letters() -> None:
    assert set(VNI_ENCODE) == set(LETTERS)
    assert len(VNI_TABLE) == 134
    for code in VNI_TABLE:
        assert 1 <= len(code) <= 2 and all(ord(ch) < 0x100 for ch in code), code
        if len(code) == 2:
            assert code[0] in "aeouyAEOUYôÔöÖ"  # a base letter, then one mark character


@pytest.mark.parametrize(
    ("byte", "letter"),
    [(0xB8, "á"), (0xB5, "à"), (0xAD, "ư"), (0xAE, "đ"), (0xA7, "Đ"), (0xA1, "Ă"), (0xD6, "ệ")],
)
def test_tcvn3_byte_values(byte: int, letter: str) -> None:
    assert convert_legacy(bytes([byte]).decode("cp1252"), TCVN3, uppercase=False) == letter


@pytest.mark.parametrize(
    ("data", "letter"),
    [(b"a\xf9", "á"), (b"A\xd9", "Á"), (b"\xf1", "đ"), (b"\xd1", "Đ"), (b"\xf6", "ư"),
     (b"\xf4\xf9", "ớ"), (b"e\xe4", "ệ"), (b"a\xe9", "ắ"), (b"\xee", "ỵ")],
)  # fmt: skip
def test_vni_byte_values(data: bytes, letter: str) -> None:
    assert convert_legacy(data.decode("cp1252"), VNI) == letter


# --- Round trips -----------------------------------------------------------------------------


@pytest.mark.parametrize("letter", SMALL)
def test_tcvn3_round_trip_small_letters(letter: str) -> None:
    assert convert_legacy(TCVN3_ENCODE[letter], TCVN3) == letter
    assert convert_legacy(f"x{TCVN3_ENCODE[letter]}x", TCVN3) == f"x{letter}x"


@pytest.mark.parametrize("letter", CAPITAL)
def test_tcvn3_round_trip_capitals(letter: str) -> None:
    if letter in TCVN3_CAPITALS:
        assert convert_legacy(TCVN3_ENCODE[letter], TCVN3) == letter
    # Any capital, typed in the ".VnTimeH" font: the small-letter code, drawn as a capital.
    assert convert_legacy(to_tcvn3(letter, h_font=True), TCVN3, uppercase=True) == letter


@pytest.mark.parametrize("letter", LETTERS)
def test_vni_round_trip(letter: str) -> None:
    assert convert_legacy(VNI_ENCODE[letter], VNI) == letter
    assert convert_legacy(f"x{VNI_ENCODE[letter]}x", VNI) == f"x{letter}x"


def test_whole_alphabet_round_trips() -> None:
    assert convert_legacy(to_tcvn3(" ".join(SMALL)), TCVN3) == " ".join(SMALL)
    assert convert_legacy(to_vni(" ".join(LETTERS)), VNI) == " ".join(LETTERS)
    upper = " ".join(CAPITAL)
    assert convert_legacy(to_tcvn3(upper, h_font=True), TCVN3, uppercase=True) == upper


def test_conversion_is_nfc() -> None:
    for text in (to_vni(" ".join(LETTERS)), to_tcvn3(" ".join(SMALL))):
        for encoding in (TCVN3, VNI):
            assert unicodedata.is_normalized("NFC", convert_legacy(text, encoding))


def test_unknown_encoding() -> None:
    with pytest.raises(ValueError, match="unknown legacy encoding"):
        convert_legacy("abc", "viscii")


# --- Detection of real text --------------------------------------------------------------------

PHRASES = [
    "Nguyễn Văn An",
    "Trần Thị Thủy",
    "Sở Giáo dục và Đào tạo",
    "Đảng ủy",
    "Ủy ban nhân dân tỉnh Cao Bằng",
    "Lê Thị Hương",
    "Phạm Minh Đức",
    "Hoàng Văn Thụ",
    "Dương Quốc Trưởng",
    "Trường Đại học Bách khoa Hà Nội",
    "Phó Giáo sư, Tiến sĩ Nguyễn Thị Thanh Hương",
    "Bộ Khoa học và Công nghệ",
    "Viện Hàn lâm Khoa học xã hội Việt Nam",
    "Thành phố Hồ Chí Minh",
    "Tỉnh Thừa Thiên Huế",
    "Bệnh viện Đa khoa tỉnh Đắk Lắk",
    "Kỹ sư xây dựng, Thạc sĩ Quản lý giáo dục",
    "Cử nhân Luật kinh tế",
    "Số 12, đường Lê Lợi, phường Bến Nghé, quận 1",
    "Chủ tịch Hội đồng nhân dân",
    "Người lao động được hưởng lương hưu hằng tháng",
    "TRƯỜNG ĐẠI HỌC SƯ PHẠM",
    "ỦY BAN NHÂN DÂN TỈNH CAO BẰNG",
]


@pytest.mark.parametrize("phrase", PHRASES)
def test_vni_phrases_are_detected_and_converted(phrase: str) -> None:
    assert fix_legacy_text(to_vni(phrase)) == (phrase, VNI)


@pytest.mark.parametrize("phrase", [p for p in PHRASES if tcvn3_representable(p)])
def test_tcvn3_phrases_are_detected_and_converted(phrase: str) -> None:
    assert fix_legacy_text(to_tcvn3(phrase)) == (phrase, TCVN3)


@pytest.mark.parametrize("phrase", [p.upper() for p in PHRASES])
def test_tcvn3_capitals_typed_in_the_h_font(phrase: str) -> None:
    assert fix_legacy_text(to_tcvn3(phrase, h_font=True)) == (phrase, TCVN3)


@pytest.mark.parametrize(
    ("legacy", "expected", "encoding"),
    [
        ("NguyÔn V¨n An", "Nguyễn Văn An", TCVN3),
        ("Nguyeãn Vaên An", "Nguyễn Văn An", VNI),
        ("TrÇn ThÞ Thñy", "Trần Thị Thủy", TCVN3),
        ("Traàn Thò Thuûy", "Trần Thị Thủy", VNI),
        ("Së Gi¸o dôc vµ §µo t¹o", "Sở Giáo dục và Đào tạo", TCVN3),
        ("Sôû Giaùo duïc vaø Ñaøo taïo", "Sở Giáo dục và Đào tạo", VNI),
        ("§¶ng ñy", "Đảng ủy", TCVN3),
        ("Ñaûng uûy", "Đảng ủy", VNI),
        # ".VnTime" has no "Ủ": typists wrote "Uû" (old-style tone placement).
        ("Uû ban nh©n d©n tØnh Cao B»ng", "Uỷ ban nhân dân tỉnh Cao Bằng", TCVN3),
        ("UÛy ban nhaân daân tænh Cao Baèng", "Ủy ban nhân dân tỉnh Cao Bằng", VNI),
        ("Uûy ban nhaân daân", "Ủy ban nhân dân", VNI),  # Excel PROPER() on VNI text
        ("ñY BAN NH¢N D¢N TØNH CAO B»NG", "ỦY BAN NHÂN DÂN TỈNH CAO BẰNG", TCVN3),
        ("Tr\xadêng §¹i häc B¸ch khoa Hµ Néi", "Trường Đại học Bách khoa Hà Nội", TCVN3),
        ("Thõa Thiªn HuÕ", "Thừa Thiên Huế", TCVN3),
        ("Phan XÝch Long", "Phan Xích Long", TCVN3),
        ("TP. HuÕ", "TP. Huế", TCVN3),
        ("Quang Trí Leâ", "Quang Trí Lê", VNI),
        ("Ngheä só", "Nghệ sĩ", VNI),
        (
            "§iÖn tho¹i: 0912 345 678 – Email: an@x.vn",
            "Điện thoại: 0912 345 678 – Email: an@x.vn",
            TCVN3,
        ),
        ("Huúnh Minh YÕn", "Huỳnh Minh Yến", TCVN3),
        ("Voõ Minh An", "Võ Minh An", VNI),
    ],
)
def test_literal_legacy_text(legacy: str, expected: str, encoding: str) -> None:
    assert detect_legacy_encoding(legacy) == encoding
    assert fix_legacy_text(legacy) == (expected, encoding)


@pytest.mark.parametrize(
    ("legacy", "expected", "encoding"),
    [
        ("Lª", "Lê", TCVN3),
        ("Hµ", "Hà", TCVN3),
        ("Bïi", "Bùi", TCVN3),
        ("Haø", "Hà", VNI),
        ("Ñoàng", "Đồng", VNI),
        ("Döông", "Dương", VNI),
        ("Ngoïc", "Ngọc", VNI),
        ("Haïnh", "Hạnh", VNI),
    ],
)
def test_one_word_cells(legacy: str, expected: str, encoding: str) -> None:
    assert fix_legacy_text(legacy) == (expected, encoding)


def test_tcvn3_capitals_guess() -> None:
    assert convert_legacy("NGUYÔN V¡N AN", TCVN3) == "NGUYỄN VĂN AN"
    assert convert_legacy("Hµ NéI", TCVN3) == "HÀ NỘI"  # whole cell in capitals
    assert convert_legacy("Bé GI¸O DôC", TCVN3) == "BỘ GIÁO DỤC"
    assert convert_legacy("Bé GI¸O DôC vµ §µo t¹o", TCVN3) == "Bộ GIÁO DỤC và Đào tạo"
    assert convert_legacy("Tó Lª", TCVN3) == "Tú Lê"  # one capital per word: not capitals
    assert convert_legacy("NGUYÔN", TCVN3, uppercase=False) == "NGUYễN"
    assert convert_legacy("NguyÔn", TCVN3, uppercase=True) == "NGUYỄN"
    assert convert_legacy("Nguyeãn", VNI, uppercase=True) == "NGUYỄN"


def test_converted_text_is_not_detected_again() -> None:
    for phrase in PHRASES:
        for legacy in (to_vni(phrase), to_tcvn3(phrase, h_font=True)):
            fixed, encoding = fix_legacy_text(legacy)
            assert encoding is not None
            assert fix_legacy_text(fixed) == (fixed, None)


NAME_PARTS = """
    Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý
    Văn Thị Hữu Đức Minh Ngọc Quốc Thanh
    An Bình Châu Dũng Giang Hà Hải Hạnh Hiếu Hùng Hương Khánh Lan Linh Long Mai Nam Nga Phương
    Quân Sơn Tâm Thảo Thủy Trang Trung Tuấn Việt Yến Ánh
"""
_LINES = [line.split() for line in NAME_PARTS.strip().splitlines()]
SURNAMES, MIDDLE, GIVEN = _LINES[0], _LINES[1], _LINES[2] + _LINES[3]
NAMES = [" ".join(parts) for parts in itertools.product(SURNAMES, MIDDLE, GIVEN)]


def test_names_are_converted_correctly_or_left_alone() -> None:
    converted = total = 0
    for name in NAMES:
        assert fix_legacy_text(name) == (name, None)
        encodings = [(VNI, to_vni(name))]
        if tcvn3_representable(name):
            encodings.append((TCVN3, to_tcvn3(name)))
        for encoding, legacy in encodings:
            if legacy == name:
                continue  # no diacritics: nothing to convert
            total += 1
            fixed, found = fix_legacy_text(legacy)
            if found is None:
                assert fixed == legacy
            else:
                assert (fixed, found) == (name, encoding)
                converted += 1
    assert total > 6500
    assert converted / total > 0.95  # the rest are ambiguous ("Hoà", "Vò", "Phaïm")


# --- No false positives ----------------------------------------------------------------------

NOT_LEGACY = [
    # Unicode Vietnamese, also with Latin-1-only letters and old-style tone placement
    "Nguyễn Văn An",
    "Hoàng",
    "Hoà Bình",
    "Khoá học",
    "Hoãn thi",
    "Lê Hà",
    "Võ Tú",
    "Bé",
    "Cà phê",
    "Ý kiến",
    "Ông Bà",
    "ÔNG",
    "HÀ NỘI",
    "Thuý",
    "Thuỷ",
    "Huế",
    "Đắk Lắk",
    "TP. Hồ Chí Minh",
    "Ê-đê",
    "cÓ",
    unicodedata.normalize("NFD", "Nguyễn Thị Thủy"),
    # English, e-mails, numbers, symbols
    "",
    " ",
    "John Smith",
    "Department of Education",
    "N/A",
    "“Quoted” text… – done",
    "Résumé",
    "an.nguyen@example.com",
    "0912 345 678",
    "+84 (24) 3825 1234",
    "1.234.567,89",
    "12/03/1985",
    "2024-01-31T08:00:00",
    "25 °C",
    "±5 %",
    "½ ngày",
    "3 × 4",
    "5 µm",
    "© 2024 ACME",
    "Microsoft®",
    "§ 12",
    "1ª",
    "Nº 5",
    "«Nam»",
    "ª",
    # French, German, Spanish, Portuguese, Nordic, Turkish, Hungarian…
    "Café",
    "Müller",
    "Ñandú",
    "Ñu",
    "Peña Muñoz",
    "Straße",
    "Heß",
    "Gieß",
    "Loïc",
    "Naïm",
    "Caïn",
    "Naïm Loïc",
    "Noël",
    "Zoë",
    "naïve",
    "Françoise",
    "Crème brûlée",
    "où",
    "Là où",
    "Où vingt souvenir occasion.",
    "Aún estaban palabra programa",
    "dû",
    "São Paulo",
    "só",
    "Søren Kierkegaard",
    "Bø",
    "Ångström",
    "lång",
    "så än",
    "på sø",
    "Göteborg",
    "Düsseldorf",
    "Köln",
    "Øresund",
    "Mäki",
    "Þór",
    "Ibáñez",
    "José María",
    "Çağlar Öztürk",
    "Gül",
    "tó",
    "Lê Müller",
    "Hoàng Müller",
    "Cô Loïc",
    # spreadsheet headers
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính (Nam/Nữ)",
    "Số CMND/CCCD",
    "Điện thoại",
    "Học hàm",
    "Trình độ chuyên môn",
    "Đơn vị công tác",
    "Chức vụ",
    "Ghi chú",
    "Mã số thuế",
]


@pytest.mark.parametrize("text", NOT_LEGACY)
def test_no_false_positives(text: str) -> None:
    assert detect_legacy_encoding(text) is None
    assert fix_legacy_text(text) == (text, None)


@pytest.mark.parametrize(
    "text",
    [
        "Nguyễn V¨n An",  # half Unicode, half TCVN3: not touched
        "Hoàng Mai",  # VNI "Hồng Mai", or Unicode "Hoàng Mai": ambiguous
        "Vâ Tó",  # TCVN3 "Võ Tú", or Unicode letters: ambiguous
        "Thuû",  # TCVN3 "Thuỷ" or VNI "Thủ"
        "böng",  # TCVN3 "bửng" or VNI "bưng"
        "Höng",  # TCVN3 "Hửng" or VNI "Hưng"
        "cÓ",  # a capital-letter typo in Unicode "có", or TCVN3 "cể"
    ],
)
def test_ambiguous_text_is_left_alone(text: str) -> None:
    assert fix_legacy_text(text) == (text, None)


# --- Speed and dependencies ------------------------------------------------------------------


def test_unicode_cells_are_fast() -> None:
    cells = list(itertools.islice(itertools.cycle(NAMES), 100_000))
    started = time.perf_counter()
    for cell in cells:
        fix_legacy_text(cell)
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0, f"{elapsed:.3f} s per 100,000 Unicode names"  # about 0.04 s


def test_standard_library_only() -> None:
    tree = ast.parse(Path(legacy_encoding.__file__).read_text(encoding="utf-8"))
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            modules.add((node.module or "").split(".")[0])
    assert modules <= sys.stdlib_module_names, modules
