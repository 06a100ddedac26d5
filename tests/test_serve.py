"""ui/serve.py: the warm-up fills the caches the pages read, and a failed warm-up still starts the server. (The browser tests start every server through it.)"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui import data, serve

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture
def cold_caches():
    caches = [data.revision, data.store, data._loaded, data._bundle, data._registry, data._figures, data._selection,
              data._summary]
    for cache in caches:
        cache.clear()
    yield
    for cache in caches:
        cache.clear()


def test_the_overview_runs_on_what_the_warm_up_loaded(cold_caches, monkeypatch):
    times = serve.warm_up()
    assert set(times) == {name for name, _step in serve.STEPS}

    def no_second_load(*args, **kwargs):
        raise AssertionError("the data was loaded again")

    # st.cache_resource belongs to the process: a script run reads what the warm-up put there.
    monkeypatch.setattr(data, "figures_from_bundle", no_second_load)
    monkeypatch.setattr(data, "load_with_snapshot", no_second_load)
    monkeypatch.setattr(data, "select", no_second_load)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.metric


def test_a_failed_warm_up_still_starts_the_server(monkeypatch, capsys):
    def broken():
        raise ValueError("no data here")

    started = []
    monkeypatch.setattr(serve, "STEPS", (("data", broken),))
    monkeypatch.setattr(gc, "freeze", lambda: pytest.fail("froze after a failed warm-up"))
    serve.warm_then(lambda: started.append("serving"))
    assert started == ["serving"]
    said = capsys.readouterr().err
    assert "warm-up stopped" in said and "step data: ValueError: no data here" in said
