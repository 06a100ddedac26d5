"""Every period phrase of a text: the registered patterns run around their trigger words."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from . import english, vietnamese  # noqa: F401  (registers their patterns, Vietnamese first)
from .core import _PATTERNS, _TRIGGER_KIND, _TRIGGER_MARGIN, _TRIGGERS, EN_MONTHS, Period, PeriodError, _Builder, _fold


def find_periods(text: str, published: date | None = None) -> list[tuple[int, int, Period]]:
    """Every period phrase in ``text`` as (start offset, end offset, Period), in order.

    Overlapping matches keep the longest; phrases joined by "và"/"and" merge into one span.
    """
    text = _fold(text)
    builder = _Builder(published)
    found: list[tuple[int, int, Period]] = []
    hits = _trigger_hits(text)
    kinds = {kind for kind, _ in hits}
    windows: dict[frozenset[str], list[tuple[int, int]]] = {}
    for pattern, handler, trigger in _PATTERNS:
        if kinds.isdisjoint(trigger):
            continue
        if trigger not in windows:
            windows[trigger] = _windows([position for kind, position in hits if kind in trigger], len(text))
        for start, end in windows[trigger]:
            for match in pattern.finditer(text, start, end):
                period = handler(match, builder)
                if period is not None:
                    found.append((match.start(), match.end(), period))
    found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    kept: list[tuple[int, int, Period]] = []
    for start, end, period in found:
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end, period))
    return _merge_conjoined(text, kept)


_TRIGGERS.extend(sorted(EN_MONTHS, key=len, reverse=True))
_TRIGGER_KIND.update({month: "en_month" for month in EN_MONTHS})
_TRIGGER_RE = re.compile("|".join(_TRIGGERS))
_TRIGGER_RE_ANY_CASE = re.compile("|".join(_TRIGGERS), re.IGNORECASE)


def _trigger_hits(text: str) -> list[tuple[str, tuple[int, int]]]:
    """(kind, (start, end)) of every trigger in ``text``."""
    lower = text.lower()
    found = _TRIGGER_RE.finditer(lower) if len(lower) == len(text) else _TRIGGER_RE_ANY_CASE.finditer(text)
    hits = []
    for hit in found:
        word = hit.group(0).lower()
        first = word.split()[0]
        if first == "năm":
            kind = "nam_year" if word[-1].isdigit() else "nam_rel"
        else:
            kind = _TRIGGER_KIND.get(first) or "en_month"
        hits.append((kind, hit.span()))
    return hits


def _windows(spans: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Disjoint windows reaching _TRIGGER_MARGIN either side of the trigger spans, in order.

    Every match of a pattern lies within _TRIGGER_MARGIN of one of its triggers, so scanning
    only these windows (with pos/endpos, which keep look-behind and word boundaries at the left
    edge) finds the same matches as scanning the whole text, at a fraction of the cost.
    """
    windows: list[list[int]] = []
    for hit_start, hit_end in spans:
        start, end = max(0, hit_start - _TRIGGER_MARGIN), min(length, hit_end + _TRIGGER_MARGIN)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(end, windows[-1][1])
        else:
            windows.append([start, end])
    return [(start, end) for start, end in windows]


_CONJUNCTION = re.compile(r"^\s*(?:,\s*)?(?:và|and|cùng)\s*$", re.IGNORECASE)


def _merge_conjoined(text: str, spans: list[tuple[int, int, Period]]) -> list[tuple[int, int, Period]]:
    merged: list[tuple[int, int, Period]] = []
    for start, end, period in spans:
        if merged and _CONJUNCTION.match(text[merged[-1][1]:start]):
            first_start, _, first = merged[-1]
            if None not in (first.start, first.end, period.start, period.end):
                span = Period(
                    min(first.start, period.start),
                    max(first.end, period.end),
                    "span",
                    text[first_start:end],
                    first.relative or period.relative,
                    "; ".join(filter(None, [first.note, period.note, "two periods joined: their whole span"])),
                )
                merged[-1] = (first_start, end, span)
                continue
        merged.append((start, end, period))
    return merged


def parse_period(text: str, published: date | None = None) -> Period:
    """The period a phrase names: ``"6 tháng đầu năm 2025"`` -> 2025-01-01 to 2025-06-30."""
    periods = find_periods(text, published)
    if not periods:
        raise PeriodError(f"no reporting period found in '{text.strip()[:80]}'")
    start, end, period = max(periods, key=lambda item: item[1] - item[0])
    return replace(period, text=_fold(text)[start:end])
