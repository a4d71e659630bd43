"""CTC in the language (gtnlang/stdlib/ctc.gtn) against optax.ctc_loss and a greedy decoder."""

import numpy as np
import pytest

optax = pytest.importorskip("optax")
jnp = pytest.importorskip("jax.numpy")

from tests.stdlib.conftest import _fmt


@pytest.fixture(scope="module")
def ctc(lib):
    lib.load("CTC`")
    return lib


def _log_softmax(x):
    x = x - x.max(-1, keepdims=True)
    return x - np.log(np.exp(x).sum(-1, keepdims=True))


def _optax_loss(logprobs, target, blank):
    T, V = logprobs.shape
    L = max(len(target), 1)
    labels = np.zeros((1, L), dtype=np.int32)
    labels[0, :len(target)] = target
    label_pad = np.ones((1, L), dtype=np.float32)
    label_pad[0, :len(target)] = 0
    return float(optax.ctc_loss(jnp.asarray(logprobs[None], dtype=jnp.float32), jnp.zeros((1, T)),
                                jnp.asarray(labels), jnp.asarray(label_pad), blank_id=blank)[0])


def _greedy(x, blank):
    out, prev = [], None
    for k in np.argmax(x, axis=1):
        if k != prev and k != blank:
            out.append(int(k))
        prev = k
    return out


@pytest.mark.parametrize("seed", range(4))
def test_ctc_loss_matches_optax(ctc, seed):
    rng = np.random.default_rng(seed)
    T, V = rng.integers(4, 9), rng.integers(3, 6)
    L = rng.integers(0, 4)
    target = [int(t) for t in rng.integers(1, V, L)]
    if seed == 0:
        target = [1, 1, 2]  # repeated label: needs a blank between
    lp = _log_softmax(rng.normal(size=(T, V)))
    got = ctc.eval(f"CTCLoss[{_fmt(lp)}, {{{', '.join(map(str, target))}}}, 0]")
    assert got == pytest.approx(_optax_loss(lp, target, 0), rel=1e-4, abs=1e-4)


def test_ctc_loss_on_logits_and_graph(ctc):
    rng = np.random.default_rng(11)
    x = rng.normal(size=(6, 4))
    ref = _optax_loss(_log_softmax(x), [2, 3], 0)  # optax normalises logits itself
    assert ctc.eval(f"CTCLoss[{_fmt(x)}, {{2, 3}}, 0]") == pytest.approx(ref, rel=1e-4)
    assert ctc.eval(f"CTCLoss[Emissions[{_fmt(x)}], {{2, 3}}, 0]") == pytest.approx(ref, rel=1e-4)


def test_ctc_loss_other_blank(ctc):
    rng = np.random.default_rng(3)
    lp = _log_softmax(rng.normal(size=(7, 4)))
    got = ctc.eval(f"CTCLoss[{_fmt(lp)}, {{0, 1, 0}}, 3]")
    assert got == pytest.approx(_optax_loss(lp, [0, 1, 0], 3), rel=1e-4)


def test_ctc_loss_batch(ctc):
    rng = np.random.default_rng(5)
    lp = _log_softmax(rng.normal(size=(3, 5, 4)))
    targets = [[1], [2, 2], [1, 2, 3]]
    got = ctc.eval(f"CTCLoss[{_fmt(lp)}, {{{{1}}, {{2, 2}}, {{1, 2, 3}}}}, 0]")
    assert got == pytest.approx([_optax_loss(lp[b], targets[b], 0) for b in range(3)], rel=1e-4)


def test_ctc_loss_infinite_when_target_cannot_fit(ctc):
    x = _fmt(np.zeros((3, 3)))
    assert ctc.eval(f"CTCLoss[{x}, {{1, 1, 1}}, 0]") == float("inf")   # needs 5 frames
    assert ctc.eval(f"CTCLoss[{x}, {{1, 2, 1, 2}}, 0]") == float("inf")
    assert ctc.eval(f"CTCLoss[{x}, {{1, 2, 1}}, 0]") == pytest.approx(3 * np.log(3))
    assert ctc.eval("CTCMinFrames[{1, 1, 2, 2, 3}]") == 7


def test_ctc_graph_structure(ctc):
    # 2L+1 nodes; 2L+1 self-loops, 2L steps, skip arcs only between different labels
    assert ctc.eval("{NodeCount[#], ArcCount[#], AcceptNodes[#]} &[CTCGraph[{1, 1, 2}, 0]]") == [7, 14, [5, 6]]
    assert ctc.eval("{NodeCount[#], ArcCount[#], AcceptNodes[#]} &[CTCGraph[{}, 0]]") == [1, 1, [0]]


def test_ctc_loss_gradient(ctc):
    # d loss / d emission weight = softmax - posterior; uniform 4 x 3 with target {1, 2}
    g = ctc.eval("e = Emissions[ConstantArray[0., {4, 3}]]; Weights[Grad[CTCLoss[e, {1, 2}, 0], e]]")
    g = np.asarray(g).reshape(4, 3)
    np.testing.assert_allclose(g.sum(axis=1), 0, atol=1e-6)
    lp = jnp.zeros((4, 3))
    ref = np.asarray(__import__("jax").grad(lambda z: optax.ctc_loss(
        z[None], jnp.zeros((1, 4)), jnp.array([[1, 2]]), jnp.zeros((1, 2)))[0])(lp))
    np.testing.assert_allclose(g, ref, atol=1e-5)


@pytest.mark.parametrize("seed", range(3))
def test_ctc_decode_matches_greedy(ctc, seed):
    rng = np.random.default_rng(100 + seed)
    x = rng.normal(size=(10, 4)) * 2
    x[rng.integers(0, 10, 3), 0] += 5  # some blanks
    assert ctc.eval(f"CTCDecode[{_fmt(x)}, 0]") == _greedy(x, 0)
    assert ctc.eval(f"CTCDecode[Emissions[{_fmt(x)}], 0]") == _greedy(x, 0)


def test_ctc_decode_batch_and_collapse(ctc):
    x = [[[0, 5, 0], [0, 5, 0], [5, 0, 0], [0, 5, 0]], [[5, 0, 0], [0, 0, 5], [0, 0, 5], [5, 0, 0]]]
    assert ctc.eval(f"CTCDecode[{_fmt(x)}, 0]") == [[1, 1], [2]]
    assert ctc.eval("CTCCollapse[{0, 1, 1, 0, 0, 1, 2, 2, 0}, 0]") == [1, 1, 2]


def test_usages(ctc):
    for name in ["CTCGraph", "CTCLoss", "CTCDecode", "CTCCollapse", "CTCMinFrames"]:
        assert isinstance(ctc.eval(f"{name}::usage"), str)


def test_ctc_loss_inside_compile_matches_the_list_form(ctc):
    rng = np.random.default_rng(7)
    x = rng.normal(size=(10, 4))
    batch = rng.normal(size=(3, 10, 4))
    targets = "{{1, 2}, {3}, {1, 1}}"
    one = ctc.eval(f"Compile[{{x}}, CTCLoss[x, {{1, 2}}, 0]][{_fmt(x)}] - CTCLoss[{_fmt(x)}, {{1, 2}}, 0]")
    many = ctc.eval(f"Compile[{{x}}, CTCLoss[x, {targets}, 0]][{_fmt(batch)}] - CTCLoss[{_fmt(batch)}, {targets}, 0]")
    assert abs(one) < 1e-4
    assert np.max(np.abs(np.asarray(many, dtype=float))) < 1e-4
