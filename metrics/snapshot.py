"""Trusted snapshots: a bundle's tables and its normalised figures as Parquet, for a fast cold start.

Reading a million figures from CSV and validating them takes most of a minute; the snapshot is
written once, after ``load_bundle`` has validated the bundle and ``figures_from_bundle`` has
normalised it, and is then read back without validating again (it is trusted because only this
module writes it). It lives outside the tracked files (``var/cache/`` by default), in a folder
named by a fingerprint of the bundle's files (path, size and modification time of each table),
so an edited bundle gets a new snapshot.

A store (SQLite or PostgreSQL) is snapshotted by revision (``load_store_with_snapshot``): each server
process keeps its own folder with one snapshot, of the store and revision it read last; a process
restarted on an unchanged store starts from it, and a new revision is read from the store once and
replaces it.

In a snapshot bundle ``figures`` is the normalised frame's own columns (no second copy), so its
period dates are parsed dates, as in the normalised frame, not text.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
from pandas.arrays import ArrowExtensionArray

from .aggregate import overlap_index
from .categories import CATEGORIES_CSV
from .bundle import TABLES, Bundle, load_bundle
from .figures import figures_from_bundle

__all__ = ["DEFAULT_CACHE", "fingerprint", "load_with_snapshot", "load_store_with_snapshot", "compact"]

DEFAULT_CACHE = Path(__file__).resolve().parent.parent / "var" / "cache"
FORMAT = 4  # bump when the snapshot's layout or the normalisation changes
# Text columns that repeat (many figures per source, agency, unit, period) kept as categoricals:
# at a million figures the source titles alone take 75 MB as strings and 4 MB as categories.
# Figure ids and quotes, nearly all different, stay plain (pyarrow) strings; ``restates_figure_id`` is
# mostly empty, so it is a categorical too.
CATEGORICAL_COLUMNS = {"agency_id", "counterpart_id", "metric", "category", "unit", "unit_norm", "unit_kind",
                       "qualifier", "country", "top_agency_id", "counterpart_country", "estimate_assumption",
                       "usd_rate_basis", "source_id", "source_title", "source_publisher", "source_published",
                       "period_text", "notes", "restates_figure_id", "part_of_figure_id", "agency_ancestors", "force_id"}


def fingerprint(root: str | Path) -> str:
    """A short hash of the bundle's location and of each table file's size and modification time."""
    root = Path(root).resolve()
    parts = [f"format={FORMAT}", str(root)]
    for filename, *_rest in TABLES.values():
        if not (root / filename).exists():  # an optional table the bundle was written without
            parts.append(f"{filename}:absent")
            continue
        stat = (root / filename).stat()
        parts.append(f"{filename}:{stat.st_size}:{stat.st_mtime_ns}")
    if CATEGORIES_CSV.exists():  # the category tree decides nesting, which the snapshot precomputes
        stat = CATEGORIES_CSV.stat()
        parts.append(f"categories:{stat.st_size}:{stat.st_mtime_ns}")
    parts.append(Path(__file__).read_text(encoding="utf-8"))
    for module in ("figures.py", "aggregate.py"):
        parts.append((Path(__file__).parent / module).read_text(encoding="utf-8"))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:20]


def compact(frame: pd.DataFrame) -> pd.DataFrame:
    """Filter and grouping keys (agency, metric, unit, country...) as categoricals: less memory, faster filters;
    and the overlap rule's precomputed order and unfiltered answer (see ``aggregate.overlap_index``)."""
    columns = {}
    for column in CATEGORICAL_COLUMNS & set(frame.columns):
        if not isinstance(frame[column].dtype, pd.CategoricalDtype):
            columns[column] = frame[column].astype("category")
    frame = frame.assign(**columns) if columns else frame
    if {"period_start", "period_end"} <= set(frame.columns):
        frame = frame.assign(**overlap_index(frame))
        frame.attrs["overlap_index_rows"] = len(frame)
    return _contiguous_text(frame)


def _contiguous_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns (figure ids, quotes) as one Arrow buffer each, not one per file chunk: taking the
    rows of a selection from them is about three times faster. Converted one column at a time."""
    chunked = [c for c in frame.columns
               if isinstance(frame[c].array, ArrowExtensionArray) and frame[c].array._pa_array.num_chunks > 1]
    if chunked:
        frame = frame.copy(deep=False)  # the caller's frame is left as it was
        for column in chunked:
            frame[column] = pd.array(frame[column].array._pa_array.combine_chunks(), dtype=frame[column].dtype)
    return frame


def _write_files(folder: Path, bundle: Bundle, figures: pd.DataFrame, about: dict) -> bool:
    """Write the snapshot into ``folder`` whole or not at all (a reader never sees half a snapshot);
    False when another process wrote it first."""
    partial = folder.with_name(folder.name + f".partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    for table in TABLES:
        if table != "figures":
            getattr(bundle, table).to_parquet(partial / f"{table}.parquet", index=False)
    figures.to_parquet(partial / "normalised_figures.parquet", index=False, row_group_size=256_000)
    (partial / "about.json").write_text(json.dumps({**about, "rows": len(figures)}), encoding="utf-8")
    try:
        partial.rename(folder)
        return True
    except OSError:
        shutil.rmtree(partial, ignore_errors=True)
        return False


def _write(folder: Path, bundle: Bundle, figures: pd.DataFrame) -> None:
    _write_files(folder, bundle, figures, {"root": str(Path(bundle.root).resolve())})
    _remove_older(folder, str(Path(bundle.root).resolve()))


def _remove_older(folder: Path, root: str) -> None:
    """Snapshots of the same bundle directory made before it changed are removed."""
    for other in folder.parent.glob("bundle-*"):
        if other == folder or not (other / "about.json").exists():
            continue
        try:
            if json.loads((other / "about.json").read_text(encoding="utf-8")).get("root") == root:
                shutil.rmtree(other, ignore_errors=True)
        except (OSError, ValueError):
            continue


def _read_frames(folder: Path) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    # Column by column, freeing Arrow's buffers as they are converted: the peak stays near one copy.
    figures = _contiguous_text(pq.read_table(folder / "normalised_figures.parquet")
                               .to_pandas(self_destruct=True, split_blocks=True))
    tables = {table: pd.read_parquet(folder / f"{table}.parquet") for table in TABLES if table != "figures"}
    return tables, figures


def _read(folder: Path, root: Path) -> tuple[Bundle, pd.DataFrame]:
    tables, figures = _read_frames(folder)
    raw_columns = [c for c in pd.read_csv(root / TABLES["figures"][0], nrows=0).columns if c in figures.columns]
    return Bundle(figures=figures[raw_columns], root=root, **tables), figures


def load_with_snapshot(root: str | Path, cache: str | Path = DEFAULT_CACHE) -> tuple[Bundle, pd.DataFrame]:
    """The bundle and its figures normalised under the bundle's assumptions, from the snapshot when there is one.

    Without one, the bundle is read and validated (``load_bundle``), normalised, compacted, and
    the snapshot written for the next start.
    """
    root = Path(root)
    try:
        folder = Path(cache) / f"bundle-{fingerprint(root)}"
    except OSError:  # a table is missing: load_bundle says which, as a BundleError
        bundle = load_bundle(root)
        return bundle, compact(figures_from_bundle(bundle))
    if (folder / "about.json").exists():
        return _read(folder, root)
    bundle = load_bundle(root)
    figures = compact(figures_from_bundle(bundle))
    try:
        _write(folder, bundle, figures)
    except OSError:  # a read-only disk: run without a snapshot
        pass
    return bundle, figures


def _store_fingerprint(store, revision: int) -> str:
    """The store (its URL, password left out), its revision with the time it was written (a store made
    anew at the same address counts its revisions from 1 again) and the code that normalises, as a short hash."""
    import sqlalchemy as sa

    from .store.schema import audit_log

    with store.engine.connect() as connection:
        written = connection.execute(sa.select(audit_log.c.at).where(audit_log.c.audit_id == revision)).scalar()
    parts = [f"format={FORMAT}", store.engine.url.render_as_string(hide_password=True), f"revision={revision}",
             f"written={written}"]
    if CATEGORIES_CSV.exists():
        parts.append(CATEGORIES_CSV.read_text(encoding="utf-8"))
    for module in ("snapshot.py", "figures.py", "aggregate.py"):
        parts.append((Path(__file__).parent / module).read_text(encoding="utf-8"))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:20]


def load_store_with_snapshot(store, revision: int, folder: str | Path) -> tuple[Bundle, pd.DataFrame]:
    """The store's accepted data at ``revision`` and its normalised figures, from the snapshot in ``folder``
    when it holds this store at this revision; otherwise read from the store, and the snapshot (re)written.

    ``folder`` belongs to one process: it keeps only the latest snapshot. The caller passes the revision it
    read before loading; a write that lands in between is picked up at the next revision check.
    """
    from .store.bundles import StoredBundle

    target = Path(folder) / f"store-{_store_fingerprint(store, revision)}"
    if (target / "about.json").exists():
        tables, figures = _read_frames(target)
        raw_columns = json.loads((target / "about.json").read_text(encoding="utf-8"))["figure_columns"]
        return StoredBundle(figures=figures[raw_columns], root=None, store=store, **tables), figures
    bundle = store.bundle()
    figures = compact(figures_from_bundle(bundle))
    try:
        _write_files(target, bundle, figures, {"revision": revision, "figure_columns": list(bundle.figures.columns)})
        for other in Path(folder).glob("store-*"):  # this process's older snapshot (and any partial one)
            if other != target:
                shutil.rmtree(other, ignore_errors=True)
    except OSError:  # a read-only disk: run without a snapshot
        pass
    return bundle, figures
