"""Several dashboard processes behind one address: ``python deploy/cluster.py --processes 2 --port 8501``.

What ``make serve N=2 PORT=8501`` runs. In order:

1. the store: the PostgreSQL URL in ``--db`` (or ``BORDER_METRICS_DB``), or else a throwaway
   PostgreSQL cluster started for this run (Debian's server binaries, under a temporary folder,
   removed at the end), filled from ``data/`` once, before any process starts;
2. N Streamlit processes (``python -m ui.serve``, warm before they listen, the Overview of every year of
   the period menu included: ``PROCESS_SETTINGS``), each on its own loopback
   port, all reading that store; each keeps its own copy of the figures in memory, starts from its own
   Parquet snapshot of the store (``var/cache/serve/process-<n>/``, ``metrics/snapshot.py``) when the store
   has not changed since, and looks at the store's revision every few seconds (``ui/data.py``), so a
   report saved through one shows on the others within seconds (and replaces each one's snapshot).
   They share one cookie secret, so a browser moved to another process keeps a valid XSRF token and
   login cookie;
3. nginx from Debian in front (``deploy/nginx.conf.template``): websocket upgrade, sticky sessions
   by a cookie, a process that stops answering routed around.

Every process and the proxy write one line per event to stdout. The launcher checks each
process's ``/_stcore/health`` every 2 s and logs when one goes down or comes back. Ctrl-C (or
SIGTERM) stops everything it started.
"""

from __future__ import annotations

import argparse
import glob
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_name("nginx.conf.template")
HEALTH_EVERY_SECONDS = 2.0
# Each process: behind the proxy (no editing without a login), and warmed with every year of the period menu
# (ui/serve.py's "periods" step: seconds of CPU and some memory at start, so visitors' first picks are served
# from the cache).
PROCESS_SETTINGS = {"BORDER_METRICS_BEHIND_PROXY": "1", "BORDER_METRICS_WARM_PERIODS": "1"}


def say(event: str, **fields) -> None:
    print(" ".join([f"cluster event={event}", *(f"{key}={value}" for key, value in fields.items())]), flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def healthy(url: str, timeout: float = 1.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


def wait_until(check, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} within {seconds:.0f} s")
        time.sleep(0.2)


class Postgres:
    """A throwaway PostgreSQL server on a loopback port (as root, it runs as the ``postgres`` user)."""

    def __init__(self, folder: Path):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb")) or [shutil.which("initdb") or ""]
        if not found[-1]:
            raise RuntimeError("no PostgreSQL server binaries (Debian: apt-get install postgresql), and no --db given")
        self.binaries = Path(found[-1]).parent
        self.folder, self.port = folder, free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            self.as_user = ["runuser", "-u", "postgres", "--"]
            shutil.chown(folder, "postgres")
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _call(self, *command) -> subprocess.CompletedProcess:
        return subprocess.run([*self.as_user, *map(str, command)], capture_output=True, text=True, timeout=120)

    def start(self) -> None:
        data = self.folder / "data"
        made = self._call(self.binaries / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale")
        if made.returncode:
            raise RuntimeError(f"initdb failed: {made.stderr.strip()}")
        started = self._call(self.binaries / "pg_ctl", "-D", data, "-l", self.folder / "log", "-w", "-o",
                             f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1", "start")
        if started.returncode:
            raise RuntimeError(f"PostgreSQL did not start: {started.stderr.strip()}")

    def stop(self) -> None:
        self._call(self.binaries / "pg_ctl", "-D", self.folder / "data", "-m", "fast", "stop")


def render_nginx(prefix: Path, listen: str, backends: list[int]) -> Path:
    servers = "\n".join(f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in backends)
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in (("prefix", str(prefix)), ("listen", listen), ("servers", servers)):
        text = text.replace("{" + name + "}", value)
    for folder in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / folder).mkdir(parents=True, exist_ok=True)
    path = prefix / "nginx.conf"
    path.write_text(text, encoding="utf-8")
    return path


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not found:
        raise RuntimeError("no nginx (Debian: apt-get install nginx)")
    return found


class Cluster:
    def __init__(self, processes: int, port: int, listen: str, db: str | None, extra: list[str]):
        self.processes, self.port, self.listen, self.extra = processes, port, listen, extra
        self.db = db or (os.environ.get("BORDER_METRICS_DB") if str(os.environ.get("BORDER_METRICS_DB", "")).startswith("postgresql") else None)
        self.folder = Path(tempfile.mkdtemp(prefix="border-metrics-serve-"))
        os.chmod(self.folder, 0o755)
        self.postgres: Postgres | None = None
        self.workers: dict[int, subprocess.Popen] = {}
        self.nginx: subprocess.Popen | None = None
        self.up: dict[int, bool] = {}
        self.snapshots = ROOT / "var" / "cache" / "serve"  # process-<n>/: that process's own Parquet snapshot

    def _store(self) -> str:
        if self.db:
            return self.db
        pg_folder = self.folder / "pg"
        pg_folder.mkdir()
        self.postgres = Postgres(pg_folder)
        self.postgres.start()
        say("store_started", kind="postgresql", url=self.postgres.url)
        return self.postgres.url

    def start(self) -> None:
        url = self._store()
        sys.path.insert(0, str(ROOT))
        from metrics.store import Store

        Store(url).engine.dispose()  # created and filled from data/ once, before the processes race to do it
        say("store_ready", url=url)
        cookie_secret = secrets.token_hex(32)
        env = {**os.environ, **PROCESS_SETTINGS, "BORDER_METRICS_DB": url, "PYTHONPATH": str(ROOT),
               "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret}
        for number in range(1, self.processes + 1):
            port = free_port()
            self.workers[port] = subprocess.Popen(
                [sys.executable, "-m", "ui.serve", "--server.port", str(port), "--server.address", "127.0.0.1",
                 "--server.headless", "true", "--browser.gatherUsageStats", "false", *self.extra],
                cwd=ROOT, env={**env, "BORDER_METRICS_SNAPSHOTS": str(self.snapshots / f"process-{number}")})
            say("process_started", port=port, pid=self.workers[port].pid)
        for port, process in self.workers.items():
            wait_until(lambda: healthy(f"http://127.0.0.1:{port}/_stcore/health") or process.poll() is not None,
                       300, f"process on port {port} did not answer its health check")
            if process.poll() is not None:
                raise RuntimeError(f"process on port {port} exited ({process.returncode})")
            self.up[port] = True
            say("process_healthy", port=port)
        prefix = self.folder / "nginx"
        prefix.mkdir()
        conf = render_nginx(prefix, f"{self.listen}:{self.port}", list(self.workers))
        self.nginx = subprocess.Popen([nginx_binary(), "-p", str(prefix), "-c", str(conf)], cwd=prefix)
        wait_until(lambda: healthy(f"http://127.0.0.1:{self.port}/_stcore/health") or self.nginx.poll() is not None,
                   30, "nginx did not answer")
        if self.nginx.poll() is not None:
            raise RuntimeError(f"nginx exited ({self.nginx.returncode}); is port {self.port} free?")
        say("ready", url=f"http://{self.listen}:{self.port}", processes=",".join(map(str, self.workers)))

    def watch(self) -> None:
        """Check each process's health every few seconds and log changes, until nginx stops or a signal comes."""
        while self.nginx is not None and self.nginx.poll() is None:
            for port, process in self.workers.items():
                ok = process.poll() is None and healthy(f"http://127.0.0.1:{port}/_stcore/health")
                if ok != self.up.get(port):
                    say("process_healthy" if ok else "process_down", port=port,
                        exit_code=process.poll() if process.poll() is not None else "-")
                    self.up[port] = ok
            time.sleep(HEALTH_EVERY_SECONDS)
        if self.nginx is not None:
            say("proxy_exited", exit_code=self.nginx.returncode)

    def stop(self) -> None:
        for process in [self.nginx, *self.workers.values()]:
            if process is not None and process.poll() is None:
                process.terminate()
        for process in [self.nginx, *self.workers.values()]:
            if process is not None:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
        if self.postgres is not None:
            self.postgres.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
        say("stopped")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="deploy/cluster.py", description=__doc__.splitlines()[0])
    parser.add_argument("--processes", "-n", type=int, default=2, help="Streamlit processes (default 2)")
    parser.add_argument("--port", type=int, default=8501, help="the one address's port (default 8501)")
    parser.add_argument("--listen", default="127.0.0.1", help="the proxy's listen address (0.0.0.0 for an intranet)")
    parser.add_argument("--db", help="a postgresql:// URL; default: a throwaway PostgreSQL server for this run")
    args, extra = parser.parse_known_args(argv)
    if args.processes < 1:
        parser.error("--processes must be at least 1")
    cluster = Cluster(args.processes, args.port, args.listen, args.db, extra)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        cluster.start()
        cluster.watch()
        return 1
    except RuntimeError as error:
        print(f"deploy/cluster.py: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
