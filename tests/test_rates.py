from datetime import date

import pandas as pd
import pytest

from metrics.rates import ExchangeRates


@pytest.fixture
def rates():
    return ExchangeRates(
        pd.DataFrame(
            {"currency": ["VND", "VND", "THB"], "year": [2023, 2024, 2024], "lcu_per_usd": [24000.0, 25000.0, 35.0]}
        )
    )


def test_single_year_uses_that_year(rates):
    result = rates.convert(48_000, "VND", date(2023, 3, 1), date(2023, 3, 31))
    assert result.usd == pytest.approx(2.0)
    assert not result.fallback
    assert result.basis == "VND 2023 annual average"


def test_missing_year_falls_back_to_the_latest_earlier_and_says_so(rates):
    result = rates.convert(50_000, "VND", date(2025, 1, 1), date(2025, 6, 30))
    assert result.usd == pytest.approx(2.0)
    assert result.fallback
    assert "2025 (not published: 2024 rate used)" in result.basis


def test_window_across_years_is_day_weighted(rates):
    result = rates.convert(1, "VND", date(2023, 12, 31), date(2024, 1, 1))
    assert result.lcu_per_usd == pytest.approx(24500.0)


def test_no_rate_at_all_gives_no_usd_and_a_reason(rates):
    result = rates.convert(100, "LAK", date(2024, 1, 1), date(2024, 2, 1))
    assert result.usd is None and "no exchange rate for LAK" in result.basis
    before = rates.convert(100, "THB", date(2020, 1, 1), date(2020, 2, 1))
    assert before.usd is None and "no THB rate for 2020 or earlier" in before.basis


def test_usd_is_usd(rates):
    assert rates.convert(7, "USD", None, None).usd == 7
