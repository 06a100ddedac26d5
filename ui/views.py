"""What a page draws for a filter set, computed once per data revision, filters and language and shared by
every session (``st.cache_resource``): twenty managers on the same view cost one computation, not twenty.

Everything returned is read-only.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import streamlit as st

from metrics import headlines
from metrics.aggregate import Filters, per_month_rate
from metrics.formatting import format_window
from metrics.i18n import category_label, metric_label, t, unit_label
from ui import comparisons, data
from ui.components import agency_names, fmt, forces_text, most_recent, timeline, without_categories

COVERAGE_REPORTS = 30  # the coverage chart draws the windows of this many most recent reports


def latest_sources(frame: pd.DataFrame, n: int) -> pd.DataFrame:
    """The ``n`` most recently published sources among ``frame``'s figures, with their figure counts."""
    codes = pd.factorize(frame["source_id"])[0]  # sources numbered in order of first appearance
    numbers, first_rows, counts = np.unique(codes, return_index=True, return_counts=True)
    known = numbers >= 0
    firsts = frame[["source_id", "source_title", "source_publisher", "source_published"]].iloc[first_rows[known]]
    firsts = firsts.assign(n=counts[known])
    published = firsts["source_published"]
    if isinstance(published.dtype, pd.CategoricalDtype) and published.cat.categories.is_monotonic_increasing:
        # Categories in text order: the codes sort as the dates do; a missing date (-1) goes last.
        codes = published.cat.codes.to_numpy().astype(np.int64)
        return firsts.iloc[np.argsort(np.where(codes >= 0, -codes, 1), kind="stable")[:n]].reset_index(drop=True)
    return firsts.sort_values("source_published", ascending=False, kind="stable").head(n).reset_index(drop=True)


def coverage_spans(included: pd.DataFrame, language: str) -> tuple[pd.DataFrame, int]:
    """The reporting windows of the most recent reports as chart spans with hover text, and how many reports there are."""
    columns = ["source_id", "source_title", "source_publisher", "source_published", "period_start", "period_end",
               "period_text", "metric"]
    windows = included[columns]  # only the columns the chart needs (no copy), then only rows with both dates
    windows = windows[(windows["period_start"].notna() & windows["period_end"].notna()).to_numpy()]
    n_reports = windows["source_id"].nunique()
    if n_reports > COVERAGE_REPORTS:
        windows = windows[windows["source_id"].isin(latest_sources(windows, COVERAGE_REPORTS)["source_id"])]
    if not len(windows):
        return pd.DataFrame(), n_reports
    keys = ["source_id", "source_publisher", "source_published", "period_start", "period_end", "period_text"]
    windows = windows.astype({c: str for c in ["metric", "source_id", "source_publisher", "source_published", "period_text"]})
    labels = {m: metric_label(m, language) for m in windows["metric"].unique()}
    spans = (
        windows.assign(metric=windows["metric"].map(labels))
        .groupby(keys, dropna=False)
        .agg(n=("metric", "size"), metrics=("metric", lambda names: ", ".join(sorted(set(names)))))
        .reset_index()
    )
    spans["lane"] = spans["source_publisher"].replace("", "?") + " · " + spans["source_published"]
    spans["end_excl"] = spans["period_end"] + pd.Timedelta(days=1)
    spans["window"] = [format_window(s, e, language) for s, e in zip(spans["period_start"], spans["period_end"])]
    return spans.rename(columns={"period_start": "start", "end_excl": "end"}), n_reports


def coverage_figure(spans: pd.DataFrame, language: str) -> tuple[pd.DataFrame, dict] | None:
    """The coverage chart as (data, Vega-Lite spec): one bar per reporting window, a lane per report.

    Vega-Lite, not Plotly, on the page every session opens first: the browser then loads and runs
    a script a sixth of Plotly's size before the Overview is drawn. A plain spec, not an Altair
    chart, so no schema validation runs on every rerun.
    """
    if not len(spans):
        return None
    data = pd.DataFrame({
        "lane": spans["lane"], "start": spans["start"], "end": spans["end"], "window": spans["window"],
        "period_text": spans["period_text"], "n": spans["n"], "metrics": spans["metrics"],
    })
    spec = {
        "mark": {"type": "bar", "cornerRadius": 2, "opacity": 0.85},
        "encoding": {
            "x": {"field": "start", "type": "temporal", "title": None,
                  "axis": {"format": "%m/%Y" if language == "vi" else "%b %Y"}},
            "x2": {"field": "end"},
            "y": {"field": "lane", "type": "nominal", "title": None, "sort": None, "axis": {"labelLimit": 320}},
            "tooltip": [
                {"field": "window", "title": t("col_window", language)},
                {"field": "period_text", "title": t("col_period_text", language)},
                {"field": "n", "title": t("col_n_figures", language)},
                {"field": "metrics", "title": t("col_metric", language)},
            ],
        },
        "height": max(160, 28 * spans["lane"].nunique()),
    }
    return data, spec


@st.cache_resource(show_spinner=False, max_entries=data.FILTER_SETS_KEPT, hash_funcs=data.HASH_FUNCS)
def _overview(revision: int, filters: Filters, language: str, tiles_function_id: int) -> dict:
    included = data.selection(filters).included
    spans, n_reports = coverage_spans(included, language)
    tiles = headlines.headline_tiles(included)
    latest = latest_sources(included, 5)
    latest_table = without_categories(pd.DataFrame({
        t("col_published", language): latest["source_published"],
        t("col_title", language): latest["source_title"],
        t("col_publisher", language): latest["source_publisher"],
        t("col_n_figures", language): latest["n"],
    }))
    chart = coverage_figure(spans, language)
    # Arrow tables, as Streamlit would convert the frames itself: once per view, not on every session's rerun.
    return {"tiles": tiles, "cards": tile_cards(tiles, comparisons.comparison(filters, language, detail=False), language),
            "latest": latest, "latest_table": pa.Table.from_pandas(latest_table), "n_reports": n_reports,
            "coverage_figure": None if chart is None else (pa.Table.from_pandas(chart[0]), chart[1])}


class TileCard(NamedTuple):
    """A headline tile as drawn: ``st.metric``'s arguments and the caption under it."""

    label: str
    value: str
    help: str | None
    delta: str | None
    delta_description: str | None
    caption: str


def tile_cards(tiles: pd.DataFrame, comparison, language: str) -> list[TileCard]:
    """What each headline tile shows: ``st.metric``'s arguments and the caption under it (its figures and
    sources, the change from a year earlier or why none is shown, whose figures it adds)."""
    year_on_year = {(r.metric, r.unit): r for r in comparison.headline.itertuples()} if comparison is not None else {}
    cards = []
    for tile in tiles.itertuples():
        help_text = None
        if tile.unit == "USD":
            help_text = t("tile_usd_help", language)
        elif tile.metric == "drug_seized" and tile.categories:
            help_text = t("tile_drugs_help", language, items=", ".join(category_label(c, language) for c in tile.categories))
        change = year_on_year.get((tile.metric, tile.unit))  # the same period a year earlier, shown only when fair
        delta = (None if change is None or pd.isna(change.percent)
                 else f"{'+' if change.percent > 0 else ''}{fmt(change.percent, language, 1)}%")
        lines = [t("tile_sources", language, n=tile.n_figures, m=tile.n_sources)]
        if change is not None and delta is None:
            lines.append(t("tile_no_change", language, before=comparison.previous.label, reason=change.reason))
        if tile.forces:
            lines.append(t("tile_forces", language, forces=forces_text(tile.forces, language)))
        cards.append(TileCard(
            label=f"{metric_label(tile.metric, language)} ({unit_label(tile.unit, language)})" + (" *" if tile.estimate else ""),
            value=fmt(tile.value, language, 0 if tile.unit == "USD" else None), help=help_text, delta=delta,
            delta_description=t("tile_change", language, before=comparison.previous.label) if delta else None,
            caption="  \n".join(lines),  # one caption per tile: every element is a cost on each session's rerun
        ))
    return cards


def overview(filters: Filters, language: str) -> dict:
    """The Overview's tiles (``tiles``, and as drawn: ``cards``), latest reports, coverage spans and chart for the
    filters."""
    # The tile function's id is part of the key, so a replaced function (as in a test) is not served stale results.
    return _overview(data.revision(), filters, language, id(headlines.headline_tiles))


@st.cache_resource(show_spinner=False, max_entries=data.FILTER_SETS_KEPT, hash_funcs=data.HASH_FUNCS)
def _trends(revision: int, filters: Filters, metric: str, unit: str, per_month: bool, language: str) -> dict:
    included = data.selection(filters).included
    chosen = ((included["metric"] == metric) & (included["unit_norm"] == unit)).to_numpy()
    every = included if chosen.all() else included[chosen]  # one metric filtered for: no copy
    frame = most_recent(every)  # the chart draws at most MAX_BARS windows, the most recent; the page says so
    lane = agency_names(frame["agency_id"], language) + agency_names(frame["counterpart_id"], language).map(
        lambda c: f" → {c}" if c else "")
    labels = {"metric": metric_label(metric, language), "unit": unit_label(unit, language)}
    if per_month:
        value = per_month_rate(frame)
        title = t("trends_chart_rate", language, **labels)
        shown_unit = f"{labels['unit']}/{'tháng' if language == 'vi' else 'month'}"
    else:
        value = frame["value_norm"] * frame["share"]
        title = t("trends_chart", language, **labels)
        shown_unit = labels["unit"]
    color = frame["category"].map(lambda c: category_label(c, language))
    figure = (timeline(frame, language, lane, value, shown_unit, color=color, title=title)
              if frame["period_start"].notna().any() else None)
    return {"every": every, "frame": frame, "figure": figure}


def trends(filters: Filters, metric: str, unit: str, per_month: bool, language: str) -> dict:
    """The Trends page's figures of one metric and unit (``every``), the most recent of them drawn
    (``frame``) and their timeline (``figure``, None when no window has a start)."""
    return _trends(data.revision(), filters, metric, unit, per_month, language)
