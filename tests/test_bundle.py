"""Repository-wide data tests: the package validates, keys resolve, quotes sit at their offsets."""

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest
from frictionless import Package

from metrics.bundle import DEFAULT_BUNDLE, BundleError, load_bundle
from metrics.datapackage import describe

DATA = DEFAULT_BUNDLE
SHARED_SEEDS = DATA.parent.parent / "shared" / "seeds"


def test_datapackage_json_is_current():
    committed = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    assert committed == describe(), "regenerate with metrics.datapackage.write_datapackage('data')"


def test_datapackage_validates_with_frictionless():
    report = Package(str(DATA / "datapackage.json")).validate()
    errors = [error.message for task in report.tasks for error in task.errors]
    assert report.valid, errors[:5]


def test_every_csv_is_described():
    described = {resource["path"] for resource in describe()["resources"]}
    assert described == {path.name for path in DATA.glob("*.csv")}


@pytest.mark.parametrize("table", ["figures", "events"])
def test_every_quote_is_verbatim_at_its_offsets(bundle, table):
    frame = getattr(bundle, table)
    for row in frame.itertuples():
        text = bundle.source_text(row.source_id)
        assert text[row.quote_start:row.quote_end] == row.quote, (row[1], row.quote)


def test_sources_are_kept_byte_for_byte(bundle):
    for row in bundle.sources.itertuples():
        raw = (DATA / row.path).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == row.sha256
        if SHARED_SEEDS.exists():
            assert raw == (SHARED_SEEDS / Path(row.path).name).read_bytes()


def test_every_raw_file_is_listed(bundle):
    listed = set(bundle.sources["path"])
    assert {f"sources/{path.name}" for path in (DATA / "sources").iterdir()} == listed


def test_event_participants_and_dates(bundle):
    events = bundle.events
    assert (events["start_date"] <= events["end_date"]).all()
    agencies = set(bundle.agencies["agency_id"])
    for participants in events["participant_ids"]:
        assert set(participants.split(";")) <= agencies


def _copy_bundle(tmp_path: Path) -> Path:
    target = tmp_path / "bundle"
    target.mkdir()
    for path in DATA.glob("*.csv"):
        (target / path.name).write_bytes(path.read_bytes())
    (target / "sources").mkdir()
    for path in (DATA / "sources").iterdir():
        (target / "sources" / path.name).write_bytes(path.read_bytes())
    return target


def test_a_broken_foreign_key_is_a_clear_error(tmp_path):
    target = _copy_bundle(tmp_path)
    figures = pd.read_csv(target / "figures.csv", dtype=str, keep_default_na=False)
    figures.loc[0, "agency_id"] = "vn-nowhere"
    figures.to_csv(target / "figures.csv", index=False)
    with pytest.raises(BundleError, match="figures.agency_id has unknown ids: vn-nowhere"):
        load_bundle(target)


def test_a_bad_value_is_a_clear_error(tmp_path):
    target = _copy_bundle(tmp_path)
    figures = pd.read_csv(target / "figures.csv", dtype=str, keep_default_na=False)
    figures.loc[0, "metric"] = "arrests"
    figures.to_csv(target / "figures.csv", index=False)
    with pytest.raises(BundleError, match="figures does not match its schema: metric"):
        load_bundle(target)


def test_a_missing_file_is_a_clear_error(tmp_path):
    target = _copy_bundle(tmp_path)
    (target / "events.csv").unlink()
    with pytest.raises(BundleError, match="has no events.csv"):
        load_bundle(target)


def test_the_registry_is_built_once_per_agencies_frame(bundle):
    """Regression: each access built a new registry, whose alias patterns take most of a second to compile."""
    registry = bundle.registry
    assert bundle.registry is registry
    registry.find_mentions("BĐBP tỉnh Quảng Trị đã bắt giữ 40 vụ")  # compiles the patterns once
    assert bundle.registry is registry
    fewer = bundle.agencies[bundle.agencies["agency_id"] != "vn-bdbp-quangtri"].reset_index(drop=True)
    bundle.agencies, original = fewer, bundle.agencies
    try:
        assert "vn-bdbp-quangtri" not in bundle.registry and bundle.registry is not registry
    finally:
        bundle.agencies = original
