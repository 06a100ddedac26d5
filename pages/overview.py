"""Overview: headline tiles for the current filters, the latest reports, and the reporting windows covered."""

import pandas as pd
import streamlit as st

from metrics.formatting import format_window
from metrics.i18n import category_label, metric_label, t, unit_label
from ui import comparisons, data, views
from ui.components import (say, counts_caption, empty_state, fmt, left_out_expander, open_start_note, page_start,
                           provenance_table)

state = page_start("overview")
language = state.lang
st.caption(t("app_tagline", language))
selection = data.selection(state.filters)

if not empty_state(selection, language):
    included = selection.included
    st.subheader(t("tiles", language))
    view = views.overview(state.filters, language)
    tiles = view["tiles"]
    comparison = comparisons.comparison(state.filters, language, detail=False)
    year_on_year = {(r.metric, r.unit): r for r in comparison.headline.itertuples()} if comparison is not None else {}
    columns = st.columns(3)
    for index, tile in enumerate(view["tile_rows"]):
        with columns[index % 3]:
            label = f"{metric_label(tile.metric, language)} ({unit_label(tile.unit, language)})" + (" *" if tile.estimate else "")
            help_text = None
            if tile.unit == "USD":
                help_text = t("tile_usd_help", language)
            elif tile.metric == "drug_seized" and tile.categories:
                help_text = t("tile_drugs_help", language, items=", ".join(category_label(c, language) for c in tile.categories))
            change = year_on_year.get((tile.metric, tile.unit))  # the same period a year earlier, shown only when fair
            delta = (None if change is None or pd.isna(change.percent)
                     else f"{'+' if change.percent > 0 else ''}{fmt(change.percent, language, 1)}%")
            st.metric(label, fmt(tile.value, language, 0 if tile.unit == "USD" else None), help=help_text, border=True,
                      delta=delta, delta_color="off",  # more seizures is neither good nor bad news by itself
                      delta_description=t("tile_change", language, before=comparison.previous.label) if delta else None)
            # One caption per tile, its lines joined: every element is a cost on each session's rerun.
            lines = [t("tile_sources", language, n=tile.n_figures, m=tile.n_sources)]
            if change is not None and delta is None:
                lines.append(t("tile_no_change", language, before=comparison.previous.label, reason=change.reason))
            if tile.forces:
                lines.append(t("tile_forces", language, forces=view["forces"][index]))
            st.caption("  \n".join(lines))
    counts_caption(included, language)
    left_out_expander(selection, language)

    st.subheader(t("latest_reports", language))
    st.dataframe(view["latest_table"], hide_index=True, width="stretch")

    st.subheader(t("coverage", language))
    n_reports = view["n_reports"]
    if n_reports > views.COVERAGE_REPORTS:  # the chart shows the windows of the most recent reports, and says so
        st.caption(say("coverage_shown", language, k=views.COVERAGE_REPORTS, n=fmt(n_reports, language)))
    if view["coverage_figure"] is not None:
        chart_data, spec = view["coverage_figure"]
        st.vega_lite_chart(chart_data, spec, width="stretch")
    st.caption(t("coverage_help", language))
    counts_caption(included, language, estimate=False)
    open_start_note(included, language)

    provenance = st.expander(t("provenance", language), key="overview_provenance_open", on_change="rerun")
    if provenance.open:  # built on request
        with provenance:
            provenance_table(included, state, key="overview_provenance", title=False)
