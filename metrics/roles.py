"""Agencies in the roles a report gives them: credited with a result, or its partner (counterpart).

A figure credited to one agency with a counterpart appears twice here, once per role: totals
must be read within a role, never summed across roles.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .agencies import AgencyRegistry

__all__ = ["ROLES", "agency_roles"]

ROLES = ("credited", "partner")
COLUMNS = [
    "agency_id", "role", "country", "top_agency_id", "depth", "metric", "category", "unit_norm",
    "value", "value_beyond_totals", "n_figures", "n_sources", "estimate", "figure_ids",
]


def agency_roles(included: pd.DataFrame, registry: AgencyRegistry) -> pd.DataFrame:
    """Totals by agency x role x metric x category x unit, with the agency's place in the hierarchy."""
    if included.empty:
        return pd.DataFrame(columns=COLUMNS)
    share = included["share"] if "share" in included.columns else 1.0
    prorated = included["prorated"] if "prorated" in included.columns else False
    value = included["value_norm"] * share
    in_counted_total = (included["in_counted_total"].to_numpy(dtype=bool) if "in_counted_total" in included.columns
                        else np.zeros(len(included), dtype=bool))
    base = pd.DataFrame(
        {
            "metric": included["metric"],
            "category": included["category"],
            "unit_norm": included["unit_norm"],
            "value": value,
            # what a sum over categories may add: a part of a total already counted adds nothing
            "value_beyond_totals": value.where(~in_counted_total, 0.0),
            "source_id": included["source_id"],
            "figure_id": included["figure_id"],
            "estimate": prorated,
        }
    )
    credited = base.assign(agency_id=included["agency_id"], role="credited")
    has_partner = included["counterpart_id"].fillna("") != ""
    partner = base[has_partner].assign(agency_id=included.loc[has_partner, "counterpart_id"], role="partner")
    both = pd.concat([credited, partner], ignore_index=True)
    result = (
        both.groupby(["agency_id", "role", "metric", "category", "unit_norm"], sort=True)
        .agg(
            value=("value", "sum"),
            value_beyond_totals=("value_beyond_totals", "sum"),
            n_figures=("figure_id", "size"),
            n_sources=("source_id", "nunique"),
            estimate=("estimate", "any"),
            figure_ids=("figure_id", lambda s: ";".join(s)),
        )
        .reset_index()
    )
    known = result["agency_id"].map(lambda a: a in registry)
    result["country"] = result["agency_id"].map(lambda a: registry.country(a) if a in registry else "")
    result["top_agency_id"] = result["agency_id"].map(lambda a: registry.top_level(a) if a in registry else a)
    result["depth"] = result["agency_id"].map(lambda a: len(registry.ancestors(a)) if a in registry else 0)
    result.loc[~known, "country"] = ""
    return result[COLUMNS]
