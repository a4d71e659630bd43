"""Compile / CompiledFunction / Grad / ValueAndGrad / Map / CTCGraph (issue 5)."""

import numpy as np
import pytest

jax = pytest.importorskip("jax")
optax = pytest.importorskip("optax")

from gtnlang.session import Session  # noqa: E402

LOSS = ('loss[x_, y_] := -ForwardScore[Intersect[Emissions[x], CTCGraph[y, 0]]] '
        '+ ForwardScore[Emissions[x]]')
T, V = 12, 5


@pytest.fixture(scope="module")
def s():
    s = Session(print_messages=False)
    s.eval(LOSS)
    s.eval("cl = Compile[{x}, loss[x, {1, 2, 2, 3}]];")
    s.eval(f"SeedRandom[3]; x0 = RandomReal[{{-1, 1}}, {{{T}, {V}}}];")
    return s


def _x0(s):
    return np.array(s.to_python(s.eval("x0")), np.float32)


@jax.jit
def _optax_jit(x, y):
    return optax.ctc_loss(x[None], jax.numpy.zeros((1, x.shape[0])), y[None],
                          jax.numpy.zeros((1, y.shape[0])))[0]


def _optax(x, y):
    return float(_optax_jit(np.asarray(x, np.float32), np.asarray(y, np.int32)))


def test_compile_value_matches_optax(s):
    assert str(s.eval("Head[cl]")) == "CompiledFunction"
    assert str(s.eval("cl")) == "CompiledFunction[{x}, loss[x, {1, 2, 2, 3}], -CompiledCode-]"
    v = s.to_python(s.eval("cl[x0]"))
    assert isinstance(v, float)
    assert v == pytest.approx(_optax(_x0(s), [1, 2, 2, 3]), rel=1e-4)
    # cached: a second call does not trace again
    n = s.eval("cl").value.trace_count
    s.eval("cl[2 x0]")
    assert s.eval("cl").value.trace_count == n


def test_grad_inside_compile(s):
    g = s.to_python(s.eval("g = Compile[{x}, Grad[loss[x, {1, 2, 2, 3}], x]]; g[x0]"))
    g = np.array(g)
    assert g.shape == (T, V)
    x0 = _x0(s).astype(np.float64)
    eps = 1e-2
    for (t, v) in [(0, 1), (5, 3), (11, 0)]:
        xp, xm = x0.copy(), x0.copy()
        xp[t, v] += eps
        xm[t, v] -= eps
        fd = (_optax(xp.astype(np.float32), [1, 2, 2, 3]) - _optax(xm.astype(np.float32), [1, 2, 2, 3])) / (2 * eps)
        assert g[t, v] == pytest.approx(fd, abs=2e-3)
    ref = jax.jit(jax.grad(_optax_jit))(_x0(s), np.array([1, 2, 2, 3], np.int32))
    np.testing.assert_allclose(g, np.asarray(ref), atol=1e-4)


def test_value_and_grad_and_grad_of_cf(s):
    v, dx = s.to_python(s.eval("{v, dx} = ValueAndGrad[cl][x0]"))
    assert v == pytest.approx(s.to_python(s.eval("cl[x0]")), rel=1e-6)
    dx = np.array(dx)
    assert dx.shape == (T, V)
    np.testing.assert_allclose(np.array(s.to_python(s.eval("Grad[cl][x0]"))), dx, atol=1e-6)
    assert str(s.eval("Head[ValueAndGrad[cl]]")) == "CompiledFunction"


def test_map_is_one_vmapped_call(s):
    cf = s.eval("cm = Compile[{x}, loss[x, {1, 2}]]").value
    s.eval(f"batch = RandomReal[{{-1, 1}}, {{4, {T}, {V}}}];")
    before = cf.trace_count
    mapped = s.to_python(s.eval("Map[cm, batch]"))
    assert cf.trace_count == before + 1           # traced once for the whole batch
    loop = s.to_python(s.eval("Table[cm[batch[[i]]], {i, 4}]"))
    np.testing.assert_allclose(mapped, loop, rtol=1e-5)
    batch = np.array(s.to_python(s.eval("batch")), np.float32)
    np.testing.assert_allclose(mapped, [_optax(b, [1, 2]) for b in batch], rtol=1e-4)


def test_symbolic_weights(s):
    v = s.to_python(s.eval('cf = Compile[{w1, w2}, ForwardScore[WFSA[{0}, {1}, {{0, 1, "a", w1}, '
                           '{0, 1, "b", w2}}]]]; cf[1., 2.]'))
    assert v == pytest.approx(np.logaddexp(1.0, 2.0), rel=1e-6)


def test_batched_table_part_length(s):
    s.eval("ys = {{1, 2}, {3}, {2, 2}};")
    s.eval("ctc[x_] := -Total[ForwardScore[Table[Intersect[Emissions[x[[b]]], CTCGraph[ys[[b]], 0]], "
           "{b, Length[ys]}]]]")
    s.eval(f"xb = RandomReal[{{-1, 1}}, {{3, 8, {V}}}];")
    v = s.to_python(s.eval("Compile[{x}, ctc[x] + Total[ForwardScore[Table[Emissions[x[[b]]], {b, 3}]]]][xb]"))
    xb = np.array(s.to_python(s.eval("xb")), np.float32)
    ref = sum(_optax(xb[b], y) for b, y in enumerate([[1, 2], [3], [2, 2]]))
    assert v == pytest.approx(ref, rel=1e-4)
    assert s.to_python(s.eval("Compile[{x}, Dimensions[x][[2]] + 0. x[[1, 1, 1]]][xb]")) == 8.0


@pytest.mark.parametrize("rows", ["{b, 3}", "{b, {3, 1}}"])
def test_rows_of_a_batch_are_taken_back_in_one_gather(s, rows):
    """Table[... x[[b]] ...] then a batched score: the rows come back from x in
    one gather, so the gradient has no per-row padded cotangents (O(B^2))."""
    s.eval(f"xr = RandomReal[{{-1, 1}}, {{3, 6, {V}}}];")
    xr = np.array(s.to_python(s.eval("xr")), np.float32)
    src = (f"Compile[{{x}}, Total[ForwardScore[Table[Emissions[x[[b]]], {rows}]]] - "
           f"Total[ForwardScore[Table[Intersect[Emissions[x[[b]]], CTCGraph[{{1, 2}}, 0]], {rows}]]]]")
    f = s.to_python(s.eval(src))
    picked = [2, 0] if "{3, 1}" in rows else [0, 1, 2]

    def reference(x):
        return sum(optax.ctc_loss(x[b][None], np.zeros((1, 6), np.float32), np.array([[1, 2]]),
                                  np.zeros((1, 2), np.float32), blank_id=0)[0] for b in picked)

    v, g = jax.value_and_grad(f)(xr)
    rv, rg = jax.value_and_grad(reference)(xr)
    assert float(v) == pytest.approx(float(rv), rel=1e-5)
    np.testing.assert_allclose(np.asarray(g), np.asarray(rg), atol=1e-5)
    prims = {e.primitive.name for e in jax.make_jaxpr(jax.grad(f))(xr).jaxpr.eqns}
    assert "pad" not in prims and "concatenate" not in prims


def test_python_callable_composes_with_jax(s):
    f = s.to_python(s.eval("cl"))
    x0 = _x0(s)
    v = jax.jit(lambda x: f(x))(x0)
    assert float(v) == pytest.approx(_optax(x0, [1, 2, 2, 3]), rel=1e-4)
    g = jax.jit(jax.grad(lambda x: f(x)))(x0)
    assert g.shape == (T, V) and np.all(np.isfinite(g))


def test_precision_64(s):
    f = s.to_python(s.eval('Compile[{x}, 2 x, "Precision" -> 64]'))
    assert str(f(np.ones(3)).dtype) == "float64"
    assert s.to_python(s.eval('Compile[{x}, x/3, "Precision" -> 64][1.]')) == pytest.approx(1 / 3, rel=1e-15)
    assert str(s.to_python(s.eval("Compile[{x}, 2 x]"))(np.ones(3)).dtype) == "float32"


def _msgs(s, src):
    out = s.eval(src)
    return out, list(s.messages)


def test_messages():
    s = Session(print_messages=False)
    s.eval(LOSS)
    out, msgs = _msgs(s, "Compile[{w}, If[w > 0, w, -w]][1.5]")
    assert out.head.head_name == "CompiledFunction"
    assert any("concrete" in m and "If[w > 0" in m for m in msgs), msgs
    _, msgs = _msgs(s, "Compile[{{x, _Real, 2}}, Total[Total[x]]][{1, 2}]")
    assert any("rank" in m and "rank-2" in m and "parameter x" in m for m in msgs), msgs
    _, msgs = _msgs(s, "Compile[{{x, _Real, 2}}, Total[Total[x]]][{{1, a}}]")
    assert any("not numeric" in m and "parameter x" in m for m in msgs), msgs
    _, msgs = _msgs(s, "Compile[{x}, loss[x, {1, 7}]][RandomReal[1, {6, 4}]]")
    assert any("Label 7" in m and "4 columns" in m for m in msgs), msgs


def test_numeric_grad_is_cached():
    import time
    s = Session(print_messages=False)
    s.eval('g = WFSA[{0}, {2}, {{0, 1, "a", 1.}, {0, 1, "b", 2.}, {1, 2, "c", 0.5}}]')
    step = 'dg = Grad[ForwardScore[g], g]; g = SetWeights[g, Weights[g] - 0.1 Weights[dg]]; Weights[dg]'
    first = s.to_python(s.eval(step))
    t = time.perf_counter()
    second = s.to_python(s.eval(step))
    assert time.perf_counter() - t < 0.5
    assert first[0] == pytest.approx(0.268941, rel=1e-4) and second[0] == pytest.approx(0.278124, rel=1e-4)


def test_import_gtnlang_does_not_import_jax():
    import subprocess
    import sys
    code = "import sys, gtnlang, gtnlang.builtins.compile; print('jax' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"
