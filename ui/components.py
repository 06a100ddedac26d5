"""Drawing helpers shared by the pages: captions, empty states, provenance tables, timeline bars."""

from __future__ import annotations

import html
import weakref
import textwrap
from urllib.parse import urlencode

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from metrics.aggregate import Selection
from metrics.restatements import SourceCounter
from metrics.formatting import format_number, format_window, plotly_separators
from metrics.i18n import category_label, metric_label, page_title, reason_label, t, unit_label
from ui import data
from ui.sidebar import draw_frame, frame_drawn, log_page_view
from ui.state import ViewState, to_query

VIEW = "view"
PAGE_ROWS = 50  # rows of a figures table sent to the browser at once
MAX_BARS = 100  # timeline bars drawn at most (the most recent windows)

def say(key: str, language: str, **values) -> str:
    """The captions of paged tables and capped charts (now in the catalogs like every message)."""
    return t(key, language, **values)


def escape(text) -> str:
    """Data text made safe for Plotly hover labels and titles (they read a subset of HTML)."""
    return html.escape(str(text))


def page_start(url_path: str) -> ViewState:
    """Every page begins here: the shared frame if app.py has not drawn it in this run, the title, the view state.

    A page file can run without app.py: opened by its address before the first session's app.py has
    declared the navigation (Streamlit reads the ``pages/`` folder until then), or run on its own. It
    then draws the same navigation and filters itself, so no page is ever shown without them.
    """
    if not frame_drawn():
        draw_frame()
    log_page_view(url_path)
    state: ViewState = st.session_state.get(VIEW) or ViewState()
    st.title(page_title(url_path, state.lang))
    return state


def fmt(value, language: str, decimals: int | None = None) -> str:
    return format_number(value, language, decimals)


def counts_caption(frame: pd.DataFrame, language: str, estimate: bool | None = None) -> None:
    """ "n figures from m sources" under a chart or table, and the estimate note when it applies."""
    n, m, any_estimate, prorated = _counts(frame)
    text = t("n_figures_sources", language, n=fmt(n, language), m=fmt(m, language))
    if estimate is None and n:
        estimate = any_estimate
    if estimate:
        text += " · " + t("estimate_note", language)
    if prorated:
        text += " · " + t("prorated_note", language, n=prorated)
    st.caption(text)


_COUNTED: dict[int, tuple] = {}  # id(frame) -> (weak reference to it, its counts): shared frames counted once


def _counts(frame: pd.DataFrame) -> tuple[int, int, bool, int]:
    """(figures, distinct sources, whether any is an estimate, how many are pro-rated) of a frame.

    Frames shared between sessions (a cached selection's ``included``) are counted once; the
    weak reference makes sure a reused id is not mistaken for the frame counted before.
    """
    known = _COUNTED.get(id(frame))
    if known is not None and known[0]() is frame:
        return known[1]
    n = len(frame)
    m = SourceCounter(frame).total() if n else 0  # each document once, with its copies and those reporting a figure again
    any_estimate = n > 0 and (bool(frame.get("prorated", pd.Series(False)).any()) or bool(frame["estimated_kg"].notna().any())
                              or bool(frame["usd_equivalent"].notna().any()))
    prorated = int(frame["prorated"].sum()) if n and "prorated" in frame.columns else 0
    counts = (n, m, any_estimate, prorated)
    try:
        if len(_COUNTED) > 512:
            _COUNTED.clear()
        _COUNTED[id(frame)] = (weakref.ref(frame), counts)
    except TypeError:  # not weakly referenceable: not remembered
        pass
    return counts


def left_out_expander(selection: Selection, language: str, where=None, key: str = "left_out") -> None:
    """The figures the period or overlap rule left out, with why, on request.

    ``where`` (a function of a figures frame giving a bool mask) narrows the list to what the page
    shows. Only the count is computed on every run; the list is built when the expander is
    opened, one page of rows at a time.
    """
    conflicts_expander(selection, language, where, key=f"{key}_conflicts")
    n = selection.left_out_count(where)
    if not n:
        return
    box = st.expander(t("left_out", language, n=n), key=f"{key}_open", on_change="rerun")
    if not box.open:
        return
    with box:
        st.caption(t("left_out_help", language))
        start = page_rows_start(n, language, key)
        left = selection.left_out_head(PAGE_ROWS, where, start=start)
        table = pd.DataFrame(
            {
                t("col_figure", language): left["figure_id"],
                t("col_metric", language): left["metric"].map(lambda m: metric_label(m, language)),
                t("col_reported", language): [reported(r, language) for r in left.itertuples()],
                t("col_window", language): [format_window(s, e, language) for s, e in zip(left["period_start"], left["period_end"])],
                t("col_reason", language): left["reason"].map(lambda r: reason_label(r, language)),
                t("col_quote", language): left["quote"],
            }
        )
        st.dataframe(without_categories(table), hide_index=True, width="stretch")


def conflicts_expander(selection: Selection, language: str, where=None, key: str = "conflicts") -> None:
    """Conflicting figures side by side (the one counted, the one left out), each with its value, source and
    quote; never resolved silently. Nothing is drawn when there is none."""
    if not selection.n_conflicts:
        return
    conflicts = selection.conflicts
    if where is not None and len(conflicts):
        conflicts = conflicts[np.asarray(where(conflicts), dtype=bool)]
    if not len(conflicts):
        return
    box = st.expander(t("conflicts", language, n=len(conflicts)), key=f"{key}_open", on_change="rerun")
    if not box.open:
        return
    with box:
        st.caption(t("conflicts_help", language))
        shown = conflicts.iloc[:PAGE_ROWS]

        def side(prefix: str) -> list[str]:
            return [f"{f} · {fmt(v, language)} {u} · {p or '—'} {d or ''}".strip() for f, v, u, p, d in zip(
                shown[prefix + "figure_id"], shown[prefix + "value"], shown[prefix + "unit"],
                shown[prefix + "source_publisher"], shown[prefix + "source_published"])]

        table = pd.DataFrame({
            t("col_agency", language): agency_names(shown["agency_id"], language),
            t("col_metric", language): shown["metric"].map(lambda m: metric_label(m, language)),
            t("col_window", language): [format_window(s, e, language) for s, e in zip(shown["period_start"], shown["period_end"])],
            t("col_counted_figure", language): side(""),
            t("col_counted_quote", language): shown["quote"],
            t("col_other_figure", language): side("other_"),
            t("col_other_quote", language): shown["other_quote"],
        })
        st.dataframe(without_categories(table), hide_index=True, width="stretch", key=f"{key}_table")


def page_rows_start(n: int, language: str, key: str) -> int:
    """A page picker when ``n`` rows need more than one page; the first row of the chosen page."""
    if n <= PAGE_ROWS:
        return 0
    pages = (n + PAGE_ROWS - 1) // PAGE_ROWS
    page = st.number_input(t_page(language), min_value=1, max_value=pages, value=1, step=1, key=f"{key}_page")
    start = (int(page) - 1) * PAGE_ROWS
    st.caption(say("rows_shown", language, a=fmt(start + 1, language), b=fmt(min(n, start + PAGE_ROWS), language),
                   n=fmt(n, language)))
    return start


def t_page(language: str) -> str:
    return say("table_page", language)


def empty_state(selection: Selection, language: str, frame: pd.DataFrame | None = None) -> bool:
    """A helpful message when nothing matches; True when the page should stop drawing."""
    shown = selection.included if frame is None else frame
    if len(shown):
        return False
    st.info(f"**{t('empty_title', language)}**\n\n{t('empty_hint', language)}")
    if selection.n_left_out:
        st.caption(t("empty_left_out", language, n=selection.n_left_out))
        left_out_expander(selection, language)
    return True


def without_categories(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with categorical columns as plain values. Streamlit sends a categorical column with its
    whole dictionary (every source title, at a million figures), however few rows the table shows."""
    plain = {}
    for column in frame.columns:
        values = frame[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            taken = values.cat.categories.array.take(values.cat.codes.to_numpy(), allow_fill=True)  # code -1: missing
            plain[column] = pd.Series(taken, index=frame.index)
    return frame.assign(**plain) if plain else frame


def short_ids(ids: str, limit: int = 200) -> str:
    """A ";"-joined list of figure ids cut for the screen (downloads keep every id): at a million
    figures one total can rest on tens of thousands of figures."""
    if len(ids) <= limit:
        return ids
    cut = ids[:limit].rsplit(";", 1)[0]
    return f"{cut}; … (+{ids.count(';') - cut.count(';')})"


def reported(row, language: str) -> str:
    """The value and unit as the source wrote them, with the language's separators."""
    return f"{fmt(row.value, language)} {row.unit}"


def normalised(row, language: str) -> str:
    return f"{fmt(row.value_norm, language)} {unit_label(row.unit_norm, language)}"


def source_href(source_id: str, figure_id: str | None, state: ViewState) -> str:
    """A link to the Sources page with the document open and the figure's quote selected."""
    query = {key: values for key, values in to_query(state).items()}
    query["source"] = [source_id]
    if figure_id:
        query["figure"] = [figure_id]
    return "sources?" + urlencode(query, doseq=True)


def agency_name(agency_id: str, language: str) -> str:
    if not agency_id:
        return ""
    return data.agency_names(language).get(agency_id, agency_id)


def agency_names(ids: pd.Series, language: str) -> pd.Series:
    """``agency_name`` of each id, looked up once per distinct id."""
    names = data.agency_names(language)
    return ids.map(lambda a: names.get(a, a) if a else "").astype(str) if len(ids) else ids.astype(str)


def provenance_table(frame: pd.DataFrame, state: ViewState, key: str, title: bool = True) -> None:
    """Each figure with what was reported, its quote, source and offsets, and a link to the text."""
    language = state.lang
    if title:
        st.subheader(t("provenance", language))
    if frame.empty:
        return
    start = page_rows_start(len(frame), language, key)
    frame = frame.iloc[start:start + PAGE_ROWS]
    table = pd.DataFrame(
        {
            t("col_figure", language): frame["figure_id"],
            t("col_metric", language): frame["metric"].map(lambda m: metric_label(m, language)),
            t("col_category", language): frame["category"].map(lambda c: category_label(c, language)),
            t("col_reported", language): [reported(r, language) for r in frame[["value", "unit"]].itertuples()],
            t("col_value", language): [normalised(r, language) for r in frame[["value_norm", "unit_norm"]].itertuples()],
            t("col_window", language): [format_window(s, e, language) for s, e in zip(frame["period_start"], frame["period_end"])],
            t("col_period_text", language): frame["period_text"],
            t("col_agency", language): agency_names(frame["agency_id"], language),
            t("col_counterpart", language): agency_names(frame["counterpart_id"], language),
            t("col_quote", language): frame["quote"],
            t("col_source", language): frame["source_title"],
            t("col_n_sources", language): frame["n_sources"] if "n_sources" in frame.columns else 1,
            t("col_also_reported_by", language): frame["also_reported_by"] if "also_reported_by" in frame.columns else "",
            t("col_publisher", language): frame["source_publisher"],
            t("col_published", language): frame["source_published"],
            t("col_offsets", language): [f"{s}–{e}" for s, e in zip(frame["quote_start"], frame["quote_end"])],
            t("col_link", language): [source_href(s, f, state) for s, f in zip(frame["source_id"], frame["figure_id"])],
        }
    )
    st.dataframe(
        without_categories(table),
        hide_index=True,
        width="stretch",
        key=key,
        column_config={
            t("col_link", language): st.column_config.LinkColumn(
                t("col_link", language), display_text=t("open_source", language), help=t("open_source_help", language)
            ),
        },
    )


def _wrap(text: str, width: int = 70) -> str:
    return "<br>".join(textwrap.wrap(html.escape(str(text)), width)) or ""


def hover_text(frame: pd.DataFrame, language: str, value_column: str = "value_norm", unit: str | None = None) -> list[str]:
    """Hover for each figure: id, value as reported, window, the quote and its source (all escaped)."""
    texts = []
    needed = ["figure_id", "metric", "value", "unit", "period_start", "period_end", "period_text", "quote",
              "source_publisher", "source_published", "source_title"]
    for row in frame[list(dict.fromkeys(needed + [value_column]))].itertuples(index=False):  # only what is shown
        lines = [
            f"<b>{html.escape(row.figure_id)}</b> · {html.escape(metric_label(row.metric, language))}",
            f"{t('col_reported', language)}: <b>{html.escape(reported(row, language))}</b>",
        ]
        if value_column != "value_norm" and unit:
            lines.append(f"{html.escape(fmt(getattr(row, value_column), language))} {html.escape(unit)}")
        lines.append(f"{t('col_window', language)}: {html.escape(format_window(row.period_start, row.period_end, language))}"
                     f" ({html.escape(str(row.period_text))})")
        lines.append("“" + _wrap(row.quote) + "”")
        lines.append(_wrap(f"{row.source_publisher or ''} {row.source_published} — {row.source_title}", 80))
        texts.append("<br>".join(lines))
    return texts


def style_figure(figure: go.Figure, language: str, height: int | None = None) -> go.Figure:
    figure.update_layout(
        separators=plotly_separators(language),
        margin=dict(l=10, r=10, t=50, b=40),
        hoverlabel=dict(align="left"),
        legend=dict(orientation="h", yanchor="top", y=-0.18, x=0),
    )
    if any(getattr(axis, "type", None) == "date" for axis in [figure.layout.xaxis]):
        figure.update_xaxes(tickformat="%b %Y" if language == "en" else "%m/%Y")
    if height:
        figure.update_layout(height=height)
    return figure


def timeline(frame: pd.DataFrame, language: str, lane: pd.Series, value: pd.Series, unit: str,
             color: pd.Series | None = None, title: str = "") -> go.Figure:
    """Horizontal bars spanning each figure's reporting window (start day to end day inclusive).

    At most ``MAX_BARS`` bars: callers pass ``most_recent(frame)`` and say so under the chart.
    """
    drawable = frame["period_start"].notna() & frame["period_end"].notna()
    if drawable.sum() > MAX_BARS:
        drawable &= frame.index.isin(most_recent(frame[drawable]).index)
    work = pd.DataFrame(
        {
            "start": frame.loc[drawable, "period_start"],
            "end": frame.loc[drawable, "period_end"] + pd.Timedelta(days=1),
            "lane": lane[drawable],
            "label": [f"{fmt(v, language)} {unit}" for v in value[drawable]],
            "hover": hover_text(frame.loc[drawable], language),
            "figure_id": frame.loc[drawable, "figure_id"],
            "color": (color[drawable] if color is not None else lane[drawable]),
        }
    )
    figure = span_chart(work, "color", ["hover", "figure_id"], text="label", title=title)
    return style_figure(figure, language, height=max(220, 70 + 42 * work["lane"].nunique()))


def span_chart(work: pd.DataFrame, color: str, custom: list[str], text: str | None = None, title: str = "") -> go.Figure:
    """Horizontal bars from ``start`` to ``end`` (exclusive) in lanes ``lane``, one trace per ``color`` value.

    Drawn with ``go.Bar`` (base = start, length in milliseconds), as ``px.timeline`` does, at a
    fraction of its cost per rerun. The first ``custom`` column is the hover text.
    """
    figure = go.Figure()
    for name, group in work.groupby(color, sort=False):
        figure.add_trace(
            go.Bar(
                base=group["start"].dt.strftime("%Y-%m-%d").tolist(),
                x=((group["end"] - group["start"]).dt.total_seconds() * 1000).tolist(),
                y=group["lane"].tolist(),
                orientation="h",
                name=str(name),
                customdata=group[custom].to_numpy().tolist(),
                text=group[text].tolist() if text else None,
                textposition="inside",
                insidetextanchor="middle",
                hovertemplate="%{customdata[0]}<extra></extra>",
            )
        )
    figure.update_layout(barmode="overlay", title=title or None, legend_title_text="")
    figure.update_xaxes(type="date", title=None)
    figure.update_yaxes(title=None, autorange="reversed", type="category")
    return figure


def most_recent(frame: pd.DataFrame, n: int = MAX_BARS) -> pd.DataFrame:
    """The ``n`` figures whose windows end latest (then the longest windows), in frame order."""
    if len(frame) <= n:
        return frame
    ends = frame["period_end"].to_numpy(dtype="datetime64[ns]").astype("int64")
    chosen = np.argpartition(ends, len(ends) - n)[len(ends) - n:]  # a missing end (NaT) is the smallest
    return frame.iloc[np.sort(chosen)]


def bars_caption(frame: pd.DataFrame, shown: pd.DataFrame, language: str) -> None:
    """Under a capped timeline: how many bars of how many figures are drawn."""
    if len(shown) < len(frame):
        st.caption(say("bars_shown", language, k=fmt(len(shown), language), n=fmt(len(frame), language)))


def open_start_note(frame: pd.DataFrame, language: str) -> None:
    n = int(frame["period_start"].isna().sum())
    if n:
        st.caption(t("open_start_note", language, n=n))


def metric_unit_options(frame: pd.DataFrame) -> list[tuple[str, str]]:
    """The (metric, normal unit) pairs present, in a stable order: units are never mixed in a chart."""
    pairs = frame.groupby(["metric", "unit_norm"], observed=True, sort=False).size().index
    return sorted((str(m), str(u)) for m, u in pairs)


def chart_with_provenance(figure: go.Figure, frame: pd.DataFrame, state: ViewState, key: str) -> None:
    """A chart whose bars can be clicked: the chosen figures' provenance is shown under it.

    The figure's traces carry the figure id as the second ``customdata`` item.
    """
    event = st.plotly_chart(figure, width="stretch", key=key, on_select="rerun", selection_mode="points")
    points = []
    try:
        points = event["selection"]["points"] if event else []
    except (KeyError, TypeError):
        points = []
    chosen = [p["customdata"][1] for p in points if isinstance(p.get("customdata"), (list, tuple)) and len(p["customdata"]) > 1]
    if chosen:
        picked = frame[frame["figure_id"].isin(chosen)]
        for row in picked.itertuples():
            with st.container(border=True):
                # source text is shown as plain text, never as markdown or HTML
                st.text(f"{row.figure_id} · {metric_label(row.metric, state.lang)} · "
                        f"{t('col_reported', state.lang)}: {reported(row, state.lang)}")
                st.text(f"“{row.quote}”")
                st.caption(f"{t('col_offsets', state.lang)} {row.quote_start}–{row.quote_end} · {row.source_id}")
                st.page_link("pages/sources.py", label=t("open_source_help", state.lang),
                             query_params={"source": row.source_id, "figure": row.figure_id, **to_query(state)})


def forces_text(forces, language: str) -> str:
    """'BĐBP 128 · Lao forces 24': whose figures a total adds, each force with its share when there are several."""
    names = data.agency_names(language)  # one cached lookup per tile, not one per force
    if len(forces) == 1:
        return names.get(forces[0][0], forces[0][0])
    return " · ".join(f"{names.get(force, force)} {fmt(value, language)}" for force, value in forces)
