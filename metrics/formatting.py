"""Numbers and dates written for the reader's language (babel): Vietnamese ``1.234,5``, English ``1,234.5``."""

from __future__ import annotations

import functools
import math
from datetime import date, datetime

import pandas as pd
from babel.dates import format_date as _babel_date
from babel import Locale
from babel.numbers import NumberPattern, parse_pattern

__all__ = [
    "LANGUAGES",
    "format_number",
    "format_quantity",
    "format_date",
    "format_window",
    "plotly_separators",
]

LANGUAGES = ("vi", "en")
_LOCALE = {"vi": "vi_VN", "en": "en_US"}


def _locale(language: str) -> str:
    return _LOCALE.get(language, _LOCALE["vi"])


def _is_missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def format_number(value, language: str = "vi", decimals: int | None = None) -> str:
    """A number with the language's separators; whole numbers without decimals, others to 3 significant places.

    ``decimals`` fixes the number of decimal places. A missing value is an em dash.
    """
    if _is_missing(value):
        return "—"
    value = float(value)
    if decimals is not None:
        pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
        return _decimal(round(value, decimals), pattern, language)
    if value == int(value) and abs(value) < 1e15:
        return _decimal(int(value), "#,##0", language)
    # Small fractions keep 3 significant digits; larger numbers keep up to 2 decimals.
    places = 2 if abs(value) >= 1 else max(2, 2 - int(math.floor(math.log10(abs(value)))))
    return _decimal(value, "#,##0." + "#" * places, language)


@functools.lru_cache(maxsize=64)
def _pattern_and_locale(pattern: str, language: str) -> tuple[NumberPattern, Locale]:
    return parse_pattern(pattern), Locale.parse(_locale(language))


def _decimal(value, pattern: str, language: str) -> str:
    """babel's ``format_decimal`` with the pattern and locale parsed once (a table formats thousands of cells)."""
    number_pattern, locale = _pattern_and_locale(pattern, language)
    return number_pattern.apply(value, locale)


def format_quantity(value, unit_label: str, language: str = "vi", decimals: int | None = None) -> str:
    """A number followed by its unit label: ``852.004 lượt người``."""
    text = format_number(value, language, decimals)
    return f"{text} {unit_label}".strip() if text != "—" else text


def _as_date(value) -> date | None:
    if _is_missing(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def format_date(value, language: str = "vi") -> str:
    """A day as the language writes it in short form: ``24/09/2025`` (vi), ``Sep 24, 2025`` (en)."""
    day = _as_date(value)
    if day is None:
        return "—"
    return _formatted_day(day, language)


@functools.lru_cache(maxsize=16_384)  # tables and hover texts repeat the same days; babel costs ~20 µs a call
def _formatted_day(day: date, language: str) -> str:
    if language == "en":
        return _babel_date(day, format="medium", locale=_locale(language))
    return _babel_date(day, format="dd/MM/yyyy", locale=_locale(language))


def format_window(start, end, language: str = "vi") -> str:
    """A reporting window ``start – end``; an open start is written as "… – end"."""
    first, last = _as_date(start), _as_date(end)
    if first is None and last is None:
        return "—"
    if first is None:
        return f"… – {format_date(last, language)}"
    if last is None:
        return f"{format_date(first, language)} – …"
    if first == last:
        return format_date(first, language)
    return f"{format_date(first, language)} – {format_date(last, language)}"


def plotly_separators(language: str = "vi") -> str:
    """Plotly's ``layout.separators``: the decimal mark then the thousands mark."""
    return ".," if language == "en" else ",."
