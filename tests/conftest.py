import pytest

from dyad import nlp as nlp_mod
from dyad.actors import Registry
from dyad.kb import default as default_kb


@pytest.fixture(scope="session")
def nlp():
    return nlp_mod.load()


@pytest.fixture(scope="session")
def kb():
    return default_kb()


@pytest.fixture()
def registry(kb):
    return Registry(kb)
