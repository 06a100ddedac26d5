"""What the real-browser tests share: Debian's Chromium, free loopback ports, a fresh Streamlit server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps dialling out of this closed network.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
TIMEOUT_MS = 60_000


@contextmanager
def chromium():
    """Debian's Chromium driven by Playwright (never a browser Playwright downloads)."""
    from playwright import sync_api

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, process: subprocess.Popen | None = None, seconds: float = 60) -> None:
    """Wait until ``url`` answers 200; fail early if ``process`` has exited."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited early ({process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


# How a server is started: as `make run` starts it (streamlit run app.py, warmed up before it listens),
# or as plain `streamlit run app.py`, which must work too.
LAUNCHERS = {"ui.serve": ["-m", "ui.serve"], "streamlit run": ["-m", "streamlit", "run", "app.py"]}


class StreamlitServer:
    """A fresh server on a free loopback port, started as ``make run`` starts it unless ``launcher`` says
    otherwise (a key of ``LAUNCHERS``), its log in test-artifacts/."""

    def __init__(self, *extra_args: str, env: dict[str, str] | None = None, log_name: str = "server",
                 port: int | None = None, launcher: str = "ui.serve"):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        ARTIFACTS.mkdir(exist_ok=True)
        self.log = ARTIFACTS / f"{log_name}-{self.port}.log"
        self.process = subprocess.Popen(
            [sys.executable, *LAUNCHERS[launcher], "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false", *extra_args],
            cwd=ROOT, stdout=self.log.open("w"), stderr=subprocess.STDOUT,
            env={**(os.environ if env is None else env), "PYTHONPATH": str(ROOT)},
        )
        try:
            wait_healthy(f"{self.url}/_stcore/health", self.process)
        except RuntimeError as error:
            self.stop()
            raise RuntimeError(f"{error}; see {self.log}") from None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
