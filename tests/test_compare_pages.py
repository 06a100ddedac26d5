"""Year-on-year on the pages (AppTest): Trends' comparison and year-by-year views, Overview's tile changes, Export's briefing.

The app reads the invented two-year archive (tests/compare_archive.py) as a bundle directory.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from compare_archive import archive, stated_store
from metrics.synth import write_bundle

APP = str(Path(__file__).resolve().parent.parent / "app.py")
YEAR_2025 = {"from": "2025-01-01", "to": "2025-12-31"}


@pytest.fixture(scope="module", autouse=True)
def archive_app(tmp_path_factory):
    """The app on the archive; the shared caches emptied before and after (they are keyed by revision, 0 for any bundle)."""
    directory = write_bundle(archive(), tmp_path_factory.mktemp("archive"), texts=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BORDER_METRICS_BUNDLE", str(directory))
        st.cache_resource.clear()
        st.cache_data.clear()
        yield
    st.cache_resource.clear()
    st.cache_data.clear()


def run(page: str, **params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != "overview":
        at.switch_page(f"pages/{page}.py")
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _table(at: AppTest, *columns: str):
    """The page's table whose first columns are ``columns``."""
    return next(frame.value for frame in at.dataframe if list(frame.value.columns[:len(columns)]) == list(columns))


def test_trends_compares_the_period_with_the_same_period_a_year_earlier():
    at = run("trends", **YEAR_2025)
    table = _table(at, "Cơ quan", "Chỉ số", "Đơn vị", "2025", "2024")
    everyone = table[table["Cơ quan"] == "Tất cả đơn vị"].iloc[0]
    assert (everyone["2025"], everyone["2024"], everyone["Chênh lệch"], everyone["Thay đổi (%)"]) == ("110", "100", "+10", "+10,0%")
    assert len(table) == 4  # all units, then the three provinces


def test_trends_without_a_period_shows_each_year_against_the_year_before_on_request():
    at = run("trends")
    assert not any(list(frame.value.columns[:2]) == ["Năm", "Giá trị"] for frame in at.dataframe)  # not built until opened
    at.session_state["trends_yoy_open"] = True
    at.run()
    years = _table(at, "Năm", "Giá trị")
    assert list(years["Năm"]) == ["2024", "2025"]
    assert list(years["Thay đổi (%)"]) == ["—", "10,0%"]
    assert years["Ghi chú"].iloc[0] == "2023: không có số liệu."


def test_overview_tiles_show_the_change_only_when_fair():
    at = run("overview", lang="en", **YEAR_2025)
    cases = next(m for m in at.metric if m.label.startswith("Cases"))
    assert cases.value == "110" and cases.proto.delta == "+10.0%"
    drugs = next(m for m in at.metric if m.label.startswith("Drugs seized (kg)"))
    assert not drugs.proto.delta
    assert any("Not compared with 2024: 2025 has only a tally to Jun 30, 2025" in c.value for c in at.caption)


def test_export_offers_the_briefing_only_for_a_period():
    with_period = run("export", **YEAR_2025)
    assert "Tải Báo cáo (.docx)" in [button.proto.label for button in with_period.get("download_button")]
    without = run("export")
    assert any("Báo cáo (.docx) cần một kỳ" in c.value for c in without.caption)


def run_on(page: str, environment: dict[str, str], **params) -> AppTest:
    """``run`` with the app's data elsewhere (a store, another bundle directory), its caches emptied around it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("BORDER_METRICS_BUNDLE")
        for key, value in environment.items():
            patch.setenv(key, value)
        st.cache_resource.clear()
        st.cache_data.clear()
        at = run(page, **params)
    st.cache_resource.clear()
    st.cache_data.clear()
    return at


@pytest.mark.parametrize("reads", ["store", "bundle directory"])
def test_trends_shows_a_reports_stated_change_beside_the_archive(tmp_path, reads):
    """The same check whether the app reads the store or the bundle exported from it (regression: in a bundle
    directory Trends had no stated changes, although the bundle carries data/stated_changes.csv)."""
    store = stated_store(tmp_path / "stated.sqlite")
    environment = ({"BORDER_METRICS_DB": str(tmp_path / "stated.sqlite")} if reads == "store" else
                   {"BORDER_METRICS_BUNDLE": str(store.export_bundle(tmp_path / "bundle"))})
    at = run_on("trends", environment, **YEAR_2025)
    stated = _table(at, "Trích dẫn", "Báo cáo nói")
    rows = dict(zip(stated["Trích dẫn"], zip(stated["Đối chiếu"], stated["Ghi chú"])))
    assert rows["tăng 12 vụ"] == ("khớp", "")
    assert rows["tăng 50%"][0] == "không kiểm tra được" and rows["tăng 50%"][1] == "2024: không có số liệu."
