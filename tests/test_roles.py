"""Agencies in their roles: credited and partner totals kept apart, parts of counted totals not added across categories."""

import pandas as pd

from metrics.agencies import AgencyRegistry
from metrics.roles import agency_roles

REGISTRY = AgencyRegistry.from_frame(pd.read_csv("data/agencies.csv", dtype=str, keep_default_na=False))


def _included(rows):
    frame = pd.DataFrame(rows, columns=["figure_id", "agency_id", "counterpart_id", "metric", "category", "value_norm",
                                        "in_counted_total"])
    return frame.assign(source_id="s1", unit_norm="case", share=1.0, prorated=False)


def test_a_figure_with_a_counterpart_appears_once_per_role():
    roles = agency_roles(_included([("f1", "vn-bdbp", "la-mps", "cases", "all_crime", 24, False)]), REGISTRY)
    assert sorted(zip(roles["agency_id"], roles["role"], roles["value"])) == [
        ("la-mps", "partner", 24.0), ("vn-bdbp", "credited", 24.0)]
    assert set(roles["country"]) == {"VN", "LA"}


def test_a_part_of_a_counted_total_shows_in_its_category_but_adds_nothing_beyond_the_total():
    roles = agency_roles(_included([
        ("total", "vn-bdbp", "", "cases", "all_crime", 215, False),
        ("part", "vn-bdbp", "", "cases", "drug_trafficking", 168, True),
    ]), REGISTRY).set_index("category")
    assert roles.loc["drug_trafficking", "value"] == 168  # shown in its own category
    assert roles["value_beyond_totals"].sum() == 215  # a sum over categories counts the total once


def test_the_tree_shows_each_units_total_its_sub_units_and_the_remainder():
    """Issue "Agencies as they really are": 500 national cases hold Quảng Trị's 40 and Nghệ An's 35 (425 not
    attributed); a Hà Tĩnh tally of another half-year adds to the command's total."""
    from metrics.aggregate import Filters, select
    from metrics.roles import agency_tree

    rows = [("qt", "vn-bdbp-quangtri", 40, "2024-01-01"), ("na", "vn-bdbp-nghean", 35, "2024-01-01"),
            ("nat", "vn-bdbp", 500, "2024-01-01"), ("ht", "vn-bdbp-hatinh", 10, "2023-01-01")]
    frame = pd.DataFrame({
        "figure_id": [r[0] for r in rows], "source_id": ["s"] * 4, "agency_id": [r[1] for r in rows],
        "counterpart_id": [""] * 4, "metric": ["cases"] * 4, "category": ["all_crime"] * 4, "unit_norm": ["case"] * 4,
        "value_norm": [float(r[2]) for r in rows], "estimated_kg": [float("nan")] * 4,
        "usd_equivalent": [float("nan")] * 4, "country": ["VN"] * 4, "restates_figure_id": [""] * 4,
        "period_start": pd.to_datetime([r[3] for r in rows]),
        "period_end": pd.to_datetime([r[3][:4] + "-06-30" for r in rows]),
    })
    tree = agency_tree(select(frame, Filters(), REGISTRY), REGISTRY, "cases", "case").set_index("agency_id")
    assert tree.loc["vn-bdbp", ["total", "sub_units", "remainder"]].tolist() == [510, 85, 425]
    assert tree.loc["vn-bdbp-quangtri", "total"] == 40 and tree.loc["vn-bdbp-nghean", "total"] == 35
    assert tree.loc["vn-bdbp-hatinh", "total"] == 10 and tree.loc["vn-mond", "total"] == 510
