import logging
import os

import pytest

from metrics.bundle import load_bundle
from metrics.figures import figures_from_bundle


@pytest.fixture(scope="session")
def site():
    """A news site on 127.0.0.1 (tests/loopback_site.py): fixture pages, feeds and the ways a site fails."""
    from loopback_site import LoopbackSite

    site = LoopbackSite()
    yield site
    site.stop()


@pytest.fixture(scope="session")
def bundle():
    return load_bundle()


@pytest.fixture(scope="session")
def seed_figures(bundle):
    return figures_from_bundle(bundle)


@pytest.fixture(scope="session", autouse=True)
def test_database(tmp_path_factory):
    """Every test (and every app or CLI it starts) uses a throwaway store, never var/ in the repo."""
    path = tmp_path_factory.mktemp("store") / "border-metrics.sqlite"
    previous = os.environ.get("BORDER_METRICS_DB")
    os.environ["BORDER_METRICS_DB"] = str(path)
    yield path
    if previous is None:
        os.environ.pop("BORDER_METRICS_DB", None)
    else:
        os.environ["BORDER_METRICS_DB"] = previous


@pytest.fixture(autouse=True)
def extraction_never_fails(caplog):
    """The extractor notes and logs a sentence it failed on and goes on (a user keeps the rest of the
    document): here such a failure fails the test that met it. A test of that path clears caplog."""
    yield
    failed = [r for r in caplog.get_records("call") if r.name.startswith("metrics.extract") and r.levelno >= logging.ERROR]
    if failed:
        pytest.fail("the extractor failed on a part of a text: " + "; ".join(r.getMessage() for r in failed), pytrace=False)
