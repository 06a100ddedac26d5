"""Numbers as written in a report: digits, word numerals, multipliers, and what may not be a count."""

from __future__ import annotations

import operator
import re

from ..agencies import longest_first_trie
from ..numbers import MULTIPLIERS, WORD_NUMERALS, NumeralError, parse_number
from .lexicon import _CaseBlind

_WORD_NUMBERS = {w: v for w, v in WORD_NUMERALS.items() if " " not in w and w not in {"a", "an", "năm", "tư", "mươi", "trăm", "hundred", "dozen"}}
_NUMBER = re.compile(
    r"(?<![\w.,:\-])(?<!\d/)(?P<digits>\d{1,3}(?:[.,\u00a0]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?![\d/:]|[.,\-]\d)"
    rf"|(?<![\w\-])(?P<word>{'|'.join(sorted(_WORD_NUMBERS, key=len, reverse=True))})(?!\w)",
    re.IGNORECASE,
)
# The same two kinds of number, scanned apart (faster). Digits: the digit branch of _NUMBER with
# its look-behinds moved after the first digit (they test the characters before that digit, as
# before), so that the engine skips ahead to digits. Word numerals: found in the lower-cased text
# by the same words as a trie, the look-behind after the first letter for the same reason.
_DIGITS = re.compile(
    r"(?P<digits>\d(?<![\w.,:\-]\d)(?<!\d/\d)(?:\d{0,2}(?:[.,\u00a0]\d{3})+(?:[.,]\d+)?|\d*(?:[.,]\d+)?))"
    r"(?![\d/:]|[.,\-]\d)",
    re.IGNORECASE,
)
_WORD_NUMBER_LOWER = re.compile("(?P<word>" + longest_first_trie(_WORD_NUMBERS, r"(?<![\w\-].)") + r")(?!\w)")


def _numbers(text: str, lower: str | None, start: int, end: int):
    """The matches of _NUMBER in text[start:end], in order."""
    if lower is None:
        return _NUMBER.finditer(text, start, end)
    words = list(_WORD_NUMBER_LOWER.finditer(lower, start, end))
    if not words:
        return _DIGITS.finditer(text, start, end)
    found = list(_DIGITS.finditer(text, start, end)) + words
    found.sort(key=_match_start)
    return found


_match_start = operator.methodcaller("start")


_MULTIPLIER = _CaseBlind(
    r"[ \t\u00a0]{0,2}((?:" + "|".join(sorted((m for m in MULTIPLIERS if m not in {"tr", "mn", "bn", "van", "ty", "ngan", "nghin", "trieu"}), key=len, reverse=True))
    + r")(?:\s+(?:tỷ|tỉ))?)(?!\w)",
)
# Words that make the number after them an identifier, a date part, an age or a marker.
_NOT_A_COUNT_BEFORE = _CaseBlind(
    r"(?<!\w)(?:mốc|cột\s+mốc|km|số|lộ|ql|tl|thị|hoạch|định|quyết|thứ|khóa|khoá|điều|khoản|ngày|tháng|năm|quý|lúc|"
    r"tuổi|sinh|đồn|tổ|đội|phòng|chương|phiên|hiệu|no\.?|number|marker|aged?|route|highway|article|decree|plan|resolution|directive)"
    r"\s*$",
)
_CHANGE_BEFORE = _CaseBlind(
    r"(?<!\w)(?:tăng|giảm|nhiều\s+hơn|ít\s+hơn|tăng\s+thêm|up|down|increase\s+of|decrease\s+of|rise\s+of|an\s+increase\s+of|a\s+decrease\s+of)\s*$",
)


def _is_word_numeral(match: re.Match[str]) -> bool:
    """Whether a match of _numbers (or of another pattern with a "digits" group) is a word numeral."""
    return match.re is _WORD_NUMBER_LOWER or (match.re is _NUMBER and bool(match["word"]))


def _value(match: re.Match[str], language: str) -> float | None:
    if _is_word_numeral(match):
        return float(_WORD_NUMBERS[match["word"].lower()])
    digits = match["digits"].replace("\u00a0", ".")
    for lang in (language, "en" if language == "vi" else "vi"):
        try:
            return float(parse_number(digits, lang))
        except NumeralError:
            continue
    return None
