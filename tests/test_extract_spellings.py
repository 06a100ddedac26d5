"""Every spelling the lexicon files know, around a number in every way a report writes it, becomes a
figure or is skipped: never an exception, never a failed sentence. The sentences are generated from
the lexicon files themselves, so a new row is covered the day it is added."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from metrics.extract import extract
from metrics.extract.items import currency_spellings, written_before_amount
from metrics.numbers import MULTIPLIERS

METRICS = Path(__file__).resolve().parent.parent / "metrics"
CURRENCIES = ("VND", "LAK", "THB", "CNY", "USD", "KHR")


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return list(csv.DictReader(io.StringIO("".join(line for line in handle if not line.startswith("#")))))


def _extract_units() -> list[tuple[str, str]]:
    """(written, currency or '') of every unit row of the extraction lexicon."""
    return [(row["written"].strip(), row["category"] if row["metric"] == "currency_seized" else "")
            for row in _rows(METRICS / "extract" / "lexicon.csv") if row["kind"] == "unit"]


def _measure_units() -> list[tuple[str, str]]:
    """(written, currency or '') of every row of the units lexicon."""
    return [(row["written"].strip(), row["unit"] if row["unit"] in CURRENCIES else "")
            for row in _rows(METRICS / "unit_lexicon.csv")]


SPELLINGS = sorted(set(_extract_units()) | set(_measure_units()) | {(s, c) for s, c in currency_spellings().items()})
# One multiplier word of each language and the value it multiplies by.
MULTIPLIER_WORDS = {"vi": ("triệu", MULTIPLIERS["triệu"]), "en": ("million", MULTIPLIERS["million"])}
SENTENCES = {
    "vi": "Lực lượng chức năng thu giữ {amount} tiền mặt.",
    "en": "Police seized {amount} in cash.",
}


def _digits(number: int, language: str) -> str:
    return f"{number:,}".replace(",", "." if language == "vi" else ",")


def _variants(spelling: str, language: str, base: int):
    """(amount text, value) for each way of writing ``spelling`` beside a number."""
    word, factor = MULTIPLIER_WORDS[language]
    step = 0
    for case in dict.fromkeys((spelling, spelling.upper(), spelling.lower(), spelling.title())):
        for multiplied in (False, True):
            step += 1
            number = base + 37 * step
            digits = _digits(number, language)
            value = number * (factor if multiplied else 1)
            after_number = f"{digits} {word}" if multiplied else digits
            yield f"{after_number} {case}", value, "after"
            yield f"{after_number}{case}" if not multiplied else f"{digits}{word} {case}", value, "after, no space"
            yield f"{case} {after_number}", value, "before"
            yield f"{case}{after_number}", value, "before, no space"


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("spelling,currency", SPELLINGS, ids=[s for s, _ in SPELLINGS])
def test_every_lexicon_spelling_beside_a_number_is_a_figure_or_skipped(spelling, currency, language):
    lines, expected = [], []
    for amount, value, position in _variants(spelling, language, 1000):
        sentence = SENTENCES[language].format(amount=amount)
        lines.append(sentence)
        expected.append((amount, value, position))
    text = "\n".join(lines)
    result = extract(text, None, language)
    assert result.failures == [], result.failures
    if not currency:
        return
    starts, at = [], 0
    for line in lines:
        starts.append(at)
        at += len(line) + 1
    for figure in result.figures:
        if figure.metric != "currency_seized":
            continue
        line = max(i for i, s in enumerate(starts) if s <= figure.start)
        amount, value, position = expected[line]
        assert figure.category == currency, (amount, figure)
        assert figure.value == pytest.approx(value), (amount, figure)


# The lexicon's own currency spellings, written as the lexicon writes them, after or before the
# amount, are always read (not only skipped).
READ_CURRENCIES = [(s, c, "after") for s, c in SPELLINGS if c and s in currency_spellings()]
READ_CURRENCIES += [(s, c, "before") for s, c, _ in READ_CURRENCIES if written_before_amount(s)]


@pytest.mark.parametrize("spelling,currency,position", READ_CURRENCIES, ids=[f"{p}-{s}" for s, _, p in READ_CURRENCIES])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_currency_spellings_are_read_after_and_before_the_amount(spelling, currency, position, language):
    digits = _digits(96_000, language)
    amount = f"{digits} {spelling}" if position == "after" else f"{spelling} {digits}"
    result = extract(SENTENCES[language].format(amount=amount), None, language)
    assert result.failures == []
    money = [f for f in result.figures if f.metric == "currency_seized"]
    assert [(f.category, f.value) for f in money] == [(currency, 96_000)], amount
