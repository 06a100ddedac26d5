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
- The schema is versioned in ``schema_version``; ``MIGRATIONS`` (``schema.py``) lists each step once.

``Store`` is composed of one part per thing it keeps: ``documents.py``, ``copies.py``
(syndicated copies), ``figures.py``, ``events.py``, ``agencies.py``, ``watches.py`` (watched
feeds and folders), ``bundles.py``, ``backup.py`` and ``audit.py``, over the connection in
``database.py``.
"""

from __future__ import annotations

from .agencies import AgencyStore
from .audit import AuditLog
from .backup import BackupStore
from .bundles import BundleStore, StoredBundle
from .changes import StatedChangeStore
from .copies import CopyStore
from .database import DEFAULT_DB_PATH, Database, DuplicateDocument, StoreError, database_url
from .documents import Added, DocumentStore
from .events import EventStore
from .figures import CORRECTABLE, FIGURE_STATUSES, FigureStore, figure_changes
from .schema import MIGRATIONS
from .watches import WATCH_KINDS, WatchStore

__all__ = [
    "Added",
    "CORRECTABLE",
    "DEFAULT_DB_PATH",
    "DuplicateDocument",
    "FIGURE_STATUSES",
    "MIGRATIONS",
    "Store",
    "StoreError",
    "StoredBundle",
    "WATCH_KINDS",
    "database_url",
    "figure_changes",
]


class Store(DocumentStore, CopyStore, FigureStore, EventStore, StatedChangeStore, AgencyStore, WatchStore, BundleStore,
            BackupStore, AuditLog, Database):
    """The project's database. ``Store()`` opens (and on first use creates and fills) the default file."""
