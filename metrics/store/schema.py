"""The store's tables and the numbered migrations that build them.

A new column or table is a new step at the end of ``MIGRATIONS``; an applied step is never edited.
"""

from __future__ import annotations

import sqlalchemy as sa

from ..bundle import TABLES


def _columns(table: str) -> list[str]:
    return list(TABLES[table][1].to_schema().columns)


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
    _text("fetched_from"), _text("fetched_at"),  # a page fetched by link: its final address, and when (UTC)
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
stated_changes = sa.Table(  # what a report says a figure rose or fell by (metrics.extract.changes)
    "stated_changes", metadata,
    sa.Column("change_id", sa.Text, primary_key=True),
    sa.Column("source_id", sa.Text, sa.ForeignKey("sources.source_id"), nullable=False, index=True),
    _text("figure_id"),  # the figure it qualifies; empty when none was found
    _text("quote"),
    sa.Column("quote_start", sa.Integer, nullable=False),
    sa.Column("quote_end", sa.Integer, nullable=False),
    _text("direction"),  # up | down
    sa.Column("amount", sa.Float, nullable=False),
    sa.Column("is_percent", sa.Boolean, nullable=False),
    _text("unit"),  # as written; "%" for a percentage
    _text("base"),  # same_period | year | "" (not stated)
    sa.Column("base_year", sa.Integer, nullable=True),
    _text("base_text"),
    _text("added_at"), _text("added_by"),
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
document_copies = sa.Table(  # syndicated copies: the same article published again elsewhere
    "document_copies", metadata,
    sa.Column("copy_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source_id", sa.Text, sa.ForeignKey("sources.source_id"), nullable=False, index=True),  # the first copy
    _text("title"), _text("publisher"), _text("published"), _text("language"), _text("url", index=True),
    sa.Column("sha256", sa.Text, nullable=False, unique=True),  # of the text, as UTF-8
    _text("original_sha256", index=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("original", sa.LargeBinary, nullable=True),
    _text("original_name"), _text("fetched_from"), _text("fetched_at"),
    sa.Column("similarity", sa.Float, nullable=False),  # estimated Jaccard similarity of word shingles
    _text("added_at"), _text("added_by"),
)
watch_sources = sa.Table(  # feeds and folders read by `metrics watch run`
    "watch_sources", metadata,
    sa.Column("watch_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("location", sa.Text, nullable=False, unique=True),  # feed URL or folder path
    _text("label"), _text("publisher"), _text("language"),
    _text("topic_words"),  # ";"-separated words that also make an item on topic
    sa.Column("trusted", sa.Boolean, nullable=False, server_default=sa.false()),  # figures stored accepted
    _text("added_at"), _text("added_by"), _text("last_run_at"), _text("last_outcome"),
    sa.CheckConstraint("kind IN ('feed', 'folder')", name="watch_kind"),
)
watch_items = sa.Table(  # what a watch has already handled, so a second run adds nothing
    "watch_items", metadata,
    sa.Column("watch_id", sa.Integer, sa.ForeignKey("watch_sources.watch_id", ondelete="CASCADE"), primary_key=True),
    sa.Column("item_key", sa.Text, primary_key=True),  # entry id or link; file path and checksum
    _text("outcome"),  # stored | copy | duplicate | off_topic
    _text("source_id"), _text("seen_at"),
)
_DATA_TABLES = {"sources": sources, "agencies": agencies, "figures": figures, "events": events,
                "exchange_rates": exchange_rates, "conversions": conversions, "stated_changes": stated_changes}

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


def _migration_3(conn: sa.Connection) -> None:
    stated_changes.create(conn, checkfirst=True)  # a database made since has it from migration 1


def _migration_4(conn: sa.Connection) -> None:
    # Tables and columns added since migration 1; a database made since migration 1 has them already.
    metadata.create_all(conn, tables=[document_copies, watch_sources, watch_items], checkfirst=True)
    present = {column["name"] for column in sa.inspect(conn).get_columns("sources")}
    for column in ("fetched_from", "fetched_at"):
        if column not in present:
            conn.exec_driver_sql(f"ALTER TABLE sources ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")


def _migration_5(conn: sa.Connection) -> None:
    present = {column["name"] for column in sa.inspect(conn).get_columns("figures")}
    for column in ("window_basis", "window_precision"):
        if column not in present:
            conn.exec_driver_sql(f"ALTER TABLE figures ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
_DATED_REGISTRY_DEFAULTS = {"level": "national", "iso_code": "", "valid_from": "", "valid_to": "", "successor_id": "",
                            "source": "", "added_from_text": "false", "reviewed": "true"}


def _migration_6(conn: sa.Connection) -> None:
    """The dated registry: its columns, and on a database that already holds agencies, the project
    registry's rows (new units added, known ones given their level, codes and dates), each audited."""
    import json
    from datetime import datetime, timezone

    import pandas as pd

    from ..bundle import DEFAULT_BUNDLE, read_table

    present = {column["name"] for column in sa.inspect(conn).get_columns("agencies")}
    for column, default in _DATED_REGISTRY_DEFAULTS.items():
        if column not in present:
            conn.exec_driver_sql(f"ALTER TABLE agencies ADD COLUMN {column} TEXT NOT NULL DEFAULT '{default}'")
    stored = {row.agency_id: dict(row._mapping) for row in conn.execute(sa.select(agencies))}
    path = DEFAULT_BUNDLE / "agencies.csv"
    if not stored or not path.exists():  # a new database is seeded after its migrations
        return
    registry = read_table(pd.read_csv(path, dtype=str, keep_default_na=False), "agencies")
    audit = sa.table("audit_log", *[sa.column(c) for c in ("at", "actor", "action", "entity", "entity_id", "before",
                                                           "after", "reason")])
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    rows = registry.to_dict("records")
    placed = set(stored)
    while rows:
        ready = [r for r in rows if not r["parent_id"] or r["parent_id"] in placed]
        if not ready:
            break  # a parent missing from the file: load_bundle reports it
        for row in ready:
            before = stored.get(row["agency_id"])
            if before is None:
                conn.execute(agencies.insert().values(**dict(row, parent_id=row["parent_id"] or None)))
                action = "agency.add"
            else:
                dated = {c: row[c] for c in _DATED_REGISTRY_DEFAULTS}
                conn.execute(agencies.update().where(agencies.c.agency_id == row["agency_id"]).values(**dated))
                action = "agency.date"
            conn.execute(audit.insert().values(at=now, actor="schema migration 6", action=action, entity="agency",
                                               entity_id=row["agency_id"], before=json.dumps(before, ensure_ascii=False)
                                               if before else None, after=json.dumps(row, ensure_ascii=False),
                                               reason="the dated registry of data/agencies.csv"))
            placed.add(row["agency_id"])
        rows = [r for r in rows if r["agency_id"] not in placed]


MIGRATIONS = [(1, "sources, agencies, figures, events, reference tables, append-only audit log", _migration_1),
              (2, "figures.part_of_figure_id: a part of a total reported before it", _migration_2),
              (3, "stated_changes: changes a report states ('tăng 12 vụ so với cùng kỳ'), tied to their figures", _migration_3),
              (4, "documents fetched by link, syndicated copies, watched feeds and folders", _migration_4),
              (5, "figures.window_basis and window_precision: how each window was found, and its precision", _migration_5),
              (6, "agencies dated (level, ISO code, valid from/to, successor, source, added from text, reviewed)",
               _migration_6)]
