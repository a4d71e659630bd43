"""The docstring examples of every gtnlang.wfst module run."""

import doctest
import importlib
import pkgutil

import pytest

import gtnlang.wfst as W

MODULES = sorted({m.name for m in pkgutil.walk_packages(W.__path__, "gtnlang.wfst.")})


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    mod = importlib.import_module(name)
    r = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert r.failed == 0
