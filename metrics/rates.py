"""Exchange rates (LCU per USD, annual averages) and the USD equivalent of an amount.

A reporting window can span several years, so the rate is the day-weighted mean of the
annual rates of the years it covers. When a year's rate is not published (VND and LAK 2025
at the time of writing), the latest earlier year stands in for it, and the result says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

__all__ = ["UsdConversion", "ExchangeRates"]


@dataclass(frozen=True)
class UsdConversion:
    usd: float | None
    lcu_per_usd: float | None
    basis: str  # which years' rates, in words
    fallback: bool  # a stand-in year was used for at least one year

    @property
    def available(self) -> bool:
        return self.usd is not None


class ExchangeRates:
    def __init__(self, table: pd.DataFrame):
        self._rates: dict[str, dict[int, float]] = {}
        for row in table.itertuples(index=False):
            self._rates.setdefault(row.currency, {})[int(row.year)] = float(row.lcu_per_usd)

    def rate_for_year(self, currency: str, year: int) -> tuple[float, int] | None:
        """(rate, year used): the year's own rate or the latest earlier one."""
        by_year = self._rates.get(currency, {})
        earlier = [y for y in by_year if y <= year]
        if not earlier:
            return None
        used = max(earlier)
        return by_year[used], used

    def convert(self, amount: float, currency: str, start: date | None, end: date | None) -> UsdConversion:
        if currency == "USD":
            return UsdConversion(float(amount), 1.0, "reported in USD", False)
        if end is None:
            return UsdConversion(None, None, "no reporting window end: no rate year", False)
        if currency not in self._rates:
            return UsdConversion(None, None, f"no exchange rate for {currency}", False)
        start = start or end
        weights: dict[int, int] = {}
        for year in range(start.year, end.year + 1):
            first = max(start, date(year, 1, 1))
            last = min(end, date(year, 12, 31))
            weights[year] = (last - first).days + 1
        total = sum(weights.values())
        weighted, parts, fallback = 0.0, [], False
        for year, days in weights.items():
            found = self.rate_for_year(currency, year)
            if found is None:
                return UsdConversion(None, None, f"no {currency} rate for {year} or earlier", False)
            rate, used = found
            weighted += rate * days / total
            if used != year:
                fallback = True
                parts.append(f"{year} (not published: {used} rate used)")
            else:
                parts.append(str(year))
        basis = (
            f"{currency} {parts[0]} annual average"
            if len(parts) == 1
            else f"{currency} day-weighted mean of {', '.join(parts)} annual averages"
        )
        return UsdConversion(float(amount) / weighted, weighted, basis, fallback)
