import pytest

from metrics.bundle import load_bundle
from metrics.figures import figures_from_bundle


@pytest.fixture(scope="session")
def bundle():
    return load_bundle()


@pytest.fixture(scope="session")
def seed_figures(bundle):
    return figures_from_bundle(bundle)
