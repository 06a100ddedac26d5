"""A news site on 127.0.0.1 for the tests (no internet here): fixture pages, feeds and the ways a site fails.

``LoopbackSite()`` serves ``tests/fixtures/web/`` on a free port in a thread; ``HOST`` in the feeds
becomes its address. Routes that fail on purpose: ``/redirect`` (302 to the Vietnamese article),
``/missing.html`` (404), ``/error.html`` (500), ``/slow.html`` (never answers), ``/huge.html``
(20 MB, no length sent) and ``/huge-declared.html`` (20 MB, length sent), ``/report.pdf`` (not HTML).
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

WEB = Path(__file__).resolve().parent / "fixtures" / "web"
HUGE_BYTES = 20 * 1024 * 1024
PAGES = {
    "/vi/heroin.html": ("vi-heroin.html", "text/html; charset=utf-8"),
    "/syndicated/heroin-copy.html": ("vi-heroin-copy.html", "text/html; charset=utf-8"),
    "/en/seizure.html": ("en-seizure.html", "text/html; charset=utf-8"),
    "/vi/bong-da.html": ("vi-bong-da.html", "text/html; charset=utf-8"),
    "/feed.rss": ("feed.rss", "application/rss+xml; charset=utf-8"),
    "/feed.atom": ("feed.atom", "application/atom+xml; charset=utf-8"),
    "/feed-broken.rss": ("feed-broken.rss", "application/rss+xml; charset=utf-8"),
}


class _Handler(BaseHTTPRequestHandler):
    site: LoopbackSite

    def log_message(self, *args):  # keep the test output clean
        pass

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        self.site.requests.append(self.path)
        path = self.path.split("?", 1)[0]
        if path in PAGES:
            name, content_type = PAGES[path]
            body = (WEB / name).read_bytes().replace(b"http://HOST", self.site.url.encode())
            return self._send(200, content_type, body)
        if path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/vi/heroin.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if path == "/missing.html":
            return self._send(404, "text/html", b"<html><body>Not found</body></html>")
        if path == "/error.html":
            return self._send(500, "text/html", b"<html><body>Server error</body></html>")
        if path == "/report.pdf":
            return self._send(200, "application/pdf", b"%PDF-1.4\n%fake report\n")
        if path == "/slow.html":
            self.site.stopping.wait(30)  # never answers within any test's timeout
            return None
        if path in ("/huge.html", "/huge-declared.html"):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            if path == "/huge-declared.html":
                self.send_header("Content-Length", str(HUGE_BYTES))
            self.end_headers()
            chunk = b"<p>" + b"x" * 65530 + b"</p>"
            try:
                for _ in range(HUGE_BYTES // len(chunk) + 1):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up at its limit, as it should
            return None
        return self._send(404, "text/html", b"<html><body>Not found</body></html>")

    def _send(self, status: int, content_type: str, body: bytes):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class LoopbackSite:
    def __init__(self):
        handler = type("Handler", (_Handler,), {"site": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.requests: list[str] = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def __call__(self, path: str) -> str:
        return self.url + path

    def stop(self) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()
        time.sleep(0)


def serve_forever_in_process() -> None:  # used by subprocess tests: python tests/loopback_site.py
    site = LoopbackSite()
    print(site.url, flush=True)
    site.thread.join()


if __name__ == "__main__":
    serve_forever_in_process()
