"""Shared fixtures: a fresh session per test, quiet unless a test asks."""

import pytest

from gtnlang import Session


@pytest.fixture
def session():
    return Session(print_messages=False, print_output=False)


@pytest.fixture
def ev(session):
    """Evaluate source in the test's session and return the OutputForm text."""

    def run(source: str) -> str:
        return str(session.eval(source))

    return run
