"""The "Add report" page in AppTest: a local editor saves a report; viewers get no save button."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from metrics.store import Store

ROOT = Path(__file__).resolve().parent.parent
PAGE = str(ROOT / "pages" / "add_report.py")
SEED = ROOT / "data" / "sources" / "004_488e9651ca8ddcc9.txt"
# A report of our own, not a copy of any seed (a seed with a line added would be recognised as a copy).
NEW_REPORT = """Công an tỉnh Nghệ An tổng kết đợt cao điểm
Trong 3 tháng cao điểm, Công an tỉnh Nghệ An đã phát hiện, bắt giữ 6 vụ, 9 đối tượng vận chuyển trái phép chất ma túy, thu giữ 4 bánh heroin và 1.800 viên ma túy tổng hợp.
Đơn vị cũng phối hợp tuyên truyền cho 1.250 lượt người dân tại các bản giáp biên."""


def buttons(at) -> list[str]:
    """The main area's buttons, without the link tab's fetch button (always there)."""
    return [b.label for b in at.main.button if b.key != "fetch_link"]



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
    at.text_area(key="pasted").input(NEW_REPORT).run()
    at.date_input[0].set_value("2025-12-20").run()
    assert not at.exception
    assert buttons(at) == ["Lưu báo cáo"]
    at.button(key="save_report").click().run()
    assert not at.error, [e.value for e in at.error]
    assert at.success and at.success[0].value.startswith("Đã lưu với mã 005_")
    frame = Store(db).sources_frame().set_index("source_id")
    new = frame[frame.index.str.startswith("005_")]
    assert len(new) == 1 and new["figures"].iloc[0] == new["pending"].iloc[0]


def test_changes_the_report_states_are_shown_for_review_and_saved_with_their_figures(db):
    report = ("Công an tỉnh Hà Tĩnh sơ kết 6 tháng\nTrong 6 tháng đầu năm 2025, Công an tỉnh Hà Tĩnh đã bắt giữ 21 vụ "
              "(giảm 4 vụ), 30 đối tượng (tăng 6 đối tượng) so với cùng kỳ năm 2024.")
    at = page()
    at.text_area(key="pasted").input(report).run()
    at.date_input[0].set_value("2025-07-02").run()
    shown = next(table.value for table in at.dataframe if "Báo cáo nói" in table.value.columns)
    assert list(shown["Báo cáo nói"]) == ["−4 vụ", "+6 đối tượng"]
    assert list(shown["Số liệu đi kèm"]) == ["1: 21 vụ", "2: 30 đối tượng"]
    at.button(key="save_report").click().run()
    assert at.success, [e.value for e in at.error]
    store = Store(db)
    saved = store.stated_changes_frame()
    figures = store.figures_frame().set_index("figure_id")
    assert [(row.quote, figures.loc[row.figure_id, "value"]) for row in saved.itertuples()] == [
        ("giảm 4 vụ", 21), ("tăng 6 đối tượng", 30)]


def test_a_stored_report_is_recognised_and_not_offered_for_saving(db):
    at = page()
    at.text_area(key="pasted").input(SEED.read_text(encoding="utf-8")).run()
    assert at.warning and "đã được lưu với mã 004_488e9651ca8ddcc9" in at.warning[0].value
    assert not buttons(at)


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
    at.text_area(key="pasted").input(NEW_REPORT).run()
    at.date_input[0].set_value("2025-12-20").run()
    assert not at.exception
    assert buttons(at) == ["Save report"]
    assert at.date_input[0].label == "Publication date"



# ---------------------------------------------------------------- by link, and syndicated copies

def test_a_pasted_link_is_fetched_its_metadata_shown_for_confirmation_and_saved_with_the_page(db, site, monkeypatch):
    import sqlalchemy as sa

    monkeypatch.setenv("BORDER_METRICS_ALLOW_PRIVATE_URLS", "1")
    at = page()
    at.text_input(key="link").input(site("/redirect")).run()
    at.button(key="fetch_link").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.text_input[1].value == "Nghệ An: Triệt phá đường dây vận chuyển 18 bánh heroin qua biên giới"
    assert at.text_input[2].value == "Báo Biên Cương"
    assert str(at.date_input[0].value) == "2025-11-20"
    assert at.text_input[3].value == site("/redirect")
    assert any("Đã tải từ " + site("/vi/heroin.html") in c.value for c in at.caption)
    at.button(key="save_report").click().run()
    assert at.success and at.success[0].value.startswith("Đã lưu với mã 005_"), [e.value for e in at.error]
    store = Store(db)
    with store.engine.connect() as conn:
        row = conn.execute(sa.text("SELECT url, fetched_from, original FROM sources WHERE source_id LIKE '005_%'")).one()
    assert row.url == site("/redirect") and row.fetched_from == site("/vi/heroin.html")
    assert row.original == (ROOT / "tests/fixtures/web/vi-heroin.html").read_bytes()


@pytest.mark.parametrize("path, sentence", [
    ("/missing.html", "the server answered 404 Not Found"),
    ("/report.pdf", "this is application/pdf, not a web page"),
])
def test_a_link_that_cannot_be_read_is_one_sentence(db, site, monkeypatch, path, sentence):
    monkeypatch.setenv("BORDER_METRICS_ALLOW_PRIVATE_URLS", "1")
    at = page()
    at.text_input(key="link").input(site(path)).run()
    at.button(key="fetch_link").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [f"Không tải được trang: {site(path)}: {sentence}"]


def test_a_loopback_link_is_refused_unless_the_configuration_allows_it(db, site, monkeypatch):
    import streamlit as st

    monkeypatch.delenv("BORDER_METRICS_ALLOW_PRIVATE_URLS", raising=False)
    at = page()
    at.text_input(key="link").input(site("/vi/heroin.html")).run()
    at.button(key="fetch_link").click().run()
    assert at.error and "127.0.0.1 is on this machine or a private network" in at.error[0].value
    st.cache_resource.clear()
    at = AppTest.from_file(PAGE, default_timeout=90)
    at.secrets["border_metrics"] = {"allow_private_urls": True}
    at.run()
    at.text_input(key="link").input(site("/vi/heroin.html")).run()
    at.button(key="fetch_link").click().run()
    assert not at.error and at.button(key="save_report")


def test_a_syndicated_copy_is_offered_for_linking_not_for_figures(db):
    at = page()
    at.text_area(key="pasted").input("TIN NHANH | Thời sự\n" + SEED.read_text(encoding="utf-8") + "\nBản tin bổ sung.").run()
    assert not at.exception
    assert at.info and "bản đăng lại của 004_488e9651ca8ddcc9" in at.info[0].value
    assert buttons(at) == ["Lưu làm một nguồn nữa của bài gốc"] and not at.data_editor
    at.button(key="link_copy").click().run()
    assert at.success and at.success[0].value == "Đã lưu làm một nguồn nữa của 004_488e9651ca8ddcc9."
    store = Store(db)
    assert store.source_counts()["004_488e9651ca8ddcc9"] == 2 and len(store.sources_frame()) == 5


def test_an_unregistered_border_post_is_proposed_as_a_sub_unit_and_saved_with_the_figures(db):
    """Issue "Agencies as they really are": a unit the registry does not know is shown for review with its
    inferred parent, and saving stores it (added from text, unreviewed) in the same transaction as the figures."""
    at = page()
    at.text_area(key="pasted").input("Ngày 3/5/2024, Đồn Biên phòng Na Mèo (BĐBP tỉnh Thanh Hóa) bắt giữ 12 đối tượng.").run()
    at.date_input[0].set_value("2024-05-04").run()
    assert not at.exception
    assert at.text_input(key="aid-0").value == "vn-bdbp-thanhhoa-post-na-meo"
    assert at.selectbox(key="aparent-0").value == "vn-bdbp-thanhhoa"
    at.button(key="save_report").click().run()
    assert not at.error, [e.value for e in at.error]
    post = Store(db).registry()["vn-bdbp-thanhhoa-post-na-meo"]
    assert post.parent_id == "vn-bdbp-thanhhoa" and post.added_from_text and not post.reviewed
    assert set(Store(db).figures_frame(status="pending")["agency_id"]) == {"vn-bdbp-thanhhoa-post-na-meo"}
