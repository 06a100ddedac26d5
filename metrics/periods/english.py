"""English period phrases ("in the first half of 2024", "since March", "on March 9", "last week"), and the
relative weeks and months both languages write ("last week", "tuần trước", "tuần qua").
"""

from __future__ import annotations

from datetime import date, timedelta

from .core import (
    _EN_MONTH, _YEAR, EN_MONTHS, Period, _anchored, _count, _infer_year, _month_range, _pattern, _safe_date,
    from_year_to_now, month_end, twelve_months_to_publication, whole_year, year_to_date,
)


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



@_pattern(rf"\bsince\s+(?:the\s+(?:beginning|start)\s+of\s+|early\s+)?(?P<mon>{_EN_MONTH})\.?\s*,?\s*(?P<y>{_YEAR})", trigger="since")
def _en_since_month(m, b):
    return b.up_to_now(date(int(m["y"]), EN_MONTHS[m["mon"].lower()], 1), m[0], "month")


@_pattern(rf"\bsince\s+(?:the\s+(?:beginning|start)\s+of\s+|early\s+)?(?P<mon>{_EN_MONTH})\b(?!\.?,?\s*\d)", trigger="since")
def _en_since_month_no_year(m, b):
    month = EN_MONTHS[m["mon"].lower()]
    year, note = _infer_year(month, 1, b.published)
    return b.up_to_now(date(year, month, 1) if year else None, m[0], "month", note)


_pattern(rf"\bsince\s+(?:the\s+beginning\s+of\s+|early\s+)?(?P<y>{_YEAR})", trigger="since")(from_year_to_now)
_pattern(r"\b(?:since\s+the\s+(?:beginning|start)\s+of\s+(?:the|this)\s+year|so\s+far\s+this\s+year|year\s+to\s+date"
         r"|this\s+year)\b", trigger="en_rel")(year_to_date)


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
    rf"\bon\s+(?:the\s+(?:night|morning|afternoon|evening)\s+of\s+)?(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?(?P<mon>{_EN_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s+(?P<y>{_YEAR}))?"
    rf"|\bon\s+(?:the\s+(?:night|morning|afternoon|evening)\s+of\s+)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon2>{_EN_MONTH})\.?(?:,?\s+(?P<y2>{_YEAR}))?",
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
    rf"\b(?:the\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter(?:(?:\s+of)?\s+(?P<y>{_YEAR})|\s+of\s+(?:the|this)\s+year)?"
    rf"|\bQ(?P<q>[1-4])(?:\s*[/\-]\s*|\s+)(?P<qy>{_YEAR})", trigger="quarter")
def _en_quarter(m, b):
    quarter = _count(m["ord"]) if m["ord"] else int(m["q"])
    written_year = m["y"] or m["qy"]
    if written_year:
        year, relative = int(written_year), False
    elif b.published:
        year, relative = b.published.year, True
    else:
        return Period(None, None, "quarter", m[0], True, "year not written and publication date unknown")
    return Period(date(year, 3 * quarter - 2, 1), month_end(year, 3 * quarter), "quarter", m[0], relative)


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


_pattern(rf"\b(?:in|during|throughout|for)\s+(?P<y>{_YEAR})\b", trigger="en_year")(whole_year)


_pattern(r"\b(?:over\s+|in\s+|during\s+)?the\s+(?:past|last)\s+(?:12\s+months|twelve\s+months|year)\b",
         trigger="en_rel")(twelve_months_to_publication)


# "over the past six months": the months up to publication, counted back from its day.
@_pattern(r"\b(?:over\s+|in\s+|during\s+)?the\s+(?:past|last)\s+(?P<n>[2-9]|1[01]|two|three|four|five|six|seven|eight|nine|ten|eleven)\s+months\b",
          trigger="en_rel")
def _en_past_months(m, b):
    if b.published is None:
        return Period(None, None, "span", m[0], True, "the months before the publication date, which is unknown")
    index = b.published.year * 12 + b.published.month - 1 - _count(m["n"])
    year, month = divmod(index, 12)
    start = _safe_date(year, month + 1, b.published.day) or month_end(year, month + 1)
    return Period(start + timedelta(days=1), b.published, "span", m[0], relative=True,
                  note="the months up to publication")


# "yesterday": the day before publication (Lao news writes it for the day of the event).
@_pattern(r"\byesterday\b", trigger="en_rel")
def _en_yesterday(m, b):
    if b.published is None:
        return Period(None, None, "day", m[0], True, "the day before publication, which is unknown")
    when = b.published - timedelta(days=1)
    return Period(when, when, "day", m[0], relative=True)


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


# "earlier this month", "this month": from the first of the month of publication to publication.
@_pattern(_NOT_A_COMPARISON + r"\b(?:earlier\s+|so\s+far\s+)?this\s+month\b", trigger="en_rel")
def _en_this_month(m, b):
    if b.published is None:
        return Period(None, None, "month", m[0], True, "the month of publication, which is unknown")
    return b.up_to_now(b.published.replace(day=1), m[0], "month")


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
