"""The Parquet snapshot: the frame read back equals the one computed, with its overlap index and whole text columns."""

import os
import shutil
import time

import pandas as pd
import pyarrow as pa

from metrics.aggregate import Filters, select
from metrics.bundle import DEFAULT_BUNDLE
from metrics.snapshot import _contiguous_text, load_with_snapshot


def _copy_of_seed_bundle(tmp_path):
    bundle = tmp_path / "bundle"
    shutil.copytree(DEFAULT_BUNDLE, bundle)
    return bundle


def test_snapshot_read_back_equals_the_computed_frame(tmp_path):
    root, cache = _copy_of_seed_bundle(tmp_path), tmp_path / "cache"
    _bundle, computed = load_with_snapshot(root, cache)
    assert len(list(cache.glob("bundle-*"))) == 1
    _bundle, read = load_with_snapshot(root, cache)
    pd.testing.assert_frame_equal(read, computed)
    assert read.attrs["overlap_index_rows"] == len(read)


def test_text_columns_are_made_one_arrow_buffer_each_without_changing_the_callers_frame():
    chunked = pa.chunked_array([["f1", "f2"], ["f3"]], type=pa.large_string())
    frame = pd.DataFrame({"figure_id": pd.array(chunked, dtype="str"), "value": [1.0, 2.0, 3.0]})
    whole = _contiguous_text(frame)
    assert whole["figure_id"].array._pa_array.num_chunks == 1
    assert whole["figure_id"].tolist() == ["f1", "f2", "f3"] and whole["figure_id"].dtype == frame["figure_id"].dtype
    assert frame["figure_id"].array._pa_array.num_chunks == 2


def test_a_changed_bundle_gets_a_new_snapshot_and_the_old_one_goes(tmp_path):
    root, cache = _copy_of_seed_bundle(tmp_path), tmp_path / "cache"
    load_with_snapshot(root, cache)
    first = {p.name for p in cache.glob("bundle-*")}
    os.utime(root / "figures.csv", ns=(1, 1))  # the fingerprint reads sizes and modification times
    _bundle, figures = load_with_snapshot(root, cache)
    second = {p.name for p in cache.glob("bundle-*")}
    assert second and second != first
    assert select(figures, Filters()).n_figures > 0


def test_a_store_snapshot_is_read_back_equal_then_replaced_at_the_next_revision(tmp_path, monkeypatch):
    from metrics.access import Actor
    from metrics.snapshot import load_store_with_snapshot
    from metrics.store import Store

    store, folder = Store(tmp_path / "store.sqlite"), tmp_path / "process-1"
    bundle, computed = load_store_with_snapshot(store, store.revision(), folder)
    first = {p.name for p in folder.glob("store-*")}
    assert len(first) == 1

    def no_store_read():
        raise AssertionError("read the store although its snapshot is current")

    monkeypatch.setattr(store, "bundle", no_store_read)
    again, read = load_store_with_snapshot(store, store.revision(), folder)
    pd.testing.assert_frame_equal(read, computed)
    pd.testing.assert_frame_equal(again.agencies, bundle.agencies)
    assert list(again.figures.columns) == list(bundle.figures.columns)
    source_id = str(bundle.sources["source_id"].iloc[0])
    assert again.source_text(source_id) == bundle.source_text(source_id)  # texts still come from the store
    monkeypatch.undo()

    figure_id = str(computed["figure_id"].iloc[0])
    store.withdraw_figure(Actor("an@example.org", True, "test editor"), figure_id, "a test of the snapshot")
    _bundle, after = load_store_with_snapshot(store, store.revision(), folder)
    second = {p.name for p in folder.glob("store-*")}
    assert len(second) == 1 and second != first  # this process keeps one snapshot: the latest
    assert figure_id not in set(after["figure_id"]) and len(after) == len(computed) - 1


def test_a_store_made_anew_at_the_same_address_does_not_reuse_the_old_snapshot(tmp_path):
    from metrics.snapshot import load_store_with_snapshot
    from metrics.store import Store

    path, folder = tmp_path / "store.sqlite", tmp_path / "process-1"
    store = Store(path)
    load_store_with_snapshot(store, store.revision(), folder)
    first = {p.name for p in folder.glob("store-*")}
    store.engine.dispose()
    path.unlink()
    time.sleep(1.1)  # the audit log stamps seconds
    remade = Store(path)  # seeded again: the same revision number, written at another time
    assert remade.revision() == store.revision()
    load_store_with_snapshot(remade, remade.revision(), folder)
    assert {p.name for p in folder.glob("store-*")} != first
