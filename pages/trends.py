"""Trends: each figure as a bar spanning its reporting window, or its per-month rate; never a cumulative as one month."""

import pandas as pd
import streamlit as st

from metrics.briefing import comparison_table
from metrics.charts import year_on_year_spec, yearly_spec
from metrics.i18n import metric_label, t, unit_label
from ui import comparisons, data, views
from ui.components import (agency_names, bars_caption, chart_with_provenance, counts_caption, empty_state, fmt, left_out_expander,
                           metric_unit_options, open_start_note, page_start, provenance_table)

state = page_start("trends")
language = state.lang
selection = data.selection(state.filters)

if not empty_state(selection, language):
    included = selection.included
    options = metric_unit_options(included)
    if st.session_state.get("trends_pick") not in options:
        st.session_state["trends_pick"] = ("cases", "case") if ("cases", "case") in options else options[0]
    if "trends_rate" not in st.session_state:
        st.session_state["trends_rate"] = st.query_params.get("rate") == "month"
    pick = st.selectbox(t("trends_pick", language), options, key="trends_pick",
                        format_func=lambda p: f"{metric_label(p[0], language)} ({unit_label(p[1], language)})")
    per_month = st.toggle(t("per_month", language), key="trends_rate", help=t("per_month_help", language))
    if per_month:
        st.query_params["rate"] = "month"
    elif "rate" in st.query_params:
        del st.query_params["rate"]

    metric, unit = pick
    view = views.trends(state.filters, metric, unit, per_month, language)
    every, frame = view["every"], view["frame"]
    if view["figure"] is not None:
        chart_with_provenance(view["figure"], frame, state, key="trends_chart")
    bars_caption(every, frame, language)
    counts_caption(every, language, estimate=per_month or None)
    st.caption(t("trends_note", language))
    open_start_note(every, language)
    left_out_expander(selection, language, lambda f: (f["metric"] == metric) & (f["unit_norm"] == unit))
    provenance_table(every, state, key="trends_provenance")

    # The same period a year earlier: only where both are covered alike (metrics.compare), otherwise why.
    st.subheader(t("yoy_heading", language))
    comparison = comparisons.comparison(state.filters, language, pair=(metric, unit))
    if comparison is not None:
        chosen = lambda f: f[(f["metric"] == metric) & (f["unit"] == unit)]  # noqa: E731
        both = pd.concat([chosen(comparison.headline).assign(agency_id=""), chosen(comparison.by_agency)], ignore_index=True)
        names = data.agency_names(language)
        table = comparison_table(both, comparison, language, (t("col_agency", language), lambda r: (
            names.get(r.agency_id, r.agency_id) if r.agency_id else t("yoy_all_units", language))))
        st.caption(t("yoy_period", language, now=comparison.current.label, before=comparison.previous.label))
        st.dataframe(pd.DataFrame(table.rows, columns=table.columns), hide_index=True, width="stretch", key="yoy_table")
        agencies = chosen(comparison.by_agency).assign(label=lambda f: agency_names(f["agency_id"], language).to_numpy())
        spec = year_on_year_spec(agencies, comparison.previous.label, comparison.current.label)
        if spec is not None:
            st.vega_lite_chart(spec, width="content")
    else:
        by_year = st.expander(t("yoy_by_year", language), key="trends_yoy_open", on_change="rerun")
        if by_year.open:  # a selection per year: built on request, not on every rerun
            with by_year:
                years = comparisons.yearly(state.filters, metric, unit, language)
                spec = yearly_spec(years, f"{metric_label(metric, language)} ({unit_label(unit, language)})",
                                   t("col_change_percent", language), t("col_comparison_note", language))
                if spec is not None:
                    st.vega_lite_chart(spec, width="stretch")
                st.dataframe(pd.DataFrame({
                    t("col_year", language): years["year"].astype(str),
                    t("col_value", language): [fmt(v, language) for v in years["current"]],
                    t("col_previous_year", language): [fmt(v, language) for v in years["previous"]],
                    t("col_change_percent", language): ["—" if pd.isna(p) else f"{fmt(p, language, 1)}%" for p in years["percent"]],
                    t("col_comparison_note", language): years["reason"],
                }), hide_index=True, width="stretch", key="yoy_years")
    checks = comparisons.stated_checks(state.filters, metric, unit, language)
    if len(checks):
        st.markdown(t("briefing_stated", language))
        st.dataframe(pd.DataFrame({
            t("col_quote", language): checks["quote"], t("col_stated", language): checks["stated"],
            t("col_check", language): checks["status"].map(lambda s: t("stated_disagrees_short" if s == "disagrees" else f"stated_{s}", language)),
            t("col_comparison_note", language): checks["note"], t("col_figure", language): checks["figure_id"],
        }), hide_index=True, width="stretch", key="yoy_stated")
