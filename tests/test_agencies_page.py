"""The Agencies page in AppTest: the unit tree for everyone; the registry forms for editors, audited."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from metrics.store import Store

PAGE = str(Path(__file__).resolve().parent.parent / "pages" / "agencies.py")


@pytest.fixture
def db(tmp_path, monkeypatch):
    import streamlit as st
    import ui.access

    path = tmp_path / "store.sqlite"
    monkeypatch.setenv("BORDER_METRICS_DB", str(path))
    monkeypatch.setattr(ui.access, "listen_address", lambda: "127.0.0.1")  # as `make run` serves: a local editor
    st.cache_resource.clear()
    st.cache_data.clear()
    return path


def test_an_editor_names_an_agency_and_marks_it_reviewed(db):
    at = AppTest.from_file(PAGE, default_timeout=90).run()
    assert not at.exception, at.exception
    assert any("Cây đơn vị" in h.value for h in at.subheader)
    at.selectbox(key="ag_alias_agency").set_value("vn-bdbp-quangtri")
    at.text_input(key="ag_alias_name").input("Bộ đội Biên phòng Quảng Trị (Việt Nam)")
    at.text_input(key="ag_alias_reason").input("spelling seen in a report")
    at.button(key="ag_alias_save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.success and "vn-bdbp-quangtri" in at.success[0].value
    registry = Store(db).registry()
    assert registry.resolve("Bộ đội Biên phòng Quảng Trị (Việt Nam)") == "vn-bdbp-quangtri"
    audit = Store(db).audit_frame("agency", "vn-bdbp-quangtri")
    assert audit["action"].tolist()[-1] == "agency.alias" and audit["reason"].tolist()[-1] == "spelling seen in a report"


def test_a_merge_needs_a_reason(db):
    at = AppTest.from_file(PAGE, default_timeout=90).run()
    at.button(key="ag_merge_save").click().run()
    assert at.error and not at.success
