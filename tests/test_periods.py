"""Reporting windows from period phrases (metrics/periods.py)."""

from datetime import date

import pytest

from metrics.periods import PeriodError, parse_period

PUBLISHED = date(2025, 9, 24)
CASES = [
    ("năm 2024", date(2024, 1, 1), date(2024, 12, 31)),
    ("trong năm qua", date(2024, 9, 25), PUBLISHED),
    ("từ tháng 10/2023 đến nay", date(2023, 10, 1), PUBLISHED),
    ("từ năm 2023 đến nay", date(2023, 1, 1), PUBLISHED),
    ("từ đầu năm đến nay", date(2025, 1, 1), PUBLISHED),
    ("6 tháng đầu năm 2025", date(2025, 1, 1), date(2025, 6, 30)),
    ("quý I/2025", date(2025, 1, 1), date(2025, 3, 31)),
    ("tháng 3/2024", date(2024, 3, 1), date(2024, 3, 31)),
    ("từ ngày 13/11 đến nay", date(2024, 11, 13), PUBLISHED),
    ("từ ngày 25-11 đến 24-12-2025", date(2025, 11, 25), date(2025, 12, 24)),
    ("năm 2021 và quý I/2022", date(2021, 1, 1), date(2022, 3, 31)),
    ("Trong thời gian qua", None, PUBLISHED),
    ("Từ ngày 3-5/7", date(2025, 7, 3), date(2025, 7, 5)),
    ("since October 2023", date(2023, 10, 1), PUBLISHED),
    ("in 2024", date(2024, 1, 1), date(2024, 12, 31)),
    ("the first six months of 2025", date(2025, 1, 1), date(2025, 6, 30)),
    ("Q1 2025", date(2025, 1, 1), date(2025, 3, 31)),
    ("so far this year", date(2025, 1, 1), PUBLISHED),
    ("from November 25 to December 24, 2025", date(2025, 11, 25), date(2025, 12, 24)),
    ("the past year", date(2024, 9, 25), PUBLISHED),
]


@pytest.mark.parametrize("text, start, end", CASES, ids=[c[0] for c in CASES])
def test_period_phrases(text, start, end):
    period = parse_period(text, PUBLISHED)
    assert (period.start, period.end) == (start, end)


def test_relative_phrase_without_publication_date_is_left_open():
    period = parse_period("từ năm 2023 đến nay", None)
    assert period.start == date(2023, 1, 1) and period.end is None and period.note


@pytest.mark.parametrize("text", ["", "hai tháng trước", "lần thứ XIV", "tháng 13/2024"])
def test_not_periods(text):
    with pytest.raises(PeriodError):
        parse_period(text, PUBLISHED)
