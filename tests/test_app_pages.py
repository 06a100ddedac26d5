"""Every page through streamlit.testing.v1.AppTest: default and restrictive filters, seed numbers, language, empty states."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from metrics.i18n import PAGES

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 60
DATA_PAGES = ["overview", "trends", "agencies", "drugs", "seizures", "outreach", "export"]
FILES = {path: f"pages/{file}" for path, file, _vi, _en in PAGES}
TITLES = {path: (vi, en) for path, _file, vi, en in PAGES}


def run(page: str = "overview", **params) -> AppTest:
    """The app with ``params`` in its URL, showing ``page``."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != "overview":
        at.switch_page(FILES[page])
        at.run()
    return at


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def metrics_by_label(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("page", list(FILES))
def test_page_renders_with_default_filters_through_app_py(page):
    at = run(page)
    assert_clean(at)
    assert at.title[0].value == TITLES[page][0]
    # the shared sidebar ran too: the page was not run on its own without app.py
    assert {w.key for w in at.sidebar.multiselect} == {"w_country", "w_agency", "w_metric", "w_category"}


@pytest.mark.parametrize("page", list(FILES))
def test_page_renders_with_a_restrictive_filter(page):
    at = run(page, agency="vn-nghean-police", **{"from": "2023-01-01", "to": "2023-12-31"})
    assert_clean(at)
    assert at.sidebar.multiselect(key="w_agency").value == ["vn-nghean-police"]


@pytest.mark.parametrize("page", DATA_PAGES)
def test_empty_result_shows_a_helpful_empty_state(page):
    at = run(page, **{"from": "2019-01-01", "to": "2019-12-31"})
    assert_clean(at)
    assert any("Không có số liệu nào khớp bộ lọc" in info.value for info in at.info)


@pytest.mark.parametrize("page", list(FILES))
def test_english_on_request(page):
    at = run(page, lang="en")
    assert_clean(at)
    assert at.title[0].value == TITLES[page][1]


def test_overview_shows_seed_numbers_in_vietnamese_formatting():
    at = run()
    tiles = metrics_by_label(at)
    assert tiles["Lượt người dự tuyên truyền (lượt người)"] == "852.004"
    assert tiles["Buổi tuyên truyền (buổi)"] == "30.602"
    assert tiles["Ma túy thu giữ (viên)"] == "18.293"
    assert tiles["Nạn nhân được giải cứu (nạn nhân)"] == "119"
    assert tiles["Ma túy thu giữ (kg)"] == "3,68"
    # currency is shown as a USD equivalent, marked as an estimate
    assert tiles["Tiền thu giữ (USD) *"] == "8.340"
    assert any("số liệu từ" in c.value and "nguồn" in c.value for c in at.caption)


def test_overview_in_english_uses_english_separators():
    tiles = metrics_by_label(run(lang="en"))
    assert tiles["Outreach attendances (attendances)"] == "852,004"
    assert tiles["Drugs seized (kg)"] == "3.68"


def test_metric_filter_from_the_url_limits_the_tiles():
    tiles = metrics_by_label(run(metric="outreach_attendees"))
    assert tiles["Lượt người dự tuyên truyền (lượt người)"] == "852.004"
    assert tiles["Buổi tuyên truyền (buổi)"] == "—"


def test_changing_a_sidebar_filter_writes_the_url():
    at = run()
    at.sidebar.multiselect(key="w_metric").select("cases").run()
    assert_clean(at)
    assert at.query_params["metric"] in ("cases", ["cases"])
    assert metrics_by_label(at)["Số vụ (vụ)"] == "152"
    assert metrics_by_label(at)["Lượt người dự tuyên truyền (lượt người)"] == "—"


def test_language_switch_in_the_sidebar():
    at = run()
    at.sidebar.selectbox(key="w_lang").select("en").run()
    assert_clean(at)
    assert at.title[0].value == "Overview"
    assert at.query_params["lang"] in ("en", ["en"])


def test_filters_survive_a_page_switch():
    at = run()
    at.sidebar.multiselect(key="w_metric").select("outreach_attendees").run()
    at.switch_page(FILES["outreach"])
    at.run()
    assert_clean(at)
    assert at.sidebar.multiselect(key="w_metric").value == ["outreach_attendees"]
    assert [m.value for m in at.metric] == ["—", "852.004", "—"]


def test_windows_sticking_out_are_left_out_by_default_and_listed():
    at = run(**{"from": "2024-01-01", "to": "2024-12-31"})
    assert_clean(at)
    assert any("Không có số liệu nào khớp bộ lọc" in info.value for info in at.info)
    assert any(e.label.startswith("Số liệu bị loại ra") for e in at.expander)


def test_prorate_rule_counts_a_share_and_marks_it_an_estimate():
    at = run(rule="prorate", **{"from": "2024-01-01", "to": "2024-12-31"})
    assert_clean(at)
    tiles = metrics_by_label(at)
    # 366 of the 998 days of 2023-01-01..2025-09-24 fall in 2024
    assert tiles["Lượt người dự tuyên truyền (lượt người) *"] == "312.458,38"
    assert any("chia theo số ngày" in c.value for c in at.caption)


def test_bad_values_in_the_link_are_ignored_with_a_warning():
    at = run(agency="no-such-agency", **{"from": "not-a-date"})
    assert_clean(at)
    assert at.sidebar.warning and "no-such-agency" in at.sidebar.warning[0].value
    assert metrics_by_label(at)["Lượt người dự tuyên truyền (lượt người)"] == "852.004"


def test_trends_per_month_rate_goes_into_the_url():
    at = run("trends")
    at.toggle(key="trends_rate").set_value(True).run()
    assert_clean(at)
    assert at.query_params["rate"] in ("month", ["month"])


def test_drugs_page_uses_the_analysts_assumptions():
    at = run("drugs")
    assert any("350 g/bánh heroin; 0,1 g/viên" in i.value for i in at.info)
    at.number_input(key="drugs_brick").set_value(700.0).run()
    assert_clean(at)
    assert any("700 g/bánh heroin" in i.value for i in at.info)
    assert at.query_params["g_brick"] in ("700", ["700"])
    table = at.dataframe[0].value
    heroin = table[table.iloc[:, 0] == "heroin"]
    # 10 bricks x 700 g = 7 kg, marked as an estimate
    assert "7 *" in set(heroin.iloc[:, 2])


def test_sources_page_opens_the_linked_figure():
    at = run("sources", source="003_b927c23a097a318e", figure="003-19")
    assert_clean(at)
    assert at.selectbox(key="sources_pick").value == "003_b927c23a097a318e"
    assert any("003-19" in s.value and "lượt người" in s.value for s in at.success)


def test_export_page_offers_three_downloads():
    at = run("export")
    assert_clean(at)
    assert at.checkbox(key="export_bom").value is True
    table = at.dataframe[0].value
    assert "852.004" in set(table.iloc[:, 4])


def test_a_failing_page_shows_a_sentence_not_a_traceback(monkeypatch):
    import metrics.headlines

    def broken(_frame):
        raise RuntimeError("internal detail that must not reach the page")

    monkeypatch.setattr(metrics.headlines, "headline_tiles", broken)
    at = run()
    assert not at.exception
    assert len(at.error) == 1 and "Trang này gặp lỗi khi hiển thị" in at.error[0].value
    assert "internal detail" not in at.error[0].value


@pytest.fixture
def fresh_caches():
    from ui import data

    caches = [data.revision, data.store, data._bundle, data._registry, data._figures, data._selection, data._source_text]
    for cache in caches:
        cache.clear()
    yield
    for cache in caches:
        cache.clear()


def test_unreadable_data_is_explained(monkeypatch, tmp_path, fresh_caches):
    monkeypatch.setenv("BORDER_METRICS_BUNDLE", str(tmp_path / "nowhere"))
    at = run()
    assert not at.exception
    assert any("Không đọc được dữ liệu" in e.value and "sources.csv" in e.value for e in at.error)


def test_period_presets_and_a_custom_range_write_the_url():
    at = run()
    at.sidebar.selectbox(key="w_period").select("2025").run()
    assert_clean(at)
    assert at.query_params["from"] in ("2025-01-01", ["2025-01-01"])
    assert at.query_params["to"] in ("2025-12-31", ["2025-12-31"])
    at.sidebar.selectbox(key="w_period").select("custom").run()
    assert_clean(at)
    at.sidebar.date_input(key="w_dates").set_value((date(2023, 1, 1), date(2025, 12, 31))).run()
    assert_clean(at)
    assert at.query_params["from"] in ("2023-01-01", ["2023-01-01"])
    assert metrics_by_label(at)["Lượt người dự tuyên truyền (lượt người)"] == "852.004"


def test_a_link_with_custom_dates_opens_the_custom_range():
    at = run(**{"from": "2023-01-01", "to": "2025-12-31"})
    assert_clean(at)
    assert at.sidebar.selectbox(key="w_period").value == "custom"
    assert at.sidebar.date_input(key="w_dates").value == (date(2023, 1, 1), date(2025, 12, 31))


def test_predecessors_control_names_the_units_included_and_goes_into_the_url():
    """Quảng Ngãi's Border Guard took over Kon Tum's on 1 July 2025: the sidebar can include Kon Tum, saying so."""
    at = run(agency="vn-bdbp-quangngai")
    assert_clean(at)
    box = at.sidebar.checkbox(key="w_predecessors")
    assert box.value is False and "predecessors" not in at.query_params
    box.check().run()
    assert_clean(at)
    assert at.query_params["predecessors"] in ("1", ["1"])
    assert at.session_state["view"].filters.with_predecessors
    captions = [c.value for c in at.sidebar.caption]
    assert any("Bộ Chỉ huy Bộ đội Biên phòng tỉnh Kon Tum" in c and "tiền thân" in c for c in captions), captions


def test_predecessors_from_a_shared_link_in_english():
    at = run(agency="vn-bdbp-quangngai", predecessors="1", lang="en")
    assert_clean(at)
    assert at.sidebar.checkbox(key="w_predecessors").value is True
    assert any("Kon Tum Border Guard Command" in c.value for c in at.sidebar.caption)
    at.sidebar.multiselect(key="w_agency").unselect("vn-bdbp-quangngai").run()
    assert_clean(at)
    assert not at.sidebar.checkbox and "predecessors" not in at.query_params
