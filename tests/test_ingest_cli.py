"""``python -m metrics ingest|sources|export-bundle|backup|restore``, run as a user runs them.

The extractor is stubbed (it proposes the first FIGURES_PER_DOCUMENT "N đối tượng" of a
document), so these tests check storing, not extraction; one test uses the real extractor and
asserts only structure. The kill tests run the command in a subprocess and really kill it.
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from metrics.bundle import load_bundle
from metrics.store import Store

ROOT = Path(__file__).resolve().parent.parent
FIGURES_PER_DOCUMENT = 2

LAUNCHER = """
import os, re, sys, time
from types import SimpleNamespace

import metrics.extract
from metrics import store as store_module


def stub(data, filename, published, language):
    text = data.decode("utf-8")
    figures = []
    for match in list(re.finditer(r"\\d+ đối tượng", text))[:FIGURES]:
        figures.append(SimpleNamespace(
            metric="persons_arrested", category="all_crime", value=float(match.group().split()[0]),
            unit="đối tượng", qualifier="exact", period_start=None, period_end=None, period_text="",
            agency="vn-bdbp", counterpart="", quote=match.group(), start=match.start(), end=match.end(),
            confidence=0.9, restates=None, note=""))
    return SimpleNamespace(figures=figures, events=[], unknown_agencies=[], warnings=[])


extractions, pause_extraction = [], int(os.environ.get("PAUSE_IN_EXTRACTION", "0"))


def paused_stub(*args, **kwargs):
    extractions.append(1)
    if len(extractions) == pause_extraction:  # between two transactions
        print("EXTRACTING", flush=True)
        time.sleep(600)
    return stub(*args, **kwargs)


if os.environ.get("STUB_EXTRACTOR"):
    metrics.extract.extract_document = paused_stub
pause_at = int(os.environ.get("PAUSE_IN_TRANSACTION", "0"))
if pause_at:
    original, calls = store_module.Store._insert_figures, []

    def paused(self, *args, **kwargs):
        ids = original(self, *args, **kwargs)  # the source and its figures are written, not committed
        calls.append(1)
        if len(calls) == pause_at:
            print("MID-TRANSACTION", flush=True)
            time.sleep(600)
        return ids

    store_module.Store._insert_figures = paused

from metrics.cli import main

sys.exit(main(sys.argv[1:]))
""".replace("FIGURES", str(FIGURES_PER_DOCUMENT))


def stub_extractor(data, filename, published, language):
    """One figure per "N đối tượng", at most FIGURES_PER_DOCUMENT: enough to check storing."""
    import re
    from types import SimpleNamespace

    text = data.decode("utf-8")
    figures = [SimpleNamespace(
        metric="persons_arrested", category="all_crime", value=float(m.group().split()[0]), unit="đối tượng",
        qualifier="exact", period_start=None, period_end=None, period_text="", agency="vn-bdbp", counterpart="",
        quote=m.group(), start=m.start(), end=m.end(), confidence=0.9, restates=None, note="")
        for m in list(re.finditer(r"\d+ đối tượng", text))[:FIGURES_PER_DOCUMENT]]
    return SimpleNamespace(figures=figures, events=[], unknown_agencies=[], warnings=[])


def report(i: int) -> str:
    return (f"Báo cáo số {i}. Ngày 3/5, Đồn Biên phòng bắt giữ {i + 10} đối tượng; "
            f"ngày 4/5 thêm {i + 2} đối tượng tại khu vực biên giới.\n")


@pytest.fixture
def launcher(tmp_path):
    path = tmp_path / "launch.py"
    path.write_text(LAUNCHER, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def seeded_template(tmp_path_factory):
    return Store(tmp_path_factory.mktemp("template") / "seeded.sqlite")


@pytest.fixture
def db(tmp_path, seeded_template):
    """A freshly seeded database file (a copy of one seeded once, to keep the suite quick)."""
    return seeded_template.backup(tmp_path / "store.sqlite")


@pytest.fixture
def run(capsys, monkeypatch):
    """Run the command line in this process (stub extractor unless stub=False); returns its outcome."""
    import metrics.extract
    from metrics.cli import main

    def invoke(*args, stub=True):
        if stub:
            monkeypatch.setattr(metrics.extract, "extract_document", stub_extractor)
        else:
            monkeypatch.undo()
        capsys.readouterr()
        code = main([str(arg) for arg in args])
        out, err = capsys.readouterr()
        return SimpleNamespace(returncode=code, stdout=out, stderr=err)

    return invoke


def write_reports(directory: Path, numbers) -> list[Path]:
    directory.mkdir(exist_ok=True)
    paths = []
    for i in numbers:
        path = directory / f"report-{i:02d}.txt"
        path.write_text(report(i), encoding="utf-8")
        paths.append(path)
    return paths


def test_ingest_shows_progress_and_a_summary(run, db, tmp_path):
    paths = write_reports(tmp_path / "in", range(3))
    result = run("ingest", *paths, "--published", "2025-05-04", "--db", db)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines[:3]] == ["[1/3]", "[2/3]", "[3/3]"]
    assert all(f"({FIGURES_PER_DOCUMENT} figures, 0 events, pending)" in line for line in lines[:3])
    assert lines[3].startswith("ingest: 3 stored, 0 duplicates skipped, 0 failed")
    frame = Store(db).sources_frame().set_index("source_id")
    new = frame[frame["added_by"].str.startswith("cli:")]
    assert len(new) == 3 and (new["pending"] == FIGURES_PER_DOCUMENT).all() and (new["accepted"] == 0).all()


def test_accepted_reports_reach_the_figures_command(run, db, tmp_path):
    (path,) = write_reports(tmp_path / "in", [7])
    assert run("ingest", path, "--published", "2025-05-04", "--accept", "--db", db).returncode == 0
    figures = run("figures", "--db", db, "--format", "json", "--include-left-out")
    quotes = {row["quote"] for row in json.loads(figures.stdout)}
    assert {"17 đối tượng", "9 đối tượng"} <= quotes


def test_a_duplicate_is_reported_and_skipped(run, db, tmp_path):
    (path,) = write_reports(tmp_path / "in", [1])
    run("ingest", path, "--published", "2025-05-04", "--db", db)
    copy = tmp_path / "copy-of-report.txt"
    copy.write_bytes(path.read_bytes())
    result = run("ingest", copy, "--published", "2025-05-04", "--db", db)
    assert result.returncode == 0
    assert "copy-of-report.txt: duplicate of 005_" in result.stdout
    assert "0 stored, 1 duplicate skipped" in result.stdout
    assert len(Store(db).sources_frame()) == 6


def test_a_same_url_is_a_duplicate(run, db, tmp_path):
    first, second = write_reports(tmp_path / "in", [1, 2])
    run("ingest", first, "--published", "2025-05-04", "--url", "https://bienphong.com.vn/x", "--db", db)
    result = run("ingest", second, "--published", "2025-05-04", "--url", "https://bienphong.com.vn/x", "--db", db)
    assert "duplicate" in result.stdout and len(Store(db).sources_frame()) == 6


def test_bad_files_are_one_line_each_and_do_not_stop_the_others(run, db, tmp_path):
    good = write_reports(tmp_path / "in", [1, 2])
    bad_pdf = tmp_path / "in" / "scan.pdf"
    bad_pdf.write_bytes(b"this is not a pdf")
    empty = tmp_path / "in" / "empty.txt"
    empty.write_bytes(b"")
    exe = tmp_path / "in" / "tool.exe"
    exe.write_bytes(b"MZ")
    result = run("ingest", good[0], bad_pdf, empty, tmp_path / "missing.txt", exe, good[1],
                 "--published", "2025-05-04", "--db", db)
    assert result.returncode == 1
    errors = result.stderr.splitlines()
    assert len(errors) == 4, result.stderr
    assert "Traceback" not in result.stderr
    assert errors[0].startswith("[2/6] error: scan.pdf: this is not a PDF file")
    assert errors[1].startswith("[3/6] error: empty.txt: the file is empty")
    assert errors[2].startswith("[4/6] error: missing.txt: no such file")
    assert errors[3].startswith("[5/6] error: tool.exe: unsupported file type")
    assert "ingest: 2 stored, 0 duplicates skipped, 4 failed" in result.stdout
    assert len(Store(db).sources_frame()) == 7


def test_a_missing_date_fails_that_file_only(run, db, tmp_path):
    (path,) = write_reports(tmp_path / "in", [1])
    result = run("ingest", path, "--db", db)
    assert result.returncode == 1
    assert "no publication date; pass --published YYYY-MM-DD" in result.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["ingest", "a.txt", "b.txt", "--title", "T"], "give a single PATH"),
        (["ingest", "a.txt", "--published", "4/5/2025"], "is not a date"),
        (["restore", "x.sqlite"], "add --yes"),
        (["backup", "x.sqlite", "--db", "postgresql://nobody@127.0.0.1:1/none"], "cannot open the database"),
    ],
)
def test_usage_errors_are_one_line(run, db, args, message):
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.splitlines()) == 1


NEW_REPORT = """Bộ đội Biên phòng tỉnh Sơn La tổng kết công tác năm 2025
Năm 2025, Bộ đội Biên phòng tỉnh Sơn La đã chủ trì, phối hợp phát hiện, bắt giữ 41 vụ, 57 đối tượng mua bán, vận chuyển trái phép chất ma túy, thu giữ 23 bánh heroin, 12,5 kg ma túy tổng hợp và 31.000 viên ma túy tổng hợp.
Đơn vị đã tổ chức 96 buổi tuyên truyền cho hơn 5.200 lượt người dân khu vực biên giới.
Dịp này, Bộ Chỉ huy Bộ đội Biên phòng tỉnh đã khen thưởng 14 tập thể và 22 cá nhân có thành tích xuất sắc."""


def test_the_real_extractor_stores_a_new_report_whole(run, db, tmp_path):
    """With the real extractor: whatever it proposes is stored with the document, offsets intact."""
    path = tmp_path / "son-la.txt"
    path.write_text(NEW_REPORT, encoding="utf-8")
    result = run("ingest", path, "--published", "2025-12-28", "--db", db, stub=False)
    assert result.returncode == 0, result.stderr
    store = Store(db)
    source_id = result.stdout.split("stored as ")[1].split()[0]
    stored = store.figures_frame(source_id=source_id)
    assert len(stored) >= 3 and f"({len(stored)} figures" in result.stdout
    assert store.source_text(source_id) == NEW_REPORT
    for row in stored.itertuples():
        assert store.source_text(source_id)[row.quote_start:row.quote_end] == row.quote


def test_a_seed_report_under_a_new_header_is_linked_as_a_copy_not_proposed_again(run, db, tmp_path):
    text = "Bản tin tổng hợp.\n" + (ROOT / "data" / "sources" / "003_b927c23a097a318e.txt").read_text(encoding="utf-8")
    path = tmp_path / "bao-bien-phong.txt"
    path.write_text(text, encoding="utf-8")
    before = len(Store(db).figures_frame())
    result = run("ingest", path, "--published", "2025-09-24", "--db", db, stub=False)
    assert result.returncode == 0, result.stderr
    assert "a copy of 003_b927c23a097a318e" in result.stdout
    store = Store(db)
    assert len(store.figures_frame()) == before
    assert store.source_counts()["003_b927c23a097a318e"] == 2


def test_sources_lists_every_document_with_its_figure_count(run, db, tmp_path):
    run("ingest", *write_reports(tmp_path / "in", [1]), "--published", "2025-05-04", "--db", db)
    rows = json.loads(run("sources", "--db", db, "--format", "json").stdout)
    assert len(rows) == 6
    assert {"source_id", "title", "publisher", "published", "url", "sha256", "figures"} <= set(rows[0])
    counts = {row["source_id"][:3]: row["figures"] for row in rows}
    assert counts["003"] == 19 and counts["005"] == FIGURES_PER_DOCUMENT
    csv = run("sources", "--db", db).stdout.splitlines()
    assert csv[0].startswith("source_id,title,publisher,published") and len(csv) == 7


def test_export_bundle_writes_a_bundle_that_validates(run, db, tmp_path):
    run("ingest", *write_reports(tmp_path / "in", [1]), "--published", "2025-05-04", "--accept", "--db", db)
    result = run("export-bundle", tmp_path / "out", "--db", db)
    assert result.returncode == 0, result.stderr
    bundle = load_bundle(tmp_path / "out")
    assert len(bundle.sources) == 6 and len(bundle.figures) == 23 + FIGURES_PER_DOCUMENT
    assert json.loads((tmp_path / "out" / "datapackage.json").read_text(encoding="utf-8"))["resources"]


def test_backup_then_restore(run, db, tmp_path):
    run("sources", "--db", db)
    assert run("backup", tmp_path / "b.sqlite", "--db", db).returncode == 0
    run("ingest", *write_reports(tmp_path / "in", [1]), "--published", "2025-05-04", "--db", db)
    assert len(Store(db).sources_frame()) == 6
    assert run("restore", tmp_path / "b.sqlite", "--yes", "--db", db).returncode == 0
    assert len(Store(db).sources_frame()) == 5


def _read_until(process, marker: str, seen: list[str]) -> None:
    for line in process.stdout:
        seen.append(line)
        if marker in line:
            return


def _check_whole_or_absent(db: Path, stored_before_kill: set[str]) -> set[str]:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store = Store(db)
    frame = store.sources_frame()
    new = frame[frame["added_by"].str.startswith("cli:")]
    assert (new["figures"] == FIGURES_PER_DOCUMENT).all(), new  # no document without all its figures
    assert stored_before_kill <= set(new["source_id"])  # nothing reported as stored was lost
    audit = store.audit_frame()
    for source_id in new["source_id"]:  # every stored document has its audit rows
        assert (audit["entity_id"] == source_id).sum() == 1
        assert (audit["entity_id"].str.startswith(source_id[:3] + "-")).sum() == FIGURES_PER_DOCUMENT
    orphans = set(store.figures_frame()["source_id"]) - set(frame["source_id"])
    assert not orphans
    return set(new["source_id"])


def _kill(launcher, db, tmp_path, marker: str, **env):
    paths = write_reports(tmp_path / "in", range(12))
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "STUB_EXTRACTOR": "1", **env}
    process = subprocess.Popen([sys.executable, str(launcher), "ingest", *map(str, paths), "--published",
                                "2025-05-04", "--db", str(db)], stdout=subprocess.PIPE, text=True, cwd=ROOT,
                               env=environment)
    seen: list[str] = []
    reader = threading.Thread(target=_read_until, args=(process, marker, seen), daemon=True)
    reader.start()
    reader.join(timeout=240)  # a guard against a hang, not a timing assertion
    assert any(marker in line for line in seen), f"never saw {marker!r}: {seen}"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    return {line.split("stored as ")[1].split()[0] for line in seen if "stored as" in line}


def test_kill_9_inside_a_transaction_leaves_the_document_absent(launcher, run, db, tmp_path):
    stored = _kill(launcher, db, tmp_path, "MID-TRANSACTION", PAUSE_IN_TRANSACTION="4")
    assert len(stored) == 3
    assert _check_whole_or_absent(db, stored) == stored  # the fourth, killed mid-write, is absent
    result = run("ingest", *sorted((tmp_path / "in").glob("*.txt")), "--published", "2025-05-04", "--db", db)
    assert "9 stored, 3 duplicates skipped, 0 failed" in result.stdout  # a rerun completes the batch


def test_kill_9_between_documents_keeps_every_stored_one(launcher, db, tmp_path):
    stored = _kill(launcher, db, tmp_path, "EXTRACTING", PAUSE_IN_EXTRACTION="6")
    assert len(stored) == 5
    assert _check_whole_or_absent(db, stored) == stored


def test_a_part_of_a_total_is_stored_pointing_to_it_and_never_added_to_it(run, db, tmp_path):
    """'215 vụ, trong đó 168 vụ về ma túy': two figures, the second part of the first. By category both
    count; the cases tile (a sum over categories) counts 215, not 383."""
    from metrics.aggregate import Filters, select
    from metrics.figures import figures_from_bundle
    from metrics.headlines import headline_tiles
    from metrics.snapshot import compact

    path = tmp_path / "year-review.txt"
    path.write_text("Tổng kết năm 2024\n\nNăm 2024, Bộ đội Biên phòng đã phát hiện, bắt giữ 215 vụ vi phạm pháp luật, "
                    "trong đó 168 vụ về ma túy.\n", encoding="utf-8")
    result = run("ingest", path, "--published", "2025-01-15", "--accept", "--db", db, stub=False)
    assert result.returncode == 0, result.stderr
    bundle = Store(db).bundle()
    new = bundle.figures[bundle.figures["quote"].isin(["215 vụ", "168 vụ về ma túy"])].set_index("quote")
    assert new.loc["168 vụ về ma túy", "part_of_figure_id"] == new.loc["215 vụ", "figure_id"]
    assert new.loc["215 vụ", "part_of_figure_id"] == ""

    for frame in (figures_from_bundle(bundle), compact(figures_from_bundle(bundle))):
        selection = select(frame, Filters(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31)), bundle.registry)
        counted = selection.included.set_index("quote")
        assert bool(counted.loc["168 vụ về ma túy", "in_counted_total"]) and not bool(counted.loc["215 vụ", "in_counted_total"])
        cases = headline_tiles(selection.included).set_index("metric").loc["cases"]
        assert cases["value"] == 215
        # Filtered to the drug category, the total is not in the selection: the part counts on its own.
        drugs_only = select(frame, Filters(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31),
                                           categories=("drug_trafficking",)), bundle.registry)
        assert headline_tiles(drugs_only.included).set_index("metric").loc["cases", "value"] == 168


# ---------------------------------------------------------------- links, review, figures by status

def test_links_and_files_mix_in_one_ingest_and_a_bad_link_is_one_line(run, db, tmp_path, site, monkeypatch):
    monkeypatch.setenv("BORDER_METRICS_ALLOW_PRIVATE_URLS", "1")
    (path,) = write_reports(tmp_path / "in", [3])
    result = run("ingest", site("/vi/heroin.html"), path, site("/missing.html"), site("/syndicated/heroin-copy.html"),
                 "--published", "2025-11-20", "--db", db)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"[1/4] {site('/vi/heroin.html')}: stored as 005_")
    assert lines[1].startswith("[2/4] report-03.txt: stored as 006_")
    assert lines[2].startswith(f"[4/4] {site('/syndicated/heroin-copy.html')}: a copy of 005_")
    assert f"error: {site('/missing.html')}: the server answered 404 Not Found" in result.stderr
    assert lines[-1].startswith("ingest: 2 stored, 1 linked as copies, 0 duplicates skipped, 1 failed")
    stored = Store(db).sources_frame().iloc[-2]
    assert (stored["title"], stored["publisher"]) == ("Nghệ An: Triệt phá đường dây vận chuyển 18 bánh heroin qua biên giới",
                                                      "Báo Biên Cương")


def test_a_link_keeps_the_page_as_received_with_where_and_when(db, site, monkeypatch):
    import sqlalchemy as sa

    from metrics.access import command_line_actor
    from metrics.ingest import ingest_url

    monkeypatch.setenv("BORDER_METRICS_ALLOW_PRIVATE_URLS", "1")
    store = Store(db)
    result = ingest_url(store, command_line_actor(), site("/redirect"), extractor=stub_extractor)
    assert result.outcome == "stored"
    with store.engine.connect() as conn:
        row = conn.execute(sa.text("SELECT url, fetched_from, fetched_at, original, original_name, published "
                                   "FROM sources WHERE source_id = :s"), {"s": result.source_id}).one()
    assert row.url == site("/redirect") and row.fetched_from == site("/vi/heroin.html")
    assert row.fetched_at.endswith("+00:00") and row.published == "2025-11-20"
    assert row.original == (ROOT / "tests/fixtures/web/vi-heroin.html").read_bytes() and row.original_name == "heroin.html"
    again = ingest_url(store, command_line_actor(), site("/vi/heroin.html"), extractor=stub_extractor)
    assert (again.outcome, again.source_id) == ("duplicate", result.source_id)  # its final address is known


def test_a_loopback_link_is_refused_without_the_setting(run, db, site, monkeypatch):
    monkeypatch.delenv("BORDER_METRICS_ALLOW_PRIVATE_URLS", raising=False)
    result = run("ingest", site("/vi/heroin.html"), "--db", db)
    assert result.returncode == 1
    assert "127.0.0.1 is on this machine or a private network (127.0.0.1); set BORDER_METRICS_ALLOW_PRIVATE_URLS=1" in result.stderr


def test_pending_figures_are_listed_by_status_and_reviewed_from_the_command_line(run, db, tmp_path):
    (path,) = write_reports(tmp_path / "in", [4])
    run("ingest", path, "--published", "2025-05-04", "--db", db)
    default = {row["quote"] for row in json.loads(run("figures", "--db", db, "--format", "json").stdout)}
    assert "14 đối tượng" not in default  # accepted is the default: pending figures are never in a total
    pending = json.loads(run("figures", "--status", "pending", "--db", db, "--format", "json").stdout)
    assert [(r["quote"], r["status"], r["publications"]) for r in pending] == [
        ("14 đối tượng", "pending", 1), ("6 đối tượng", "pending", 1)]
    ids = [r["figure_id"] for r in pending]
    accepted = run("review", "accept", ids[0], "--db", db, "--reason", "checked against the paper")
    assert (accepted.returncode, accepted.stdout) == (0, f"accepted 1 figure: {ids[0]}\n")
    assert run("review", "reject", ids[1], "--db", db).returncode == 0
    every = {r["figure_id"]: r["status"] for r in json.loads(run("figures", "--status", "all", "--db", db, "--format", "json").stdout)}
    assert (every[ids[0]], every[ids[1]]) == ("accepted", "rejected")
    assert "14 đối tượng" in {row["quote"] for row in json.loads(run("figures", "--db", db, "--format", "json").stdout)}
    unknown = run("review", "accept", "999-01", "--db", db)
    assert (unknown.returncode, unknown.stderr) == (2, "error: no figure '999-01'\n")


def test_stored_rows_say_how_each_window_was_found():
    from metrics.extract import extract
    from metrics.ingest import figure_rows

    text = "Sáng 14/5, Đồn Biên phòng bắt 1 đối tượng. Tổ công tác thu giữ 3 bánh heroin."
    rows, _ = figure_rows(extract(text, date(2025, 5, 20), "vi"), accept=False)
    assert [(r["quote"], r["period_start"], r["window_basis"], r["window_precision"]) for r in rows] == [
        ("1 đối tượng", "2025-05-14", "publication", "day"), ("3 bánh heroin", "2025-05-14", "inherited", "day")]
