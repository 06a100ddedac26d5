"""Watched sources: feeds (RSS/Atom) and folders read on a schedule, their new reports ingested.

Each run reads every watched source, skips what it has already handled, keeps what is on topic
(a word of ``TOPIC_WORDS``, the source's own topic words, or an agency of the registry), and
ingests it: the figures are left pending for a person, unless the source is trusted. Every
document is stored in its own transaction, so a run stopped at any moment leaves each document
whole or absent; an item that fails (a 404, a timeout, a broken entry) gets one sentence and is
tried again on the next run, and the others still land.

A file in a watched folder takes its publication date from its name (``2025-03-04-report.txt``)
or, for a web page, from the page's metadata.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .access import Actor
from .agencies import AgencyRegistry
from .documents import SUPPORTED_SUFFIXES, DocumentError
from .fetch import FEED_TYPES, FetchError, fetch, is_link, read_article
from .ingest import IngestResult, OffTopic, ingest_bytes, ingest_url
from .store import Store, StoreError
from .syndication import CopyIndex

__all__ = ["RunReport", "TOPIC_WORDS", "TopicFilter", "parse_interval", "run_once", "run_every", "watch_kind"]

# Words that put a report on topic even when it names no agency of the registry (lower case).
TOPIC_WORDS = (
    "biên phòng", "biên giới", "cửa khẩu", "ma túy", "ma tuý", "heroin", "buôn lậu", "mua bán người",
    "vận chuyển trái phép", "hải quan", "tội phạm", "phòng, chống", "ຊາຍແດນ", "ຢາເສບຕິດ",
    "border", "drug", "narcotic", "smuggling", "trafficking", "customs", "seized", "seizure",
)
_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")


class TopicFilter:
    """Whether a text is about border enforcement: a topic word, or an agency of the registry."""

    def __init__(self, registry: AgencyRegistry | None, words=TOPIC_WORDS):
        self.registry = registry
        self.words = tuple(w.strip().lower() for w in words if w and w.strip())

    def with_words(self, extra: str) -> TopicFilter:
        return TopicFilter(self.registry, self.words + tuple(extra.split(";")))

    def __call__(self, text: str) -> bool:
        lower = text.lower()
        if any(word in lower for word in self.words):
            return True
        return bool(self.registry is not None and self.registry.find_mentions(text))


@dataclass
class RunReport:
    lines: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # stored, copy, duplicate, off_topic, failed

    def note(self, outcome: str, line: str, log: Callable[[str], None]) -> None:
        self.counts[outcome] = self.counts.get(outcome, 0) + 1
        self.lines.append(line)
        log(line)

    def summary(self) -> str:
        parts = [f"{self.counts.get(k, 0)} {label}" for k, label in (
            ("stored", "stored"), ("copy", "linked as copies"), ("duplicate", "already stored"),
            ("off_topic", "off topic"), ("failed", "failed"))]
        return "watch: " + ", ".join(parts)


def watch_kind(location: str) -> str:
    """``feed`` for an http(s) address, ``folder`` for an existing directory; a sentence otherwise."""
    if is_link(location):
        return "feed"
    if Path(location).expanduser().is_dir():
        return "folder"
    raise StoreError(f"{location}: neither an http(s) feed address nor an existing folder")


def parse_interval(text: str) -> float:
    """Seconds in '30m', '2h', '90s' or '1d'."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd])\s*", text or "")
    if not match:
        raise ValueError(f"'{text}' is not an interval: write it as 30m, 2h, 90s or 1d")
    seconds = float(match.group(1)) * {"s": 1, "m": 60, "h": 3600, "d": 86400}[match.group(2)]
    if seconds < 60:
        raise ValueError("an interval shorter than a minute would hammer the sources; use 1m or more")
    return seconds


def _feed_items(watch, allow_private: bool | None):
    """(key, link, published date or None, error sentence or None) per entry of a feed."""
    import feedparser

    page = fetch(watch.location, accept=FEED_TYPES, allow_private=allow_private)
    parsed = feedparser.parse(page.body)
    if not parsed.entries:
        problem = f" ({parsed.bozo_exception})" if parsed.get("bozo") else ""
        raise FetchError(f"{watch.location}: no entries could be read from the feed{problem}")
    for number, entry in enumerate(parsed.entries, 1):
        link = (entry.get("link") or "").strip()
        key = (entry.get("id") or link).strip()
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = date(*stamp[:3]) if stamp else None
        if not link or not is_link(link):
            title = (entry.get("title") or "").strip()[:80]
            yield key or f"entry-{number}", "", None, (
                f"{watch.location}: entry {number}{f' ({title})' if title else ''} has no http(s) link; skipped")
            continue
        yield key, link, published, None


def _folder_items(watch):
    folder = Path(watch.location).expanduser()
    if not folder.is_dir():
        raise FetchError(f"{watch.location}: the folder is gone")
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES):
        data = path.read_bytes()
        yield f"{path.relative_to(folder)}:{hashlib.sha256(data).hexdigest()}", path, data


def _folder_date(path: Path, data: bytes) -> str | None:
    found = _DATE_IN_NAME.search(path.name)
    if found:
        return found.group(1)
    if path.suffix.lower() in (".html", ".htm"):
        try:
            return read_article(data).published or None
        except DocumentError:
            return None
    return None


def run_once(store: Store, actor: Actor, *, allow_private: bool | None = None, extractor: Callable | None = None,
             log: Callable[[str], None] = lambda line: None) -> RunReport:
    """Read every watched source once and ingest what is new; one line per item handled."""
    actor.require_editor("run the watched sources")
    report = RunReport()
    watches = store.watches_frame()
    if watches.empty:
        log("watch: nothing is watched; add a feed or folder with `metrics watch add`")
        return report
    copies = CopyIndex.from_store(store)
    topic = TopicFilter(AgencyRegistry.from_frame(store.agencies_frame()))
    for watch in watches.itertuples(index=False):
        seen = store.seen_items(watch.watch_id)
        on_topic = topic.with_words(watch.topic_words or "")
        common = dict(publisher=watch.publisher or "", language=watch.language or None, accept=bool(watch.trusted),
                      extractor=extractor, copies=copies, topic=on_topic)
        failed_before = report.counts.get("failed", 0)
        try:
            if watch.kind == "feed":
                for key, link, published, problem in _feed_items(watch, allow_private):
                    if key in seen:
                        continue
                    if problem:
                        report.note("failed", problem, log)
                        continue
                    _handle(store, watch, key, report, log, lambda: ingest_url(
                        store, actor, link, published=published, allow_private=allow_private, **common))
            else:
                for key, path, data in _folder_items(watch):
                    if key in seen:
                        continue
                    _handle(store, watch, key, report, log, lambda: ingest_bytes(
                        store, actor, data, path.name, published=_folder_date(path, data), **common))
        except (FetchError, DocumentError, OSError) as error:
            report.note("failed", str(error), log)
        failures = report.counts.get("failed", 0) - failed_before
        store.mark_run(watch.watch_id, f"{failures} failed" if failures else "ok")
    log(report.summary())
    return report


def _handle(store: Store, watch, key: str, report: RunReport, log, ingest: Callable[[], IngestResult]) -> None:
    try:
        result = ingest()
    except OffTopic as error:
        store.mark_seen(watch.watch_id, key, "off_topic")
        report.note("off_topic", str(error), log)
        return
    except (FetchError, DocumentError, StoreError, ValueError) as error:
        report.note("failed", str(error), log)
        return
    store.mark_seen(watch.watch_id, key, result.outcome, result.source_id)
    report.note(result.outcome, result.line(), log)


def run_every(store: Store, actor: Actor, seconds: float, *, log: Callable[[str], None] = print, **options) -> None:
    """Run, sleep, run again, until interrupted (Ctrl-C or the service manager stopping it)."""
    while True:
        run_once(store, actor, log=log, **options)
        time.sleep(seconds)
