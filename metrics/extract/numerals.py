"""Numbers as written in a report: digits, word numerals, multipliers, and what may not be a count."""

from __future__ import annotations

import operator
import re

from ..numbers import MULTIPLIERS, WORD_NUMERALS, NumeralError, parse_number
from ..patterns import longest_first_trie
from .lexicon import _CaseBlind

# "a"/"an" count only what a report counts one by one (see _ARTICLE_METRICS) and "năm" (five, or year)
# only right before a unit; "dozen" multiplies ("a dozen phones", "two dozen").
_WORD_NUMBERS = {w: v for w, v in WORD_NUMERALS.items() if " " not in w and w not in {"a", "an", "năm", "tư", "mươi", "trăm", "hundred", "dozen"}}
_ARTICLES = frozenset({"a", "an"})
# Those words are looked for apart, in their language only, and kept only before a unit, a multiplier
# or a model (see items._count_words): most "năm" are years and most "a" are not counts.
_COUNT_WORDS = {
    # the look-behind after the word ("after the first letter" for "a"): the engine skips ahead to
    # the word's letters, a fast literal search for "năm"
    "vi": re.compile(r"(?P<word>năm(?<![\w\-]năm))(?!\w)", re.IGNORECASE),
    "en": re.compile(r"(?P<word>a(?<![\w\-].)n?)(?!\w)", re.IGNORECASE),
}
# What may stand right before a word numeral: a space or a punctuation mark (never a letter, a digit or
# "-": "xba", "ba-ba"), or nothing, at the start of the text.
_WORD_BEFORE = (
    "\t\n\v\f\r \u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000"
    + re.escape("!\"#$%&'()*+,./:;<=>?@[\\]^`{|}~«»¡¿§¶·°")
    + "\u2010-\u2027\u2030-\u205e"
)
# The first digit of a number: a decimal digit of the Basic Multilingual Plane, written out as a set
# of characters (the engine then tests each character against a table, twice as fast as \d).
DIGIT = "[" + re.escape("".join(chr(c) for c in range(0x10000) if chr(c).isdecimal())) + "]"
_NUMBER = re.compile(
    rf"(?<![\w.,:\-])(?<!\d/)(?P<digits>{DIGIT}\d{{0,2}}(?:[.,\u00a0]\d{{3}})+(?:[.,]\d+)?|{DIGIT}\d*(?:[.,]\d+)?)(?![\d/:]|[.,\-]\d)"
    rf"|(?<![^{_WORD_BEFORE}])(?P<word>{'|'.join(sorted(_WORD_NUMBERS, key=len, reverse=True))})(?!\w)",
    re.IGNORECASE,
)
# The same two kinds of number, scanned apart (faster). Digits: the digit branch of _NUMBER with
# its look-behinds moved after the first digit (they test the characters before that digit, as
# before), so that the engine skips ahead to digits. Word numerals: found in the lower-cased text
# by the same words as a trie, with the character before them: the engine then skips ahead to
# spaces (a literal) or to punctuation (a small set), not to every letter that begins a numeral
# (most letters of a Vietnamese text: a third of the items' time).
_DIGITS = re.compile(
    rf"(?P<digits>{DIGIT}(?<![\w.,:\-]\d)(?<!\d/\d)(?:\d{{0,2}}(?:[.,\u00a0]\d{{3}})+(?:[.,]\d+)?|\d*(?:[.,]\d+)?))"
    r"(?![\d/:]|[.,\-]\d)",
    re.IGNORECASE,
)
_WORD_NUMBER_LOWER = re.compile("(?P<word>" + longest_first_trie(_WORD_NUMBERS, rf"(?<![^{_WORD_BEFORE}].)") + r")(?!\w)")
_WORD_NUMBER_AFTER_SPACE = re.compile(" (?P<word>" + longest_first_trie(_WORD_NUMBERS) + r")(?!\w)")
_WORD_NUMBER_AFTER_MARK = re.compile(f"[{_WORD_BEFORE.replace(' ', '')}](?P<word>" + longest_first_trie(_WORD_NUMBERS) + r")(?!\w)")


def _word_numbers(lower: str, start: int, end: int) -> list[re.Match[str]]:
    """_WORD_NUMBER_LOWER.finditer(lower, start, end) as a list, found by the numerals after a space
    or a punctuation mark (the character before ``start`` included) and at the start of the text."""
    places = [m.start("word") for m in _WORD_NUMBER_AFTER_SPACE.finditer(lower, max(0, start - 1), end)]
    after_marks = [m.start("word") for m in _WORD_NUMBER_AFTER_MARK.finditer(lower, max(0, start - 1), end)]
    if after_marks:
        places = sorted(places + after_marks)
    if start == 0 and _WORD_NUMBER_LOWER.match(lower, 0, end) is not None:
        places.insert(0, 0)
    return [_WORD_NUMBER_LOWER.match(lower, at, end) for at in places]


def _numbers(text: str, lower: str | None, start: int, end: int):
    """The matches of _NUMBER in text[start:end], in order."""
    if lower is None:
        return _NUMBER.finditer(text, start, end)
    words = _word_numbers(lower, start, end)
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
# A multiplier written short against the digits, read only before a currency ("12m kip", "$2m",
# "VND3.5bn"): "12m" alone is as likely twelve metres.
_SHORT_MULTIPLIER = re.compile(r"(mn|bn|m|b|k)(?![^\W\d_])", re.IGNORECASE)
SHORT_MULTIPLIERS = {"m": 1_000_000, "mn": 1_000_000, "b": 1_000_000_000, "bn": 1_000_000_000, "k": 1_000}
# Words before "năm" that make it the year, not five ("mỗi năm", "trong năm", "hằng năm").
_YEAR_BEFORE = _CaseBlind(
    r"(?<!\w)(?:trong|cả|của|mỗi|hằng|hàng|các|những|nhiều|cùng|qua|một|vào|từ|đến|tới|sau|trước|đầu|cuối|giữa|hết|"
    r"năm|nay|này|kỳ|quý|tháng)\s*$",
)
# Words that make the number after them an identifier, a date part, an age or a marker ("số 12"; never
# "tổng số 12 bánh", a total).
_NOT_A_COUNT_BEFORE = _CaseBlind(
    r"(?<!\w)(?:mốc|cột\s+mốc|km|(?<!tổng\s)số|lộ|ql|tl|thị|hoạch|định|quyết|thứ|khóa|khoá|điều|khoản|ngày|tháng|năm|quý|lúc|"
    r"tuổi|sinh|đồn|tổ|đội|phòng|chương|phiên|hiệu|no\.?|number|marker|aged?|route|highway|article|decree|plan|resolution|directive)"
    r"\s*$",
)
# "up 12 cases" is a change; "turned up 3 bricks", "rounded up 12 suspects", "flagged down 2 trucks" are not.
_CHANGE_BEFORE = _CaseBlind(
    r"(?<!\w)(?:tăng|giảm|nhiều\s+hơn|ít\s+hơn|tăng\s+thêm|(?<!turned\s)(?<!rounded\s)up|(?<!flagged\s)down|increase\s+of|decrease\s+of|rise\s+of|an\s+increase\s+of|a\s+decrease\s+of)\s*$",
)


def _is_word_numeral(match: re.Match[str]) -> bool:
    """Whether a match of _numbers (or of another pattern with a "digits" or "word" group) is a word numeral."""
    pattern = match.re
    if pattern is _DIGITS:  # most numbers
        return False
    return (pattern is _WORD_NUMBER_LOWER or pattern is _NUMBER or "word" in pattern.groupindex) and bool(match["word"])


def _value(match: re.Match[str], language: str) -> float | None:
    if _is_word_numeral(match):
        return float(WORD_NUMERALS[match["word"].lower()])
    digits = match["digits"]
    if digits.isdecimal():  # most counts ("12"): what parse_number reads them as, without its checks
        return float(digits)
    digits = digits.replace("\u00a0", ".")
    for lang in (language, "en" if language == "vi" else "vi"):
        try:
            return float(parse_number(digits, lang))
        except NumeralError:
            continue
    return None


# Counts written as two words: "twenty-three", "forty one", "mười hai", "hai mươi lăm". The second word
# never counts alone; "năm" after "mười"/"mươi" is "years" ("mười năm"), never five ("lăm").
_TENS_EN = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_ONES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
         "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "lăm": 5, "nhăm": 5, "sáu": 6, "bảy": 7, "bẩy": 7,
         "tám": 8, "chín": 9}
_ONES_EN_AFTER_TENS = re.compile(r"(?:-|\u2010|\u2011|[ \t\u00a0]+)(one|two|three|four|five|six|seven|eight|nine)(?!\w)", re.IGNORECASE)
_ONES_VI_AFTER_TEN = re.compile(r"[ \t\u00a0]+(một|hai|ba|bốn|lăm|nhăm|sáu|bảy|bẩy|tám|chín)(?!\w)", re.IGNORECASE)
_TENS_VI = re.compile(r"[ \t\u00a0]+mươi(?:[ \t\u00a0]+(mốt|hai|ba|bốn|tư|lăm|nhăm|sáu|bảy|bẩy|tám|chín)(?!\w))?(?!\w)", re.IGNORECASE)
_TENS_VI_FIRST = frozenset({"hai", "ba", "bốn", "sáu", "bảy", "bẩy", "tám", "chín"})
COMPOUND_FIRST_WORDS = frozenset(_TENS_EN) | _TENS_VI_FIRST | {"mười"}  # the words compound_numeral may extend


def compound_numeral(subject: str, word: str, at: int, end: int) -> tuple[int, int] | None:
    """(value, where it ends) of a count written as two words whose first, ``word`` (lower case), ends at ``at``."""
    if word in _TENS_EN:
        ones = _ONES_EN_AFTER_TENS.match(subject, at, end)
        return (_TENS_EN[word] + _ONES[ones.group(1).lower()], ones.end()) if ones else None
    if word == "mười":
        ones = _ONES_VI_AFTER_TEN.match(subject, at, end)
        return (10 + _ONES[ones.group(1).lower()], ones.end()) if ones else None
    if word in _TENS_VI_FIRST:
        tens = _TENS_VI.match(subject, at, end)
        if tens is None:
            return None
        return (_ONES[word] * 10 + (_ONES[tens.group(1).lower()] if tens.group(1) else 0), tens.end())
    return None
