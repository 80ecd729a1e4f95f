"""What Tesseract gets wrong in a scanned plan, put back before the parser reads it.

- Footnote marks. A footnote ("¹ Theo … năm 2020 là 17.178 người") opens with a small
  raised digit that Tesseract reads as a plain "1": the footnote then reads as one more
  paragraph of the objectives (one more target). The mark is told by its box: much
  smaller than the line's letters and its foot above their baseline; it goes back to a
  superscript. The call in the text ("so với năm 2020¹") is glued to its word ("20201"):
  when the page holds footnote N, the first year or word followed by N gets its mark back.
- Words of the organisation of the Party and the State that Tesseract reads with the
  tone of a more frequent word ("các chỉ đảng bộ" for "các chi đảng bộ", "Chỉ cục" for
  "Chi cục"): only before the nouns that make them terms, so "chỉ đạo" stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_PLAIN = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
# A mark is at most this share of the height of the line's words…
_MARK_HEIGHT = 0.7
# …and its foot at least this share of that height above their baseline.
_MARK_RAISE = 0.2


@dataclass(frozen=True)
class Word:
    """A word as Tesseract boxed it (pixels from the page's top)."""

    text: str
    confidence: float
    top: int = 0
    height: int = 0

    @property
    def bottom(self) -> int:
        return self.top + self.height


def _median(values: list[int]) -> int:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def raised_marks(words: list[Word]) -> list[str]:
    """The line's words, a footnote mark printed small and raised given as "¹"."""
    letters = [w for w in words if any(c.isalpha() for c in w.text) and w.height > 0]
    if len(letters) < 2:
        return [w.text for w in words]
    height = _median([w.height for w in letters])
    # Descenders (g, p, the dot of ị) push some feet down: the median foot is the baseline.
    baseline = _median([w.bottom for w in letters])
    out = []
    for w in words:
        raised = w.bottom <= baseline - _MARK_RAISE * height
        if re.fullmatch(r"\d{1,2}", w.text) and w.height <= _MARK_HEIGHT * height and raised:
            out.append(w.text.translate(_SUPERSCRIPT))
        else:
            out.append(w.text)
    return out


_NOTE_LINE = re.compile(r"^([¹²³⁴⁵⁶⁷⁸⁹⁰]{1,2})\s", re.MULTILINE)


def restore_calls(text: str) -> str:
    """The call of each footnote on the page, when Tesseract glued it to its word as a
    plain digit: a year ("20201" → "2020¹") or a word ("người1" → "người¹")."""
    for marker in dict.fromkeys(_NOTE_LINE.findall(text)):
        if marker in _body(text):
            continue  # the call was read as a mark too
        digits = marker.translate(_PLAIN)
        call = re.compile(rf"(?<!\d)((?:19|20)\d\d|[^\W\d_]|%){digits}(?![\d.,]\d|\d)")
        for m in call.finditer(text):
            if not _on_note_line(text, m.start()):
                text = text[: m.end(1)] + marker + text[m.end() :]
                break
    return text


def _body(text: str) -> str:
    return _NOTE_LINE.sub("", text)


def _on_note_line(text: str, pos: int) -> bool:
    start = text.rfind("\n", 0, pos) + 1
    return bool(_NOTE_LINE.match(text, start))


# "chi" (a branch: chi bộ, chi đảng bộ, chi đoàn, chi hội, chi cục, chi nhánh) read as
# "chỉ" (only; to point), the more frequent word; not where "chỉ" begins a phrase of its
# own ("chỉ bộ phận …", "chỉ đoàn kết", "chỉ hội đủ").
_CHI_TERMS = re.compile(
    r"\b([Cc])hỉ(?=\s+(?:đảng bộ|bộ(?!\s+(?:phận|ngành|máy))|đoàn(?!\s+kết)|"
    r"hội(?!\s+(?:đủ|tụ|nhập))|cục|nhánh)\b)"
)


def repair_terms(text: str) -> str:
    return _CHI_TERMS.sub(r"\1hi", text)
