"""gtnlang: a Mathematica-style language whose values include weighted automata.

>>> from gtnlang import Session
>>> str(Session().eval("2x + 3x"))
'5 x'

Importing gtnlang loads neither jax nor sympy; they load on first use.
"""

__version__ = "0.1.0"
__all__ = ["Session", "__version__"]


def __getattr__(name):
    if name == "Session":
        from gtnlang.session import Session
        return Session
    raise AttributeError(f"module 'gtnlang' has no attribute {name!r}")
