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
