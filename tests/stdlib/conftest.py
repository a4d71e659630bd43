"""Fixtures for the library written in the language (gtnlang/stdlib/*.gtn)."""

import numpy as np
import pytest

from gtnlang import Session


def _fmt(x):
    """A numpy array or nested list as gtnlang source (machine reals)."""
    a = np.asarray(x, dtype=np.float64)
    if a.ndim == 0:
        t = "%.15g" % float(a)
        if "e" in t:
            m, e = t.split("e")
            t = (m if "." in m else m + ".") + "*^" + str(int(e))
        return t if "." in t else t + "."
    return "{" + ", ".join(_fmt(r) for r in a) + "}"


@pytest.fixture(scope="module")
def lib():
    """One session per test module with the package loaded; `lib.eval(src)` gives a Python value."""
    class Lib:
        def __init__(self):
            self.s = Session(print_messages=False, print_output=False)

        def load(self, context):
            self.s.eval(f'Needs["{context}"]')
            assert self.s.messages == []

        def eval(self, src):
            v = self.s.eval(src)
            assert self.s.messages == [], self.s.messages
            return self.s.to_python(v)

        def raw(self, src):
            return self.s.eval(src)

    return Lib()


@pytest.fixture
def fmt():
    return _fmt
