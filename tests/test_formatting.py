"""metrics.formatting: numbers and dates per language (babel), Plotly separators."""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from metrics.formatting import format_date, format_number, format_quantity, format_window, plotly_separators


@pytest.mark.parametrize(
    "value, language, decimals, expected",
    [
        (852004, "vi", None, "852.004"),
        (852004, "en", None, "852,004"),
        (1234.5, "vi", None, "1.234,5"),
        (1234.5, "en", None, "1,234.5"),
        (3.6763, "vi", None, "3,68"),
        (0.0967, "en", None, "0.0967"),
        (8340.33, "vi", 0, "8.340"),
        (2.0, "vi", 1, "2,0"),
        (0, "vi", None, "0"),
        (None, "vi", None, "—"),
        (np.nan, "en", None, "—"),
        (pd.NA, "en", None, "—"),
    ],
)
def test_format_number(value, language, decimals, expected):
    assert format_number(value, language, decimals) == expected


def test_unknown_language_falls_back_to_vietnamese():
    assert format_number(1234.5, "fr") == "1.234,5"


def test_format_quantity():
    assert format_quantity(852004, "lượt người", "vi") == "852.004 lượt người"
    assert format_quantity(None, "kg", "vi") == "—"


@pytest.mark.parametrize(
    "value, language, expected",
    [
        (date(2025, 9, 24), "vi", "24/09/2025"),
        (date(2025, 9, 24), "en", "Sep 24, 2025"),
        (pd.Timestamp("2023-01-01"), "vi", "01/01/2023"),
        ("2024-03-19", "en", "Mar 19, 2024"),
        (pd.NaT, "vi", "—"),
    ],
)
def test_format_date(value, language, expected):
    assert format_date(value, language) == expected


def test_format_window():
    assert format_window(pd.Timestamp("2023-01-01"), pd.Timestamp("2025-09-24"), "vi") == "01/01/2023 – 24/09/2025"
    assert format_window(pd.NaT, pd.Timestamp("2023-07-05"), "en") == "… – Jul 5, 2023"
    assert format_window(date(2024, 1, 1), date(2024, 1, 1), "vi") == "01/01/2024"


def test_plotly_separators_are_decimal_then_thousands():
    assert plotly_separators("vi") == ",."
    assert plotly_separators("en") == ".,"
