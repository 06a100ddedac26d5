"""The "Add report" page in AppTest: a local editor saves a report; viewers get no save button."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from metrics.store import Store

ROOT = Path(__file__).resolve().parent.parent
PAGE = str(ROOT / "pages" / "add_report.py")
SEED = ROOT / "data" / "sources" / "004_488e9651ca8ddcc9.txt"



def listening_on_loopback(monkeypatch):
    """As `make run` serves (127.0.0.1 alone): without login, a visitor may edit."""
    import ui.access

    monkeypatch.setattr(ui.access, "listen_address", lambda: "127.0.0.1")


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "store.sqlite"
    monkeypatch.setenv("BORDER_METRICS_DB", str(path))
    listening_on_loopback(monkeypatch)
    return path


def page() -> AppTest:
    import streamlit as st

    st.cache_resource.clear()  # the page caches its Store per process: open this test's database
    return AppTest.from_file(PAGE, default_timeout=90).run()


def test_a_local_editor_pastes_reviews_and_saves_a_report(db):
    at = page()
    assert not at.exception
    at.text_area(key="pasted").input(SEED.read_text(encoding="utf-8") + "\nBản tin bổ sung.").run()
    at.date_input[0].set_value("2023-07-20").run()
    assert not at.exception
    assert [b.label for b in at.main.button] == ["Lưu báo cáo"]
    at.main.button[0].click().run()
    assert not at.error, [e.value for e in at.error]
    assert at.success and at.success[0].value.startswith("Đã lưu với mã 005_")
    frame = Store(db).sources_frame().set_index("source_id")
    new = frame[frame.index.str.startswith("005_")]
    assert len(new) == 1 and new["figures"].iloc[0] == new["pending"].iloc[0]


def test_a_stored_report_is_recognised_and_not_offered_for_saving(db):
    at = page()
    at.text_area(key="pasted").input(SEED.read_text(encoding="utf-8")).run()
    assert at.warning and "đã được lưu với mã 004_488e9651ca8ddcc9" in at.warning[0].value
    assert not at.main.button


def test_with_login_configured_a_visitor_sees_no_save_button(db):
    import streamlit as st

    st.cache_resource.clear()
    at = AppTest.from_file(PAGE, default_timeout=90)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x"}
    at.secrets["border_metrics"] = {"editors": ["an@example.org"]}
    at.run()
    assert at.info and "hãy đăng nhập để chỉnh sửa" in at.info[0].value
    assert [b.label for b in at.main.button] == ["Đăng nhập"]
    assert not at.text_area


def test_in_english_on_request(db):
    import streamlit as st

    from ui.state import ViewState

    st.cache_resource.clear()
    at = AppTest.from_file(PAGE, default_timeout=90)
    at.session_state["view"] = ViewState(lang="en")
    at.run()
    assert at.title[0].value == "Add report"
    assert at.text_area(key="pasted").label == "Report text"
    at.text_area(key="pasted").input(SEED.read_text(encoding="utf-8") + "\nA further bulletin.").run()
    at.date_input[0].set_value("2023-07-20").run()
    assert not at.exception
    assert [b.label for b in at.main.button] == ["Save report"]
    assert at.date_input[0].label == "Publication date"

