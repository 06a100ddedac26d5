"""The synthetic generator writes a valid bundle with the shape the benchmarks rely on."""

import pandas as pd
import pytest

from metrics.bundle import load_bundle
from metrics.cli import main
from metrics.figures import figures_from_bundle
from metrics.schemas import METRICS
from metrics.synth import generate, synthesize


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    synthesize(3000, out, seed=7)
    return load_bundle(out)


def test_written_bundle_validates_and_keys_resolve(written):
    assert len(written.figures) == 3000
    assert len(written.sources) and len(written.events)


def test_every_metric_appears(written):
    assert set(written.figures["metric"]) == set(METRICS)


def test_bricks_tablets_and_several_currencies(written):
    figures = figures_from_bundle(written)
    assert {"brick", "tablet"} <= set(figures["unit_norm"])
    currencies = set(figures.loc[figures["unit_kind"] == "currency", "unit_norm"])
    assert {"VND", "LAK", "THB", "CNY", "USD"} <= currencies
    assert figures.loc[figures["unit_kind"] == "currency", "usd_equivalent"].notna().all()


def test_windows_from_a_day_to_several_years_that_overlap(written):
    figures = figures_from_bundle(written)
    days = figures["window_days"].dropna()
    assert days.min() == 1 and days.max() > 3 * 365
    assert figures["period_start"].isna().any()  # a few windows are open on the left
    same = figures.dropna(subset=["period_start"]).sort_values("period_start")
    overlapping = 0
    for _, group in same.groupby(["agency_id", "counterpart_id", "metric", "category", "unit_norm"]):
        running_end = group["period_end"].cummax().shift()
        overlapping += int((group["period_start"] <= running_end).sum())
    assert overlapping > 100


def test_hierarchy_spans_both_countries(written):
    registry = written.registry
    assert {"VN", "LA"} <= set(written.agencies["country"])
    assert "vn-bdbp-nghean-post1" in registry.descendants("vn-mond")
    assert registry.top_level("la-savannakhet-police") == "la-mps"


def test_quotes_sit_at_their_offsets(written):
    for row in written.figures.sample(200, random_state=0).itertuples():
        assert written.source_text(row.source_id)[row.quote_start:row.quote_end] == row.quote


def test_restatements_point_to_earlier_figures(written):
    restating = written.figures[written.figures["restates_figure_id"] != ""]
    assert len(restating)
    assert (restating["restates_figure_id"] < restating["figure_id"]).all()


def test_same_seed_same_bundle():
    a, b = generate(500, seed=3), generate(500, seed=3)
    pd.testing.assert_frame_equal(a.figures, b.figures)
    assert not generate(500, seed=4).figures.equals(a.figures)


def test_cli_writes_a_bundle(tmp_path, capsys):
    assert main(["synth", "--rows", "200", "--out", str(tmp_path / "b"), "--seed", "1"]) == 0
    assert len(load_bundle(tmp_path / "b").figures) == 200


def test_cli_needs_a_destination(capsys):
    assert main(["synth", "--rows", "10"]) == 2
    assert "--out" in capsys.readouterr().err
