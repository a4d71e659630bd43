"""The docstring examples of every gtnlang.lower module (and of the JAX value
helpers the builtins use) run."""

import doctest
import importlib
import pkgutil

import pytest

import gtnlang.lower as L

MODULES = sorted({m.name for m in pkgutil.walk_packages(L.__path__, "gtnlang.lower.")}
                 | {"gtnlang.builtins.jax_values"})


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    r = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert r.failed == 0
