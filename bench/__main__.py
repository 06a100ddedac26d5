"""``make bench``: every benchmark in one run on one machine.

Each benchmark module has ``run() -> list[dict]``; a dict is one measurement
``{"name", "value", "unit"}`` plus optional ``target``, ``reason`` (why the value is null),
``note`` and ``detail``. Modules: bench_scale (issue 6), bench_extract and bench_app when
present. Prints one JSON line per measurement and writes bench/results.json and
bench/RESULTS.md with the machine they ran on.
"""

from __future__ import annotations

import importlib
import json
import os
import platform
import sys
import traceback
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODULES = ["bench_scale", "bench_extract", "bench_app"]


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    memory_mb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_mb = int(line.split()[1]) // 1024
    except OSError:
        pass
    import numpy
    import pandas

    versions = {"python": platform.python_version(), "pandas": pandas.__version__, "numpy": numpy.__version__}
    for name in ("duckdb", "streamlit", "pyarrow"):
        try:
            versions[name] = importlib.import_module(name).__version__
        except ImportError:
            pass
    return {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_mb": memory_mb,
        "platform": platform.platform(),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
        **versions,
    }


def run_module(name: str) -> list[dict] | None:
    try:
        module = importlib.import_module(f"bench.{name}")
    except ModuleNotFoundError as error:
        if error.name == f"bench.{name}":
            return None  # not written yet
        return [{"name": f"{name}_failed", "value": None, "unit": "", "reason": f"ModuleNotFoundError: {error}"}]
    except Exception as error:  # a broken module (e.g. mid-edit) must not lose the other results
        traceback.print_exc(file=sys.stderr)
        return [{"name": f"{name}_failed", "value": None, "unit": "", "reason": f"{type(error).__name__}: {error}"}]
    try:
        return list(module.run() or [])
    except Exception as error:
        traceback.print_exc(file=sys.stderr)
        return [{"name": f"{name}_failed", "value": None, "unit": "", "reason": f"{type(error).__name__}: {error}"}]


def write_markdown(path: Path, about: dict, results: list[dict]) -> None:
    lines = [
        "# Benchmark results",
        "",
        f"Run by `make bench` on {about['date']}: {about['nproc']} cores ({about['cpu']}), "
        f"{about['memory_mb']} MB memory, Python {about['python']}, pandas {about['pandas']}, "
        f"numpy {about['numpy']}" + (f", DuckDB {about['duckdb']}" if "duckdb" in about else "")
        + (f", Streamlit {about['streamlit']}" if "streamlit" in about else "")
        + f". Load average at the start: {about['load_average']} (the machine is shared).",
        "",
        "Synthetic data from `python -m metrics synth` (seed 0). Times are medians over repeats.",
        "",
        "| measurement | value | unit | target | note |",
        "|---|---|---|---|---|",
    ]
    for r in results:
        value = "—" if r.get("value") is None else r["value"]
        note = r.get("reason") or r.get("note") or ""
        if r.get("errors") is not None:
            note = (note + f" errors: {r['errors']}, samples: {r.get('samples')}").strip()
        if r.get("load_average") is not None:
            note = (note + f" load average then: {r['load_average']}").strip()
        lines.append(f"| `{r['name']}` | {value} | {r['unit']} | {r.get('target', '')} | {note} |")
    lines += [
        "",
        "How to read the browser and session numbers: `first_render_*` is headless Chromium, from opening",
        "the page to the Overview drawn. The twenty sessions speak Streamlit's websocket protocol on loopback",
        "(`bench/streamlit_sessions.py`, no browser): each opens the Overview and picks the latest year, then",
        "all twenty flip the outside-window rule three times at once. A rerun is timed from the filter-change",
        "message sent to the server's `script_finished` received: server time, queueing behind the other",
        "sessions included, the browser's own drawing not. Every change is checked (no error shown, the URL",
        "and the page follow the change), and a change sent to a widget the app does not have must be flagged",
        "(`lost_change_flagged`). The `_1k` rows repeat the run at 1,000 figures on the same machine: what the",
        "million-figure run costs beyond them is the data. One Python process serves all twenty reruns, so a",
        "burst of twenty needs about twenty times `server_cpu_ms_per_rerun_*` before the last one finishes.",
        "In that run every session asks for the same view, so one computes it and the others find it cached;",
        "the `_spread` rows spread the twenty sessions over the years of the data (about two per year), so",
        "each year's selection is computed: by the session that first asks on a server started as `make run`",
        "starts it (`p95_rerun_ms_20_sessions_spread`), and before the server answers on servers started as",
        "`make serve` starts them (`_spread_1_process`, `_spread_N_processes`, behind nginx: each process's",
        "warm-up computes the Overview of every year of the period menu under both rules).",
        "",
        "The machine is shared and single numbers move: an A/A check of the rerun ratio (1,000 figures on",
        "both sides) gave rounds from 0.77 to 1.24 and a pooled 0.96. Hence the ratio pools four alternating",
        "rounds and the first render is the median of three fresh servers (each draw in `detail`).",
    ]
    details = [r for r in results if r.get("detail")]
    if details:
        lines += ["", "## Details", ""]
        for r in details:
            lines += [f"- `{r['name']}`: `{json.dumps(r['detail'], ensure_ascii=False)}`"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    sys.path.insert(0, str(HERE.parent))
    about = machine()
    results: list[dict] = []
    for name in MODULES:
        measured = run_module(name)
        if measured is None:
            continue
        for item in measured:
            print(json.dumps(item, ensure_ascii=False), flush=True)
        results += measured
    (HERE / "results.json").write_text(
        json.dumps({"machine": about, "results": results}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    write_markdown(HERE / "RESULTS.md", about, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
