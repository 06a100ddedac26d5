"""The Agencies page's registry forms for editors: add a name the press uses, mark a unit added from a
report as reviewed, merge a duplicate. Writes go through the store, which audits them and refuses a
non-editor itself."""

from __future__ import annotations

import streamlit as st

from metrics.i18n import t
from ui import data
from ui.access import editor
from ui.components import agency_name
from ui.figure_review import FLASH, _write  # the Sources page's write: store, drop caches, flash, rerun


def registry_forms(language: str) -> None:
    st.subheader(t("ag_registry", language))
    actor = editor(language) if data.editable() else None
    if actor is None:
        if not data.editable():
            st.caption(t("fix_readonly", language))
        return
    if flash := st.session_state.pop(FLASH, None):
        st.success(flash)
    store = data.store()
    agencies = store.agencies_frame()
    ids = list(agencies["agency_id"])
    unreviewed = list(agencies.loc[(agencies["added_from_text"] == "true") & (agencies["reviewed"] != "true"), "agency_id"])

    def label(agency_id: str) -> str:
        return f"{agency_name(agency_id, language)} ({agency_id})"

    if unreviewed:
        st.caption(t("ag_unreviewed", language, n=len(unreviewed)))
    with st.form("agency_alias_form"):
        st.markdown(f"**{t('ag_alias', language)}**")
        agency_id = st.selectbox(t("col_agency", language), unreviewed + [a for a in ids if a not in unreviewed],
                                 format_func=label, key="ag_alias_agency")
        alias = st.text_input(t("ag_alias_name", language), key="ag_alias_name")
        reviewed = st.checkbox(t("ag_mark_reviewed", language), key="ag_alias_reviewed")
        reason = st.text_input(t("fix_reason", language), key="ag_alias_reason")
        if st.form_submit_button(t("ag_save", language), key="ag_alias_save"):
            def change():
                if alias.strip():
                    store.alias_agency(actor, agency_id, alias, reason)
                if reviewed:
                    store.review_agency(actor, agency_id, reason)
            _write(change, t("ag_saved", language, agency=agency_id), language)
    with st.form("agency_merge_form"):
        st.markdown(f"**{t('ag_merge', language)}**")
        duplicate = st.selectbox(t("ag_duplicate", language), unreviewed + [a for a in ids if a not in unreviewed],
                                 format_func=label, key="ag_merge_duplicate")
        into = st.selectbox(t("ag_into", language), ids, format_func=label, key="ag_merge_into")
        reason = st.text_input(t("fix_reason", language), key="ag_merge_reason")
        if st.form_submit_button(t("ag_merge_button", language), key="ag_merge_save"):
            if not reason.strip():
                st.error(t("fix_need_reason", language))
            else:
                _write(lambda: store.merge_agencies(actor, duplicate, into, reason),
                       t("ag_merged", language, duplicate=duplicate, into=into), language)

