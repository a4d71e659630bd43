"""Linear algebra (gtnlang/builtins/linalg.py): printed outputs from the
Wolfram documentation and from transcripts of the Wolfram kernel's text
interface, exact results against sympy, machine results against numpy
(hypothesis properties), and the MatrixForm/TableForm layout of the printer."""

import os
import subprocess
import sys

import numpy as np
import pytest
import sympy
from hypothesis import given, settings, strategies as st

from gtnlang import Session
from gtnlang.core.sympy_bridge import to_sympy
from gtnlang.expr import Expression, Real

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# (input, OutputForm of the result) as the Wolfram kernel prints them.
CASES = [
    # Documentation examples.
    ("Inverse[{{1, 2}, {3, 4}}]", "{{-2, 1}, {3/2, -1/2}}"),
    ("Eigenvalues[{{2, 1}, {1, 2}}]", "{3, 1}"),
    ("Eigenvalues[{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}]", "{(3 (5 + Sqrt[33]))/2, (3 (5 - Sqrt[33]))/2, 0}"),
    ("Eigenvalues[{{a, b}, {c, d}}]",
     "{(a + d - Sqrt[a^2 + 4 b c - 2 a d + d^2])/2, (a + d + Sqrt[a^2 + 4 b c - 2 a d + d^2])/2}"),
    ("Det[{{a, b}, {c, d}}]", "-(b c) + a d"),
    ("LinearSolve[{{1, 2, 3}, {4, 5, 6}}, {6, 15}]", "{0, 3, 0}"),
    ("LinearSolve[{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}, {1, 1, 1}]", "{-1, 1, 0}"),
    ("NullSpace[{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}]", "{{1, -2, 1}}"),
    ("NullSpace[{{1, 1, 1}}]", "{{-1, 0, 1}, {-1, 1, 0}}"),
    ("Eigenvectors[IdentityMatrix[3]]", "{{0, 0, 1}, {0, 1, 0}, {1, 0, 0}}"),
    ("Eigenvectors[{{1, 1}, {0, 1}}]", "{{1, 0}, {0, 0}}"),
    ("Eigenvectors[{{2, 1}, {1, 2}}]", "{{1, 1}, {-1, 1}}"),
    ("Eigenvectors[{{1, 2}, {3, 4}}]", "{{(-3 + Sqrt[33])/6, 1}, {(-3 - Sqrt[33])/6, 1}}"),
    ("Eigensystem[{{2, 1}, {1, 2}}]", "{{3, 1}, {{1, 1}, {-1, 1}}}"),
    ("Eigenvalues[{{2, 1}, {0, 3}}]", "{3, 2}"),
    ("Eigenvalues[{{1, 2}, {2, 1}}]", "{3, -1}"),
    ("Eigenvalues[{{0, 1}, {1, 0}}]", "{-1, 1}"),
    ("Eigenvalues[{{2, 1}, {1, 2}}, 1]", "{3}"),
    ("Norm[{{1, 2}, {3, 4}}]", "Sqrt[15 + Sqrt[221]]"),
    ("Norm[{{1, 2}, {3, 4}}, 1]", "6"),
    ("Norm[{{1, 2}, {3, 4}}, Infinity]", "7"),
    ("Norm[{{1, 2}, {3, 4}}, \"Frobenius\"]", "Sqrt[30]"),
    ("Norm[{3, 4}]", "5"),
    ("Tr[{{1, 2}, {3, 4}}]", "5"),
    ("Tr[{{1, 2, 3}, {4, 5, 6}}]", "6"),
    ("Tr[{a, b, c}]", "a + b + c"),
    ("Tr[{{a, b}, {c, d}}, List]", "{a, d}"),
    ("MatrixRank[{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}]", "2"),
    ("MatrixRank[{{a, b}, {2 a, 2 b}}]", "1"),
    ("RowReduce[{{1, 2, 3}, {4, 5, 6}}]", "{{1, 0, -1}, {0, 1, 2}}"),
    ("RowReduce[{{a, b}, {c, d}}]", "{{1, 0}, {0, 1}}"),
    ("MatrixPower[{{1, 1}, {1, 0}}, 10]", "{{89, 55}, {55, 34}}"),
    ("MatrixPower[{{1, 2}, {3, 4}}, -1]", "{{-2, 1}, {3/2, -1/2}}"),
    ("MatrixPower[{{1, 2}, {3, 4}}, 0]", "{{1, 0}, {0, 1}}"),
    ("CharacteristicPolynomial[{{1, 2}, {3, 4}}, x]", "-2 - 5 x + x^2"),
    ("CharacteristicPolynomial[{{1, 0, 0}, {0, 2, 0}, {0, 0, 3}}, x]", "6 - 11 x + 6 x^2 - x^3"),
    ("Adjugate[{{a, b}, {c, d}}]", "{{d, -b}, {-c, a}}"),
    ("Cross[{1, 2, 3}, {4, 5, 6}]", "{-3, 6, -3}"),
    ("Cross[{x, y}]", "{-y, x}"),
    ("KroneckerProduct[{{1, 2}, {3, 4}}, {{0, 1}, {1, 0}}]",
     "{{0, 1, 0, 2}, {1, 0, 2, 0}, {0, 3, 0, 4}, {3, 0, 4, 0}}"),
    ("KroneckerProduct[{a, b}, {c, d}]", "{{a c, a d}, {b c, b d}}"),
    ("Normalize[{1, 1}]", "{1/Sqrt[2], 1/Sqrt[2]}"),
    ("Normalize[{0, 0}]", "{0, 0}"),
    ("Normalize[{3., 4.}]", "{0.6, 0.8}"),
    ("Normalize[3 + 4 I]", "3/5 + (4 I)/5"),
    # A session of the Wolfram kernel's text interface (Wolfram Language 11.2).
    ("LinearSolve[{{3, 2, -1, 1}, {1, 0, -3, 0}, {0, -1, 0, 1}}, {0, -1, 2}]", "{13/8, -2, 7/8, 0}"),
    ("NullSpace[{{3, 2, -1, 1}, {1, 0, -3, 0}, {0, -1, 0, 1}}]", "{{-9, 8, -3, 8}}"),
    ("NullSpace[{{-5, 9, 1, 14}, {1, -1, -1, -2}, {-2, 2, 2, 4}, {-3, 5, 1, 8}}]",
     "{{1, -1, 0, 1}, {2, 1, 1, 0}}"),
    ("Det[{{-5, 9, 1, 14}, {1, -1, -1, -2}, {-2, 2, 2, 4}, {-3, 5, 1, 8}}]", "0"),
    ("Inverse[{{2, 1}, {3, 4}}]", "{{4/5, -1/5}, {-3/5, 2/5}}"),
    ("Inverse[{{1, 2, 3}, {0, -2, 1}, {0, 2, 0}}]", "{{1, -3, -4}, {0, 0, 1/2}, {0, 1, 1}}"),
    # Machine numbers.
    ("Det[{{1., 2.}, {3., 4.}}]", "-2."),
    ("Inverse[{{1., 2.}, {3., 4.}}]", "{{-2., 1.}, {1.5, -0.5}}"),
    ("LinearSolve[{{1., 2.}, {3., 4.}}, {5., 6.}]", "{-4., 4.5}"),
    ("Eigenvalues[{{2., 1.}, {1., 2.}}]", "{3., 1.}"),
    ("Eigensystem[{{2., 1.}, {1., 2.}}]", "{{3., 1.}, {{0.707107, 0.707107}, {-0.707107, 0.707107}}}"),
    ("RowReduce[{{1., 2., 3.}, {4., 5., 6.}}]", "{{1., 0., -1.}, {0., 1., 2.}}"),
    ("MatrixRank[{{1., 2.}, {2., 4.}}]", "1"),
    ("Norm[{{1., 2.}, {3., 4.}}]", "5.46499"),
    # Not matrices: unevaluated.
    ("Det[x]", "Det[x]"),
    ("Eigenvalues[{{1, 2}, {3}}]", "Eigenvalues[{{1, 2}, {3}}]"),
    ("Det[{{\"a\"}}]", "Det[{{a}}]"),
]


@pytest.mark.parametrize("source, expected", CASES)
def test_outputs(ev, source, expected):
    assert ev(source) == expected


MESSAGES = [
    ("Det[{{1, 2, 3}, {4, 5, 6}}]",
     "Det::matsq: Argument {{1, 2, 3}, {4, 5, 6}} at position 1 is not a non-empty square matrix."),
    ("Inverse[{{1, 0}, {0, 0}}]", "Inverse::sing: Matrix {{1, 0}, {0, 0}} is singular."),
    ("Inverse[{{1., 2.}, {2., 4.}}]", "Inverse::sing: Matrix {{1., 2.}, {2., 4.}} is singular."),
    ("LinearSolve[{{-5, 9, 1, 14}, {1, -1, -1, -2}, {-2, 2, 2, 4}, {-3, 5, 1, 8}}, {-6, -2, 1, 8}]",
     "LinearSolve::nosol: Linear equation encountered that has no solution."),
    ("LinearSolve[{{1., 2.}, {2., 4.}}, {1., 1.}]",
     "LinearSolve::nosol: Linear equation encountered that has no solution."),
    ("LinearSolve[{{1, 2}, {3, 4}}, {1, 2, 3}]",
     "LinearSolve::lslc: Coefficient matrix and target vector or matrix do not have the same dimensions."),
    ("MatrixRank[{1, 2}]",
     "MatrixRank::matrix: Argument {1, 2} at position 1 is not a non-empty rectangular matrix."),
    ("Eigenvalues[{}]", "Eigenvalues::matsq: Argument {} at position 1 is not a non-empty square matrix."),
    ("MatrixPower[{{1, 2}, {2, 4}}, -1]", "MatrixPower::sing: Matrix {{1, 2}, {2, 4}} is singular."),
    ("Cross[{1, 2}, {3, 4}]",
     "Cross::nonn1: The arguments are expected to be vectors of equal length, "
     "and the number of arguments is expected to be 1 less than their length."),
]


@pytest.mark.parametrize("source, text", MESSAGES)
def test_messages_leave_the_call_unevaluated(session, source, text):
    result = session.eval(source)
    assert session.messages == [text]
    assert str(result) == source


# --- MatrixForm and TableForm: the kernel's text interface -----------------------------

# The layouts below are copied from Out[n]//MatrixForm= and Out[n]//TableForm=
# cells of Wolfram kernel sessions (label and its indentation removed).
LAYOUTS = [
    ("MatrixForm[{{2, -1, 0, 0, -1}, {-1, 2, -1, 0, 0}, {0, -1, 2, -1, 0}, {0, 0, -1, 2, -1}, {-1, 0, 0, -1, 2}}]",
     "2    -1   0    0    -1\n\n-1   2    -1   0    0\n\n0    -1   2    -1   0\n\n"
     "0    0    -1   2    -1\n\n-1   0    0    -1   2"),
    ("MatrixForm[{{0, -I}, {I, 0}}]", "0    -I\n\nI    0"),
    ("MatrixForm[{{1, 0}, {0, -1}}]", "1    0\n\n0    -1"),
    ("MatrixForm[{{1, 0}, {0, 1}}]", "1   0\n\n0   1"),
    ("MatrixForm[{{a, d, g}, {b, e, h}, {c, f, k}}]", "a   d   g\n\nb   e   h\n\nc   f   k"),
    ("TableForm[{{-0.021, 10.5807}, {0.004, 10.5797}}]", "-0.021   10.5807\n\n0.004    10.5797"),
    ("TableForm[{{1.6, 0.201, 1.3665, 0.99604}, {1.61, 0.201, 1.36407, 0.99604}}]",
     "1.6    0.201   1.3665    0.99604\n\n1.61   0.201   1.36407   0.99604"),
    ("TableForm[{{0, 0}, {1, 1.5}, {2, 6.}}]", "0   0\n\n1   1.5\n\n2   6."),
    # A vector is a column; a ragged array keeps its rows.
    ("TableForm[{a, b}]", "a\n\nb"),
    ("TableForm[{{1, 2}, {3}}]", "1   2\n\n3"),
    # A third level is a column inside the cell.
    ("TableForm[{{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}}]", "1   3\n2   4\n\n5   7\n6   8"),
    ("MatrixForm[x]", "x"),
]


@pytest.mark.parametrize("source, text", LAYOUTS)
def test_matrix_and_table_form_layout(ev, source, text):
    assert ev(source) == text


def test_forms_keep_the_matrix_and_print_it_back(session):
    session.eval("MatrixForm[{{1, 2}, {3, 4}}]")
    assert str(session.eval("FullForm[%]")) == "MatrixForm[List[List[1, 2], List[3, 4]]]"
    assert str(session.eval("InputForm[TableForm[{{1, 2}}]]")) == "TableForm[{{1, 2}}]"
    assert str(session.eval("First[MatrixForm[{{1, 2}, {3, 4}}]] . {1, 1}")) == "{3, 7}"


# --- exact results against sympy ---------------------------------------------------------------

_SESSION = []


def _session():
    if not _SESSION:
        _SESSION.append(Session(print_messages=False, print_output=False))
    return _SESSION[0]


def _call(name, *args):
    s = _session()
    return s.evaluate(Expression(name, *(s.from_python(a) for a in args)))


def _sympy(expr):
    return sympy.Matrix(to_sympy(expr))


integer_matrices = st.integers(1, 4).flatmap(
    lambda n: st.lists(st.lists(st.integers(-9, 9), min_size=n, max_size=n), min_size=n, max_size=n))
rectangular_matrices = st.tuples(st.integers(1, 4), st.integers(1, 4)).flatmap(
    lambda shape: st.lists(st.lists(st.integers(-5, 5), min_size=shape[1], max_size=shape[1]),
                           min_size=shape[0], max_size=shape[0]))


@settings(max_examples=60, deadline=None)
@given(integer_matrices)
def test_det_and_inverse_match_sympy(m):
    reference = sympy.Matrix(m)
    assert to_sympy(_call("Det", m)) == reference.det()
    inverse = _call("Inverse", m)
    if reference.det() == 0:
        assert inverse.head.name == "Inverse"
    else:
        assert _sympy(inverse) == reference.inv()


@settings(max_examples=60, deadline=None)
@given(rectangular_matrices)
def test_row_reduce_null_space_and_rank_match_sympy(m):
    reference = sympy.Matrix(m)
    assert _sympy(_call("RowReduce", m)) == reference.rref()[0]
    assert _call("MatrixRank", m).value == reference.rank()
    basis = _call("NullSpace", m)
    vectors = [sympy.Matrix(to_sympy(v)) for v in basis.args]
    assert len(vectors) == len(reference.nullspace())
    for v in vectors:
        assert reference * v == sympy.zeros(len(m), 1)
    if vectors:
        assert sympy.Matrix.hstack(*vectors).rank() == len(vectors)


def _block_triangular(entries):
    """A 2x2 or 3x3 integer matrix whose characteristic polynomial has factors of
    degree 2 at most (a 2x2 block above a zero row): exact eigenvalues are then
    rationals and quadratic surds, whose numerical values sympy finds quickly."""
    a, b, c, d, e, f, g, size = entries
    if size == 2:
        return [[a, b], [d, e]]
    return [[a, b, c], [d, e, f], [0, 0, g]]


eigen_matrices = st.tuples(*[st.integers(-6, 6)] * 7, st.sampled_from([2, 3])).map(_block_triangular)


@settings(max_examples=60, deadline=None)
@given(eigen_matrices)
def test_exact_eigenvalues_match_sympy(m):
    reference = sympy.Matrix(m)
    values = [to_sympy(v) for v in _call("Eigenvalues", m).args]
    expected = [v for v, k in reference.eigenvals().items() for _ in range(k)]
    approx = [complex(sympy.N(v, 30)) for v in values]
    wanted = [complex(sympy.N(v, 30)) for v in expected]
    by_parts = lambda z: (round(z.real, 9), round(z.imag, 9))  # noqa: E731
    assert np.allclose(sorted(approx, key=by_parts), sorted(wanted, key=by_parts), atol=1e-9)
    magnitudes = [abs(z) for z in approx]
    assert all(a >= b - 1e-9 for a, b in zip(magnitudes, magnitudes[1:]))


@settings(max_examples=60, deadline=None)
@given(eigen_matrices)
def test_exact_eigenvectors_are_eigenvectors(m):
    values, vectors = _call("Eigensystem", m).args
    reference = sympy.Matrix(m)
    for value, vector in zip(values.args, vectors.args):
        lam, v = to_sympy(value), sympy.Matrix(to_sympy(vector))
        residual = ((reference - lam * sympy.eye(len(m))) * v).applyfunc(sympy.expand)
        assert residual == sympy.zeros(len(m), 1)
    # Independent vectors for each eigenvalue, as many as its geometric multiplicity.
    for value, k in reference.eigenvals().items():
        mine = [sympy.Matrix(to_sympy(v)) for lam, v in zip(values.args, vectors.args)
                if sympy.simplify(to_sympy(lam) - value) == 0]
        nonzero = [v for v in mine if v != sympy.zeros(len(m), 1)]
        assert len(mine) == k
        assert len(nonzero) == len((reference - value * sympy.eye(len(m))).nullspace())


def test_cubic_eigenvalues_are_root_objects_sorted_like_numpy():
    m = [[5, 6, 3], [-3, -6, 6], [-9, 3, 4]]
    values = _call("Eigenvalues", m)
    assert all(v.head.name == "Root" for v in values.args)
    approx = [complex(x) for x in _session().to_python(_call("N", values))]
    expected = sorted(np.linalg.eigvals(np.array(m, dtype=float)), key=lambda z: (-abs(z), z.real, -z.imag))
    assert np.allclose(approx, expected)
    assert str(_session().eval("Eigenvalues[N[{{5, 6, 3}, {-3, -6, 6}, {-9, 3, 4}}]]")) == \
        "{5.50643 + 7.13608 I, 5.50643 - 7.13608 I, -8.01286}"


def test_linear_solve_against_sympy():
    m = sympy.Matrix([[2, 1, -1], [-3, -1, 2], [-2, 1, 2]])
    b = sympy.Matrix([8, -11, -3])
    rows = [[int(x) for x in row] for row in m.tolist()]
    assert _sympy(_call("LinearSolve", rows, [[8], [-11], [-3]])) == m.LUsolve(b)
    assert str(_call("LinearSolve", rows, [8, -11, -3])) == "{2, 3, -1}"


def test_symbolic_inverse_against_sympy():
    a, b, c, d = sympy.symbols("a b c d")
    result = _sympy(_session().eval("Inverse[{{a, b}, {c, d}}]"))
    assert sympy.simplify(result - sympy.Matrix([[a, b], [c, d]]).inv()) == sympy.zeros(2, 2)


# --- machine results against numpy ---------------------------------------------------------------

def _well_conditioned(n, entries):
    """A diagonally dominant (so well-conditioned) matrix from hypothesis floats."""
    a = np.array(entries, dtype=float).reshape(n, n)
    return a + np.diag(np.abs(a).sum(axis=1) + 1.0)


matrices_and_vectors = st.integers(1, 5).flatmap(lambda n: st.tuples(
    st.just(n),
    st.lists(st.floats(-10, 10, allow_nan=False), min_size=n * n, max_size=n * n),
    st.lists(st.floats(-10, 10, allow_nan=False), min_size=n, max_size=n)))


@settings(max_examples=60, deadline=None)
@given(matrices_and_vectors)
def test_machine_inverse_solve_and_det(data):
    n, entries, b = data
    a = _well_conditioned(n, entries)
    s = _session()
    inverse = np.array(s.to_python(_call("Inverse", a.tolist())), dtype=float)
    assert np.allclose(inverse @ a, np.eye(n), atol=1e-9)
    x = np.array(s.to_python(_call("LinearSolve", a.tolist(), b)), dtype=float)
    assert np.allclose(a @ x, b, atol=1e-9)
    det = _call("Det", a.tolist())
    assert type(det) is Real and det.precision is None
    assert det.value == pytest.approx(np.linalg.det(a), rel=1e-9)


@settings(max_examples=40, deadline=None)
@given(matrices_and_vectors)
def test_machine_symmetric_eigensystem(data):
    n, entries, _ = data
    a = np.array(entries, dtype=float).reshape(n, n)
    a = a + a.T
    s = _session()
    values, vectors = (np.array(x, dtype=float) for x in s.to_python(_call("Eigensystem", a.tolist())))
    expected = sorted(np.linalg.eigvalsh(a), key=lambda v: -abs(v))
    assert np.allclose(np.abs(values), np.abs(expected), atol=1e-9)
    for value, vector in zip(values, vectors):
        assert np.linalg.norm(vector) == pytest.approx(1.0)
        assert np.allclose(a @ vector, value * vector, atol=1e-8)


def test_machine_results_are_machine_reals(session):
    result = session.eval("Inverse[{{4., 7.}, {2., 6.}}]")
    assert all(type(x) is Real and x.precision is None for row in result.args for x in row.args)
    assert np.allclose(session.to_python(result), np.linalg.inv([[4., 7.], [2., 6.]]))


def test_badly_conditioned_inverse_warns(session):
    session.eval("Inverse[{{1., 1.}, {1., 1. + 10.^-15}}]")
    assert session.messages and session.messages[0].startswith("Inverse::luc:")


# --- imports stay lazy ------------------------------------------------------------------------------

def test_modules_import_neither_sympy_nor_numpy():
    code = ("import sys, gtnlang.builtins.linalg, gtnlang.builtins.statistics; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'sympy', 'numpy'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT).stdout
    assert out.strip() == "[]"


def test_symbolic_eigenvalues_with_a_numeric_surd_are_tidy():
    # the quadratic formula over 2 a_ gives (2 a - 2 Sqrt[2])/2; Mathematica
    # shows a - Sqrt[2] (printed -Sqrt[2] + a)
    s = Session(print_messages=False, print_output=False)
    values = s.eval("Eigenvalues[{{a, 1, 0}, {1, a, 1}, {0, 1, a}}]")
    assert sorted(str(v) for v in values.args) == sorted(["a", "-Sqrt[2] + a", "Sqrt[2] + a"])
    check = s.eval("Expand[CharacteristicPolynomial[{{a, 1, 0}, {1, a, 1}, {0, 1, a}}, t] /. "
                   "t -> #] & /@ %")
    assert str(check) == "{0, 0, 0}"
