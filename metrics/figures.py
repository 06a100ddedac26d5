"""Figures as normalised frames: reported value and unit beside kg, counts, currency and USD.

Estimates never overwrite what was reported: ``estimated_kg`` (bricks and tablets turned
into mass) and ``usd_equivalent`` sit in their own columns beside the assumption they used.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .agencies import AgencyRegistry
from .aggregate import overlap_key
from .rates import ExchangeRates

__all__ = ["Assumptions", "normalise_figures", "reassume", "figures_from_bundle", "assumptions_from", "FIGURE_COLUMNS"]

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
    from .units import UnitError, estimate_kg, lookup_unit, normalise  # pint's registry loads on first use, not at app start

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
    publications: pd.Series | None = None,
) -> pd.DataFrame:
    """The figures table with normalised, estimated and USD columns, and agency context.

    ``publications`` (per source id: 1 plus the document's syndicated copies) becomes each figure's
    ``source_publications``; 1 where not given.
    """
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

    _add_usd(frame, rates)

    # The registry is asked once per distinct agency, not once per figure.
    agency_country = {a: agencies.country(a) if a in agencies else "" for a in frame["agency_id"].unique()}
    agency_top = {a: agencies.top_level(a) if a in agencies else a for a in frame["agency_id"].unique()}
    counterpart_country = {a: agencies.country(a) if a in agencies else "" for a in frame["counterpart_id"].unique()}
    frame["country"] = _map_values(frame["agency_id"], agency_country)
    frame["top_agency_id"] = _map_values(frame["agency_id"], agency_top)
    # The parent chain, nearest first, so that nesting needs no registry (aggregate.nesting).
    agency_chain = {a: ";".join(agencies.ancestors(a)) if a in agencies else "" for a in frame["agency_id"].unique()}
    frame["agency_ancestors"] = _map_values(frame["agency_id"], agency_chain)
    frame["force_id"] = _map_values(frame["agency_id"], {a: agencies.force(a) if a in agencies else a
                                                         for a in frame["agency_id"].unique()})
    frame["counterpart_country"] = _map_values(frame["counterpart_id"], counterpart_country)
    counts = publications.reindex(pd.unique(frame["source_id"])).fillna(1) if publications is not None else None
    frame["source_publications"] = (np.ones(len(frame), dtype=np.int32) if counts is None else
                                     frame["source_id"].map(counts).fillna(1).to_numpy(dtype=np.int32))
    # Precomputed for the overlap rule (aggregate.select): a hash of the five key columns.
    frame["overlap_key"] = overlap_key(frame)
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


def reassume(figures: pd.DataFrame, assumptions: Assumptions) -> pd.DataFrame:
    """A normalised frame's estimates redone under other assumptions (as ``normalise_figures`` would make them).

    Only the brick and tablet estimates depend on the assumptions; every other column is shared.
    """
    units = _unit_table(pd.Series(pd.unique(figures["unit"].astype(str))), assumptions)
    kg_per_unit = units["kg_per_unit"].reindex(figures["unit"].astype(str)).to_numpy()
    estimated = figures["value"].to_numpy(dtype="float64") * kg_per_unit
    unit_norm = figures["unit_norm"].astype(str).to_numpy()
    is_mass_drug = ((figures["metric"] == "drug_seized") & (figures["unit_kind"] == "mass")).to_numpy()
    return figures.assign(
        estimated_kg=estimated,
        estimate_assumption=pd.Series(np.where(
            unit_norm == "brick",
            f"{assumptions.grams_per_brick:g} g per brick",
            np.where(unit_norm == "tablet", f"{assumptions.grams_per_tablet:g} g per tablet", ""),
        ), index=figures.index, dtype="str"),
        mass_kg=np.where(is_mass_drug, figures["value_norm"].to_numpy(dtype="float64"), estimated),
        mass_is_estimate=~np.isnan(estimated),
    )


def _map_values(column: pd.Series, mapping: dict) -> pd.Series:
    """``column.map(mapping)`` through the column's distinct values (mapping covers them all)."""
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    values = np.array([mapping[u] for u in uniques], dtype=object)
    return pd.Series(values[codes], index=column.index, dtype="str")


def _add_usd(frame: pd.DataFrame, rates: ExchangeRates) -> None:
    """USD equivalents, converting once per distinct (currency, window start, window end).

    The rate depends only on the currency and the window, and at scale the windows repeat
    (a month, a quarter, a year), so each conversion serves many figures.
    """
    n = len(frame)
    usd = np.full(n, np.nan)
    rate = np.full(n, np.nan)
    basis = np.full(n, "", dtype=object)
    fallback = np.zeros(n, dtype=bool)
    rows = np.flatnonzero((frame["unit_kind"] == "currency").to_numpy())
    if len(rows):
        windows = pd.DataFrame(
            {
                "currency": frame["unit_norm"].to_numpy()[rows],
                "start": frame["period_start"].to_numpy()[rows],
                "end": frame["period_end"].to_numpy()[rows],
            }
        )
        codes, distinct = pd.MultiIndex.from_frame(windows).factorize()
        amounts = frame["value_norm"].to_numpy(dtype="float64")[rows]
        by_window = []
        for currency, start, end in distinct:
            start = None if pd.isna(start) else start.date()
            end = None if pd.isna(end) else end.date()
            by_window.append(rates.convert(1.0, currency, start, end))
        lcu = np.array([np.nan if c.lcu_per_usd is None else c.lcu_per_usd for c in by_window])[codes]
        available = np.array([c.usd is not None for c in by_window])[codes]
        is_usd = windows["currency"].to_numpy() == "USD"
        # As ExchangeRates.convert: USD is the amount itself; otherwise the amount over the rate.
        usd[rows] = np.where(available, np.where(is_usd, amounts, amounts / lcu), np.nan)
        rate[rows] = lcu
        basis[rows] = np.array([c.basis for c in by_window], dtype=object)[codes]
        fallback[rows] = np.array([c.fallback for c in by_window])[codes]
    frame["usd_equivalent"] = usd
    frame["usd_rate"] = rate
    frame["usd_rate_basis"] = pd.Series(basis, index=frame.index, dtype="str")
    frame["usd_rate_fallback"] = fallback


def quantity(row: pd.Series):
    """A figure row's normalised amount as a pint Quantity (for callers that want units)."""
    from .units import Q_

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
        publications=bundle.publications(),
    )
