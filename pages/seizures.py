"""Seizures: currency (each in its own unit, and as USD at the stated rate year), weapons, ammunition, vehicles, phones."""

import pandas as pd
import plotly.express as px
import streamlit as st

from metrics.summary import summary
from metrics.i18n import category_label, metric_label, t, unit_label
from ui import data
from ui.components import short_ids, most_recent, counts_caption, empty_state, escape, fmt, left_out_expander, page_start, provenance_table, style_figure

OTHER = ["weapon_seized", "ammunition_seized", "explosive_seized", "vehicle_seized", "phone_seized"]

state = page_start("seizures")
language = state.lang
selection = data.selection(state.filters)
included = selection.included
seized = included[included["metric"].isin(["currency_seized", *OTHER])]

if not empty_state(selection, language, seized):
    currency = seized[seized["metric"] == "currency_seized"]
    if len(currency):
        currency = most_recent(currency)  # a page of figures and bars, never every row
        st.subheader(t("currency", language))
        st.caption(t("currency_help", language))
        share = currency["share"]
        table = pd.DataFrame(
            {
                t("col_figure", language): currency["figure_id"],
                t("col_category", language): currency["unit_norm"],
                t("col_value", language): [f"{fmt(v, language)} {u}" for v, u in zip(currency["value_norm"] * share, currency["unit_norm"])],
                t("col_usd", language): [fmt(v, language, 0) + " USD *" if pd.notna(v) else "—" for v in currency["usd_equivalent"] * share],
                t("col_rate", language): [fmt(v, language) for v in currency["usd_rate"]],
                t("col_rate_basis", language): currency["usd_rate_basis"],
                t("col_quote", language): currency["quote"],
            }
        )
        st.dataframe(table, hide_index=True, width="stretch")
        chart_data = currency.assign(usd=currency["usd_equivalent"] * share)
        chart_data["hover"] = [
            f"<b>{escape(r.figure_id)}</b>: {fmt(r.value, language)} {escape(r.unit)} → {fmt(r.usd, language, 0)} USD<br>{escape(r.usd_rate_basis)}<br>“{escape(r.quote)}”"
            for r in chart_data.itertuples()
        ]
        chart = px.bar(chart_data, x="unit_norm", y="usd", color="figure_id", custom_data=["hover"],
                       title=t("col_usd", language) + " — USD")
        chart.update_traces(hovertemplate="%{customdata[0]}<extra></extra>")
        chart.update_xaxes(title=None)
        chart.update_yaxes(title="USD")
        st.plotly_chart(style_figure(chart, language, height=360), width="stretch")
        counts_caption(currency, language, estimate=True)

    others = seized[seized["metric"].isin(OTHER)]
    if len(others):
        st.subheader(t("other_seizures", language))
        totals = summary(others, by=["metric", "category"])
        columns = st.columns(2)
        for index, (metric, group) in enumerate(totals.groupby("metric", sort=False)):
            for unit, by_unit in group.groupby("unit_norm"):
                by_unit = by_unit.assign(label=by_unit["category"].map(lambda c: category_label(c, language)))
                by_unit["hover"] = [f"{fmt(v, language)} {unit_label(unit, language)}<br>{t('col_figure', language)}: {ids}"
                                    for v, ids in zip(by_unit["value"], by_unit["figure_ids"].map(short_ids))]
                chart = px.bar(by_unit, x="label", y="value", custom_data=["hover"],
                               text=[fmt(v, language) for v in by_unit["value"]],
                               title=f"{metric_label(metric, language)} ({unit_label(unit, language)})")
                chart.update_traces(hovertemplate="%{customdata[0]}<extra></extra>")
                chart.update_xaxes(title=None)
                chart.update_yaxes(title=unit_label(unit, language))
                with columns[index % 2]:
                    st.plotly_chart(style_figure(chart, language, height=300), width="stretch")
                    counts_caption(others[(others["metric"] == metric) & (others["unit_norm"] == unit)], language)
    left_out_expander(selection, language, lambda f: f["metric"].isin(["currency_seized", *OTHER]))
    provenance_table(seized, state, key="seizures_provenance")
