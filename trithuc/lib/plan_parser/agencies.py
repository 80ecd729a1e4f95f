"""Agencies: who a sentence names, and where a list of agencies splits.

Vietnamese plans name agencies as the grammatical subject ("Sở Nội vụ chủ trì, phối hợp
với ..."), after "Giao", or in labelled lines. A subject runs up to its verb; the verb
list below covers the verbs plans use. Nouns that look like verbs are told apart by
their neighbours: "các tổ chức chính trị - xã hội tổ chức quán triệt" has the noun
first and the verb second, and a verb inside a proper name is capitalised ("Ban Tổ
chức"), so only lower-case words count as verbs.
"""

from __future__ import annotations

import re

from .normalize import match_key

_VERBS = (
    "tổ chức", "thực hiện", "triển khai", "xây dựng", "rà soát", "đề xuất", "tham mưu",
    "hướng dẫn", "kiểm tra", "theo dõi", "tăng cường", "đẩy mạnh", "nghiên cứu", "ban hành",
    "chỉ đạo", "lãnh đạo", "tập trung", "quán triệt", "tuyên truyền", "phổ biến", "kiện toàn",
    "bố trí", "cân đối", "phân bổ", "tổng hợp", "báo cáo", "đánh giá", "giám sát", "đôn đốc",
    "cụ thể hóa", "hoàn thiện", "phát huy", "nâng cao", "đổi mới", "tiếp tục", "chủ động",
    "phối hợp", "chủ trì", "định kỳ", "thường xuyên", "kịp thời", "có trách nhiệm",
    "chịu trách nhiệm", "căn cứ", "lồng ghép", "hỗ trợ", "tạo điều kiện", "thu hút", "ưu tiên",
    "bảo đảm", "đảm bảo", "cung cấp", "sử dụng", "xử lý", "vận động", "khuyến khích",
    "tiến hành", "cập nhật", "thẩm định", "trình", "gửi", "quan tâm", "nắm bắt", "phát hiện",
    "tích cực", "khẩn trương", "thành lập", "tham gia", "phát động", "duy trì", "nghiêm túc",
    "cử", "tiếp nhận", "tập hợp", "phân công", "biểu dương", "khen thưởng", "sơ kết",
    "tổng kết", "ứng dụng", "xác định", "dự báo", "đầu tư", "huy động", "lựa chọn",
    "giới thiệu", "mở rộng", "trực tiếp", "cần", "phải", "được", "là", "rà soát lại",
    "chuẩn bị", "hoàn thành", "đề ra", "đề nghị", "giao", "thống nhất", "ký kết", "bổ sung",
    "điều chỉnh", "tiếp tục", "sửa đổi", "thông tin", "góp phần", "tăng", "nắm", "có",
    # Adverbs of time end a subject as a verb does ("Sở Nội vụ hằng năm tổng hợp ...").
    "hằng năm", "hàng năm", "hằng quý", "hàng quý", "hằng tháng", "hàng tháng", "mỗi năm",
)  # fmt: skip
_VERB_RE = re.compile(
    r"(?<![^\s,;(])("
    + "|".join(sorted(map(re.escape, set(_VERBS)), key=len, reverse=True))
    + r")(?=[\s,;:.)]|$)"
)

# How an agency phrase starts (on the key). Short lower-case nouns ("ban", "sở", "hội")
# are also common words, so those count only when printed with a capital.
_HEADS = (
    "ban thường vụ", "ban chấp hành", "ban cán sự", "ủy ban", "ubnd", "ubmttq", "hội đồng",
    "hđnd", "mặt trận", "mttq", "đảng ủy", "đảng đoàn", "đảng bộ", "chi bộ", "văn phòng",
    "liên hiệp", "liên đoàn", "tỉnh đoàn", "thành đoàn", "huyện đoàn", "đoàn thanh niên",
    "công an", "bộ chỉ huy", "trung tâm", "tỉnh ủy", "thành ủy", "huyện ủy", "quận ủy",
    "thị ủy", "cấp ủy", "chính quyền", "chi cục", "tòa án", "viện kiểm sát", "kho bạc",
    "bảo hiểm xã hội", "ngân hàng", "cơ quan", "người đứng đầu", "thủ trưởng", "thường trực",
    "hội liên hiệp", "học viện", "đại học", "bệnh viện", "btv", "bch", "bộ phận", "giám đốc",
    "chủ tịch", "bí thư", "thường trực",
)  # fmt: skip
_CAPITAL_HEADS = (
    "ban",
    "sở",
    "hội",
    "phòng",
    "bộ",
    "đài",
    "báo",
    "trường",
    "viện",
    "cục",
    "quỹ",
    "đoàn",
)
_PLURAL_NOUNS = (
    "sở", "ban", "ngành", "cơ quan", "đơn vị", "cấp ủy", "tổ chức", "địa phương", "huyện",
    "thành phố", "xã", "phường", "hội", "đoàn thể", "chi bộ", "đảng bộ", "chi", "trường",
    "cơ sở", "doanh nghiệp", "bộ", "tỉnh", "đảng ủy", "ủy ban", "phòng", "trung tâm", "viện",
    "đồng chí", "đ/c", "ban cán sự", "đảng đoàn", "thành viên", "quận", "thị xã", "cấp",
)  # fmt: skip
_HEAD_RE = re.compile(
    r"^(?:(?:các|những|mỗi)\s+(?:" + "|".join(map(re.escape, _PLURAL_NOUNS)) + r")(?![^\W\d_])"
    r"|(?:" + "|".join(map(re.escape, _HEADS)) + r")(?![^\W\d_]))"
)
_GIAO_RE = re.compile(r"^(?:giao cho|giao|đề nghị|yêu cầu|trong đó,?)\s+")

# "tổ chức" is a noun in "tổ chức đảng", "các tổ chức chính trị - xã hội".
_NOUN_AFTER_TO_CHUC = re.compile(
    r"^\s*(?:đảng|chính trị|xã hội|cơ sở đảng|đoàn thể|thành viên|kinh tế|quốc tế|công đoàn|"
    r"liên quan|khoa học|tín dụng|,\s*cá nhân|,\s*đơn vị|và cá nhân)"
)
_NOUN_BEFORE = re.compile(r"(?:các|những|mọi|cơ quan|chuyên trách|ban|cán bộ|người|và)\s*$")


def starts_with_agency(text: str, key: str | None = None) -> bool:
    key = match_key(text) if key is None else key
    if _HEAD_RE.match(key):
        return True
    word = key.split(" ", 1)[0].rstrip(",;:")
    return word in _CAPITAL_HEADS and text[:1].isupper()


def _is_verb_at(text: str, key: str, m: re.Match[str]) -> bool:
    start, end = m.span(1)
    if not text[start].islower():
        return False
    verb = m.group(1)
    before = key[max(0, start - 20) : start]
    after = key[end : end + 20]
    if verb == "tổ chức" and (_NOUN_AFTER_TO_CHUC.match(after) or _NOUN_BEFORE.search(before)):
        return False
    if verb == "tham mưu" and (after.startswith(", giúp việc") or _NOUN_BEFORE.search(before)):
        return False
    if verb in ("lãnh đạo", "thực hiện", "phối hợp", "chủ trì") and _NOUN_BEFORE.search(before):
        return False
    if verb == "thông tin" and not after.startswith((" ", ",")):
        return False
    return not (verb in ("có", "là", "được", "cần", "phải", "tăng", "nắm") and start < 3)


def next_verb(text: str, key: str, start: int = 0, stop: int | None = None) -> int | None:
    """Offset of the first verb at or after `start`, or None."""
    for m in _VERB_RE.finditer(key, start, len(key) if stop is None else stop):
        if _is_verb_at(text, key, m):
            return m.start(1)
    return None


_RESPONSIBILITY_RE = re.compile(r"^(?:trách nhiệm của|nhiệm vụ của|đối với)\s+")


def strip_assigning_words(text: str, key: str | None = None) -> str:
    """ "Giao Sở Nội vụ", "Trách nhiệm của Sở Nội vụ" -> "Sở Nội vụ"."""
    key = match_key(text) if key is None else key
    m = _GIAO_RE.match(key) or _RESPONSIBILITY_RE.match(key)
    return text[m.end() :] if m else text


def leading_subject(text: str, key: str | None = None) -> tuple[str, int, int] | None:
    """The agency a sentence starts with: (subject, its start, the verb's offset)."""
    key = match_key(text) if key is None else key
    start = 0
    g = _GIAO_RE.match(key)
    if g:
        start = g.end()
    if not starts_with_agency(text[start:], key[start:]):
        return None
    # The agency's own name comes first: look for the verb after its first word.
    first_space = key.find(" ", start)
    if first_space < 0:
        return None
    limit = min(len(key), start + 400)
    stop_at = _first_of(key, (". ", ": ", "("), first_space, limit)
    verb = next_verb(text, key, first_space, stop_at)
    if verb is None:
        return None
    subject = text[start:verb].strip(" ,;:-")
    if not subject or len(subject.split()) > 30:
        return None
    return subject, start, verb


def _first_of(key: str, needles: tuple[str, ...], start: int, stop: int) -> int:
    best = stop
    for needle in needles:
        pos = key.find(needle, start, stop)
        if 0 <= pos < best:
            best = pos
    return best


def phrase_until_verb(text: str, key: str, start: int) -> str:
    """The agency phrase from `start` up to the next verb, ";", "." or "(" (trimmed)."""
    stop = _first_of(key, (";", ". ", "(", ":"), start, len(key))
    verb = next_verb(text, key, start, stop)
    end = verb if verb is not None else stop
    return text[start:end].strip(" ,;:.")


def split_agencies(text: str) -> list[str]:
    """ "A; B, C và các D" -> [A, B, C, các D]; "Sở Khoa học và Công nghệ" stays whole."""
    text = re.sub(r"\s*\./\.\s*$", "", text).strip(" .;,")
    out: list[str] = []
    for part in re.split(r"\s*;\s*", text):
        if not part:
            continue
        key = match_key(part)
        cuts = [0]
        for m in re.finditer(r",\s+|\s+và\s+|\s+cùng\s+", key):
            rest_text, rest_key = part[m.end() :], key[m.end() :]
            if starts_with_agency(rest_text, rest_key):
                cuts.append(m.start())
                cuts.append(m.end())
        cuts.append(len(part))
        for a, b in zip(cuts[::2], cuts[1::2], strict=True):
            piece = part[a:b].strip(" ,.;:")
            if piece:
                out.append(piece)
    return out


_COOP_RE = re.compile(r"(?<![^\s,;(])phối hợp(?:\s+chặt chẽ)?(?:\s+(?:với|cùng))?\s+")


def coordinates(text: str, key: str | None = None) -> list[str]:
    """Agencies after "phối hợp (với)": the partners of a lead agency."""
    key = match_key(text) if key is None else key
    found: list[str] = []
    for m in _COOP_RE.finditer(key):
        if not starts_with_agency(text[m.end() :], key[m.end() :]):
            continue
        phrase = phrase_until_verb(text, key, m.end())
        for agency in split_agencies(phrase):
            if agency not in found:
                found.append(agency)
    return found


_CHU_TRI_RE = re.compile(r"(?<![^\s,;(])chủ trì(?![^\W\d_])")


def says_lead(key: str) -> bool:
    return bool(_CHU_TRI_RE.search(key))


def dedupe(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for name in names:
        k = match_key(name)
        if k not in seen:
            seen.add(k)
            out.append(name)
    return out
