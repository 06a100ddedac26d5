"""Stated changes: what a report says a figure rose or fell by ("tăng 12 vụ so với cùng kỳ năm 2024",
"giảm 8%", "up 15% year on year", "5 fewer than in 2024").

A stated change is not a figure (its number counts nothing by itself); it is kept as its own kind,
with its direction, its amount in the figure's unit or in percent, the base it is measured against
and the figure it qualifies (the nearest figure before it in the sentence, in the same unit when
the change names one; the nearest after it when none comes before: "fell 25% to 4,200 tablets").

The base is the comparison phrase of the same sentence, wherever it stands: "(tăng 17 vụ), 140
đối tượng (giảm 6 đối tượng) so với cùng kỳ" puts both changes against the same period.
"cùng kỳ", "năm trước", "year on year", "a year earlier" mean the qualified figure's window one
year earlier; "so với năm 2023", "than in 2023" mean that calendar year. A change with no such
phrase has no base ("giảm 3 vụ."): it is kept, and never checked against the archive.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..numbers import parse_number
from .candidates import FigureCandidate
from .lexicon import fold, word_starts

__all__ = ["StatedChange", "find_changes", "change_rows", "BASE_SAME_PERIOD", "BASE_YEAR"]

BASE_SAME_PERIOD = "same_period"
BASE_YEAR = "year"

_NUMBER = r"\d+(?:[.,]\d+)*"
_ABOUT_VI = r"(?:(?:gần|hơn|khoảng|trên|dưới|xấp\s+xỉ|gấp)\s+)?"
_ABOUT_EN = r"(?:(?:nearly|almost|about|around|some|more\s+than|over|roughly)\s+)?"
_UNIT = r"(?P<unit>%|phần\s+trăm|per\s*cent|percent|[^\W\d_]+(?:\s+(?:tượng|nhân|người|phẩm|heroin))?)"

_VI = re.compile(
    rf"(?<!\w)(?P<dir>tăng(?:\s+thêm)?|giảm(?:\s+bớt)?|nhiều\s+hơn|ít\s+hơn)\s+{_ABOUT_VI}(?P<num>{_NUMBER})\s*{_UNIT}",
    re.IGNORECASE,
)
_EN = [
    # up 9 cases, down 12%, rose by 18 percent, fell 25%
    re.compile(rf"(?<!\w)(?P<dir>up|down|rose|increased|grew|climbed|fell|dropped|decreased|declined)\s+(?:by\s+)?"
               rf"{_ABOUT_EN}(?P<num>{_NUMBER})\s*{_UNIT}", re.IGNORECASE),
    # an increase of 18 percent, a decrease of 5 cases
    re.compile(rf"(?<!\w)an?\s+(?P<dir>increase|rise|decrease|drop|fall|decline)\s+of\s+{_ABOUT_EN}(?P<num>{_NUMBER})\s*{_UNIT}",
               re.IGNORECASE),
    # a 40% rise, a 12 percent drop
    re.compile(rf"(?<!\w)an?\s+{_ABOUT_EN}(?P<num>{_NUMBER})\s*(?P<unit>%|per\s*cent|percent)\s+(?P<dir>increase|rise|decrease|drop|fall|decline)",
               re.IGNORECASE),
    # 17 more than, 5 fewer than, 10% less than
    re.compile(rf"(?<![\w.,])(?P<num>{_NUMBER})\s*(?P<unit>%|per\s*cent|percent|[^\W\d_]+)?\s+(?P<dir>more|fewer|less)\s+than",
               re.IGNORECASE),
]
_DOWN = {"giảm", "giảm bớt", "ít hơn", "down", "fell", "dropped", "decreased", "declined", "decrease", "drop", "fall",
         "decline", "fewer", "less"}
_PERCENT = {"%", "phần trăm", "percent", "per cent", "percent"}

_YEAR = r"(?:19|20)\d{2}"
_BASES = [
    re.compile(rf"so\s+với\s+(?:cùng\s+kỳ(?:\s+năm\s+(?:{_YEAR}|trước|ngoái))?|năm\s+(?:trước|ngoái)|(?P<plain_year>năm\s+{_YEAR}))",
               re.IGNORECASE),
    re.compile(rf"year[\s-]on[\s-]year|y-o-y|(?:from|on|than|compared\s+(?:with|to))\s+(?:in\s+)?"
               rf"(?:the\s+same\s+period\s+(?:of\s+{_YEAR}|last\s+year|a\s+year\s+(?:earlier|ago))|a\s+year\s+(?:earlier|ago)|"
               rf"last\s+year|the\s+previous\s+year|(?P<plain_year>{_YEAR}))", re.IGNORECASE),
]


@dataclass(frozen=True)
class StatedChange:
    """A change a report states, as written, with the figure it qualifies (an index into the figures)."""

    direction: str  # up | down
    amount: float
    is_percent: bool
    unit: str  # as written: "vụ", "đối tượng", "cases"; "%" for a percentage
    base: str  # same_period | year | "" (not stated)
    base_year: int | None  # for base "year": the calendar year compared with
    base_text: str
    figure: int | None
    quote: str
    start: int
    end: int

    @property
    def signed_amount(self) -> float:
        return -self.amount if self.direction == "down" else self.amount

    def base_window(self, figure: FigureCandidate | None) -> tuple[date | None, date | None]:
        """The period the change is measured against, when the text and the figure's window say it."""
        if self.base == BASE_YEAR and self.base_year:
            return date(self.base_year, 1, 1), date(self.base_year, 12, 31)
        if self.base == BASE_SAME_PERIOD and figure is not None and figure.period_start and figure.period_end:
            from ..compare import year_earlier  # compare reads the aggregate; imported only when asked

            return year_earlier(figure.period_start, figure.period_end)
        return None, None


# The words every change phrase holds: str.find looks for them (word_starts) and the full patterns
# are tried only around them, so a text with no change costs a few literal scans (the full patterns
# at every position cost a quarter of the extractor's time, a regular expression for the words 3%).
_TRIGGERS = {
    "vi": ("ăng", "iảm", "hơn", "ĂNG", "IẢM", "HƠN"),
    "en": ("up", "own", "rose", "creas", "grew", "climb", "fell", "drop", "declin", "rise", "fall", "more", "fewer",
           "less", "UP", "OWN", "ROSE", "CREAS", "FELL", "FALL", "MORE", "FEWER", "LESS"),
}
_BEFORE, _AFTER = 40, 80  # how far a change phrase reaches before and after its trigger word
# A Vietnamese change phrase begins with its direction word, which holds the trigger: "tăng" and
# "giảm" one letter before it, "nhiều hơn" and "ít hơn" with the word before it.
_VI_HON_BEGINS = re.compile(r"(?:nhiều|ít)\s+\Z", re.IGNORECASE)


def _matches(text: str, language: str, lower: str | None = None) -> list[re.Match[str]]:
    """Every change phrase in the whole text, in order, each found once; ``lower`` is text.lower()
    when it keeps the offsets."""
    if language == "vi" and lower is not None:
        return _vi_matches(text, lower)
    patterns = [_VI] if language == "vi" else _EN
    found: dict[tuple[int, int], re.Match[str]] = {}
    for at in word_starts(text, _TRIGGERS[language]):
        for pattern in patterns:
            for match in pattern.finditer(text, max(0, at - _BEFORE), min(len(text), at + _AFTER)):
                if match.start() <= at < match.end():
                    found.setdefault((match.start(), match.end()), match)
    return [found[key] for key in sorted(found)]


def _vi_matches(text: str, lower: str) -> list[re.Match[str]]:
    """_matches of a Vietnamese text: _VI tried only where a direction word begins."""
    found, taken_to = [], 0
    for at in word_starts(lower, _TRIGGERS["vi"][:3]):
        if lower.startswith("hơn", at):
            before = _VI_HON_BEGINS.search(text, max(0, at - _BEFORE), at)
            begins = before.start() if before is not None else -1
        else:
            begins = at - 1
        if begins < taken_to:
            continue
        match = _VI.match(text, begins)
        if match is not None:
            found.append(match)
            taken_to = match.end()
    return found


def _base(sentence: str) -> tuple[str, int | None, str, int]:
    """(kind, year, text, position) of the sentence's comparison phrase; ("", None, "", -1) when none."""
    for pattern in _BASES:
        match = pattern.search(sentence)
        if match:
            plain = match.group("plain_year")
            if plain:
                return BASE_YEAR, int(re.search(_YEAR, plain).group(0)), match.group(0), match.start()
            return BASE_SAME_PERIOD, None, match.group(0), match.start()
    return "", None, "", -1


def _same_unit(change_unit: str, figure: FigureCandidate) -> bool:
    """"đối tượng" qualifies "52 đối tượng"; a change in one unit never qualifies a figure in another."""
    written = fold(figure.unit)
    return bool(written) and (fold(change_unit).startswith(written) or written.startswith(fold(change_unit)))


def _qualified(figures: list[FigureCandidate], indexes: list[int], at: int, unit: str, is_percent: bool) -> int | None:
    """The figure a change at ``at`` qualifies: the nearest before it (same unit if it has one), else the nearest after."""
    fitting = [i for i in indexes if is_percent or not unit or _same_unit(unit, figures[i])]
    before = [i for i in fitting if figures[i].end <= at]
    if before:
        return max(before, key=lambda i: figures[i].end)
    after = [i for i in fitting if figures[i].start >= at]
    return min(after, key=lambda i: figures[i].start) if after else None


def find_changes(text: str, sentences: list[tuple[int, int]], figures: list[FigureCandidate],
                 language: str = "vi", lower: str | None = None) -> list[StatedChange]:
    """Every stated change in the sentences of ``text``, each tied to the figure it qualifies when one
    is there; ``lower`` is text.lower() when it keeps the offsets (a faster scan)."""
    found = _matches(text, language, lower)
    changes: list[StatedChange] = []
    if not found:
        return changes
    sentence_starts = [start for start, _end in sentences]
    by_sentence: dict[int, list[re.Match[str]]] = {}
    for match in found:
        k = bisect_right(sentence_starts, match.start()) - 1
        if k >= 0 and match.end() <= sentences[k][1]:
            by_sentence.setdefault(k, []).append(match)
    for k, matches in by_sentence.items():
        s_start, s_end = sentences[k]
        base, base_year, base_text, _at = _base(text[s_start:s_end])
        in_sentence = [i for i, f in enumerate(figures) if s_start <= f.start < s_end]
        for match in matches:
            try:
                amount = float(parse_number(match.group("num"), language))
            except ValueError:
                continue
            unit = " ".join((match.group("unit") or "").split())
            is_percent = fold(unit) in _PERCENT
            start, end = match.start(), match.end()
            figure = _qualified(figures, in_sentence, start, unit, is_percent)
            direction = "down" if fold(" ".join(match.group("dir").split())) in _DOWN else "up"
            if not unit and figure is not None:
                unit = figures[figure].unit
            changes.append(StatedChange(direction, amount, is_percent, "%" if is_percent else unit, base, base_year,
                                        base_text, figure, text[start:end], start, end))
    return changes


def change_rows(changes: list[StatedChange], figure_ids: Sequence[str]) -> list[dict]:
    """Store rows (``metrics.store``'s stated_changes) of ``changes``, each figure index turned into the id the store gave it."""
    return [{"figure_id": figure_ids[c.figure] if c.figure is not None and c.figure < len(figure_ids) else "",
             "quote": c.quote, "quote_start": c.start, "quote_end": c.end, "direction": c.direction,
             "amount": c.amount, "is_percent": c.is_percent, "unit": c.unit, "base": c.base,
             "base_year": c.base_year, "base_text": c.base_text} for c in changes]
