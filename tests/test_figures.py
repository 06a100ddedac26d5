"""Every seed figure, asserted exactly: value, normalised value and unit, window, agency."""

from datetime import date

import pandas as pd
import pytest

from metrics.figures import Assumptions, figures_from_bundle

PUBLISHED_003 = "2025-09-24"
LA = "la-functional-forces"
# figure_id: metric, category, value_norm, unit_norm, period_start, period_end, agency, counterpart
EXPECTED = {
    "003-01": ("cases", "all_crime", 128, "case", "2023-10-01", PUBLISHED_003, "vn-bdbp", ""),
    "003-02": ("persons_arrested", "all_crime", 512, "person", "2023-10-01", PUBLISHED_003, "vn-bdbp", ""),
    "003-03": ("cases", "all_crime", 24, "case", "2023-01-01", PUBLISHED_003, LA, "vn-bdbp"),
    "003-04": ("persons_arrested", "all_crime", 37, "person", "2023-01-01", PUBLISHED_003, LA, "vn-bdbp"),
    "003-05": ("drug_seized", "heroin", 10, "brick", "2023-01-01", PUBLISHED_003, LA, "vn-bdbp"),
    "003-06": ("drug_seized", "heroin", 0.0967, "kg", "2023-01-01", PUBLISHED_003, LA, "vn-bdbp"),
    "003-07": ("drug_seized", "synthetic_drugs", 18293, "tablet", "2023-01-01", PUBLISHED_003, LA, "vn-bdbp"),
    "003-08": ("drug_seized", "opium_resin", 1.33, "kg", "2023-01-01", PUBLISHED_003, LA, "vn-bdbp"),
    "003-09": ("drug_seized", "crystal_meth", 1.0, "kg", "2023-01-01", PUBLISHED_003, LA, "vn-bdbp"),
    "003-10": ("drug_seized", "ketamine", 1.25, "kg", "2023-01-01", PUBLISHED_003, LA, "vn-bdbp"),
    "003-11": ("weapon_seized", "firearm", 7, "firearm", "2023-01-01", PUBLISHED_003, LA, "vn-bdbp"),
    "003-12": ("ammunition_seized", "ammunition", 28, "round", "2023-01-01", PUBLISHED_003, LA, "vn-bdbp"),
    "003-13": ("vehicle_seized", "motorbike", 8, "vehicle", "2023-01-01", PUBLISHED_003, LA, "vn-bdbp"),
    "003-14": ("phone_seized", "mobile_phone", 15, "phone", "2023-01-01", PUBLISHED_003, LA, "vn-bdbp"),
    "003-15": ("currency_seized", "VND", 71_900_000, "VND", "2023-01-01", PUBLISHED_003, LA, "vn-bdbp"),
    "003-16": ("currency_seized", "LAK", 103_004_000, "LAK", "2023-01-01", PUBLISHED_003, LA, "vn-bdbp"),
    "003-17": ("victims_rescued", "human_trafficking", 119, "victim", "2023-01-01", PUBLISHED_003, LA, "vn-bdbp"),
    "003-18": ("outreach_sessions", "legal_outreach", 30_602, "session", "2023-01-01", PUBLISHED_003, "vn-bdbp", "la-pgd"),
    "003-19": ("outreach_attendees", "legal_outreach", 852_004, "attendance", "2023-01-01", PUBLISHED_003, "vn-bdbp", "la-pgd"),
    "004-01": ("facilities_built", "village_police_post", 21, "facility", None, "2023-07-05", "vn-nghean-police", ""),
    "004-02": ("equipment_donated", "television", 1, "item", "2023-07-03", "2023-07-05", "vn-nghean-police", "la-bolikhamxay-police"),
    "004-03": ("equipment_donated", "television", 1, "item", "2023-07-03", "2023-07-05", "vn-nghean-police", "la-xiengkhouang-police"),
    "004-04": ("equipment_donated", "television", 1, "item", "2023-07-03", "2023-07-05", "vn-nghean-police", "la-houaphanh-police"),
}


def test_the_bundle_holds_exactly_the_expected_figures(seed_figures):
    assert sorted(seed_figures["figure_id"]) == sorted(EXPECTED)
    assert (seed_figures["source_id"] == "003_b927c23a097a318e").sum() == 19


@pytest.mark.parametrize("figure_id", sorted(EXPECTED))
def test_seed_figure(seed_figures, figure_id):
    metric, category, value_norm, unit_norm, start, end, agency, counterpart = EXPECTED[figure_id]
    row = seed_figures.set_index("figure_id").loc[figure_id]
    assert (row.metric, row.category, row.unit_norm) == (metric, category, unit_norm)
    assert row.value_norm == pytest.approx(value_norm)
    assert (None if pd.isna(row.period_start) else row.period_start.date().isoformat()) == start
    assert row.period_end.date().isoformat() == end
    assert (row.agency_id, row.counterpart_id) == (agency, counterpart)


def test_bricks_and_tablets_get_labelled_kg_estimates(seed_figures):
    rows = seed_figures.set_index("figure_id")
    assert rows.loc["003-05", "estimated_kg"] == pytest.approx(3.5)
    assert rows.loc["003-05", "estimate_assumption"] == "350 g per brick"
    assert rows.loc["003-07", "estimated_kg"] == pytest.approx(1.8293)
    assert rows.loc["003-07", "estimate_assumption"] == "0.1 g per tablet"
    # A measured mass is never an estimate, and the reported value is never overwritten.
    assert pd.isna(rows.loc["003-06", "estimated_kg"])
    assert not rows.loc["003-06", "mass_is_estimate"]
    assert (rows.loc["003-05", "value"], rows.loc["003-05", "unit"]) == (10, "bánh")


def test_changing_the_assumption_changes_only_the_estimate(bundle):
    heavier = figures_from_bundle(bundle, Assumptions(grams_per_brick=400, grams_per_tablet=0.2)).set_index("figure_id")
    assert heavier.loc["003-05", "estimated_kg"] == pytest.approx(4.0)
    assert heavier.loc["003-07", "estimated_kg"] == pytest.approx(3.6586)
    assert heavier.loc["003-05", "value_norm"] == 10


def _weighted_rate(rate_2023: float, rate_2024: float) -> float:
    days_2023, days_2024 = 365, 366
    days_2025 = (date(2025, 9, 24) - date(2025, 1, 1)).days + 1  # 267: 2025 not published -> 2024 rate
    return (rate_2023 * days_2023 + rate_2024 * (days_2024 + days_2025)) / (days_2023 + days_2024 + days_2025)


@pytest.mark.parametrize(
    "figure_id, amount, rate_2023, rate_2024",
    [
        ("003-15", 71_900_000, 23787.3191666667, 24164.8858333333),
        ("003-16", 103_004_000, 17688.8735909054, 20167.3313803145),
    ],
)
def test_usd_equivalent_uses_the_window_s_years_and_flags_the_missing_2025(seed_figures, figure_id, amount, rate_2023, rate_2024):
    row = seed_figures.set_index("figure_id").loc[figure_id]
    assert row.usd_equivalent == pytest.approx(amount / _weighted_rate(rate_2023, rate_2024))
    assert bool(row.usd_rate_fallback)
    assert "2025 (not published: 2024 rate used)" in row.usd_rate_basis


def test_reassume_gives_what_normalising_under_those_assumptions_gives():
    from metrics.bundle import load_bundle
    from metrics.figures import Assumptions, figures_from_bundle, reassume

    bundle = load_bundle()
    other = Assumptions(grams_per_brick=700.0, grams_per_tablet=0.25)
    expected = figures_from_bundle(bundle, other)
    got = reassume(figures_from_bundle(bundle), other)
    for column in ["estimated_kg", "estimate_assumption", "mass_kg", "mass_is_estimate"]:
        pd.testing.assert_series_equal(got[column], expected[column], check_dtype=False, check_names=True)
