"""Numerals as the press writes them (metrics/numbers.py)."""

from decimal import Decimal

import pytest

from metrics.numbers import NumeralError, parse_amount, parse_en_number, parse_vi_number

VI = [("18.293", "18293"), ("96,7", "96.7"), ("1.532,6", "1532.6"), ("71.900.000", "71900000"),
      ("219,021", "219.021"), ("1,33", "1.33"), ("128", "128"), ("1.5", "1.5")]
EN = [("18,293", "18293"), ("96.7", "96.7"), ("1,532.6", "1532.6"), ("103,004,000", "103004000")]
AMOUNTS = [("2,5 triệu", 2500000), ("10 vạn", 100000), ("8 tỷ", 8000000000), ("3 nghìn", 3000),
           ("hai", 2), ("ba", 3), ("mười", 10), ("three", 3), ("1,2 nghìn tỷ", 1200000000000)]
ERRORS = ["", "abc", "1,2,3", "12.34.5", "1.2.3,4"]


@pytest.mark.parametrize("text, expected", VI, ids=[t for t, _ in VI])
def test_vietnamese_numerals(text, expected):
    assert parse_vi_number(text) == Decimal(expected)


@pytest.mark.parametrize("text, expected", EN, ids=[t for t, _ in EN])
def test_english_numerals(text, expected):
    assert parse_en_number(text) == Decimal(expected)


@pytest.mark.parametrize("text, expected", AMOUNTS, ids=[t for t, _ in AMOUNTS])
def test_amounts_with_multipliers_and_words(text, expected):
    assert parse_amount(text, "en" if text == "three" else "vi") == expected


@pytest.mark.parametrize("text", ERRORS, ids=[repr(t) for t in ERRORS])
def test_not_numerals(text):
    with pytest.raises(NumeralError):
        parse_amount(text)
