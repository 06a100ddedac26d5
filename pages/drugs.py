"""Drugs: by substance in the units reported, and as kg with estimates marked under the analyst's assumptions."""

import pandas as pd
import plotly.express as px
import streamlit as st

from metrics.summary import summary
from metrics.drugs import drug_mass_by_substance
from metrics.figures import Assumptions
from metrics.i18n import category_label, t, unit_label
from ui import data
from ui.components import short_ids, counts_caption, empty_state, fmt, left_out_expander, page_start, provenance_table, style_figure

state = page_start("drugs")
language = state.lang
defaults = data.default_assumptions()


def _param(key: str, default: float) -> float:
    try:
        value = float(st.query_params.get(key, default))
        return value if value > 0 else default
    except ValueError:
        return default


if "drugs_brick" not in st.session_state:
    st.session_state["drugs_brick"] = _param("g_brick", defaults.grams_per_brick)
    st.session_state["drugs_tablet"] = _param("g_tablet", defaults.grams_per_tablet)
left, right = st.columns(2)
grams_per_brick = left.number_input(t("grams_per_brick", language), min_value=1.0, max_value=5000.0, step=10.0, key="drugs_brick")
grams_per_tablet = right.number_input(t("grams_per_tablet", language), min_value=0.001, max_value=10.0, step=0.01,
                                      format="%.3f", key="drugs_tablet")
assumptions = Assumptions(grams_per_brick=grams_per_brick, grams_per_tablet=grams_per_tablet)
for key, value, default in (("g_brick", grams_per_brick, defaults.grams_per_brick), ("g_tablet", grams_per_tablet, defaults.grams_per_tablet)):
    if value != default:
        st.query_params[key] = f"{value:g}"
    elif key in st.query_params:
        del st.query_params[key]
st.info(t("assumed", language, text=t("assumption_text", language, brick=fmt(grams_per_brick, language),
                                                  tablet=fmt(grams_per_tablet, language))))

selection = data.selection(state.filters, assumptions)
drugs = selection.included[selection.included["metric"] == "drug_seized"]
if not empty_state(selection, language, drugs):
    masses = drug_mass_by_substance(drugs)
    masses["substance"] = masses["category"].map(lambda c: category_label(c, language))
    masses["basis_label"] = masses["basis"].map(lambda b: t(f"basis_{b}", language))
    masses["hover"] = [
        f"<b>{s}</b>: {fmt(kg, language)} kg ({b})<br>{a}<br>{t('col_figure', language)}: {ids}"
        for s, kg, b, a, ids in zip(masses["substance"], masses["kg"], masses["basis_label"], masses["assumption"], masses["figure_ids"].map(short_ids))
    ]
    chart = px.bar(masses, x="substance", y="kg", color="basis_label", pattern_shape="basis_label",
                   pattern_shape_map={t("basis_reported", language): "", t("basis_estimated", language): "/"},
                   custom_data=["hover"], title=t("drugs_kg_chart", language))
    chart.update_traces(hovertemplate="%{customdata[0]}<extra></extra>")
    chart.update_yaxes(title="kg")
    chart.update_xaxes(title=None)
    chart.update_layout(legend_title_text="")
    st.plotly_chart(style_figure(chart, language, height=420), width="stretch")
    counts_caption(drugs[drugs["mass_kg"].notna()], language)

    st.subheader(t("drugs_reported", language))
    totals = summary(drugs, by=["category"])
    st.dataframe(
        pd.DataFrame(
            {
                t("col_category", language): totals["category"].map(lambda c: category_label(c, language)),
                t("col_value", language): [f"{fmt(v, language)} {unit_label(u, language)}" for v, u in zip(totals["value"], totals["unit_norm"])],
                t("col_kg", language): [fmt(v, language) + (" *" if u != "kg" and pd.notna(v) else "") for v, u in zip(totals["estimated_kg"].where(totals["unit_norm"] != "kg", totals["value"]), totals["unit_norm"])],
                t("col_n_figures", language): totals["n_figures"],
                t("col_n_sources", language): totals["n_sources"],
                t("col_figure", language): totals["figure_ids"].map(short_ids),
            }
        ),
        hide_index=True,
        width="stretch",
    )
    counts_caption(drugs, language)
    left_out_expander(selection, language, lambda f: f["metric"] == "drug_seized")
    provenance_table(drugs, state, key="drugs_provenance")
