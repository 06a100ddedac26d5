"""What the Overview computes once per filter set: the latest reports and the coverage spans."""

import pandas as pd
import pytest

from ui.views import COVERAGE_REPORTS, coverage_spans, latest_sources


def _figures(rows):
    frame = pd.DataFrame(rows, columns=["source_id", "source_published", "period_start", "period_end", "metric"])
    frame["source_title"] = "Title " + frame["source_id"]
    frame["source_publisher"] = "Publisher"
    frame["period_text"] = "năm 2024"
    frame["period_start"] = pd.to_datetime(frame["period_start"])
    frame["period_end"] = pd.to_datetime(frame["period_end"])
    return frame


ROWS = [
    ("b", "2024-01-02", "2023-01-01", "2023-12-31", "cases"),
    ("a", "2024-05-01", "2024-01-01", "2024-04-30", "cases"),
    ("b", "2024-01-02", "2023-01-01", "2023-12-31", "persons_arrested"),
    ("c", "2024-05-01", "2024-01-01", "2024-04-30", "drug_seized"),
    ("a", "2024-05-01", "2024-01-01", "2024-04-30", "persons_arrested"),
    ("b", "2024-01-02", "2023-06-01", "2023-06-30", "cases"),
]


@pytest.mark.parametrize("categorical", [False, True])
def test_latest_sources_newest_first_with_their_figure_counts(categorical):
    frame = _figures(ROWS)
    if categorical:  # as the app loads them (metrics.snapshot.compact)
        frame = frame.astype({c: "category" for c in ["source_id", "source_published", "source_title", "source_publisher"]})
    latest = latest_sources(frame, 2)
    assert latest["source_id"].astype(str).tolist() == ["a", "c"]  # same day: the order they first appear in
    assert latest["n"].tolist() == [2, 1]
    assert latest_sources(frame, 5)["source_id"].astype(str).tolist() == ["a", "c", "b"]


def test_coverage_spans_one_per_report_and_window_with_its_metrics():
    spans, n_reports = coverage_spans(_figures(ROWS), "en")
    assert n_reports == 3
    windows = {(row.source_id, row.start.date().isoformat(), row.n, row.metrics) for row in spans.itertuples()}
    assert windows == {
        ("a", "2024-01-01", 2, "Cases, Persons arrested"),
        ("b", "2023-01-01", 2, "Cases, Persons arrested"),
        ("b", "2023-06-01", 1, "Cases"),
        ("c", "2024-01-01", 1, "Drugs seized"),
    }
    assert (spans["end"] - pd.Timedelta(days=1) == spans["period_end"]).all()  # bars end after their last day


def test_coverage_spans_keep_only_the_most_recent_reports():
    rows = [(f"s{i:03d}", f"2024-{1 + i // 28:02d}-{1 + i % 28:02d}", "2024-01-01", "2024-01-31", "cases")
            for i in range(COVERAGE_REPORTS + 5)]
    spans, n_reports = coverage_spans(_figures(rows), "vi")
    assert n_reports == COVERAGE_REPORTS + 5
    assert sorted(spans["source_id"]) == [f"s{i:03d}" for i in range(5, COVERAGE_REPORTS + 5)]


def test_tables_are_sent_without_categorical_dictionaries():
    from ui.components import without_categories

    frame = pd.DataFrame({"source_title": pd.Categorical(["b", None, "a"], categories=[f"t{i}" for i in range(1000)] + ["a", "b"]),
                          "n": [1, 2, 3]})
    plain = without_categories(frame)
    assert not isinstance(plain["source_title"].dtype, pd.CategoricalDtype)
    assert plain["source_title"].tolist()[0] == "b" and pd.isna(plain["source_title"].tolist()[1])
    assert plain["source_title"].tolist()[2] == "a" and plain["n"].tolist() == [1, 2, 3]
    assert not isinstance(frame["source_title"].dtype, pd.Categorical) and isinstance(frame["source_title"].dtype, pd.CategoricalDtype)


def test_coverage_chart_is_a_plain_vega_lite_spec_over_the_spans():
    from ui.views import coverage_figure

    spans, _n = coverage_spans(_figures(ROWS), "vi")
    data, spec = coverage_figure(spans, "vi")
    assert len(data) == len(spans) and set(data.columns) >= {"lane", "start", "end", "window", "n", "metrics"}
    encoding = spec["encoding"]
    assert (encoding["x"]["field"], encoding["x2"]["field"], encoding["y"]["field"]) == ("start", "end", "lane")
    assert {field["field"] for field in encoding["tooltip"]} <= set(data.columns)
    assert coverage_figure(pd.DataFrame(), "vi") is None
