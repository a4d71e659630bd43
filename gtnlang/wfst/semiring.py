"""Semirings as values, and the pluggable operations for symbolic weights.

Weights are *scores* (larger is better):

=========  ====================  ==========  ========  ========
name       plus (⊕)              times (⊗)   zero      one
=========  ====================  ==========  ========  ========
LOG        log-sum-exp           ``+``       ``-inf``  ``0``
TROPICAL   ``max``               ``+``       ``-inf``  ``0``
REAL       ``+``                 ``*``       ``0``     ``1``
BOOLEAN    ``or``                ``and``     False     True
=========  ====================  ==========  ========  ========

OpenFst's tropical/log semirings use costs, the negation of these scores.

Symbolic (object-array) weights use a :class:`SymbolicOps` object: the
language layer passes callbacks that build its own expression trees.  The
defaults use Python operators and :mod:`math` (no sympy).

>>> LOG.plus_np(np.array([0.0, 0.0]))
0.6931471805599453
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import operator

import numpy as np


class Semiring:
    __slots__ = ("name", "zero", "one", "idempotent")

    def __init__(self, name, zero, one, idempotent):
        self.name = name
        self.zero = zero
        self.one = one
        self.idempotent = idempotent

    def __repr__(self):
        return f"<Semiring {self.name}>"

    # numpy reductions over a whole array (used by scores)
    def plus_np(self, x):
        x = np.asarray(x)
        if self.name == "log":
            if x.size == 0:
                return -np.inf
            m = np.max(x)
            if not np.isfinite(m):
                return float(m)
            return float(m + np.log(np.sum(np.exp(x - m))))
        if self.name == "tropical":
            return float(np.max(x)) if x.size else -np.inf
        if self.name == "real":
            return float(np.sum(x))
        return bool(np.any(x))


LOG = Semiring("log", -np.inf, 0.0, False)
TROPICAL = Semiring("tropical", -np.inf, 0.0, True)
REAL = Semiring("real", 0.0, 1.0, False)
BOOLEAN = Semiring("boolean", False, True, True)

_BY_NAME = {"log": LOG, "tropical": TROPICAL, "max": TROPICAL, "maxplus": TROPICAL, "viterbi": TROPICAL,
            "real": REAL, "probability": REAL, "boolean": BOOLEAN, "bool": BOOLEAN}


def get_semiring(s):
    """A :class:`Semiring` from itself or its name (``"log"``, ``"tropical"``
    / ``"max"``, ``"real"``, ``"boolean"``)."""
    if isinstance(s, Semiring):
        return s
    try:
        return _BY_NAME[str(s).lower()]
    except KeyError:
        raise ValueError(f"unknown semiring {s!r}; use one of log, tropical, real, boolean") from None


def _default_logsumexp(xs):
    xs = list(xs)
    m = max(xs)
    if m == -math.inf or m == math.inf:
        return m
    return m + math.log(sum(math.exp(x - m) for x in xs))


class SymbolicOps:
    """Callbacks for object-array (symbolic) weights.

    ``add(a, b)`` is ⊗ in the log and tropical semirings; ``logsumexp(list)``
    and ``max(list)`` are their ⊕ over a list.  ``mul``/``sum`` serve the real
    semiring.  ``zero``/``one`` are the log/tropical constants (``-inf``, 0).
    ``neg`` is the ⊗-inverse of log/tropical weights (division).
    ``star(a, semiring_name)``, optional, is the closure ``a* = ⊕_{n >= 0}
    a^n`` (log: ``-log(1 - e^a)``; ``+inf`` where it diverges); without it,
    symbolic weights cannot go round a cycle (``remove_epsilon`` of an
    epsilon cycle raises ``ValueError``).

    >>> ops = SymbolicOps(add=lambda a, b: f"({a}+{b})", logsumexp=lambda xs: "lse" + str(xs))
    >>> ops.add("a", "b")
    '(a+b)'
    """

    def __init__(self, add=operator.add, logsumexp=_default_logsumexp, max=max, mul=operator.mul,
                 sum=sum, zero=-math.inf, one=0, neg=operator.neg, star=None):
        self.add = add
        self.logsumexp = logsumexp
        self.max = max
        self.mul = mul
        self.sum = sum
        self.zero = zero
        self.one = one
        self.neg = neg
        self.star = star

    def times_for(self, semiring):
        if semiring.name in ("log", "tropical"):
            return self.add
        if semiring.name == "real":
            return self.mul
        return lambda a, b: a and b

    def plus_for(self, semiring):
        if semiring.name == "log":
            return self.logsumexp
        if semiring.name == "tropical":
            return self.max
        if semiring.name == "real":
            return self.sum
        return any

    def star_for(self, semiring):
        """The unary closure ``a -> a*`` in ``semiring``, or ``None``."""
        if self.star is None:
            return None
        name = semiring.name
        return lambda a: self.star(a, name)

    def zero_for(self, semiring):
        return self.zero if semiring.name in ("log", "tropical") else semiring.zero

    def one_for(self, semiring):
        return self.one if semiring.name in ("log", "tropical") else semiring.one


def _math_star(a, name):
    """``a*`` of a Python number (``+inf`` where the series diverges)."""
    if name == "log":
        return -math.log1p(-math.exp(a)) if a < 0 else math.inf
    if name == "tropical":
        return 0 if a <= 0 else math.inf
    if name == "real":
        return 1 / (1 - a) if a < 1 else math.inf
    return True


DEFAULT_OPS = SymbolicOps(star=_math_star)
_current_ops = contextvars.ContextVar("gtnlang_wfst_ops", default=DEFAULT_OPS)


def current_ops():
    """The :class:`SymbolicOps` in force (see :func:`symbolic_ops`)."""
    return _current_ops.get()


@contextlib.contextmanager
def symbolic_ops(ops):
    """Use ``ops`` for object-array weights inside the ``with`` block (an
    explicit ``ops=`` argument to an operation takes precedence)."""
    tok = _current_ops.set(ops)
    try:
        yield ops
    finally:
        _current_ops.reset(tok)


def sympy_ops():
    """A :class:`SymbolicOps` building sympy expressions (imports sympy)."""
    import sympy

    def lse(xs):
        xs = list(xs)
        if len(xs) == 1:
            return xs[0]
        return sympy.log(sympy.Add(*[sympy.exp(x) for x in xs]))

    def star(a, name):
        if name == "log":
            return -sympy.log(1 - sympy.exp(a))
        if name == "tropical":
            return sympy.Piecewise((sympy.Integer(0), a <= 0), (sympy.oo, True))
        if name == "real":
            return 1 / (1 - a)
        return sympy.true

    return SymbolicOps(add=operator.add, logsumexp=lse, max=lambda xs: sympy.Max(*xs),
                       mul=operator.mul, sum=lambda xs: sympy.Add(*xs), zero=-sympy.oo, one=sympy.Integer(0),
                       star=star)
