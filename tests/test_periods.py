"""Reporting windows from period phrases (metrics/periods/)."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    ("last week", date(2025, 9, 15), date(2025, 9, 21)),
    ("tuần trước", date(2025, 9, 15), date(2025, 9, 21)),
    ("the past week", date(2025, 9, 17), PUBLISHED),
    ("tuần vừa qua", date(2025, 9, 17), PUBLISHED),
    ("last month", date(2025, 8, 1), date(2025, 8, 31)),
    ("on the night of September 20", date(2025, 9, 20), date(2025, 9, 20)),
    ("on the morning of 2 August", date(2025, 8, 2), date(2025, 8, 2)),
    ("over the past three months", date(2025, 6, 25), PUBLISHED),
    ("in the last six months", date(2025, 3, 25), PUBLISHED),
    ("in the second quarter", date(2025, 4, 1), date(2025, 6, 30)),
    ("the third quarter of this year", date(2025, 7, 1), date(2025, 9, 30)),
    ("since the start of March", date(2025, 3, 1), PUBLISHED),
    ("were seized yesterday", date(2025, 9, 23), date(2025, 9, 23)),
    ("Lũy kế từ đầu năm, đơn vị", date(2025, 1, 1), PUBLISHED),
    ("Từ đầu năm 2025, đơn vị", date(2025, 1, 1), PUBLISHED),
    ("Hồi tháng 8, Công an huyện", date(2025, 8, 1), date(2025, 8, 31)),
    ("trong tháng 10", date(2024, 10, 1), date(2024, 10, 31)),
    ("Tính đến ngày 15/9, đơn vị", None, date(2025, 9, 15)),
    ("Hôm qua (23/9), Đồn Biên phòng", date(2025, 9, 23), date(2025, 9, 23)),
    ("Chiều qua, tổ công tác", date(2025, 9, 23), date(2025, 9, 23)),
    ("earlier this month", date(2025, 9, 1), PUBLISHED),
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


# find_periods scans only windows around trigger words; this reference scans the whole text.
def _reference_find_periods(text, published):
    from metrics import periods

    text = periods._fold(text)
    builder = periods._Builder(published)
    found = []
    for pattern, handler, _ in periods._PATTERNS:
        for match in pattern.finditer(text):
            period = handler(match, builder)
            if period is not None:
                found.append((match.start(), match.end(), period))
    found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    kept = []
    for start, end, period in found:
        if not (kept and start < kept[-1][1]):
            kept.append((start, end, period))
    return periods._merge_conjoined(text, kept)


_PIECES = [c[0] for c in CASES] + [
    "Ngày 15/3", "ngày 3-5/7/2025", "tháng 12/2024", "Năm 2023", "hai tháng trước", "lần thứ XIV", "2.500 viên",
    "12.000.000 đồng", "thu giữ 20 kg", "Since the beginning of the year", "In March 2025", "between 2020 and 2023",
    "the first half of 2024", "last year", "recently", "Quý IV năm 2024", "giai đoạn 2021 - 2025", "x", ", ", ". ", "\n",
    "từ", "ngày", "năm", "and", "và", "1987", "2026", "Q3 2025", "during 2022",
    "yesterday", "the third quarter", "over the past six months", "on the night of May 2",
    "Hôm qua (20/10)", "sáng qua", "đầu tháng 10", "Tính đến ngày 15/10", "earlier this month", "(3/9)",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=12).map(" ".join), st.sampled_from([None, PUBLISHED]))
@settings(max_examples=300, deadline=None)
def test_windowed_scan_finds_what_a_whole_text_scan_finds(text, published):
    from metrics.periods import find_periods

    assert find_periods(text, published) == _reference_find_periods(text, published)


@pytest.mark.parametrize("text", ["Arrests rose 12% compared with last week.", "Số vụ bắt giữ tăng 3 vụ so với tuần trước.",
                                  "Seizures were up 5% on last month.", "fewer cases than last week"])
def test_a_comparison_base_is_not_a_window(text):
    from metrics.periods import find_periods

    assert find_periods(text, PUBLISHED) == []
