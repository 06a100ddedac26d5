"""The connection to the store's database: engine, transactions, migrations, and row helpers."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import make_url

from ..bundle import DEFAULT_BUNDLE, TABLES, BundleError, read_table
from .schema import MIGRATIONS, _columns, schema_version


DEFAULT_DB_PATH = Path(__file__).resolve().parents[2] / "var" / "border-metrics.sqlite"

_PG_WRITE_LOCK = 0x626D6574  # "bmet": one advisory lock for all writes


class StoreError(ValueError):
    """A store operation cannot be done as asked; the message says why."""


class DuplicateDocument(StoreError):
    def __init__(self, source_id: str, matched: str):
        super().__init__(f"this document is already stored as {source_id} (same {matched})")
        self.source_id = source_id


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


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


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
    # A column a caller leaves out takes the schema's default (an agency's level, whether reviewed...).
    defaults = {name: column.default or "" for name, column in TABLES[table][1].to_schema().columns.items()}
    frame = pd.DataFrame([{c: _iso(row.get(c, defaults[c])) for c in columns} for row in rows], columns=columns,
                         dtype=str)
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


class Database:
    """The connection: engine, transactions and migrations; the other parts of ``Store`` build on it."""

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

    def _frame(self, query, table: sa.Table) -> pd.DataFrame:
        """The rows of ``query`` as a frame with ``table``'s columns, even when there are none."""
        with self._read() as conn:
            return pd.DataFrame(conn.execute(query).mappings().all(), columns=[c.name for c in table.columns])

    def integrity_check(self) -> str:
        """``ok`` when the database file is sound (SQLite's integrity check; PostgreSQL checks itself)."""
        if self.dialect != "sqlite":
            return "ok"
        with self._read() as conn:
            return "; ".join(row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check"))

    def _require_sqlite(self, action: str) -> None:
        if self.dialect != "sqlite":
            raise StoreError(f"{action} works on SQLite files; for PostgreSQL use pg_dump -Fc and pg_restore")
