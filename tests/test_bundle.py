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


S003, S004 = "003_b927c23a097a318e", "004_488e9651ca8ddcc9"  # the seeds with figures


def test_a_bundle_written_before_copies_existed_loads_with_each_document_once(tmp_path):
    target = _copy_bundle(tmp_path)
    (target / "copies.csv").unlink()
    bundle = load_bundle(target)
    assert bundle.copies.empty and bundle.publications() is None


def _with_copies(target: Path, rows: list[tuple[str, str]]) -> None:
    """Write copies.csv with one copy per (copy id, source id), its text under copies/."""
    (target / "copies").mkdir(exist_ok=True)
    lines = ["copy_id,source_id,title,publisher,published,language,url,path,sha256,similarity"]
    for copy_id, source_id in rows:
        text = f"Bản đăng lại {copy_id}."
        (target / "copies" / f"{copy_id}.txt").write_text(text, encoding="utf-8")
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        lines.append(f"{copy_id},{source_id},Tin,Outlet {copy_id},2025-01-14,vi,,copies/{copy_id}.txt,{digest},0.82")
    (target / "copies.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_copies_count_their_documents_publications(tmp_path):
    target = _copy_bundle(tmp_path)
    _with_copies(target, [("003-copy-01", S003), ("003-copy-02", S003), ("004-copy-01", S004)])
    bundle = load_bundle(target)
    assert bundle.publications().to_dict() == {"000_aed9bbaf1a6f7520": 1, "001_38e1de18716da251": 1, "002_f6065f10487e1367": 1, S003: 3, S004: 2}
    assert bundle.copy_text("004-copy-01") == "Bản đăng lại 004-copy-01."


def test_a_copy_of_an_unknown_document_is_a_clear_error(tmp_path):
    target = _copy_bundle(tmp_path)
    _with_copies(target, [("999-copy-01", "999")])
    with pytest.raises(BundleError, match="copies.source_id has unknown ids: 999"):
        load_bundle(target)


def test_the_snapshot_of_a_bundle_directory_follows_its_copies(tmp_path):
    """copies.csv is one of the files the snapshot's fingerprint lists: copies added (or the file added to an
    older bundle) give a new snapshot with the new publication counts, never the old one."""
    from metrics.snapshot import fingerprint, load_with_snapshot

    target = _copy_bundle(tmp_path)
    (target / "copies.csv").unlink()
    without = fingerprint(target)
    _, figures = load_with_snapshot(target, cache=tmp_path / "cache")
    assert set(figures["source_publications"]) == {1}
    _with_copies(target, [("003-copy-01", S003)])
    assert fingerprint(target) != without
    _, figures = load_with_snapshot(target, cache=tmp_path / "cache")
    publications = figures.drop_duplicates("source_id").set_index("source_id")["source_publications"]
    assert publications.to_dict() == {S003: 2, S004: 1}


def test_stated_changes_read_from_a_bundle_as_the_store_gives_them(tmp_path):
    """Regression: a bundle's is_percent is the text "false", which is true to Python; the comparison with the
    archive reads it as a boolean, as the store gives it."""
    target = _copy_bundle(tmp_path)
    (target / "stated_changes.csv").write_text(
        "change_id,source_id,figure_id,quote,quote_start,quote_end,direction,amount,is_percent,unit,base,base_year,base_text\n"
        f"003-C01,{S003},,tăng 12 vụ,0,10,up,12,false,vụ,year,2024,so với năm 2024\n"
        f"003-C02,{S003},,giảm 5%,10,17,down,5,true,%,same_period,,so với cùng kỳ\n", encoding="utf-8")
    changes = load_bundle(target).stated_changes_frame().set_index("change_id")
    assert changes["is_percent"].tolist() == [False, True]
    assert changes.loc["003-C01", "base_year"] == 2024 and pd.isna(changes.loc["003-C02", "base_year"])
