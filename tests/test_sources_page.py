"""The Sources page's figure history and corrections in AppTest, each test on a store of its own.

Figure 003-17 is the seed's only victims-rescued figure (119 victims), so the Overview tile
"Nạn nhân được giải cứu (nạn nhân)" shows exactly what happens to it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import ui.components
from metrics.store import Store

APP = str(Path(__file__).resolve().parent.parent / "app.py")
SOURCE = "003_b927c23a097a318e"
FIGURE = "003-17"
VICTIMS = "Nạn nhân được giải cứu (nạn nhân)"



def listening_on_loopback(monkeypatch):
    """As `make run` serves (127.0.0.1 alone): without login, a visitor may edit."""
    import ui.access

    monkeypatch.setattr(ui.access, "listen_address", lambda: "127.0.0.1")


@pytest.fixture
def db(tmp_path, monkeypatch):
    """A fresh store for this test; the app's cached store and data are dropped before and after."""
    path = tmp_path / "store.sqlite"
    monkeypatch.setenv("BORDER_METRICS_DB", str(path))
    listening_on_loopback(monkeypatch)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield path
    st.cache_resource.clear()
    st.cache_data.clear()


def sources_page(**secrets) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in secrets.items():
        at.secrets[key] = value
    at.query_params["source"] = SOURCE
    at.query_params["figure"] = FIGURE
    at.run()
    at.switch_page("pages/sources.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def tiles(at: AppTest) -> dict[str, str]:
    at.switch_page("pages/overview.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return {m.label: m.value for m in at.metric}


def history(at: AppTest):
    """The figure's history table: the page's last table, with the history's columns."""
    table = at.dataframe[-1].value
    assert list(table.columns) == ["Thời điểm", "Người thực hiện", "Thao tác", "Thay đổi (trước → sau)", "Lý do"]
    return table


def flashes(at: AppTest) -> list[str]:
    """Success messages other than the banner of the figure opened from the link."""
    return [s.value for s in at.success if not s.value.startswith(f"Số liệu {FIGURE}: ")]


def correct(at: AppTest, value: float, reason: str) -> AppTest:
    at.number_input(key="fix_value").set_value(value)
    at.text_input(key="fix_reason").input(reason)
    return at.button(key="fix_save").click().run()


def test_the_linked_figure_is_picked_and_its_history_shown(db):
    at = sources_page()
    assert at.selectbox(key=f"fix_pick:{SOURCE}").value == FIGURE
    assert any("Lịch sử thay đổi của số liệu 003-17" in m.value for m in at.markdown)
    assert any("Chưa thay đổi kể từ khi nhập" in c.value for c in at.caption)


def test_an_editor_corrects_a_figure_and_the_overview_shows_it_at_once(db):
    assert tiles(sources_page())[VICTIMS] == "119"
    at = sources_page()
    correct(at, 120, "the article was corrected the next day")
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert flashes(at) == ["Đã hiệu chỉnh số liệu 003-17."]
    assert list(history(at).iloc[0])[1:] == ["local user", "hiệu chỉnh", "value: 119.0 → 120.0",
                                         "the article was corrected the next day"]
    assert tiles(at)[VICTIMS] == "120"
    stored = Store(db).figures_frame(SOURCE).set_index("figure_id").loc[FIGURE]
    assert (stored["value"], stored["version"], stored["updated_by"]) == (120.0, 2, "local user")


def test_withdrawing_a_figure_removes_it_from_the_totals(db):
    at = sources_page()
    at.text_input(key="withdraw_reason").input("double-counted with another report")
    at.button(key="withdraw").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert flashes(at) == ["Đã rút số liệu 003-17."]
    # still listed with its history, but closed to corrections
    assert any(o.startswith("003-17 ·") and o.endswith("· đã rút") for o in at.selectbox(key=f"fix_pick:{SOURCE}").options)
    assert any("không hiệu chỉnh hay rút được nữa" in c.value for c in at.caption)
    assert not [b for b in at.button if b.key in ("fix_save", "withdraw")]
    assert list(history(at).iloc[0])[2:] == [
        "rút", "status: accepted → withdrawn", "double-counted with another report"]
    assert tiles(at)[VICTIMS] == "—"  # the tile stays, with no figure behind it
    assert Store(db).figures_frame(SOURCE).set_index("figure_id").at[FIGURE, "status"] == "withdrawn"


@pytest.mark.parametrize("form", ["correct", "withdraw"])
def test_a_reason_is_required(db, form):
    at = sources_page()
    if form == "correct":
        correct(at, 500, "   ")
    else:
        at.button(key="withdraw").click().run()
    assert [e.value for e in at.error] == ["Hãy ghi lý do: chưa lưu gì."]
    assert not flashes(at)
    assert Store(db).figure_history(FIGURE).empty
    assert tiles(at)[VICTIMS] == "119"


def test_an_unchanged_form_saves_nothing(db):
    at = sources_page()
    correct(at, 119, "just checking")
    assert [i.value for i in at.info] == ["Không có gì thay đổi: chưa lưu gì."]
    assert Store(db).figure_history(FIGURE).empty


def test_a_correction_the_store_refuses_is_one_sentence(db):
    at = sources_page()
    at.text_input(key="fix_period_start").input("last spring")
    correct(at, 119, "window")
    assert not at.exception
    assert len(at.error) == 1 and at.error[0].value.startswith("Chưa lưu gì: ")
    assert Store(db).figure_history(FIGURE).empty


def test_in_english_on_request(db):
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params.update(source=SOURCE, figure=FIGURE, lang="en")
    at.run()
    at.switch_page("pages/sources.py").run()
    assert not at.exception
    assert any("History of figure 003-17" in m.value for m in at.markdown)
    assert at.button(key="fix_save").label == "Save the correction"
    assert at.button(key="withdraw").label == "Withdraw the figure"


def _remote(monkeypatch):
    monkeypatch.setattr(type(st.context), "ip_address", property(lambda self: "203.0.113.9"))


VIEWERS = {
    "remote without login configured": (_remote, {}, "chỉ chỉnh sửa được trên chính máy chạy ứng dụng"),
    "login configured, not logged in": (
        lambda monkeypatch: None,
        {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x",
                  "client_id": "c", "client_secret": "s",
                  "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"},
         "border_metrics": {"editors": ["an@example.org"]}},
        "hãy đăng nhập để chỉnh sửa",
    ),
}


@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_a_viewer_sees_the_history_but_no_form(db, monkeypatch, viewer):
    setup, secrets, reason = VIEWERS[viewer]
    setup(monkeypatch)
    at = sources_page(**secrets)
    assert any("Lịch sử thay đổi của số liệu 003-17" in m.value for m in at.markdown)
    assert any(reason in c.value for c in at.caption)
    keys = {w.key for w in [*at.button, *at.text_input, *at.number_input]}
    assert not keys & {"fix_save", "withdraw", "fix_reason", "withdraw_reason", "fix_value"}
    assert [b.label for b in at.main.button] == (["Đăng nhập"] if secrets else [])
