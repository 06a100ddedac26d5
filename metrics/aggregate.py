"""Filtering and overlap-aware aggregation of normalised figures.

The rules, each applied once below:
- Period: a figure counts toward a period only when its whole reporting window lies inside
  it. A window that sticks out is left out and listed (the default), or, on request,
  pro-rated by days: the share of its days inside the period, marked as an estimate.
  A window with no start (open on the left) cannot be placed and is left out of any
  period with a start.
- Overlap: figures with the same agency, counterpart, metric, category and unit whose
  windows overlap are never summed. Overlapping windows are chained into clusters; each
  cluster contributes its single widest window (the figure that covers most), and the
  rest are left out and listed with the figure that stood in for them.
- Restatements (a figure marked as restating another) are never counted twice.
- Sources (metrics/restatements.py): the same figure from several sources stands once, and counts
  every source that reports it (``n_sources``, copies included); the same key and window with
  another value is a conflict, listed side by side (``Selection.conflicts``), counted in ``n_conflicts``.
- Nesting (metrics/nesting.py): a sub-unit's figure, or a narrower category's, inside an
  overlapping figure of its parent unit or wider category is shown inside it, never added; the
  summary (metrics/summary.py) gives the containing figure only its remainder, so its rows add up
  to the total.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from .agencies import AgencyRegistry
from .categories import CategoryTree
from .nesting import NEST_REASONS, NOT_COMPARABLE_REASON, nesting, wider_categories
from .restatements import (CONFLICT, SAME_FIGURE, SourceCounter, conflicts_frame, loser_kinds, restating_sources,
                           with_figure_sources)

__all__ = [
    "Filters",
    "Selection",
    "select",
    "per_month_rate",
    "OVERLAP_KEYS",
    "DAYS_PER_MONTH",
]

OVERLAP_KEYS = ["agency_id", "counterpart_id", "metric", "category", "unit_norm"]
DAYS_PER_MONTH = 365.25 / 12
OUTSIDE_RULES = ("exclude", "prorate")


@dataclass(frozen=True)
class Filters:
    """What the analyst asked for. Empty tuples mean no restriction."""

    date_from: date | None = None
    date_to: date | None = None
    countries: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    metrics: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    outside_rule: str = "exclude"
    # With agencies: also the units whose area they took over (Kon Tum's for Quảng Ngãi since 2025).
    with_predecessors: bool = False

    def __post_init__(self):
        if self.outside_rule not in OUTSIDE_RULES:
            raise ValueError(f"outside_rule must be one of {', '.join(OUTSIDE_RULES)}, not '{self.outside_rule}'")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(f"the period starts ({self.date_from}) after it ends ({self.date_to})")

    def describe(self) -> str:
        parts = [
            f"from {self.date_from or 'the beginning'} to {self.date_to or 'the latest'}",
            f"countries: {', '.join(self.countries) or 'all'}",
            f"agencies (with sub-units{' and predecessors' if self.with_predecessors else ''}): "
            f"{', '.join(self.agencies) or 'all'}",
            f"metrics: {', '.join(self.metrics) or 'all'}",
            f"categories: {', '.join(self.categories) or 'all'}",
            "windows sticking out of the period: "
            + ("pro-rated by days (estimate)" if self.outside_rule == "prorate" else "left out"),
        ]
        return "; ".join(parts)


class Selection:
    """Figures that count (``included``, with their ``share``) and those left out, with why.

    ``left_out`` is built on first access: at a million figures, listing why hundreds of
    thousands were left out costs more than the selection itself, and most reruns never look.
    """

    def __init__(self, included: pd.DataFrame, left_out: pd.DataFrame | None = None, *, _left_out_parts=None,
                 _n_left_out: int | None = None, _left_out_rows=None, _nested=None, _n_nested: int = 0,
                 _conflicts=None, _n_conflicts: int = 0):
        self.included = included
        self._conflicts, self._n_conflicts = _conflicts, _n_conflicts
        self._nested = _nested
        self._n_nested = _n_nested
        self._left_out = left_out if left_out is not None or _left_out_parts is not None else pd.DataFrame()
        self._left_out_parts = _left_out_parts
        self._n_left_out = _n_left_out
        # (figures, positions of the left-out rows in list order, builder of the list for a subset of them)
        self._left_out_rows = _left_out_rows

    def _left_out_subset(self, where) -> np.ndarray:
        """Indexes into the left-out list of the figures for which ``where(frame) -> bool mask`` holds."""
        figures, positions, _build = self._left_out_rows
        if where is None:
            return np.arange(len(positions))
        wanted = np.asarray(where(figures), dtype=bool)
        return np.flatnonzero(wanted[positions])

    def left_out_count(self, where=None) -> int:
        """How many left-out figures satisfy ``where`` (a function of a figures frame giving a bool mask)."""
        if self._left_out_rows is None or (self._left_out is not None and self._left_out_parts is None):
            left = self.left_out
            return len(left) if where is None or left.empty else int(np.asarray(where(left), dtype=bool).sum())
        if where is None:
            return len(self._left_out_rows[1])
        return len(self._left_out_subset(where))

    def left_out_head(self, n: int, where=None, start: int = 0) -> pd.DataFrame:
        """Rows ``start`` to ``start + n`` of ``left_out`` (restricted by ``where``), without building the rest."""
        if self._left_out_rows is None or (self._left_out is not None and self._left_out_parts is None):
            left = self.left_out
            if where is not None and not left.empty:
                left = left[np.asarray(where(left), dtype=bool)]
            return left.iloc[start:start + n]
        _figures, _positions, build = self._left_out_rows
        return build(self._left_out_subset(where)[start:start + n])

    @property
    def n_left_out(self) -> int:
        """How many figures were left out, without building the list of them."""
        if self._left_out is None and self._n_left_out is not None:
            return self._n_left_out
        return len(self.left_out)

    @property
    def left_out(self) -> pd.DataFrame:
        if self._left_out is None:
            self._left_out = self._left_out_parts()
            self._left_out_parts = None
        return self._left_out

    @left_out.setter
    def left_out(self, frame: pd.DataFrame) -> None:
        self._left_out, self._left_out_parts = frame, None

    @property
    def nested(self) -> pd.DataFrame:
        """Figures inside a counted figure (a sub-unit's, a narrower category's), with ``inside_figure_id``:
        not added, shown inside the figure that holds them."""
        if callable(self._nested):
            self._nested = self._nested()
        if self._nested is None:
            return self.included.iloc[0:0].assign(inside_figure_id="", nest_relation=0)
        return self._nested

    @property
    def n_nested(self) -> int:
        return self._n_nested if self._nested is not None and callable(self._nested) else len(self.nested)

    @property
    def conflicts(self) -> pd.DataFrame:
        """Figures left out because the figure that stands has the same key and window and another value,
        side by side with it (``restatements.conflicts_frame``); built on first access."""
        if callable(self._conflicts):
            self._conflicts = self._conflicts()
        if self._conflicts is None:
            self._conflicts = conflicts_frame(self.included, np.zeros(0, np.int64), np.zeros(0, np.int64))
        return self._conflicts

    @property
    def n_conflicts(self) -> int:
        return self._n_conflicts if callable(self._conflicts) else len(self.conflicts)

    @property
    def n_figures(self) -> int:
        return len(self.included)

    @property
    def n_sources(self) -> int:
        """Publications reporting the included figures (each document once, with its copies)."""
        return SourceCounter(self.included).total() if len(self.included) else 0

    def __repr__(self) -> str:
        return f"Selection(included={len(self.included)} figures, left_out={len(self.left_out)} figures)"


class _LazyRows:
    """Positions of the figures that stood in for ``losers``, found from the precomputed ranks when first indexed
    (only the left-out list needs them)."""

    def __init__(self, figures: pd.DataFrame, losers: np.ndarray):
        self._figures, self._losers, self._rows = figures, losers, None

    def __getitem__(self, index):
        if self._rows is None:
            self._rows = _position_of_rank(self._figures)[self._figures["overlap_kept_rank"].to_numpy()[self._losers]]
        return self._rows[index]


def _position_of_rank(figures: pd.DataFrame) -> np.ndarray:
    """The position of the figure at each overlap rank (``overlap_rank``'s inverse), stored by the overlap index."""
    if "overlap_rank_position" in figures.columns:
        return figures["overlap_rank_position"].to_numpy()
    ranks = figures["overlap_rank"].to_numpy()
    position_of_rank = np.empty(len(ranks), dtype=np.int64)
    position_of_rank[ranks] = np.arange(len(ranks))
    return position_of_rank


def _mask_in(series: pd.Series, allowed) -> np.ndarray:
    """Rows whose value is one of ``allowed`` (all rows when nothing is asked for); a categorical is
    matched by its codes, so the cost is one lookup per row."""
    if not allowed:
        return np.ones(len(series), dtype=bool)
    if isinstance(series.dtype, pd.CategoricalDtype):
        wanted = np.append(series.cat.categories.isin(list(allowed)), False)  # code -1 (missing) is never wanted
        return wanted[series.cat.codes.to_numpy()]
    return np.array(series.isin(allowed), dtype=bool)


# Open ends of a window as day numbers: an open start is the earliest possible day, an open end the latest.
_OPEN_START_DAY = np.int64(-(2**30))
_OPEN_END_DAY = np.int64(2**30)
_EPOCH = date(1970, 1, 1)


def _day_numbers(column: pd.Series, open_value: np.int64) -> np.ndarray:
    """Days since 1970-01-01 as int64, ``open_value`` where the date is missing."""
    days = column.to_numpy(dtype="datetime64[D]")
    out = days.astype("int64")
    out[np.isnat(days)] = open_value
    return out


def _group_codes(frame: pd.DataFrame, keys: list[str], missing_is_value: bool = False):
    """One int64 code per row for the combination of ``keys``; -1 where any key is missing,
    unless ``missing_is_value`` (then a missing key is a value like any other)."""
    combined = np.zeros(len(frame), dtype=np.int64)
    missing = np.zeros(len(frame), dtype=bool)
    for key in keys:
        codes, uniques = pd.factorize(frame[key], use_na_sentinel=not missing_is_value)
        missing |= codes < 0
        combined = combined * (len(uniques) + 1) + codes
        if len(uniques) and combined.max() > 2**52:  # keep the mixed radix inside int64
            combined = pd.factorize(combined)[0].astype(np.int64)
    combined[missing] = -1
    return combined


def overlap_codes(frame: pd.DataFrame) -> np.ndarray:
    """One code per row for its overlap key (agency, counterpart, metric, category, unit).

    Uses the ``overlap_key`` column that ``normalise_figures`` precomputes (a hash of those five
    values, so frames from different calls can be concatenated) when the frame has it.
    """
    if "overlap_key" in frame.columns:
        return pd.factorize(frame["overlap_key"].to_numpy())[0].astype(np.int64)
    return _group_codes(frame[OVERLAP_KEYS].astype(str), OVERLAP_KEYS, missing_is_value=True)


def overlap_order(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(``overlap_group``, ``overlap_rank``): each row's overlap key as a dense code, and its place
    when rows are sorted by key then window start (stable). Stored beside a large frame, they let
    ``select`` order any subset of rows as the overlap rule needs by their ranks alone."""
    group = overlap_codes(frame)
    start, _end = _window_days(frame)
    order = np.lexsort((start, group))
    rank = np.empty(len(frame), dtype=np.int64)
    rank[order] = np.arange(len(frame))
    return group.astype(np.int32), rank


def overlap_index(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """Columns that let ``select`` skip work on a large frame, computed once when it is loaded:

    - ``overlap_group``, ``overlap_rank`` (see ``overlap_order``);
    - ``window_start_day``, ``window_end_day``: each window as day numbers (the period rule's
      comparisons on small integers, not on dates converted for every selection);
    - ``overlap_winner``, ``overlap_kept_rank``: the overlap rule applied to every figure that
      does not restate another (whether it stands for its cluster, and for one that does not,
      the rank of the figure that stood in; -1 otherwise); ``overlap_loser_kind``: whether such a
      figure is the same figure from another source or a conflict (``restatements.loser_kinds``);
    - ``overlap_rank_position``: the position of the figure at each rank (``overlap_rank``'s inverse);
    - ``restates_a_figure``, ``part_of_a_figure``: whether a figure restates another, or is part of a total.

    The filters on country, agency, metric and category keep or drop whole overlap keys (the
    country is the agency's), so without a period the rule's answer for any such filter is this
    one, restricted to the rows kept. ``select`` uses it only on the frame it was computed for
    (``attrs["overlap_index_rows"]`` equals the frame's length); a subset falls back to computing.
    """
    start, end = (days.astype(np.int32) for days in _window_days(frame))
    frame = frame.assign(window_start_day=start, window_end_day=end)
    group, rank = overlap_order(frame)
    frame = frame.assign(overlap_group=group, overlap_rank=rank)
    candidates = np.flatnonzero(~_restating(frame))
    winners, losers, kept_rows = _overlap_winners(frame, candidates)
    winner = np.zeros(len(frame), dtype=bool)
    winner[winners] = True
    kept_rank = np.full(len(frame), -1, dtype=np.int32)  # ranks and positions fit in int32: 4 MB a column at 1M, not 8
    kept_rank[losers] = rank[kept_rows]
    loser_kind = np.zeros(len(frame), dtype=np.int8)
    loser_kind[losers] = loser_kinds(frame, losers, kept_rows)
    # Nesting among all the winners (agencies from the frame's agency_ancestors column).
    can_nest = winners[~_points_to_a_figure(frame, "part_of_figure_id")[winners]]
    nested, containers, relation = nesting(frame, can_nest)
    container_rank = np.full(len(frame), -1, dtype=np.int32)
    container_rank[nested] = rank[containers]
    nest_relation = np.zeros(len(frame), dtype=np.int8)
    nest_relation[nested] = relation
    id_rank = np.empty(len(frame), dtype=np.int32)  # each figure id's place in text order, for nesting's tie-break
    id_rank[np.argsort(frame["figure_id"].astype(str).to_numpy(), kind="stable")] = np.arange(len(frame))
    rank_position = np.empty(len(frame), dtype=np.int32)
    rank_position[rank] = np.arange(len(frame))
    return {"overlap_group": group, "overlap_rank": rank.astype(np.int32), "overlap_winner": winner, "overlap_kept_rank": kept_rank,
            "overlap_rank_position": rank_position, "figure_id_rank": id_rank,
            "restates_a_figure": _restating(frame), "part_of_a_figure": _points_to_a_figure(frame, "part_of_figure_id"),
            "window_start_day": start, "window_end_day": end, "nest_container_rank": container_rank,
            "nest_relation": nest_relation, "overlap_loser_kind": loser_kind}


def _restating(figures: pd.DataFrame) -> np.ndarray:
    """Rows marked as restating another figure."""
    return _points_to_a_figure(figures, "restates_figure_id")


_MARK_COLUMNS = {"restates_figure_id": "restates_a_figure", "part_of_figure_id": "part_of_a_figure"}


def _points_to_a_figure(frame: pd.DataFrame, column: str) -> np.ndarray:
    """Rows whose ``column`` (restates_figure_id, part_of_figure_id) names a figure: neither missing nor empty."""
    if column not in frame.columns:
        return np.zeros(len(frame), dtype=bool)
    marked = _MARK_COLUMNS[column]
    if marked in frame.columns and _indexed(frame):  # stored by the overlap index
        return frame[marked].to_numpy()
    ids = frame[column]
    if isinstance(ids.dtype, pd.CategoricalDtype):  # by codes: one lookup per row
        marks = np.append(ids.cat.categories != "", False)  # code -1 (missing) marks nothing
        return marks[ids.cat.codes.to_numpy()]
    return (ids.notna() & (ids != "")).to_numpy(dtype=bool)


INDEX_COLUMNS = ("overlap_key", "overlap_group", "overlap_rank", "overlap_winner", "overlap_kept_rank",
                 "overlap_rank_position", "restates_a_figure", "part_of_a_figure",
                 "window_start_day", "window_end_day", "nest_container_rank", "nest_relation", "overlap_loser_kind",
                 "figure_id_rank")


def _shown_columns(figures: pd.DataFrame) -> list[str]:
    """The columns a selection hands on: all but the overlap index (not copied for every selection)."""
    return [c for c in figures.columns if c not in INDEX_COLUMNS]


def _indexed(figures: pd.DataFrame) -> bool:
    """Whether ``figures`` carries an ``overlap_index`` computed for exactly these rows."""
    return "overlap_winner" in figures.columns and figures.attrs.get("overlap_index_rows") == len(figures)


def overlap_key(frame: pd.DataFrame) -> np.ndarray:
    """The hash ``normalise_figures`` stores as ``overlap_key``: equal keys, equal hashes."""
    return pd.util.hash_pandas_object(frame[OVERLAP_KEYS].astype(str), index=False).to_numpy()


def select(figures: pd.DataFrame, filters: Filters, registry: AgencyRegistry | None = None,
           categories: CategoryTree | None = None) -> Selection:
    """Apply the filters, the period rule, restatements, the overlap rule and nesting."""
    mask = _mask_in(figures["country"], filters.countries)
    if filters.agencies:
        wanted: set[str] = set()
        for agency in filters.agencies:
            if registry is not None and agency in registry:
                wanted |= registry.with_predecessors(agency) if filters.with_predecessors else registry.descendants(agency)
            else:
                wanted.add(agency)
        mask &= _mask_in(figures["agency_id"], wanted)
    mask &= _mask_in(figures["metric"], filters.metrics)
    wider = wider_categories(figures, mask, filters.categories, categories)
    mask &= _mask_in(figures["category"], filters.categories)

    keep, out_mask, share, prorated = _period_masks(figures, filters, mask)
    if wider.any():  # listed only when the period rule would have kept them
        wider = _period_masks(figures, filters, wider)[0] & ~_restating(figures)

    restating = _restating(figures) & keep
    whole_keys = filters.date_from is None and filters.date_to is None and _indexed(figures)
    if whole_keys:
        # Whole overlap keys kept, no period: the precomputed answer holds (see overlap_index).
        candidate = keep & ~restating
        winner = figures["overlap_winner"].to_numpy()
        winners, losers = np.flatnonzero(candidate & winner), np.flatnonzero(candidate & ~winner)
        kept_rows = _LazyRows(figures, losers)
    else:
        winners, losers, kept_rows = _overlap_winners(figures, np.flatnonzero(keep & ~restating))

    # Nesting, among the winners that are not parts of a total (those have their own rule).
    can_nest = winners[~_points_to_a_figure(figures, "part_of_figure_id")[winners]]
    precomputed = (whole_keys and categories is None and "nest_container_rank" in figures.columns
                   and "agency_ancestors" in figures.columns)
    if precomputed and not filters.agencies and not filters.categories:
        # Countries and metrics keep a figure and everything it lies inside: the precomputed answer holds.
        container_rank = figures["nest_container_rank"].to_numpy()[can_nest]
        nested = can_nest[container_rank >= 0]
        containers = _LazyRanks(figures, figures["nest_container_rank"].to_numpy()[nested])
        relation = figures["nest_relation"].to_numpy()[nested]
    elif precomputed:
        nested, containers, relation = _restricted_nesting(figures, can_nest, registry)
    else:
        nested, containers, relation = nesting(figures, can_nest, registry, categories)
    if len(nested):
        winners = winners[~np.isin(winners, nested)]

    # The same figure from other sources, and conflicts: what each counted figure's sources and conflicts add.
    if whole_keys and "overlap_loser_kind" in figures.columns:
        kinds = figures["overlap_loser_kind"].to_numpy()[losers]
    else:
        kinds = loser_kinds(figures, losers, kept_rows[np.arange(len(losers))]) if len(losers) else np.zeros(0, np.int8)
    same_at, conflict_at = np.flatnonzero(kinds == SAME_FIGURE), np.flatnonzero(kinds == CONFLICT)
    stats = restating_sources(figures, losers[same_at], kept_rows[same_at], kept_rows[conflict_at])

    included = with_figure_sources(figures[_shown_columns(figures)].take(winners), winners, figures, stats)
    included["share"] = share[winners]
    included["prorated"] = prorated[winners]
    included["in_counted_total"] = _parts_of_counted_totals(figures, included, np.concatenate([winners, losers, nested]))

    out_rows, restating_rows, wider_rows = np.flatnonzero(out_mask), np.flatnonzero(restating), np.flatnonzero(wider)
    positions = np.concatenate([out_rows, restating_rows, losers, wider_rows, nested]).astype(np.int64)
    # Only the left-out rows' shares are kept for the list: a cached selection does not hold
    # arrays over every figure (ten megabytes each at a million figures).
    left_share, left_prorated = share[positions], prorated[positions]
    bounds = np.cumsum([0, len(out_rows), len(restating_rows), len(losers), len(wider_rows), len(nested)])

    def build(chosen: np.ndarray) -> pd.DataFrame:
        """The left-out list's rows at indexes ``chosen`` (ascending), in list order."""
        parts = []

        def segment(number: int):
            pick = chosen[(chosen >= bounds[number]) & (chosen < bounds[number + 1])]
            return pick - bounds[number], pick

        pick, at = segment(0)
        if len(pick):
            rows = out_rows[pick]
            outside = figures.take(rows).assign(share=left_share[at], prorated=left_prorated[at])
            outside["reason"] = np.where(
                outside["period_start"].isna(),
                "reporting window has no start, so it cannot be placed in the period",
                "reporting window sticks out of the period",
            )
            outside["kept_figure_id"] = ""
            parts.append(outside)
        pick, at = segment(1)
        if len(pick):
            rows = restating_rows[pick]
            restated = figures.take(rows).assign(share=left_share[at], prorated=left_prorated[at])
            restated["reason"] = "restates figure " + restated["restates_figure_id"].astype(str)
            restated["kept_figure_id"] = restated["restates_figure_id"]
            parts.append(restated)
        pick, at = segment(2)
        if len(pick):
            rows = losers[pick]
            kept = kept_rows[pick]
            dropped = figures.take(rows).assign(share=left_share[at], prorated=left_prorated[at])
            dropped = dropped.assign(reason=overlap_reasons(figures, rows, kept),
                                     kept_figure_id=figures["figure_id"].take(kept).to_numpy(dtype=object))
            parts.append(dropped)
        pick, at = segment(3)
        if len(pick):
            rows = wider_rows[pick]
            wide = figures.take(rows).assign(share=left_share[at], prorated=left_prorated[at])
            wide["reason"] = [NOT_COMPARABLE_REASON.format(category=c) for c in wide["category"].astype(str)]
            wide["kept_figure_id"] = ""
            parts.append(wide)
        pick, at = segment(4)
        if len(pick):
            rows = nested[pick]
            kept_ids = figures["figure_id"].take(containers[pick]).astype(str).to_numpy(dtype=object)
            inside = figures.take(rows).assign(share=left_share[at], prorated=left_prorated[at])
            inside["reason"] = [NEST_REASONS[int(r)].format(kept=k) for r, k in zip(relation[pick], kept_ids)]
            inside["kept_figure_id"] = kept_ids
            parts.append(inside)
        if parts:
            return pd.concat(parts, ignore_index=True)
        return included.iloc[0:0].assign(reason="", kept_figure_id="")

    def left_out_parts() -> pd.DataFrame:
        return build(np.arange(len(positions)))

    def nested_frame() -> pd.DataFrame:
        """The nested figures with the figure each lies directly inside (``inside_figure_id``)."""
        frame = with_figure_sources(figures[_shown_columns(figures)].take(nested), nested, figures, stats).assign(
            share=share[nested], prorated=prorated[nested])
        frame["inside_figure_id"] = figures["figure_id"].take(containers[np.arange(len(nested))]).astype(str).to_numpy()
        frame["nest_relation"] = relation
        return frame

    return Selection(included, _left_out_parts=left_out_parts, _n_left_out=len(positions),
                     _left_out_rows=(figures, positions, build), _nested=nested_frame,
                     _n_nested=len(nested),
                     _conflicts=lambda: conflicts_frame(figures, losers[conflict_at], kept_rows[conflict_at]),
                     _n_conflicts=len(conflict_at))


def _restricted_nesting(figures: pd.DataFrame, can_nest: np.ndarray, registry):
    """Nesting among ``can_nest``, a subset of the whole frame's candidates (an agency or category filter
    without a period keeps whole overlap keys): a figure whose precomputed container is still there lies
    inside it (no closer one can appear in a subset); one that had none has none; only those whose
    container was filtered away are asked again."""
    container_rank = figures["nest_container_rank"].to_numpy()[can_nest]
    had = container_rank >= 0
    if not had.any():
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.int8)
    container = _position_of_rank(figures)[container_rank[had]]
    in_subset = np.zeros(len(figures), dtype=bool)
    in_subset[can_nest] = True
    present = in_subset[container]
    kept_rows = can_nest[had][present]
    relation = figures["nest_relation"].to_numpy()[kept_rows]
    lost = can_nest[had][~present]
    if not len(lost):
        return kept_rows, container[present], relation
    again, again_containers, again_relation = nesting(figures, can_nest, registry, asking=lost)
    rows = np.concatenate([kept_rows, again])
    order = np.argsort(rows, kind="stable")
    return (rows[order], np.concatenate([container[present], again_containers])[order],
            np.concatenate([relation, again_relation])[order])


SAME_FIGURE_REASON = "the same figure reported by another source, figure {kept}: counted once"
CONFLICT_REASON = "conflicts with figure {kept}: same unit, window, metric and category, another value; not summed"
OVERLAP_REASON = ("reporting window overlaps that of figure {kept} (same agency, counterpart, metric and category): "
                  "not summed")


def overlap_reasons(figures: pd.DataFrame, rows: np.ndarray, kept: np.ndarray) -> list[str]:
    """Why each of ``rows`` stood behind the figure at ``kept`` (same overlap key): the same figure from
    another source, a conflict (same window, another value), or an overlapping window."""
    kinds = loser_kinds(figures, rows, kept)
    ids = pd.Series(figures["figure_id"].astype(str).to_numpy()[kept], dtype=object)
    result = OVERLAP_REASON.split("{kept}")[0] + ids + OVERLAP_REASON.split("{kept}")[1]
    for template, kind in ((SAME_FIGURE_REASON, SAME_FIGURE), (CONFLICT_REASON, CONFLICT)):
        before, after = template.split("{kept}")
        result = result.where(kinds != kind, before + ids + after)
    return result.to_numpy(dtype=object)


class _LazyRanks:
    """Positions of the figures with the given overlap ranks, found when first indexed."""

    def __init__(self, figures: pd.DataFrame, ranks: np.ndarray):
        self._figures, self._ranks, self._rows = figures, ranks, None

    def __len__(self) -> int:
        return len(self._ranks)

    def __getitem__(self, index):
        if self._rows is None:
            self._rows = _position_of_rank(self._figures)[self._ranks]
        return self._rows[index]


def _parts_of_counted_totals(figures: pd.DataFrame, included: pd.DataFrame, counted: np.ndarray) -> np.ndarray:
    """For each included figure, whether it is part of a total that counts (included, or standing
    behind an included figure by the overlap rule): such a part shows in its own category and is
    never added to a sum over categories. A part whose total was filtered away counts on its own."""
    is_part = _points_to_a_figure(included, "part_of_figure_id")
    if not is_part.any():
        return is_part
    part_of = included["part_of_figure_id"]
    counted_ids = figures["figure_id"].take(counted)
    totals = set(counted_ids[counted_ids.isin(set(part_of[is_part].astype(str)))].astype(str))
    return is_part & part_of.astype(object).isin(totals).to_numpy(dtype=bool)


def _period_masks(figures: pd.DataFrame, filters: Filters, mask: np.ndarray):
    """(kept, left out by the period rule, share, prorated) over all rows; ``mask`` is the other filters."""
    n = len(figures)
    if filters.date_from is None and filters.date_to is None:  # read-only views: no array of a million ones is written
        return mask, np.zeros(n, dtype=bool), np.broadcast_to(1.0, n), np.broadcast_to(False, n)
    share = np.ones(n, dtype="float64")
    prorated = np.zeros(n, dtype=bool)

    # Day numbers, an open start the earliest day and an open end the latest: comparisons need no
    # special case (an open start is never on or after a period's first day, and so on).
    start, end = _window_days(figures)
    lo = (filters.date_from - _EPOCH).days if filters.date_from else None
    hi = (filters.date_to - _EPOCH).days if filters.date_to else None
    inside = mask.copy()
    touches = mask.copy()
    if lo is not None:
        inside &= start >= lo
        touches &= end >= lo
    if hi is not None:
        inside &= end <= hi
        touches &= start <= hi
    inside &= touches
    sticking_out = touches & ~inside

    if filters.outside_rule == "prorate":
        can_prorate = sticking_out & (start != _OPEN_START_DAY) & (end != _OPEN_END_DAY)
        if can_prorate.any():
            rows = np.flatnonzero(can_prorate)
            rs, re_ = start[rows].astype(np.int64), end[rows].astype(np.int64)
            clip_lo = np.maximum(rs, lo) if lo is not None else rs
            clip_hi = np.minimum(re_, hi) if hi is not None else re_
            share[rows] = (clip_hi - clip_lo + 1) / np.maximum(re_ - rs + 1, 1)
            prorated = can_prorate
        return inside | can_prorate, sticking_out & ~can_prorate, share, prorated
    return inside, sticking_out, share, prorated


def _window_days(figures: pd.DataFrame, rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Each window's first and last day as day numbers (open ends as _OPEN_START_DAY/_OPEN_END_DAY),
    of ``rows`` or of every row; read from the overlap index when the frame has it."""
    if "window_start_day" in figures.columns:
        start, end = figures["window_start_day"].to_numpy(), figures["window_end_day"].to_numpy()
        return (start, end) if rows is None else (start[rows].astype(np.int64), end[rows].astype(np.int64))
    frame = figures if rows is None else figures[["period_start", "period_end"]].take(rows)
    return _day_numbers(frame["period_start"], _OPEN_START_DAY), _day_numbers(frame["period_end"], _OPEN_END_DAY)


def _overlap_winners(figures: pd.DataFrame, rows: np.ndarray):
    """Of ``rows`` (positions), the winners (the widest window of each overlap cluster) and the
    losers with the position of the figure that stood in for each; positions in frame order."""
    empty = np.empty(0, dtype=np.int64)
    if len(rows) < 2:
        return rows, empty, empty
    start, end = _window_days(figures, rows)
    if "overlap_rank" in figures.columns:  # precomputed (metrics.snapshot): the same order without a sort of every row
        group = figures["overlap_group"].to_numpy()[rows].astype(np.int64)
        ranks = figures["overlap_rank"].to_numpy()[rows]
        if len(rows) == len(figures) and _indexed(figures):  # the ranks are a permutation of these rows
            order = np.empty(len(rows), dtype=np.int64)
            order[ranks] = np.arange(len(rows))
        else:
            order = np.argsort(ranks)
    else:
        keys = ["overlap_key"] if "overlap_key" in figures.columns else OVERLAP_KEYS
        group = overlap_codes(figures[keys].take(rows) if len(rows) < len(figures) else figures[keys])
        order = np.lexsort((start, group))
    g, s, e = group[order], start[order], end[order]
    # Running max of window ends within each key: shift each key's ends above every earlier key's.
    shift = np.int64(2**32)  # every day number, open ends included, lies in (-2**31, 2**31)
    dense = np.cumsum(np.r_[True, g[1:] != g[:-1]]).astype(np.int64)
    running_end = np.maximum.accumulate(dense * shift + (e + shift // 2)) - dense * shift - shift // 2
    new_cluster = np.ones(len(g), dtype=bool)
    new_cluster[1:] = (g[1:] != g[:-1]) | (s[1:] > running_end[:-1])
    cluster_sorted = np.cumsum(new_cluster)
    sizes = np.bincount(cluster_sorted)
    if (sizes[1:] == 1).all():
        return rows, empty, empty

    # The widest window wins; among equally wide ones, the smallest figure id.
    width = (e - s).astype(np.float64)
    # Clusters are runs of the sorted order, so each one's widest window is a reduceat, not a sort.
    cluster_starts = np.flatnonzero(new_cluster)
    best_width = np.empty(len(sizes), dtype=np.float64)
    best_width[cluster_sorted[cluster_starts]] = np.maximum.reduceat(width, cluster_starts)
    widest = width == best_width[cluster_sorted]
    n_widest = np.bincount(cluster_sorted, weights=widest, minlength=len(sizes))
    widest_at = np.flatnonzero(widest)
    # sorted positions of one widest window per cluster: the first in sorted order
    winner_sorted = widest_at[np.r_[True, cluster_sorted[widest_at][1:] != cluster_sorted[widest_at][:-1]]]
    contested = np.flatnonzero(widest & (n_widest[cluster_sorted] > 1))
    if len(contested):  # several equally wide: the smallest figure id wins
        ids = figures["figure_id"].take(rows[order[contested]]).astype(str).to_numpy()
        contest = pd.DataFrame({"cluster": cluster_sorted[contested], "figure_id": ids, "at": contested})
        contest = contest.sort_values(["cluster", "figure_id"], kind="stable").drop_duplicates("cluster")
        best_at = np.full(len(sizes), -1, dtype=np.int64)
        best_at[cluster_sorted[winner_sorted]] = winner_sorted
        best_at[contest["cluster"].to_numpy()] = contest["at"].to_numpy()
        winner_sorted = best_at[cluster_sorted[winner_sorted]]
    is_winner_sorted = np.zeros(len(g), dtype=bool)
    is_winner_sorted[winner_sorted] = True
    winner_at = np.zeros(len(sizes), dtype=np.int64)
    winner_at[cluster_sorted[winner_sorted]] = winner_sorted

    is_winner = np.empty(len(g), dtype=bool)
    is_winner[order] = is_winner_sorted
    cluster = np.empty_like(cluster_sorted)
    cluster[order] = cluster_sorted
    losers = rows[~is_winner]
    winner_rows = rows[order[winner_at[cluster[~is_winner]]]]
    return rows[is_winner], losers, winner_rows


def per_month_rate(frame: pd.DataFrame) -> pd.Series:
    """Value per month of reporting window, for comparing windows of different length."""
    months = frame["window_days"] / DAYS_PER_MONTH
    return frame["value_norm"] / months.where(months > 0)
