"""Figures reported by several sources, and figures that conflict.

Two figures of the same overlap key (agency, counterpart, metric, category, unit) with the same
window are one result: with the same value from another source it is the same figure reported
again (counted once, and each source that reports it is counted: ``n_sources``); with another
value it is a conflict (the figure that stands is counted, the other is listed beside it with both
quotes, and every total that rests on it says so: ``n_conflicts``). A source is a document and its
syndicated copies: each copy is one publication more (``source_publications``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["SAME_FIGURE", "CONFLICT", "loser_kinds", "restating_sources", "SourceCounter", "conflicts_frame",
           "CONFLICT_COLUMNS", "FIGURE_SOURCE_COLUMNS"]

SAME_FIGURE, CONFLICT = 1, 2
# Per counted figure: its publications (own document, its copies, the documents reporting it again and
# theirs), those other documents with their publications (';'-joined, in the same order), and how many
# figures conflicting with it were left out.
FIGURE_SOURCE_COLUMNS = ["n_sources", "also_reported_by", "also_reported_publications", "n_conflicts"]


def _day_pair(figures: pd.DataFrame, rows: np.ndarray):
    from .aggregate import _window_days  # aggregate imports this module: imported at call time

    return _window_days(figures, rows)


def _source_codes(figures: pd.DataFrame) -> np.ndarray:
    """Each row's source as an integer (categorical codes when it has them)."""
    sources = figures["source_id"]
    if isinstance(sources.dtype, pd.CategoricalDtype):
        return sources.cat.codes.to_numpy().astype(np.int64)
    return pd.factorize(sources)[0].astype(np.int64)


def loser_kinds(figures: pd.DataFrame, rows: np.ndarray, kept: np.ndarray) -> np.ndarray:
    """For each of ``rows`` left out behind the figure at ``kept`` (same overlap key): SAME_FIGURE (same
    window and value, another source), CONFLICT (same window, another value) or 0 (an overlapping window)."""
    kinds = np.zeros(len(rows), dtype=np.int8)
    if not len(rows):
        return kinds
    start, end = _day_pair(figures, rows)
    kept_start, kept_end = _day_pair(figures, kept)
    same_window = (start == kept_start) & (end == kept_end)
    value = figures["value_norm"].to_numpy(dtype="float64")
    same_value = np.isclose(value[rows], value[kept], rtol=1e-9, atol=0)
    sources = _source_codes(figures)
    kinds[same_window & same_value & (sources[rows] != sources[kept])] = SAME_FIGURE
    kinds[same_window & ~same_value] = CONFLICT
    return kinds


def _publications(figures: pd.DataFrame, rows: np.ndarray | None = None) -> np.ndarray:
    """How many publications carried each figure's document (of ``rows``, or of every figure)."""
    n = len(figures) if rows is None else len(rows)
    if "source_publications" not in figures.columns:
        return np.ones(n, dtype=np.int64)
    counts = figures["source_publications"].to_numpy()  # the rows taken before the cast: not a million copied
    return (counts if rows is None else counts[rows]).astype(np.int64)


def restating_sources(figures: pd.DataFrame, rows: np.ndarray, kept: np.ndarray, conflicting: np.ndarray):
    """Per counted figure (a position in ``figures``) that other figures restate or conflict with:
    (positions, publications they add, their documents ';'-joined, those documents' publications, conflicts).

    ``rows``/``kept``: figures reported again by another source and the figure each repeats;
    ``conflicting``: the kept positions of the conflicts, one per conflicting figure.
    """
    if not len(rows) and not len(conflicting):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=object), np.zeros(0, dtype=object), empty
    frame = pd.DataFrame({"holder": kept.astype(np.int64),
                          "source": figures["source_id"].take(rows).astype(str).to_numpy(dtype=object),
                          "publications": _publications(figures, rows)})
    frame = frame.drop_duplicates(["holder", "source"]).sort_values(["holder", "source"], kind="stable")
    grouped = frame.groupby("holder", sort=True)
    stats = pd.DataFrame({
        "added": grouped["publications"].sum(),
        "ids": grouped["source"].agg(";".join),
        "counts": grouped["publications"].agg(lambda counts: ";".join(map(str, counts))),
    })
    conflicts = pd.Series(conflicting.astype(np.int64)).value_counts()
    holders = stats.index.union(conflicts.index)
    reported = holders.isin(stats.index)
    ids = np.full(len(holders), "", dtype=object)
    counts = np.full(len(holders), "", dtype=object)
    added = np.zeros(len(holders), dtype=np.int64)
    ids[reported] = stats["ids"].to_numpy(dtype=object)
    counts[reported] = stats["counts"].to_numpy(dtype=object)
    added[reported] = stats["added"].to_numpy(dtype=np.int64)
    return (holders.to_numpy(dtype=np.int64), added, ids, counts,
            conflicts.reindex(holders).fillna(0).to_numpy(dtype=np.int64))


def with_figure_sources(frame: pd.DataFrame, positions: np.ndarray, figures: pd.DataFrame, stats) -> pd.DataFrame:
    """``frame`` (the figures at sorted ``positions``) with FIGURE_SOURCE_COLUMNS from ``restating_sources``."""
    own = _publications(figures, positions)
    n_sources, conflicts = own.copy(), np.zeros(len(positions), dtype=np.int64)
    also = np.full(len(positions), "", dtype=object)
    also_counts = np.full(len(positions), "", dtype=object)
    holders, added, ids, counts, n_conflicts = stats
    if len(holders) and len(positions):
        at = np.minimum(np.searchsorted(positions, holders), len(positions) - 1)
        here = positions[at] == holders
        at = at[here]
        n_sources[at] += added[here]
        also[at], also_counts[at], conflicts[at] = ids[here], counts[here], n_conflicts[here]
    return frame.assign(n_sources=n_sources, also_reported_by=also, also_reported_publications=also_counts,
                        n_conflicts=conflicts)


class SourceCounter:
    """How many publications report the figures of a frame, or of groups of its rows: each document once
    (whether its figure stands or another source's figure stands for it), with its syndicated copies."""

    def __init__(self, frame: pd.DataFrame):
        codes, uniques = pd.factorize(frame["source_id"])
        codes = codes.astype(np.int64)
        own = _publications(frame)
        extra_rows, extra_codes, added = [], [], []
        if {"also_reported_by", "n_sources"} <= set(frame.columns):
            # only figures another source reports add documents: their n_sources exceeds their own publications
            reported_again = np.flatnonzero(frame["n_sources"].to_numpy(dtype=np.int64) > own)
            texts = frame["also_reported_by"].to_numpy(dtype=object)[reported_again]
            counts = frame["also_reported_publications"].to_numpy(dtype=object)[reported_again]
            known = {str(source): code for code, source in enumerate(uniques)}
            for row, ids, publications in zip(reported_again.tolist(), texts, counts):
                for source, count in zip(str(ids).split(";"), str(publications).split(";")):
                    if source not in known:
                        known[source] = len(uniques) + len(added)
                        added.append(int(count))
                    extra_rows.append(row)
                    extra_codes.append(known[source])
        weight = np.ones(len(uniques) + len(added), dtype=np.int64)
        weight[codes[codes >= 0]] = own[codes >= 0]
        weight[len(uniques):] = added
        self.codes, self.weight = codes, weight
        self.extra_rows = np.array(extra_rows, dtype=np.int64)
        self.extra_codes = np.array(extra_codes, dtype=np.int64)

    def total(self, mask: np.ndarray | None = None) -> int:
        """Publications reporting the figures of the rows in ``mask`` (all rows when None)."""
        own = self.codes if mask is None else self.codes[mask]
        extra = self.extra_codes if mask is None else self.extra_codes[mask[self.extra_rows]]
        present = np.unique(np.concatenate([own[own >= 0], extra]))
        return int(self.weight[present].sum())

    def by_group(self, group: np.ndarray, n_groups: int) -> np.ndarray:
        """Publications reporting each group's figures (``group``: each row's group number)."""
        n_codes = len(self.weight)
        rows = np.flatnonzero(self.codes >= 0)
        pairs = np.concatenate([group[rows].astype(np.int64) * n_codes + self.codes[rows],
                                group[self.extra_rows].astype(np.int64) * n_codes + self.extra_codes])
        pairs = pd.unique(pairs)
        return np.bincount(pairs // n_codes, weights=self.weight[pairs % n_codes], minlength=n_groups).astype(np.int64)


CONFLICT_KEYS = ["agency_id", "counterpart_id", "metric", "category", "unit_norm", "period_start", "period_end"]
_SIDE = ["figure_id", "source_id", "source_title", "source_publisher", "source_published", "value", "unit",
         "value_norm", "quote", "quote_start", "quote_end"]
CONFLICT_COLUMNS = CONFLICT_KEYS + _SIDE + ["other_" + c for c in _SIDE]


def conflicts_frame(figures: pd.DataFrame, rows: np.ndarray, kept: np.ndarray) -> pd.DataFrame:
    """Conflicts side by side: the key and window, then the figure that stands and the one left out
    (``other_``), each with its source, value as reported and normalised, and quote."""
    if not len(rows):
        return pd.DataFrame(columns=CONFLICT_COLUMNS)
    present = [c for c in _SIDE if c in figures.columns]
    standing = figures[CONFLICT_KEYS + present].take(kept).reset_index(drop=True)
    other = figures[present].take(rows).reset_index(drop=True).add_prefix("other_")
    frame = pd.concat([standing, other], axis=1)
    for column in CONFLICT_COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    order = np.lexsort((frame["other_figure_id"].astype(str).to_numpy(), frame["figure_id"].astype(str).to_numpy()))
    return frame[CONFLICT_COLUMNS].iloc[order].reset_index(drop=True)
