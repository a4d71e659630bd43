"""The docstring examples of every gtnlang.core module run."""

import doctest
import importlib
import pkgutil

import pytest

import gtnlang.core as C

MODULES = sorted({m.name for m in pkgutil.walk_packages(C.__path__, "gtnlang.core.")})


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    r = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert r.failed == 0
