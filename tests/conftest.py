"""Shared fixtures: a fresh session per test, quiet unless a test asks."""

import pytest

import gtnlang.builtins
from gtnlang import Session

# Tests may read the registry directly, so every builtin module is imported
# up front; tests/builtins/test_lazy_loading.py checks the lazy path.
gtnlang.builtins.load_all()


@pytest.fixture
def session():
    return Session(print_messages=False, print_output=False)


@pytest.fixture
def ev(session):
    """Evaluate source in the test's session and return the OutputForm text."""

    def run(source: str) -> str:
        return str(session.eval(source))

    return run
