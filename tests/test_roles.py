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
