"""Run in a fresh process: AppTest reruns of Overview, Trends and Export after filter changes.

Prints one JSON object: median rerun seconds per page, the cold first run, peak RSS.
"""

import json
import resource
import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from metrics.schemas import METRICS

PAGES = ["pages/overview.py", "pages/trends.py", "pages/export.py"]
REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 4

at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=600)
started = time.perf_counter()
at.run()
cold = time.perf_counter() - started
errors = [str(e.value) for e in at.exception]
medians, samples = {}, {}
for p, page in enumerate(PAGES):
    at.switch_page(page)
    at.run()
    times = []
    for j in range(REPEATS):
        # A filter not asked for before, so no cached selection serves it.
        try:
            widget = at.multiselect(key="w_metric")
        except KeyError:
            shown = [str(e.value) for e in at.exception] + [str(e.value) for e in at.error]
            print(json.dumps({"fatal": f"no metric filter on {page}: {shown[:2]}"}))
            sys.exit(1)
        widget.set_value([METRICS[(p * REPEATS + j) % len(METRICS)]])
        started = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - started)
        errors += [str(e.value) for e in at.exception]
    medians[page] = statistics.median(times)
    samples[page] = times
print(json.dumps({"cold_s": cold, "median_s": medians, "samples_s": samples, "errors": errors[:5],
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
