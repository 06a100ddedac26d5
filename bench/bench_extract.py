"""Extraction throughput on one core over a realistic corpus: the seed articles repeated to ~4 MB.

Measured in CPU time of this process (``time.process_time``), so that other work on a shared
machine does not count against extraction; the median over repeats is reported. Wall-clock
throughput is reported beside it for reference.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import time
from datetime import date
from pathlib import Path

import pandas as pd

from metrics.agencies import AgencyRegistry
from metrics.extract import extract

DATA = Path(__file__).resolve().parent.parent / "data"
TARGET_BYTES = 4_000_000
REPEATS = 5


def _corpus() -> list[tuple[str, date]]:
    sources = pd.read_csv(DATA / "sources.csv", dtype=str, keep_default_na=False)
    articles = [
        ((DATA / row.path).read_text(encoding="utf-8"), date.fromisoformat(row.reference_date))
        for row in sources.itertuples()
    ]
    corpus, size = [], 0
    while size < TARGET_BYTES:
        for text, published in articles:
            corpus.append((text, published))
            size += len(text.encode("utf-8"))
    return corpus


def run() -> list[dict]:
    """The throughput, and its ratio to the reference code's."""
    return [*throughput(), _ratio_to_reference()]


def throughput() -> list[dict]:
    """Median MB/s of extracting every article of the corpus, one article at a time."""
    registry = AgencyRegistry.from_frame(pd.read_csv(DATA / "agencies.csv", dtype=str, keep_default_na=False))
    corpus = _corpus()
    megabytes = sum(len(text.encode("utf-8")) for text, _ in corpus) / 1_000_000
    extract(corpus[0][0], corpus[0][1], "vi", registry)  # warm the lexicon and the compiled patterns
    cpu_rates, wall_rates = [], []
    for _ in range(REPEATS):
        cpu_started, wall_started = time.process_time(), time.perf_counter()
        for text, published in corpus:
            extract(text, published, "vi", registry)
        cpu_rates.append(megabytes / (time.process_time() - cpu_started))
        wall_rates.append(megabytes / (time.perf_counter() - wall_started))
    return [
        {"name": "extract_mb_per_s", "value": round(statistics.median(cpu_rates), 2), "unit": "MB/s"},
        {"name": "extract_mb_per_s_wall", "value": round(statistics.median(wall_rates), 2), "unit": "MB/s"},
    ]


# The code before issue 11: the extractor's throughput must stay within 10% of it.
REFERENCE = "30ee558"


def _ratio_to_reference() -> dict:
    from .bench_extract_vs import compare

    row = {"name": f"extract_ratio_vs_{REFERENCE}", "unit": "ratio", "target": ">= 0.9",
           "note": f"this code's extract_mb_per_s over {REFERENCE}'s (before issue 11), both on this tree's data (the"
                   " corpus and the agency registry), alternating; median of 3 rounds (bench/bench_extract_vs.py)"}
    try:
        ratios = compare(REFERENCE, rounds=3)
    except (OSError, subprocess.CalledProcessError) as error:  # no git, or a clone without that commit
        return row | {"value": None, "reason": f"{REFERENCE} could not be checked out: {error}"}
    return row | {"value": round(statistics.median(ratios), 3), "detail": {"rounds": [round(r, 3) for r in ratios]}}


if __name__ == "__main__":  # the throughput alone: bench_extract_vs runs this file with another tree's code
    for line in throughput():
        print(json.dumps(line))
