"""One pint registry for the project, and the lexicon from written units to registry units.

The registry is built once, when this module is first imported, and registered as pint's
application registry so that ``"pint[tablet]"`` dtypes (pint-pandas) find project units.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pint

__all__ = [
    "ureg",
    "Q_",
    "CURRENCIES",
    "COUNT_UNITS",
    "UnitError",
    "NormalisedQuantity",
    "lookup_unit",
    "unit_kind",
    "normalise",
    "estimate_kg",
    "lexicon",
]

_HERE = Path(__file__).parent

ureg = pint.UnitRegistry(on_redefinition="raise")
ureg.load_definitions(str(_HERE / "units.txt"))
pint.set_application_registry(ureg)
Q_ = ureg.Quantity

CURRENCIES = ("VND", "LAK", "THB", "CNY", "USD", "KHR")
COUNT_UNITS = (
    "case",
    "person",
    "victim",
    "session",
    "attendance",
    "brick",
    "tablet",
    "package",
    "plant",
    "firearm",
    "round_of_ammunition",
    "explosive_device",
    "detonator",
    "vehicle",
    "phone",
    "facility",
    "item",
    "cigarette_pack",
    "cigarette_carton",
)
MASS_UNIT = "kilogram"
VOLUME_UNIT = "liter"

# Short names shown to users and written to unit_norm.
UNIT_NORM_NAMES = {"kilogram": "kg", "liter": "l", "round_of_ammunition": "round"}


class UnitError(ValueError):
    """Raised when a written unit is unknown or cannot be converted as asked."""


@dataclass(frozen=True)
class NormalisedQuantity:
    """A reported amount in the project's normal unit for its kind."""

    value: float
    unit: str  # kg, l, a count unit name, or an ISO 4217 currency code
    kind: str  # mass, volume, count or currency


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


@cache
def lexicon() -> dict[str, str]:
    """Written unit (folded) -> registry unit name, from ``unit_lexicon.csv``."""
    with open(_HERE / "unit_lexicon.csv", encoding="utf-8", newline="") as handle:
        return {_fold(row["written"]): row["unit"] for row in csv.DictReader(handle)}


def lookup_unit(written: str) -> str:
    """The registry unit for a unit as written: ``gam`` -> gram, ``kíp Lào`` -> LAK."""
    folded = _fold(written)
    unit = lexicon().get(folded)
    if unit is None and folded in ureg:
        unit = str(ureg.Unit(folded))
    if unit is None:
        raise UnitError(f"unknown unit '{written}'")
    return unit


def unit_kind(unit: str) -> str:
    """mass, volume, currency or count for a registry unit name."""
    if unit in CURRENCIES:
        return "currency"
    if unit in COUNT_UNITS:
        return "count"
    dimensionality = ureg.Unit(unit).dimensionality
    if dimensionality == ureg.kilogram.dimensionality:
        return "mass"
    if dimensionality == ureg.liter.dimensionality:
        return "volume"
    raise UnitError(f"'{unit}' is neither a mass, a volume, a count nor a currency")


def normalise(value: float, written_unit: str) -> NormalisedQuantity:
    """Convert a reported amount to the normal unit of its kind (kg, l, the count, the code).

    Counts and currencies keep their own unit: a brick stays a brick here; turning it into
    mass is an estimate and goes through :func:`estimate_kg`.
    """
    unit = lookup_unit(written_unit)
    kind = unit_kind(unit)
    if kind == "mass":
        return NormalisedQuantity(float(Q_(value, unit).to(MASS_UNIT).magnitude), "kg", kind)
    if kind == "volume":
        return NormalisedQuantity(float(Q_(value, unit).to(VOLUME_UNIT).magnitude), "l", kind)
    return NormalisedQuantity(float(value), UNIT_NORM_NAMES.get(unit, unit), kind)


def estimate_kg(
    value: float,
    unit: str,
    *,
    grams_per_brick: float = 350.0,
    grams_per_tablet: float = 0.1,
) -> float | None:
    """Estimated kilograms for a count of bricks or tablets; None for anything else.

    The result is always an estimate under the given assumption, never a measured mass.
    """
    quantity = Q_(value, unit)
    if unit == "brick":
        with ureg.context("brick_mass", grams_per_brick=grams_per_brick):
            return float(quantity.to(MASS_UNIT).magnitude)
    if unit == "tablet":
        with ureg.context("tablet_mass", grams_per_tablet=grams_per_tablet):
            return float(quantity.to(MASS_UNIT).magnitude)
    return None
