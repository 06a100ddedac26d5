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
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from .agencies import AgencyRegistry

__all__ = [
    "Filters",
    "Selection",
    "select",
    "summary",
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

    def __post_init__(self):
        if self.outside_rule not in OUTSIDE_RULES:
            raise ValueError(f"outside_rule must be one of {', '.join(OUTSIDE_RULES)}, not '{self.outside_rule}'")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(f"the period starts ({self.date_from}) after it ends ({self.date_to})")

    def describe(self) -> str:
        parts = [
            f"from {self.date_from or 'the beginning'} to {self.date_to or 'the latest'}",
            f"countries: {', '.join(self.countries) or 'all'}",
            f"agencies (with sub-units): {', '.join(self.agencies) or 'all'}",
            f"metrics: {', '.join(self.metrics) or 'all'}",
            f"categories: {', '.join(self.categories) or 'all'}",
            "windows sticking out of the period: "
            + ("pro-rated by days (estimate)" if self.outside_rule == "prorate" else "left out"),
        ]
        return "; ".join(parts)


@dataclass
class Selection:
    """Figures that count (``included``, with their ``share``) and those left out, with why."""

    included: pd.DataFrame
    left_out: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def n_figures(self) -> int:
        return len(self.included)

    @property
    def n_sources(self) -> int:
        return int(self.included["source_id"].nunique()) if len(self.included) else 0


def _mask_in(series: pd.Series, allowed: tuple[str, ...]) -> np.ndarray:
    return series.isin(allowed).to_numpy().copy() if allowed else np.ones(len(series), dtype=bool)


def select(figures: pd.DataFrame, filters: Filters, registry: AgencyRegistry | None = None) -> Selection:
    """Apply the filters, the period rule, restatements and the overlap rule."""
    mask = _mask_in(figures["country"], filters.countries)
    if filters.agencies:
        wanted: set[str] = set()
        for agency in filters.agencies:
            wanted |= registry.descendants(agency) if registry is not None and agency in registry else {agency}
        mask &= figures["agency_id"].isin(wanted).to_numpy()
    mask &= _mask_in(figures["metric"], filters.metrics)
    mask &= _mask_in(figures["category"], filters.categories)
    frame = figures.loc[mask]

    left_out: list[pd.DataFrame] = []
    frame, outside = _apply_period(frame, filters)
    if len(outside):
        left_out.append(outside)

    if "restates_figure_id" in frame.columns:
        restating = (frame["restates_figure_id"].fillna("") != "").to_numpy()
        if restating.any():
            restated = frame.loc[restating].copy()
            restated["reason"] = "restates figure " + restated["restates_figure_id"].astype(str)
            restated["kept_figure_id"] = restated["restates_figure_id"]
            left_out.append(restated)
            frame = frame.loc[~restating]

    frame, overlapped = _apply_overlap(frame)
    if len(overlapped):
        left_out.append(overlapped)

    out = pd.concat(left_out, ignore_index=True) if left_out else frame.iloc[0:0].assign(reason="", kept_figure_id="")
    return Selection(frame, out)


def _apply_period(frame: pd.DataFrame, filters: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    start = frame["period_start"]
    end = frame["period_end"]
    lo = pd.Timestamp(filters.date_from) if filters.date_from else None
    hi = pd.Timestamp(filters.date_to) if filters.date_to else None
    frame = frame.assign(share=1.0, prorated=False)
    if lo is None and hi is None:
        return frame, frame.iloc[0:0].assign(reason="", kept_figure_id="")

    open_start = start.isna().to_numpy()
    open_end = end.isna().to_numpy()
    s = start.to_numpy(dtype="datetime64[ns]")
    e = end.to_numpy(dtype="datetime64[ns]")
    lo_ns = np.datetime64(lo) if lo is not None else np.datetime64("NaT")
    hi_ns = np.datetime64(hi) if hi is not None else np.datetime64("NaT")
    everything = np.ones(len(frame), dtype=bool)
    with np.errstate(invalid="ignore"):
        inside = everything.copy()
        touches = everything.copy()
        if lo is not None:
            inside &= ~open_start & (s >= lo_ns)
            touches &= open_end | (e >= lo_ns)
        if hi is not None:
            inside &= ~open_end & (e <= hi_ns)
            touches &= open_start | (s <= hi_ns)
    inside &= touches
    sticking_out = touches & ~inside

    if filters.outside_rule == "prorate":
        can_prorate = sticking_out & ~open_start & ~open_end
        if can_prorate.any():
            clip_lo = np.maximum(s, lo_ns) if lo is not None else s
            clip_hi = np.minimum(e, hi_ns) if hi is not None else e
            days_in = (clip_hi - clip_lo).astype("timedelta64[D]").astype("int64") + 1
            window = (e - s).astype("timedelta64[D]").astype("int64") + 1
            share = np.where(can_prorate, days_in / np.maximum(window, 1), 1.0)
            frame = frame.assign(share=share, prorated=can_prorate)
        keep = inside | can_prorate
        out_mask = sticking_out & ~can_prorate
    else:
        keep = inside
        out_mask = sticking_out

    outside = frame.loc[out_mask].assign(
        reason=np.where(
            frame.loc[out_mask, "period_start"].isna(),
            "reporting window has no start, so it cannot be placed in the period",
            "reporting window sticks out of the period",
        ),
        kept_figure_id="",
    )
    return frame.loc[keep], outside


def _apply_overlap(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Keep one figure (the widest window) per cluster of overlapping windows."""
    if len(frame) < 2:
        return frame, frame.iloc[0:0].assign(reason="", kept_figure_id="")
    keys = frame[OVERLAP_KEYS].astype(str)
    group = pd.MultiIndex.from_frame(keys).factorize()[0] if len(OVERLAP_KEYS) > 1 else keys.iloc[:, 0].factorize()[0]
    # An open start overlaps everything before its end: place it at the earliest possible day.
    start = _day_numbers(frame["period_start"], missing=np.iinfo(np.int64).min)
    end = _day_numbers(frame["period_end"], missing=np.iinfo(np.int64).max)
    order = np.lexsort((start, group))
    g, s, e = group[order], start[order], end[order]
    running_end = pd.Series(e).groupby(g).cummax().to_numpy()
    previous_end = np.empty_like(running_end)
    previous_end[0] = np.iinfo(np.int64).min
    previous_end[1:] = running_end[:-1]
    new_group = np.ones(len(g), dtype=bool)
    new_group[1:] = g[1:] != g[:-1]
    new_cluster = new_group | (s > previous_end)
    cluster_sorted = np.cumsum(new_cluster)
    cluster = np.empty_like(cluster_sorted)
    cluster[order] = cluster_sorted

    sizes = np.bincount(cluster)
    if (sizes[cluster] == 1).all():
        return frame, frame.iloc[0:0].assign(reason="", kept_figure_id="")

    width = end.astype("float64") - start.astype("float64")
    ranked = pd.DataFrame({"cluster": cluster, "width": width, "figure_id": frame["figure_id"].to_numpy()})
    ranked = ranked.sort_values(["cluster", "width", "figure_id"], ascending=[True, False, True])
    winner_position = ranked.groupby("cluster", sort=False).head(1).index.to_numpy()
    keep = np.zeros(len(frame), dtype=bool)
    keep[winner_position] = True
    winner_by_cluster = pd.Series(frame["figure_id"].to_numpy()[winner_position], index=cluster[winner_position])
    dropped = frame.loc[~keep]
    kept_ids = winner_by_cluster.reindex(cluster[~keep]).to_numpy()
    dropped = dropped.assign(
        reason="reporting window overlaps that of figure " + pd.Series(kept_ids, index=dropped.index).astype(str)
        + " (same agency, counterpart, metric and category): not summed",
        kept_figure_id=kept_ids,
    )
    return frame.loc[keep], dropped


def _day_numbers(dates: pd.Series, missing: int) -> np.ndarray:
    """Dates as int64 nanoseconds, a missing date as ``missing``."""
    values = dates.to_numpy(dtype="datetime64[ns]")
    numbers = values.astype("int64")
    numbers[np.isnat(values)] = missing
    return numbers


SUMMARY_BY = ["agency_id", "counterpart_id", "metric", "category", "unit_norm"]


def summary(selection: Selection | pd.DataFrame, by: list[str] | None = None) -> pd.DataFrame:
    """Totals of the included figures by ``by`` (agency x counterpart x metric x category x unit by default).

    Units never mix: ``unit_norm`` is always part of the grouping.
    """
    frame = selection.included if isinstance(selection, Selection) else selection
    by = list(by or SUMMARY_BY)
    if "unit_norm" not in by:
        by.append("unit_norm")
    columns = by + [
        "value",
        "estimated_kg",
        "usd_equivalent",
        "n_figures",
        "n_sources",
        "estimate",
        "period_start",
        "period_end",
        "figure_ids",
    ]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    share = frame["share"] if "share" in frame.columns else 1.0
    prorated = frame["prorated"] if "prorated" in frame.columns else False
    work = pd.DataFrame(
        {
            **{key: frame[key].astype(str) for key in by},
            "value": frame["value_norm"] * share,
            "estimated_kg": frame["estimated_kg"] * share,
            "usd_equivalent": frame["usd_equivalent"] * share,
            "source_id": frame["source_id"],
            "estimate": frame["estimated_kg"].notna() | prorated | frame["usd_equivalent"].notna(),
            "period_start": frame["period_start"],
            "period_end": frame["period_end"],
            "figure_id": frame["figure_id"].astype(str),
        }
    )
    grouped = work.groupby(by, observed=True, sort=True)
    result = grouped.agg(
        value=("value", "sum"),
        estimated_kg=("estimated_kg", lambda s: s.sum(min_count=1)),
        usd_equivalent=("usd_equivalent", lambda s: s.sum(min_count=1)),
        n_figures=("figure_id", "size"),
        n_sources=("source_id", "nunique"),
        estimate=("estimate", "any"),
        period_start=("period_start", "min"),
        period_end=("period_end", "max"),
        figure_ids=("figure_id", lambda s: ";".join(s)),
    ).reset_index()
    return result[columns]


def per_month_rate(frame: pd.DataFrame) -> pd.Series:
    """Value per month of reporting window, for comparing windows of different length."""
    months = frame["window_days"] / DAYS_PER_MONTH
    return frame["value_norm"] / months.where(months > 0)
