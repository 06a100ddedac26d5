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

COLUMNS = ["metric", "unit", "value", "n_figures", "n_sources", "estimate", "categories", "figure_ids"]


def headline_tiles(included: pd.DataFrame) -> pd.DataFrame:
    """Totals for each headline (metric, unit) over the included figures (``share`` applied)."""
    rows = []
    # Only the columns the tiles read: each tile's rows are taken from this narrow frame, not every column.
    included = included[[c for c in ["metric", "unit_norm", "usd_equivalent", "value_norm", "source_id", "category", "figure_id",
                                     "share", "prorated"] if c in included.columns]]
    share = included["share"] if "share" in included.columns else pd.Series(1.0, index=included.index)
    prorated = included["prorated"] if "prorated" in included.columns else pd.Series(False, index=included.index)
    for metric, unit in HEADLINES:
        if unit == "USD":
            mask = (included["metric"] == metric) & included["usd_equivalent"].notna()
            amounts = included.loc[mask, "usd_equivalent"] * share[mask]
            estimate = bool(mask.any())
        else:
            mask = (included["metric"] == metric) & (included["unit_norm"] == unit)
            amounts = included.loc[mask, "value_norm"] * share[mask]
            estimate = bool(prorated[mask].any())
        chosen = included.loc[mask]
        rows.append(
            {
                "metric": metric,
                "unit": unit,
                "value": float(amounts.sum()) if mask.any() else np.nan,
                "n_figures": int(mask.sum()),
                "n_sources": int(chosen["source_id"].nunique()),
                "estimate": estimate,
                "categories": tuple(sorted(chosen["category"].unique())),
                "figure_ids": tuple(chosen["figure_id"]),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)
