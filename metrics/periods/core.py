"""The period type, the words and numbers period phrases are made of, and the pattern registry.

Each pattern module (``vietnamese``, ``english``) registers its phrases with ``_pattern``; the finder
(``finder``) runs them around their trigger words.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ..numbers import WORD_NUMERALS
__all__ = ["Period", "PeriodError", "parse_period", "find_periods", "month_end"]


class PeriodError(ValueError):
    """Raised when a text holds no period this parser understands."""


@dataclass(frozen=True)
class Period:
    """A reporting window: the dates it covers and the words that said so."""

    start: date | None
    end: date | None
    precision: str  # day, month, quarter, half, year, span or open
    text: str
    relative: bool = False  # depends on the publication date
    note: str = ""
    anchor: str = ""  # the event the window is counted from, when the text names one

    @property
    def days(self) -> int | None:
        if self.start is None or self.end is None:
            return None
        return (self.end - self.start).days + 1

    def contains(self, other: Period) -> bool:
        return (
            None not in (self.start, self.end, other.start, other.end)
            and self.start <= other.start
            and other.end <= self.end
        )

    def overlaps(self, other: Period) -> bool:
        if None in (self.start, self.end, other.start, other.end):
            return False
        return self.start <= other.end and other.start <= self.end


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
EN_MONTHS = {
    name: index
    for index, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
EN_ORDINAL_COUNT = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}

_YEAR = r"(?:19|20)\d{2}"
_VI_NUM = r"\d{1,2}|" + "|".join(sorted((w for w in WORD_NUMERALS if " " not in w), key=len, reverse=True))
_EN_MONTH = "|".join(sorted(EN_MONTHS, key=len, reverse=True))
_SEP = r"\s*[/\-.]\s*"


def _count(word: str) -> int:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return WORD_NUMERALS.get(word) or EN_ORDINAL_COUNT[word]


def _infer_year(month: int, day: int, published: date | None) -> tuple[int | None, str]:
    if published is None:
        return None, "year not written and publication date unknown"
    year = published.year
    if (month, day) > (published.month, published.day):
        year -= 1
    return year, ""


class _Builder:
    """Turns matched groups into periods, against one publication date."""

    def __init__(self, published: date | None):
        self.published = published

    def up_to_now(self, start: date | None, text: str, precision: str, note: str = "") -> Period:
        if self.published is None:
            note = "; ".join(filter(None, [note, "end is the publication date, which is unknown"]))
        return Period(start, self.published, precision, text, relative=True, note=note)


# Each pattern is tried in order; the finder keeps the longest non-overlapping matches.
# Handlers take (match, builder) and return a Period or None (not a period after all).
# Every match of a pattern holds its trigger (a year, "từ", "ngày", "quý", a month name...),
# so a pattern only runs on windows around its trigger's hits (see find_periods).
_PATTERNS: list[tuple[re.Pattern[str], object, str]] = []

# Trigger words, lower case, found in lower-cased text by one scan whose branches all start
# with a literal (so the regex engine skips ahead quickly); a hit's kind is named by its first
# word. Each pattern names the kinds of trigger its every match holds.
_TRIGGERS = [
    "từ", "ngày", "tháng", r"nửa\s+(?:đầu|cuối)", "quý", r"năm\s+(?:qua|vừa|nay|này)", r"năm\s+(?:19|20)\d\d",
    r"thời\s+gian\s+(?:qua|vừa|gần)", r"giai\s+đoạn", r"tuần\s+(?:qua|trước|vừa)", "since", "from", "between", "period", "quarter", "q[1-4]",
    r"in\s+(?:19|20)", r"during\s+(?:19|20)", r"throughout\s+(?:19|20)", r"for\s+(?:19|20)",
    "year", "months", "half", "past", "last", "recent", "yesterday",
    # Each part of the day written out, not as one group: every branch then starts with a letter.
    r"sáng\s+\d", r"trưa\s+\d", r"chiều\s+\d", r"tối\s+\d", r"đêm\s+\d",
    r"hôm\s+qua", r"sáng\s+qua", r"trưa\s+qua", r"chiều\s+qua", r"tối\s+qua", r"đêm\s+qua", r"this\s+month",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
]
_TRIGGER_KIND = {
    "từ": "tu", "ngày": "ngay", "tháng": "thang", "nửa": "nua", "quý": "quy", "thời": "thoigian", "giai": "giaidoan", "tuần": "tuan",
    "since": "since", "from": "from", "between": "from", "period": "period", "quarter": "quarter",
    "q1": "quarter", "q2": "quarter", "q3": "quarter", "q4": "quarter",
    "in": "en_year", "during": "en_year", "throughout": "en_year", "for": "en_year",
    "year": "en_rel", "months": "en_rel", "half": "en_rel", "past": "en_rel", "last": "en_rel", "recent": "en_rel", "yesterday": "en_rel",
    "hôm": "buoi", "this": "en_rel", "sáng": "buoi", "trưa": "buoi", "chiều": "buoi", "tối": "buoi", "đêm": "buoi",
    **{day: "en_weekday" for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")},
}
_TRIGGER_NAMES = set(_TRIGGER_KIND.values()) | {"nam_rel", "nam_year", "en_month"}
# How far a period phrase reaches from its trigger on either side (the longest phrases,
# "trong thời gian từ ngày 12/12/2024 đến ngày 13/12/2025", are about 60 characters).
_TRIGGER_MARGIN = 80


def _pattern(regex: str, trigger: str):
    compiled = re.compile(regex, re.IGNORECASE | re.UNICODE)
    trigger = frozenset(trigger.split())
    assert trigger <= _TRIGGER_NAMES

    def register(handler):
        _PATTERNS.append((compiled, handler, trigger))
        return handler

    return register


def _month_range(m1: int, y1: int | None, m2: int, y2: int | None, text: str, b) -> Period:
    """From the start of month m1 to the end of month m2; a year not written is that of the last such
    month up to publication."""
    note, inferred = "", y2 is None
    if inferred:
        y2, note = _infer_year(m2, 1, b.published)
        if y2 is None:
            return Period(None, None, "month", text, True, note)
    y1 = y1 if y1 is not None else (y2 - 1 if m1 > m2 else y2)
    return Period(date(y1, m1, 1), month_end(y2, m2), "month", text, relative=inferred, note=note)


def _months_after(start: date, months: int) -> date:
    """The last day of the ``months`` months that begin on ``start``."""
    index = start.year * 12 + start.month - 1 + months
    following = _safe_date(index // 12, index % 12 + 1, start.day) or month_end(index // 12, index % 12 + 1) + timedelta(days=1)
    return following - timedelta(days=1)


def _anchored(start: date | None, months: int | None, m, b, event: str, precision: str, note: str = "",
              relative: bool = False) -> Period | None:
    """A window counted from an event the text names: ``months`` long, or up to now when None."""
    if start is None and note == "":
        return None
    if months is None:
        return replace(b.up_to_now(start, m[0], precision, note), anchor=" ".join(event.split()))
    end = _months_after(start, months) if start else None
    return Period(start, end, precision, m[0], relative=relative, note=note, anchor=" ".join(event.split()))


# Windows anchored to an event the text names: "sau 3 tháng triển khai cao điểm (bắt đầu từ 15/3)".


def _safe_date(year: int | None, month: int, day: int) -> date | None:
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# Handlers both languages share: the same window, however it is written.
def from_year_to_now(m, b):
    """"từ năm 2023 đến nay", "since 2023": from January 1 of the year written to publication."""
    return b.up_to_now(date(int(m["y"]), 1, 1), m[0], "year")


def year_to_date(m, b):
    """"từ đầu năm đến nay", "so far this year": from January 1 of the publication year to publication."""
    if b.published is None:
        return b.up_to_now(None, m[0], "year", "start is January of the publication year, which is unknown")
    return b.up_to_now(date(b.published.year, 1, 1), m[0], "year")


def whole_year(m, b):
    """"năm 2024", "in 2024": January 1 to December 31 of the year written."""
    year = int(m["y"])
    return Period(date(year, 1, 1), date(year, 12, 31), "year", m[0])


def twelve_months_to_publication(m, b):
    """"năm qua", "over the past year": the twelve months up to publication."""
    if b.published is None:
        return Period(None, None, "year", m[0], True, "twelve months before the publication date, which is unknown")
    start = _safe_date(b.published.year - 1, b.published.month, b.published.day) or date(b.published.year - 1, 3, 1)
    return Period(start + timedelta(days=1), b.published, "year", m[0], relative=True,
                  note="the twelve months up to publication")
