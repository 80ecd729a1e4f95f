"""Repair Vietnamese text typed with the legacy 8-bit ".Vn" fonts: TCVN3 (ABC) and VNI Windows.

Spreadsheets made with ".VnTime" (TCVN3, TCVN 5712:1993 VN3) or "VNI-Times" fonts store
Vietnamese as single bytes, which a spreadsheet reader hands back as cp1252/Latin-1 characters:
"NguyÔn V¨n An" (TCVN3) or "Nguyeãn Vaên An" (VNI) for "Nguyễn Văn An".

* `detect_legacy_encoding(text)` -> "tcvn3", "vni" or None.
* `convert_legacy(text, encoding)` -> Unicode NFC.
* `fix_legacy_text(text)` -> (converted text, encoding), or (text unchanged, None).

Detection is conservative, because converting good text corrupts it. A cell is converted only
when all of these hold:

1. it has a character, or a VNI letter + mark pair, that Unicode Vietnamese never contains
   (the fast pre-check; ASCII and Unicode Vietnamese stop here);
2. every non-ASCII character is in the encoding's table or is neutral punctuation;
3. at least three quarters of the words with legacy characters convert to valid Vietnamese
   syllables (initial, rhyme, tone allowed on that final, tone on the right vowel);
4. at least one such word is proof: it has a character or pair found in no normal text
   ("¸", "ª", VNI "aù"), two legacy letters in one syllable ("Döông"), a Vietnamese-only
   shape ("Ngoïc"), or it is no syllable when read as Unicode (TCVN3 "Huúnh"). One letter
   that European spelling also uses ("Loïc", "Ñu", "Søn", "Heß") is no proof, nor is a lone
   symbol ("5 µm", "3 × 4");
5. if the cell reads as Vietnamese in both encodings, one reading has more valid words.

Left alone, by design: cells whose legacy characters are all ordinary Vietnamese letters too
(TCVN3 "Vâ Tó" for "Võ Tú", VNI "Hoàng" for "Hồng"), and cells that read equally well both
ways (TCVN3 "Thuỷ" / VNI "Thủ" are both "Thuû"). Callers that know a whole column is legacy
text can call `convert_legacy` on every cell. Known false positive: the Spanish abbreviation
"Dña" reads as TCVN3 "Dủa".

Standard library only (no Django import). ASCII and Unicode cells return after `isascii` and
one or two regex searches (about 0.3 µs a name); legacy cells take some 10 µs.
"""

import functools
import re
import unicodedata
from collections.abc import Callable
from types import MappingProxyType
from typing import NamedTuple

TCVN3 = "tcvn3"
VNI = "vni"
ENCODINGS = (TCVN3, VNI)

# Tone order in the tables: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONE_MARKS = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")


def _with_tone(base: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + tone)


# --- TCVN3 (ABC, ".VnTime") -----------------------------------------------------------------
# One code per small letter; the ".VnTime" font has only seven capitals (Ă Â Ê Ô Ơ Ư Đ).
# Capitals with tones are typed in the ".VnTimeH" font, which draws the small-letter codes as
# capitals, so the codes alone cannot tell "ễ" from "Ễ" (see `convert_legacy(uppercase=...)`).
# "ư" is 0xAD, read back as U+00AD SOFT HYPHEN.
_TCVN3_ROWS = {
    "a": "aµ¶·¸¹",
    "ă": "¨»¼½¾Æ",
    "â": "©ÇÈÉÊË",
    "e": "eÌÎÏÐÑ",
    "ê": "ªÒÓÔÕÖ",
    "i": "i×ØÜÝÞ",
    "o": "oßáâãä",
    "ô": "«åæçèé",
    "ơ": "¬êëìíî",
    "u": "uïñòóô",
    "ư": "\xadõö÷øù",
    "y": "yúûüýþ",
}
_TCVN3_OTHER = {"®": "đ", "¡": "Ă", "¢": "Â", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư", "§": "Đ"}


def _build_tcvn3() -> dict[str, str]:
    table: dict[str, str] = {}
    for base, codes in _TCVN3_ROWS.items():
        for code, tone in zip(codes, _TONE_MARKS, strict=True):
            if not code.isascii():
                table[code] = _with_tone(base, tone)
    table.update(_TCVN3_OTHER)
    return table


TCVN3_TABLE = MappingProxyType(_build_tcvn3())
"""TCVN3 character (as read through cp1252/Latin-1) -> Unicode letter; 74 entries."""
_TCVN3_CHARS = frozenset(TCVN3_TABLE)
_TCVN3_TRANS = str.maketrans(dict(TCVN3_TABLE))

# --- VNI Windows ("VNI-Times") --------------------------------------------------------------
# A letter followed by a mark character ("a" + "ù" = "á"); capitals take the capital mark
# ("A" + "Ù" = "Á"). "ơ" (ô), "ư" (ö), "đ" (ñ), "ỉ ĩ ị" (æ ó ò) and "ỵ" (î) are one character;
# "ì" and "í" are themselves.
_VNI_ROWS = {
    "a": ("a", "aø", "aû", "aõ", "aù", "aï"),
    "ă": ("aê", "aè", "aú", "aü", "aé", "aë"),
    "â": ("aâ", "aà", "aå", "aã", "aá", "aä"),
    "e": ("e", "eø", "eû", "eõ", "eù", "eï"),
    "ê": ("eâ", "eà", "eå", "eã", "eá", "eä"),
    "i": ("i", "ì", "æ", "ó", "í", "ò"),
    "o": ("o", "oø", "oû", "oõ", "où", "oï"),
    "ô": ("oâ", "oà", "oå", "oã", "oá", "oä"),
    "ơ": ("ô", "ôø", "ôû", "ôõ", "ôù", "ôï"),
    "u": ("u", "uø", "uû", "uõ", "uù", "uï"),
    "ư": ("ö", "öø", "öû", "öõ", "öù", "öï"),
    "y": ("y", "yø", "yû", "yõ", "yù", "î"),
}
_VNI_OTHER = {"ñ": "đ"}


def _build_vni() -> dict[str, str]:
    table: dict[str, str] = {}
    for base, codes in _VNI_ROWS.items():
        for code, tone in zip(codes, _TONE_MARKS, strict=True):
            if not code.isascii():
                letter = _with_tone(base, tone)
                table[code] = letter
                table[code.upper()] = letter.upper()
    for code, letter in _VNI_OTHER.items():
        table[code] = letter
        table[code.upper()] = letter.upper()
    return table


VNI_TABLE = MappingProxyType(_build_vni())
"""VNI sequence (one or two characters, as read through cp1252) -> Unicode letter; 134."""


def _build_vni_decode() -> dict[str, str]:
    """VNI_TABLE plus mixed-case pairs ("Aù" after Excel's PROPER()): the letter decides."""
    decode = dict(VNI_TABLE)
    for code, letter in VNI_TABLE.items():
        if len(code) == 2:
            for base in (code[0].lower(), code[0].upper()):
                for mark in (code[1].lower(), code[1].upper()):
                    decode[base + mark] = letter.upper() if base.isupper() else letter.lower()
    return decode


_VNI_DECODE = _build_vni_decode()
_VNI_MARKS = frozenset(code[1] for code in _VNI_DECODE if len(code) == 2)
_VNI_CHARS = _VNI_MARKS | frozenset(code for code in _VNI_DECODE if len(code) == 1)


def _vni_pattern(codes: set[str] | frozenset[str]) -> str:
    """A regex for `codes`: "a[øûõùï…]|e[…]|…|[ñÑöÖ…]", pairs before single characters."""
    marks_by_letter: dict[str, set[str]] = {}
    singles: set[str] = set()
    for code in codes:
        if len(code) == 2:
            marks_by_letter.setdefault(code[0], set()).add(code[1])
        else:
            singles.add(code)
    parts = [
        re.escape(letter) + "[" + re.escape("".join(sorted(marks))) + "]"
        for letter, marks in sorted(marks_by_letter.items())
    ]
    if singles:
        parts.append("[" + re.escape("".join(sorted(singles))) + "]")
    return "|".join(parts)


# Pairs first, so that "ô" + "ù" reads as "ớ", not as "ơ" and a stray mark.
_VNI_RE = re.compile(_vni_pattern({code for code, letter in _VNI_DECODE.items() if code != letter}))

# --- Fast pre-check -------------------------------------------------------------------------
# Latin-1 letters that Unicode Vietnamese uses itself: they prove nothing.
_VIETNAMESE_LATIN1 = frozenset("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
# Typographic punctuation from cp1252 0x80-0x9F and the no-break space: neutral in any cell.
_NEUTRAL = frozenset("\xa0‚„…†‡‰‹›‘’“”•–—™€")
# VNI "ồ ố ỗ" are spelled "oà oá oã", as Unicode Vietnamese also writes "hoà", "khoá",
# "hoãn": decoded, but no evidence.
_VNI_AMBIGUOUS_PAIRS = frozenset(o + mark for o in "oO" for mark in "àáãÀÁÃ")
# Characters of either table that Unicode Vietnamese never contains ...
_TRIGGER_CHARS = (frozenset(TCVN3_TABLE) | _VNI_CHARS) - _VIETNAMESE_LATIN1
# ... VNI pairs that it never contains ("aù", "eâ"; the others hold a trigger character) ...
_TRIGGER_PAIRS = {
    code
    for code in _VNI_DECODE
    if len(code) == 2 and code[1] not in _TRIGGER_CHARS and code not in _VNI_AMBIGUOUS_PAIRS
}
# ... and TCVN3 small letters written with capital codes inside a small-letter word
# ("NguyÔn", "XÝch").
_TCVN3_CAPITAL_CODES = sorted(ch for ch in _VIETNAMESE_LATIN1 & _TCVN3_CHARS if ch.isupper())
_TCVN3_CAMEL = re.escape("".join(_TCVN3_CAPITAL_CODES))  # "ÈÉÊÌÒÓÔÕÝ"
_TRIGGER_RE = re.compile(
    f"[{re.escape(''.join(sorted(_TRIGGER_CHARS)))}]|{_vni_pattern(_TRIGGER_PAIRS)}"
    f"|[a-z][{_TCVN3_CAMEL}]|[A-Z][{_TCVN3_CAMEL}][a-z]"
)
# A character neither encoding produces: most Unicode Vietnamese has one early on ("ễ", "ă").
_IMPOSSIBLE_RE = re.compile(f"[^\\x00-\\xff{re.escape(''.join(sorted(_NEUTRAL)))}]")

# --- Is a converted word one Vietnamese syllable? -------------------------------------------
_INITIAL_LIST = "b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x"
_INITIALS = [*sorted(_INITIAL_LIST.split(), key=len, reverse=True), ""]  # longest first
# "ăk" is for Central Highlands place names (Đắk Lắk, Đắk Nông).
_RHYME_LIST = """
    a ac ach ai am an ang anh ao ap at au ay ăc ăk ăm ăn ăng ăp ăt
    âc âm ân âng âp ât âu ây e ec em en eng eo ep et ê êch êm ên ênh êp êt êu
    i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
    o oc oi om on ong op ot oong ooc oa oac oach oai oam oan oang oanh oao oap oat oay
    oăc oăm oăn oăng oăt oe oen oeo oet ô ôc ôi ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt
    u uc ui um un ung up ut ua uân uâng uât uây uê uêch uên uênh uơ
    uôc uôi uôm uôn uông uôt uy uya uych uyên uyêt uynh uyp uyt uyu
    ư ưa ưc ưi ưm ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
    y yêm yên yêng yêt yêu
"""
_RHYMES = frozenset(_RHYME_LIST.split())
_STOP_FINALS = ("c", "ch", "p", "t", "k")
_STOP_TONES = frozenset(("\u0301", "\u0323"))  # sắc, nặng: the only tones after a stop
_TONES = frozenset(_TONE_MARKS[1:])
_VOWELS = frozenset("aăâeêioôơuưy")
_HAT_VOWELS = frozenset("ăâêôơư")
_CONSONANT_STARTS = frozenset("bcdđghklmnpqrstvx")


@functools.cache
def _tone_positions(rhyme: str) -> frozenset[int]:
    """Where in `rhyme` the tone may sit; old ("hoà", "thuý") and new style both allowed."""
    size = 0
    while size < len(rhyme) and rhyme[size] in _VOWELS:
        size += 1
    nucleus, final = rhyme[:size], rhyme[size:]
    hats = [i for i, ch in enumerate(nucleus) if ch in _HAT_VOWELS]
    if hats:
        return frozenset({hats[-1]})  # "ươ" -> on "ơ", "uyê" -> on "ê"
    if size == 1:
        return frozenset({0})
    if final:
        return frozenset({size - 1})  # "toán", "huỳnh"
    if size == 2:
        return frozenset({0, 1}) if nucleus in ("oa", "oe", "uy") else frozenset({0})
    return frozenset({1})  # "ngoài", "khuỷu"


@functools.lru_cache(maxsize=65536)
def _syllable_base(word: str) -> str | None:
    """The small-letter toneless form of `word` if it is one Vietnamese syllable, else None.

    Checks the initial consonant, the rhyme, that p/t/c/ch/k finals carry the sắc or nặng
    tone, and that the tone sits on a vowel that can carry it (TCVN3-read "ngheọ" fails).
    """
    letters: list[str] = []
    tone = ""
    tone_at = -1
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in _TONES:
            if tone or not letters:
                return None
            tone, tone_at = ch, len(letters) - 1
        elif unicodedata.combining(ch):
            if not letters:
                return None
            letters[-1] += ch
        else:
            letters.append(ch)
    base = unicodedata.normalize("NFC", "".join(letters))
    if len(base) != len(letters):
        return None  # a mark that is not a Vietnamese letter part
    for initial in _INITIALS:
        if not base.startswith(initial):
            continue
        rhyme = base[len(initial) :]
        if rhyme not in _RHYMES:
            continue
        if rhyme.endswith(_STOP_FINALS) and tone not in _STOP_TONES:
            continue
        if tone and tone_at - len(initial) not in _tone_positions(rhyme):
            continue
        return base
    return None


# --- Evidence, per encoding ------------------------------------------------------------------
# How much one legacy letter says about an encoding:
_NONE = 0  # an ordinary Vietnamese letter too ("â" in TCVN3, "oà" in VNI): converted, no proof
_WEAK = 1  # a letter of European spelling too ("ö", "ø", VNI "ñ", "aï" as in "Loïc")
_STRONG = 2  # in no normal text: "¸µ¶©ª", VNI "aù", "eâ"

# TCVN3 codes that are no letter in European spelling, or that European words only put next
# to a vowel, where TCVN3 puts them between consonants ("ç", "ï", "ñ", "þ").
_TCVN3_STRONG = frozenset("¡¢£¤¥¦§¨©ª«¬\xad®µ¶·¸¹»¼½¾×÷çïñþ")
_ASCII_VOWELS = frozenset("aeiouyAEIOUY")


def _tcvn3_units(word: str) -> list[int]:
    """The weight of each legacy character of a TCVN3 word."""
    weights = []
    for i, ch in enumerate(word):
        if ch not in _TCVN3_CHARS or ch == "ý":  # "ý" is itself
            continue
        before = word[i - 1] if i else ""
        after = word[i + 1] if i + 1 < len(word) else ""
        if ch in _TCVN3_STRONG or (ch == "ß" and before not in _ASCII_VOWELS):
            weights.append(_STRONG)  # German "ß" follows a vowel ("Heß"); TCVN3 "ò" need not
        elif ch.isupper() and (before.islower() or (before and after.islower())):
            # A capital code inside a small-letter word is a TCVN3 small letter. For capitals
            # that Vietnamese uses ("Ô"), demand a longer word ("NguyÔn", not a typo "cÓ").
            plain = sum(1 for c in word if c.isascii() and c.isalpha())
            lookalike = ch in _VIETNAMESE_LATIN1
            weights.append(_STRONG if not lookalike or plain >= 3 else _WEAK)
        elif ch in _VIETNAMESE_LATIN1:
            weights.append(_NONE)
        else:
            weights.append(_WEAK)
    return weights


def _vni_units(word: str) -> list[int]:
    """The weight of each letter a VNI word spells with legacy characters."""
    weights = []
    for unit in _VNI_RE.findall(word):
        if unit in _VNI_AMBIGUOUS_PAIRS or unit in "ôóòÔÓÒ":
            weights.append(_NONE)  # VNI "ơ ĩ ị" are the Unicode letters "ô ó ò"
        elif (
            len(unit) == 1
            or (unit[1] in "ïÏ" and unit[0] in _ASCII_VOWELS)
            or unit[0].isupper() != unit[1].isupper()
        ):
            # "ñ ö æ î" alone, the French tréma ("Loïc", "Naïm"), and a small mark on a
            # capital ("Uûy", as Excel's PROPER() leaves VNI text).
            weights.append(_WEAK)
        else:
            weights.append(_STRONG)
    return weights


def _tcvn3_word(word: str) -> str | None:
    return word.translate(_TCVN3_TRANS)


def _vni_word(word: str) -> str | None:
    """Convert one VNI word; None when it is not plausible VNI.

    Not plausible: a mark character with no letter to sit on ("Müller"), or a capital mark on
    a small letter ("HuÕ" is TCVN3 "Huế": VNI keyboards type marks in the letter's case).
    """
    if not _VNI_MARKS.isdisjoint(_VNI_RE.sub("", word)):
        return None
    if any(len(u) == 2 and u[0].islower() and u[1].isupper() for u in _VNI_RE.findall(word)):
        return None
    return _VNI_RE.sub(_vni_replace, word)


def _vni_replace(match: re.Match[str]) -> str:
    return _VNI_DECODE[match.group()]


class _Spec(NamedTuple):
    allowed: frozenset[str]  # every character a cell in this encoding may hold
    word_re: re.Pattern[str]
    units: Callable[[str], list[int]]
    convert_word: Callable[[str], str | None]
    shape_re: re.Pattern[str]  # syllables that prove the encoding even with a weak letter


_ASCII = frozenset(map(chr, range(0x80)))
# Latin-1 symbols that neither table uses. The others are TCVN3 letters ("µ" = "à"), so a VNI
# cell may not hold them either.
_SYMBOLS = _NEUTRAL | frozenset("¯°±²³´º¿")
_SPECS = {
    TCVN3: _Spec(
        allowed=_ASCII | _TCVN3_CHARS | _SYMBOLS,
        word_re=re.compile(f"[A-Za-z{re.escape(''.join(sorted(_TCVN3_CHARS)))}]+"),
        units=_tcvn3_units,
        convert_word=_tcvn3_word,
        # Initial "ng"/"nh", final "nh"/"ch": no European word with that accent has them.
        shape_re=re.compile(r"^n[gh]|[nc]h$"),
    ),
    VNI: _Spec(
        allowed=_ASCII | _VNI_CHARS | _SYMBOLS,
        word_re=re.compile(f"[A-Za-z{re.escape(''.join(sorted(_VNI_CHARS)))}]+"),
        units=_vni_units,
        convert_word=_vni_word,
        # Also final "ng" ("Höng"); in TCVN3 "ång" is Swedish ("lång", "sång").
        shape_re=re.compile(r"^n[gh]|[nc]h$|ng$"),
    ),
}

# What one legacy word says about an encoding (see `_judge_word`).
_SKIP, _INVALID, _VALID, _PROOF = range(4)
_MIN_VALID_SHARE = 0.75


@functools.lru_cache(maxsize=65536)
def _judge_word(encoding: str, word: str) -> int:
    """_SKIP (no evidence), _INVALID (no syllable once converted), _VALID, or _PROOF."""
    spec = _SPECS[encoding]
    has_ascii_letter = any(ch.isascii() for ch in word)
    if not has_ascii_letter and len(word) == 1:
        return _SKIP  # a lone symbol such as "×" or "ª": no evidence either way
    converted = spec.convert_word(word)
    base = _syllable_base(converted) if converted is not None else None
    if base is None:
        return _INVALID
    weights = spec.units(word)
    weight = max(weights, default=_NONE)
    if weight == _NONE or (
        encoding == TCVN3
        and weight == _WEAK
        and all(ch.isascii() or ch in _VIETNAMESE_LATIN1 for ch in word)
    ):
        # Letters that are ordinary Vietnamese ones too (for TCVN3 perhaps in the wrong case):
        # proof only if the word read as Unicode is no syllable. TCVN3 "Huúnh" is "Huỳnh" and
        # "YÕn" is "Yến"; but "Tù" may be "Tự" or "tù", and "cÓ" a typo for "có". (VNI "Où",
        # "Aún" would be proof this way, but they are French and Spanish.)
        if _syllable_base(word) is None:
            return _PROOF
        if weight == _NONE:
            return _VALID
    if len(weights) > 1:
        # A Unicode syllable has one accented Latin-1 letter at most, and no European word
        # with two accents makes one Vietnamese syllable: "Döông", "Ñoàng" are proof.
        return _PROOF
    starts_with_consonant = base[0] in _CONSONANT_STARTS
    if weight == _WEAK:
        # "Ngoïc", "Haïnh", VNI "Höng": shapes the French or German words lack.
        if starts_with_consonant and spec.shape_re.search(base):
            return _PROOF
        return _VALID
    if has_ascii_letter and (starts_with_consonant or len(base) >= 3):
        return _PROOF  # "Lª", "Haø", "¸nh"
    return _VALID  # "µm" ("àm"), "où" ("ó")


def _reading(text: str, encoding: str) -> tuple[int, bool] | None:
    """How well `text` reads as `encoding`: (valid words, proven), or None if it does not.

    It does not read when it has a character the encoding cannot produce, no legacy word
    that converts to a Vietnamese syllable, or fewer than three quarters of such words.
    """
    spec = _SPECS[encoding]
    if not spec.allowed.issuperset(text):
        return None
    counts = [0] * 4
    for word in spec.word_re.findall(text):
        if not word.isascii():
            counts[_judge_word(encoding, word)] += 1
    valid = counts[_VALID] + counts[_PROOF]
    if valid == 0 or valid < _MIN_VALID_SHARE * (valid + counts[_INVALID]):
        return None
    return valid, counts[_PROOF] > 0


def detect_legacy_encoding(text: str) -> str | None:
    """Return "tcvn3" or "vni" when `text` is Vietnamese in that legacy encoding, else None."""
    if text.isascii() or _IMPOSSIBLE_RE.search(text) or not _TRIGGER_RE.search(text):
        return None
    readings = {}
    for encoding in ENCODINGS:
        reading = _reading(text, encoding)
        if reading is not None:
            readings[encoding] = reading
    if not readings:
        return None
    if len(readings) == 2:
        # Vietnamese both ways: the reading with more valid words wins; on a tie ("Thuû":
        # TCVN3 "Thuỷ", VNI "Thủ"; "böng": TCVN3 "bửng", VNI "bưng") leave the text alone.
        tcvn3, vni = readings[TCVN3][0], readings[VNI][0]
        if tcvn3 == vni:
            return None
        best = TCVN3 if tcvn3 > vni else VNI
    else:
        (best,) = readings
    return best if readings[best][1] else None


def _capitals_word(word: str) -> bool:
    """At least two ASCII letters in `word`, all capitals ("NGUYÔN", "GI¸O", "NéI")."""
    letters = [ch for ch in word if ch.isascii() and ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _tcvn3_convert(text: str, uppercase: bool | None) -> str:
    if uppercase is not None:
        converted = text.translate(_TCVN3_TRANS)
        return converted.upper() if uppercase else converted
    # ".VnTimeH" guess: a word whose ASCII letters are all capitals was typed in the capitals
    # font, so its small-letter codes stand for capitals. When such a word exists and the cell
    # has no small ASCII letter at all, the whole cell is capitals ("Hµ NéI" -> "HÀ NỘI");
    # "Tó Lª" (one capital per word) stays "Tú Lê".
    word_re = _SPECS[TCVN3].word_re
    cell_upper = any(_capitals_word(word) for word in word_re.findall(text)) and not any(
        ch.isascii() and ch.islower() for ch in text
    )

    def repl(match: re.Match[str]) -> str:
        word = match.group()
        converted = word.translate(_TCVN3_TRANS)
        if cell_upper or _capitals_word(word):
            return converted.upper()
        return converted

    return word_re.sub(repl, text)


def convert_legacy(text: str, encoding: str, *, uppercase: bool | None = None) -> str:
    """Convert `text` from "tcvn3" or "vni" to Unicode NFC, whether or not it looks legacy.

    `uppercase` is for TCVN3, whose capitals with tones exist only in the ".VnTimeH" fonts:
    True when the cell is known to use such a font (everything becomes capitals), False to
    keep each code's own case, None (default) to guess from the ASCII capitals around it.
    For VNI, True upper-cases the result; None and False change nothing.
    """
    if encoding == TCVN3:
        converted = _tcvn3_convert(text, uppercase)
    elif encoding == VNI:
        converted = _VNI_RE.sub(_vni_replace, text)
        if uppercase:
            converted = converted.upper()
    else:
        raise ValueError(f"unknown legacy encoding {encoding!r}: expected 'tcvn3' or 'vni'")
    return unicodedata.normalize("NFC", converted)


def fix_legacy_text(text: str, *, uppercase: bool | None = None) -> tuple[str, str | None]:
    """Detect and convert: (Unicode text, "tcvn3" or "vni"), or (`text` unchanged, None)."""
    encoding = detect_legacy_encoding(text)
    if encoding is None:
        return text, None
    return convert_legacy(text, encoding, uppercase=uppercase), encoding
