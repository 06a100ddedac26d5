"""The period rule, the overlap rule and summaries, on hand-made figures and on the seeds."""

from datetime import date

import pandas as pd
import pytest

from metrics.aggregate import Filters, per_month_rate, select, summary


def make(rows):
    """Figures frame from (id, agency, counterpart, metric, category, value, unit_norm, start, end)."""
    frame = pd.DataFrame(
        rows,
        columns=["figure_id", "agency_id", "counterpart_id", "metric", "category", "value_norm", "unit_norm",
                 "period_start", "period_end"],
    )
    frame["period_start"] = pd.to_datetime(frame["period_start"])
    frame["period_end"] = pd.to_datetime(frame["period_end"])
    frame["window_days"] = (frame["period_end"] - frame["period_start"]).dt.days + 1
    frame["source_id"] = "s-" + frame["figure_id"]
    frame["country"] = "VN"
    frame["estimated_kg"] = float("nan")
    frame["usd_equivalent"] = float("nan")
    frame["restates_figure_id"] = ""
    return frame


def test_overlapping_windows_are_never_summed():
    frame = make([
        ("a", "vn-bdbp", "", "cases", "all_crime", 100, "case", "2024-01-01", "2024-12-31"),
        ("b", "vn-bdbp", "", "cases", "all_crime", 60, "case", "2024-01-01", "2024-06-30"),
    ])
    selection = select(frame, Filters())
    assert list(selection.included["figure_id"]) == ["a"]
    assert list(selection.left_out["figure_id"]) == ["b"]
    assert selection.left_out.iloc[0]["kept_figure_id"] == "a"
    assert "overlaps" in selection.left_out.iloc[0]["reason"]
    assert summary(selection)["value"].tolist() == [100]


def test_adjacent_windows_are_summed():
    frame = make([
        ("h1", "vn-bdbp", "", "cases", "all_crime", 40, "case", "2024-01-01", "2024-06-30"),
        ("h2", "vn-bdbp", "", "cases", "all_crime", 50, "case", "2024-07-01", "2024-12-31"),
    ])
    assert summary(select(frame, Filters()))["value"].tolist() == [90]


def test_a_chain_of_overlaps_counts_once():
    frame = make([
        ("a", "vn-bdbp", "", "cases", "all_crime", 10, "case", "2024-01-01", "2024-04-30"),
        ("b", "vn-bdbp", "", "cases", "all_crime", 30, "case", "2024-03-01", "2024-09-30"),
        ("c", "vn-bdbp", "", "cases", "all_crime", 20, "case", "2024-09-01", "2024-10-31"),
    ])
    selection = select(frame, Filters())
    assert list(selection.included["figure_id"]) == ["b"]
    assert sorted(selection.left_out["figure_id"]) == ["a", "c"]


@pytest.mark.parametrize(
    "other",
    [
        ("x", "vn-nghean-police", "", "cases", "all_crime", 5, "case", "2024-01-01", "2024-12-31"),
        ("x", "vn-bdbp", "la-pgd", "cases", "all_crime", 5, "case", "2024-01-01", "2024-12-31"),
        ("x", "vn-bdbp", "", "persons_arrested", "all_crime", 5, "person", "2024-01-01", "2024-12-31"),
        ("x", "vn-bdbp", "", "cases", "drug_trafficking", 5, "case", "2024-01-01", "2024-12-31"),
    ],
    ids=["other agency", "other counterpart", "other metric", "other category"],
)
def test_overlap_rule_applies_only_within_the_same_keys(other):
    frame = make([("a", "vn-bdbp", "", "cases", "all_crime", 100, "case", "2024-01-01", "2024-12-31"), other])
    assert len(select(frame, Filters()).included) == 2


def test_units_never_mix_in_a_summary():
    frame = make([
        ("bricks", "vn-bdbp", "", "drug_seized", "heroin", 10, "brick", "2024-01-01", "2024-12-31"),
        ("grams", "vn-bdbp", "", "drug_seized", "heroin", 0.0967, "kg", "2024-01-01", "2024-12-31"),
    ])
    table = summary(select(frame, Filters()), by=["metric", "category"])
    assert sorted(zip(table["unit_norm"], table["value"])) == [("brick", 10), ("kg", 0.0967)]


def test_window_sticking_out_is_left_out_by_default_and_listed():
    frame = make([
        ("in", "vn-bdbp", "", "cases", "all_crime", 10, "case", "2024-02-01", "2024-02-29"),
        ("out", "vn-bdbp", "", "victims_rescued", "human_trafficking", 12, "victim", "2023-07-01", "2024-06-30"),
        ("far", "vn-bdbp", "", "cases", "all_crime", 99, "case", "2020-01-01", "2020-12-31"),
    ])
    selection = select(frame, Filters(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31)))
    assert list(selection.included["figure_id"]) == ["in"]
    assert list(selection.left_out["figure_id"]) == ["out"]
    assert selection.left_out.iloc[0]["reason"] == "reporting window sticks out of the period"


def test_prorating_by_days_is_an_estimate():
    frame = make([("out", "vn-bdbp", "", "victims_rescued", "human_trafficking", 366, "victim", "2023-07-01", "2024-06-30")])
    selection = select(frame, Filters(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31), outside_rule="prorate"))
    row = selection.included.iloc[0]
    assert row["share"] == pytest.approx(182 / 366)
    assert bool(row["prorated"])
    table = summary(selection)
    assert table["value"].iloc[0] == pytest.approx(182)
    assert bool(table["estimate"].iloc[0])


def test_open_window_cannot_be_placed_in_a_bounded_period():
    frame = make([("open", "vn-nghean-police", "", "facilities_built", "village_police_post", 21, "facility", None, "2023-07-05")])
    assert len(select(frame, Filters()).included) == 1
    selection = select(frame, Filters(date_from=date(2023, 1, 1), outside_rule="prorate"))
    assert selection.included.empty
    assert "no start" in selection.left_out.iloc[0]["reason"]


def test_restated_figures_are_counted_once():
    frame = make([
        ("packs", "vn-bdbp", "", "drug_seized", "synthetic_drugs", 4405, "package", "2024-01-01", "2024-01-01"),
        ("pills", "vn-bdbp", "", "drug_seized", "synthetic_drugs", 8_810_000, "tablet", "2024-01-01", "2024-01-01"),
    ])
    frame.loc[1, "restates_figure_id"] = "packs"
    selection = select(frame, Filters())
    assert list(selection.included["figure_id"]) == ["packs"]
    assert selection.left_out.iloc[0]["reason"] == "restates figure packs"


def test_agency_filter_includes_sub_units(seed_figures, bundle):
    la = select(seed_figures, Filters(agencies=("vn-mps",)), bundle.registry)
    assert set(la.included["agency_id"]) == {"vn-nghean-police"}
    assert len(select(seed_figures, Filters(agencies=("vn-mond",)), bundle.registry).included) == 19


def test_country_metric_and_category_filters(seed_figures, bundle):
    selection = select(seed_figures, Filters(countries=("VN",), metrics=("drug_seized",), categories=("heroin",)), bundle.registry)
    assert sorted(selection.included["figure_id"]) == ["003-05", "003-06"]
    assert select(seed_figures, Filters(countries=("LA",)), bundle.registry).included.empty


def test_seed_summary_keeps_credited_and_partner_roles_apart(seed_figures, bundle):
    table = summary(select(seed_figures, Filters(), bundle.registry)).set_index(["counterpart_id", "metric"])
    assert table.loc[("", "cases"), "value"] == 128
    assert table.loc[("la-functional-forces", "cases"), "value"] == 24
    assert table.loc[("la-pgd", "outreach_attendees"), "value"] == 852_004


def test_per_month_rate_normalises_window_length():
    frame = make([
        ("year", "vn-bdbp", "", "cases", "all_crime", 120, "case", "2023-01-01", "2023-12-31"),
        ("month", "vn-bdbp", "", "cases", "all_crime", 10, "case", "2024-01-01", "2024-01-31"),
    ])
    rates = per_month_rate(frame)
    assert rates.iloc[0] == pytest.approx(120 / (365 / (365.25 / 12)))
    assert rates.iloc[1] == pytest.approx(10 / (31 / (365.25 / 12)))


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"outside_rule": "sum"}, "outside_rule must be one of"),
        ({"date_from": date(2025, 1, 1), "date_to": date(2024, 1, 1)}, "starts (2025-01-01) after it ends"),
    ],
)
def test_bad_filters_are_refused_with_a_sentence(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Filters(**kwargs)


def test_left_out_count_and_head_agree_with_the_built_list():
    frame = make([
        ("a", "vn-bdbp", "", "cases", "all_crime", 100, "case", "2024-01-01", "2024-12-31"),
        ("b", "vn-bdbp", "", "cases", "all_crime", 60, "case", "2024-01-01", "2024-06-30"),
        ("c", "vn-bdbp", "", "persons_arrested", "", 7, "person", "2023-06-01", "2024-03-31"),
        ("d", "vn-bdbp", "", "persons_arrested", "", 5, "person", "2024-02-01", "2024-02-29"),
    ])
    selection = select(frame, Filters(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31)))
    persons = lambda f: f["metric"] == "persons_arrested"  # noqa: E731
    assert selection.left_out_count() == 2 == selection.n_left_out
    assert selection.left_out_count(persons) == 1
    assert selection.left_out_head(5, persons)["figure_id"].tolist() == ["c"]
    assert sorted(selection.left_out["figure_id"]) == ["b", "c"]
    assert selection.left_out_count() == 2  # the same once the list is built


def test_a_period_that_cuts_an_overlap_cluster_gives_the_rest_their_own_winner():
    """On a frame with its precomputed overlap index (as the app loads it), a cluster the period cuts is worked out again."""
    from metrics.snapshot import compact

    frame = compact(make([
        ("a", "vn-bdbp", "", "cases", "all_crime", 100, "case", "2024-01-01", "2024-12-31"),
        ("b", "vn-bdbp", "", "cases", "all_crime", 60, "case", "2024-03-01", "2024-04-30"),
        ("c", "vn-bdbp", "", "cases", "all_crime", 20, "case", "2024-04-15", "2024-05-31"),
    ]))
    whole_year = select(frame, Filters(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31)))
    assert whole_year.included["figure_id"].tolist() == ["a"]
    assert whole_year.left_out.set_index("figure_id")["kept_figure_id"].to_dict() == {"b": "a", "c": "a"}
    spring = select(frame, Filters(date_from=date(2024, 2, 1), date_to=date(2024, 6, 30)))
    assert spring.included["figure_id"].tolist() == ["b"]
    assert spring.left_out.set_index("figure_id")["kept_figure_id"].to_dict() == {"a": "", "c": "b"}


def test_left_out_rows_carry_their_own_share():
    """Under pro-rating, a loser of the overlap rule is listed with the share it would have had."""
    frame = make([
        ("w", "vn-bdbp", "", "cases", "all_crime", 100, "case", "2023-07-01", "2024-06-30"),  # 182 of 366 days in 2024
        ("l", "vn-bdbp", "", "cases", "all_crime", 60, "case", "2023-10-01", "2024-03-31"),  # 91 of 183 days
        ("o", "vn-bdbp", "", "persons_arrested", "", 5, "person", None, "2024-02-29"),  # open start: left out
        ("r", "vn-bdbp", "", "persons_arrested", "", 9, "person", "2024-01-01", "2024-01-31"),
        ("x", "vn-bdbp", "", "persons_arrested", "", 9, "person", "2024-01-01", "2024-01-31"),
    ])
    frame.loc[frame["figure_id"] == "x", "restates_figure_id"] = "r"
    selection = select(frame, Filters(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31), outside_rule="prorate"))
    left = selection.left_out.set_index("figure_id")
    assert sorted(left.index) == ["l", "o", "x"]
    assert left.loc["l", "share"] == pytest.approx(91 / 183) and bool(left.loc["l", "prorated"])
    assert left.loc["o", "share"] == 1.0 and not left.loc["o", "prorated"]
    assert left.loc["x", "share"] == 1.0 and left.loc["x", "kept_figure_id"] == "r"
    included = selection.included.set_index("figure_id")
    assert included.loc["w", "share"] == pytest.approx(182 / 366)
    assert selection.left_out_head(1, start=2)["figure_id"].tolist() == [selection.left_out["figure_id"].iloc[2]]
