"""Reporting windows: the period type and a parser for Vietnamese and English period phrases.

Relative phrases ("đến nay", "năm qua", "so far this year") are read against the
publication date. Without one, the side that depends on it is left open (None) and the
period says why in ``note``.

Rules worth knowing (each is applied in one place below):
- "năm qua" / "the past year" is the twelve months up to publication, not a calendar year.
- "thời gian qua" / "recently" has no start: the window is open on the left.
- A day or month written without a year takes the publication year, or the year before when
  that would put it after the publication date ("từ ngày 13/11 đến nay" in a January report).
- "N tháng đầu năm" is January to the end of month N; "N tháng năm 2024" (no "đầu") means the
  same in press usage ("11 tháng năm 2024" is January to November).
- A phrase naming two periods ("năm 2021 và quý I/2022") is the span from the first start to
  the last end.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, timedelta

from .numbers import WORD_NUMERALS

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
    "year", "months", "half", "past", "last", "recent",
    # Each part of the day written out, not as one group: every branch then starts with a letter.
    r"sáng\s+\d", r"trưa\s+\d", r"chiều\s+\d", r"tối\s+\d", r"đêm\s+\d",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
]
_TRIGGER_KIND = {
    "từ": "tu", "ngày": "ngay", "tháng": "thang", "nửa": "nua", "quý": "quy", "thời": "thoigian", "giai": "giaidoan", "tuần": "tuan",
    "since": "since", "from": "from", "between": "from", "period": "period", "quarter": "quarter",
    "q1": "quarter", "q2": "quarter", "q3": "quarter", "q4": "quarter",
    "in": "en_year", "during": "en_year", "throughout": "en_year", "for": "en_year",
    "year": "en_rel", "months": "en_rel", "half": "en_rel", "past": "en_rel", "last": "en_rel", "recent": "en_rel",
    "sáng": "buoi", "trưa": "buoi", "chiều": "buoi", "tối": "buoi", "đêm": "buoi",
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


# --- Vietnamese -------------------------------------------------------------------------

_TU = r"(?:(?:kể\s+)?từ|tính\s+từ|trong(?:\s+thời\s+gian)?\s+từ)"
_DEN_NAY = r"(?:đến|tới)\s+(?:nay|thời\s+điểm\s+(?:này|hiện\s+tại)|hiện\s+nay|hiện\s+tại)"


@_pattern(rf"\b{_TU}\s+(?:ngày\s+)?(?P<d>\d{{1,2}}){_SEP}(?P<m>\d{{1,2}})(?:{_SEP}(?P<y>{_YEAR}))?\s+{_DEN_NAY}", trigger="tu")
def _vi_from_day_to_now(m, b):
    day, month = int(m["d"]), int(m["m"])
    year, note = (int(m["y"]), "") if m["y"] else _infer_year(month, day, b.published)
    start = _safe_date(year, month, day) if year else None
    if year and start is None:
        return None
    return b.up_to_now(start, m[0], "day", note)


@_pattern(rf"\b{_TU}\s+(?:đầu\s+)?tháng\s+(?P<m>\d{{1,2}})(?:{_SEP}|\s+năm\s+)(?P<y>{_YEAR})\s+{_DEN_NAY}", trigger="tu")
def _vi_from_month_to_now(m, b):
    month = int(m["m"])
    if not 1 <= month <= 12:
        return None
    return b.up_to_now(date(int(m["y"]), month, 1), m[0], "month")


@_pattern(rf"\b{_TU}\s+(?:đầu\s+)?tháng\s+(?P<m>\d{{1,2}})\s+{_DEN_NAY}", trigger="tu")
def _vi_from_month_no_year_to_now(m, b):
    month = int(m["m"])
    if not 1 <= month <= 12:
        return None
    year, note = _infer_year(month, 1, b.published)
    return b.up_to_now(date(year, month, 1) if year else None, m[0], "month", note)


@_pattern(rf"\b{_TU}\s+(?:đầu\s+)?năm\s+(?P<y>{_YEAR})\s+{_DEN_NAY}", trigger="tu")
def _vi_from_year_to_now(m, b):
    return b.up_to_now(date(int(m["y"]), 1, 1), m[0], "year")


@_pattern(rf"\b{_TU}\s+đầu\s+năm(?:\s+(?:nay|này))?\s+{_DEN_NAY}", trigger="tu")
def _vi_year_to_date(m, b):
    if b.published is None:
        return b.up_to_now(None, m[0], "year", "start is January of the publication year, which is unknown")
    return b.up_to_now(date(b.published.year, 1, 1), m[0], "year")


# "Từ đầu năm 2021 đến ngày 15-6-2021", "từ đầu năm đến hết tháng 5": from January 1 to that day
# (or the end of that month), never only the day.
@_pattern(
    rf"\b{_TU}\s+đầu\s+năm(?:\s+(?P<y>{_YEAR})|\s+(?:nay|này))?\s*(?:đến|tới|-|–)\s*(?:hết\s+|cuối\s+)?"
    rf"(?:ngày\s+(?P<d>\d{{1,2}}){_SEP}(?P<m>\d{{1,2}})(?:{_SEP}(?P<y2>{_YEAR}))?|tháng\s+(?P<mm>\d{{1,2}})(?:(?:{_SEP}|\s+năm\s+)(?P<my>{_YEAR}))?)",
    trigger="tu")
def _vi_start_of_year_to(m, b):
    if m["d"]:
        day, month, written = int(m["d"]), int(m["m"]), m["y2"] or m["y"]
    else:
        day, month, written = None, int(m["mm"]), m["my"] or m["y"]
    if not 1 <= month <= 12:
        return None
    year, note = (int(written), "") if written else _infer_year(month, day or 1, b.published)
    if year is None:
        return Period(None, None, "day" if day else "month", m[0], True, note)
    end = _safe_date(year, month, day) if day else month_end(year, month)
    if end is None:
        return None
    return Period(date(year, 1, 1), end, "day" if day else "month", m[0], relative=not written, note=note)


@_pattern(
    rf"\b{_TU}\s+(?:ngày\s+)?(?P<d1>\d{{1,2}}){_SEP}(?P<m1>\d{{1,2}})(?:{_SEP}(?P<y1>{_YEAR}))?"
    rf"\s*(?:đến|tới|-|–)\s*(?:ngày\s+)?(?P<d2>\d{{1,2}}){_SEP}(?P<m2>\d{{1,2}})(?:{_SEP}(?P<y2>{_YEAR}))?", trigger="tu")
def _vi_day_range(m, b):
    d1, m1, d2, m2 = int(m["d1"]), int(m["m1"]), int(m["d2"]), int(m["m2"])
    note = ""
    if m["y2"]:
        y2 = int(m["y2"])
    else:
        y2, note = _infer_year(m2, d2, b.published)
    if m["y1"]:
        y1 = int(m["y1"])
    elif y2 is not None:
        y1 = y2 - 1 if (m1, d1) > (m2, d2) else y2
    else:
        y1 = None
    start = _safe_date(y1, m1, d1) if y1 else None
    end = _safe_date(y2, m2, d2) if y2 else None
    if (y1 and start is None) or (y2 and end is None) or (start and end and start > end):
        return None
    return Period(start, end, "day", m[0], relative=not m["y2"], note=note)


@_pattern(rf"\b(?:{_TU}\s+)?ngày\s+(?P<d1>\d{{1,2}})\s*[-–]\s*(?P<d2>\d{{1,2}}){_SEP}(?P<m>\d{{1,2}})(?:{_SEP}(?P<y>{_YEAR}))?", trigger="ngay")
def _vi_days_of_month(m, b):
    d1, d2, month = int(m["d1"]), int(m["d2"]), int(m["m"])
    year, note = (int(m["y"]), "") if m["y"] else _infer_year(month, d1, b.published)
    start, end = _safe_date(year, month, d1), _safe_date(year, month, d2)
    if year and (start is None or end is None or start > end):
        return None
    return Period(start, end, "day", m[0], relative=not m["y"], note=note)


# Incident reports date by the part of the day without "ngày": "Rạng sáng 19/1", "tối 20/3/2025".
@_pattern(
    rf"\b(?:rạng\s+)?(?:sáng|trưa|chiều|tối|đêm)\s+(?:hôm\s+)?(?P<d>\d{{1,2}}){_SEP}(?P<m>\d{{1,2}})(?:{_SEP}(?P<y>{_YEAR}))?(?![\d:h])",
    trigger="buoi",
)
@_pattern(rf"\bngày\s+(?P<d>\d{{1,2}}){_SEP}(?P<m>\d{{1,2}})(?:{_SEP}(?P<y>{_YEAR}))?", trigger="ngay")
def _vi_day(m, b):
    day, month = int(m["d"]), int(m["m"])
    year, note = (int(m["y"]), "") if m["y"] else _infer_year(month, day, b.published)
    when = _safe_date(year, month, day)
    if year and when is None:
        return None
    return Period(when, when, "day", m[0], relative=not m["y"], note=note)


@_pattern(
    rf"\b{_TU}\s+(?:đầu\s+)?tháng\s+(?P<m1>\d{{1,2}})(?:(?:{_SEP}|\s+năm\s+)(?P<y1>{_YEAR}))?"
    rf"\s*(?:đến|tới|-|–)\s*(?:hết\s+|cuối\s+)?tháng\s+(?P<m2>\d{{1,2}})(?:(?:{_SEP}|\s+năm\s+)(?P<y2>{_YEAR}))?(?![\d/])", trigger="tu")
def _vi_month_range(m, b):
    m1, m2 = int(m["m1"]), int(m["m2"])
    if not (1 <= m1 <= 12 and 1 <= m2 <= 12):
        return None
    return _month_range(m1, int(m["y1"]) if m["y1"] else None, m2, int(m["y2"]) if m["y2"] else None, m[0], b)


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


@_pattern(
    rf"\b(?:{_TU}|giai\s+đoạn|trong\s+giai\s+đoạn)\s+(?:đầu\s+)?(?:năm\s+)?(?P<y1>{_YEAR})"
    rf"\s*(?:đến|tới|-|–)\s*(?:hết\s+|cuối\s+)?(?:năm\s+)?(?P<y2>{_YEAR})", trigger="tu giaidoan")
def _vi_year_range(m, b):
    y1, y2 = int(m["y1"]), int(m["y2"])
    if y1 > y2:
        return None
    return Period(date(y1, 1, 1), date(y2, 12, 31), "year", m[0])


@_pattern(
    rf"\b(?P<n>{_VI_NUM})\s+tháng\s+(?P<part>đầu|cuối)(?:\s+năm)?(?:\s+(?P<y>{_YEAR}))?"
    rf"|\bnửa\s+(?P<half>đầu|cuối)\s+năm(?:\s+(?P<hy>{_YEAR}))?", trigger="thang nua")
def _vi_months_of_year(m, b):
    if m["half"]:
        n, part, written_year = 6, m["half"].lower(), m["hy"]
    else:
        n, part, written_year = _count(m["n"]), m["part"].lower(), m["y"]
    if not 1 <= n <= 12:
        return None
    year = int(written_year) if written_year else (b.published.year if b.published else None)
    precision = "half" if n == 6 else "month"
    if year is None:
        return Period(None, None, precision, m[0], relative=True, note="year not written and publication date unknown")
    if part == "đầu":
        start, end = date(year, 1, 1), month_end(year, n)
    else:
        start, end = date(year, 13 - n, 1), date(year, 12, 31)
    return Period(start, end, precision, m[0], relative=not written_year)


@_pattern(rf"\b(?P<n>\d{{1,2}})\s+tháng\s+(?:năm\s+)?(?P<y>{_YEAR})", trigger="thang")
def _vi_months_year_to_month(m, b):
    n = int(m["n"])
    if not 1 <= n <= 11:
        return None
    year = int(m["y"])
    return Period(date(year, 1, 1), month_end(year, n), "month", m[0])


@_pattern(rf"\bquý\s+(?P<q>IV|III|II|I|[1-4])\b(?:(?:{_SEP}|\s+năm\s+|\s+)(?P<y>{_YEAR}))?", trigger="quy")
def _vi_quarter(m, b):
    quarter = ROMAN.get(m["q"].lower()) or int(m["q"])
    if m["y"]:
        year, relative = int(m["y"]), False
    elif b.published:
        year, relative = b.published.year, True
    else:
        return Period(None, None, "quarter", m[0], True, "year not written and publication date unknown")
    return Period(date(year, 3 * quarter - 2, 1), month_end(year, 3 * quarter), "quarter", m[0], relative)


@_pattern(rf"\btháng\s+(?P<m>\d{{1,2}})(?:{_SEP}|\s+năm\s+)(?P<y>{_YEAR})", trigger="thang")
def _vi_month(m, b):
    month = int(m["m"])
    if not 1 <= month <= 12:
        return None
    year = int(m["y"])
    return Period(date(year, month, 1), month_end(year, month), "month", m[0])


@_pattern(rf"\b(?:trong\s+|cả\s+|của\s+)?năm\s+(?P<y>{_YEAR})\b", trigger="nam_year")
def _vi_year(m, b):
    year = int(m["y"])
    return Period(date(year, 1, 1), date(year, 12, 31), "year", m[0])


@_pattern(r"\b(?:trong\s+)?(?:một\s+|01\s+|1\s+)?năm\s+(?:qua|vừa\s+qua)\b", trigger="nam_rel")
def _vi_past_year(m, b):
    if b.published is None:
        return Period(None, None, "year", m[0], True, "twelve months before the publication date, which is unknown")
    start = _safe_date(b.published.year - 1, b.published.month, b.published.day) or date(b.published.year - 1, 3, 1)
    return Period(start + timedelta(days=1), b.published, "year", m[0], relative=True,
                  note="the twelve months up to publication")


@_pattern(r"\b(?:trong\s+)?năm\s+(?:nay|này)\b", trigger="nam_rel")
def _vi_this_year(m, b):
    if b.published is None:
        return Period(None, None, "year", m[0], True, "the publication year, which is unknown")
    return Period(date(b.published.year, 1, 1), b.published, "year", m[0], relative=True)


@_pattern(r"\b(?:trong\s+)?thời\s+gian\s+(?:qua|vừa\s+qua|gần\s+đây)\b", trigger="thoigian")
def _vi_recently(m, b):
    return Period(None, b.published, "open", m[0], relative=True,
                  note="no start was written: the window is open on the left")


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
@_pattern(
    rf"\bsau\s+(?P<n>{_VI_NUM})\s+(?P<u>tháng|năm)\s+(?P<event>(?:triển\s+khai|thực\s+hiện|ra\s+quân)[^.;]{{0,50}}?)[\s,(]*"
    rf"(?:bắt\s+đầu\s+)?từ\s+(?:ngày\s+)?(?P<d>\d{{1,2}}){_SEP}(?P<m>\d{{1,2}})(?:{_SEP}(?P<y>{_YEAR}))?\)?", trigger="tu")
def _vi_months_after_event(m, b):
    day, month = int(m["d"]), int(m["m"])
    year, note = (int(m["y"]), "") if m["y"] else _infer_year(month, day, b.published)
    months = _count(m["n"]) * (12 if m["u"].lower() == "năm" else 1)
    return _anchored(_safe_date(year, month, day), months, m, b, m["event"], "day", note, relative=not m["y"])


# "kể từ khi ký kết quy chế phối hợp (tháng 5/2022)": from the event to now.
@_pattern(
    rf"\b(?:kể\s+)?từ\s+khi\s+(?P<event>[^.;()]{{3,70}}?)[\s,]*\(?\s*(?:vào\s+)?"
    rf"(?:tháng\s+(?P<m>\d{{1,2}})(?:{_SEP}|\s+năm\s+)(?P<y>{_YEAR})|(?:ngày\s+)?(?P<d2>\d{{1,2}}){_SEP}(?P<m2>\d{{1,2}}){_SEP}(?P<y2>{_YEAR})|năm\s+(?P<y3>{_YEAR}))\)?",
    trigger="tu")
def _vi_since_event(m, b):
    if m["m"]:
        start, precision = _safe_date(int(m["y"]), int(m["m"]), 1), "month"
    elif m["d2"]:
        start, precision = _safe_date(int(m["y2"]), int(m["m2"]), int(m["d2"])), "day"
    else:
        start, precision = date(int(m["y3"]), 1, 1), "year"
    return _anchored(start, None, m, b, m["event"], precision)


# --- English ----------------------------------------------------------------------------

# "in the first year of carrying out the memorandum signed in March 2022": counted from the event.
_EN_EVENT_VERB = r"(?:was\s+|were\s+)?(?:signed|launched|started|began|adopted|took\s+effect|came\s+into\s+force)"


@_pattern(
    rf"\b(?:in|during|over)\s+the\s+first\s+(?:(?P<n>\d{{1,2}}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?P<u>months|years)|(?P<one>year|month))"
    rf"\s+(?:of|since|after)\s+(?P<event>[^.;]{{3,60}}?)\s+{_EN_EVENT_VERB}\s+(?:in|on)\s+(?P<mon>{_EN_MONTH})\.?\s+(?:(?P<d>\d{{1,2}}),?\s+)?(?P<y>{_YEAR})",
    trigger="en_month")
def _en_first_months_of_event(m, b):
    start = _safe_date(int(m["y"]), EN_MONTHS[m["mon"].lower()], int(m["d"]) if m["d"] else 1)
    if m["one"]:
        months = 12 if m["one"].lower() == "year" else 1
    else:
        months = _count(m["n"]) * (12 if m["u"].lower() == "years" else 1)
    return _anchored(start, months, m, b, m["event"], "day" if m["d"] else "month")


@_pattern(
    rf"\bsince\s+(?P<event>[^.;,]{{3,60}}?)\s+{_EN_EVENT_VERB}\s+(?:in|on)\s+(?P<mon>{_EN_MONTH})\.?\s+(?:(?P<d>\d{{1,2}}),?\s+)?(?P<y>{_YEAR})",
    trigger="since")
def _en_since_event(m, b):
    start = _safe_date(int(m["y"]), EN_MONTHS[m["mon"].lower()], int(m["d"]) if m["d"] else 1)
    return _anchored(start, None, m, b, m["event"], "day" if m["d"] else "month")



@_pattern(rf"\bsince\s+(?:the\s+beginning\s+of\s+|early\s+)?(?P<mon>{_EN_MONTH})\.?\s*,?\s*(?P<y>{_YEAR})", trigger="since")
def _en_since_month(m, b):
    return b.up_to_now(date(int(m["y"]), EN_MONTHS[m["mon"].lower()], 1), m[0], "month")


@_pattern(rf"\bsince\s+(?:the\s+beginning\s+of\s+|early\s+)?(?P<mon>{_EN_MONTH})\b(?!\.?,?\s*\d)", trigger="since")
def _en_since_month_no_year(m, b):
    month = EN_MONTHS[m["mon"].lower()]
    year, note = _infer_year(month, 1, b.published)
    return b.up_to_now(date(year, month, 1) if year else None, m[0], "month", note)


@_pattern(rf"\bsince\s+(?:the\s+beginning\s+of\s+|early\s+)?(?P<y>{_YEAR})", trigger="since")
def _en_since_year(m, b):
    return b.up_to_now(date(int(m["y"]), 1, 1), m[0], "year")


@_pattern(r"\b(?:since\s+the\s+(?:beginning|start)\s+of\s+(?:the|this)\s+year|so\s+far\s+this\s+year|year\s+to\s+date|this\s+year)\b", trigger="en_rel")
def _en_year_to_date(m, b):
    if b.published is None:
        return b.up_to_now(None, m[0], "year", "start is January of the publication year, which is unknown")
    return b.up_to_now(date(b.published.year, 1, 1), m[0], "year")


@_pattern(
    rf"\b(?:from|between)\s+(?P<d1>\d{{1,2}})\s+(?P<m1>{_EN_MONTH})\.?(?:\s+(?P<y1>{_YEAR}))?"
    rf"\s+(?:to|and|until|through|-|–)\s+(?P<d2>\d{{1,2}})\s+(?P<m2>{_EN_MONTH})\.?,?(?:\s+(?P<y2>{_YEAR}))?"
    rf"|\b(?:from|between)\s+(?P<m1b>{_EN_MONTH})\.?\s+(?P<d1b>\d{{1,2}})(?:,?\s+(?P<y1b>{_YEAR}))?"
    rf"\s+(?:to|and|until|through|-|–)\s+(?P<m2b>{_EN_MONTH})\.?\s+(?P<d2b>\d{{1,2}}),?(?:\s+(?P<y2b>{_YEAR}))?", trigger="en_month")
def _en_day_range(m, b):
    g = {k: (m[k] or m[k + "b"]) for k in ("d1", "m1", "y1", "d2", "m2", "y2")}
    d1, d2 = int(g["d1"]), int(g["d2"])
    m1, m2 = EN_MONTHS[g["m1"].lower()], EN_MONTHS[g["m2"].lower()]
    note = ""
    if g["y2"]:
        y2 = int(g["y2"])
    else:
        y2, note = _infer_year(m2, d2, b.published)
    y1 = int(g["y1"]) if g["y1"] else (None if y2 is None else (y2 - 1 if (m1, d1) > (m2, d2) else y2))
    start = _safe_date(y1, m1, d1) if y1 else None
    end = _safe_date(y2, m2, d2) if y2 else None
    if (y1 and start is None) or (y2 and end is None) or (start and end and start > end):
        return None
    return Period(start, end, "day", m[0], relative=not g["y2"], note=note)


@_pattern(
    rf"\b(?:from|between)\s+(?P<d1>\d{{1,2}})\s+(?P<m1>{_EN_MONTH})\.?(?:\s+(?P<y1>{_YEAR}))?\s+(?:to\s+date|until\s+now|to\s+now)"
    rf"|\b(?:from|since)\s+(?P<m1b>{_EN_MONTH})\.?\s+(?P<d1b>\d{{1,2}})(?:,?\s+(?P<y1b>{_YEAR}))?(?:\s+(?:to\s+date|until\s+now|to\s+now))?", trigger="en_month")
def _en_from_day_to_now(m, b):
    day = int(m["d1"] or m["d1b"])
    month = EN_MONTHS[(m["m1"] or m["m1b"]).lower()]
    written_year = m["y1"] or m["y1b"]
    year, note = (int(written_year), "") if written_year else _infer_year(month, day, b.published)
    start = _safe_date(year, month, day) if year else None
    if year and start is None:
        return None
    return b.up_to_now(start, m[0], "day", note)


@_pattern(
    rf"\bon\s+(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?(?P<mon>{_EN_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s+(?P<y>{_YEAR}))?"
    rf"|\bon\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon2>{_EN_MONTH})\.?(?:,?\s+(?P<y2>{_YEAR}))?",
    trigger="en_month",
)
def _en_day(m, b):
    day, month = int(m["d"] or m["d2"]), EN_MONTHS[(m["mon"] or m["mon2"]).lower()]
    written_year = m["y"] or m["y2"]
    year, note = (int(written_year), "") if written_year else _infer_year(month, day, b.published)
    when = _safe_date(year, month, day)
    if year and when is None:
        return None
    return Period(when, when, "day", m[0], relative=not written_year, note=note)


@_pattern(
    rf"\b(?:from|between)\s+(?P<m1>{_EN_MONTH})\.?(?:\s+(?P<y1>{_YEAR}))?\s+(?:to|and|until|through|-|–)\s+(?P<m2>{_EN_MONTH})\b\.?(?:,?\s+(?P<y2>{_YEAR}))?(?!\s*\d)", trigger="en_month")
def _en_month_range(m, b):
    m1, m2 = EN_MONTHS[m["m1"].lower()], EN_MONTHS[m["m2"].lower()]
    return _month_range(m1, int(m["y1"]) if m["y1"] else None, m2, int(m["y2"]) if m["y2"] else None, m[0], b)


@_pattern(rf"\b(?:from|between)\s+(?P<y1>{_YEAR})\s*(?:to|and|until|through|-|–)\s*(?P<y2>{_YEAR})|\b(?P<y1b>{_YEAR})\s*[-–]\s*(?P<y2b>{_YEAR})\s+period", trigger="from period")
def _en_year_range(m, b):
    y1, y2 = int(m["y1"] or m["y1b"]), int(m["y2"] or m["y2b"])
    if y1 > y2:
        return None
    return Period(date(y1, 1, 1), date(y2, 12, 31), "year", m[0])


@_pattern(
    rf"\b(?:the\s+)?first\s+(?P<n>six|nine|three|\d{{1,2}}|eight|ten|eleven|four|five|seven|two)\s+months\s+(?:of\s+)?(?:(?:the|this)\s+year|(?P<y>{_YEAR}))"
    rf"|\b(?:the\s+)?(?P<half>first|second)\s+half\s+of\s+(?:(?:the|this)\s+year|(?P<hy>{_YEAR}))", trigger="en_rel")
def _en_months_of_year(m, b):
    written_year = m["y"] or m["hy"]
    year = int(written_year) if written_year else (b.published.year if b.published else None)
    if m["half"]:
        n, first = 6, m["half"].lower() == "first"
    else:
        n, first = _count(m["n"]), True
    if not 1 <= n <= 12:
        return None
    precision = "half" if n == 6 else "month"
    if year is None:
        return Period(None, None, precision, m[0], True, "year not written and publication date unknown")
    if first:
        return Period(date(year, 1, 1), month_end(year, n), precision, m[0], relative=not written_year)
    return Period(date(year, 7, 1), date(year, 12, 31), precision, m[0], relative=not written_year)


@_pattern(
    rf"\b(?:the\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter(?:\s+of)?\s+(?P<y>{_YEAR})"
    rf"|\bQ(?P<q>[1-4])(?:\s*[/\-]\s*|\s+)(?P<qy>{_YEAR})", trigger="quarter")
def _en_quarter(m, b):
    quarter = _count(m["ord"]) if m["ord"] else int(m["q"])
    year = int(m["y"] or m["qy"])
    return Period(date(year, 3 * quarter - 2, 1), month_end(year, 3 * quarter), "quarter", m[0])


@_pattern(rf"\b(?:in\s+|during\s+)?(?P<mon>{_EN_MONTH})\.?,?\s+(?P<y>{_YEAR})", trigger="en_month")
def _en_month(m, b):
    month = EN_MONTHS[m["mon"].lower()]
    year = int(m["y"])
    return Period(date(year, month, 1), month_end(year, month), "month", m[0])


# "in June" without a year: the last June up to publication.
@_pattern(rf"\b(?:in|during|throughout)\s+(?P<mon>{_EN_MONTH})\b(?!\.?,?\s+\d)", trigger="en_month")
def _en_month_no_year(m, b):
    month = EN_MONTHS[m["mon"].lower()]
    year, note = _infer_year(month, 1, b.published)
    if year is None:
        return Period(None, None, "month", m[0], True, note)
    return Period(date(year, month, 1), month_end(year, month), "month", m[0], relative=True, note=note)


@_pattern(rf"\b(?:in|during|throughout|for)\s+(?P<y>{_YEAR})\b", trigger="en_year")
def _en_year(m, b):
    year = int(m["y"])
    return Period(date(year, 1, 1), date(year, 12, 31), "year", m[0])


@_pattern(r"\b(?:over\s+|in\s+|during\s+)?the\s+(?:past|last)\s+(?:12\s+months|twelve\s+months|year)\b", trigger="en_rel")
def _en_past_year(m, b):
    if b.published is None:
        return Period(None, None, "year", m[0], True, "twelve months before the publication date, which is unknown")
    start = _safe_date(b.published.year - 1, b.published.month, b.published.day) or date(b.published.year - 1, 3, 1)
    return Period(start + timedelta(days=1), b.published, "year", m[0], relative=True,
                  note="the twelve months up to publication")


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


# "Last Tuesday", "on Monday": the last such day before publication (on or before it for "on").
@_pattern(rf"(?<!said\s)(?<!told\s)(?<!stated\s)(?<!reported\s)(?<!announced\s)"
          rf"\b(?:(?P<last>last)|on|early\s+on|late\s+on)\s+(?P<wd>{'|'.join(_WEEKDAYS)})\b(?!\s*,?\s*(?:{_EN_MONTH})\b|\s*,?\s*\d)", trigger="en_weekday")
def _en_weekday(m, b):
    if b.published is None:
        return Period(None, None, "day", m[0], True, "the week of publication, which is unknown")
    back = (b.published.weekday() - _WEEKDAYS.index(m["wd"].lower())) % 7
    if back == 0 and m["last"]:
        back = 7
    when = b.published - timedelta(days=back)
    return Period(when, when, "day", m[0], relative=True)


# A comparison names the base of a change, not the window of a figure: "up 12% on last month", "so với tuần trước".
_NOT_A_COMPARISON = (r"(?<!than\s)(?<!with\s)(?<!to\s)(?<!on\s)(?<!from\s)(?<!over\s)(?<!với\s)(?<!bằng\s)")


# "last week", "tuần trước": the calendar week (Monday to Sunday) before the week of publication.
@_pattern(_NOT_A_COMPARISON + r"\blast\s+week\b|" + _NOT_A_COMPARISON + r"\btuần\s+trước\b",
          trigger="en_rel tuan")
def _last_week(m, b):
    if b.published is None:
        return Period(None, None, "span", m[0], True, "the week before publication, which is unknown")
    monday = b.published - timedelta(days=b.published.weekday() + 7)
    return Period(monday, monday + timedelta(days=6), "span", m[0], relative=True,
                  note="the calendar week before the week of publication")


# "the past week", "tuần qua", "tuần vừa qua": the seven days up to publication.
@_pattern(r"\b(?:the\s+)?past\s+week\b|(?<!với\s)\btuần\s+(?:vừa\s+)?qua\b", trigger="en_rel tuan")
def _past_week(m, b):
    if b.published is None:
        return Period(None, None, "span", m[0], True, "the week before publication, which is unknown")
    return Period(b.published - timedelta(days=7), b.published, "span", m[0], relative=True,
                  note="the seven days up to publication")


# "last month": the calendar month before the month of publication.
@_pattern(_NOT_A_COMPARISON + r"\blast\s+month\b", trigger="en_rel")
def _last_month(m, b):
    if b.published is None:
        return Period(None, None, "month", m[0], True, "the month before publication, which is unknown")
    end = b.published.replace(day=1) - timedelta(days=1)
    return Period(end.replace(day=1), end, "month", m[0], relative=True)


@_pattern(r"\blast\s+year\b", trigger="en_rel")
def _en_last_year(m, b):
    if b.published is None:
        return Period(None, None, "year", m[0], True, "the year before publication, which is unknown")
    year = b.published.year - 1
    return Period(date(year, 1, 1), date(year, 12, 31), "year", m[0], relative=True)


@_pattern(r"\b(?:in\s+)?recent\s+(?:years|months|times)\b|\brecently\b", trigger="en_rel")
def _en_recently(m, b):
    return Period(None, b.published, "open", m[0], relative=True,
                  note="no start was written: the window is open on the left")


def _safe_date(year: int | None, month: int, day: int) -> date | None:
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def find_periods(text: str, published: date | None = None) -> list[tuple[int, int, Period]]:
    """Every period phrase in ``text`` as (start offset, end offset, Period), in order.

    Overlapping matches keep the longest; phrases joined by "và"/"and" merge into one span.
    """
    text = _fold(text)
    builder = _Builder(published)
    found: list[tuple[int, int, Period]] = []
    hits = _trigger_hits(text)
    kinds = {kind for kind, _ in hits}
    windows: dict[frozenset[str], list[tuple[int, int]]] = {}
    for pattern, handler, trigger in _PATTERNS:
        if trigger not in windows:
            positions = [position for kind, position in hits if kind in trigger] if not kinds.isdisjoint(trigger) else []
            windows[trigger] = _windows(positions, len(text))
        for start, end in windows[trigger]:
            for match in pattern.finditer(text, start, end):
                period = handler(match, builder)
                if period is not None:
                    found.append((match.start(), match.end(), period))
    found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    kept: list[tuple[int, int, Period]] = []
    for start, end, period in found:
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end, period))
    return _merge_conjoined(text, kept)


_TRIGGERS.extend(sorted(EN_MONTHS, key=len, reverse=True))
_TRIGGER_KIND.update({month: "en_month" for month in EN_MONTHS})
_TRIGGER_RE = re.compile("|".join(_TRIGGERS))
_TRIGGER_RE_ANY_CASE = re.compile("|".join(_TRIGGERS), re.IGNORECASE)


def _trigger_hits(text: str) -> list[tuple[str, tuple[int, int]]]:
    """(kind, (start, end)) of every trigger in ``text``."""
    lower = text.lower()
    found = _TRIGGER_RE.finditer(lower) if len(lower) == len(text) else _TRIGGER_RE_ANY_CASE.finditer(text)
    hits = []
    for hit in found:
        word = hit.group(0).lower()
        first = word.split()[0]
        if first == "năm":
            kind = "nam_year" if word[-1].isdigit() else "nam_rel"
        else:
            kind = _TRIGGER_KIND.get(first) or "en_month"
        hits.append((kind, hit.span()))
    return hits


def _windows(spans: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Disjoint windows reaching _TRIGGER_MARGIN either side of the trigger spans, in order.

    Every match of a pattern lies within _TRIGGER_MARGIN of one of its triggers, so scanning
    only these windows (with pos/endpos, which keep look-behind and word boundaries at the left
    edge) finds the same matches as scanning the whole text, at a fraction of the cost.
    """
    windows: list[list[int]] = []
    for hit_start, hit_end in spans:
        start, end = max(0, hit_start - _TRIGGER_MARGIN), min(length, hit_end + _TRIGGER_MARGIN)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(end, windows[-1][1])
        else:
            windows.append([start, end])
    return [(start, end) for start, end in windows]


_CONJUNCTION = re.compile(r"^\s*(?:,\s*)?(?:và|and|cùng)\s*$", re.IGNORECASE)


def _merge_conjoined(text: str, spans: list[tuple[int, int, Period]]) -> list[tuple[int, int, Period]]:
    merged: list[tuple[int, int, Period]] = []
    for start, end, period in spans:
        if merged and _CONJUNCTION.match(text[merged[-1][1]:start]):
            first_start, _, first = merged[-1]
            if None not in (first.start, first.end, period.start, period.end):
                span = Period(
                    min(first.start, period.start),
                    max(first.end, period.end),
                    "span",
                    text[first_start:end],
                    first.relative or period.relative,
                    "; ".join(filter(None, [first.note, period.note, "two periods joined: their whole span"])),
                )
                merged[-1] = (first_start, end, span)
                continue
        merged.append((start, end, period))
    return merged


def parse_period(text: str, published: date | None = None) -> Period:
    """The period a phrase names: ``"6 tháng đầu năm 2025"`` -> 2025-01-01 to 2025-06-30."""
    periods = find_periods(text, published)
    if not periods:
        raise PeriodError(f"no reporting period found in '{text.strip()[:80]}'")
    start, end, period = max(periods, key=lambda item: item[1] - item[0])
    return replace(period, text=_fold(text)[start:end])
