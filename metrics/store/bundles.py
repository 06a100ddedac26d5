"""The store as a ``Bundle``: read for the dashboard, filled from one, written back out as one."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from ..access import Actor
from ..categories import CATEGORIES_CSV
from ..bundle import TABLES, Bundle, BundleError, check_references, load_bundle, read_table
from ..documents import sha256_text
from .database import StoreError, _now, _records
from .copies import COPY_TEXTS
from .schema import (_DATA_TABLES, _columns, agencies, conversions, document_copies, events, exchange_rates, figures,
                     sources, stated_changes)


@dataclass
class StoredBundle(Bundle):
    """A bundle read from the store; source texts come from the database."""

    store: Store | None = field(default=None, repr=False, compare=False)

    def source_text(self, source_id: str) -> str:
        return self.store.source_text(source_id)


class BundleStore:
    """Moving whole bundles in and out of the store."""

    def bundle(self) -> StoredBundle:
        """The accepted data as a validated ``Bundle``, read in one snapshot."""
        frames = {}
        with self._read() as conn:
            frames["copies"] = self._bundle_copies(conn)
            for table in [t for t in TABLES if t != "copies"]:
                columns = _columns(table)
                db_table = _DATA_TABLES[table]
                if table == "sources":
                    query = sa.select(*[db_table.c[c] for c in columns if c != "path"])
                else:
                    query = sa.select(*[db_table.c[c] for c in columns])
                if table in ("figures", "events"):
                    query = query.where(db_table.c.status == "accepted")
                query = query.order_by(*db_table.primary_key.columns)
                frames[table] = pd.DataFrame(conn.execute(query).mappings().all(), columns=[
                    c for c in columns if not (table == "sources" and c == "path")])
        frames["sources"]["path"] = "sources/" + frames["sources"]["source_id"] + ".txt"
        # a restatement (or part, or stated change) of a figure no longer accepted points at nothing shown
        kept = set(frames["figures"]["figure_id"])
        for table, column in (("figures", "restates_figure_id"), ("figures", "part_of_figure_id"),
                              ("stated_changes", "figure_id")):
            pointed = frames[table][column].fillna("")
            frames[table][column] = pointed.where(pointed.isin(kept), "")
        changes = frames["stated_changes"]
        changes["is_percent"] = changes["is_percent"].map({True: "true", False: "false", 1: "true", 0: "false"})
        changes["base_year"] = changes["base_year"].map(lambda year: "" if pd.isna(year) else str(int(year)))
        validated = {table: read_table(frame[_columns(table)], table) for table, frame in frames.items()}
        bundle = StoredBundle(**validated, root=None, store=self)
        check_references(bundle)
        return bundle

    def _seed(self, conn: sa.Connection, root: Path) -> None:
        """Fill a new database from a bundle directory, in the caller's transaction."""
        self._insert_bundle(conn, load_bundle(root), "seed", "store.seed", str(root),
                            "first use: filled from the bundle")

    def import_bundle(self, bundle: Bundle, actor: Actor | None = None, reason: str = "bundle import") -> dict:
        """Add a whole bundle (e.g. a synthetic one), all accepted, in one transaction.

        Agencies, rates and conversions already present are kept as they are; a source, figure
        or event id already present is an error.
        """
        from ..access import command_line_actor

        actor = actor or command_line_actor()
        actor.require_editor("import a bundle")
        if bundle.root is None:
            raise StoreError("this bundle has no source texts on disk; write it to a directory first")
        with self._write() as conn:
            return self._insert_bundle(conn, bundle, actor.name, "store.import", str(bundle.root), reason)

    def _insert_bundle(self, conn, bundle: Bundle, actor_name: str, action: str, label: str, reason: str) -> dict:
        now = _now()

        def present(table, key_columns):
            return {tuple(row) for row in conn.execute(sa.select(*[table.c[k] for k in key_columns]))}

        known_agencies = {key[0] for key in present(agencies, ["agency_id"])}
        agency_rows = [r for r in _records(bundle.agencies) if r["agency_id"] not in known_agencies]
        for row in agency_rows:
            row["parent_id"] = row["parent_id"] or None
        ordered, placed = [], set(known_agencies)  # parents first, so the foreign key holds row by row
        while len(ordered) < len(agency_rows):
            ready = [r for r in agency_rows if r["agency_id"] not in placed
                     and (r["parent_id"] is None or r["parent_id"] in placed)]
            if not ready:
                raise BundleError("agencies.csv has a parent that is missing or a cycle of parents")
            ordered += ready
            placed |= {r["agency_id"] for r in ready}
        if ordered:
            conn.execute(agencies.insert(), ordered)
        for table, frame, key in [(sources, bundle.sources, "source_id"), (figures, bundle.figures, "figure_id"),
                                  (events, bundle.events, "event_id")]:
            clash = set(frame[key]) & {k[0] for k in present(table, [key])}
            if clash:
                raise StoreError(f"the store already holds {table.name} id '{sorted(clash)[0]}'")
        source_rows = []
        for row in _records(bundle.sources):
            text = bundle.source_text(row["source_id"])
            row.update(text=text, sha256=sha256_text(text), original_sha256=row["sha256"],
                       added_at=now, added_by=actor_name)
            del row["path"]
            source_rows.append(row)
        if source_rows:
            conn.execute(sources.insert(), source_rows)
        copy_rows, stored_copies = [], {k[0] for k in present(document_copies, ["sha256"])}
        for row in _records(bundle.copies):
            text = bundle.copy_text(row["copy_id"])
            row.update(text=text, sha256=sha256_text(text), original_sha256=row["sha256"], added_at=now,
                       added_by=actor_name)
            if row["sha256"] in stored_copies:
                raise StoreError(f"the store already holds a copy with the text of copy '{row['copy_id']}'")
            del row["copy_id"], row["path"]
            copy_rows.append(row)
        if copy_rows:  # in the bundle's order, so each document's copies keep their order (and their ids)
            conn.execute(document_copies.insert(), copy_rows)
        figure_rows = _records(bundle.figures)
        for row in figure_rows:
            row.update(status="accepted", agency_id=row["agency_id"] or None,
                       counterpart_id=row["counterpart_id"] or None, updated_at=now, updated_by=actor_name)
        if figure_rows:
            conn.execute(figures.insert(), figure_rows)
        event_rows = [dict(row, status="accepted", updated_at=now, updated_by=actor_name)
                      for row in _records(bundle.events)]
        if event_rows:
            conn.execute(events.insert(), event_rows)
        change_rows = [{**row, "is_percent": row["is_percent"] == "true",
                        "base_year": int(row["base_year"]) if row["base_year"] else None,
                        "added_at": now, "added_by": actor_name} for row in _records(bundle.stated_changes)]
        for table, records, keys in [(exchange_rates, _records(bundle.exchange_rates), ["currency", "year"]),
                                     (conversions, _records(bundle.conversions), ["parameter"]),
                                     (stated_changes, change_rows, ["change_id"])]:
            have = present(table, keys)
            rows = [r for r in records if tuple(r[k] for k in keys) not in have]
            if rows:
                conn.execute(table.insert(), rows)
        counts = {"sources": len(source_rows), "figures": len(figure_rows), "events": len(event_rows),
                  "agencies": len(ordered), "stated_changes": len(change_rows), "copies": len(copy_rows)}
        self._audit(conn, actor_name, action, "bundle", label, None, counts, reason)
        return counts

    def export_bundle(self, directory: str | os.PathLike) -> Path:
        """Write the accepted data as a ``data/``-style bundle (CSVs, source texts, datapackage.json)."""
        directory = Path(directory)
        bundle = self.bundle()
        (directory / "sources").mkdir(parents=True, exist_ok=True)
        for table, (filename, *_rest) in TABLES.items():
            frame = getattr(bundle, table)[_columns(table)].copy()
            for column in frame.columns:
                if pd.api.types.is_float_dtype(frame[column]):
                    frame[column] = frame[column].map(lambda v: str(int(v)) if float(v).is_integer() else repr(float(v)))
            frame.to_csv(directory / filename, index=False, lineterminator="\n", encoding="utf-8")
        for source_id in bundle.sources["source_id"]:
            (directory / "sources" / f"{source_id}.txt").write_bytes(self.source_text(source_id).encode("utf-8"))
        if len(bundle.copies):
            (directory / COPY_TEXTS).mkdir(exist_ok=True)
            with self._read() as conn:
                texts = self._bundle_copies(conn, with_text=True).set_index("copy_id")["text"]
            for row in bundle.copies.itertuples():
                (directory / row.path).write_bytes(texts[row.copy_id].encode("utf-8"))
        # The category tree is the project's, not stored: the datapackage describes it, so the bundle carries it.
        shutil.copyfile(CATEGORIES_CSV, directory / CATEGORIES_CSV.name)
        try:
            from ..datapackage import write_datapackage
        except ImportError:
            write_datapackage = None
        if write_datapackage is not None:
            write_datapackage(directory)
        load_bundle(directory)  # what was written must read back and validate
        return directory
