"""Server time of a page rerun after a filter change, on the seed data (AppTest, in process).

``run()`` returns ``rerun_ms_seed`` (median over every page and repeat) and one
``rerun_ms_seed_<page>`` per page, plus the cold first run. Each rerun asks for a
metric filter not asked for before on that page, so the measured run selects afresh
(the bundle itself stays cached: a rerun does no I/O).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"
PAGES = {"overview": "pages/overview.py", "trends": "pages/trends.py", "export": "pages/export.py"}
FILTERS = [["cases"], ["drug_seized"], ["outreach_attendees"], ["currency_seized"], ["victims_rescued"],
           ["persons_arrested"], ["cases", "drug_seized"], []]


def run(repeats: int = 7) -> list[dict]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=120)
    started = time.perf_counter()
    at.run()
    cold_ms = (time.perf_counter() - started) * 1000
    results, everything, errors = [], [], []
    for page, path in PAGES.items():
        at.switch_page(path)
        at.run()
        times = []
        for repeat in range(repeats):
            at.sidebar.multiselect(key="w_metric").set_value(FILTERS[repeat % len(FILTERS)])
            started = time.perf_counter()
            at.run()
            times.append((time.perf_counter() - started) * 1000)
            errors += [str(e.value) for e in at.exception]
        everything += times
        results.append({"name": f"rerun_ms_seed_{page}", "value": round(statistics.median(times), 1), "unit": "ms",
                        "note": f"median of {repeats} AppTest reruns after a metric filter change",
                        "detail": {"samples_ms": [round(t, 1) for t in times]}})
    summary = {"name": "rerun_ms_seed", "value": round(statistics.median(everything), 1), "unit": "ms",
               "note": "median over Overview, Trends and Export reruns after a filter change (seed data)"}
    if errors:
        summary["reason"] = f"{len(errors)} runs raised: {errors[0][:200]}"
    return [summary, *results, {"name": "first_run_ms_seed", "value": round(cold_ms, 1), "unit": "ms",
                                "note": "cold first run of app.py in a fresh AppTest (loads and caches the bundle)"}]


if __name__ == "__main__":
    import json

    for item in run():
        print(json.dumps(item, ensure_ascii=False))
