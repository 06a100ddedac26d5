"""The Sources page's figure section: each figure's history for everyone; corrections and withdrawal for editors.

Writes go through ``metrics.store.Store`` (which refuses a non-editor itself); after a write the
caches are dropped (``data.data_changed``) so every page shows the change on its next run.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from metrics.access import Actor, PermissionDenied
from metrics.i18n import access_reason_label, metric_label, t
from metrics.schemas import METRICS, QUALIFIERS
from metrics.store import StoreError, figure_changes
from ui import data
from ui.access import current_actor, editor, login_controls
from ui.components import fmt

FLASH = "fix_flash"
FORM_FIELDS = ("metric", "category", "value", "unit", "qualifier", "period_start", "period_end", "period_text",
               "agency_id", "counterpart_id")
WIDGET_KEYS = [f"fix_{field}" for field in FORM_FIELDS] + ["fix_reason", "withdraw_reason"]


def figure_section(source_id: str, selected: str | None, language: str) -> None:
    st.subheader(t("fix_title", language))
    if not data.editable():
        st.caption(t("fix_readonly", language))
        return
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.success(flash)
    stored = data.stored_figures(source_id)
    if stored.empty:
        st.caption(t("fix_no_figures", language))
        return
    rows = stored.set_index("figure_id", drop=False)
    ids = list(rows.index)
    pick_key = f"fix_pick:{source_id}"
    if selected in ids and st.session_state.get("fix_seen_param") != selected:
        st.session_state[pick_key] = selected
        st.session_state["fix_seen_param"] = selected
    figure_id = st.selectbox(t("fix_pick", language), ids, key=pick_key, format_func=lambda f: t(
        "fix_option", language, figure=f, metric=metric_label(rows.at[f, "metric"], language),
        reported=f"{fmt(rows.at[f, 'value'], language)} {rows.at[f, 'unit']}",
        status=t(f"status_{rows.at[f, 'status']}", language)))
    row = rows.loc[figure_id].to_dict()

    history(row, language)
    actor = editor(language)
    if actor is None:
        return
    if row["status"] in ("withdrawn", "rejected"):
        st.caption(t("fix_closed", language, status=t(f"status_{row['status']}", language)))
        return
    # a form shows the stored values: reset its widgets when another figure or version is shown
    shown = (figure_id, int(row["version"]))
    if st.session_state.get("fix_shown") != shown:
        for key in WIDGET_KEYS:
            st.session_state.pop(key, None)
        st.session_state["fix_shown"] = shown
    correction_form(actor, row, language)
    withdraw_form(actor, row, language)


def history(row: dict, language: str) -> None:
    st.markdown(f"**{t('history_title', language, figure=row['figure_id'])}**")
    changes = data.figure_history(row["figure_id"])
    if changes.empty:
        st.caption(t("history_empty", language, by=row["updated_by"], at=row["updated_at"]))
        return
    st.dataframe(
        pd.DataFrame({
            t("col_at", language): changes["at"],
            t("col_actor", language): changes["actor"],
            t("col_action", language): changes["action"].map(lambda a: t("action_" + a.replace(".", "_"), language)),
            t("col_changes", language): changes["changes"],
            t("col_reason", language): changes["reason"],
        }),
        hide_index=True,
        width="stretch",
        key="fix_history",
    )


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def correction_form(actor: Actor, row: dict, language: str) -> None:
    agencies = [""] + sorted(data.bundle().agencies["agency_id"])
    with st.expander(t("fix_form", language)), st.form("fix_form", border=False):
        left, right = st.columns(2)
        proposed = {
            "metric": left.selectbox(t("col_metric", language), METRICS, index=METRICS.index(row["metric"]),
                                     format_func=lambda m: metric_label(m, language), key="fix_metric"),
            "category": right.text_input(t("col_category", language), _text(row["category"]), key="fix_category"),
            "value": left.number_input(t("col_value", language), min_value=0.0, value=float(row["value"]),
                                       step=1.0, key="fix_value"),
            "unit": right.text_input(t("col_unit", language), _text(row["unit"]), key="fix_unit"),
            "qualifier": left.selectbox(t("col_qualifier", language), QUALIFIERS,
                                        index=QUALIFIERS.index(row["qualifier"]),
                                        format_func=lambda q: t(f"qualifier_{q}", language), key="fix_qualifier"),
            "period_text": right.text_input(t("col_period_text", language), _text(row["period_text"]),
                                            key="fix_period_text"),
            "period_start": left.text_input(t("col_period_start", language), _text(row["period_start"]),
                                            help=t("fix_period_help", language), key="fix_period_start"),
            "period_end": right.text_input(t("col_period_end", language), _text(row["period_end"]),
                                           help=t("fix_period_help", language), key="fix_period_end"),
            "agency_id": left.selectbox(t("col_agency", language), agencies,
                                        index=_index(agencies, row["agency_id"]), key="fix_agency_id"),
            "counterpart_id": right.selectbox(t("col_counterpart", language), agencies,
                                              index=_index(agencies, row["counterpart_id"]), key="fix_counterpart_id"),
        }
        reason = st.text_input(t("fix_reason", language), key="fix_reason")
        if not st.form_submit_button(t("fix_save", language), key="fix_save"):
            return
    if not reason.strip():
        st.error(t("fix_need_reason", language))
        return
    changes = figure_changes(row, proposed)
    if not changes:
        st.info(t("fix_nothing", language))
        return
    _write(lambda: data.store().correct_figure(actor, row["figure_id"], changes, reason),
           t("fix_done", language, figure=row["figure_id"]), language)


def withdraw_form(actor: Actor, row: dict, language: str) -> None:
    with st.expander(t("withdraw_form", language)), st.form("withdraw_form", border=False):
        st.caption(t("withdraw_help", language))
        reason = st.text_input(t("fix_reason", language), key="withdraw_reason")
        if not st.form_submit_button(t("withdraw_button", language), key="withdraw"):
            return
    if not reason.strip():
        st.error(t("fix_need_reason", language))
        return
    _write(lambda: data.store().withdraw_figure(actor, row["figure_id"], reason),
           t("withdraw_done", language, figure=row["figure_id"]), language)


def _index(options: list[str], value) -> int:
    value = _text(value)
    return options.index(value) if value in options else 0


def _write(action, done: str, language: str) -> None:
    try:
        action()
    except (StoreError, PermissionDenied, ValueError) as error:
        st.error(t("ar_not_saved", language, error=error))
        return
    data.data_changed()  # every page shows the change on its next run
    st.session_state[FLASH] = done
    st.rerun()


# ---------------------------------------------------------------- the review queue (pages/review.py)

QUEUE_EDITABLE = ["agency_id", "counterpart_id", "value", "unit", "period_start", "period_end"]


def review_queue_section(language: str) -> None:
    """Pending figures across documents, newest first: filter, tick, edit in the table, accept or reject in bulk."""
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.success(flash)
    if not data.editable():
        st.caption(t("fix_readonly", language))
        return
    queue = data.review_queue()
    if queue.empty:
        st.info(t("rv_empty", language))
        return
    sources = queue.drop_duplicates("source_id").set_index("source_id")
    left, right = st.columns(2)
    chosen_sources = left.multiselect(
        t("rv_filter_source", language), list(sources.index), key="rv_sources",
        format_func=lambda s: f"{sources.at[s, 'published']} · {sources.at[s, 'publisher'] or '?'} — {sources.at[s, 'source_title']}")
    agencies = sorted(set(queue["agency_id"].fillna("")))
    chosen_agencies = right.multiselect(t("rv_filter_agency", language), agencies, key="rv_agencies",
                                        format_func=lambda a: a or t("rv_no_agency", language))
    shown = queue
    if chosen_sources:
        shown = shown[shown["source_id"].isin(chosen_sources)]
    if chosen_agencies:
        shown = shown[shown["agency_id"].fillna("").isin(chosen_agencies)]
    st.caption(t("rv_help", language, n=len(shown)))
    known = [""] + sorted(data.bundle().agencies["agency_id"])
    table = shown.assign(pick=False, agency_id=shown["agency_id"].fillna(""),
                         counterpart_id=shown["counterpart_id"].fillna(""),
                         metric=shown["metric"].map(lambda m: metric_label(m, language)))
    edited = st.data_editor(
        table[["pick", "figure_id", "published", "source_title", "metric", *QUEUE_EDITABLE, "period_text", "context"]],
        key=f"rv_table:{data.revision()}:{','.join(chosen_sources)}:{','.join(chosen_agencies)}",
        hide_index=True, num_rows="fixed", width="stretch",
        disabled=["figure_id", "published", "source_title", "metric", "period_text", "context"],
        column_config={
            "pick": st.column_config.CheckboxColumn(t("rv_pick", language)),
            "figure_id": st.column_config.TextColumn(t("rv_figure", language)),
            "published": st.column_config.TextColumn(t("ar_published", language)),
            "source_title": st.column_config.TextColumn(t("ar_title", language)),
            "metric": st.column_config.TextColumn(t("col_metric", language)),
            "agency_id": st.column_config.SelectboxColumn(t("col_agency", language), options=known),
            "counterpart_id": st.column_config.SelectboxColumn(t("col_counterpart", language), options=known),
            "value": st.column_config.NumberColumn(t("col_value", language), min_value=0.0),
            "unit": st.column_config.TextColumn(t("col_unit", language)),
            "period_start": st.column_config.TextColumn(t("col_period_start", language)),
            "period_end": st.column_config.TextColumn(t("col_period_end", language)),
            "period_text": st.column_config.TextColumn(t("col_period_text", language)),
            "context": st.column_config.TextColumn(t("rv_context", language), width="large"),
        },
    )
    actor, auth_configured = current_actor()
    if not actor.can_edit:
        st.caption(t("fix_viewer", language, reason=access_reason_label(actor.reason, language)))
        login_controls(auth_configured, language)
        return
    picked = list(edited.loc[edited["pick"], "figure_id"])
    reason = st.text_input(t("rv_reason", language), key="rv_reason")
    accept, reject, save = st.columns(3)
    decision = None
    if accept.button(t("rv_accept", language, n=len(picked)), type="primary", disabled=not picked, key="rv_accept"):
        decision = "accepted"
    if reject.button(t("rv_reject", language, n=len(picked)), disabled=not picked, key="rv_reject"):
        decision = "rejected"
    saving = save.button(t("rv_save_edits", language), key="rv_save")
    if not (decision or saving):
        return
    stored = shown.set_index("figure_id")
    corrections = {}
    for row in edited.to_dict("records"):
        before = stored.loc[row["figure_id"]].to_dict() | {"figure_id": row["figure_id"]}
        changes = figure_changes(before, {k: row[k] for k in QUEUE_EDITABLE})
        if changes:
            corrections[row["figure_id"]] = changes
    store = data.store()

    def apply() -> None:
        why = reason.strip() or t("rv_default_reason", "en")
        for figure_id, changes in corrections.items():
            store.correct_figure(actor, figure_id, changes, why)
        if decision:
            store.review_figures(actor, picked, decision, reason.strip())

    done = t("rv_done", language, n=len(picked), status=t(f"status_{decision}", language)) if decision else (
        t("rv_saved", language, n=len(corrections)))
    _write(apply, done, language)
