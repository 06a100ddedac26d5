"""The Review queue page in AppTest: pending figures across documents, filtered, accepted and rejected in bulk."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from metrics.access import Actor
from metrics.store import Store

ROOT = Path(__file__).resolve().parent.parent
PAGE = str(ROOT / "pages" / "review.py")
EDITOR = Actor("editor@example.org", True)
OLDER = "Công an tỉnh Nghệ An bắt giữ 7 đối tượng, thu giữ 3 bánh heroin tại khu vực biên giới."
NEWER = "Công an tỉnh Nghệ An thu giữ 12 xe máy và 30 điện thoại di động trong đợt ra quân."


def figure(text: str, quote: str, metric: str, unit: str, agency: str = "vn-nghean-police") -> dict:
    start = text.index(quote)
    return {"quote": quote, "quote_start": start, "quote_end": start + len(quote), "agency_id": agency,
            "metric": metric, "category": "all", "value": float(quote.split()[0]), "unit": unit,
            "qualifier": "exact", "period_start": "2025-11-01", "period_end": "2025-11-30", "period_text": "tháng 11"}


@pytest.fixture
def db(tmp_path, monkeypatch):
    import ui.access

    path = tmp_path / "store.sqlite"
    monkeypatch.setenv("BORDER_METRICS_DB", str(path))
    monkeypatch.setattr(ui.access, "listen_address", lambda: "127.0.0.1")  # as `make run` serves: a local editor
    store = Store(path)
    store.add_document(EDITOR, {"title": "Older", "publisher": "Báo A", "published": "2025-11-20"}, OLDER,
                       [figure(OLDER, "7 đối tượng", "persons_arrested", "đối tượng"),
                        figure(OLDER, "3 bánh", "drug_seized", "bánh", agency="")])
    store.add_document(EDITOR, {"title": "Newer", "publisher": "Báo B", "published": "2025-11-28"}, NEWER,
                       [figure(NEWER, "12 xe máy", "vehicle_seized", "xe máy"),
                        figure(NEWER, "30 điện thoại di động", "phone_seized", "điện thoại di động")])
    return path


def edit(at: AppTest, changes: dict[str, dict]) -> AppTest:
    """Tick or change cells of the queue by figure id, as a person does in the table."""
    editor = at.data_editor[0]
    positions = {figure_id: i for i, figure_id in enumerate(editor.value["figure_id"])}
    at.session_state[editor.key] = {"edited_rows": {positions[f]: cells for f, cells in changes.items()},
                                    "added_rows": [], "deleted_rows": []}
    return at.run()


def page() -> AppTest:
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()
    return AppTest.from_file(PAGE, default_timeout=90).run()


def test_pending_figures_are_listed_newest_first_with_their_quote_in_context_and_counted_in_the_sidebar(db):
    at = page()
    assert not at.exception
    table = at.data_editor[0].value
    assert list(table["figure_id"]) == ["006-01", "006-02", "005-01", "005-02"]
    assert table["context"].iloc[0] == "…Công an tỉnh Nghệ An thu giữ ⟦12 xe máy⟧ và 30 điện thoại di động trong đợt ra quân.…"
    assert "4 số liệu chờ duyệt" in [c.value for c in at.sidebar.caption]


def test_filters_by_source_and_agency(db):
    at = page()
    at.multiselect(key="rv_sources").set_value(["005_" + Store(db).sources_frame()["source_id"].iloc[-2][4:]]).run()
    assert list(at.data_editor[0].value["figure_id"]) == ["005-01", "005-02"]
    at.multiselect(key="rv_agencies").set_value([""]).run()
    assert list(at.data_editor[0].value["figure_id"]) == ["005-02"]


def test_two_figures_are_accepted_at_once_and_reach_the_totals(db):
    store = Store(db)
    before = len(store.bundle().figures)
    at = page()
    edit(at, {"006-01": {"pick": True}, "006-02": {"pick": True}})
    at.button(key="rv_accept").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.success[0].value == "Đã chuyển 2 số liệu sang trạng thái chấp nhận."
    statuses = store.figures_frame().set_index("figure_id")["status"]
    assert statuses[["006-01", "006-02", "005-01", "005-02"]].tolist() == ["accepted", "accepted", "pending", "pending"]
    assert len(store.bundle().figures) == before + 2
    assert list(at.data_editor[0].value["figure_id"]) == ["005-01", "005-02"]


def test_a_figure_without_an_agency_is_corrected_in_the_table_and_accepted_in_one_go(db):
    at = page()
    edit(at, {"005-02": {"pick": True, "agency_id": "vn-nghean-police"}})
    at.button(key="rv_accept").click().run()
    assert not at.error, [e.value for e in at.error]
    stored = Store(db).figures_frame().set_index("figure_id").loc["005-02"]
    assert (stored["status"], stored["agency_id"]) == ("accepted", "vn-nghean-police")
    assert list(Store(db).audit_frame("figure", "005-02")["action"]) == ["figure.add", "figure.correct", "figure.accept"]


def test_accepting_a_figure_without_an_agency_is_refused_in_one_sentence_and_nothing_changes(db):
    at = page()
    edit(at, {"005-01": {"pick": True}, "005-02": {"pick": True}})
    at.button(key="rv_accept").click().run()
    assert [e.value for e in at.error] == ["Chưa lưu gì: figure 005-02 has no agency: correct it before accepting it"]
    statuses = Store(db).figures_frame().set_index("figure_id")["status"]
    assert statuses[["005-01", "005-02"]].tolist() == ["pending", "pending"]  # 005-01 was not accepted alone either
    assert list(Store(db).audit_frame("figure", "005-01")["action"]) == ["figure.add"]


def test_rejecting_in_english(db):
    import streamlit as st

    from ui.state import ViewState

    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(PAGE, default_timeout=90)
    at.session_state["view"] = ViewState(lang="en")
    at.run()
    assert at.title[0].value == "Review queue"
    edit(at, {"006-02": {"pick": True}})
    assert at.button(key="rv_reject").label == "Reject 1 selected figure"
    at.button(key="rv_reject").click().run()
    assert at.success[0].value == "1 figure is now rejected."
