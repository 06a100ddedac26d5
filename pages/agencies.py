"""Agencies: results by agency and country, with the hierarchy and the credited vs partner roles."""

import pandas as pd
import plotly.express as px
import streamlit as st

from metrics.i18n import country_label, metric_label, t, unit_label
from metrics.roles import agency_roles, agency_tree
from ui import data
from ui.agency_form import registry_forms
from ui.components import short_ids, agency_name, counts_caption, empty_state, escape, fmt, left_out_expander, page_start, provenance_table, style_figure

state = page_start("agencies")
language = state.lang
selection = data.selection(state.filters)
registry = data.registry()

if not empty_state(selection, language):
    included = selection.included
    roles = agency_roles(included, registry)
    options = sorted({(m, u) for m, u in zip(roles["metric"], roles["unit_norm"])})
    if st.session_state.get("agencies_pick") not in options:
        st.session_state["agencies_pick"] = ("cases", "case") if ("cases", "case") in options else options[0]
    metric, unit = st.selectbox(t("trends_pick", language), options, key="agencies_pick",
                                format_func=lambda p: f"{metric_label(p[0], language)} ({unit_label(p[1], language)})")
    chosen = roles[(roles["metric"] == metric) & (roles["unit_norm"] == unit)]
    # Summed over categories: a part of a total already counted ("trong đó") adds nothing.
    by_agency = chosen.groupby(["agency_id", "role", "country", "depth"], as_index=False).agg(
        value=("value_beyond_totals", "sum"), n_figures=("n_figures", "sum"), figure_ids=("figure_ids", ";".join))
    by_agency["name"] = by_agency["agency_id"].map(lambda a: agency_name(a, language))
    by_agency["role_label"] = by_agency["role"].map(lambda r: t(f"role_{r}", language))
    by_agency["hover"] = [
        f"<b>{escape(n)}</b> ({r})<br>{fmt(v, language)} {unit_label(unit, language)}<br>{t('col_figure', language)}: {ids}"
        for n, r, v, ids in zip(by_agency["name"], by_agency["role_label"], by_agency["value"], by_agency["figure_ids"].map(short_ids))
    ]
    chart = px.bar(by_agency, x="value", y="name", color="role_label", orientation="h", barmode="group",
                   custom_data=["hover"], text=[fmt(v, language) for v in by_agency["value"]],
                   title=t("agencies_chart", language, metric=metric_label(metric, language), unit=unit_label(unit, language)))
    chart.update_traces(hovertemplate="%{customdata[0]}<extra></extra>")
    chart.update_yaxes(title=None)
    chart.update_xaxes(title=unit_label(unit, language))
    chart.update_layout(legend_title_text="")
    st.plotly_chart(style_figure(chart, language, height=max(260, 90 + 40 * by_agency["name"].nunique())), width="stretch")
    figures_chosen = included[(included["metric"] == metric) & (included["unit_norm"] == unit)]
    counts_caption(figures_chosen, language)
    st.caption(t("roles_help", language))

    st.subheader(t("agency_tree", language, metric=metric_label(metric, language), unit=unit_label(unit, language)))
    tree = agency_tree(selection, registry, metric, unit)
    st.dataframe(pd.DataFrame({
        t("col_agency", language): ["\u2003" * depth + agency_name(a, language) for a, depth in zip(tree["agency_id"], tree["depth"])],
        t("col_total", language): [fmt(v, language) for v in tree["total"]],
        t("col_sub_units", language): [fmt(v, language) if v else "" for v in tree["sub_units"]],
        t("col_remainder", language): [fmt(v, language) if s else "" for v, s in zip(tree["remainder"], tree["sub_units"])],
        t("col_n_figures", language): tree["n_figures"],
    }), hide_index=True, width="stretch")
    st.caption(t("agency_tree_help", language))

    st.subheader(t("hierarchy", language))
    credited = included.assign(top=included["top_agency_id"])
    tree = credited.groupby(["country", "top", "agency_id"], as_index=False).agg(n=("figure_id", "size"))
    tree["country_name"] = tree["country"].map(lambda c: country_label(c, language))
    tree["top_name"] = tree["top"].map(lambda a: agency_name(a, language))
    tree["agency_name"] = tree["agency_id"].map(lambda a: agency_name(a, language))
    sunburst = px.sunburst(tree, path=["country_name", "top_name", "agency_name"], values="n")
    sunburst.update_traces(hovertemplate="<b>%{label}</b><br>" + t("col_n_figures", language) + ": %{value}<extra></extra>")
    st.plotly_chart(style_figure(sunburst, language, height=420), width="stretch")
    counts_caption(included, language, estimate=False)

    st.subheader(t("roles_table", language))
    table = pd.DataFrame(
        {
            t("col_country", language): roles["country"].map(lambda c: country_label(c, language)),
            t("col_path", language): roles["agency_id"].map(
                lambda a: " › ".join(agency_name(x, language) for x in registry.path(a)[1:]) if a in registry else a),
            t("col_role", language): roles["role"].map(lambda r: t(f"role_{r}", language)),
            t("col_metric", language): roles["metric"].map(lambda m: metric_label(m, language)),
            t("col_value", language): [f"{fmt(v, language)} {unit_label(u, language)}" for v, u in zip(roles["value"], roles["unit_norm"])],
            t("col_n_figures", language): roles["n_figures"],
            t("col_n_sources", language): roles["n_sources"],
            t("col_figure", language): roles["figure_ids"].map(short_ids),
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    counts_caption(included, language, estimate=False)
    left_out_expander(selection, language)
    provenance_table(figures_chosen, state, key="agencies_provenance")

registry_forms(language)

