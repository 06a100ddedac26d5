"""The store: sources, figures, events and agencies in a database, with an append-only audit log.

SQLite by default (a file under ``var/``, or the path or URL in ``BORDER_METRICS_DB``), created
on first use and filled from the ``data/`` bundle; PostgreSQL when given a
``postgresql://`` URL. The dashboard and the command line read it as a ``Bundle``
(``Store().bundle()``), so everything downstream of the bundle works unchanged.

- Every write runs in one transaction and needs an ``Actor`` with editor rights.
- SQLite runs in WAL mode with a busy timeout; writes take the write lock up front
  (``BEGIN IMMEDIATE``), so two writers queue instead of failing. On PostgreSQL writes are
  serialised by a transaction-scoped advisory lock, which also keeps id numbering gap-free.
- Figures and events are never deleted: they are pending, accepted, rejected or withdrawn,
  and each change leaves an audit row with the row before and after. Only accepted ones
  reach ``bundle()``.
- The schema is versioned in ``schema_version``; ``MIGRATIONS`` lists each step once.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import make_url

from .access import Actor
from .bundle import DEFAULT_BUNDLE, TABLES, Bundle, BundleError, check_references, load_bundle, read_table
from .documents import sha256_text

__all__ = [
    "Added",
    "DEFAULT_DB_PATH",
    "DuplicateDocument",
    "FIGURE_STATUSES",
    "Store",
    "StoreError",
    "StoredBundle",
    "database_url",
    "figure_changes",
]

DEFAULT_DB_PATH = Path(__file__).resolve().parent.parent / "var" / "border-metrics.sqlite"
FIGURE_STATUSES = ("pending", "accepted", "rejected", "withdrawn")
CORRECTABLE = ("agency_id", "counterpart_id", "metric", "category", "value", "unit", "qualifier",
               "period_start", "period_end", "period_text", "quote", "quote_start", "quote_end",
               "restates_figure_id", "part_of_figure_id", "notes")
_PG_WRITE_LOCK = 0x626D6574  # "bmet": one advisory lock for all writes


class StoreError(ValueError):
    """A store operation cannot be done as asked; the message says why."""


class DuplicateDocument(StoreError):
    def __init__(self, source_id: str, matched: str):
        super().__init__(f"this document is already stored as {source_id} (same {matched})")
        self.source_id = source_id


@dataclass(frozen=True)
class Added:
    source_id: str
    figure_ids: tuple[str, ...]
    event_ids: tuple[str, ...]
    agency_ids: tuple[str, ...] = ()


def _columns(table: str) -> list[str]:
    return list(TABLES[table][1].to_schema().columns)


# ---------------------------------------------------------------- schema

metadata = sa.MetaData()
_text = lambda name, **kw: sa.Column(name, sa.Text, nullable=False, server_default="", **kw)  # noqa: E731

schema_version = sa.Table(
    "schema_version", metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    _text("description"), _text("applied_at"),
)
agencies = sa.Table(
    "agencies", metadata,
    sa.Column("agency_id", sa.Text, primary_key=True),
    *[_text(c) for c in _columns("agencies") if c not in ("agency_id", "parent_id")],
    sa.Column("parent_id", sa.Text, sa.ForeignKey("agencies.agency_id"), nullable=True),
)
sources = sa.Table(
    "sources", metadata,
    sa.Column("source_id", sa.Text, primary_key=True),
    *[_text(c) for c in _columns("sources") if c not in ("source_id", "sha256", "path")],
    sa.Column("sha256", sa.Text, nullable=False, unique=True),  # of the stored text, as UTF-8
    sa.Column("text", sa.Text, nullable=False),  # the text quotes and offsets point into
    _text("original_name"),
    _text("original_sha256", index=True),  # of the bytes as received
    sa.Column("original", sa.LargeBinary, nullable=True),
    _text("added_at"), _text("added_by"),
)
sa.Index("ix_sources_url", sources.c.url)
figures = sa.Table(
    "figures", metadata,
    sa.Column("figure_id", sa.Text, primary_key=True),
    sa.Column("source_id", sa.Text, sa.ForeignKey("sources.source_id"), nullable=False, index=True),
    sa.Column("agency_id", sa.Text, sa.ForeignKey("agencies.agency_id"), nullable=True),
    sa.Column("counterpart_id", sa.Text, sa.ForeignKey("agencies.agency_id"), nullable=True),
    sa.Column("quote_start", sa.Integer, nullable=False),
    sa.Column("quote_end", sa.Integer, nullable=False),
    sa.Column("value", sa.Float, nullable=False),
    *[_text(c) for c in _columns("figures")
      if c not in ("figure_id", "source_id", "agency_id", "counterpart_id", "quote_start", "quote_end", "value")],
    sa.Column("status", sa.Text, nullable=False, server_default="pending"),
    sa.Column("confidence", sa.Float, nullable=True),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    _text("updated_at"), _text("updated_by"),
    sa.CheckConstraint("status IN ('pending', 'accepted', 'rejected', 'withdrawn')", name="figure_status"),
)
events = sa.Table(
    "events", metadata,
    sa.Column("event_id", sa.Text, primary_key=True),
    sa.Column("source_id", sa.Text, sa.ForeignKey("sources.source_id"), nullable=False, index=True),
    sa.Column("quote_start", sa.Integer, nullable=False),
    sa.Column("quote_end", sa.Integer, nullable=False),
    *[_text(c) for c in _columns("events") if c not in ("event_id", "source_id", "quote_start", "quote_end")],
    sa.Column("status", sa.Text, nullable=False, server_default="pending"),
    _text("updated_at"), _text("updated_by"),
    sa.CheckConstraint("status IN ('pending', 'accepted', 'rejected', 'withdrawn')", name="event_status"),
)
exchange_rates = sa.Table(
    "exchange_rates", metadata,
    sa.Column("currency", sa.Text, primary_key=True),
    sa.Column("year", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("lcu_per_usd", sa.Float, nullable=False),
    *[_text(c) for c in _columns("exchange_rates") if c not in ("currency", "year", "lcu_per_usd")],
)
conversions = sa.Table(
    "conversions", metadata,
    sa.Column("parameter", sa.Text, primary_key=True),
    sa.Column("value", sa.Float, nullable=False),
    *[_text(c) for c in _columns("conversions") if c not in ("parameter", "value")],
)
audit_log = sa.Table(
    "audit_log", metadata,
    sa.Column("audit_id", sa.Integer, primary_key=True, autoincrement=True),
    _text("at"),  # UTC, ISO 8601
    _text("actor"),  # who
    _text("action"),  # what: source.add, figure.correct, figure.withdraw, ...
    _text("entity"),
    _text("entity_id", index=True),
    sa.Column("before", sa.Text, nullable=True),  # JSON of the row before, null when added
    sa.Column("after", sa.Text, nullable=True),  # JSON of the row after
    _text("reason"),  # why
)
_DATA_TABLES = {"sources": sources, "agencies": agencies, "figures": figures, "events": events,
                "exchange_rates": exchange_rates, "conversions": conversions}

_APPEND_ONLY = {
    "sqlite": [
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    ],
    "postgresql": [
        "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$",
        "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
        "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
    ],
}


def _migration_1(conn: sa.Connection) -> None:
    metadata.create_all(conn, tables=[t for t in metadata.sorted_tables if t.name != "schema_version"])
    for statement in _APPEND_ONLY.get(conn.dialect.name, []):
        conn.exec_driver_sql(statement)


# (version, description, step). Append new steps; never edit an applied one.
def _migration_2(conn: sa.Connection) -> None:
    # A database made by migration 1 before figures had the column; one made since has it already.
    if "part_of_figure_id" not in {column["name"] for column in sa.inspect(conn).get_columns("figures")}:
        conn.exec_driver_sql("ALTER TABLE figures ADD COLUMN part_of_figure_id TEXT NOT NULL DEFAULT ''")


MIGRATIONS = [(1, "sources, agencies, figures, events, reference tables, append-only audit log", _migration_1),
              (2, "figures.part_of_figure_id: a part of a total reported before it", _migration_2)]


# ---------------------------------------------------------------- helpers

def figure_changes(before: Mapping, proposed: Mapping) -> dict:
    """The correctable fields of ``proposed`` that differ from the stored figure ``before``.

    Empty text and a missing value (None, NaN) count as the same; numbers compare as floats.
    """
    def same(old, new) -> bool:
        blank = lambda v: v is None or (isinstance(v, float) and v != v) or v == ""  # noqa: E731
        if blank(old) or blank(new):
            return blank(old) and blank(new)
        if isinstance(old, (int, float)) or isinstance(new, (int, float)):
            try:
                return float(old) == float(new)
            except (TypeError, ValueError):
                return False
        return str(old).strip() == str(new).strip()

    unknown = sorted(set(proposed) - set(CORRECTABLE))
    if unknown:
        raise StoreError(f"'{unknown[0]}' cannot be corrected; correctable fields: {', '.join(CORRECTABLE)}")
    return {key: (value.strip() if isinstance(value, str) else value)
            for key, value in proposed.items() if not same(before.get(key), value)}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def database_url(url: str | os.PathLike | None = None) -> str:
    """A SQLAlchemy URL from an argument, ``BORDER_METRICS_DB`` or the default file.

    A plain path means an SQLite file; ``postgresql://`` uses the psycopg 3 driver.
    """
    url = str(url) if url else os.environ.get("BORDER_METRICS_DB") or str(DEFAULT_DB_PATH)
    if url.startswith(("postgres://", "postgresql://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    return url


def _json(row: Mapping | None) -> str | None:
    if row is None:
        return None
    return json.dumps({k: v for k, v in row.items() if k not in ("text", "original")},
                      ensure_ascii=False, sort_keys=True, default=str)


def _number(identifier: str) -> int:
    match = re.match(r"^E?(\d+)", identifier)
    return int(match.group(1)) if match else -1


def _iso(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, (date, datetime, pd.Timestamp)):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _validated(rows: Sequence[Mapping], table: str) -> pd.DataFrame:
    columns = _columns(table)
    frame = pd.DataFrame([{c: _iso(row.get(c, "")) for c in columns} for row in rows], columns=columns, dtype=str)
    try:
        return read_table(frame, table)
    except BundleError as error:
        raise StoreError(str(error)) from None


def _check_quotes(frame: pd.DataFrame, text: str, label: str) -> None:
    for row in frame.itertuples(index=False):
        if row.quote and text[row.quote_start:row.quote_end] != row.quote:
            raise StoreError(f"{label}: the quote '{row.quote[:60]}' is not at characters "
                             f"{row.quote_start}-{row.quote_end} of the text")


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()} for row in frame.to_dict("records")]


@dataclass
class StoredBundle(Bundle):
    """A bundle read from the store; source texts come from the database."""

    store: Store | None = field(default=None, repr=False, compare=False)

    def source_text(self, source_id: str) -> str:
        return self.store.source_text(source_id)


# ---------------------------------------------------------------- the store

class Store:
    """The project's database. ``Store()`` opens (and on first use creates and fills) the default file."""

    def __init__(self, url: str | os.PathLike | None = None, *, seed_from: Path | None = DEFAULT_BUNDLE):
        self.url = database_url(url)
        parsed = make_url(self.url)
        self.display_url = parsed.render_as_string(hide_password=True)
        self.dialect = parsed.get_backend_name()
        if self.dialect == "sqlite":
            database = parsed.database or ""
            if database in ("", ":memory:"):
                raise StoreError("an in-memory SQLite database is not supported; give a file path")
            self.path: Path | None = Path(database)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.engine = sa.create_engine(self.url, connect_args={"timeout": 30})
            event.listen(self.engine, "connect", _sqlite_connect)
            event.listen(self.engine, "begin", _sqlite_begin)
        elif self.dialect == "postgresql":
            self.path = None
            self.engine = sa.create_engine(self.url, pool_pre_ping=True)
        else:
            raise StoreError(f"unsupported database '{self.dialect}': use an SQLite path or a postgresql:// URL")
        try:
            self._migrate(seed_from)
        except sa.exc.DatabaseError as error:
            reason = str(error.orig).strip().splitlines()[0] if error.orig else "connection failed"
            raise StoreError(f"cannot open the database {self.display_url}: {reason}") from None

    # -- transactions

    @contextmanager
    def _write(self):
        engine = self.engine.execution_options(sqlite_begin="IMMEDIATE") if self.dialect == "sqlite" else self.engine
        with engine.begin() as conn:
            if self.dialect == "postgresql":
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_PG_WRITE_LOCK)))
            yield conn

    @contextmanager
    def _read(self):
        with self.engine.connect() as conn:
            yield conn

    def _migrate(self, seed_from: Path | None) -> None:
        with self._write() as conn:
            schema_version.create(conn, checkfirst=True)
            current = conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar() or 0
            for version, description, step in MIGRATIONS:
                if version > current:
                    step(conn)
                    conn.execute(schema_version.insert().values(version=version, description=description,
                                                                applied_at=_now()))
            if current == 0 and seed_from is not None:
                self._seed(conn, Path(seed_from))

    def schema_version(self) -> int:
        with self._read() as conn:
            return conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar() or 0

    def _seed(self, conn: sa.Connection, root: Path) -> None:
        """Fill a new database from a bundle directory, in the caller's transaction."""
        self._insert_bundle(conn, load_bundle(root), "seed", "store.seed", str(root),
                            "first use: filled from the bundle")

    def import_bundle(self, bundle: Bundle, actor: Actor | None = None, reason: str = "bundle import") -> dict:
        """Add a whole bundle (e.g. a synthetic one), all accepted, in one transaction.

        Agencies, rates and conversions already present are kept as they are; a source, figure
        or event id already present is an error.
        """
        from .access import command_line_actor

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
        for table, frame, keys in [(exchange_rates, bundle.exchange_rates, ["currency", "year"]),
                                   (conversions, bundle.conversions, ["parameter"])]:
            have = present(table, keys)
            rows = [r for r in _records(frame) if tuple(r[k] for k in keys) not in have]
            if rows:
                conn.execute(table.insert(), rows)
        counts = {"sources": len(source_rows), "figures": len(figure_rows), "events": len(event_rows),
                  "agencies": len(ordered)}
        self._audit(conn, actor_name, action, "bundle", label, None, counts, reason)
        return counts

    def _audit(self, conn, actor: str, action: str, entity: str, entity_id: str,
               before: Mapping | None, after: Mapping | None, reason: str = "") -> None:
        conn.execute(audit_log.insert().values(at=_now(), actor=actor, action=action, entity=entity,
                                               entity_id=entity_id, before=_json(before), after=_json(after),
                                               reason=reason or ""))

    # -- reading

    def revision(self) -> int:
        """The latest audit id: changes whenever anything is written (a cache key for the dashboard)."""
        with self._read() as conn:
            return conn.execute(sa.select(sa.func.max(audit_log.c.audit_id))).scalar() or 0

    def bundle(self) -> StoredBundle:
        """The accepted data as a validated ``Bundle``, read in one snapshot."""
        frames = {}
        with self._read() as conn:
            for table in TABLES:
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
        # a restatement (or part) of a figure that is no longer accepted restates (or is part of) nothing shown
        kept = set(frames["figures"]["figure_id"])
        for column in ("restates_figure_id", "part_of_figure_id"):
            pointed = frames["figures"][column].fillna("")
            frames["figures"][column] = pointed.where(pointed.isin(kept), "")
        validated = {table: read_table(frame[_columns(table)], table) for table, frame in frames.items()}
        bundle = StoredBundle(**validated, root=None, store=self)
        check_references(bundle)
        return bundle

    def source_text(self, source_id: str) -> str:
        with self._read() as conn:
            text = conn.execute(sa.select(sources.c.text).where(sources.c.source_id == source_id)).scalar()
        if text is None:
            raise StoreError(f"no source '{source_id}'")
        return text

    def sources_frame(self) -> pd.DataFrame:
        """One row per stored document, with its number of figures by status."""
        counts = (sa.select(figures.c.source_id,
                            sa.func.count().label("figures"),
                            sa.func.sum(sa.case((figures.c.status == "accepted", 1), else_=0)).label("accepted"),
                            sa.func.sum(sa.case((figures.c.status == "pending", 1), else_=0)).label("pending"))
                  .group_by(figures.c.source_id).subquery())
        query = (sa.select(sources.c.source_id, sources.c.title, sources.c.publisher, sources.c.published,
                           sources.c.language, sources.c.url, sources.c.sha256,
                           sa.func.coalesce(counts.c.figures, 0).label("figures"),
                           sa.func.coalesce(counts.c.accepted, 0).label("accepted"),
                           sa.func.coalesce(counts.c.pending, 0).label("pending"),
                           sources.c.added_at, sources.c.added_by)
                 .select_from(sources.outerjoin(counts, counts.c.source_id == sources.c.source_id))
                 .order_by(sources.c.source_id))
        with self._read() as conn:
            frame = pd.DataFrame(conn.execute(query).mappings().all(), columns=list(query.selected_columns.keys()))
        for column in ("figures", "accepted", "pending"):
            frame[column] = frame[column].astype("int64")
        return frame

    def _frame(self, query, table: sa.Table) -> pd.DataFrame:
        """The rows of ``query`` as a frame with ``table``'s columns, even when there are none."""
        with self._read() as conn:
            return pd.DataFrame(conn.execute(query).mappings().all(), columns=[c.name for c in table.columns])

    def figures_frame(self, source_id: str | None = None, status: str | None = None) -> pd.DataFrame:
        """Stored figures of any status (for review), with status, confidence and version."""
        query = sa.select(figures).order_by(figures.c.figure_id)
        if source_id:
            query = query.where(figures.c.source_id == source_id)
        if status:
            query = query.where(figures.c.status == status)
        return self._frame(query, figures)

    def events_frame(self, source_id: str | None = None) -> pd.DataFrame:
        query = sa.select(events).order_by(events.c.event_id)
        if source_id:
            query = query.where(events.c.source_id == source_id)
        return self._frame(query, events)

    def audit_frame(self, entity: str | None = None, entity_id: str | None = None) -> pd.DataFrame:
        query = sa.select(audit_log).order_by(audit_log.c.audit_id)
        if entity:
            query = query.where(audit_log.c.entity == entity)
        if entity_id:
            query = query.where(audit_log.c.entity_id == entity_id)
        return self._frame(query, audit_log)

    def figure_history(self, figure_id: str) -> pd.DataFrame:
        """Every change to a figure, oldest first: when, who, what, why, and which fields changed."""
        frame = self.audit_frame("figure", figure_id)
        changes = []
        for before, after in zip(frame["before"], frame["after"]):
            old = json.loads(before) if isinstance(before, str) else {}  # missing is NaN in a str column
            new = json.loads(after) if isinstance(after, str) else {}
            changed = [f"{key}: {old.get(key)!s} → {new.get(key)!s}" for key in sorted(new)
                       if key not in ("updated_at", "updated_by", "version") and old and old.get(key) != new.get(key)]
            changes.append("; ".join(changed) if old else "added")
        return frame.assign(changes=changes)[["audit_id", "at", "actor", "action", "changes", "reason", "before", "after"]]

    def find_duplicate(self, *, sha256: str | None = None, url: str | None = None,
                       conn: sa.Connection | None = None) -> tuple[str, str] | None:
        """The (source_id, what matched) of a stored document with this checksum or URL."""
        checks = []
        if sha256:
            checks += [(sources.c.sha256 == sha256, "checksum"), (sources.c.original_sha256 == sha256, "checksum")]
        if url and url.strip():
            checks.append((sources.c.url == url.strip(), "URL"))
        with (self._read() if conn is None else _passthrough(conn)) as c:
            for condition, matched in checks:
                found = c.execute(sa.select(sources.c.source_id).where(condition).limit(1)).scalar()
                if found:
                    return found, matched
        return None

    def agency_ids(self) -> set[str]:
        with self._read() as conn:
            return set(conn.execute(sa.select(agencies.c.agency_id)).scalars())

    def integrity_check(self) -> str:
        """``ok`` when the database file is sound (SQLite's integrity check; PostgreSQL checks itself)."""
        if self.dialect != "sqlite":
            return "ok"
        with self._read() as conn:
            return "; ".join(row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check"))

    # -- writing

    def add_document(self, actor: Actor, source: Mapping, text: str, figures_in: Sequence[Mapping] = (),
                     events_in: Sequence[Mapping] = (), agencies_in: Sequence[Mapping] = (), *,
                     status: str = "pending", original: bytes | None = None, original_name: str = "",
                     reason: str = "") -> Added:
        """Store a document with its figures, events and new agencies in one transaction.

        Each figure or event may carry its own ``status`` (pending, accepted, rejected); the
        default is ``status``. Quotes must sit at their offsets in ``text``. A document with the
        same checksum (of the text or of the original bytes) or the same URL is refused with
        ``DuplicateDocument``.
        """
        actor.require_editor("add a report")
        if status not in ("pending", "accepted"):
            raise StoreError(f"a new document is stored as pending or accepted, not '{status}'")
        if not text or not text.strip():
            raise StoreError("the document has no text")
        text_sha = sha256_text(text)
        original_sha = hashlib.sha256(original).hexdigest() if original is not None else text_sha
        published = _iso(source.get("published"))
        precision = source.get("published_precision") or ("month" if len(published) == 7 else "day")
        reference = _iso(source.get("reference_date")) or (published if precision == "day" else "")
        if not reference and len(published) == 7:
            reference = (pd.Period(published, "M").end_time.date()).isoformat()
        source_row = {c: _iso(source.get(c, "")) for c in _columns("sources")}
        source_row.update(source_id="new", published=published, published_precision=precision,
                          reference_date=reference, language=source.get("language") or "vi",
                          url=(source.get("url") or "").strip(), path="sources/new.txt", sha256=text_sha)
        _validated([source_row], "sources")
        new_agencies = _validated(agencies_in, "agencies") if agencies_in else None

        figure_rows, figure_statuses, confidences = [], [], []
        for index, row in enumerate(figures_in):
            figure_statuses.append(row.get("status") or status)
            confidences.append(row.get("confidence"))
            figure_rows.append({**row, "figure_id": f"new-{index}", "source_id": "new"})
        event_rows, event_statuses = [], []
        for index, row in enumerate(events_in):
            event_statuses.append(row.get("status") or status)
            event_rows.append({**row, "event_id": f"new-{index}", "source_id": "new"})
        figure_frame = _validated(figure_rows, "figures") if figure_rows else None
        event_frame = _validated(event_rows, "events") if event_rows else None
        if figure_frame is not None:
            _check_quotes(figure_frame, text, "figure")
        if event_frame is not None:
            _check_quotes(event_frame, text, "event")
        for value in figure_statuses + event_statuses:
            if value not in ("pending", "accepted", "rejected"):
                raise StoreError(f"a new figure or event is pending, accepted or rejected, not '{value}'")

        with self._write() as conn:
            duplicate = self.find_duplicate(sha256=text_sha, url=source_row["url"], conn=conn) or (
                self.find_duplicate(sha256=original_sha, conn=conn))
            if duplicate:
                raise DuplicateDocument(*duplicate)
            known = set(conn.execute(sa.select(agencies.c.agency_id)).scalars())
            added_agencies = []
            if new_agencies is not None:
                for row in _records(new_agencies):
                    if row["agency_id"] in known:
                        raise StoreError(f"agency '{row['agency_id']}' is already in the registry")
                    if row["parent_id"] and row["parent_id"] not in known:
                        raise StoreError(f"agency '{row['agency_id']}' has an unknown parent '{row['parent_id']}'")
                    row["parent_id"] = row["parent_id"] or None
                    conn.execute(agencies.insert().values(**row))
                    self._audit(conn, actor.name, "agency.add", "agency", row["agency_id"], None, row, reason)
                    known.add(row["agency_id"])
                    added_agencies.append(row["agency_id"])

            number = max([_number(s) for s in conn.execute(sa.select(sources.c.source_id)).scalars()], default=-1) + 1
            source_id = f"{number:03d}_{original_sha[:16]}"
            source_row.update(source_id=source_id, text=text, original=original, original_name=original_name,
                              original_sha256=original_sha, added_at=_now(), added_by=actor.name)
            del source_row["path"]
            conn.execute(sources.insert().values(**source_row))
            self._audit(conn, actor.name, "source.add", "source", source_id, None, source_row, reason)

            figure_ids = self._insert_figures(conn, actor, source_id, number, figure_frame, figure_statuses,
                                              confidences, known, reason)
            event_ids = self._insert_events(conn, actor, source_id, number, event_frame, event_statuses, reason)
        return Added(source_id, tuple(figure_ids), tuple(event_ids), tuple(added_agencies))

    def _insert_figures(self, conn, actor, source_id, number, frame, statuses, confidences, known, reason):
        if frame is None:
            return []
        rows, ids = _records(frame), []
        renumber = {f"new-{i}": f"{number:03d}-{i + 1:02d}" for i in range(len(rows))}
        for row, row_status, confidence in zip(rows, statuses, confidences):
            figure_id = renumber[row["figure_id"]]
            for column in ("agency_id", "counterpart_id"):
                if row[column] and row[column] not in known:
                    raise StoreError(f"figure {figure_id}: unknown agency id '{row[column]}'; add it to the registry first")
                row[column] = row[column] or None
            if row_status == "accepted" and not row["agency_id"]:
                raise StoreError(f"figure {figure_id}: an accepted figure needs an agency")
            row.update(figure_id=figure_id, source_id=source_id, status=row_status,
                       restates_figure_id=renumber.get(row["restates_figure_id"], row["restates_figure_id"]),
                       part_of_figure_id=renumber.get(row.get("part_of_figure_id") or "", row.get("part_of_figure_id") or ""),
                       confidence=None if confidence is None or pd.isna(confidence) else float(confidence),
                       updated_at=_now(), updated_by=actor.name)
            conn.execute(figures.insert().values(**row))
            self._audit(conn, actor.name, "figure.add", "figure", figure_id, None, row, reason)
            ids.append(figure_id)
        return ids

    def _insert_events(self, conn, actor, source_id, number, frame, statuses, reason):
        if frame is None:
            return []
        ids = []
        for index, (row, row_status) in enumerate(zip(_records(frame), statuses)):
            event_id = f"E{number:03d}-{index + 1:02d}"
            row.update(event_id=event_id, source_id=source_id, status=row_status, updated_at=_now(),
                       updated_by=actor.name)
            conn.execute(events.insert().values(**row))
            self._audit(conn, actor.name, "event.add", "event", event_id, None, row, reason)
            ids.append(event_id)
        return ids

    def _figure_row(self, conn, figure_id: str) -> dict:
        row = conn.execute(sa.select(figures).where(figures.c.figure_id == figure_id)).mappings().first()
        if row is None:
            raise StoreError(f"no figure '{figure_id}'")
        return dict(row)

    def _update_figure(self, conn, actor: Actor, before: dict, after: dict, action: str, reason: str) -> dict:
        after = dict(after, version=before["version"] + 1, updated_at=_now(), updated_by=actor.name)
        result = conn.execute(figures.update()
                              .where(figures.c.figure_id == before["figure_id"], figures.c.version == before["version"])
                              .values(**{k: v for k, v in after.items() if k != "figure_id"}))
        if result.rowcount != 1:
            raise StoreError(f"figure {before['figure_id']} changed meanwhile; reload and try again")
        self._audit(conn, actor.name, action, "figure", before["figure_id"], before, after, reason)
        return after

    def correct_figure(self, actor: Actor, figure_id: str, changes: Mapping, reason: str) -> dict:
        """Change a figure's fields, keeping the old row in the audit log; a reason is required."""
        actor.require_editor("correct a figure")
        if not reason or not reason.strip():
            raise StoreError("say why the figure is corrected")
        unknown = sorted(set(changes) - set(CORRECTABLE))
        if unknown:
            raise StoreError(f"'{unknown[0]}' cannot be corrected; correctable fields: {', '.join(CORRECTABLE)}")
        with self._write() as conn:
            before = self._figure_row(conn, figure_id)
            if before["status"] in ("withdrawn", "rejected"):
                raise StoreError(f"figure {figure_id} is {before['status']}; it cannot be corrected")
            merged = {**before, **changes}
            merged = {k: ("" if v is None and k in _columns("figures") else v) for k, v in merged.items()}
            frame = _validated([merged], "figures")
            text = conn.execute(sa.select(sources.c.text).where(sources.c.source_id == before["source_id"])).scalar()
            _check_quotes(frame, text, f"figure {figure_id}")
            row = _records(frame)[0]
            known = set(conn.execute(sa.select(agencies.c.agency_id)).scalars())
            for column in ("agency_id", "counterpart_id"):
                if row[column] and row[column] not in known:
                    raise StoreError(f"figure {figure_id}: unknown agency id '{row[column]}'")
                row[column] = row[column] or None
            if before["status"] == "accepted" and not row["agency_id"]:
                raise StoreError(f"figure {figure_id}: an accepted figure needs an agency")
            after = {**before, **{k: row[k] for k in CORRECTABLE}}
            return self._update_figure(conn, actor, before, after, "figure.correct", reason.strip())

    def set_figure_status(self, actor: Actor, figure_id: str, status: str, reason: str = "") -> dict:
        """Accept, reject or withdraw a figure. Withdrawing needs a reason; nothing is deleted."""
        actor.require_editor("review figures")
        if status not in FIGURE_STATUSES or status == "pending":
            raise StoreError(f"a figure can be accepted, rejected or withdrawn, not '{status}'")
        if status == "withdrawn" and not (reason and reason.strip()):
            raise StoreError("say why the figure is withdrawn")
        with self._write() as conn:
            before = self._figure_row(conn, figure_id)
            if before["status"] == status:
                return before
            if before["status"] == "withdrawn":
                raise StoreError(f"figure {figure_id} is withdrawn; add a new figure instead")
            if status == "accepted" and not before["agency_id"]:
                raise StoreError(f"figure {figure_id} has no agency: correct it before accepting it")
            action = {"accepted": "figure.accept", "rejected": "figure.reject", "withdrawn": "figure.withdraw"}[status]
            return self._update_figure(conn, actor, before, {**before, "status": status}, action, (reason or "").strip())

    def withdraw_figure(self, actor: Actor, figure_id: str, reason: str) -> dict:
        return self.set_figure_status(actor, figure_id, "withdrawn", reason)

    def set_event_status(self, actor: Actor, event_id: str, status: str, reason: str = "") -> None:
        actor.require_editor("review events")
        if status not in ("accepted", "rejected", "withdrawn"):
            raise StoreError(f"an event can be accepted, rejected or withdrawn, not '{status}'")
        with self._write() as conn:
            before = conn.execute(sa.select(events).where(events.c.event_id == event_id)).mappings().first()
            if before is None:
                raise StoreError(f"no event '{event_id}'")
            before = dict(before)
            after = dict(before, status=status, updated_at=_now(), updated_by=actor.name)
            conn.execute(events.update().where(events.c.event_id == event_id)
                         .values(status=status, updated_at=after["updated_at"], updated_by=actor.name))
            self._audit(conn, actor.name, f"event.{status[:-2] if status.endswith('ed') else status}", "event",
                        event_id, before, after, reason)

    def add_agency(self, actor: Actor, agency: Mapping, reason: str = "") -> None:
        actor.require_editor("add an agency")
        row = _records(_validated([agency], "agencies"))[0]
        with self._write() as conn:
            known = set(conn.execute(sa.select(agencies.c.agency_id)).scalars())
            if row["agency_id"] in known:
                raise StoreError(f"agency '{row['agency_id']}' is already in the registry")
            if row["parent_id"] and row["parent_id"] not in known:
                raise StoreError(f"unknown parent agency '{row['parent_id']}'")
            row["parent_id"] = row["parent_id"] or None
            conn.execute(agencies.insert().values(**row))
            self._audit(conn, actor.name, "agency.add", "agency", row["agency_id"], None, row, reason)

    # -- bundle, backup, restore

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
        try:
            from .datapackage import write_datapackage
        except ImportError:
            write_datapackage = None
        if write_datapackage is not None:
            write_datapackage(directory)
        load_bundle(directory)  # what was written must read back and validate
        return directory

    def backup(self, target: str | os.PathLike) -> Path:
        """A consistent copy of the SQLite database, taken while others may be writing."""
        self._require_sqlite("backup")
        target = Path(target)
        if target.exists():
            raise StoreError(f"{target} already exists; choose a new file name")
        target.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(self.path)
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
            source.close()
        return target

    def restore(self, actor: Actor, backup: str | os.PathLike) -> None:
        """Replace the database's contents with a backup's, then log the restore in the audit log."""
        actor.require_editor("restore a backup")
        self._require_sqlite("restore")
        backup = Path(backup)
        if not backup.is_file():
            raise StoreError(f"no backup file at {backup}")
        try:
            check = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
            try:
                ok = check.execute("PRAGMA integrity_check").fetchone()[0]
                version = check.execute("SELECT max(version) FROM schema_version").fetchone()[0]
            finally:
                check.close()
        except sqlite3.DatabaseError:
            raise StoreError(f"{backup.name} is not a border-metrics backup") from None
        if ok != "ok":
            raise StoreError(f"{backup.name} is damaged: {ok}")
        if version is None or version > MIGRATIONS[-1][0]:
            raise StoreError(f"{backup.name} has schema version {version}, which this program cannot read")
        before = self.revision()
        self.engine.dispose()
        source = sqlite3.connect(backup)
        destination = sqlite3.connect(self.path, timeout=30)
        try:
            source.backup(destination)
        finally:
            destination.close()
            source.close()
        self.engine.dispose()
        self._migrate(seed_from=None)  # bring an older backup up to the current schema
        with self._write() as conn:
            self._audit(conn, actor.name, "store.restore", "store", backup.name, {"revision": before},
                        {"restored_from": backup.name}, "restored from a backup")

    def _require_sqlite(self, action: str) -> None:
        if self.dialect != "sqlite":
            raise StoreError(f"{action} works on SQLite files; for PostgreSQL use pg_dump -Fc and pg_restore")


@contextmanager
def _passthrough(conn):
    yield conn


def _sqlite_connect(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's begin hook below issues BEGIN itself
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")  # a committed report survives a power cut, not only a crash
    cursor.close()


def _sqlite_begin(conn) -> None:
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")
