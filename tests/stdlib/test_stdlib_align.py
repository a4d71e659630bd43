"""Edit distance as a WFST (gtnlang/stdlib/align.gtn) against a dynamic-programming oracle."""

import math

import numpy as np
import pytest


@pytest.fixture(scope="module")
def align(lib):
    lib.load("Align`")
    return lib


def _edit(a, b, sub=1, dele=1, ins=1):
    d = [[0.0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        d[i][0] = i * dele
    for j in range(1, len(b) + 1):
        d[0][j] = j * ins
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + dele, d[i][j - 1] + ins,
                          d[i - 1][j - 1] + (0 if a[i - 1] == b[j - 1] else sub))
    return d[-1][-1]


def _soft(a, b, t):
    """(log Z, expected cost) over all grid alignments with weight exp(-cost/t): the expectation semiring."""
    n, m = len(a), len(b)
    Z = [[0.0] * (m + 1) for _ in range(n + 1)]
    C = [[0.0] * (m + 1) for _ in range(n + 1)]   # sum of weight * cost
    Z[0][0] = 1.0
    for i in range(n + 1):
        for j in range(m + 1):
            if i == j == 0:
                continue
            z = c = 0.0
            moves = []
            if i > 0:
                moves.append((i - 1, j, 1))
            if j > 0:
                moves.append((i, j - 1, 1))
            if i > 0 and j > 0:
                moves.append((i - 1, j - 1, 0 if a[i - 1] == b[j - 1] else 1))
            for pi, pj, cost in moves:
                w = math.exp(-cost / t)
                z += Z[pi][pj] * w
                c += (C[pi][pj] + Z[pi][pj] * cost) * w
            Z[i][j], C[i][j] = z, c
    return math.log(Z[n][m]), C[n][m] / Z[n][m]


PAIRS = [("kitten", "sitting"), ("flaw", "lawn"), ("", "abc"), ("abc", ""), ("abc", "abc"), ("intention", "execution")]


@pytest.mark.parametrize("a,b", PAIRS)
def test_edit_distance(align, a, b):
    assert align.eval(f'EditDistance["{a}", "{b}"]') == _edit(a, b)


def test_edit_distance_random_lists_and_costs(align):
    rng = np.random.default_rng(0)
    for _ in range(4):
        a = [int(x) for x in rng.integers(0, 3, rng.integers(0, 6))]
        b = [int(x) for x in rng.integers(0, 3, rng.integers(1, 6))]
        la, lb = str(a).replace("[", "{").replace("]", "}"), str(b).replace("[", "{").replace("]", "}")
        assert align.eval(f"EditDistance[{la}, {lb}]") == _edit(a, b)
        assert align.eval(f"EditDistance[{la}, {lb}, {{2, 1, 3}}]") == _edit(a, b, 2, 1, 3)


@pytest.mark.parametrize("a,b", PAIRS[:3])
def test_best_alignment_is_valid_and_optimal(align, a, b):
    al = align.eval(f'BestAlignment["{a}", "{b}"]')
    eps = align.s.to_python(align.raw("Epsilon"))
    src = "".join(x for x, _ in al if x != eps)
    dst = "".join(y for _, y in al if y != eps)
    assert (src, dst) == (a, b)
    assert sum(x != y for x, y in al) == _edit(a, b)


def test_alignment_count_is_delannoy(align):
    assert align.eval('Length[Paths[AlignmentGraph["ab", "cd"]]]') == 13
    assert align.eval('Length[Paths[AlignmentGraph["abc", "de"]]]') == 25


@pytest.mark.parametrize("t", [1.0, 0.3])
def test_soft_and_expected_edit_distance(align, t):
    a, b = "kitten", "sitting"
    logz, expected = _soft(a, b, t)
    assert align.eval(f'SoftEditDistance["{a}", "{b}", {t}]') == pytest.approx(-t * logz, rel=1e-9)
    assert align.eval(f'ExpectedEditDistance["{a}", "{b}", {t}]') == pytest.approx(expected, rel=1e-4)


def test_usages(align):
    for name in ["LevenshteinTransducer", "AlignmentGraph", "EditDistance", "BestAlignment", "SoftEditDistance",
                 "ExpectedEditDistance"]:
        assert isinstance(align.eval(f"{name}::usage"), str)


# --- dynamic time warping -------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from tests.stdlib.conftest import _fmt  # noqa: E402


def _cost(a, b, dist=None):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if dist is None:
        diff = a[:, None, ...] - b[None, :, ...]
        return (diff ** 2).reshape(len(a), len(b), -1).sum(axis=2)
    return np.array([[dist(x, y) for y in b] for x in a])


def _dtw(c):
    """The classic DTW recurrence D[i, j] = c[i, j] + min(D[i-1, j], D[i, j-1], D[i-1, j-1])."""
    n, m = c.shape
    D = np.full((n + 1, m + 1), np.inf)
    D[0, 0] = 0.0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            D[i, j] = c[i - 1, j - 1] + min(D[i - 1, j], D[i, j - 1], D[i - 1, j - 1])
    return D[n, m]


def _softdtw(c, gamma):
    """Cuturi & Blondel's soft-DTW recurrence R[i, j] = c[i, j] + softmin_gamma(three neighbours)."""
    n, m = c.shape
    R = np.full((n + 1, m + 1), np.inf)
    R[0, 0] = 0.0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            r = -np.array([R[i - 1, j - 1], R[i - 1, j], R[i, j - 1]]) / gamma
            mx = r.max()
            R[i, j] = c[i - 1, j - 1] - gamma * (mx + np.log(np.exp(r - mx).sum()))
    return R[n, m]


def _check_path(path, c):
    """A valid warping path from (1, 1) to (n, m) whose cost is the DTW distance."""
    n, m = c.shape
    assert path[0] == [1, 1] and path[-1] == [n, m]
    for (i, j), (k, l) in zip(path, path[1:]):
        assert (k - i, l - j) in {(1, 0), (0, 1), (1, 1)}
    assert sum(c[i - 1, j - 1] for i, j in path) == pytest.approx(_dtw(c), abs=1e-9)


def test_dtw_small_exact(align):
    # integers stay exact
    assert align.eval("DTW[{1, 2, 3}, {1, 2, 2, 3}]") == 0
    assert align.eval("DTW[{0, 1, 2}, {1, 2, 3}]") == _dtw(_cost([0, 1, 2], [1, 2, 3])) == 2
    assert align.eval("DTW[{{0, 0}, {1, 1}}, {{0, 1}, {1, 1}, {2, 2}}]") == 3
    _check_path(align.eval("DTWPath[{0, 1, 2}, {1, 2, 3}]"), _cost([0, 1, 2], [1, 2, 3]))


def test_dtw_graph_paths_are_warping_paths(align):
    # one path per monotone warping path: the Delannoy numbers D(n - 1, m - 1)
    assert align.eval("Length[Paths[DTWGraph[{1, 2, 3}, {4, 5, 6}]]]") == 13
    assert align.eval("Length[Paths[DTWGraph[{1, 2, 3, 4}, {5, 6, 7}]]]") == 25
    assert align.eval("Length[Paths[DTWGraph[{1}, {5, 6, 7}]]]") == 1
    assert align.eval("{NodeCount[#], ArcCount[#]} &[DTWGraph[{1, 2, 3}, {4, 5}]]") == [7, 1 + 2 * 2 + 3 * 1 + 2 * 1]


def test_dtw_symbolic(align):
    assert align.eval("DTW[{a, b}, {c}] == (a - c)^2 + (b - c)^2") is True
    assert align.eval("Simplify[SoftDTW[{1, 2}, {3}, g]]") == 5


@st.composite
def pairs(draw):
    dim = draw(st.sampled_from([0, 1, 3]))
    shape = () if dim == 0 else (dim,)
    n, m = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    fl = st.floats(-3, 3, allow_nan=False, allow_infinity=False, width=32)
    a = np.array(draw(st.lists(fl, min_size=n * max(dim, 1), max_size=n * max(dim, 1)))).reshape((n,) + shape)
    b = np.array(draw(st.lists(fl, min_size=m * max(dim, 1), max_size=m * max(dim, 1)))).reshape((m,) + shape)
    return a, b


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs(), st.floats(0.05, 3.0))
def test_dtw_and_soft_dtw_against_numpy(align, ab, gamma):
    a, b = ab
    c = _cost(a, b)
    A, B = _fmt(a), _fmt(b)
    assert align.eval(f"DTW[{A}, {B}]") == pytest.approx(_dtw(c), rel=1e-9, abs=1e-9)
    _check_path(align.eval(f"DTWPath[{A}, {B}]"), c)
    assert align.eval(f"SoftDTW[{A}, {B}, {_fmt(gamma)}]") == pytest.approx(_softdtw(c, gamma), rel=1e-9, abs=1e-9)


def test_custom_distance(align):
    rng = np.random.default_rng(3)
    a, b = rng.normal(size=(4, 2)), rng.normal(size=(6, 2))
    A, B = _fmt(a), _fmt(b)
    c = _cost(a, b, lambda x, y: np.abs(x - y).sum())
    assert align.eval(f"DTW[{A}, {B}, Total[Abs[#1 - #2]] &]") == pytest.approx(_dtw(c), rel=1e-12)
    assert align.eval(f"SoftDTW[{A}, {B}, 0.7, Total[Abs[#1 - #2]] &]") == pytest.approx(_softdtw(c, 0.7), rel=1e-12)
    _check_path(align.eval(f"DTWPath[{A}, {B}, Total[Abs[#1 - #2]] &]"), c)
    # strings are sequences of characters, with a 0/1 distance
    assert align.eval('DTW["abc", "aabbcd", If[#1 === #2, 0, 1] &]') == 1
    assert align.eval('DTWPath["ab", "abb", If[#1 === #2, 0, 1] &]') == [[1, 1], [2, 2], [2, 3]]


def test_soft_dtw_tends_to_dtw(align):
    a, b = [0.0, 2.0, 1.0, 3.0], [0.5, 1.0, 2.5]
    d = _dtw(_cost(a, b))
    assert align.eval(f"SoftDTW[{_fmt(a)}, {_fmt(b)}, 0.001]") == pytest.approx(d, abs=1e-2)
    # the soft minimum is below the minimum
    assert align.eval(f"SoftDTW[{_fmt(a)}, {_fmt(b)}, 1.]") < d


def _fd_grad(f, x, h=1e-6):
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[idx] = h
        g[idx] = (f(x + e) - f(x - e)) / (2 * h)
    return g


@pytest.mark.parametrize("dim,wrt", [(2, "a"), (0, "b")])
def test_soft_dtw_gradient_compiled(align, dim, wrt):
    rng = np.random.default_rng(dim)
    shape_a, shape_b = ((5,), (4,)) if dim == 0 else ((5, dim), (4, dim))
    a, b = rng.normal(size=shape_a), rng.normal(size=shape_b)
    gamma = 0.5
    if wrt == "a":   # a is the compiled argument, b a constant
        value, grad = align.eval(f"ValueAndGrad[Compile[{{x}}, SoftDTW[x, {_fmt(b)}, {gamma}], "
                                 f"\"Precision\" -> 64]][{_fmt(a)}]")
        fd = _fd_grad(lambda x: _softdtw(_cost(x, b), gamma), a)
    else:            # both are compiled arguments, b first (Grad is with respect to the first)
        value, grad = align.eval(f"ValueAndGrad[Compile[{{y, x}}, SoftDTW[x, y, {gamma}], "
                                 f"\"Precision\" -> 64]][{_fmt(b)}, {_fmt(a)}]")
        fd = _fd_grad(lambda y: _softdtw(_cost(a, y), gamma), b)
    assert value == pytest.approx(_softdtw(_cost(a, b), gamma), rel=1e-10)
    np.testing.assert_allclose(grad, fd, atol=1e-6)


def test_dtw_compiled_value_and_subgradient(align):
    a, b = np.array([0.0, 1.0, 2.0]), np.array([1.0, 2.0, 3.0])
    value, grad = align.eval(f"ValueAndGrad[Compile[{{x}}, DTW[x, {_fmt(b)}], \"Precision\" -> 64]][{_fmt(a)}]")
    assert value == pytest.approx(_dtw(_cost(a, b)))
    # away from ties DTW is differentiable: the gradient of the best path's cost
    np.testing.assert_allclose(grad, _fd_grad(lambda x: _dtw(_cost(x, b)), a), atol=1e-6)


@pytest.mark.parametrize("src,tag", [("DTW[{}, {1}]", "DTW::seq"), ("DTW[{{1, 2}}, {1}]", "DTW::seq"),
                                     ("DTWPath[{{1, 2}, {3}}, {{1, 2}}]", "DTWPath::seq"),
                                     ("DTWGraph[1, {1}]", "DTWGraph::seq"),
                                     ('DTW["ab", "ab"]', "DTW::seq"),
                                     ("SoftDTW[{1.}, {2.}, -1]", "SoftDTW::gamma"),
                                     ("SoftDTW[{1.}, {}, 1.]", "SoftDTW::seq")])
def test_dtw_bad_input_messages(align, src, tag):
    value = align.raw(src)
    assert [m.split(":")[0] + "::" + m.split("::")[1].split(":")[0] for m in align.s.messages] == [tag]
    assert align.s.format(value, "InputForm") == src      # returned unevaluated


def test_dtw_usages(align):
    for name in ["DTWGraph", "DTW", "DTWPath", "SoftDTW"]:
        assert name + "[" in align.eval(f"{name}::usage")
