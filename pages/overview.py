"""Overview: headline tiles for the current filters, the latest reports, and the reporting windows covered."""

import streamlit as st

from metrics.i18n import t
from ui import data, views
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
    columns = st.columns(3)
    for index, card in enumerate(view["cards"]):
        with columns[index % 3]:
            st.metric(card.label, card.value, help=card.help, border=True, delta=card.delta,
                      delta_color="off",  # more seizures is neither good nor bad news by itself
                      delta_description=card.delta_description)
            st.caption(card.caption)
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
