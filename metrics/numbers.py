"""Numerals as Vietnamese and English press reports write them.

Separator rule (documented once, here):
- Vietnamese writes thousands with ``.`` and decimals with ``,``: ``18.293`` is 18293,
  ``96,7`` is 96.7, ``1.532,6`` is 1532.6, ``71.900.000`` is 71900000.
- English writes the reverse: ``18,293`` is 18293, ``96.7`` is 96.7.
- In Vietnamese text a comma is always the decimal mark, even before exactly three digits:
  ``219,021kg`` is 219.021 kg (Vietnamese never groups thousands with a comma).
- A dot followed by something other than groups of exactly three digits cannot be a
  thousands separator, so it is read as a decimal point (``1.5 kg`` leaked from English style).
- In English text, a comma followed by groups of exactly three digits groups thousands;
  any other comma is a list separator and is not part of the number.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

__all__ = [
    "MULTIPLIERS",
    "WORD_NUMERALS",
    "NumeralError",
    "parse_number",
    "parse_vi_number",
    "parse_en_number",
    "parse_amount",
    "word_numeral_value",
    "multiplier_value",
]


class NumeralError(ValueError):
    """Raised when a string is not a numeral in the given language."""


MULTIPLIERS: dict[str, int] = {
    # Vietnamese
    "nghìn": 1_000,
    "ngàn": 1_000,
    "ngan": 1_000,
    "nghin": 1_000,
    "vạn": 10_000,
    "van": 10_000,
    "triệu": 1_000_000,
    "trieu": 1_000_000,
    "tr": 1_000_000,
    "tỷ": 1_000_000_000,
    "tỉ": 1_000_000_000,
    "ty": 1_000_000_000,
    # English
    "thousand": 1_000,

    "million": 1_000_000,
    "mn": 1_000_000,

    "billion": 1_000_000_000,
    "bn": 1_000_000_000,
    "dozen": 12,
}

WORD_NUMERALS: dict[str, int] = {
    # Vietnamese: the cardinal words press reports spell out for small counts.
    "một": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
    "mươi": 10,
    "trăm": 100,
    "hàng chục": 10,
    # English
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
}

_DIGITS = re.compile(r"^\d+(?:[.,]\d+)*$")
_THREE_DIGIT_GROUPS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
_EN_THREE_DIGIT_GROUPS = re.compile(r"^\d{1,3}(?:,\d{3})+$")


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text).strip()
    # Non-breaking and thin spaces sometimes group thousands ("71 900 000").
    return re.sub(r"(?<=\d)[\u00a0\u202f\u2009 ](?=\d{3}\b)", "", text)


def parse_vi_number(text: str) -> Decimal:
    """Read a numeral written the Vietnamese way: ``1.532,6`` -> 1532.6."""
    text = _clean(text)
    if not _DIGITS.match(text):
        raise NumeralError(f"'{text}' is not a number")
    if "," in text:
        integer, _, fraction = text.rpartition(",")
        if "," in integer:
            raise NumeralError(f"'{text}' has more than one decimal comma")
        if "." in integer and not _THREE_DIGIT_GROUPS.match(integer):
            raise NumeralError(f"'{text}' groups its thousands irregularly")
        return Decimal(integer.replace(".", "") + "." + fraction)
    if "." in text:
        if _THREE_DIGIT_GROUPS.match(text):
            return Decimal(text.replace(".", ""))
        if text.count(".") == 1:
            return Decimal(text)
        raise NumeralError(f"'{text}' groups its thousands irregularly")
    return Decimal(text)


def parse_en_number(text: str) -> Decimal:
    """Read a numeral written the English way: ``1,532.6`` -> 1532.6."""
    text = _clean(text)
    if not _DIGITS.match(text):
        raise NumeralError(f"'{text}' is not a number")
    integer, dot, fraction = text.partition(".")
    if "." in fraction:
        raise NumeralError(f"'{text}' has more than one decimal point")
    if "," in integer and not _EN_THREE_DIGIT_GROUPS.match(integer):
        raise NumeralError(f"'{text}' groups its thousands irregularly")
    if "," in fraction:
        raise NumeralError(f"'{text}' has a comma after the decimal point")
    return Decimal(integer.replace(",", "") + (dot + fraction if dot else ""))


def parse_number(text: str, language: str = "vi") -> Decimal:
    """Read a numeral in ``language`` ('vi' or 'en')."""
    if language == "en":
        return parse_en_number(text)
    if language == "vi":
        return parse_vi_number(text)
    raise NumeralError(f"unknown language '{language}': use 'vi' or 'en'")


def word_numeral_value(word: str) -> int | None:
    """The value of a spelled-out numeral (``hai`` -> 2, ``three`` -> 3), else None."""
    return WORD_NUMERALS.get(unicodedata.normalize("NFC", word).strip().lower())


def multiplier_value(word: str) -> int | None:
    """The factor of a multiplier word (``triệu`` -> 1,000,000), else None."""
    return MULTIPLIERS.get(unicodedata.normalize("NFC", word).strip().lower().rstrip("."))


_AMOUNT = re.compile(
    r"^(?P<number>\d+(?:[.,]\d+)*)\s*(?P<multiplier>[^\W\d_]+(?:\s+[^\W\d_]+)?)?$"
)


def parse_amount(text: str, language: str = "vi") -> Decimal:
    """Read a numeral with an optional multiplier: ``2,5 triệu`` -> 2500000, ``hai`` -> 2.

    Multipliers stack as written: ``10 vạn`` is 100,000; ``1,2 nghìn tỷ`` is 1.2e12.
    """
    cleaned = _clean(text).lower()
    if not cleaned:
        raise NumeralError("empty numeral")
    word = word_numeral_value(cleaned)
    if word is not None:
        return Decimal(word)
    match = _AMOUNT.match(cleaned)
    if not match:
        raise NumeralError(f"'{text}' is not an amount")
    value = parse_number(match["number"], language)
    for token in (match["multiplier"] or "").split():
        factor = multiplier_value(token)
        if factor is None:
            raise NumeralError(f"'{token}' in '{text}' is not a multiplier")
        value *= factor
    return value
