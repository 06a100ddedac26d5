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

from .core import _PATTERNS, Period, PeriodError, _Builder, _fold, month_end
from .finder import _merge_conjoined, find_periods, parse_period

__all__ = ["Period", "PeriodError", "parse_period", "find_periods", "month_end"]
