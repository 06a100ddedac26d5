"""Extraction throughput of this tree's code against another commit's, on the same corpus and registry.

``python -m bench.bench_extract_vs 30ee558 --rounds 3`` checks the commit out in a temporary git
worktree and runs ``bench/bench_extract.py`` of this tree with each tree's ``metrics`` package in turn,
alternating, so that both read this tree's ``data/`` (the seed articles and the agency registry: a
registry that grew between the two commits would otherwise count as code) and a busy moment of a
shared machine falls on both. Prints one JSON line per run, then the median ratio (this tree / the other).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _rate(code: Path) -> float:
    """extract_mb_per_s of bench_extract.py with the ``metrics`` package of ``code``."""
    output = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_extract.py")], env=os.environ | {"PYTHONPATH": str(code)},
        capture_output=True, text=True, check=True,
    ).stdout
    return next(line["value"] for line in map(json.loads, output.splitlines()) if line["name"] == "extract_mb_per_s")


def compare(commit: str, rounds: int = 3, report=None) -> list[float]:
    """This tree's extraction throughput over ``commit``'s, one ratio per round (``report``: called with
    each round's numbers)."""
    with tempfile.TemporaryDirectory() as scratch:
        other = Path(scratch) / "other"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(other), commit],
                       check=True, capture_output=True)
        try:
            ratios = []
            for round_number in range(1, rounds + 1):
                theirs, ours = _rate(other), _rate(ROOT)
                ratios.append(ours / theirs)
                if report is not None:
                    report({"round": round_number, commit: theirs, "this tree": ours, "ratio": round(ours / theirs, 3),
                            "load_average": round(os.getloadavg()[0], 2)})
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(other)], check=True)
    return ratios


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("commit", help="the commit to compare with (for example 30ee558, the code before issue 11)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    ratios = compare(args.commit, args.rounds, report=lambda line: print(json.dumps(line), flush=True))
    print(json.dumps({"name": "extract_ratio_vs_" + args.commit, "value": round(statistics.median(ratios), 3), "unit": "ratio",
                      "rounds": [round(r, 3) for r in ratios]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
