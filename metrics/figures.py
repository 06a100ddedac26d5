"""Figures as normalised frames: reported value and unit beside kg, counts, currency and USD.

Estimates never overwrite what was reported: ``estimated_kg`` (bricks and tablets turned
into mass) and ``usd_equivalent`` sit in their own columns beside the assumption they used.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .agencies import AgencyRegistry
from .rates import ExchangeRates
from .units import Q_, UnitError, estimate_kg, lookup_unit, normalise

__all__ = ["Assumptions", "normalise_figures", "figures_from_bundle", "assumptions_from", "FIGURE_COLUMNS"]

FIGURE_COLUMNS = [
    "figure_id",
    "source_id",
    "agency_id",
    "counterpart_id",
    "metric",
    "category",
    "value",
    "unit",
    "qualifier",
    "value_norm",
    "unit_norm",
    "estimated_kg",
    "usd_equivalent",
    "period_start",
    "period_end",
    "period_text",
    "quote",
]


@dataclass(frozen=True)
class Assumptions:
    """The conversion assumptions an estimate depends on (data/conversions.csv by default)."""

    grams_per_brick: float = 350.0
    grams_per_tablet: float = 0.1

    def describe(self, language: str = "en") -> str:
        if language == "vi":
            return f"{self.grams_per_brick:g} g/bánh heroin; {self.grams_per_tablet:g} g/viên ma túy tổng hợp"
        return f"{self.grams_per_brick:g} g per heroin brick; {self.grams_per_tablet:g} g per tablet"


def _unit_table(units: pd.Series, assumptions: Assumptions) -> pd.DataFrame:
    """One row per distinct written unit: its factor to the normal unit and its kind."""
    rows = []
    for written in units.unique():
        try:
            norm = normalise(1.0, written)
            registry_unit = lookup_unit(written)
        except UnitError:
            rows.append((written, np.nan, "", "unknown", np.nan))
            continue
        kg_per_unit = estimate_kg(
            1.0,
            registry_unit,
            grams_per_brick=assumptions.grams_per_brick,
            grams_per_tablet=assumptions.grams_per_tablet,
        )
        rows.append((written, norm.value, norm.unit, norm.kind, np.nan if kg_per_unit is None else kg_per_unit))
    return pd.DataFrame(rows, columns=["unit", "factor", "unit_norm", "unit_kind", "kg_per_unit"]).set_index("unit")


def normalise_figures(
    figures: pd.DataFrame,
    agencies: AgencyRegistry,
    rates: ExchangeRates,
    assumptions: Assumptions = Assumptions(),
    sources: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The figures table with normalised, estimated and USD columns, and agency context."""
    frame = figures.copy()
    units = _unit_table(frame["unit"], assumptions)
    joined = units.reindex(frame["unit"]).reset_index(drop=True)
    joined.index = frame.index
    frame["value_norm"] = frame["value"] * joined["factor"]
    frame["unit_norm"] = joined["unit_norm"]
    frame["unit_kind"] = joined["unit_kind"]
    frame["estimated_kg"] = frame["value"] * joined["kg_per_unit"]
    frame["estimate_assumption"] = np.where(
        frame["unit_norm"] == "brick",
        f"{assumptions.grams_per_brick:g} g per brick",
        np.where(frame["unit_norm"] == "tablet", f"{assumptions.grams_per_tablet:g} g per tablet", ""),
    )
    is_drug = frame["metric"] == "drug_seized"
    frame["mass_kg"] = np.where(
        is_drug & (frame["unit_kind"] == "mass"), frame["value_norm"], frame["estimated_kg"]
    )
    frame["mass_is_estimate"] = frame["estimated_kg"].notna()

    frame["period_start"] = pd.to_datetime(frame["period_start"].replace("", None), format="%Y-%m-%d")
    frame["period_end"] = pd.to_datetime(frame["period_end"].replace("", None), format="%Y-%m-%d")
    frame["window_days"] = (frame["period_end"] - frame["period_start"]).dt.days + 1

    usd, rate, basis, fallback = [], [], [], []
    for row in frame.itertuples():
        if row.unit_kind != "currency":
            usd.append(np.nan), rate.append(np.nan), basis.append(""), fallback.append(False)
            continue
        start = None if pd.isna(row.period_start) else row.period_start.date()
        end = None if pd.isna(row.period_end) else row.period_end.date()
        conversion = rates.convert(row.value_norm, row.unit_norm, start, end)
        usd.append(np.nan if conversion.usd is None else conversion.usd)
        rate.append(np.nan if conversion.lcu_per_usd is None else conversion.lcu_per_usd)
        basis.append(conversion.basis)
        fallback.append(conversion.fallback)
    frame["usd_equivalent"] = usd
    frame["usd_rate"] = rate
    frame["usd_rate_basis"] = basis
    frame["usd_rate_fallback"] = fallback

    known = frame["agency_id"].map(lambda a: a in agencies)
    frame["country"] = frame["agency_id"].map(lambda a: agencies.country(a) if a in agencies else "")
    frame["top_agency_id"] = frame["agency_id"].map(lambda a: agencies.top_level(a) if a in agencies else a)
    frame["counterpart_country"] = frame["counterpart_id"].map(
        lambda a: agencies.country(a) if a in agencies else ""
    )
    frame.loc[~known, "country"] = ""
    if sources is not None:
        frame = frame.merge(
            sources[["source_id", "title", "publisher", "published"]].rename(
                columns={"title": "source_title", "publisher": "source_publisher", "published": "source_published"}
            ),
            on="source_id",
            how="left",
        )
    ordered = FIGURE_COLUMNS + [c for c in frame.columns if c not in FIGURE_COLUMNS]
    return frame[ordered]


def quantity(row: pd.Series):
    """A figure row's normalised amount as a pint Quantity (for callers that want units)."""
    unit = {"kg": "kilogram", "l": "liter", "round": "round_of_ammunition"}.get(row["unit_norm"], row["unit_norm"])
    return Q_(row["value_norm"], unit)


def assumptions_from(conversions: pd.DataFrame) -> Assumptions:
    """The default assumptions as the bundle's conversions table states them."""
    values = dict(zip(conversions["parameter"], conversions["value"].astype(float)))
    return Assumptions(
        grams_per_brick=values.get("grams_per_brick", Assumptions.grams_per_brick),
        grams_per_tablet=values.get("grams_per_tablet", Assumptions.grams_per_tablet),
    )


def figures_from_bundle(bundle, assumptions: Assumptions | None = None) -> pd.DataFrame:
    """The bundle's figures, normalised, under the bundle's assumptions unless others are given."""
    return normalise_figures(
        bundle.figures,
        bundle.registry,
        ExchangeRates(bundle.exchange_rates),
        assumptions or assumptions_from(bundle.conversions),
        sources=bundle.sources,
    )
