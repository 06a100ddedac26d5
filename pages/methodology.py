"""Methodology: metric definitions, the overlap rule, conversion assumptions and exchange rates with their sources, limits."""

import pandas as pd
import streamlit as st

from metrics.i18n import METRIC_LABELS, metric_definition, metric_label, t, unit_label
from ui import data
from ui.components import fmt, page_start

state = page_start("methodology")
language = state.lang
bundle = data.bundle()
figures = data.figures()

st.subheader(t("m_metrics", language))
units = figures.groupby("metric", observed=True)["unit_norm"].unique().map(  # distinct units first: one label per unit, not per figure
    lambda s: ", ".join(sorted({unit_label(u, language) for u in s if u and isinstance(u, str)})))
st.dataframe(
    pd.DataFrame(
        {
            t("col_metric", language): [metric_label(m, language) for m in METRIC_LABELS],
            t("col_unit", language): [units.get(m, "") for m in METRIC_LABELS],
            t("col_definition", language): [metric_definition(m, language) for m in METRIC_LABELS],
        }
    ),
    hide_index=True,
    width="stretch",
)

st.subheader(t("m_overlap", language))
st.markdown(t("m_overlap_text", language))

st.subheader(t("m_agencies", language))
st.markdown(t("m_agencies_text", language))

st.subheader(t("m_conversions", language))
conversions = bundle.conversions
st.dataframe(
    pd.DataFrame(
        {
            t("col_parameter", language): conversions["parameter"],
            t("col_value", language): [f"{fmt(v, language)} {u}" for v, u in zip(conversions["value"], conversions["unit"])],
            t("col_applies", language): conversions["applies_to"],
            t("col_source", language): conversions["source"],
            t("col_rationale", language): conversions["rationale"],
        }
    ),
    hide_index=True,
    width="stretch",
)

st.subheader(t("m_rates", language))
rates = bundle.exchange_rates
st.dataframe(
    pd.DataFrame(
        {
            t("col_currency", language): rates["currency"],
            t("col_year", language): rates["year"].astype(str),
            t("col_rate", language): [fmt(v, language) for v in rates["lcu_per_usd"]],
            t("col_source", language): rates["source"],
            "URL": rates["source_url"],
        }
    ),
    hide_index=True,
    width="stretch",
)

st.subheader(t("m_limits", language))
st.markdown(t("m_limits_items", language))
