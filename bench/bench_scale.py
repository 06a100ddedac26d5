"""Issue 6 at a million figures: the summary against DuckDB, page reruns, memory, first render
(headless Chromium), and twenty sessions at once (Streamlit's websocket protocol, no browser:
twenty Chromium tabs on two cores measured the tabs more than the server).

Synthetic bundles (metrics.synth, seed 0) are written once to bench/.cache/ and reused.
The app is pointed at them through $BORDER_METRICS_BUNDLE, which ui/data.py reads (through the
bundle's Parquet snapshot in var/cache/, written by the first run that needs it).
A measurement that cannot be taken is reported with value null and the reason.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(__file__).resolve().parent / ".cache"
PYTHON = sys.executable
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
BIG = int(os.environ.get("BENCH_BIG_ROWS", 1_000_000))  # smaller for a quick trial of the bench itself
SMALL = 1_000
SESSIONS, CHANGES_PER_SESSION, CONCURRENCY_DEADLINE_S = 20, 3, 240
SERVER_RSS_CAP_MB = 6000


def measurement(name, value, unit, **extra) -> dict:
    return {"name": name, "value": value, "unit": unit, **extra}


def synthetic_bundle(rows: int) -> Path:
    """The cached synthetic bundle of ``rows`` figures, written on first use."""
    from metrics.synth import synthesize

    out = CACHE / f"synth-{rows}-seed0"
    if not (out / "figures.csv").exists():
        synthesize(rows, out, seed=0)
    return out


def _median_time(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


FILTER_SETS = None  # built lazily: metrics imports pandas


def _filter_sets():
    from metrics.aggregate import Filters

    return {
        "everything": Filters(),
        "VN, 2020-2023": Filters(date_from=date(2020, 1, 1), date_to=date(2023, 12, 31), countries=("VN",)),
        "drugs": Filters(metrics=("drug_seized",)),
        "BĐBP and sub-units, 2022-2025": Filters(date_from=date(2022, 1, 1), date_to=date(2025, 12, 31),
                                                 agencies=("vn-bdbp",)),
    }


def bench_aggregate(path: Path, repeats: int = 5) -> list[dict]:
    import duckdb

    from metrics.aggregate import select
    from metrics.summary import summary
    from metrics.bundle import load_bundle
    from metrics.figures import figures_from_bundle

    from .duckdb_summary import duckdb_summary

    started = time.perf_counter()
    bundle = load_bundle(path)
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    figures = figures_from_bundle(bundle)
    normalise_s = time.perf_counter() - started
    snapshot_s = _snapshot_load_s(path)
    registry = bundle.registry

    connection = duckdb.connect()
    connection.register("figures_frame", figures.assign(pos=range(len(figures))))
    connection.execute("CREATE TABLE figures AS SELECT * FROM figures_frame")  # DuckDB's own storage: its best case
    ours, theirs, detail = 0.0, 0.0, {}
    for label, filters in _filter_sets().items():
        agencies = set()
        for agency in filters.agencies:
            agencies |= registry.descendants(agency)
        expected = summary(select(figures, filters, registry))
        got = duckdb_summary(connection, filters, agencies)
        if len(got) != len(expected) or list(got["figure_ids"]) != list(expected["figure_ids"]):
            raise AssertionError(f"DuckDB and the project disagree on '{label}'")
        mine = _median_time(lambda: summary(select(figures, filters, registry)), repeats)
        duck = _median_time(lambda: duckdb_summary(connection, filters, agencies), repeats)
        ours, theirs = ours + mine, theirs + duck
        detail[label] = {"project_ms": round(mine * 1000, 1), "duckdb_ms": round(duck * 1000, 1), "groups": len(got)}
    return [
        measurement("aggregate_vs_duckdb", round(ours / theirs, 3), "ratio", target="<= 1.0",
                    detail=detail, note="sum of medians over the filter sets; DuckDB reads its own table"),
        measurement("aggregate_ms_1m", round(ours * 1000 / len(detail), 1), "ms", note="mean over filter sets"),
        measurement("duckdb_ms_1m", round(theirs * 1000 / len(detail), 1), "ms", note="mean over filter sets"),
        measurement("load_bundle_s_1m", round(load_s, 2), "s", note="CSV + pandera validation, one run"),
        measurement("normalise_s_1m", round(normalise_s, 2), "s", note="figures_from_bundle, one run"),
        measurement("snapshot_load_s_1m", round(snapshot_s, 2), "s",
                    note="bundle + normalised figures from the Parquet snapshot (metrics.snapshot), as the app starts; median of 3"),
    ]


def _snapshot_load_s(path: Path) -> float:
    """Seconds to read the bundle and its normalised figures from the snapshot (written first if missing)."""
    from metrics.snapshot import load_with_snapshot

    load_with_snapshot(path)  # writes the snapshot when there is none yet
    return _median_time(lambda: load_with_snapshot(path), 3)


def _app_env(bundle: Path) -> dict:
    env = dict(os.environ)
    env["BORDER_METRICS_BUNDLE"] = str(bundle)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def _apptest(bundle: Path, repeats: int = 7) -> dict:
    done = subprocess.run([PYTHON, str(Path(__file__).with_name("_apptest_child.py")), str(repeats)],
                          cwd=ROOT, env=_app_env(bundle), capture_output=True, text=True, timeout=1800)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode or not lines:
        raise RuntimeError(f"AppTest run failed: {(lines or (done.stderr or done.stdout).strip().splitlines())[-1:]}")
    return json.loads(lines[-1])


RERUN_ROUNDS = 4  # fresh AppTest processes per size, 1k and 1M alternating, so both meet the same machine


def _pooled_medians(runs: list[dict]) -> dict[str, float]:
    """Each page's median over the samples of every run."""
    pages = runs[0]["samples_s"].keys()
    return {page: statistics.median([t for run in runs for t in run["samples_s"][page]]) for page in pages}


def bench_reruns() -> list[dict]:
    small_runs, big_runs = [], []
    for round_ in range(RERUN_ROUNDS):  # which size goes first alternates too: a process started second ran faster
        pair = [(small_runs, SMALL), (big_runs, BIG)]
        for runs, rows in (pair if round_ % 2 == 0 else pair[::-1]):
            runs.append(_apptest(synthetic_bundle(rows)))
    small_pages, big_pages = _pooled_medians(small_runs), _pooled_medians(big_runs)
    errors = [e for run in small_runs + big_runs for e in run["errors"]]
    small_s = statistics.median(small_pages.values())
    big_s = statistics.median(big_pages.values())
    round_ratios = [round(statistics.median(b["median_s"].values()) / statistics.median(a["median_s"].values()), 2)
                    for a, b in zip(small_runs, big_runs)]
    big = big_runs[0]
    return [
        measurement("rerun_ratio_1m_vs_1k", round(big_s / small_s, 2), "ratio", target="<= 1.5",
                    note=f"{RERUN_ROUNDS} rounds of 7 reruns per page and size, 1k and 1M alternating; each page's median"
                         f" over all its reruns, then the median over the pages; the rounds alone gave {round_ratios}",
                    detail={"1k_ms": {k: round(v * 1000) for k, v in small_pages.items()},
                            "1m_ms": {k: round(v * 1000) for k, v in big_pages.items()},
                            "round_ratios": round_ratios, "errors": errors}),
        measurement("rerun_ms_1m", round(big_s * 1000), "ms", note="median over Overview, Trends, Export (AppTest)"),
        measurement("rerun_ms_1k", round(small_s * 1000), "ms", note="median over Overview, Trends, Export (AppTest)"),
        measurement("apptest_cold_run_s_1m", round(big["cold_s"], 2), "s", note="first script run, data loaded"),
    ]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    """A fresh server on a synthetic bundle, started as ``make run`` starts it (``python -m ui.serve``:
    ``streamlit run app.py`` that loads the data before it listens); ``ready_s`` is its start-to-healthy time."""

    def __init__(self, bundle: Path, settings: dict[str, str] | None = None):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(CACHE / f"server-{self.port}.log", "w")
        started = time.monotonic()
        self.process = subprocess.Popen(
            [PYTHON, "-m", "ui.serve", "--server.port", str(self.port),
             "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env=_app_env(bundle) | (settings or {}), stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 300  # a missing snapshot is written before the server answers (a minute at 1M)
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as response:
                    if response.read() == b"ok":
                        self.ready_s = time.monotonic() - started
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("streamlit did not become healthy within 300 s")

    def _status_mb(self, field: str) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
        raise RuntimeError(f"no {field} in /proc status")

    def peak_rss_mb(self) -> float:
        return self._status_mb("VmHWM")

    def rss_mb(self) -> float:
        return self._status_mb("VmRSS")

    def cpu_s(self) -> float:
        """CPU seconds (user + system) the server process has used so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


class _AnyExited:
    """``poll()`` over several processes: the first exit code, or None while all run."""

    def __init__(self, processes):
        self.processes = processes

    def poll(self):
        return next((code for code in (p.poll() for p in self.processes) if code is not None), None)


class ProxiedServers:
    """N fresh servers on one bundle behind nginx, as deploy/cluster.py starts them (its process settings:
    the period menu's years warmed at start; nginx sticky by cookie, websockets), seen as one server: its CPU
    is the sum, its memory the largest process's."""

    def __init__(self, bundle: Path, processes: int):
        import shutil
        import sys
        import tempfile

        sys.path.insert(0, str(ROOT / "deploy"))
        from cluster import PROCESS_SETTINGS, nginx_binary, render_nginx

        self.servers: list[AppServer] = []
        self.nginx = None
        try:
            for _ in range(processes):
                self.servers.append(AppServer(bundle, PROCESS_SETTINGS))
            self.prefix = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
            os.chmod(self.prefix, 0o755)
            self.port = _free_port()
            self.url = f"http://127.0.0.1:{self.port}"
            conf = render_nginx(self.prefix, f"127.0.0.1:{self.port}", [server.port for server in self.servers])
            self.nginx = subprocess.Popen([nginx_binary(), "-p", str(self.prefix), "-c", str(conf)],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as response:
                        if response.read() == b"ok":
                            break
                except OSError:
                    time.sleep(0.2)
            else:
                raise RuntimeError("nginx did not answer within 30 s")
        except Exception:
            self.stop()
            raise
        self.ready_s = max(server.ready_s for server in self.servers)
        self.process = _AnyExited([server.process for server in self.servers] + [self.nginx])
        self._cleanup = lambda: shutil.rmtree(self.prefix, ignore_errors=True)

    def cpu_s(self) -> float:
        return sum(server.cpu_s() for server in self.servers)

    def rss_mb(self) -> float:
        return max(server.rss_mb() for server in self.servers)

    def peak_rss_mb(self) -> float:
        return max(server.peak_rss_mb() for server in self.servers)

    def stop(self):
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.terminate()
            self.nginx.wait(timeout=15)
        for server in self.servers:
            server.stop()
        if hasattr(self, "_cleanup"):
            self._cleanup()


DRAWN = ("() => [...document.querySelectorAll('h1')].length > 0"
         " && document.querySelectorAll('[data-testid=\"stSidebar\"] [data-testid=\"stMultiSelect\"]').length >= 4"
         " && !document.querySelector('[data-testid=\"stStatusWidget\"]')")


async def _first_render(url: str, server: "AppServer") -> dict:
    """Seconds from goto to the Overview drawn in headless Chromium, and the server's memory then."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = await browser.new_page()
            started = time.perf_counter()
            await page.goto(url)
            await page.wait_for_timeout(200)
            await page.wait_for_function(DRAWN, timeout=300_000, polling=100)
            return {"first_render_s": time.perf_counter() - started,
                    "rss_after_first_render_mb": server.peak_rss_mb()}
        finally:
            await browser.close()


def _rule_problems(session, before, after, prorate: bool, page_must_change: bool = True) -> list[str]:
    """What says a rule change did not reach the app: errors shown, the URL, an unchanged page
    (a year in which no window sticks out may rightly not change: ``page_must_change`` False)."""
    from urllib.parse import parse_qs

    problems = list(after.errors)
    if (parse_qs(session.query_string).get("rule") == ["prorate"]) != prorate:
        problems.append(f"the URL does not say rule={'prorate' if prorate else 'exclude'}")
    if page_must_change and after.texts == before.texts:
        problems.append("the page did not change")
    return problems


async def _open_on_one_year(session, timeout: float, index: int | None = None):
    """Open the Overview and pick the latest year, or with ``index`` the index-th year of the data (counted
    from the latest, round): with a period set, the outside-window rule changes the numbers."""
    run = await session.open(timeout=timeout)
    if run.errors:
        raise RuntimeError(f"first run: {run.errors[0]}")
    period = session.widget_id("w_period")
    years = [label for label in session.options[period] if re.search(r"\b(19|20)\d\d\b", label)]
    run = await session.change(period, years[0 if index is None else index % len(years)], timeout=timeout)
    if run.errors or "from" not in session.query_string:
        raise RuntimeError(f"picking a year did not reach the app: {run.errors[:1] or session.query_string!r}")
    return run


async def _checks_catch_a_lost_change(url: str, timeout: float) -> bool:
    """A control: a rule change sent to a widget id the app does not have must be flagged."""
    from .streamlit_sessions import StreamlitSession

    async with StreamlitSession(url) as session:
        before = await _open_on_one_year(session, timeout)
        rule = session.widget_id("w_rule")
        after = await session.change(rule + "-not-drawn", session.options[rule][1], timeout=timeout)
        return bool(_rule_problems(session, before, after, prorate=True))


async def _websocket_sessions(url: str, server: "AppServer", spread: bool = False) -> dict:
    """Twenty sessions over Streamlit's websocket protocol flip the outside-window rule at once:
    all on the latest year (what one computes, the others find cached), or ``spread`` over the
    years of the data (each year's selection computed by the first session that asks)."""
    from .streamlit_sessions import StreamlitSession

    result: dict = {}
    times, errors = [], []
    deadline = time.monotonic() + CONCURRENCY_DEADLINE_S

    def remaining() -> float:
        return max(0.0, deadline - time.monotonic())

    try:
        result["lost_change_caught"] = await _checks_catch_a_lost_change(url, remaining())
    except Exception as error:  # the control could not run: say why beside the numbers
        result["lost_change_caught"] = f"control failed: {type(error).__name__}: {str(error)[:120]}"
    opening = asyncio.Semaphore(4)  # sessions open a few at a time (not measured) ...
    everyone_open = asyncio.Barrier(SESSIONS)  # ... then all change filters at once (measured)

    async def session(index: int):
        async with StreamlitSession(url) as client:
            try:
                try:
                    async with opening:
                        before = await _open_on_one_year(client, remaining(), index if spread else None)
                finally:
                    await everyone_open.wait()
                    if "cpu_at_start_s" not in result and server.process.poll() is None:
                        result["cpu_at_start_s"] = server.cpu_s()  # the measured phase starts: everyone is open
                        result["client_cpu_at_start_s"] = time.process_time()
                rule = client.widget_id("w_rule")
                for change in range(CHANGES_PER_SESSION):
                    prorate = change % 2 == 0  # exclude (the default) -> prorate -> exclude -> prorate
                    after = await client.change(rule, client.options[rule][1 if prorate else 0], timeout=remaining())
                    times.append(after.seconds)
                    problems = _rule_problems(client, before, after, prorate, page_must_change=not spread)
                    if problems:
                        errors.append(f"session {index}, change {change + 1}: {'; '.join(problems)[:160]}")
                    before = after
            except Exception as error:  # a failed session (SessionError, a check) is an error of the measurement, not a crash
                errors.append(f"session {index}: {type(error).__name__}: {str(error)[:160]}")

    async def watchdog():
        # The machine is shared: a server that outgrows the cap is stopped, and the sessions fail.
        while True:
            await asyncio.sleep(1)
            if server.process.poll() is not None:
                return
            if server.rss_mb() > SERVER_RSS_CAP_MB:
                result["stopped"] = f"server stopped: RSS passed {SERVER_RSS_CAP_MB} MB"
                result["peak_rss_sessions_mb"] = server.peak_rss_mb()
                server.stop()
                return

    guard = asyncio.create_task(watchdog())
    await asyncio.gather(*(session(i) for i in range(SESSIONS)))
    guard.cancel()
    if server.process.poll() is None and "cpu_at_start_s" in result:
        result["server_cpu_s"] = server.cpu_s() - result["cpu_at_start_s"]
        result["client_cpu_s"] = time.process_time() - result["client_cpu_at_start_s"]
    result["rerun_s"], result["errors"] = times, errors
    if "peak_rss_sessions_mb" not in result and server.process.poll() is None:
        result["peak_rss_sessions_mb"] = server.peak_rss_mb()
    return result


def _p95_ms(seconds: list[float]) -> float | None:
    ordered = sorted(seconds)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))] * 1000 if ordered else None


def _server_run(rows: int, spread: bool = False, proxied: bool = False, processes: int = 1) -> dict:
    """A fresh server: the first render in Chromium, then the twenty websocket sessions (``spread``:
    the sessions only, spread over the years). ``proxied``: ``processes`` servers behind nginx, as
    deploy/cluster.py starts them; otherwise one, as ``make run`` starts it."""
    server = ProxiedServers(synthetic_bundle(rows), processes) if proxied else AppServer(synthetic_bundle(rows))
    try:
        result = {"server_ready_s": server.ready_s}
        if not spread:
            result |= asyncio.run(_first_render(server.url, server))
        result |= asyncio.run(_websocket_sessions(server.url, server, spread=spread))
    finally:
        server.stop()
    samples = len(result["rerun_s"])
    result["samples"], result["p95_ms"] = samples, _p95_ms(result["rerun_s"])
    measured = samples and result.get("server_cpu_s") is not None
    result["cpu_ms_per_rerun"] = round(result["server_cpu_s"] * 1000 / samples) if measured else None
    result["client_cpu_ms_per_rerun"] = round(result["client_cpu_s"] * 1000 / samples) if measured else None
    result["load_average"] = [round(x, 2) for x in os.getloadavg()]  # the machine is shared: how busy it was
    return result


SESSIONS_NOTE = ("{n} websocket sessions (Streamlit's own protocol, no browser) pick the latest year, then all"
                 " flip the outside-window rule {k} times at once; time from the rerun message sent to"
                 " script_finished received. An error: an exception or error shown, a URL or page that does not"
                 " follow the change, a disconnect, no answer within {s} s. Twenty Chromium tabs are no longer"
                 " measured: on two cores they took the CPU the server needed.")


# One first render is one draw of a noisy machine: renders of one size spread over 0.5 s (1.4-2.1 s, at
# 1M and at 1k alike), and the ratio of medians of three ranged from 0.78 to 1.16 between runs of the
# same code: five fresh servers a size.
FIRST_RENDERS = 5


def _first_render_on_fresh_server(rows: int) -> float:
    server = AppServer(synthetic_bundle(rows))
    try:
        return asyncio.run(_first_render(server.url, server))["first_render_s"]
    finally:
        server.stop()


def bench_browser() -> list[dict]:
    if not Path(CHROMIUM).exists():
        reason = f"no Chromium at {CHROMIUM}"
        return [measurement(n, None, u, reason=reason) for n, u in
                [("first_render_s_1m", "s"), ("peak_rss_mb_1m", "MB"), ("p95_rerun_ms_20_sessions", "ms")]]
    big = _server_run(BIG)
    # The same run at 1,000 figures: what Streamlit, the browser and twenty sessions on two cores cost
    # whatever the data, so the million-figure numbers can be read against it.
    small = _server_run(SMALL)
    spread = _server_run(BIG, spread=True)
    spread_proxied = [_server_run(BIG, spread=True, proxied=True, processes=n) for n in (1, PROXIED_PROCESSES)]
    # More first renders on fresh servers, alternating sizes: one render is one draw of a noisy machine.
    renders = {"1m": [big["first_render_s"]], "1k": [small["first_render_s"]]}
    for _extra in range(FIRST_RENDERS - 1):
        renders["1m"].append(_first_render_on_fresh_server(BIG))
        renders["1k"].append(_first_render_on_fresh_server(SMALL))
    note = SESSIONS_NOTE.format(n=SESSIONS, k=CHANGES_PER_SESSION, s=CONCURRENCY_DEADLINE_S)
    detail = {"lost_change_flagged": {"1m": big["lost_change_caught"], "1k": small["lost_change_caught"]},
              "client_cpu_ms_per_rerun": {"1m": big["client_cpu_ms_per_rerun"], "1k": small["client_cpu_ms_per_rerun"]}}
    return [
        measurement("first_render_s_1m", round(statistics.median(renders["1m"]), 2), "s", target="<= 3",
                    note=f"goto -> Overview drawn in headless Chromium, first session of a fresh server (the data is loaded"
                         f" before the server answers: server_ready_s_1m); median of {FIRST_RENDERS} fresh servers",
                    detail={"renders_s": {k: [round(v, 2) for v in values] for k, values in renders.items()}}),
        measurement("server_ready_s_1m", round(big["server_ready_s"], 2), "s",
                    note="server process started -> /_stcore/health answers (python -m ui.serve imports the app, loads"
                         " the data and computes the default Overview first)"),
        measurement("peak_rss_mb_1m", round(big["rss_after_first_render_mb"]), "MB", target="<= 800",
                    note="VmHWM of the streamlit server once the Overview is drawn for one session"),
        measurement("peak_rss_mb_1m_20_sessions", round(big.get("peak_rss_sessions_mb") or 0) or None, "MB",
                    note=big.get("stopped", "VmHWM of the server after the 20 websocket sessions")),
        measurement("p95_rerun_ms_20_sessions", None if big["p95_ms"] is None else round(big["p95_ms"]), "ms",
                    target="<= 1000, 0 errors", note=note, errors=len(big["errors"]), samples=big["samples"],
                    error_examples=big["errors"][:3], detail=detail,
                    **({} if big["p95_ms"] is not None else {"reason": big.get("stopped", "no rerun completed")})),
        measurement("server_cpu_ms_per_rerun_20_sessions", big["cpu_ms_per_rerun"], "ms",
                    note="server CPU time (user + system) while the 20 sessions change filters, divided by the reruns"
                         " measured: twenty reruns at once need about twenty times this from one Python process"),
        measurement("first_render_s_1k", round(statistics.median(renders["1k"]), 2), "s",
                    note="the same first render at 1,000 figures (control: browser and Streamlit start-up)"),
        measurement("first_render_ratio_1m_vs_1k",
                    round(statistics.median(renders["1m"]) / statistics.median(renders["1k"]), 2), "ratio",
                    target="<= 1.1", note="first_render_s_1m / first_render_s_1k: what a million figures add to a"
                                          " first render dominated by browser and Streamlit start-up (fresh servers,"
                                          " the sizes alternating)", load_average=[round(x, 2) for x in os.getloadavg()]),
        measurement("p95_rerun_ms_20_sessions_1k", None if small["p95_ms"] is None else round(small["p95_ms"]), "ms",
                    note="the same 20-session run at 1,000 figures (control: the cost of twenty sessions whatever the data)",
                    errors=len(small["errors"]), samples=small["samples"], error_examples=small["errors"][:3]),
        measurement("server_cpu_ms_per_rerun_20_sessions_1k", small["cpu_ms_per_rerun"], "ms", note="as above, at 1,000 figures"),
        *spread_rows(spread, spread_proxied),
        measurement("peak_rss_mb_1m_20_sessions_spread", round(spread.get("peak_rss_sessions_mb") or 0) or None, "MB",
                    note=spread.get("stopped", "VmHWM of the server after the spread sessions")),
    ]


PROXIED_PROCESSES = int(os.environ.get("BENCH_PROCESSES", 2))


def spread_measurements(result: dict, processes: int) -> list[dict]:
    """The spread run with ``processes`` servers behind nginx, named beside the one-process run."""
    suffix = "_1_process" if processes == 1 else f"_{processes}_processes"
    return [
        measurement("p95_rerun_ms_20_sessions_spread" + suffix, None if result["p95_ms"] is None else round(result["p95_ms"]),
                    "ms", target="<= 1000, 0 errors",
                    note=f"as p95_rerun_ms_20_sessions_spread, the sessions through nginx to {processes} process"
                         f"{'' if processes == 1 else 'es'} started as deploy/cluster.py starts them (each process computes"
                         " the Overview of every year of the period menu, both rules, before it answers: its"
                         " warm-up's 'periods' step; each session stays on the process it opened on)",
                    errors=len(result["errors"]), samples=result["samples"], error_examples=result["errors"][:3],
                    load_average=result["load_average"]),
        measurement("server_cpu_ms_per_rerun_20_sessions_spread" + suffix, result["cpu_ms_per_rerun"], "ms",
                    note="the CPU time of all the processes together, divided by the reruns measured"),
        measurement("server_ready_s_spread" + suffix, round(result["server_ready_s"], 1), "s",
                    note="start -> every process answers its health check (the warm-up included)"),
        measurement("peak_rss_mb_20_sessions_spread" + suffix, round(result.get("peak_rss_sessions_mb") or 0) or None,
                    "MB", note="VmHWM of the largest process after the sessions"),
    ]


def spread_rows(one: dict, proxied: list[dict]) -> list[dict]:
    """The spread runs side by side: one process as ``make run`` starts it, then 1 and N processes behind nginx."""
    return [
        measurement("p95_rerun_ms_20_sessions_spread", None if one["p95_ms"] is None else round(one["p95_ms"]), "ms",
                    note="as p95_rerun_ms_20_sessions at 1M figures on a fresh server as make run starts it (no period"
                         " warm-up), but the sessions spread over the years of the data (about two per year), so each"
                         " year's selection is computed, not shared",
                    errors=len(one["errors"]), samples=one["samples"], error_examples=one["errors"][:3],
                    load_average=one["load_average"]),
        measurement("server_cpu_ms_per_rerun_20_sessions_spread", one["cpu_ms_per_rerun"], "ms", note="as above"),
        *(row for result, n in zip(proxied, (1, PROXIED_PROCESSES)) for row in spread_measurements(result, n)),
    ]


def bench_spread_processes() -> list[dict]:
    """Only the spread runs, side by side in one run (``python -m bench.bench_scale spread``)."""
    one = _server_run(BIG, spread=True)
    return spread_rows(one, [_server_run(BIG, spread=True, proxied=True, processes=n) for n in (1, PROXIED_PROCESSES)])


def bench_first_render_ratio() -> list[dict]:
    """Only the first renders, alternating 1M and 1k fresh servers (``python -m bench.bench_scale first-render``)."""
    renders: dict[str, list[float]] = {"1m": [], "1k": []}
    for _round in range(FIRST_RENDERS):
        renders["1m"].append(_first_render_on_fresh_server(BIG))
        renders["1k"].append(_first_render_on_fresh_server(SMALL))
    big, small = statistics.median(renders["1m"]), statistics.median(renders["1k"])
    detail = {"renders_s": {k: [round(v, 2) for v in values] for k, values in renders.items()}}
    return [
        measurement("first_render_s_1m", round(big, 2), "s", target="<= 3", detail=detail,
                    note=f"median of {FIRST_RENDERS} fresh servers"),
        measurement("first_render_s_1k", round(small, 2), "s", note="the same at 1,000 figures"),
        measurement("first_render_ratio_1m_vs_1k", round(big / small, 2), "ratio", target="<= 1.1",
                    note="1M and 1k fresh servers alternating", load_average=[round(x, 2) for x in os.getloadavg()]),
    ]


def _guarded(step, names_units) -> list[dict]:
    try:
        return step()
    except Exception as error:  # the bench reports what it could not measure and carries on
        reason = f"{type(error).__name__}: {str(error)[:300]}"
        return [measurement(name, None, unit, reason=reason) for name, unit in names_units]


def run() -> list[dict]:
    CACHE.mkdir(exist_ok=True)
    results = []
    results += _guarded(lambda: bench_aggregate(synthetic_bundle(BIG)), [("aggregate_vs_duckdb", "ratio")])
    results += _guarded(bench_reruns, [("rerun_ratio_1m_vs_1k", "ratio")])
    results += _guarded(bench_browser, [("first_render_s_1m", "s"), ("peak_rss_mb_1m", "MB"),
                                        ("p95_rerun_ms_20_sessions", "ms")])
    return results


if __name__ == "__main__":
    import json
    import sys

    CACHE.mkdir(exist_ok=True)
    if sys.argv[1:] == ["spread"]:
        rows = bench_spread_processes()
    elif sys.argv[1:] == ["first-render"]:
        rows = bench_first_render_ratio()
    else:
        sys.exit("usage: python -m bench.bench_scale spread|first-render  (make bench runs everything)")
    for row in rows:
        print(json.dumps(row, ensure_ascii=False), flush=True)
