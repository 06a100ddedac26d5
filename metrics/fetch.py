"""Fetching a report by its link: the page's bytes, kept as received, and its article text and metadata.

Only http and https; redirects are followed (at most ``MAX_REDIRECTS``), each hop checked again;
a page larger than ``MAX_PAGE_BYTES`` or slower than its timeout is refused. Addresses on this
machine or a private network (loopback, RFC 1918, link-local, carrier-grade NAT, ...) are refused
unless ``BORDER_METRICS_ALLOW_PRIVATE_URLS=1`` or the caller's configuration allows them, so a
link pasted into the dashboard cannot reach the server's own network. The check resolves the
name before the request; a name that resolves differently a moment later is not caught.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

import httpx

from .documents import DocumentError, normalise_text

__all__ = ["Article", "FetchError", "FetchedPage", "fetch", "is_link", "private_urls_allowed", "read_article"]

MAX_PAGE_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
TIMEOUT_SECONDS = 20.0
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml")
USER_AGENT = "border-metrics/1 (+reports archive; one request per article)"


class FetchError(ValueError):
    """A link cannot be fetched or read; the message is one sentence naming the link."""


@dataclass(frozen=True)
class FetchedPage:
    requested_url: str
    url: str  # after redirects
    content_type: str
    body: bytes
    fetched_at: str  # UTC, ISO 8601


@dataclass(frozen=True)
class Article:
    text: str  # the article body as stored: what quotes and offsets point into
    title: str
    publisher: str
    published: str  # YYYY-MM-DD from the page's own metadata, or ""
    language: str  # from the page's metadata, or ""


def private_urls_allowed(config: dict | None = None) -> bool:
    """Whether loopback and private addresses may be fetched: the environment, or ``allow_private_urls`` in ``config``."""
    if os.environ.get("BORDER_METRICS_ALLOW_PRIVATE_URLS", "").strip().lower() in ("1", "true", "yes"):
        return True
    value = (config or {}).get("allow_private_urls")
    return value is True or str(value).strip().lower() in ("1", "true", "yes")


def is_link(text: str) -> bool:
    return text.strip().lower().startswith(("http://", "https://"))


def _check_address(url: str, allow_private: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http:// and https:// links can be fetched")
    if not parts.hostname:
        raise FetchError(f"{url}: the link has no host name")
    if allow_private:
        return
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError):
        raise FetchError(f"{url}: the host {parts.hostname} cannot be found") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global:
            raise FetchError(f"{url}: {parts.hostname} is on this machine or a private network ({address}); "
                             "set BORDER_METRICS_ALLOW_PRIVATE_URLS=1 to allow it")


def fetch(url: str, *, accept: tuple[str, ...] = HTML_TYPES, allow_private: bool | None = None,
          timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_PAGE_BYTES) -> FetchedPage:
    """GET ``url`` and return its bytes. Raises ``FetchError`` (one sentence) for anything else."""
    allow_private = private_urls_allowed() if allow_private is None else allow_private
    requested, current = url.strip(), url.strip()
    deadline = time.monotonic() + timeout * 3  # a page that trickles in is cut off too
    with httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False, trust_env=False,
                      headers={"User-Agent": USER_AGENT}) as client:
        for _hop in range(MAX_REDIRECTS + 1):
            _check_address(current, allow_private)
            try:
                with client.stream("GET", current) as response:
                    if response.is_redirect:
                        location = response.headers.get("location", "")
                        if not location:
                            raise FetchError(f"{requested}: a redirect without a destination")
                        current = urljoin(current, location)
                        continue
                    if response.status_code >= 400:
                        phrase = response.reason_phrase or "error"
                        raise FetchError(f"{requested}: the server answered {response.status_code} {phrase}")
                    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
                    if accept and content_type not in accept:
                        raise FetchError(f"{requested}: this is {content_type or 'of no stated type'}, "
                                         f"not {'a web page' if accept == HTML_TYPES else 'a feed'}")
                    declared = response.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > max_bytes:
                        raise FetchError(f"{requested}: the page is {int(declared) / 1024 / 1024:.1f} MB; "
                                         f"the limit is {max_bytes // (1024 * 1024)} MB")
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) > max_bytes:
                            raise FetchError(f"{requested}: the page is larger than "
                                             f"{max_bytes // (1024 * 1024)} MB; not fetched")
                        if time.monotonic() > deadline:
                            raise FetchError(f"{requested}: the page took too long to arrive")
                    return FetchedPage(requested, str(response.url), content_type, bytes(body),
                                       datetime.now(timezone.utc).isoformat(timespec="seconds"))
            except httpx.TimeoutException:
                raise FetchError(f"{requested}: no answer within {timeout:g} seconds") from None
            except httpx.HTTPError as error:
                raise FetchError(f"{requested}: the page could not be fetched ({type(error).__name__})") from None
    raise FetchError(f"{requested}: more than {MAX_REDIRECTS} redirects")


def read_article(html: bytes, url: str = "") -> Article:
    """The article text of a page (navigation, related links and comments left out) and its own metadata."""
    import trafilatura

    name = url or "the page"
    try:
        markup = html.decode("utf-8")
    except UnicodeDecodeError:
        markup = html.decode("cp1258", errors="replace")  # older Vietnamese sites; replacement marks show
    if "<" not in markup:
        raise DocumentError(f"{name}: this does not look like a web page")
    found = trafilatura.bare_extraction(markup, url=url or None, with_metadata=True, include_comments=False,
                                        include_tables=True, favor_recall=True,
                                        date_extraction_params={"extensive_search": False, "original_date": True})
    found = (found.as_dict() if hasattr(found, "as_dict") else found) or {}
    text = normalise_text(found.get("text") or "")
    if not text:
        raise DocumentError(f"{name}: no article text was found in the page")
    language = (found.get("language") or "")[:2].lower()
    return Article(text=text, title=(found.get("title") or "").strip(), publisher=(found.get("sitename") or "").strip(),
                   published=(found.get("date") or "")[:10], language=language if language in ("vi", "en") else "")
