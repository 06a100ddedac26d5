"""Vietnamese period phrases ("từ đầu năm đến nay", "6 tháng đầu năm 2025", "quý IV", "ngày 8/3").

Registered in the order written: of two matches of the same span, the first registered is kept.
"""

from __future__ import annotations

from datetime import date, timedelta

from .core import (
    _SEP, _VI_NUM, _YEAR, ROMAN, Period, _anchored, _count, _infer_year, _month_range, _pattern, _safe_date, from_year_to_now,
    month_end, twelve_months_to_publication, whole_year, year_to_date,
)


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
    written = _month_without_year(m, b)
    if written is None:
        return None
    month, year, note = written
    return b.up_to_now(date(year, month, 1) if year else None, m[0], "month", note)


def _month_without_year(m, b) -> tuple[int, int | None, str] | None:
    """The month of group m (None when it is no month), the year of its last such month up to publication
    (None when that date is unknown) and the note on that year."""
    month = int(m["m"])
    if not 1 <= month <= 12:
        return None
    return (month, *_infer_year(month, 1, b.published))


# "đến nay" is often left out: "Lũy kế từ đầu năm, đơn vị đã giải cứu 17 nạn nhân".
_pattern(rf"\b{_TU}\s+(?:đầu\s+)?năm\s+(?P<y>{_YEAR})(?:\s+{_DEN_NAY})?", trigger="tu")(from_year_to_now)
_pattern(rf"\b{_TU}\s+đầu\s+năm(?:\s+(?:nay|này))?(?:\s+{_DEN_NAY})?(?!\w)", trigger="tu")(year_to_date)


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
    when, note, valid = _written_day(m, b)
    return Period(when, when, "day", m[0], relative=not m["y"], note=note) if valid else None


def _written_day(m, b) -> tuple[date | None, str, bool]:
    """The day of the groups d, m and y (its year inferred when not written), the note on it, and
    whether such a day exists."""
    day, month = int(m["d"]), int(m["m"])
    year, note = (int(m["y"]), "") if m["y"] else _infer_year(month, day, b.published)
    when = _safe_date(year, month, day)
    return when, note, not (year and when is None)


@_pattern(
    rf"\b{_TU}\s+(?:đầu\s+)?tháng\s+(?P<m1>\d{{1,2}})(?:(?:{_SEP}|\s+năm\s+)(?P<y1>{_YEAR}))?"
    rf"\s*(?:đến|tới|-|–)\s*(?:hết\s+|cuối\s+)?tháng\s+(?P<m2>\d{{1,2}})(?:(?:{_SEP}|\s+năm\s+)(?P<y2>{_YEAR}))?(?![\d/])", trigger="tu")
def _vi_month_range(m, b):
    m1, m2 = int(m["m1"]), int(m["m2"])
    if not (1 <= m1 <= 12 and 1 <= m2 <= 12):
        return None
    return _month_range(m1, int(m["y1"]) if m["y1"] else None, m2, int(m["y2"]) if m["y2"] else None, m[0], b)


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


_pattern(rf"\b(?:trong\s+|cả\s+|của\s+)?năm\s+(?P<y>{_YEAR})\b", trigger="nam_year")(whole_year)


_pattern(r"\b(?:trong\s+)?(?:một\s+|01\s+|1\s+)?năm\s+(?:qua|vừa\s+qua)\b", trigger="nam_rel")(twelve_months_to_publication)


@_pattern(r"\b(?:trong\s+)?năm\s+(?:nay|này)\b", trigger="nam_rel")
def _vi_this_year(m, b):
    if b.published is None:
        return Period(None, None, "year", m[0], True, "the publication year, which is unknown")
    return Period(date(b.published.year, 1, 1), b.published, "year", m[0], relative=True)


@_pattern(r"\b(?:trong\s+)?thời\s+gian\s+(?:qua|vừa\s+qua|gần\s+đây)\b", trigger="thoigian")
def _vi_recently(m, b):
    return Period(None, b.published, "open", m[0], relative=True,
                  note="no start was written: the window is open on the left")


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


# "Trong tháng 10", "hồi tháng 10": that month, of the last such month up to publication. Not "đầu tháng 10"
# (early October): the time of one story, whose people named without a number a month's tally would drop.
@_pattern(r"\b(?:trong|hồi|vào)\s+tháng\s+(?P<m>\d{1,2})(?![\d/\-.]|\s+năm\s+\d)", trigger="thang")
def _vi_month_no_year(m, b):
    written = _month_without_year(m, b)
    if written is None:
        return None
    month, year, note = written
    if year is None:
        return Period(None, None, "month", m[0], True, note)
    return Period(date(year, month, 1), month_end(year, month), "month", m[0], relative=True, note=note)


# "Tính đến ngày 15/10": a running total up to that day; its start is not written.
@_pattern(rf"\btính\s+(?:đến|tới)\s+(?:hết\s+)?ngày\s+(?P<d>\d{{1,2}}){_SEP}(?P<m>\d{{1,2}})(?:{_SEP}(?P<y>{_YEAR}))?", trigger="ngay")
def _vi_running_total_to_day(m, b):
    end, note, valid = _written_day(m, b)
    if not valid:
        return None
    return Period(None, end, "open", m[0], relative=not m["y"],
                  note="; ".join(filter(None, [note, "a running total: no start was written"])))


# "Hôm qua (20/10)", "sáng qua": the day written in brackets, else the day before publication.
@_pattern(rf"\b(?:hôm|sáng|trưa|chiều|tối|đêm)\s+qua(?!\w)(?:\s*\(\s*(?:ngày\s+)?(?P<d>\d{{1,2}}){_SEP}(?P<m>\d{{1,2}})(?:{_SEP}(?P<y>{_YEAR}))?\s*\))?",
          trigger="buoi")
def _vi_yesterday(m, b):
    if m["d"]:
        return _vi_day(m, b)
    if b.published is None:
        return Period(None, None, "day", m[0], True, "the day before publication, which is unknown")
    when = b.published - timedelta(days=1)
    return Period(when, when, "day", m[0], relative=True)
