"""The store against a real PostgreSQL server: a throwaway cluster on loopback, started here.

Needs Debian's PostgreSQL binaries (``make test`` installs them); without them these tests
are skipped with the reason shown in the summary. As root, the cluster runs as the
``postgres`` system user, since PostgreSQL refuses to run as root.
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from metrics.access import Actor, PermissionDenied
from metrics.bundle import load_bundle
from metrics.store import MIGRATIONS, DuplicateDocument, Store, StoreError

pytestmark = pytest.mark.postgres

EDITOR = Actor("an@example.org", True)
TEXT = "Ngày 3/5, Đồn Biên phòng Na Mèo bắt giữ 12 đối tượng tại khu vực biên giới."


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    binaries = _binaries()
    if binaries is None:
        pytest.skip("PostgreSQL server binaries not found (apt-get install postgresql); `make test` installs them")
    as_user: list[str] = []
    directory = Path(tempfile.mkdtemp(prefix="border-metrics-pg-"))
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            pytest.skip("running as root without runuser: cannot start PostgreSQL as another user")
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(directory, "postgres")
    data, port = directory / "data", _free_port()

    def call(*command):
        return subprocess.run([*as_user, *map(str, command)], capture_output=True, text=True, timeout=120)

    initialised = call(binaries / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale")
    assert initialised.returncode == 0, initialised.stderr
    started = call(binaries / "pg_ctl", "-D", data, "-l", directory / "log", "-w", "-o",
                   f"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off", "start")
    assert started.returncode == 0, started.stderr + (directory / "log").read_text()
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        call(binaries / "pg_ctl", "-D", data, "-m", "immediate", "stop")
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def url(server, request):
    """A fresh database on the server for each test."""
    name = "t_" + "".join(ch if ch.isalnum() else "_" for ch in request.node.name.lower())[:50]
    admin = sa.create_engine(server.replace("postgresql://", "postgresql+psycopg://") + "/postgres",
                             isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return f"{server}/{name}"


def figure(text=TEXT, quote="12 đối tượng", **changes):
    start = text.index(quote)
    return {"quote": quote, "quote_start": start, "quote_end": start + len(quote), "agency_id": "vn-bdbp",
            "counterpart_id": "", "metric": "persons_arrested", "category": "all_crime", "value": 12,
            "unit": "đối tượng", "qualifier": "exact", "period_start": "", "period_end": "", "period_text": "",
            "restates_figure_id": "", "notes": "", **changes}


def source(**changes):
    return {"title": "Bắt giữ", "publisher": "Báo Biên phòng", "published": "2025-05-04", "language": "vi", **changes}


def test_a_new_postgres_store_is_seeded_and_reads_back_the_bundle(url):
    store = Store(url)
    assert store.dialect == "postgresql" and store.schema_version() == MIGRATIONS[-1][0]
    stored, original = store.bundle(), load_bundle()
    pd.testing.assert_frame_equal(stored.figures.sort_values("figure_id").reset_index(drop=True),
                                  original.figures.sort_values("figure_id").reset_index(drop=True))
    assert stored.source_text("003_b927c23a097a318e") == original.source_text("003_b927c23a097a318e")
    assert len(Store(url).sources_frame()) == 5  # reopening does not seed again


def test_add_correct_withdraw_and_history_on_postgres(url):
    store = Store(url)
    added = store.add_document(EDITOR, source(), TEXT, [figure()], status="accepted")
    store.correct_figure(EDITOR, added.figure_ids[0], {"value": 13}, "recount")
    store.withdraw_figure(EDITOR, added.figure_ids[0], "duplicate of another report")
    assert store.figure_history(added.figure_ids[0])["action"].tolist() == [
        "figure.add", "figure.correct", "figure.withdraw"]
    assert added.figure_ids[0] not in set(store.bundle().figures["figure_id"])
    with pytest.raises(DuplicateDocument):
        store.add_document(EDITOR, source(), TEXT)
    with pytest.raises(PermissionDenied):
        store.add_document(Actor("viewer", False), source(), TEXT + ".")


def test_a_failed_save_leaves_nothing_on_postgres(url, monkeypatch):
    store = Store(url)
    before = (store.revision(), len(store.sources_frame()))
    with pytest.raises(StoreError, match="unknown agency"):
        store.add_document(EDITOR, source(), TEXT, [figure(), figure(agency_id="vn-nowhere")])

    def fail(*_args, **_kwargs):
        raise RuntimeError("connection lost")

    monkeypatch.setattr(Store, "_insert_events", fail)
    with pytest.raises(RuntimeError):
        store.add_document(EDITOR, source(), TEXT, [figure()])
    assert (store.revision(), len(store.sources_frame())) == before


@pytest.mark.parametrize("statement", ["UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log",
                                       "TRUNCATE audit_log"])
def test_the_audit_log_is_append_only_on_postgres(url, statement):
    store = Store(url)
    with pytest.raises(sa.exc.DatabaseError, match="append-only"):
        with store.engine.begin() as conn:
            conn.exec_driver_sql(statement)
    assert store.revision() == 1


def test_concurrent_writers_both_persist_on_postgres(url):
    Store(url)
    errors, barrier = [], threading.Barrier(2)

    def write(tag):
        store = Store(url)
        barrier.wait()
        try:
            for i in range(6):
                text = f"{TEXT} ({tag} {i})"
                store.add_document(EDITOR, source(), text, [figure(text=text)], status="accepted")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(tag,)) for tag in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    store = Store(url)
    assert len(store.sources_frame()) == 5 + 12
    assert len(store.bundle().figures) == 23 + 12


def test_export_bundle_from_postgres_validates(url, tmp_path):
    store = Store(url)
    store.add_document(EDITOR, source(), TEXT, [figure()], status="accepted")
    exported = load_bundle(store.export_bundle(tmp_path / "out"))
    assert len(exported.figures) == 24


def test_backup_points_postgres_users_to_pg_dump(url, tmp_path):
    with pytest.raises(StoreError, match="pg_dump"):
        Store(url).backup(tmp_path / "b.sqlite")


def test_a_version_1_postgres_database_gains_the_part_of_column(url):
    store = Store(url)
    with store.engine.begin() as conn:  # back to what migration 1 made before figures had part_of_figure_id
        conn.exec_driver_sql("ALTER TABLE figures DROP COLUMN part_of_figure_id")
        conn.exec_driver_sql("DELETE FROM schema_version WHERE version > 1")
    reopened = Store(url)
    assert reopened.schema_version() == MIGRATIONS[-1][0]
    assert (reopened.bundle().figures["part_of_figure_id"] == "").all()
