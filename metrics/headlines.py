"""The Overview's headline tiles: one total per metric and unit, each with its count of figures and sources."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .restatements import SourceCounter

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

COLUMNS = ["metric", "unit", "value", "n_figures", "n_sources", "estimate", "categories", "forces"]


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
    sources = SourceCounter(included)  # each document once, with its copies and the documents that report a figure again
    category_codes, category_values = pd.factorize(included["category"])  # missing: -1
    # Whose figures a tile adds: each figure under the top body of the force that made the arrests or
    # seizures (agency_id; the force that helped or advised is the counterpart).
    forces_column = next((included[c] for c in ("force_id", "agency_id") if c in included.columns), None)
    force_codes, force_values = (pd.factorize(forces_column) if forces_column is not None
                                 else (np.full(n, -1), pd.Index([])))
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
                "n_sources": sources.total(mask),
                "estimate": estimate,
                "categories": tuple(sorted(str(category_values[code]) for code in np.unique(category_codes[mask]) if code >= 0)),
                "forces": _forces(force_codes[mask], force_values, amounts),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def _forces(codes: np.ndarray, names, amounts: np.ndarray) -> tuple[tuple[str, float], ...]:
    """(force, its share of the tile) for each force whose figures the tile adds, largest first."""
    present = codes >= 0
    if not present.any():
        return ()
    totals = np.bincount(codes[present], weights=amounts[present], minlength=len(names))
    counts = np.bincount(codes[present], minlength=len(names))
    found = [(str(names[code]), float(totals[code])) for code in np.flatnonzero(counts)]
    return tuple(sorted(found, key=lambda pair: (-pair[1], pair[0])))
