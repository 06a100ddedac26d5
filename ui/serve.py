"""Start the dashboard warm: ``python -m ui.serve [streamlit run flags]``.

A plain ``streamlit run app.py`` answers its health check at once and leaves the cold work to
its first visitor: importing pandas, plotly, pint and ``metrics``, reading the data (seconds at
a million figures), plotly's and babel's first-use costs. This launcher does that work
first, in the same process and into the very caches the pages read (``st.cache_resource`` caches
belong to the process, not to a session), and only then calls Streamlit's own command line,
``streamlit run app.py`` with the same flags: the server starts listening, and answers
``/_stcore/health``, once it is warm. Nothing of Streamlit is patched.

A warm-up step that fails is logged and the rest is left to the first page run, which meets
the same error and explains it to the reader, as it would without the launcher.
"""

from __future__ import annotations

import gc
import logging
import os
import runpy
import sys
import time
from pathlib import Path
from typing import Callable

APP = Path(__file__).resolve().parent.parent / "app.py"


def log_event(event: str, **fields) -> None:
    """One line on stdout per event, ``<time> app event=... process=... session=... page=...``."""
    values = " ".join(f"{key}={str(value).replace(' ', '_')}" for key, value in fields.items())
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())
    print(f"{stamp} app event={event} process={os.getpid()} {values}", file=sys.stdout, flush=True)


def _say(text: str) -> None:
    print(f"border-metrics: {text}", file=sys.stderr, flush=True)


def _imports() -> None:
    from ui import components, data, sidebar, views  # noqa: F401  (metrics, pandas, pint, plotly come with them)


def _data() -> None:
    """The figures, the registry and the sidebar's options: what every page of every session reads."""
    from ui import data, sidebar

    data.figures()
    data.registry()
    sidebar._options()
    sidebar._years()


def _overview() -> None:
    """The Overview a new session without a query string shows (all figures), its chart included, in
    both languages (an English visitor's first page is ``?lang=en``), with the sidebar's labels.

    Building that chart also pays plotly's first use (its figure classes load on demand, a third
    of a second).
    """
    from ui import components, data, sidebar, views
    from ui.state import ViewState

    default = ViewState()
    _under_the_tiles(data.selection(default.filters))
    for language in ("vi", "en"):
        views.overview(default.filters, language)
        sidebar._presets(language)
        sidebar._agency_labels(data.revision(), language)
        components.fmt(1234.5, language)  # babel reads its locale data on first use


def _under_the_tiles(selection) -> None:
    """What the Overview draws under its tiles from the selection itself, kept with it for every session: the
    count of figures and sources (each document once: 50 ms at a million figures) and the conflicts listed."""
    from ui import components

    components._counts(selection.included)
    selection.conflicts  # noqa: B018  (built on first access and kept on the shared selection)


WARM_PERIODS = "BORDER_METRICS_WARM_PERIODS"  # "1": also the "periods" step (deploy/cluster.py sets it)


def _periods() -> None:
    """The Overview of every year in the period menu, under both overlap rules, in the default language,
    with its year-on-year comparison: what a visitor's first pick computes, computed once before anyone asks.

    Off by default: at a million figures it takes about 7 s of CPU and 0.4 GB more memory per process (each
    year's selection stays cached); a deployment that serves many sessions turns it on (``$BORDER_METRICS_WARM_PERIODS``).
    """
    from ui import comparisons, data, sidebar, views
    from ui.state import ViewState

    for key, _label, start, end in sidebar._presets(ViewState().lang):
        if not key.isdigit():  # the years only: "last 12 months" and "year to date" move with the date
            continue
        for rule in ("exclude", "prorate"):
            state = ViewState(date_from=start, date_to=end, rule=rule)
            _under_the_tiles(data.selection(state.filters))
            views.overview(state.filters, state.lang)
            comparisons.comparison(state.filters, state.lang, detail=False)


STEPS = (("imports", _imports), ("data", _data), ("overview", _overview))


def steps() -> tuple:
    """The warm-up steps this process runs: ``STEPS``, and "periods" when ``$BORDER_METRICS_WARM_PERIODS`` is 1."""
    return STEPS + ((("periods", _periods),) if os.environ.get(WARM_PERIODS) == "1" else ())


def warm_up() -> dict[str, float]:
    """Run the steps in order; the seconds each took. Raises what a step raised, naming the step."""
    # Before the server starts, st.cache_data says "No runtime found" for each cached function: true, and
    # expected. Only that sentence is held back, from Streamlit's loggers found by name, not by module path.
    import streamlit  # noqa: F401  (creates Streamlit's loggers, so the filter reaches them all)

    quiet = _NoRuntimeYet()
    loggers = [logging.getLogger(name) for name in list(logging.root.manager.loggerDict) if name.startswith("streamlit")]
    for logger in loggers:
        logger.addFilter(quiet)
    times: dict[str, float] = {}
    try:
        for name, step in steps():
            started = time.perf_counter()
            try:
                step()
            except Exception as error:
                raise RuntimeError(f"step {name}: {type(error).__name__}: {error}") from error
            times[name] = time.perf_counter() - started
    finally:
        for logger in loggers:
            logger.removeFilter(quiet)
    return times


class _NoRuntimeYet(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "No runtime found" not in record.getMessage()


def warm_then(serve: Callable[[], object]) -> object:
    """Warm up, then ``serve()``; a failed warm-up is logged and the server starts all the same."""
    started = time.perf_counter()
    try:
        times = warm_up()
    except Exception as error:  # the first page run meets it again and explains it to the reader
        _say(f"warm-up stopped after {time.perf_counter() - started:.1f} s ({error}); the first page run does the rest")
    else:
        # What is loaded now lives as long as the server: Python's full collections no longer walk it
        # (0.13 s each at a million figures; .streamlit/config.toml also turns off the one Streamlit
        # would run after every script run, runner.postScriptGC, for a plain streamlit run).
        gc.freeze()
        _say(f"warm in {time.perf_counter() - started:.1f} s ("
             + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in times.items()) + ")")
    return serve()


def main(argv: list[str] | None = None) -> None:
    """``python -m streamlit run app.py`` with ``argv`` as its flags, warmed up before the server listens.

    The ``streamlit`` module is run as ``python -m streamlit`` runs it (``runpy``), in this process, which
    holds the warmed data: the server starts exactly as the documented command starts it, and no module
    inside Streamlit is named here.
    """
    flags = sys.argv[1:] if argv is None else argv

    def serve() -> None:
        sys.argv = ["streamlit", "run", str(APP), *flags]
        runpy.run_module("streamlit", run_name="__main__", alter_sys=True)

    warm_then(serve)


if __name__ == "__main__":
    main()
