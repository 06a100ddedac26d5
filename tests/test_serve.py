"""ui/serve.py: the warm-up fills the caches the pages read, and a failed warm-up still starts the server. (The browser tests start every server through it.)"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui import data, serve

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture
def cold_caches():
    caches = [data.revision, data.store, data._loaded, data._bundle, data._registry, data._figures, data._selection,
              data._summary]
    for cache in caches:
        cache.clear()
    yield
    for cache in caches:
        cache.clear()


def test_the_overview_runs_on_what_the_warm_up_loaded(cold_caches, monkeypatch):
    times = serve.warm_up()
    assert set(times) == {name for name, _step in serve.steps()}

    def no_second_load(*args, **kwargs):
        raise AssertionError("the data was loaded again")

    # st.cache_resource belongs to the process: a script run reads what the warm-up put there.
    monkeypatch.setattr(data, "figures_from_bundle", no_second_load)
    monkeypatch.setattr(data, "load_with_snapshot", no_second_load)
    monkeypatch.setattr(data, "select", no_second_load)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.metric


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_first_visitor_in_either_language_finds_the_overview_computed(cold_caches, monkeypatch, language):
    from ui import components, views

    views._overview.clear()
    components._COUNTED.clear()
    serve.warm_up()

    def computed_again(*args, **kwargs):
        raise AssertionError("the Overview was computed again after the warm-up")

    monkeypatch.setattr(views, "coverage_spans", computed_again)
    monkeypatch.setattr(components, "SourceCounter", computed_again)  # the count under the tiles
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = language
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.metric


def test_the_periods_step_computes_what_picking_a_year_and_a_rule_reads(cold_caches, monkeypatch):
    import re

    from ui import comparisons, views

    monkeypatch.setenv(serve.WARM_PERIODS, "1")
    for cache in (views._overview, comparisons._comparison):
        cache.clear()
    times = serve.warm_up()
    assert "periods" in times

    def computed_again(*args, **kwargs):
        raise AssertionError(f"a selection was computed after the warm-up: {args[1:]}")

    monkeypatch.setattr(data, "select", computed_again)
    at = AppTest.from_file(APP, default_timeout=60).run()
    years = [option for option in at.selectbox(key="w_period").options if re.search(r"\b(19|20)\d\d\b", option)]
    tiles_shown = 0
    for year in years:
        at.selectbox(key="w_period").select(year).run()
        for rule in ("prorate", "exclude"):
            at.radio(key="w_rule").set_value(rule).run()
            assert not at.exception, [e.value for e in at.exception]
            assert not at.error, [e.value for e in at.error]  # app.py shows a page's failure as an error
            tiles_shown += len(at.metric)
    assert tiles_shown


def test_without_the_setting_there_is_no_periods_step(monkeypatch):
    monkeypatch.delenv(serve.WARM_PERIODS, raising=False)
    assert "periods" not in {name for name, _step in serve.steps()}


def test_a_failed_warm_up_still_starts_the_server(monkeypatch, capsys):
    def broken():
        raise ValueError("no data here")

    started = []
    monkeypatch.setattr(serve, "STEPS", (("data", broken),))
    monkeypatch.setattr(gc, "freeze", lambda: pytest.fail("froze after a failed warm-up"))
    serve.warm_then(lambda: started.append("serving"))
    assert started == ["serving"]
    said = capsys.readouterr().err
    assert "warm-up stopped" in said and "step data: ValueError: no data here" in said


def test_the_warm_up_holds_back_only_streamlits_no_runtime_sentence(monkeypatch):
    import logging

    import streamlit as st  # noqa: F401

    heard = []

    class Listener(logging.Handler):
        def emit(self, record):
            heard.append(record.getMessage())

    caching = [logging.getLogger(n) for n in list(logging.root.manager.loggerDict) if n.startswith("streamlit.")]
    listener = Listener()
    for logger in caching:
        logger.addHandler(listener)

    def cached_step():
        for logger in caching:
            logger.warning("No runtime found, using MemoryCacheStorageManager")
        caching[0].warning("something else")

    monkeypatch.setattr(serve, "STEPS", (("data", cached_step),))
    try:
        serve.warm_up()
        caching[0].warning("No runtime found, after the warm-up")
    finally:
        for logger in caching:
            logger.removeHandler(listener)
    assert heard == ["something else", "No runtime found, after the warm-up"]


# --- several processes behind nginx (deploy/cluster.py, what `make serve` runs) ---------------------------

CLUSTER_READY_SECONDS = 300


def _needs(binary_glob: str, why: str):
    import glob
    import shutil

    if not (glob.glob(binary_glob) or shutil.which(Path(binary_glob).name)):
        pytest.skip(f"{why} not installed (make test installs it through apt-get)")


@pytest.fixture(scope="module")
def cluster():
    """`make serve N=2` on a free port: its log, the proxy URL, each process's port and pid, the store URL."""
    import re
    import subprocess
    import sys
    import time

    from browser_support import ARTIFACTS, free_port

    _needs("/usr/sbin/nginx", "nginx")
    _needs("/usr/lib/postgresql/*/bin/initdb", "PostgreSQL")
    ARTIFACTS.mkdir(exist_ok=True)
    port = free_port()
    log = ARTIFACTS / f"cluster-{port}.log"
    root = Path(APP).parent
    process = subprocess.Popen([sys.executable, "deploy/cluster.py", "--processes", "2", "--port", str(port)],
                               cwd=root, stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + CLUSTER_READY_SECONDS
    while "cluster event=ready" not in log.read_text() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.5)
    text = log.read_text()
    if "cluster event=ready" not in text:
        process.terminate()
        pytest.fail(f"the cluster did not start; see {log}:\n{text[-2000:]}")
    pids = {int(port): int(pid) for port, pid in re.findall(r"event=process_started port=(\d+) pid=(\d+)", text)}
    store = re.search(r"event=store_ready url=(\S+)", text).group(1)
    yield {"url": f"http://127.0.0.1:{port}", "log": log, "pids": pids, "store": store, "process": process}
    process.terminate()
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()


def _source_titles(url: str, page: str = "sources") -> list[str]:
    """The titles the Sources page offers, read by a new Streamlit session over the websocket."""
    import asyncio

    from bench.streamlit_sessions import StreamlitSession

    async def read():
        async with StreamlitSession(url) as session:
            run = await session.open(page_name=page)
            assert not run.errors, run.errors
            return [title for options in session.options.values() for title in options]

    return asyncio.run(read())


def _proxy_backends(log: Path, since: int) -> list[str]:
    import re

    return re.findall(r"proxy event=request .*?backend=(.*?) session=", log.read_text()[since:])


@pytest.mark.postgres
def test_sticky_sessions_keep_a_browser_on_one_process_and_spread_browsers(cluster):
    import urllib.request

    def get(cookie: str) -> None:
        request = urllib.request.Request(cluster["url"] + "/_stcore/health", headers={"Cookie": f"bm_backend={cookie}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200

    since = len(cluster["log"].read_text())
    for _ in range(5):
        get("one-browser")
    one = set(_proxy_backends(cluster["log"], since))
    since = len(cluster["log"].read_text())
    for index in range(20):
        get(f"browser-{index}")
    many = set(_proxy_backends(cluster["log"], since))
    assert len(one) == 1, one
    assert many == {f"127.0.0.1:{port}" for port in cluster["pids"]}, many
    with urllib.request.urlopen(cluster["url"] + "/", timeout=10) as response:
        assert "bm_backend=" in response.headers.get("Set-Cookie", "")


@pytest.mark.postgres
def test_a_report_saved_in_the_shared_store_shows_on_every_process_within_5_s(cluster, tmp_path):
    import subprocess
    import sys
    import time

    title = "Bản tin thử nghiệm: hai tiến trình, một kho dữ liệu"
    backends = [f"http://127.0.0.1:{port}" for port in cluster["pids"]]
    for backend in backends:
        assert not any(title in option for option in _source_titles(backend))
    report = tmp_path / "report.txt"
    report.write_text("Ngày 3/5, Công an tỉnh Nghệ An bắt giữ 12 đối tượng tại khu vực biên giới.\n", encoding="utf-8")
    saved = subprocess.run([sys.executable, "-m", "metrics", "ingest", str(report), "--published", "2026-05-04",
                            "--title", title, "--publisher", "Thử nghiệm", "--accept", "--db", cluster["store"]],
                           cwd=Path(APP).parent, capture_output=True, text=True, timeout=120)
    assert saved.returncode == 0, saved.stderr
    saved_at = time.monotonic()
    seen: dict[str, float] = {}
    while len(seen) < len(backends) and time.monotonic() - saved_at < 15:
        for backend in backends:
            if backend not in seen and any(title in option for option in _source_titles(backend)):
                seen[backend] = time.monotonic() - saved_at
    assert set(seen) == set(backends), f"not shown within 15 s by {set(backends) - set(seen)}"
    print(f"shown after (s): {seen}")
    assert max(seen.values()) <= 5, seen


@pytest.mark.postgres
@pytest.mark.browser
def test_behind_the_proxy_no_visitor_may_edit_without_login(cluster):
    from browser_support import CHROMIUM, chromium

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    with chromium() as browser:
        page = browser.new_page()
        page.set_default_timeout(60_000)
        page.goto(cluster["url"] + "/add_report")
        page.get_by_text("ứng dụng chạy sau một proxy, nên không ai chỉnh sửa được").first.wait_for()
        assert page.get_by_role("button", name="Lưu báo cáo").count() == 0


@pytest.mark.postgres
def test_one_process_killed_the_others_serve_and_the_proxy_routes_around_it(cluster):
    """Runs last in this module: it kills a process of the shared cluster."""
    import os
    import signal
    import time
    import urllib.request

    port, pid = sorted(cluster["pids"].items())[0]
    alive = {f"127.0.0.1:{p}" for p in cluster["pids"] if p != port}
    os.kill(pid, signal.SIGKILL)
    time.sleep(0.5)
    since = len(cluster["log"].read_text())
    for index in range(12):  # new browsers, some of whose keys hash to the dead process
        request = urllib.request.Request(cluster["url"] + "/", headers={"Cookie": f"bm_backend=after-{index}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
    titles = _source_titles(cluster["url"])  # a whole Streamlit session through the proxy, websocket included
    assert titles
    served = [b for b in _proxy_backends(cluster["log"], since) if b]
    assert served and all(backend.split(", ")[-1] in alive for backend in served), served
    deadline = time.monotonic() + 10
    while f"event=process_down port={port}" not in cluster["log"].read_text() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert f"event=process_down port={port}" in cluster["log"].read_text()
