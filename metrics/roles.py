"""Agencies in the roles a report gives them: credited with a result, or its partner (counterpart).

A figure credited to one agency with a counterpart appears twice here, once per role: totals
must be read within a role, never summed across roles.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .agencies import AgencyRegistry
from .restatements import FIGURE_SOURCE_COLUMNS, SourceCounter

__all__ = ["ROLES", "agency_roles", "agency_tree", "TREE_COLUMNS"]

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
    for column in ("source_publications", *FIGURE_SOURCE_COLUMNS):  # the sources reporting each figure
        if column in included.columns:
            base[column] = included[column].to_numpy()
    credited = base.assign(agency_id=included["agency_id"], role="credited")
    has_partner = included["counterpart_id"].fillna("") != ""
    partner = base[has_partner].assign(agency_id=included.loc[has_partner, "counterpart_id"], role="partner")
    both = pd.concat([credited, partner], ignore_index=True)
    grouped = both.groupby(["agency_id", "role", "metric", "category", "unit_norm"], sort=True)
    result = (
        grouped
        .agg(
            value=("value", "sum"),
            value_beyond_totals=("value_beyond_totals", "sum"),
            n_figures=("figure_id", "size"),
            estimate=("estimate", "any"),
            figure_ids=("figure_id", lambda s: ";".join(s)),
        )
        .reset_index()
    )
    result["n_sources"] = SourceCounter(both).by_group(grouped.ngroup().to_numpy(), len(result))
    known = result["agency_id"].map(lambda a: a in registry)
    result["country"] = result["agency_id"].map(lambda a: registry.country(a) if a in registry else "")
    result["top_agency_id"] = result["agency_id"].map(lambda a: registry.top_level(a) if a in registry else a)
    result["depth"] = result["agency_id"].map(lambda a: len(registry.ancestors(a)) if a in registry else 0)
    result.loc[~known, "country"] = ""
    return result[COLUMNS]


TREE_COLUMNS = ["agency_id", "parent_id", "depth", "total", "sub_units", "remainder", "n_figures"]


def agency_tree(selection, registry: AgencyRegistry, metric: str, unit: str) -> pd.DataFrame:
    """Each unit of the hierarchy with its total for one metric and unit, what its sub-units report, and
    the remainder "reported by the unit, not attributed to a sub-unit" (total - sub-units).

    A unit's total adds the figures of the unit and every unit below it, except a figure inside another
    figure of that same subtree (a province's tally inside the national one counts for the province,
    not again for the national command; a narrower category inside the same unit's wider tally is
    never added). A part of a counted total ("trong đó") adds nothing across categories.
    """
    from .summary import with_nested

    frame = with_nested(selection.included, selection.nested) if selection.n_nested else selection.included.assign(
        inside_figure_id="")
    frame = frame[(frame["metric"] == metric) & (frame["unit_norm"] == unit)]
    if "in_counted_total" in frame.columns:
        frame = frame[~frame["in_counted_total"].astype(bool)]
    if frame.empty:
        return pd.DataFrame(columns=TREE_COLUMNS)
    share = frame["share"].to_numpy(dtype="float64") if "share" in frame.columns else 1.0
    agency_of = dict(zip(frame["figure_id"].astype(str), frame["agency_id"].astype(str)))
    work = pd.DataFrame({"agency": frame["agency_id"].astype(str).to_numpy(),
                         "holder": [agency_of.get(h, "") for h in frame["inside_figure_id"].astype(str)],
                         "value": frame["value_norm"].to_numpy(dtype="float64") * share})
    groups = work.groupby(["agency", "holder"], sort=True)["value"].agg(["sum", "size"]).reset_index()

    def path(agency: str) -> list[str]:  # the agency, then its parents up to the top
        return [agency, *registry.ancestors(agency)] if agency in registry else [agency]

    totals: dict[str, float] = {}
    counts: dict[str, int] = {}
    for agency, holder, value, size in groups.itertuples(index=False):
        # counted at every unit from its own up to, not including, the lowest unit holding both
        stop = set(path(holder)) if holder else set()
        for node in path(agency):
            if node in stop:
                break
            totals[node] = totals.get(node, 0.0) + value
            counts[node] = counts.get(node, 0) + int(size)
    rows = []
    for node, total in totals.items():
        parent = registry[node].parent_id if node in registry else None
        children = [c for c in totals if (registry[c].parent_id if c in registry else None) == node]
        below = sum(totals[c] for c in children)
        rows.append((node, parent or "", len(path(node)) - 1, total, below, total - below, counts[node]))
    tree = pd.DataFrame(rows, columns=TREE_COLUMNS)
    order = {node: i for i, node in enumerate(sorted(totals, key=lambda a: [*reversed(path(a))]))}
    return tree.sort_values("agency_id", key=lambda s: s.map(order)).reset_index(drop=True)

