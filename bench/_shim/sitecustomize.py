"""Benchmark-only shim: point metrics.bundle.load_bundle's default at $BORDER_METRICS_BUNDLE.

Used by bench/ when it starts the app on a synthetic bundle, until ui/data.py reads that
variable itself. Does nothing when the variable is unset.
"""

import os

if os.environ.get("BORDER_METRICS_BUNDLE"):
    from pathlib import Path

    import metrics.bundle as _bundle

    _root = Path(os.environ["BORDER_METRICS_BUNDLE"])
    _bundle.DEFAULT_BUNDLE = _root
    _bundle.load_bundle.__defaults__ = (_root,)
