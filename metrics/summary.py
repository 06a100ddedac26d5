"""Totals of a selection (``metrics.aggregate.select``) by agency, counterpart, metric, category and unit.

Units never mix (``unit_norm`` is always a key); rows are disjoint, so adding up the value column per
metric and unit gives the total: a figure holding nested figures adds only its remainder.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .aggregate import Selection
from .restatements import SourceCounter

__all__ = ["SUMMARY_BY", "summary", "with_nested"]


SUMMARY_BY = ["agency_id", "counterpart_id", "metric", "category", "unit_norm"]


def summary(selection: Selection | pd.DataFrame, by: list[str] | None = None) -> pd.DataFrame:
    """Totals of the included figures by ``by`` (agency x counterpart x metric x category x unit by default).

    Units never mix: ``unit_norm`` is always part of the grouping. Rows are disjoint: a figure that
    holds nested figures (a parent's tally and its sub-units', a category and narrower ones) adds only
    its remainder, "reported by the parent, not attributed to a sub-unit"; the nested figures have
    rows of their own, and ``value_inside`` says how much of a row's reported total they hold.
    """
    frame = selection.included if isinstance(selection, Selection) else selection
    if isinstance(selection, Selection) and selection.n_nested:
        frame = with_nested(frame, selection.nested)
    by = list(by or SUMMARY_BY)
    if "unit_norm" not in by:
        by.append("unit_norm")
    columns = by + [
        "value",
        "value_inside",
        "estimated_kg",
        "usd_equivalent",
        "n_figures",
        "n_sources",
        "n_conflicts",
        "estimate",
        "period_start",
        "period_end",
        "figure_ids",
    ]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    present = frame[by].notna().all(axis=1).to_numpy()  # a missing key leaves the row out, as groupby's dropna
    if not present.all():
        frame = frame.loc[present]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    group, head_keys = _groups_in_key_order(frame, by)
    n_groups = len(head_keys)

    share = frame["share"].to_numpy() if "share" in frame.columns else 1.0
    prorated = frame["prorated"].to_numpy(dtype=bool) if "prorated" in frame.columns else False
    estimated = frame["estimated_kg"].to_numpy(dtype="float64")
    usd = frame["usd_equivalent"].to_numpy(dtype="float64")
    inside = frame["value_inside"].to_numpy(dtype="float64") if "value_inside" in frame.columns else 0.0
    inside_kg = frame["estimated_kg_inside"].to_numpy(dtype="float64") if "value_inside" in frame.columns else 0.0
    inside_usd = frame["usd_inside"].to_numpy(dtype="float64") if "value_inside" in frame.columns else 0.0
    work = pd.DataFrame(
        {
            "value": frame["value_norm"].to_numpy(dtype="float64") * share - inside,
            "value_inside": np.broadcast_to(inside, len(frame)),
            "estimated_kg": estimated * share - inside_kg,
            "usd_equivalent": usd * share - inside_usd,
            "estimate": ~np.isnan(estimated) | prorated | ~np.isnan(usd),
            "period_start": frame["period_start"].to_numpy(),
            "period_end": frame["period_end"].to_numpy(),
        }
    )
    grouped = work.groupby(group, sort=True)
    result = head_keys
    result["value"] = grouped["value"].sum().to_numpy()
    result["value_inside"] = grouped["value_inside"].sum().to_numpy()
    result["estimated_kg"] = grouped["estimated_kg"].sum(min_count=1).to_numpy()
    result["usd_equivalent"] = grouped["usd_equivalent"].sum(min_count=1).to_numpy()
    result["n_figures"] = np.bincount(group, minlength=n_groups).astype("int64")
    result["n_sources"] = SourceCounter(frame).by_group(group, n_groups)
    conflicts = frame["n_conflicts"].to_numpy(dtype=np.int64) if "n_conflicts" in frame.columns else np.zeros(len(frame))
    result["n_conflicts"] = np.bincount(group, weights=conflicts, minlength=n_groups).astype("int64")
    result["estimate"] = grouped["estimate"].any().to_numpy()
    result["period_start"] = grouped["period_start"].min().to_numpy()
    result["period_end"] = grouped["period_end"].max().to_numpy()
    result["figure_ids"] = _joined_by_group(frame["figure_id"].astype(str).to_numpy(), group, n_groups)
    return result[columns]


def with_nested(included: pd.DataFrame, nested: pd.DataFrame) -> pd.DataFrame:
    """The included and nested figures together, each with ``value_inside`` (and its kg and USD
    counterparts): the share-weighted values of the figures directly inside it."""
    # In the figures' own order (their index), as a summary of one frame lists its ids.
    both = pd.concat([included, nested.drop(columns=["nest_relation"])])
    both = both.sort_index(kind="stable").reset_index(drop=True)
    if "in_counted_total" in both.columns:
        both["in_counted_total"] = both["in_counted_total"].fillna(False).astype(bool)
    both["inside_figure_id"] = both["inside_figure_id"].fillna("").astype(str)
    holder = pd.Index(both["figure_id"].astype(str)).get_indexer(nested["inside_figure_id"].astype(str))
    share = nested["share"].to_numpy(dtype="float64")
    for column, source in (("value_inside", "value_norm"), ("estimated_kg_inside", "estimated_kg"),
                           ("usd_inside", "usd_equivalent")):
        amounts = np.nan_to_num(nested[source].to_numpy(dtype="float64") * share)
        both[column] = np.bincount(holder[holder >= 0], weights=amounts[holder >= 0], minlength=len(both))
    return both


def _text_ranks(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(codes, texts): each row's value as its rank among the column's distinct values ordered by their text.

    A categorical is ranked through its categories (sorted once, small), so no row is turned into text.
    """
    if isinstance(column.dtype, pd.CategoricalDtype):
        texts = np.asarray(column.cat.categories.astype(str), dtype=object)
        codes = column.cat.codes.to_numpy().astype(np.int64)
        if len(texts) > 1 and not column.cat.categories.is_monotonic_increasing:
            order = np.argsort(texts, kind="stable")
            rank = np.empty(len(texts), dtype=np.int64)
            rank[order] = np.arange(len(texts))
            codes, texts = np.where(codes >= 0, rank[codes], -1), texts[order]
        return codes, texts
    codes, uniques = pd.factorize(column.astype(str), sort=True)
    return codes.astype(np.int64), np.asarray(uniques, dtype=object)


def _groups_in_key_order(frame: pd.DataFrame, by: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Each row's group number, groups numbered in the order of their keys' text, and each group's keys."""
    combined = np.zeros(len(frame), dtype=np.int64)
    ranked = {}
    for key in by:
        codes, texts = ranked[key] = _text_ranks(frame[key])
        combined = combined * (len(texts) + 1) + codes
        if combined.max() > 2**52:  # keep the mixed radix inside int64; sorted factorize keeps the order
            combined = pd.factorize(combined, sort=True)[0].astype(np.int64)
    firsts, group = np.unique(combined, return_index=True, return_inverse=True)[1:]
    return group.reshape(-1), pd.DataFrame({key: texts[codes[firsts]] for key, (codes, texts) in ranked.items()})


def _joined_by_group(ids: np.ndarray, group: np.ndarray, n_groups: int) -> list[str]:
    """``";".join`` of each group's ids, in frame order, without a Python call per group."""
    order = np.argsort(group, kind="stable")
    ordered = ids[order].tolist()
    text = ";".join(ordered)
    lengths = np.fromiter(map(len, ordered), dtype=np.int64, count=len(ordered)) + 1
    ends = np.cumsum(lengths)  # one past each id's separator
    counts = np.bincount(group, minlength=n_groups)
    last = np.cumsum(counts) - 1
    stop = ends[last] - 1
    begin = np.r_[0, ends[last[:-1]]]
    return [text[a:b] for a, b in zip(begin.tolist(), stop.tolist())]
