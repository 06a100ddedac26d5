"""The Overview's headline tiles: one total per metric and unit, each with its count of figures and sources."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["HEADLINES", "headline_tiles"]

# (metric, normal unit) in the order the tiles are shown. Drugs get one tile per unit (never
# mixed); currencies are shown as their USD equivalent, which is an estimate.
HEADLINES = [
    ("cases", "case"),
    ("persons_arrested", "person"),
    ("drug_seized", "kg"),
    ("drug_seized", "brick"),
    ("drug_seized", "tablet"),
    ("currency_seized", "USD"),
    ("victims_rescued", "victim"),
    ("outreach_sessions", "session"),
    ("outreach_attendees", "attendance"),
]

COLUMNS = ["metric", "unit", "value", "n_figures", "n_sources", "estimate", "categories"]


def _equals(column: pd.Series):
    """A function of a value giving the rows of ``column`` equal to it (one factorize, then integer compares)."""
    codes, uniques = pd.factorize(column)
    code_of = {str(value): code for code, value in enumerate(uniques)}
    return lambda value: codes == code_of.get(value, -2)


def headline_tiles(included: pd.DataFrame) -> pd.DataFrame:
    """Totals for each headline (metric, unit) over the included figures (``share`` applied).

    The tiles' figures are listed, with their quotes, in the page's provenance table: a tile
    carries counts, not the ids (at a million figures, tens of thousands per tile).
    """
    # A part of a total already counted ("trong đó 168 vụ về ma túy" of "215 vụ") is not added to it.
    if "in_counted_total" in included.columns:
        included = included[~included["in_counted_total"].to_numpy(dtype=bool)]
    n = len(included)
    share = included["share"].to_numpy(dtype="float64") if "share" in included.columns else np.ones(n)
    prorated = included["prorated"].to_numpy(dtype=bool) if "prorated" in included.columns else np.zeros(n, dtype=bool)
    is_metric, is_unit = _equals(included["metric"]), _equals(included["unit_norm"])
    values = included["value_norm"].to_numpy(dtype="float64") * share
    usd = included["usd_equivalent"].to_numpy(dtype="float64") * share
    sources = pd.factorize(included["source_id"])[0]
    category_codes, category_values = pd.factorize(included["category"])  # missing: -1
    rows = []
    for metric, unit in HEADLINES:
        if unit == "USD":
            mask = is_metric(metric) & ~np.isnan(usd)
            amounts, estimate = usd[mask], bool(mask.any())
        else:
            mask = is_metric(metric) & is_unit(unit)
            amounts, estimate = values[mask], bool(prorated[mask].any())
        rows.append(
            {
                "metric": metric,
                "unit": unit,
                "value": float(amounts.sum()) if mask.any() else np.nan,
                "n_figures": int(mask.sum()),
                "n_sources": len(np.unique(sources[mask])),
                "estimate": estimate,
                "categories": tuple(sorted(str(category_values[code]) for code in np.unique(category_codes[mask]) if code >= 0)),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)
