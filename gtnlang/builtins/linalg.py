"""Linear algebra: Det, Inverse, LinearSolve, Tr, MatrixRank, NullSpace,
RowReduce, Eigenvalues, Eigenvectors, Eigensystem, CharacteristicPolynomial,
MatrixPower, Adjugate, Cross, KroneckerProduct, Normalize, the matrix norms
of ``Norm`` (``matrix_norm``), and the display forms MatrixForm and TableForm.

A matrix is a non-empty list of non-empty lists of one length whose
elements are not lists (Mathematica's ``MatrixQ``).  There are two back ends:

- a matrix of numbers with at least one machine real or complex goes
  through ``numpy.linalg`` and gives machine numbers
  (``Det[{{1., 2.}, {3., 4.}}]`` is ``-2.``);
- anything else (exact numbers, symbols, arbitrary-precision reals) goes
  through sympy with the converter of ``gtnlang.core.sympy_bridge``; the
  result comes back as a tree that the evaluator puts in canonical form
  (``Inverse[{{1, 2}, {3, 4}}]`` is ``{{-2, 1}, {3/2, -1/2}}``).
  Row reductions run over the smallest exact field holding the entries
  (sympy's ``DomainMatrix``: the rationals, ``Q(Sqrt[2])``, rational
  functions of the symbols), so that zero tests are exact.

numpy and sympy are imported on first use, never when this module is.

A call whose argument is not a (square) matrix gives Mathematica's message
(``Det::matsq``) and stays unevaluated; so does Inverse of a singular matrix
(``Inverse::sing``) and LinearSolve of an inconsistent system
(``LinearSolve::nosol``).
"""

from __future__ import annotations

import math
from fractions import Fraction

from gtnlang.builtins.parts import is_list
from gtnlang.core.builtin import builtin, define
from gtnlang.core.numbers import is_exact_number, is_machine_number, to_complex
from gtnlang.core.sympy_bridge import ConversionError, sympy_module, to_sympy
from gtnlang.core.sympy_bridge import expression_or_none as _back
from gtnlang.expr import Complex, Integer, Normal, Rational, Real, String, Symbol, make_rational

__all__ = ["matrix_norm", "matrix_rows"]

_LIST = Symbol("List")
_PLUS = Symbol("Plus")
_TIMES = Symbol("Times")
_POWER = Symbol("Power")
_ABS = Symbol("Abs")
_MAX = Symbol("Max")
_ZERO = Integer(0)
_ONE = Integer(1)
_MINUS_ONE = Integer(-1)
_HALF = Rational(Fraction(1, 2))

_MATSQ = {"matsq": "Argument `1` at position `2` is not a non-empty square matrix."}
_MATRIX = {"matrix": "Argument `1` at position `2` is not a non-empty rectangular matrix."}
_SING = {"sing": "Matrix `1` is singular."}


def _list(items) -> Normal:
    return Normal(_LIST, tuple(items))


def _times(*args) -> Normal:
    return Normal(_TIMES, args)


def _plus(*args) -> Normal:
    return Normal(_PLUS, args)


# --- recognising matrices ------------------------------------------------------------

def matrix_rows(m):
    """The rows of `m` (tuples of entries) when `m` is a matrix, else None.

    >>> from gtnlang.expr import Expression as E
    >>> matrix_rows(E("List", E("List", Integer(1), Integer(2))))
    [(Integer(1), Integer(2))]
    """
    if not is_list(m) or not m.args:
        return None
    first = m.args[0]
    if not is_list(first) or not first.args:
        return None
    width = len(first.args)
    rows = []
    for row in m.args:
        if not is_list(row) or len(row.args) != width or any(is_list(x) for x in row.args):
            return None
        rows.append(row.args)
    return rows


def _square_rows(ev, expr, position=1):
    """Rows of argument `position` when it is a square matrix; else None after ``::matsq``."""
    m = expr.args[position - 1]
    rows = matrix_rows(m)
    if rows is None or len(rows) != len(rows[0]):
        ev.message(expr.head.name, "matsq", m, Integer(position))
        return None
    return rows


def _rect_rows(ev, expr, position=1):
    """Rows of argument `position` when it is a matrix; else None after ``::matrix``."""
    m = expr.args[position - 1]
    rows = matrix_rows(m)
    if rows is None:
        ev.message(expr.head.name, "matrix", m, Integer(position))
    return rows


def _is_vector(v) -> bool:
    return is_list(v) and bool(v.args) and not any(is_list(x) for x in v.args)


def _is_machine(entries) -> bool:
    """True when every entry is a number and one at least is a machine number
    (then numpy computes); arbitrary-precision reals keep their digits in sympy."""
    machine = False
    for x in entries:
        if is_machine_number(x):
            machine = True
        elif not is_exact_number(x):
            return False
    return machine


def _flat(rows):
    return [x for row in rows for x in row]


# --- numpy side ------------------------------------------------------------------------

def _np():
    import numpy
    return numpy


def _array(rows):
    """A numpy array (float, or complex when an entry is complex) of number rows."""
    np = _np()
    a = np.array([[to_complex(x) for x in row] for row in rows], dtype=complex)
    return a.real.copy() if not a.imag.any() else a


def _number(v) -> Real | Complex:
    """A machine number atom for a numpy scalar; a zero imaginary part is dropped
    for real results (numpy gives complex dtypes only where they are needed)."""
    if isinstance(v, complex) or (getattr(v, "dtype", None) is not None and v.dtype.kind == "c"):
        v = complex(v)
        if v.imag != 0:
            return Complex(Real(v.real + 0.0), Real(v.imag + 0.0))
        v = v.real
    return Real(float(v) + 0.0)   # + 0.0 turns -0.0 into 0.0


def _numbers(a):
    """A (nested) list expression of machine numbers for a numpy array."""
    if a.ndim == 1:
        return _list(_number(v) for v in a)
    return _list(_numbers(row) for row in a)


# --- sympy side ------------------------------------------------------------------------

def _sympy_matrix(rows):
    """The sympy Matrix of `rows`, or None when an entry has no sympy counterpart."""
    sp = sympy_module()
    try:
        return sp.Matrix([[to_sympy(x) for x in row] for row in rows])
    except ConversionError:
        return None


def _tidy(x):
    """An entry as Mathematica leaves it: a polynomial (in the symbols, or a
    number) expanded, anything else over a common denominator with common
    factors cancelled (``d/(-b c + a d)``)."""
    sp = sympy_module()
    symbols = x.free_symbols
    if symbols and not x.is_polynomial(*symbols):
        return sp.cancel(x)
    return sp.expand(x)


def _tidy_matrix(M):
    return M.applyfunc(_tidy)


def _field_matrix(M):
    """(DomainMatrix over an exact field, the field) for sympy Matrix M, or None
    when an entry is an inexact Float (then sympy's Matrix methods are used)."""
    from sympy.polys.matrices import DomainMatrix
    dm = DomainMatrix.from_list_sympy(M.rows, M.cols, M.tolist(), extension=True)
    if not dm.domain.is_Exact:
        return None
    dm = dm.to_field()
    return dm, dm.domain


def _rref(M):
    """(rows of the reduced row echelon form as sympy objects, pivot columns)."""
    field = _field_matrix(M)
    if field is None:
        R, pivots = M.rref()
        return R.tolist(), list(pivots)
    dm, K = field
    R, pivots = dm.rref()
    return [[K.to_sympy(e) for e in row] for row in R.to_list()], list(pivots)


def _null_basis(M):
    """Mathematica's NullSpace basis of sympy Matrix M as lists of sympy objects:
    one vector per free column, the free entry 1 and the pivots from the
    reduced form, the last free column first; rational vectors are scaled
    to coprime integers (``NullSpace[{{1, 2, 3}}]`` has ``{-3, 0, 1}``)."""
    sp = sympy_module()
    R, pivots = _rref(M)
    free = [j for j in range(M.cols) if j not in pivots]
    basis = []
    for j in reversed(free):
        v = [sp.S.Zero] * M.cols
        v[j] = sp.S.One
        for i, p in enumerate(pivots):
            v[p] = -R[i][j]
        basis.append(_integer_vector(v))
    return basis


def _integer_vector(v):
    """`v` scaled to coprime integers when all its entries are rational."""
    if not all(x.is_Rational for x in v):
        return v
    sp = sympy_module()
    den = math.lcm(*(int(x.q) for x in v))
    num = [int(x * den) for x in v]
    g = math.gcd(*num) or 1
    return [sp.Integer(n // g) for n in num]


# --- Det, Inverse, Adjugate ----------------------------------------------------------------

@builtin(nargs=1, messages=_MATSQ, usage="Det[m] gives the determinant of the square matrix m.")
def Det(ev, expr):
    """``Det[{{a, b}, {c, d}}]`` -> ``-b c + a d``; ``Det[{{1., 2.}, {3., 4.}}]`` -> ``-2.``."""
    rows = _square_rows(ev, expr)
    if rows is None:
        return None
    if _is_machine(_flat(rows)):
        return _number(_np().linalg.det(_array(rows)))
    M = _sympy_matrix(rows)
    return None if M is None else _back(_tidy(_det(M)))


def _det(M):
    # Berkowitz is division free: a polynomial matrix gives a polynomial.
    return M.det(method="berkowitz" if M.free_symbols else "bareiss")


@builtin(nargs=1,
         messages={**_MATSQ, **_SING,
                   "luc": "Result for Inverse of badly conditioned matrix `1` may contain significant numerical errors."},
         usage="Inverse[m] gives the inverse of a square matrix m.")
def Inverse(ev, expr):
    """``Inverse[{{1, 2}, {3, 4}}]`` -> ``{{-2, 1}, {3/2, -1/2}}``; a singular
    matrix gives ``Inverse::sing`` and stays unevaluated."""
    rows = _square_rows(ev, expr)
    if rows is None:
        return None
    m = expr.args[0]
    if _is_machine(_flat(rows)):
        return _machine_inverse(ev, m, rows)
    M = _sympy_matrix(rows)
    if M is None:
        return None
    d = _tidy(_det(M))
    if d == 0:
        ev.message("Inverse", "sing", m)
        return None
    if all(x.is_Rational for x in M):
        inverse = M.inv()
    else:
        # Cofactors over the determinant keep radicals and symbols readable.
        inverse = M.adjugate(method="berkowitz") / d
    return _back(_tidy_matrix(inverse))


def _machine_inverse(ev, m, rows):
    np = _np()
    a = _array(rows)
    try:
        inverse = np.linalg.inv(a)
    except np.linalg.LinAlgError:
        ev.message("Inverse", "sing", m)
        return None
    if not np.isfinite(inverse).all():
        ev.message("Inverse", "sing", m)
        return None
    # Warn when rounding errors may reach the first digit of the result.
    if np.linalg.cond(a) * np.finfo(float).eps > 0.1:
        ev.message("Inverse", "luc", m)
    return _numbers(inverse)


@builtin(nargs=1, messages=_MATSQ,
         usage="Adjugate[m] gives the adjugate matrix of a square matrix m.")
def Adjugate(ev, expr):
    """``Adjugate[{{a, b}, {c, d}}]`` -> ``{{d, -b}, {-c, a}}`` (so that
    ``m . Adjugate[m] == Det[m] IdentityMatrix[n]``)."""
    rows = _square_rows(ev, expr)
    if rows is None:
        return None
    if _is_machine(_flat(rows)):
        return _numbers(_cofactors(_array(rows)).T)
    M = _sympy_matrix(rows)
    return None if M is None else _back(_tidy_matrix(M.adjugate(method="berkowitz")))


def _cofactors(a):
    np = _np()
    n = a.shape[0]
    if n == 1:
        return np.ones((1, 1), dtype=a.dtype)
    c = np.empty_like(a)
    for i in range(n):
        for j in range(n):
            minor = np.delete(np.delete(a, i, axis=0), j, axis=1)
            c[i, j] = (-1) ** (i + j) * np.linalg.det(minor)
    return c


# --- LinearSolve, RowReduce, NullSpace, MatrixRank -----------------------------------------

@builtin(nargs=2,
         messages={**_MATRIX,
                   "nosol": "Linear equation encountered that has no solution.",
                   "lslc": "Coefficient matrix and target vector or matrix do not have the same dimensions."},
         usage="LinearSolve[m, b] finds an x that solves the matrix equation m.x == b.")
def LinearSolve(ev, expr):
    """``LinearSolve[{{1, 2}, {3, 4}}, {5, 6}]`` -> ``{-4, 9/2}``.  An
    underdetermined system gives the solution with the free variables 0
    (``LinearSolve[{{1, 2, 3}, {4, 5, 6}}, {6, 15}]`` -> ``{0, 3, 0}``); an
    inconsistent one gives ``LinearSolve::nosol`` and stays unevaluated."""
    rows = _rect_rows(ev, expr)
    if rows is None:
        return None
    b = expr.args[1]
    b_rows = _target_rows(b)
    if b_rows is None or len(b_rows) != len(rows):
        ev.message("LinearSolve", "lslc")
        return None
    vector = _is_vector(b)
    if _is_machine(_flat(rows) + _flat(b_rows)):
        x = _machine_solve(_array(rows), _array(b_rows))
    else:
        x = _exact_solve(rows, b_rows)
    if x is None:
        ev.message("LinearSolve", "nosol")
        return None
    return _list(r.args[0] for r in x.args) if vector else x


def _target_rows(b):
    """b as rows: a vector as a column, a matrix as it is; None for anything else."""
    if _is_vector(b):
        return [(x,) for x in b.args]
    return matrix_rows(b)


def _machine_solve(a, b):
    np = _np()
    if a.shape[0] == a.shape[1]:
        try:
            x = np.linalg.solve(a, b)
            if np.isfinite(x).all() and np.linalg.cond(a) * np.finfo(float).eps < 1:
                return _numbers(x)
        except np.linalg.LinAlgError:
            pass
    x = np.linalg.lstsq(a, b, rcond=None)[0]
    scale = max(1.0, float(np.abs(b).max()), float(np.abs(a).max()))
    if not np.allclose(a @ x, b, rtol=1e-8, atol=1e-9 * scale):
        return None
    return _numbers(x)


def _exact_solve(rows, b_rows):
    """m.x == b by reducing the augmented matrix; None when it is inconsistent."""
    sp = sympy_module()
    M, B = _sympy_matrix(rows), _sympy_matrix(b_rows)
    if M is None or B is None:
        return None
    n = M.cols
    R, pivots = _rref(M.row_join(B))
    if any(p >= n for p in pivots):
        return None   # a pivot in the right-hand side: 0 == nonzero
    x = sp.zeros(n, B.cols)
    for i, p in enumerate(pivots):
        for k in range(B.cols):
            x[p, k] = R[i][n + k]
    return _back(_tidy_matrix(x))


@builtin(nargs=1, messages=_MATRIX,
         usage="RowReduce[m] gives the row-reduced form of the matrix m.")
def RowReduce(ev, expr):
    """``RowReduce[{{1, 2, 3}, {4, 5, 6}}]`` -> ``{{1, 0, -1}, {0, 1, 2}}``."""
    rows = _rect_rows(ev, expr)
    if rows is None:
        return None
    if _is_machine(_flat(rows)):
        return _numbers(_machine_rref(_array(rows)))
    M = _sympy_matrix(rows)
    if M is None:
        return None
    R, _ = _rref(M)
    sp = sympy_module()
    return _back(_tidy_matrix(sp.Matrix(R)))


def _machine_rref(a):
    """Gauss-Jordan with partial pivoting; pivots below the tolerance count as zero."""
    np = _np()
    a = a.astype(complex if np.iscomplexobj(a) else float).copy()
    n_rows, n_cols = a.shape
    tol = max(a.shape) * np.finfo(float).eps * max(1.0, float(np.abs(a).max()))
    r = 0
    for c in range(n_cols):
        if r == n_rows:
            break
        p = r + int(np.argmax(np.abs(a[r:, c])))
        if abs(a[p, c]) <= tol:
            a[r:, c] = 0
            continue
        a[[r, p]] = a[[p, r]]
        a[r] = a[r] / a[r, c]
        for i in range(n_rows):
            if i != r:
                a[i] = a[i] - a[i, c] * a[r]
        a[r, c] = 1
        r += 1
    a[np.abs(a) <= tol] = 0
    return a


@builtin(nargs=1, messages=_MATRIX,
         usage="NullSpace[m] gives a list of vectors that forms a basis for the null space of the matrix m.")
def NullSpace(ev, expr):
    """``NullSpace[{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}]`` -> ``{{1, -2, 1}}``;
    machine matrices give an orthonormal basis (from the SVD)."""
    rows = _rect_rows(ev, expr)
    if rows is None:
        return None
    if _is_machine(_flat(rows)):
        return _machine_null_space(_array(rows))
    M = _sympy_matrix(rows)
    if M is None:
        return None
    return _list(_list(_entry(x) for x in v) for v in _null_basis(M))


def _machine_null_space(a):
    np = _np()
    _, s, vh = np.linalg.svd(a)
    tol = max(a.shape) * np.finfo(float).eps * (s.max() if s.size else 0.0)
    rank = int((s > tol).sum())
    null = vh[rank:].conj()
    if null.shape[0] == 0:
        return _list(())
    null[np.abs(null) < np.finfo(float).eps] = 0
    return _numbers(null)


@builtin(nargs=1, messages=_MATRIX, usage="MatrixRank[m] gives the rank of the matrix m.")
def MatrixRank(ev, expr):
    """``MatrixRank[{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}]`` -> ``2``."""
    rows = _rect_rows(ev, expr)
    if rows is None:
        return None
    if _is_machine(_flat(rows)):
        return Integer(int(_np().linalg.matrix_rank(_array(rows))))
    M = _sympy_matrix(rows)
    return None if M is None else Integer(len(_rref(M)[1]))


# --- Tr, MatrixPower, CharacteristicPolynomial -----------------------------------------------

@builtin(nargs=(1, 2),
         usage="Tr[list] finds the trace of the matrix or tensor list.\n"
               "Tr[list, f] finds a generalized trace, combining terms with f instead of Plus.")
def Tr(ev, expr):
    """``Tr[{{1, 2}, {3, 4}}]`` -> ``5``: the sum of the entries ``m[[i, i, ...]]``
    for i up to the smallest dimension (so a vector gives its total)."""
    from gtnlang.builtins.lists import dimensions
    target = expr.args[0]
    if not is_list(target):
        return None
    dims = dimensions(target)
    diagonal = []
    for i in range(min(dims)):
        e = target
        for _ in dims:
            e = e.args[i]
        diagonal.append(e)
    f = expr.args[1] if len(expr.args) == 2 else _PLUS
    return Normal(f, tuple(diagonal))


@builtin(nargs=2, messages={**_MATSQ, **_SING},
         usage="MatrixPower[m, n] gives the n^(th) matrix power of the matrix m.")
def MatrixPower(ev, expr):
    """``MatrixPower[{{1, 1}, {1, 0}}, 10]`` -> ``{{89, 55}, {55, 34}}``; a
    negative power is a power of the inverse."""
    rows = _square_rows(ev, expr)
    n = expr.args[1]
    if rows is None or type(n) is not Integer:
        return None
    m = expr.args[0]
    if _is_machine(_flat(rows)):
        np = _np()
        try:
            return _numbers(np.linalg.matrix_power(_array(rows), n.value))
        except np.linalg.LinAlgError:
            ev.message("MatrixPower", "sing", m)
            return None
    M = _sympy_matrix(rows)
    if M is None:
        return None
    if n.value < 0 and _tidy(_det(M)) == 0:
        ev.message("MatrixPower", "sing", m)
        return None
    return _back(_tidy_matrix(M ** n.value))


@builtin(nargs=2, messages=_MATSQ,
         usage="CharacteristicPolynomial[m, x] gives the characteristic polynomial for the matrix m.")
def CharacteristicPolynomial(ev, expr):
    """``CharacteristicPolynomial[{{1, 2}, {3, 4}}, x]`` -> ``-2 - 5 x + x^2``,
    which is ``Det[m - x IdentityMatrix[n]]``."""
    rows = _square_rows(ev, expr)
    if rows is None:
        return None
    M = _sympy_matrix(rows)
    try:
        x = to_sympy(expr.args[1])
    except ConversionError:
        return None
    if M is None:
        return None
    sp = sympy_module()
    # The definition itself: with machine numbers the leading term stays x^n.
    return _back(sp.expand((M - x * sp.eye(M.rows)).det(method="berkowitz")))


def _charpoly_coeffs(M):
    """Coefficients of Det[s I - M], the leading one first (the polynomial's
    own generator is a dummy, so only the coefficients are used)."""
    sp = sympy_module()
    return M.charpoly(sp.Dummy("s")).all_coeffs()


# --- eigenvalues -------------------------------------------------------------------------------
#
# Exact eigenvalues are the roots of the irreducible factors of the
# characteristic polynomial: a linear factor gives a number, a quadratic one
# the two values of the quadratic formula in Mathematica's shape
# (1/2 (5 + Sqrt[33]), the minus root first), a factor of higher degree
# Root objects.  Each root is kept as (expression, sympy value, approximate
# complex value or None when symbolic); numeric ones are then sorted by
# decreasing absolute value, as Mathematica documents.

def _quadratic_surd(a, b, c):
    """The roots (minus first) of a x^2 + b x + c with rational coefficients as
    (p, q, d) with root = p -/+ q Sqrt[d], d a squarefree integer, q >= 0."""
    p = Fraction(-b) / (2 * a)
    disc = Fraction(b * b - 4 * a * c) / (4 * a * a)
    # Sqrt[N/M] = Sqrt[N M]/M, and N M = s^2 d with d squarefree.
    nm = disc.numerator * disc.denominator
    s, d = _square_part(abs(nm))
    return p, Fraction(s, disc.denominator), d if nm >= 0 else -d


def _square_part(n: int):
    """(s, d) with n = s^2 d and d squarefree (trial division: n is small)."""
    sympy = sympy_module()
    s, d = 1, 1
    for prime, k in sympy.factorint(n).items():
        s *= prime ** (k // 2)
        d *= prime ** (k % 2)
    return s, d


def surd_expr(p: Fraction, q: Fraction, d: int) -> Normal | Integer | Rational:
    """p + q Sqrt[d] in Mathematica's shape: the common rational factor in front
    (``3/2 (5 + Sqrt[33])``, ``1 + Sqrt[2]``, ``1/2 (-1 + I Sqrt[7])``)."""
    if q == 0 or d == 0:
        return make_rational(p)
    den = math.lcm(p.denominator, q.denominator)
    big_p, big_q = int(p * den), int(q * den)
    g = math.gcd(big_p, big_q)
    root = Normal(_POWER, (Integer(d), _HALF))
    inner_q = Integer(big_q // g)
    inner = _times(inner_q, root) if inner_q.value != 1 else root
    if big_p:
        inner = _plus(Integer(big_p // g), inner)
    factor = make_rational(Fraction(g, den))
    return inner if factor == _ONE else _times(factor, inner)


def _factor_roots(poly, s):
    """Roots of one irreducible factor (a sympy Poly in s) as (expr, value, approx)
    triples, or None when the factor is symbolic of degree 3 or more."""
    sp = sympy_module()
    degree = poly.degree()
    coeffs = poly.all_coeffs()
    numeric = not any(c.free_symbols for c in coeffs)
    if degree == 1:
        value = sp.cancel(-coeffs[1] / coeffs[0])
        return [(_back(value), value, _approx(value) if numeric else None)]
    if degree == 2 and all(c.is_Rational for c in coeffs):
        p, q, d = _quadratic_surd(*(Fraction(int(c.p), int(c.q)) for c in coeffs))
        out = []
        for sign in (-1, 1):
            value = sp.Rational(p.numerator, p.denominator) + \
                sign * sp.Rational(q.numerator, q.denominator) * sp.sqrt(d)
            out.append((surd_expr(p, sign * q, d), value, _approx(value)))
        return out
    if degree == 2:
        return _symbolic_quadratic(coeffs, numeric)
    if numeric:
        roots = poly.all_roots()
        return [(_back(r), r, z) for r, z in zip(roots, _root_approximations(poly, roots))]
    return None


def _root_approximations(poly, roots):
    """Complex values of the CRootOf `roots` of `poly`: the numerical roots, each
    matched to its root's isolating interval (CRootOf's own evalf takes seconds
    for a complex root)."""
    approx = [complex(z) for z in poly.nroots(n=30)]
    out = []
    for r in roots:
        try:
            box = r._get_interval()
            if r.is_real:
                center = complex((box.a + box.b) / 2)
            else:
                center = complex((box.ax + box.bx) / 2, (box.ay + box.by) / 2)
        except (AttributeError, TypeError):   # sympy changed its internals
            out.append(_approx(r))
            continue
        out.append(min(approx, key=lambda z: abs(z - center)))
    return out


def _symbolic_quadratic(coeffs, numeric):
    """(-b -/+ Sqrt[b^2 - 4 a c])/(2 a) as 1/(2 a) (-b -/+ Sqrt[...]), as Mathematica."""
    sp = sympy_module()
    a, b, c = coeffs
    disc = sp.expand(b * b - 4 * a * c)
    front = Normal(_POWER, (_back(sp.expand(2 * a)), _MINUS_ONE))
    out = []
    for sign in (-1, 1):
        value = (-b + sign * sp.sqrt(disc)) / (2 * a)
        if disc.free_symbols:
            body = _plus(_back(sp.expand(-b)), _times(Integer(sign), Normal(_POWER, (_back(disc), _HALF))))
            shown = _times(front, body)
        else:   # a numeric surd: a - Sqrt[2], not (2 a - 2 Sqrt[2])/2
            shown = _back(_tidy(value))
        out.append((shown, value, _approx(value) if numeric else None))
    return out


def _approx(value) -> complex:
    return complex(value.evalf(30))


def _sort_key(root):
    # Decreasing absolute value; ties by increasing real part, then decreasing
    # imaginary part ({-1, 1}, {I, -I}).  Rounded so that equal exact values
    # that round differently still tie.
    z = root[2]
    return (-round(abs(z), 10), round(z.real, 10), -round(z.imag, 10))


def _exact_eigenvalues(M):
    """Eigenvalues of sympy Matrix M with multiplicity as (expr, value, approx)
    triples in Mathematica's order, or None when they cannot be given exactly."""
    sp = sympy_module()
    if M.is_upper or M.is_lower:
        diagonal = [_tidy(M[i, i]) for i in range(M.rows)]
        roots = [(_back(v), v, None if v.free_symbols else _approx(v)) for v in diagonal]
    else:
        s = sp.Dummy("s")
        p = sp.Poly(_charpoly_coeffs(M), s)
        try:
            factors = sp.factor_list(p.as_expr(), s)[1]
        except (TypeError, sp.PolynomialError):
            # sympy does not factor over inexact numbers mixed with symbols.
            factors = [(p.as_expr(), 1)]
        roots = []
        for factor, k in factors:
            found = _factor_roots(sp.Poly(factor, s), s)
            if found is None:
                return None
            roots.extend(r for r in found for _ in range(k))
    if all(r[2] is not None for r in roots):
        roots.sort(key=_sort_key)
    return roots


def _machine_eigen(rows, vectors: bool):
    """(eigenvalues, eigenvectors or None) of a machine matrix as numpy arrays,
    sorted by decreasing absolute value; eigenvectors are unit rows."""
    np = _np()
    a = _array(rows)
    if np.array_equal(a, a.conj().T):
        w, v = np.linalg.eigh(a)
    else:
        w, v = np.linalg.eig(a) if vectors else (np.linalg.eigvals(a), None)
    order = sorted(range(len(w)), key=lambda i: _sort_key((None, None, complex(w[i]))))
    w = w[order]
    if not vectors:
        return w, None
    v = v[:, order].T
    if np.iscomplexobj(v) and not v.imag.any():
        v = v.real
    return w, v


def _eigen_rows(ev, expr):
    """Rows of the square matrix argument and the count spec (None for all)."""
    rows = _square_rows(ev, expr)
    if rows is None:
        return None, None
    if len(expr.args) == 2:
        k = expr.args[1]
        if type(k) is not Integer:
            return None, None
        return rows, k.value
    return rows, None


def _take(items, k):
    """Eigenvalues[m, k]: the first k (k > 0) or the last -k (k < 0)."""
    if k is None:
        return list(items)
    return list(items[:k]) if k >= 0 else list(items[k:])


_EIGEN_USAGE = ("Eigenvalues[m] gives a list of the eigenvalues of the square matrix m.\n"
                "Eigenvalues[m, k] gives the first k eigenvalues of m.")


@builtin(nargs=(1, 2), messages=_MATSQ, usage=_EIGEN_USAGE)
def Eigenvalues(ev, expr):
    """``Eigenvalues[{{2, 1}, {1, 2}}]`` -> ``{3, 1}``; numeric eigenvalues are
    sorted by decreasing absolute value, symbolic ones are left in the order
    of the quadratic formula (minus root first)."""
    rows, k = _eigen_rows(ev, expr)
    if rows is None:
        return None
    if _is_machine(_flat(rows)):
        w, _ = _machine_eigen(rows, vectors=False)
        return _list(_take([_number(x) for x in w], k))
    M = _sympy_matrix(rows)
    roots = None if M is None else _exact_eigenvalues(M)
    if roots is None:
        return None
    return _list(_take([r[0] for r in roots], k))


# --- eigenvectors ------------------------------------------------------------------------------

def _exact_eigenvectors(M, roots):
    """One eigenvector (a list of expressions) per eigenvalue in `roots`; a repeated
    eigenvalue with too few independent vectors is padded with zero vectors."""
    sp = sympy_module()
    out = []
    i = 0
    while i < len(roots):
        value = roots[i][1]
        k = sum(1 for r in roots[i:] if r[1] == value)
        if M.shape == (2, 2) and value.free_symbols and M[1, 0] != 0:
            # The second row of (m - value I).v == 0 gives v directly, in the
            # shape Mathematica prints: {(value - d)/c, 1}.
            basis = [[sp.cancel((value - M[1, 1]) / M[1, 0]), sp.S.One]]
        else:
            basis = _null_basis(_tidy_matrix(M - value * sp.eye(M.rows)))
        basis = basis[:k] + [[sp.S.Zero] * M.rows] * (k - len(basis))
        out.extend([_entry(x) for x in v] for v in basis)
        i += k
    return out


def _entry(x):
    """An entry of a result vector: p + q Sqrt[d] in Mathematica's shape, else as it is."""
    sp = sympy_module()
    x = _tidy(x)
    parts = _surd_parts(sp, x)
    return surd_expr(*parts) if parts is not None else _back(x)


def _surd_parts(sp, x):
    """(p, q, d) when sympy `x` is p + q Sqrt[d] with rational p, q; else None."""
    p, rest = x.as_coeff_Add()
    if not p.is_Rational or rest == 0:
        return None
    q, root = rest.as_coeff_Mul()
    d = None
    if root.is_Pow and root.exp == sp.S.Half and root.base.is_Integer:
        d = int(root.base)
    elif root.is_Mul and len(root.args) == 2 and sp.I in root.args:
        other = root.args[0] if root.args[1] == sp.I else root.args[1]
        if other.is_Pow and other.exp == sp.S.Half and other.base.is_Integer:
            d = -int(other.base)
    if d is None or not q.is_Rational:
        return None
    return Fraction(int(p.p), int(p.q)), Fraction(int(q.p), int(q.q)), d


_VEC_USAGE = ("Eigenvectors[m] gives a list of the eigenvectors of the square matrix m.\n"
              "Eigenvectors[m, k] gives the first k eigenvectors of m.")


@builtin(nargs=(1, 2), messages=_MATSQ, usage=_VEC_USAGE)
def Eigenvectors(ev, expr):
    """``Eigenvectors[{{2, 1}, {1, 2}}]`` -> ``{{1, 1}, {-1, 1}}``, in the order
    of Eigenvalues; machine matrices give unit vectors."""
    result = _eigensystem(ev, expr)
    return None if result is None else _list(_take(result[1], result[2]))


@builtin(nargs=(1, 2), messages=_MATSQ,
         usage="Eigensystem[m] gives a list {values, vectors} of the eigenvalues and eigenvectors of the square matrix m.\n"
               "Eigensystem[m, k] gives the eigenvalues and eigenvectors for the first k eigenvalues of m.")
def Eigensystem(ev, expr):
    """``Eigensystem[{{2, 1}, {1, 2}}]`` -> ``{{3, 1}, {{1, 1}, {-1, 1}}}``."""
    result = _eigensystem(ev, expr)
    if result is None:
        return None
    values, vectors, k = result
    return _list((_list(_take(values, k)), _list(_take(vectors, k))))


def _eigensystem(ev, expr):
    """(eigenvalue expressions, eigenvector expressions, k) or None."""
    rows, k = _eigen_rows(ev, expr)
    if rows is None:
        return None
    if _is_machine(_flat(rows)):
        w, v = _machine_eigen(rows, vectors=True)
        return [_number(x) for x in w], [_numbers(row) for row in v], k
    M = _sympy_matrix(rows)
    roots = None if M is None else _exact_eigenvalues(M)
    if roots is None:
        return None
    vectors = _exact_eigenvectors(M, roots)
    return [r[0] for r in roots], [_list(v) for v in vectors], k


# --- vectors: Cross, KroneckerProduct, Normalize ---------------------------------------------------

@builtin(nargs=(1, 2),
         messages={"nonn1": "The arguments are expected to be vectors of equal length, "
                             "and the number of arguments is expected to be 1 less than their length."},
         usage="Cross[a, b] gives the vector cross product of a and b.\n"
               "Cross[{x, y}] gives the perpendicular vector {-y, x}.")
def Cross(ev, expr):
    """``Cross[{1, 2, 3}, {4, 5, 6}]`` -> ``{-3, 6, -3}``."""
    args = expr.args
    if len(args) == 1 and _is_vector(args[0]) and len(args[0].args) == 2:
        x, y = args[0].args
        return _list((_times(_MINUS_ONE, y), x))
    if len(args) == 2 and all(_is_vector(a) and len(a.args) == 3 for a in args):
        (a1, a2, a3), (b1, b2, b3) = args[0].args, args[1].args

        def minor(p, q, r, s):   # p q - r s
            return _plus(_times(p, q), _times(_MINUS_ONE, r, s))

        return _list((minor(a2, b3, a3, b2), minor(a3, b1, a1, b3), minor(a1, b2, a2, b1)))
    if all(is_list(a) for a in args):
        ev.message("Cross", "nonn1")
    return None


@builtin(nargs=(1, None),
         usage="KroneckerProduct[m1, m2, ...] constructs the Kronecker product of the arrays mi.")
def KroneckerProduct(ev, expr):
    """``KroneckerProduct[{{1, 2}}, {{a}, {b}}]`` -> ``{{a, 2 a}, {b, 2 b}}``;
    two vectors give their outer product matrix."""
    args = expr.args
    if len(args) == 2 and all(_is_vector(a) for a in args):
        return _list(_list(_times(x, y) for y in args[1].args) for x in args[0].args)
    matrices = [matrix_rows(a) for a in args]
    if any(m is None for m in matrices):
        return None
    result = matrices[0]
    for m in matrices[1:]:
        result = [tuple(_times(x, y) for x in row_a for y in row_b)
                  for row_a in result for row_b in m]
    return _list(_list(row) for row in result)


@builtin(nargs=(1, 2),
         usage="Normalize[v] gives the normalized form of a vector v.\n"
               "Normalize[z] gives the normalized form of a complex number z.\n"
               "Normalize[expr, f] normalizes with respect to the norm function f.")
def Normalize(ev, expr):
    """``Normalize[{1, 1}]`` -> ``{1/Sqrt[2], 1/Sqrt[2]}``; a zero vector stays as it is."""
    v = expr.args[0]
    f = expr.args[1] if len(expr.args) == 2 else Symbol("Norm")
    if not (_is_vector(v) or type(v) in (Integer, Rational, Real, Complex)):
        return None
    norm = ev.evaluate(Normal(f, (v,)))
    if type(norm) in (Integer, Real) and norm.value == 0:
        return v
    inverse = Normal(_POWER, (norm, _MINUS_ONE))
    if _is_vector(v):
        return _list(_times(x, inverse) for x in v.args)
    return _times(v, inverse)


# --- matrix norms (called by Norm in lists.py) ----------------------------------------------------

def matrix_norm(ev, rows, p):
    """Norm of a matrix: p = 2 (the largest singular value), 1 (the largest
    column sum of absolute values), Infinity (the largest row sum) or
    "Frobenius"; None for any other p or a symbolic 2-norm.

    ``Norm[{{1, 2}, {3, 4}}]`` -> ``Sqrt[15 + Sqrt[221]]``.
    """
    def absolute(x):
        return Normal(_ABS, (x,))

    if type(p) is String and p.value == "Frobenius":
        squares = [Normal(_POWER, (absolute(x), Integer(2))) for x in _flat(rows)]
        return Normal(_POWER, (Normal(_PLUS, tuple(squares)), _HALF))
    if type(p) is Integer and p.value == 1:
        columns = zip(*rows)
        return Normal(_MAX, tuple(Normal(_PLUS, tuple(absolute(x) for x in c)) for c in columns))
    if p == Symbol("Infinity") or (type(p) is Normal and p.has_head("DirectedInfinity") and p.args == (_ONE,)):
        return Normal(_MAX, tuple(Normal(_PLUS, tuple(absolute(x) for x in r)) for r in rows))
    if not (type(p) is Integer and p.value == 2):
        return None
    if _is_machine(_flat(rows)):
        return _number(_np().linalg.norm(_array(rows), 2))
    M = _sympy_matrix(rows)
    if M is None or M.free_symbols:
        return None
    roots = _exact_eigenvalues(_tidy_matrix(M.H * M))
    if roots is None:
        return None
    # M^H M is positive semidefinite: its largest eigenvalue comes first.
    return Normal(_POWER, (roots[0][0], _HALF))


# --- display forms -----------------------------------------------------------------------------------

define("MatrixForm",
       usage="MatrixForm[list] prints with the elements of list arranged in a regular array.")
define("TableForm",
       usage="TableForm[list] prints with the elements of list arranged in an array of rectangular cells.")
