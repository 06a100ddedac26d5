import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from metrics.access import Actor, PermissionDenied
from metrics.bundle import load_bundle
from metrics.categories import CATEGORIES_CSV
from metrics.store import MIGRATIONS, DEFAULT_DB_PATH, DuplicateDocument, Store, StoreError, database_url, figure_changes

ROOT = Path(__file__).resolve().parent.parent
EDITOR = Actor("an@example.org", True, "test editor")
VIEWER = Actor("binh@example.org", False, "not an editor")
TEXT = "Ngày 3/5, Đồn Biên phòng Na Mèo bắt giữ 12 đối tượng và thu giữ 3 bánh heroin tại khu vực biên giới."


def figure(text=TEXT, quote="12 đối tượng", **changes):
    start = text.index(quote)
    row = {"quote": quote, "quote_start": start, "quote_end": start + len(quote), "agency_id": "vn-bdbp",
           "counterpart_id": "", "metric": "persons_arrested", "category": "all_crime", "value": 12,
           "unit": "đối tượng", "qualifier": "exact", "period_start": "2025-05-03", "period_end": "2025-05-03",
           "period_text": "Ngày 3/5", "restates_figure_id": "", "notes": ""}
    row.update(changes)
    return row


def source(**changes):
    return {"title": "Bắt giữ 12 đối tượng", "publisher": "Báo Biên phòng", "published": "2025-05-04",
            "language": "vi", "url": "", **changes}


def frame_sorted(frame, keys):
    return frame.sort_values(keys).reset_index(drop=True)


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory):
    return Store(tmp_path_factory.mktemp("template") / "seeded.sqlite")


@pytest.fixture
def store(tmp_path, seeded_template):
    """A freshly seeded store: a copy of one seeded on first use, to keep the suite quick."""
    return Store(seeded_template.backup(tmp_path / "store.sqlite"))


def count(store, table):
    with store.engine.connect() as conn:
        return conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()


# ---------------------------------------------------------------- opening

def test_a_new_store_is_filled_from_the_bundle_and_reads_back_the_same(store):
    seeded, original = store.bundle(), load_bundle()
    for table, keys in [("sources", ["source_id"]), ("figures", ["figure_id"]), ("events", ["event_id"]),
                        ("agencies", ["agency_id"]), ("exchange_rates", ["currency", "year"]),
                        ("conversions", ["parameter"])]:
        pd.testing.assert_frame_equal(frame_sorted(getattr(seeded, table), keys),
                                      frame_sorted(getattr(original, table), keys), obj=table)
    for source_id in original.sources["source_id"]:
        assert seeded.source_text(source_id) == original.source_text(source_id)


def test_every_stored_quote_sits_at_its_offsets(store):
    bundle = store.bundle()
    for row in bundle.figures.itertuples():
        assert bundle.source_text(row.source_id)[row.quote_start:row.quote_end] == row.quote


def test_reopening_does_not_seed_twice(tmp_path):
    Store(tmp_path / "s.sqlite")
    again = Store(tmp_path / "s.sqlite")
    assert count(again, "sources") == 5
    assert len(again.audit_frame(entity="bundle")) == 1
    assert again.schema_version() == MIGRATIONS[-1][0]


def test_a_version_1_database_gains_the_part_of_column_and_keeps_its_figures(tmp_path):
    path = tmp_path / "old.sqlite"
    Store(path)
    with sqlite3.connect(path) as conn:  # back to what migration 1 made before figures had part_of_figure_id
        conn.execute("ALTER TABLE figures DROP COLUMN part_of_figure_id")
        conn.execute("DELETE FROM schema_version WHERE version > 1")
    reopened = Store(path)
    assert reopened.schema_version() == MIGRATIONS[-1][0]
    figures = reopened.bundle().figures
    assert len(figures) == 23 and (figures["part_of_figure_id"] == "").all()



def test_a_version_2_database_gains_the_window_columns(tmp_path):
    path = tmp_path / "old.sqlite"
    Store(path)
    with sqlite3.connect(path) as conn:  # back to what migration 4 made before figures said how their window was found
        conn.execute("ALTER TABLE figures DROP COLUMN window_basis")
        conn.execute("ALTER TABLE figures DROP COLUMN window_precision")
        conn.execute("DELETE FROM schema_version WHERE version > 4")
    reopened = Store(path)
    assert reopened.schema_version() == MIGRATIONS[-1][0]
    figures = reopened.bundle().figures
    assert len(figures) == 23 and (figures["window_basis"] == "").all() and (figures["window_precision"] == "").all()


def test_seeded_figures_keep_how_their_window_was_found(tmp_path):
    figures = Store(tmp_path / "s.sqlite").bundle().figures.set_index("figure_id")
    assert tuple(figures.loc["003-01", ["window_basis", "window_precision"]]) == ("publication", "month")
    assert tuple(figures.loc["004-02", ["window_basis", "window_precision"]]) == ("event", "day")


def test_a_version_5_database_learns_the_dated_registry_with_an_audit_entry_per_agency(tmp_path):
    path = tmp_path / "old.sqlite"
    Store(path)
    with sqlite3.connect(path) as conn:  # back to a version 5 registry: the seeds' 14 agencies, undated
        conn.execute("PRAGMA foreign_keys = OFF")
        for column in ("level", "iso_code", "valid_from", "valid_to", "successor_id", "source", "added_from_text",
                       "reviewed"):
            conn.execute(f"ALTER TABLE agencies DROP COLUMN {column}")
        conn.execute("DELETE FROM agencies WHERE agency_id LIKE 'vn-bdbp-%' OR agency_id LIKE '%-customs' "
                     "OR agency_id LIKE '%-security' OR agency_id IN ('vn-mof', 'la-mof', 'la-mond', 'la-border-defence')"
                     " OR (agency_id LIKE '%-police' AND agency_id NOT IN ('vn-nghean-police', 'la-bolikhamxay-police',"
                     " 'la-xiengkhouang-police', 'la-houaphanh-police'))")
        conn.execute("DELETE FROM schema_version WHERE version > 5")
    reopened = Store(path)
    assert reopened.schema_version() == MIGRATIONS[-1][0]
    registry = reopened.bundle().registry
    assert registry.successor("vn-bdbp-kontum") == "vn-bdbp-quangngai"
    assert registry["vn-nghean-police"].iso_code == "VN-22" and registry["vn-nghean-police"].level == "provincial"
    audit = reopened.audit_frame("agency")
    assert set(audit.loc[audit["entity_id"] == "vn-bdbp-quangtri", "action"]) == {"agency.add"}
    assert set(audit.loc[audit["entity_id"] == "vn-nghean-police", "action"]) == {"agency.date"}


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout_and_foreign_keys(store):
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_the_default_file_is_outside_tracked_files():
    assert DEFAULT_DB_PATH.parent.name == "var"
    ignored = subprocess.run(["git", "check-ignore", "-q", str(DEFAULT_DB_PATH)], cwd=ROOT)
    assert ignored.returncode == 0


def test_location_comes_from_argument_then_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("BORDER_METRICS_DB", str(tmp_path / "env.sqlite"))
    assert database_url() == f"sqlite:///{tmp_path / 'env.sqlite'}"
    assert database_url(tmp_path / "arg.sqlite") == f"sqlite:///{tmp_path / 'arg.sqlite'}"
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    monkeypatch.delenv("BORDER_METRICS_DB")
    assert database_url() == f"sqlite:///{DEFAULT_DB_PATH}"


def test_an_unopenable_database_is_one_sentence(tmp_path):
    (tmp_path / "not-a-db.sqlite").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open the database"):
        Store(tmp_path / "not-a-db.sqlite")


# ---------------------------------------------------------------- adding documents

def test_add_document_writes_source_figures_events_and_audit(store):
    before = store.revision()
    event = {"kind": "talks", "title": "Hội đàm", "start_date": "2025-05-03", "end_date": "2025-05-03",
             "date_precision": "day", "place": "Na Mèo", "country": "VN", "participant_ids": "vn-bdbp",
             "documents_signed": "", "quote": "Đồn Biên phòng Na Mèo", "quote_start": TEXT.index("Đồn"),
             "quote_end": TEXT.index("Đồn") + len("Đồn Biên phòng Na Mèo"), "notes": ""}
    added = store.add_document(EDITOR, source(), TEXT, [figure(), figure(quote="3 bánh", metric="drug_seized",
                               category="heroin", value=3, unit="bánh")], [event], status="accepted")
    assert added.source_id.startswith("005_")
    assert added.figure_ids == ("005-01", "005-02") and added.event_ids == ("E005-01",)
    bundle = store.bundle()
    assert set(added.figure_ids) <= set(bundle.figures["figure_id"])
    assert bundle.source_text(added.source_id) == TEXT
    audit = store.audit_frame()
    new = audit[audit["audit_id"] > before]
    assert sorted(new["action"]) == ["event.add", "figure.add", "figure.add", "source.add"]
    assert set(new["actor"]) == {"an@example.org"}
    assert store.revision() > before


def test_pending_figures_are_stored_but_not_shown_until_accepted(store):
    added = store.add_document(EDITOR, source(), TEXT, [figure()])
    assert added.figure_ids[0] not in set(store.bundle().figures["figure_id"])
    assert store.figures_frame(status="pending")["figure_id"].tolist() == list(added.figure_ids)
    store.set_figure_status(EDITOR, added.figure_ids[0], "accepted")
    assert added.figure_ids[0] in set(store.bundle().figures["figure_id"])


def test_a_figure_without_agency_can_wait_but_not_be_accepted(store):
    added = store.add_document(EDITOR, source(), TEXT, [figure(agency_id="")])
    with pytest.raises(StoreError, match="no agency"):
        store.set_figure_status(EDITOR, added.figure_ids[0], "accepted")
    with pytest.raises(StoreError, match="needs an agency"):
        store.add_document(EDITOR, source(url="https://x.vn/a"), TEXT + " ", [figure(agency_id="")], status="accepted")


@pytest.mark.parametrize(
    "rows, message",
    [
        ([figure(), figure(agency_id="vn-nowhere")], "unknown agency id 'vn-nowhere'"),
        ([figure(quote_start=0, quote_end=len("12 đối tượng"))], "not at characters"),
        ([figure(metric="biscuits")], "does not match its schema"),
        ([figure(period_start="2025-06-01", period_end="2025-05-01")], "does not match its schema"),
    ],
)
def test_a_bad_row_stores_nothing_at_all(store, rows, message):
    before = (store.revision(), count(store, "sources"), count(store, "figures"))
    with pytest.raises(StoreError, match=message):
        store.add_document(EDITOR, source(), TEXT, rows)
    assert (store.revision(), count(store, "sources"), count(store, "figures")) == before


def test_a_failure_after_rows_were_written_rolls_the_whole_document_back(store, monkeypatch):
    before = (store.revision(), count(store, "sources"), count(store, "figures"))

    def fail(*_args, **_kwargs):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(Store, "_insert_events", fail)  # runs after the source and figures are inserted
    with pytest.raises(RuntimeError):
        store.add_document(EDITOR, source(), TEXT, [figure()])
    assert (store.revision(), count(store, "sources"), count(store, "figures")) == before


@pytest.mark.parametrize("how", ["text", "original bytes", "url"])
def test_a_document_is_stored_only_once(store, how):
    first = store.add_document(EDITOR, source(url="https://bienphong.com.vn/a"), TEXT, original=b"raw-bytes")
    again = {"text": dict(text=TEXT), "original bytes": dict(text=TEXT + " khác", original=b"raw-bytes"),
             "url": dict(text=TEXT + " khác", source_override={"url": "https://bienphong.com.vn/a"})}[how]
    with pytest.raises(DuplicateDocument) as caught:
        store.add_document(EDITOR, source(**again.pop("source_override", {})), **again)
    assert caught.value.source_id == first.source_id
    assert count(store, "sources") == 6


def test_text_from_users_is_stored_verbatim_through_bound_parameters(store):
    title = "x'); DROP TABLE sources; --"
    added = store.add_document(EDITOR, source(title=title), TEXT + " <script>alert(1)</script>")
    assert store.sources_frame().set_index("source_id").loc[added.source_id, "title"] == title
    assert store.source_text(added.source_id).endswith("<script>alert(1)</script>")
    assert count(store, "sources") == 6


def test_new_agencies_are_added_with_the_document(store):
    agency = {"agency_id": "la-test-new-police", "country": "LA", "name_vi": "Công an tỉnh Bolikhămxay",
              "name_en": "Bolikhamxay Provincial Police", "kind": "provincial police", "parent_id": "",
              "aliases": "Công an Bolikhămxay"}
    added = store.add_document(EDITOR, source(), TEXT, [figure(agency_id="la-test-new-police")], agencies_in=[agency],
                               status="accepted")
    assert added.agency_ids == ("la-test-new-police",)
    assert "la-test-new-police" in store.bundle().registry.by_id


# ---------------------------------------------------------------- corrections and withdrawals

def test_a_correction_keeps_the_old_row_in_the_history(store):
    store.correct_figure(EDITOR, "003-01", {"value": 129, "notes": "typo in the first print"}, reason="checked the print edition")
    row = store.bundle().figures.set_index("figure_id").loc["003-01"]
    assert row["value"] == 129
    history = store.figure_history("003-01")
    assert history["action"].tolist() == ["figure.correct"]
    assert json.loads(history["before"].iloc[0])["value"] == 128
    assert json.loads(history["after"].iloc[0])["value"] == 129
    assert "value: 128.0 → 129" in history["changes"].iloc[0]
    assert history["reason"].iloc[0] == "checked the print edition"


@pytest.mark.parametrize(
    "changes, reason, message",
    [
        ({"value": 1}, "", "say why"),
        ({"figure_id": "x"}, "r", "cannot be corrected"),
        ({"status": "accepted"}, "r", "cannot be corrected"),
        ({"agency_id": "vn-nowhere"}, "r", "unknown agency"),
        ({"quote_start": 0}, "r", "does not match its schema|not at characters"),
        ({"value": -3}, "r", "does not match its schema"),
    ],
)
def test_a_bad_correction_changes_nothing(store, changes, reason, message):
    before = store.revision()
    with pytest.raises(StoreError, match=message):
        store.correct_figure(EDITOR, "003-01", changes, reason)
    assert store.revision() == before
    assert store.bundle().figures.set_index("figure_id").loc["003-01", "value"] == 128


def test_a_withdrawn_figure_leaves_the_dashboard_but_not_the_store(store):
    with pytest.raises(StoreError, match="say why"):
        store.withdraw_figure(EDITOR, "003-01", "  ")
    store.withdraw_figure(EDITOR, "003-01", "double-counted with 003-02's source")
    assert "003-01" not in set(store.bundle().figures["figure_id"])
    assert store.figures_frame().set_index("figure_id").loc["003-01", "status"] == "withdrawn"
    assert store.figure_history("003-01")["action"].tolist() == ["figure.withdraw"]
    with pytest.raises(StoreError, match="withdrawn"):
        store.set_figure_status(EDITOR, "003-01", "accepted")


def test_withdrawing_a_restated_figure_keeps_the_bundle_valid(store):
    text = TEXT + " Tổng cộng 12 đối tượng đã bị bắt."
    second = text.rindex("12 đối tượng")
    restating = figure(text=text, quote_start=second, quote_end=second + len("12 đối tượng"), restates_figure_id="new-0")
    added = store.add_document(EDITOR, source(), text, [figure(text=text), restating], status="accepted")
    figures = store.bundle().figures.set_index("figure_id")
    assert figures.loc[added.figure_ids[1], "restates_figure_id"] == added.figure_ids[0]
    store.withdraw_figure(EDITOR, added.figure_ids[0], "wrong source")
    figures = store.bundle().figures.set_index("figure_id")  # validates, foreign keys included
    assert figures.loc[added.figure_ids[1], "restates_figure_id"] == ""


def test_a_stale_edit_is_refused(store):
    store.correct_figure(EDITOR, "003-01", {"value": 129}, "first")
    stale = store.figures_frame().set_index("figure_id").loc["003-01"].to_dict() | {"figure_id": "003-01", "version": 1}
    with store.engine.begin() as conn:
        with pytest.raises(StoreError, match="changed meanwhile"):
            store._update_figure(conn, EDITOR, stale, stale | {"value": 1.0}, "figure.correct", "stale")


# ---------------------------------------------------------------- audit and rights

@pytest.mark.parametrize("statement", ["UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"])
def test_the_audit_log_is_append_only(store, statement):
    with pytest.raises(sa.exc.DatabaseError, match="append-only"):
        with store.engine.begin() as conn:
            conn.exec_driver_sql(statement)
    assert count(store, "audit_log") == 1


@pytest.mark.parametrize(
    "write",
    [
        lambda s, who: s.add_document(who, source(), TEXT, [figure()]),
        lambda s, who: s.correct_figure(who, "003-01", {"value": 1}, "r"),
        lambda s, who: s.withdraw_figure(who, "003-01", "r"),
        lambda s, who: s.set_figure_status(who, "003-01", "rejected"),
        lambda s, who: s.add_agency(who, {"agency_id": "vn-x", "country": "VN", "name_vi": "X", "name_en": "X",
                                          "kind": "k", "parent_id": "", "aliases": ""}),
        lambda s, who: s.restore(who, "whatever.sqlite"),
    ],
    ids=["add", "correct", "withdraw", "review", "agency", "restore"],
)
def test_a_viewer_cannot_write_through_the_domain_layer(store, write):
    before = (store.revision(), count(store, "sources"), count(store, "agencies"))
    with pytest.raises(PermissionDenied, match="binh@example.org may not"):
        write(store, VIEWER)
    assert (store.revision(), count(store, "sources"), count(store, "agencies")) == before


# ---------------------------------------------------------------- concurrency

def test_two_writers_in_threads_both_persist(tmp_path):
    path = tmp_path / "shared.sqlite"
    Store(path)
    errors, barrier = [], threading.Barrier(2)

    def write(tag):
        store = Store(path)  # each session opens its own connection pool
        barrier.wait()
        try:
            for i in range(8):
                text = f"{TEXT} ({tag} {i})"
                store.add_document(EDITOR, source(title=f"{tag}{i}"), text, [figure(text=text)])
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(tag,)) for tag in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    store = Store(path)
    frame = store.sources_frame()
    assert len(frame) == 5 + 16
    assert frame["source_id"].is_unique
    assert (frame.loc[frame["added_by"] == "an@example.org", "figures"] == 1).all()


WRITER = """
import sys
import time
from pathlib import Path
from metrics.access import Actor
from metrics.store import Store
path, tag, n, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
store = Store(path)
while not go.exists():
    time.sleep(0.01)
for i in range(n):
    text = f"Đồn Biên phòng bắt giữ {i + 1} đối tượng ({tag})."
    quote = f"{i + 1} đối tượng"
    start = text.index(quote)
    row = dict(quote=quote, quote_start=start, quote_end=start + len(quote), agency_id="vn-bdbp", counterpart_id="",
               metric="persons_arrested", category="all_crime", value=i + 1, unit="đối tượng", qualifier="exact",
               period_start="", period_end="", period_text="", restates_figure_id="", notes="")
    store.add_document(Actor(f"writer-{tag}", True), dict(title=f"{tag} {i}", published="2025-05-04", language="vi"),
                       text, [row], status="accepted")
"""


def test_two_writer_processes_both_persist(tmp_path):
    path, go = tmp_path / "shared.sqlite", tmp_path / "go"
    Store(path)
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    processes = [subprocess.Popen([sys.executable, str(script), str(path), tag, "8", str(go)], cwd=ROOT, env=env,
                                  stderr=subprocess.PIPE, text=True) for tag in "ab"]
    go.touch()
    outcomes = [(p.wait(timeout=120), p.stderr.read()) for p in processes]
    assert outcomes == [(0, ""), (0, "")]
    store = Store(path)
    frame = store.sources_frame()
    assert sorted(frame.loc[frame["added_by"].str.startswith("writer-"), "added_by"].value_counts().tolist()) == [8, 8]
    assert store.integrity_check() == "ok"
    assert len(store.bundle().figures) == 23 + 16


# ---------------------------------------------------------------- bundle, backup, restore

def test_export_bundle_reads_back_as_a_valid_bundle(store, tmp_path):
    added = store.add_document(EDITOR, source(), TEXT, [figure()], status="accepted")
    directory = store.export_bundle(tmp_path / "out")
    exported = load_bundle(directory)  # validates schemas and foreign keys
    assert (directory / "datapackage.json").exists()
    assert added.source_id in set(exported.sources["source_id"])
    pd.testing.assert_frame_equal(frame_sorted(exported.figures, ["figure_id"]),
                                  frame_sorted(store.bundle().figures, ["figure_id"]))
    import hashlib

    for row in exported.sources.itertuples():
        assert hashlib.sha256((directory / row.path).read_bytes()).hexdigest() == row.sha256


def test_export_bundle_writes_every_file_its_datapackage_describes(store, tmp_path):
    """Regression: categories.csv was described in datapackage.json but not written."""
    directory = store.export_bundle(tmp_path / "out")
    described = {r["path"] for r in json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))["resources"]}
    written = {p.name for p in directory.glob("*.csv")}
    assert "categories.csv" in described and described == written
    assert (directory / "categories.csv").read_bytes() == CATEGORIES_CSV.read_bytes()


def test_an_exported_bundle_imports_into_an_empty_store(store, tmp_path):
    store.add_document(EDITOR, source(), TEXT, [figure()], status="accepted")
    exported = load_bundle(store.export_bundle(tmp_path / "out"))
    empty = Store(tmp_path / "empty.sqlite", seed_from=None)
    assert count(empty, "sources") == 0
    empty.import_bundle(exported, EDITOR)
    pd.testing.assert_frame_equal(frame_sorted(empty.bundle().figures, ["figure_id"]),
                                  frame_sorted(store.bundle().figures, ["figure_id"]))
    with pytest.raises(StoreError, match="already holds"):
        empty.import_bundle(exported, EDITOR)


def test_stated_changes_travel_with_an_exported_bundle_and_import_again(store, tmp_path):
    from metrics.ingest import ingest_bytes

    text = ("Trong 6 tháng đầu năm 2025, BĐBP tỉnh Nghệ An đã bắt giữ 37 vụ, tăng 12 vụ so với cùng kỳ năm 2024; "
            "bắt 52 đối tượng, giảm 5% so với cùng kỳ. Năm 2024, đơn vị thu giữ 18,2 kg heroin, tăng 3,1 kg so với năm 2023.")
    added = ingest_bytes(store, EDITOR, text.encode("utf-8"), "report.txt", published="2025-07-04", accept=True)
    cases, persons, heroin = store.figures_frame(added.source_id)["figure_id"]
    store.withdraw_figure(EDITOR, persons, "not an arrest count")
    exported = load_bundle(store.export_bundle(tmp_path / "out"))
    changes = exported.stated_changes.set_index("quote")
    assert changes.loc["tăng 12 vụ", ["figure_id", "direction", "amount", "is_percent", "base"]].tolist() == [
        cases, "up", 12.0, "false", "same_period"]
    # the figure a change qualifies is no longer accepted: the change stays, pointing at nothing shown
    assert changes.loc["giảm 5%", ["figure_id", "is_percent", "base", "base_year"]].tolist() == ["", "true", "same_period", ""]
    assert changes.loc["tăng 3,1 kg", ["figure_id", "amount", "base", "base_year"]].tolist() == [heroin, 3.1, "year", "2023"]
    empty = Store(tmp_path / "empty.sqlite", seed_from=None)
    empty.import_bundle(exported, EDITOR)
    assert empty.stated_changes_frame()["quote"].tolist() == ["tăng 12 vụ", "giảm 5%", "tăng 3,1 kg"]
    pd.testing.assert_frame_equal(empty.bundle().stated_changes, exported.stated_changes)


def sources_counted(bundle, figure_id):
    """n_sources on the figure, on its metric's Overview tile and on its `metrics summary` row, over the figure's day."""
    from datetime import date

    from metrics.aggregate import Filters, select
    from metrics.figures import figures_from_bundle
    from metrics.headlines import headline_tiles
    from metrics.summary import summary

    selection = select(figures_from_bundle(bundle), Filters(date_from=date(2025, 5, 3), date_to=date(2025, 5, 3)),
                       bundle.registry)
    standing = selection.included.set_index("figure_id").loc[figure_id]
    tile = headline_tiles(selection.included).set_index("metric").loc[standing["metric"]]
    rows = summary(selection)
    row = rows[(rows["metric"] == standing["metric"]) & (rows["agency_id"] == standing["agency_id"])].iloc[0]
    return int(standing["n_sources"]), int(tile["n_sources"]), int(row["n_sources"])


def test_syndicated_copies_travel_with_an_exported_bundle_and_import_again(store, tmp_path):
    """Regression: export-bundle left the copies out, so a figure from a report and two syndicated copies of it
    counted 1 source in the exported bundle (and in a store it was imported into) where the store counted 3."""
    from metrics.snapshot import load_with_snapshot

    added = store.add_document(EDITOR, source(), TEXT, [figure()], status="accepted")
    copies = {outlet: f"{outlet} đăng lại. {TEXT}" for outlet in ("Báo Quảng Trị", "Tuổi Trẻ")}
    for number, (outlet, text) in enumerate(copies.items()):
        store.add_copy(EDITOR, added.source_id, source(publisher=outlet, url=f"https://example.org/{number}"), text,
                       similarity=0.9)
    (figure_id,) = added.figure_ids
    assert sources_counted(store.bundle(), figure_id) == (3, 3, 3)

    directory = store.export_bundle(tmp_path / "out")
    exported = load_bundle(directory)
    assert exported.copies[["copy_id", "source_id", "publisher"]].values.tolist() == [
        [f"{added.source_id}-copy-01", added.source_id, "Báo Quảng Trị"],
        [f"{added.source_id}-copy-02", added.source_id, "Tuổi Trẻ"]]
    import hashlib

    for row in exported.copies.itertuples():
        assert (directory / row.path).read_bytes() == copies[row.publisher].encode("utf-8")
        assert hashlib.sha256((directory / row.path).read_bytes()).hexdigest() == row.sha256
    assert sources_counted(exported, figure_id) == (3, 3, 3)
    _, snapshot_figures = load_with_snapshot(directory, cache=tmp_path / "cache")
    assert snapshot_figures.set_index("figure_id").loc[figure_id, "source_publications"] == 3

    empty = Store(tmp_path / "empty.sqlite", seed_from=None)
    assert empty.import_bundle(exported, EDITOR)["copies"] == 2
    assert sources_counted(empty.bundle(), figure_id) == (3, 3, 3)
    assert empty.source_counts()[added.source_id] == 3
    seeded = Store(tmp_path / "seeded.sqlite", seed_from=directory)
    assert sources_counted(seeded.bundle(), figure_id) == (3, 3, 3)
    # the copies keep their ids, and a copy already stored is recognised, through a second round trip
    pd.testing.assert_frame_equal(load_bundle(seeded.export_bundle(tmp_path / "again")).copies, exported.copies)
    assert seeded.find_duplicate(sha256=hashlib.sha256(copies["Tuổi Trẻ"].encode("utf-8")).hexdigest()) == (
        added.source_id, "checksum")


def test_a_bundle_written_before_stated_changes_existed_still_loads(tmp_path):
    import shutil

    shutil.copytree(ROOT / "data", tmp_path / "old")
    (tmp_path / "old" / "stated_changes.csv").unlink()
    assert load_bundle(tmp_path / "old").stated_changes.empty
    from metrics.snapshot import load_with_snapshot

    bundle, _ = load_with_snapshot(tmp_path / "old", cache=tmp_path / "cache")
    assert bundle.stated_changes.empty and len(bundle.figures) == 23


def test_backup_and_restore_round_trip(store, tmp_path):
    backup = store.backup(tmp_path / "backup.sqlite")
    added = store.add_document(EDITOR, source(), TEXT, [figure()])
    with pytest.raises(StoreError, match="already exists"):
        store.backup(backup)
    store.restore(EDITOR, backup)
    assert added.source_id not in set(store.sources_frame()["source_id"])
    assert store.audit_frame()["action"].tolist() == ["store.seed", "store.restore"]
    assert store.integrity_check() == "ok"
    with sqlite3.connect(backup) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_restoring_something_that_is_not_a_backup_is_refused(store, tmp_path):
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_bytes(b"not a database at all" * 50)
    with pytest.raises(StoreError, match="not a border-metrics backup"):
        store.restore(EDITOR, bogus)
    assert count(store, "sources") == 5


@pytest.mark.parametrize("proposed, expected", [
    ({"value": 128, "unit": "vụ", "period_text": "từ tháng 10/2023 đến nay"}, {}),
    ({"value": 130.0, "unit": " vụ "}, {"value": 130.0}),
    ({"counterpart_id": "", "restates_figure_id": None}, {}),
    ({"period_start": "", "category": "heroin"}, {"period_start": "", "category": "heroin"}),
])
def test_figure_changes_are_only_the_fields_that_differ(store, proposed, expected):
    before = store.figures_frame().set_index("figure_id").loc["003-01"].to_dict()
    assert figure_changes(before, proposed) == expected


def test_figure_changes_refuse_a_field_that_cannot_be_corrected():
    with pytest.raises(StoreError, match="'status' cannot be corrected"):
        figure_changes({"status": "accepted"}, {"status": "withdrawn"})
