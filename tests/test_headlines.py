"""Headline tiles: one total per (metric, unit), share applied, units never mixed, USD labelled an estimate."""

import math

import numpy as np
import pandas as pd

from metrics.headlines import HEADLINES, headline_tiles


def _included(rows):
    columns = ["figure_id", "source_id", "metric", "category", "value_norm", "unit_norm", "usd_equivalent", "share", "prorated"]
    return pd.DataFrame(rows, columns=columns)


def _tile(tiles, metric, unit):
    return tiles[(tiles["metric"] == metric) & (tiles["unit"] == unit)].iloc[0]


def test_tiles_total_each_metric_and_unit_without_mixing_units():
    tiles = headline_tiles(_included([
        ("f1", "s1", "drug_seized", "heroin", 2.5, "kg", np.nan, 1.0, False),
        ("f2", "s2", "drug_seized", "methamphetamine", 0.5, "kg", np.nan, 1.0, False),
        ("f3", "s2", "drug_seized", "heroin", 40, "brick", np.nan, 1.0, False),
        ("f4", "s1", "cases", "", 128, "case", np.nan, 1.0, False),
    ]))
    assert list(zip(tiles["metric"], tiles["unit"])) == HEADLINES
    kg = _tile(tiles, "drug_seized", "kg")
    assert (kg["value"], kg["n_figures"], kg["n_sources"]) == (3.0, 2, 2)
    assert kg["categories"] == ("heroin", "methamphetamine")
    assert _tile(tiles, "drug_seized", "brick")["value"] == 40
    assert _tile(tiles, "cases", "case")["value"] == 128
    assert math.isnan(_tile(tiles, "victims_rescued", "victim")["value"])
    assert _tile(tiles, "victims_rescued", "victim")["n_figures"] == 0


def test_prorated_share_is_applied_and_marks_the_tile_an_estimate():
    tiles = headline_tiles(_included([
        ("f1", "s1", "cases", "", 100, "case", np.nan, 0.25, True),
        ("f2", "s1", "cases", "", 10, "case", np.nan, 1.0, False),
    ]))
    cases = _tile(tiles, "cases", "case")
    assert cases["value"] == 35.0 and bool(cases["estimate"]) and cases["n_sources"] == 1


def test_currency_tile_sums_usd_equivalents_of_every_currency_and_is_an_estimate():
    tiles = headline_tiles(_included([
        ("f1", "s1", "currency_seized", "", 71_900_000, "VND", 2_992.49, 1.0, False),
        ("f2", "s1", "currency_seized", "", 103_004_000, "LAK", 5_347.83, 1.0, False),
        ("f3", "s2", "currency_seized", "", 10, "XXX", np.nan, 1.0, False),  # no rate: not in the USD tile
    ]))
    usd = _tile(tiles, "currency_seized", "USD")
    assert usd["value"] == 2_992.49 + 5_347.83 and usd["n_figures"] == 2 and bool(usd["estimate"])


def test_categorical_columns_give_the_same_tiles_as_plain_strings():
    plain = _included([
        ("f1", "s1", "drug_seized", "heroin", 2.5, "kg", np.nan, 1.0, False),
        ("f2", "s2", "persons_arrested", "", 3, "person", np.nan, 1.0, False),
    ])
    categorical = plain.astype({c: "category" for c in ["source_id", "metric", "category", "unit_norm"]})
    pd.testing.assert_frame_equal(headline_tiles(plain), headline_tiles(categorical))


def test_no_figures_gives_empty_tiles():
    tiles = headline_tiles(_included([]))
    assert (tiles["n_figures"] == 0).all() and tiles["value"].isna().all()


def test_the_cases_tile_says_whose_figures_it_adds():
    """BĐBP's own 128 cases and the 24 that Lao forces made on BĐBP's advice are two forces' arrests:
    the tile adds them and says so, each under the force that made the arrests."""
    from metrics.aggregate import Filters, select
    from metrics.bundle import load_bundle
    from metrics.figures import figures_from_bundle

    bundle = load_bundle()
    tiles = headline_tiles(select(figures_from_bundle(bundle), Filters(), bundle.registry).included)
    cases = tiles.set_index("metric").loc["cases"]
    assert cases["value"] == 152
    assert cases["forces"] == (("vn-bdbp", 128.0), ("la-functional-forces", 24.0))

