"""Linear-chain CRF (gtnlang/stdlib/crf.gtn) against brute-force enumeration of all K^T taggings."""

import itertools

import numpy as np
import pytest

from tests.stdlib.conftest import _fmt


@pytest.fixture(scope="module")
def crf(lib):
    lib.load("CRF`")
    return lib


def _score(u, t, y):
    return sum(u[i, y[i]] for i in range(len(y))) + sum(t[y[i - 1], y[i]] for i in range(1, len(y)))


def _brute(u, t):
    T, K = u.shape
    ys = list(itertools.product(range(K), repeat=T))
    scores = np.array([_score(u, t, y) for y in ys])
    logz = np.log(np.exp(scores - scores.max()).sum()) + scores.max()
    return ys, scores, logz


@pytest.mark.parametrize("T,K,seed", [(1, 3, 0), (3, 2, 1), (4, 3, 2), (5, 3, 3), (3, 4, 4)])
def test_crf_against_enumeration(crf, T, K, seed):
    rng = np.random.default_rng(seed)
    u, t = rng.normal(size=(T, K)), rng.normal(size=(K, K))
    ys, scores, logz = _brute(u, t)
    gold = list(ys[rng.integers(len(ys))])
    U, A, Y = _fmt(u), _fmt(t), "{" + ", ".join(map(str, gold)) + "}"
    got = crf.eval(f"{{CRFLoss[{U}, {A}, {Y}], CRFLogPartition[{U}, {A}], CRFScore[{U}, {A}, {Y}], "
                   f"CRFDecode[{U}, {A}]}}")
    assert got[0] == pytest.approx(logz - _score(u, t, gold), abs=1e-9)
    assert got[1] == pytest.approx(logz, abs=1e-9)
    assert got[2] == pytest.approx(_score(u, t, gold), abs=1e-9)
    assert got[3] == list(ys[int(np.argmax(scores))])


def test_crf_start_scores_and_graphs(crf):
    rng = np.random.default_rng(9)
    u, t, s = rng.normal(size=(3, 2)), rng.normal(size=(2, 2)), rng.normal(size=2)
    ys = list(itertools.product(range(2), repeat=3))
    scores = np.array([_score(u, t, y) + s[y[0]] for y in ys])
    logz = np.log(np.exp(scores).sum())
    got = crf.eval(f"CRFLogPartition[Emissions[{_fmt(u)}], CRFTransitionGraph[{_fmt(t)}, {_fmt(s)}]]")
    assert got == pytest.approx(logz, abs=1e-9)


def test_crf_gradient_is_marginals(crf):
    # d loss / d unary[i, k] = p(y_i = k) - [gold_i = k]
    rng = np.random.default_rng(4)
    u, t = rng.normal(size=(3, 2)), rng.normal(size=(2, 2))
    ys, scores, logz = _brute(u, t)
    p = np.exp(scores - logz)
    marg = np.zeros((3, 2))
    for y, q in zip(ys, p):
        for i, k in enumerate(y):
            marg[i, k] += q
    gold = [0, 1, 1]
    ref = marg - np.eye(2)[gold]
    got = crf.eval(f"U = Emissions[{_fmt(u)}]; Weights[Grad[CRFLoss[U, {_fmt(t)}, {{0, 1, 1}}], U]]")
    np.testing.assert_allclose(np.reshape(got, (3, 2)), ref, atol=1e-5)


def test_crf_batch_loss_is_sum(crf):
    rng = np.random.default_rng(6)
    us = [rng.normal(size=(T, 3)) for T in (2, 4)]
    t = rng.normal(size=(3, 3))
    golds = [[0, 2], [1, 1, 0, 2]]
    ref = sum(_brute(u, t)[2] - _score(u, t, y) for u, y in zip(us, golds))
    got = crf.eval(f"CRFBatchLoss[{{Emissions[{_fmt(us[0])}], Emissions[{_fmt(us[1])}]}}, {_fmt(t)}, "
                   "{{0, 2}, {1, 1, 0, 2}}]")
    assert got == pytest.approx(ref, abs=1e-9)


def test_usages(crf):
    for name in ["CRFTransitionGraph", "CRFGraph", "CRFScore", "CRFLogPartition", "CRFLoss", "CRFDecode",
                 "CRFBatchLoss"]:
        assert isinstance(crf.eval(f"{name}::usage"), str)
