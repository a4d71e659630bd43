"""The two-way conversion between gtnlang expressions and sympy."""

import subprocess
import sys
from fractions import Fraction

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gtnlang.builtins.algebra import expand
from gtnlang.core.sympy_bridge import (
    ConversionError, from_sympy, mangle, to_sympy, unmangle,
)
from gtnlang.expr import (
    Complex, Expression, Integer, Normal, Opaque, Rational, Real, String, Symbol,
)
from gtnlang.session import Session

x, y, z, f = Symbol("x"), Symbol("y"), Symbol("z"), Symbol("f")
E = Expression


def q(n, d):
    return Rational(Fraction(n, d))


def deriv(orders, fn, *args):
    return Normal(Normal(E("Derivative", *map(Integer, orders)), (fn,)), args)


@pytest.fixture(scope="module")
def evaluate():
    return Session(print_messages=False, print_output=False).evaluator.evaluate


CORPUS = [
    Integer(3), Integer(-12345678901234567890123), q(1, 3), q(-7, 2), Real(1.5),
    Real(-0.1), Symbol("w1"), Symbol("x$12"), Symbol("a`b"),
    E("Plus", x, Integer(1)), E("Times", Integer(2), x, y), E("Power", x, Integer(2)),
    E("Power", x, q(1, 2)), E("Power", Symbol("E"), x), E("Plus", x, E("Times", Integer(-1), y)),
    E("Sin", x), E("Cos", E("Plus", x, y)), E("ArcTan", x), E("ArcTan", x, y), E("Log", x),
    E("Tanh", x), E("ArcSinh", x), E("Abs", x), E("Sign", x), E("Floor", x), E("Ceiling", x),
    E("Gamma", x), E("Gamma", x, y), E("Gamma", x, Integer(0), y), E("Factorial", x),
    E("Binomial", x, y), E("Max", x, y), E("Min", x, y, z), E("Re", x), E("Im", x),
    E("Conjugate", x), E("Arg", x), E("Erf", x), E("HeavisideTheta", x), E("DiracDelta", x),
    E("PolyGamma", Integer(0), x), E("ProductLog", x),
    deriv([1], f, x), deriv([1, 0], f, x, y), deriv([2, 1], f, x, y),
    deriv([2], f, E("Power", x, Integer(2))), deriv([1], Symbol("Abs"), x),
    E("f", x, y), E("g", E("f", x)), E("Equal", x, Integer(2)), E("Less", x, y),
    E("GreaterEqual", x, Integer(0)), E("Unequal", x, y),
    E("And", E("Less", x, y), E("Greater", x, Integer(0))), E("Or", x, y), E("Not", x),
    Symbol("Pi"), Symbol("E"), Symbol("EulerGamma"), Symbol("Infinity"),
    Symbol("ComplexInfinity"), Symbol("Indeterminate"), Symbol("True"), Symbol("False"),
    E("Times", Integer(-1), Symbol("Infinity")),
    Complex(Integer(1), Integer(2)), Complex(q(1, 2), Integer(-1)),
    Complex(Real(1.5), Real(2.0)),
    E("List", x, E("List", y, Integer(1))),
    E("Piecewise", E("List", E("List", x, E("Greater", x, Integer(0)))), Integer(0)),
]


@pytest.mark.parametrize("expr", CORPUS, ids=[repr(e)[:60] for e in CORPUS])
def test_round_trip(expr, evaluate):
    back = from_sympy(to_sympy(expr))
    if expr.has_head("And") or expr.has_head("Or"):
        # sympy keeps the terms of And and Or sorted its own way
        assert to_sympy(back) == to_sympy(expr)
    else:
        assert evaluate(back) == evaluate(expr)


def test_conversion_table():
    X, Y = sp.symbols("x y")
    assert to_sympy(E("Plus", x, Integer(1))) == X + 1
    assert to_sympy(E("Power", Symbol("E"), x)) == sp.exp(X)
    assert to_sympy(E("Log", Integer(2), x)) == sp.log(X) / sp.log(2)
    assert to_sympy(E("ArcTan", x, y)) == sp.atan2(Y, X)
    assert to_sympy(Symbol("Infinity")) is sp.oo
    assert to_sympy(E("DirectedInfinity", Integer(-1))) == -sp.oo
    assert to_sympy(E("DirectedInfinity")) is sp.zoo
    assert to_sympy(Symbol("Indeterminate")) is sp.nan
    assert to_sympy(E("List", x, y)) == [X, Y]
    assert to_sympy(E("Rule", x, Integer(1))) == {X: 1}
    assert to_sympy(E("Equal", x, y, z)) == sp.And(sp.Eq(X, Y), sp.Eq(Y, sp.Symbol("z")))
    F = sp.Function("f")
    assert to_sympy(deriv([1], f, x)) == sp.Derivative(F(X), X)
    assert to_sympy(E("f", x, y)) == F(X, Y)


def test_from_sympy_forms():
    X = sp.Symbol("x")
    assert from_sympy(sp.exp(X)) == E("Power", Symbol("E"), x)
    assert from_sympy(-sp.oo) == E("Times", Integer(-1), Symbol("Infinity"))
    assert from_sympy({X: 2}) == E("List", E("Rule", x, Integer(2)))
    assert from_sympy((X, 1)) == E("List", x, Integer(1))
    assert from_sympy(sp.Heaviside(X)) == E("HeavisideTheta", x)
    assert from_sympy(sp.lowergamma(X, 2)) == E("Gamma", x, Integer(0), Integer(2))
    assert from_sympy(sp.Integral(X, X)) == E("Integrate", x, x)
    assert from_sympy(sp.Sum(X, (X, 1, 3))) == E("Sum", x, E("List", x, Integer(1), Integer(3)))
    assert from_sympy(sp.Float(2.5)) == Real(2.5)
    assert from_sympy(sp.I) == Complex(Integer(0), Integer(1))
    # a dummy of sympy's gets a name of its own
    d = from_sympy(sp.Dummy("t"))
    assert type(d) is Symbol and d.name.startswith("t$")


def test_names_round_trip():
    for name in ["w1", "x", "x$12", "$Context", "a`b", "Global`x$3", "a_b", "_"]:
        assert unmangle(mangle(name)) == name
    assert mangle("w1") == "w1"
    assert "$" not in mangle("x$1") and "`" not in mangle("a`b")
    assert unmangle("_xi") == "_xi"


@given(st.text(alphabet="ab1$`_", min_size=1, max_size=8))
def test_mangle_is_injective_and_inverted(name):
    assert unmangle(mangle(name)) == name


def test_arbitrary_precision_round_trip():
    with mpmath.workprec(120):
        v = mpmath.mpf(1) / 3
    r = Real(v, 30)
    s = to_sympy(r)
    assert isinstance(s, sp.Float) and s._prec >= 100
    back = from_sympy(s)
    assert back == r
    assert from_sympy(sp.Float(1.25)) == Real(1.25)


@pytest.mark.parametrize("expr", [
    String("abc"), Opaque(object(), "Graph"), E("Pattern", x, E("Blank")),
    E("Function", E("Slot", Integer(1))), E("f", String("s")),
    Normal(E("f", x), (y,)),
])
def test_unconvertible(expr):
    with pytest.raises(ConversionError):
        to_sympy(expr)


def test_import_does_not_load_sympy():
    code = ("import sys\nfrom gtnlang import Session\ns = Session()\n"
            "from gtnlang.expr import Expression, Integer\n"
            "s.evaluator.evaluate(Expression('Plus', Integer(1), Integer(1)))\n"
            "s.evaluator.evaluate(Expression('Expand', Expression('Power', "
            "Expression('Plus', Integer(1), Expression('Times', Integer(2), "
            "Expression('x'))), Integer(3))))\n"
            "print('sympy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


# --- random polynomial expressions: round trip and native Expand vs sympy ---------

_leaf = st.one_of(st.integers(1, 5).map(Integer),
                  st.sampled_from([x, y, z]),
                  st.tuples(st.integers(-4, 4), st.integers(2, 4)).map(lambda t: q(*t)
                                                                        if t[0] % t[1] else Integer(t[0] // t[1])))


def _extend(children):
    return st.one_of(
        st.lists(children, min_size=2, max_size=3).map(lambda a: E("Plus", *a)),
        st.lists(children, min_size=2, max_size=3).map(lambda a: E("Times", *a)),
        st.tuples(children, st.integers(1, 3)).map(lambda t: E("Power", t[0], Integer(t[1]))),
    )


polynomials = st.recursive(_leaf, _extend, max_leaves=8)


@settings(max_examples=60, deadline=None)
@given(polynomials)
def test_random_polynomial_round_trip(evaluate, expr):
    e = evaluate(expr)
    s = to_sympy(e)
    assert sp.expand(to_sympy(from_sympy(s)) - s) == 0
    assert evaluate(from_sympy(s)) == evaluate(from_sympy(to_sympy(evaluate(from_sympy(s)))))


@settings(max_examples=60, deadline=None)
@given(polynomials)
def test_native_expand_matches_sympy(evaluate, expr):
    e = evaluate(expr)
    expanded = evaluate(expand(e))
    assert sp.expand(to_sympy(expanded) - to_sympy(e)) == 0
    # fully expanded: sympy's expand changes nothing but the order
    assert sp.expand(to_sympy(expanded)) == to_sympy(expanded)


# --- Root objects and CRootOf --------------------------------------------------------

def _root(coeffs, k):
    from gtnlang.core.sympy_bridge import root_expr
    return root_expr(coeffs, k)


def test_root_converts_to_the_same_crootof():
    X = sp.Symbol("x")
    r = _root((1, -1, 0, 0, 0, 1), 1)
    assert str(r) == "Root[1 - #1 + #1^5 & , 1]"
    assert to_sympy(r) == sp.CRootOf(X**5 - X + 1, 0)
    assert from_sympy(sp.CRootOf(X**5 - X + 1, 2)) == _root((1, -1, 0, 0, 0, 1), 3)
    # Function[x, body] and a reducible polynomial name the same root
    body = E("Plus", E("Power", x, Integer(3)), Integer(-2))
    assert to_sympy(E("Root", E("Function", x, body), Integer(1))) == sp.CRootOf(X**3 - 2, 0)
    two = E("Times", E("Plus", E("Power", E("Slot", Integer(1)), Integer(2)), Integer(-2)),
            E("Plus", E("Power", E("Slot", Integer(1)), Integer(3)), Integer(-2)))
    assert to_sympy(E("Root", E("Function", two), Integer(3))).evalf(30) == sp.sqrt(2).evalf(30)


def test_complex_root_indices_follow_real_parts_not_crootof():
    # 4 x^6 - x + 1: sympy's CRootOf puts the pair with real part 0.64 before
    # the one with real part 0.10 (it sorts by isolating rectangles); Root
    # orders by real part, so Root index 5 is CRootOf index 2.
    X = sp.Symbol("x")
    coeffs = (1, -1, 0, 0, 0, 0, 4)
    assert to_sympy(_root(coeffs, 5)) == sp.CRootOf(4 * X**6 - X + 1, 2)
    assert from_sympy(sp.CRootOf(4 * X**6 - X + 1, 2)) == _root(coeffs, 5)
    values = [complex(to_sympy(_root(coeffs, k)).evalf(15)) for k in (3, 5)]
    assert values[0].real < values[1].real


@pytest.mark.parametrize("coeffs", [(1, -1, 0, 0, 0, 1), (-2, 0, 0, 1), (1, 1, 0, 0, 1),
                                    (5, 0, 5, 0, 1)])
def test_root_round_trip(coeffs, evaluate):
    for k in range(1, len(coeffs)):
        r = _root(coeffs, k)
        assert evaluate(from_sympy(to_sympy(r))) == r


@pytest.mark.parametrize("expr", [
    E("Root", E("Function", E("Plus", E("Power", E("Slot", Integer(1)), Integer(3)), Symbol("a"))),
      Integer(1)),
    E("Root", E("Function", E("Sin", E("Slot", Integer(1)))), Integer(1)),
    _root((-2, 0, 0, 1), 4),
    E("Root", E("Function", E("Plus", E("Slot", Integer(1)), E("Slot", Integer(2)))), Integer(1)),
])
def test_unconvertible_roots(expr):
    with pytest.raises(ConversionError):
        to_sympy(expr)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-20, 20), min_size=2, max_size=8).filter(lambda c: c[-1] != 0))
def test_root_function_is_in_canonical_order(evaluate, coeffs):
    """The pure function of a Root is built sorted (Function holds its body):
    it is what the evaluator makes of the same polynomial in a symbol."""
    from gtnlang.core.sympy_bridge import root_function
    in_x = _slot_to(root_function(coeffs).args[0], x)
    terms = [E("Times", Integer(c), E("Power", x, Integer(i))) for i, c in enumerate(coeffs)]
    assert evaluate(E("Plus", *terms)) == in_x


def _slot_to(e, var):
    if e == E("Slot", Integer(1)):
        return var
    if isinstance(e, Normal):
        return Normal(e.head, tuple(_slot_to(a, var) for a in e.args))
    return e
