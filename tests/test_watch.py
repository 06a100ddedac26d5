"""metrics.watch and ``metrics watch``: feeds and folders from the loopback site, with the real extractor.

No internet: the feeds, pages and failures are served by ``loopback_site`` on 127.0.0.1, which the
tests allow with ``BORDER_METRICS_ALLOW_PRIVATE_URLS=1``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from metrics.access import Actor
from metrics.store import Store, StoreError
from metrics.watch import TopicFilter, parse_interval, run_once

ROOT = Path(__file__).resolve().parent.parent
EDITOR = Actor("editor@example.org", True)
HEROIN_FIGURES = 5  # what the extractor proposes from the Vietnamese fixture (tests/fixtures/web/vi-heroin.html)


@pytest.fixture(scope="module")
def seeded_template(tmp_path_factory):
    return Store(tmp_path_factory.mktemp("template") / "seeded.sqlite")


@pytest.fixture
def store(tmp_path, seeded_template, monkeypatch):
    monkeypatch.setenv("BORDER_METRICS_ALLOW_PRIVATE_URLS", "1")
    return Store(seeded_template.backup(tmp_path / "store.sqlite"))


def counts(store: Store) -> tuple[int, int, int]:
    return len(store.sources_frame()), len(store.figures_frame()), len(store.copies_frame())


def test_a_feed_brings_in_its_reports_pending_skips_football_and_links_the_copy(store, site):
    store.add_watch(EDITOR, "feed", site("/feed.rss"))
    before = counts(store)
    lines = []
    report = run_once(store, EDITOR, log=lines.append)
    assert report.counts == {"stored": 1, "off_topic": 1, "copy": 1}, lines
    stored = store.sources_frame().iloc[-1]
    assert stored["url"] == site("/vi/heroin.html") and stored["title"].startswith("Nghệ An: Triệt phá")
    assert stored["publisher"] == "Báo Biên Cương" and stored["published"] == "2025-11-20"
    figures = store.figures_frame(source_id=stored["source_id"])
    assert len(figures) == HEROIN_FIGURES and set(figures["status"]) == {"pending"}
    copies = store.copies_frame()
    assert list(copies["source_id"]) == [stored["source_id"]] and copies["url"][0] == site("/syndicated/heroin-copy.html")
    assert counts(store) == (before[0] + 1, before[1] + HEROIN_FIGURES, 1)  # the copy brought no figures
    assert store.source_counts()[stored["source_id"]] == 2
    assert set(store.figure_source_counts()[figures["figure_id"]]) == {2}
    assert any("not about border enforcement" in line and "bong-da.html" in line for line in lines)


def test_watching_twice_adds_nothing(store, site):
    store.add_watch(EDITOR, "feed", site("/feed.rss"))
    store.add_watch(EDITOR, "feed", site("/feed.atom"))
    run_once(store, EDITOR)
    after_first, requests = counts(store), len(site.requests)
    report = run_once(store, EDITOR)
    assert counts(store) == after_first
    assert report.counts == {}
    assert len(site.requests) == requests + 2  # the two feeds, and no page again


def test_a_broken_feed_entry_and_failing_pages_get_one_sentence_each_and_the_others_land(store, site):
    store.add_watch(EDITOR, "feed", site("/feed-broken.rss"))
    store.add_watch(EDITOR, "feed", site("/missing.html"))  # a feed that is gone
    store.add_watch(EDITOR, "feed", site("/feed.atom"))
    lines = []
    report = run_once(store, EDITOR, log=lines.append)
    assert report.counts == {"failed": 5, "stored": 1, "duplicate": 1}, lines  # the Atom feed carries it too
    expected = [
        f"{site('/feed-broken.rss')}: entry 1 (Mục không có đường dẫn) has no http(s) link; skipped",
        f"{site('/missing.html')}: the server answered 404 Not Found",
        f"{site('/error.html')}: the server answered 500 Internal Server Error",
        f"{site('/report.pdf')}: this is application/pdf, not a web page",
    ]
    for sentence in expected:
        assert sentence in lines, lines
    assert all("\n" not in line and "Traceback" not in line for line in lines)
    assert store.sources_frame().iloc[-1]["url"] == site("/en/seizure.html")


def test_a_trusted_source_stores_figures_accepted(store, site):
    store.add_watch(EDITOR, "feed", site("/feed.atom"), trusted=True)
    before = len(store.bundle().figures)
    run_once(store, EDITOR)
    figures = store.figures_frame(source_id=store.sources_frame().iloc[-1]["source_id"])
    assert len(figures) >= 3 and set(figures["status"]) == {"accepted"}
    assert len(store.bundle().figures) == before + len(figures)


def test_a_pending_figure_is_never_counted_until_accepted(store, site):
    from metrics.aggregate import Filters, select
    from metrics.summary import summary
    from metrics.figures import figures_from_bundle

    def total_persons_arrested() -> float:
        bundle = store.bundle()
        table = summary(select(figures_from_bundle(bundle), Filters(metrics=("persons_arrested",)), bundle.registry))
        return float(table["value"].sum()) if len(table) else 0.0

    store.add_watch(EDITOR, "feed", site("/feed.rss"))
    before = total_persons_arrested()
    run_once(store, EDITOR)
    assert total_persons_arrested() == before
    pending = store.review_queue()
    arrested = pending[pending["metric"] == "persons_arrested"]
    store.review_figures(EDITOR, list(arrested["figure_id"]), "accepted")
    assert total_persons_arrested() == before + 4  # "bắt giữ 4 đối tượng"


def test_a_folder_is_watched_with_dates_from_file_names(store, site, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "2025-11-20-nghe-an.html").write_bytes((ROOT / "tests/fixtures/web/vi-heroin.html").read_bytes())
    (folder / "undated-note.txt").write_text("Bộ đội Biên phòng bắt giữ 3 đối tượng tại khu vực biên giới.",
                                             encoding="utf-8")
    (folder / "notes.odt").write_bytes(b"ignored: not a supported type")
    store.add_watch(EDITOR, "folder", str(folder))
    lines = []
    report = run_once(store, EDITOR, log=lines.append)
    assert report.counts == {"stored": 1, "failed": 1}, lines
    assert "undated-note.txt: no publication date; pass --published YYYY-MM-DD" in lines
    assert store.sources_frame().iloc[-1]["published"] == "2025-11-20"
    assert run_once(store, EDITOR).counts == {"failed": 1}  # the undated file is tried again, nothing else


@pytest.mark.parametrize("text, on_topic", [
    ("Đội tuyển Việt Nam thắng đậm 3-0 trên sân nhà trước 20.000 khán giả.", False),
    ("Giá vàng hôm nay tăng mạnh 500.000 đồng mỗi lượng.", False),
    ("Bộ đội Biên phòng tỉnh Điện Biên bắt giữ 2 đối tượng.", True),
    ("Công an tỉnh Nghệ An khởi tố vụ án.", True),  # an agency of the registry, no topic word
    ("Lao police seize 1.2 tonnes of methamphetamine near the border.", True),
    ("The national team won the regional football cup final.", False),
])
def test_the_topic_filter_reads_words_and_registry_agencies(store, text, on_topic):
    from metrics.agencies import AgencyRegistry

    assert TopicFilter(AgencyRegistry.from_frame(store.agencies_frame()))(text) is on_topic


def test_a_source_s_own_topic_words_count(store):
    assert TopicFilter(None, ()).with_words("khán giả;bóng đá")("Trận bóng đá tối qua") is True


@pytest.mark.parametrize("text, seconds", [("30m", 1800), ("2h", 7200), ("90s", 90), ("1d", 86400)])
def test_intervals(text, seconds):
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["30", "soon", "5s", ""])
def test_a_bad_interval_is_one_sentence(text):
    with pytest.raises(ValueError):
        parse_interval(text)


def test_watched_sources_are_kept_and_edited_by_editors_only(store, site):
    watch_id = store.add_watch(EDITOR, "feed", site("/feed.rss"), topic_words="bóng đá")
    with pytest.raises(StoreError, match="already watched"):
        store.add_watch(EDITOR, "feed", site("/feed.rss"))
    with pytest.raises(PermissionError):
        store.add_watch(Actor("viewer", False, "not an editor"), "feed", site("/feed.atom"))
    store.update_watch(EDITOR, watch_id, {"trusted": True})
    assert bool(store.watches_frame().set_index("watch_id").at[watch_id, "trusted"]) is True
    store.remove_watch(EDITOR, watch_id)
    assert store.watches_frame().empty
    assert list(store.audit_frame("watch")["action"]) == ["watch.add", "watch.change", "watch.remove"]


# ---------------------------------------------------------------- the command line

def cli(db, *args, env=None):
    return subprocess.run([sys.executable, "-m", "metrics", *map(str, args), "--db", str(db)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "BORDER_METRICS_ALLOW_PRIVATE_URLS": "1", **(env or {})})


def test_watch_add_list_run_remove_from_the_command_line(store, site, tmp_path):
    db = store.path
    added = cli(db, "watch", "add", site("/feed.rss"), "--publisher", "Báo Biên Cương")
    assert added.returncode == 0 and "as watch 1" in added.stdout, added.stderr
    folder = tmp_path / "drop"
    folder.mkdir()
    assert cli(db, "watch", "add", folder, "--trusted").returncode == 0
    listed = cli(db, "watch", "list")
    assert listed.stdout.count("\n") == 3 and ",feed," in listed.stdout and ",folder," in listed.stdout
    ran = cli(db, "watch", "run", "--once")
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip().splitlines()[-1] == "watch: 1 stored, 1 linked as copies, 0 already stored, 1 off topic, 0 failed"
    assert cli(db, "watch", "run", "--once").stdout.strip() == (
        "watch: 0 stored, 0 linked as copies, 0 already stored, 0 off topic, 0 failed")
    edited = cli(db, "watch", "edit", "1", "--trusted", "--topic-words", "tuần tra", "--reason", "the paper's own desk")
    assert (edited.returncode, edited.stdout) == (0, "watch 1 changed: trusted=True, topic_words=tuần tra\n")
    assert cli(db, "watch", "edit", "1").returncode == 2
    assert cli(db, "watch", "remove", "1").returncode == 0
    gone = cli(db, "watch", "remove", "1")
    assert gone.returncode == 2 and gone.stderr == "error: no watched source 1; see `metrics watch list`\n"
    bad = cli(db, "watch", "add", tmp_path / "nowhere")
    assert bad.returncode == 2 and "neither an http(s) feed address nor an existing folder" in bad.stderr


def test_kill_9_during_a_watch_run_leaves_every_document_whole_or_absent(store, site, tmp_path):
    """The run is killed while a document's figures are written but not committed; then run again."""
    db = store.path
    store.add_watch(EDITOR, "feed", site("/feed.atom"))
    store.add_watch(EDITOR, "feed", site("/feed.rss"))
    launcher = tmp_path / "launch.py"
    launcher.write_text(
        "import sys, time\n"
        "from metrics import store as store_module\n"
        "original = store_module.Store._insert_figures\n"
        "calls = []\n"
        "def paused(self, *args, **kwargs):\n"
        "    ids = original(self, *args, **kwargs)\n"
        "    calls.append(1)\n"
        "    if len(calls) == 2:\n"
        "        print('MID-TRANSACTION', flush=True)\n"
        "        time.sleep(600)\n"
        "    return ids\n"
        "store_module.Store._insert_figures = paused\n"
        "from metrics.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n", encoding="utf-8")
    before = set(store.sources_frame()["source_id"])
    process = subprocess.Popen([sys.executable, str(launcher), "watch", "run", "--once", "--db", str(db)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT), "BORDER_METRICS_ALLOW_PRIVATE_URLS": "1"})
    deadline = time.monotonic() + 120
    output = []
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        output.append(line)
        if "MID-TRANSACTION" in line or not line:
            break
    assert "MID-TRANSACTION" in output[-1], (output, process.stderr.read() if process.poll() is not None else "")
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    process.stdout.close()
    process.stderr.close()

    reopened = Store(db)
    assert reopened.integrity_check() == "ok"
    new = reopened.sources_frame()
    new = new[~new["source_id"].isin(before)]
    assert list(new["url"]) == [site("/en/seizure.html")]  # the first landed whole; the second is absent
    for source_id in new["source_id"]:
        text = reopened.source_text(source_id)
        figures = reopened.figures_frame(source_id=source_id)
        assert len(figures) >= 3
        assert all(text[r.quote_start:r.quote_end] == r.quote for r in figures.itertuples())
    again = cli(db, "watch", "run", "--once")
    assert again.returncode == 0, again.stderr
    assert "watch: 1 stored, 1 linked as copies, 0 already stored, 1 off topic, 0 failed" in again.stdout
    assert len(Store(db).figures_frame(source_id=Store(db).sources_frame().iloc[-1]["source_id"])) == HEROIN_FIGURES
