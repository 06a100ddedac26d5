"""metrics.compare: a period beside the same period a year earlier, only where fair (archive: tests/compare_archive.py)."""

from datetime import date

import numpy as np
import pytest

from compare_archive import archive
from metrics.aggregate import Filters
from metrics.compare import compare_periods, period_bounds, period_label, year_earlier
from metrics.figures import figures_from_bundle

QT, NA, HT = "vn-test-bdbp-qt", "vn-test-bdbp-na", "vn-test-bdbp-ht"
QT_NAME = "Bộ Chỉ huy BĐBP tỉnh Quảng Trị (thử)"


@pytest.fixture(scope="module")
def three_provinces():
    bundle = archive()
    return figures_from_bundle(bundle), bundle.registry


@pytest.fixture(scope="module")
def five_provinces():
    bundle = archive(with_newcomers=True)
    return figures_from_bundle(bundle), bundle.registry


def _compare(archive_pair, start, end, language="vi", **filters):
    figures, registry = archive_pair
    return compare_periods(figures, Filters(date_from=start, date_to=end, **filters), registry, language)


def _row(frame, metric, agency_id=""):
    rows = frame[(frame["metric"] == metric) & (frame["agency_id"] == agency_id)]
    assert len(rows) == 1, f"{metric}/{agency_id or 'all'}: {len(rows)} rows"
    return rows.iloc[0]


@pytest.mark.parametrize("kind, number, expected", [
    ("year", 1, (date(2025, 1, 1), date(2025, 12, 31))),
    ("half", 2, (date(2025, 7, 1), date(2025, 12, 31))),
    ("quarter", 1, (date(2025, 1, 1), date(2025, 3, 31))),
    ("month", 2, (date(2025, 2, 1), date(2025, 2, 28))),
])
def test_period_bounds(kind, number, expected):
    assert period_bounds(kind, 2025, number) == expected


@pytest.mark.parametrize("start, end, expected", [
    (date(2025, 1, 1), date(2025, 6, 30), (date(2024, 1, 1), date(2024, 6, 30))),
    (date(2025, 2, 1), date(2025, 2, 28), (date(2024, 2, 1), date(2024, 2, 29))),  # a month's last day stays its last
    (date(2024, 2, 29), date(2024, 3, 10), (date(2023, 2, 28), date(2023, 3, 10))),
    (date(2025, 3, 15), date(2025, 9, 14), (date(2024, 3, 15), date(2024, 9, 14))),
])
def test_year_earlier(start, end, expected):
    assert year_earlier(start, end) == expected


@pytest.mark.parametrize("start, end, vi, en", [
    (date(2025, 1, 1), date(2025, 12, 31), "2025", "2025"),
    (date(2025, 1, 1), date(2025, 6, 30), "6 tháng đầu năm 2025", "first half of 2025"),
    (date(2025, 7, 1), date(2025, 9, 30), "quý III/2025", "Q3 2025"),
    (date(2025, 3, 1), date(2025, 3, 31), "tháng 3/2025", "March 2025"),
    (date(2025, 3, 15), date(2025, 9, 14), "15/03/2025 – 14/09/2025", "Mar 15, 2025 – Sep 14, 2025"),
])
def test_period_label(start, end, vi, en):
    assert (period_label(start, end, "vi"), period_label(start, end, "en")) == (vi, en)


# (period, metric, current, previous) where both periods are covered alike: difference and percent computed.
FAIR = [
    ((date(2025, 1, 1), date(2025, 12, 31)), "cases", 110, 100),  # three provinces' year tallies; the halves inside them not added
    ((date(2025, 1, 1), date(2025, 6, 30)), "cases", 27 + 12 + 6, 18 + 16 + 4),  # halves, and Hà Tĩnh's February in both
    ((date(2025, 2, 1), date(2025, 2, 28)), "cases", 6, 4),  # 28 days against 29: the same month
    ((date(2025, 1, 1), date(2025, 3, 31)), "cases", 6, 4),
]


@pytest.mark.parametrize("period, metric, current, previous", FAIR)
def test_fair_comparisons_are_computed(three_provinces, period, metric, current, previous):
    row = _row(_compare(three_provinces, *period).headline, metric)
    assert row["fair"], row["reason"]
    assert (row["current"], row["previous"]) == (current, previous)
    assert row["difference"] == current - previous
    assert row["percent"] == pytest.approx((current - previous) / previous * 100)
    assert row["reason"] == ""


# (period, metric, the one sentence why) where the comparison is not fair.
UNFAIR = [
    ((date(2025, 1, 1), date(2025, 12, 31)), "persons_arrested",
     f"2025 chỉ có số liệu lũy kế đến 30/09/2025 ({QT_NAME})."),
    ((date(2025, 1, 1), date(2025, 12, 31)), "drug_seized",
     f"2025 chỉ có số liệu lũy kế đến 30/06/2025 ({QT_NAME})."),
    ((date(2025, 1, 1), date(2025, 12, 31)), "victims_rescued",
     "Kỳ báo cáo không khớp (Bộ Chỉ huy BĐBP tỉnh Nghệ An (thử)): 2024 gồm 02/03/2024; 2025 gồm 14/05/2025, 09/08/2025."),
    ((date(2025, 1, 1), date(2025, 6, 30)), "drug_seized", "6 tháng đầu năm 2024: không có số liệu."),
]


@pytest.mark.parametrize("period, metric, reason", UNFAIR)
def test_unfair_comparisons_are_explained_never_a_percentage(three_provinces, period, metric, reason):
    row = _row(_compare(three_provinces, *period).headline, metric)
    assert not row["fair"]
    assert row["reason"] == reason
    assert np.isnan(row["difference"]) and np.isnan(row["percent"])


def test_both_values_stay_shown_when_unfair(three_provinces):
    row = _row(_compare(three_provinces, date(2025, 1, 1), date(2025, 12, 31)).headline, "drug_seized")
    assert (row["current"], row["previous"]) == (9, 12.5)


def test_more_provinces_in_one_year_is_not_a_change(five_provinces):
    result = _compare(five_provinces, date(2025, 1, 1), date(2025, 12, 31))
    row = _row(result.headline, "cases")
    assert not row["fair"] and np.isnan(row["percent"])
    assert row["reason"] == ("2024: 3 tỉnh báo cáo; 2025: 5 tỉnh (thêm Bộ Chỉ huy BĐBP tỉnh Quảng Bình (thử), "
                             "Bộ Chỉ huy BĐBP tỉnh Thanh Hóa (thử)).")
    assert row["current"] == 150 and row["previous"] == 100
    # per province, those that reported both years still compare
    quang_tri = _row(result.by_agency, "cases", QT)
    assert quang_tri["fair"] and (quang_tri["current"], quang_tri["previous"], quang_tri["percent"]) == (52, 40, 30)
    newcomer = _row(result.by_agency, "cases", "vn-test-bdbp-qb")
    assert not newcomer["fair"] and newcomer["reason"] == "2024: không có số liệu."


def test_reasons_in_english(five_provinces):
    result = _compare(five_provinces, date(2025, 1, 1), date(2025, 12, 31), language="en")
    assert _row(result.headline, "cases")["reason"] == (
        "2024: 3 provinces reported; 2025: 5 provinces (added: Quang Binh Border Guard (test), Thanh Hoa Border Guard (test)).")
    assert _row(result.headline, "drug_seized")["reason"] == "2025 has only a tally to Jun 30, 2025 (Quang Tri Border Guard (test))."


def test_per_agency_rows_add_up_to_the_headline_when_fair(three_provinces):
    result = _compare(three_provinces, date(2025, 1, 1), date(2025, 12, 31))
    cases = result.by_agency[result.by_agency["metric"] == "cases"]
    assert set(cases["agency_id"]) == {QT, NA, HT}
    assert cases["current"].sum() == _row(result.headline, "cases")["current"]
    assert cases["fair"].all()


def test_agency_filter_narrows_both_periods(three_provinces):
    row = _row(_compare(three_provinces, date(2025, 1, 1), date(2025, 12, 31), agencies=(NA,)).headline, "cases")
    assert (row["current"], row["previous"], row["fair"]) == (30, 35, True)
    assert row["percent"] == pytest.approx(-100 * 5 / 35)


def test_a_period_is_needed(three_provinces):
    with pytest.raises(ValueError, match="cùng kỳ năm trước"):
        _compare(three_provinces, None, None)


# A report's stated change, read by the extractor, beside the change the archive computes for its figure.
# (sentence, archive figure it qualifies, status, note)
STATED = [
    ("Trong 6 tháng đầu năm 2025, Bộ Chỉ huy BĐBP tỉnh Quảng Trị đã bắt giữ 27 vụ, tăng 9 vụ so với cùng kỳ năm 2024.",
     "t009-01", "agrees", ""),
    ("Trong 6 tháng đầu năm 2025, Bộ Chỉ huy BĐBP tỉnh Quảng Trị đã bắt giữ 27 vụ, tăng 80% so với cùng kỳ.",
     "t009-01", "disagrees", "Báo cáo nói +80%; lưu trữ tính được 50,0% (cùng kỳ năm trước: 18)."),
    ("Năm 2025, Bộ Chỉ huy BĐBP tỉnh Quảng Trị đã bắt giữ 52 vụ, tăng 12 vụ so với năm 2024.", "t004-01", "agrees", ""),
    ("9 tháng đầu năm 2025, Bộ Chỉ huy BĐBP tỉnh Quảng Trị bắt 45 đối tượng, giảm 3 đối tượng so với cùng kỳ.",
     "t012-01", "unchecked", "01/01/2024 – 30/09/2024: không có số liệu."),  # 2024 has only a whole year
    ("Năm 2025, Bộ Chỉ huy BĐBP tỉnh Quảng Trị đã bắt giữ 52 vụ, tăng 12 vụ.", "t004-01", "unchecked",
     "Báo cáo không nói so với kỳ nào: không kiểm tra được."),
]


@pytest.mark.parametrize("sentence, figure_id, status, note", STATED)
def test_stated_changes_are_cross_checked(three_provinces, sentence, figure_id, status, note):
    import pandas as pd

    from metrics.compare import check_stated_changes
    from metrics.extract import extract
    from metrics.extract.changes import change_rows

    figures, registry = three_provinces
    extraction = extract(sentence, date(2025, 12, 31))
    assert len(extraction.changes) == 1 and extraction.changes[0].figure is not None
    stored_ids = [figure_id]  # the one figure of the sentence is the archive's figure_id
    changes = pd.DataFrame(change_rows(extraction.changes, stored_ids)).assign(change_id="c1", source_id="s1")
    checked = check_stated_changes(changes, figures, registry, "vi").iloc[0]
    assert (checked["status"], checked["note"]) == (status, note)


def test_per_province_rows(five_provinces):
    from metrics.compare import province_name, province_of

    figures, registry = five_provinces
    result = _compare(five_provinces, date(2025, 1, 1), date(2025, 12, 31))
    cases = result.by_province[result.by_province["metric"] == "cases"].set_index("province")
    quang_tri = province_of(QT, registry)
    assert quang_tri in ("VN-25", QT)  # the ISO code once the registry has one, else the provincial unit
    assert "Quảng Trị" in province_name(quang_tri, registry, "vi")
    assert (cases.loc[quang_tri, "current"], cases.loc[quang_tri, "previous"], cases.loc[quang_tri, "percent"]) == (52, 40, 30)
    assert len(cases) == 5 and cases["current"].sum() == 150
    assert province_of("vn-bdbp", registry) == ""


def test_year_by_year(three_provinces):
    from metrics.compare import year_by_year

    figures, registry = three_provinces
    years = year_by_year(figures, Filters(), "cases", "case", registry).set_index("year")
    assert list(years.index) == [2024, 2025]
    assert years.loc[2025, ["current", "previous", "difference"]].tolist() == [110, 100, 10] and years.loc[2025, "fair"]
    assert years.loc[2024, "reason"] == "2023: không có số liệu." and years.loc[2024, "current"] == 100
