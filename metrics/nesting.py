"""Nesting: a unit's figure and its sub-units', a category's and those inside it.

Figure g contains figure f when they share counterpart, metric and unit, their windows overlap,
and g's agency is a parent of f's with comparable categories (one inside the other, or the
same), or the same agency with g's category wider. The containing figure is counted; f is shown
inside it and never added (``aggregate.select`` lists it with the relation, ``summary.summary``
gives the container only its remainder).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .agencies import AgencyRegistry
from .categories import CategoryTree, default_categories

__all__ = ["nesting", "wider_categories", "agency_ancestors", "NEST_REASONS", "NOT_COMPARABLE_REASON"]


# How a nested figure relates to the figure it is inside (the codes of ``nest_relation``).
NEST_SUB_UNIT, NEST_NARROWER, NEST_SUB_UNIT_NARROWER, NEST_POSSIBLY_SAME = 1, 2, 3, 4
NEST_REASONS = {
    NEST_SUB_UNIT: "a sub-unit's figure inside the parent's tally, figure {kept}: not added",
    NEST_NARROWER: "a narrower category inside the same unit's tally, figure {kept}: not added",
    NEST_SUB_UNIT_NARROWER: "a sub-unit's figure of a narrower category inside the parent's tally, figure {kept}: not added",
    NEST_POSSIBLY_SAME: "possibly the same cases as the parent's tally of a narrower category, figure {kept}: not added",
}
NOT_COMPARABLE_REASON = ("a tally of a wider category ({category}), which may hold the chosen categories' cases: "
                         "not comparable, not added")
NEST_KEYS = ["counterpart_id", "metric", "unit_norm"]


def agency_ancestors(frame: pd.DataFrame, registry: AgencyRegistry | None) -> dict[str, tuple[str, ...]]:
    """Each agency of the frame with its parent chain: from the frame's ``agency_ancestors`` column
    (``normalise_figures`` writes it) or the registry; an agency neither knows stands alone."""
    agencies = pd.unique(frame["agency_id"].astype(str))
    if "agency_ancestors" in frame.columns:
        pairs = frame[["agency_id", "agency_ancestors"]].drop_duplicates("agency_id")
        known = {str(a): tuple(p for p in str(chain).split(";") if p) for a, chain in pairs.itertuples(index=False)}
        return {a: known.get(a, ()) for a in agencies}
    return {a: tuple(registry.ancestors(a)) if registry is not None and a in registry else () for a in agencies}


def nesting(figures: pd.DataFrame, rows: np.ndarray, registry: AgencyRegistry | None = None,
            categories: CategoryTree | None = None, asking: np.ndarray | None = None,
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Of ``rows`` (positions), those inside another of them: (nested rows, the row each is directly
    inside, the relation code). With ``asking`` (positions among ``rows``), only those are asked about;
    every row of ``rows`` may still hold them.

    Figure g contains figure f when they share counterpart, metric and unit, their windows overlap,
    and g's agency is a parent of f's with comparable categories (one inside the other or the same),
    or the same agency with g's category wider. Of several, f is directly inside the closest: a true
    container before a "possibly the same" one, then the deepest agency, the deepest category, then
    the latest end, earliest start, smallest figure id.
    """
    empty = np.empty(0, dtype=np.int64)
    if len(rows) < 2:
        return empty, empty, np.empty(0, dtype=np.int8)
    categories = categories if categories is not None else default_categories()
    # Integer codes of the rows' columns, not their texts: at a million figures a subset has
    # hundreds of thousands of rows, and only the distinct (agency, category) pairs are looked at.
    agency_codes, agency_texts = _codes(figures["agency_id"], rows)
    category_codes, category_texts = _codes(figures["category"], rows)
    pair_codes, pair_at = _dense(agency_codes * (len(category_texts) + 1) + category_codes)
    pairs = [(agency_texts[a], category_texts[c]) for a, c in zip(agency_codes[pair_at], category_codes[pair_at])]
    pair_index = {pair: i for i, pair in enumerate(pairs)}
    first_of_agency = np.unique(agency_codes, return_index=True)[1]
    chains = agency_ancestors(figures[[c for c in ("agency_id", "agency_ancestors") if c in figures.columns]].take(
        rows[first_of_agency]), registry)
    present_categories = sorted({c for _, c in pairs})
    depth = {c: categories.depth(c) for c in present_categories}
    comparable = {c: [(d, depth[d]) for d in present_categories if categories.comparable(c, d)]
                  for c in present_categories}

    # (pair, container pair, rank): every pair a figure of ``pair`` may lie inside, closest first.
    holders, containers, possibly_same, levels, container_depths, relations = [], [], [], [], [], []
    for p, (a, c) in enumerate(pairs):
        c_depth = depth[c]
        for level, outer_agency in enumerate((a, *chains.get(a, ()))):
            for d, d_depth in comparable[c]:
                q = pair_index.get((outer_agency, d))
                if q is None or q == p:
                    continue
                if level == 0:
                    if d_depth >= c_depth:
                        continue
                    relation = NEST_NARROWER
                elif d == c:
                    relation = NEST_SUB_UNIT
                elif d_depth < c_depth:
                    relation = NEST_SUB_UNIT_NARROWER
                else:
                    relation = NEST_POSSIBLY_SAME
                holders.append(p)
                containers.append(q)
                possibly_same.append(relation == NEST_POSSIBLY_SAME)
                levels.append(level)
                container_depths.append(d_depth)
                relations.append(relation)
    if not holders:
        return empty, empty, np.empty(0, dtype=np.int8)
    # By holder, then closest first: a true container, the nearest agency level, the deepest category.
    order = np.lexsort((-np.array(container_depths), np.array(levels), np.array(possibly_same),
                        np.array(holders, dtype=np.int64)))
    holders = np.array(holders, dtype=np.int64)[order]
    containers = np.array(containers, dtype=np.int64)[order]
    relations = np.array(relations, dtype=np.int8)[order]
    rank = np.empty(len(order), dtype=np.int64)  # each candidate's place among its holder's candidates
    starts_of_holder = np.r_[0, np.flatnonzero(holders[1:] != holders[:-1]) + 1]
    rank = np.arange(len(order)) - np.repeat(starts_of_holder, np.diff(np.r_[starts_of_holder, len(order)]))

    from .aggregate import _window_days  # aggregate imports this module: imported at call time

    base = np.zeros(len(rows), dtype=np.int64)
    for key in NEST_KEYS:
        codes, texts = _codes(figures[key], rows)
        base = base * (len(texts) + 1) + codes
    base = _dense(base)[0]
    start, end = _window_days(figures, rows)
    n_base = int(base.max()) + 1

    # Every (row, candidate container pair) to ask about.
    askers = np.arange(len(rows)) if asking is None else np.flatnonzero(np.isin(rows, asking))
    by_pair = askers[np.argsort(pair_codes[askers], kind="stable")]
    pair_first = np.searchsorted(pair_codes[by_pair], np.arange(len(pairs)))
    pair_count = np.bincount(pair_codes[askers], minlength=len(pairs))
    n_asks = pair_count[holders]
    ask_candidate = np.repeat(np.arange(len(holders)), n_asks)
    offset = np.arange(len(ask_candidate)) - np.repeat(np.cumsum(n_asks) - n_asks, n_asks)
    ask_row = by_pair[pair_first[holders[ask_candidate]] + offset]

    # Containers: rows grouped by (pair, base key), sorted by start, with the running latest end.
    group = pair_codes.astype(np.int64) * n_base + base
    if "figure_id_rank" in figures.columns:  # precomputed (aggregate.overlap_index): the same order
        id_rank = figures["figure_id_rank"].to_numpy()[rows]
    else:
        id_rank = np.argsort(np.argsort(figures["figure_id"].take(rows).astype(str).to_numpy(), kind="stable"),
                             kind="stable")
    sorted_rows = np.lexsort((id_rank, start, group))
    g_sorted, s_sorted, e_sorted = group[sorted_rows], start[sorted_rows], end[sorted_rows]
    shift = np.int64(2**32)
    dense = np.cumsum(np.r_[True, g_sorted[1:] != g_sorted[:-1]]).astype(np.int64)
    lifted = dense * shift + (e_sorted + shift // 2)
    running = np.maximum.accumulate(lifted)
    # the first row (in sorted order) that reached each running maximum
    reached = np.r_[True, lifted[1:] > running[:-1]]
    best_at = np.maximum.accumulate(np.where(reached, np.arange(len(lifted)), 0))
    running_end = running - dense * shift - shift // 2
    key_sorted = g_sorted * shift + (s_sorted + shift // 2)

    ask_group = containers[ask_candidate] * n_base + base[ask_row]
    at = np.searchsorted(key_sorted, ask_group * shift + (end[ask_row] + shift // 2), side="right") - 1
    ok = at >= 0
    at_safe = np.where(ok, at, 0)
    ok &= (g_sorted[at_safe] == ask_group) & (running_end[at_safe] >= start[ask_row])
    if not ok.any():
        return empty, empty, np.empty(0, dtype=np.int8)
    found_row, found_rank = ask_row[ok], rank[ask_candidate[ok]]
    found_container = sorted_rows[best_at[at_safe[ok]]]
    found_relation = relations[ask_candidate[ok]]
    first = np.lexsort((found_rank, found_row))
    keep = np.r_[True, found_row[first][1:] != found_row[first][:-1]]
    chosen = first[keep]
    nested_local = found_row[chosen]
    order_out = np.argsort(nested_local, kind="stable")
    chosen = chosen[order_out]
    return rows[found_row[chosen]], rows[found_container[chosen]], found_relation[chosen]


def _codes(column: pd.Series, rows: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """(code per row of ``rows``, the texts of the codes): a missing value is a value of its own ("nan"),
    as ``astype(str)`` makes it. A categorical is read through its codes, not turned into text."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()[rows].astype(np.int64)
        texts = [str(c) for c in column.cat.categories] + ["nan"]
        return np.where(codes < 0, len(texts) - 1, codes), texts
    codes, uniques = pd.factorize(column.take(rows).astype(str))
    return codes.astype(np.int64), [str(u) for u in uniques]


def _dense(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(dense code per value numbered by first appearance, position of each code's first value)."""
    codes = pd.factorize(values)[0].astype(np.int64)
    return codes, np.unique(codes, return_index=True)[1]


def wider_categories(figures: pd.DataFrame, mask: np.ndarray, wanted, categories: CategoryTree | None = None) -> np.ndarray:
    """Rows kept by ``mask`` whose category is wider than one of ``wanted`` (a tally of all offences
    in a view of drug offences): not comparable with the chosen categories' figures."""
    if not wanted:
        return np.zeros(len(figures), dtype=bool)
    categories = categories if categories is not None else default_categories()
    wider = {outer for inner in wanted for outer in categories.ancestors(inner)} - set(wanted)
    return mask & _mask_in_unfiltered(figures["category"], wider)


def _mask_in_unfiltered(series: pd.Series, allowed) -> np.ndarray:
    from .aggregate import _mask_in

    return _mask_in(series, allowed) if allowed else np.zeros(len(series), dtype=bool)
