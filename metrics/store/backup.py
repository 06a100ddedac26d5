"""Backups of an SQLite store, and restoring one (PostgreSQL has pg_dump and pg_restore)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ..access import Actor
from .database import StoreError
from .schema import MIGRATIONS


class BackupStore:
    """Consistent copies of the database file, and putting one back."""

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
