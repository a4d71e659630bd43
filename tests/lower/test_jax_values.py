"""JAXArray values in the language (gtnlang/builtins/jax_values.py): arithmetic with
lists, list structure (Part, Total, Dot, Join, ...), on eager arrays and inside Compile.

References: Mathematica's list threading written out on nested Python lists, the
language's own list builtins on the same values as plain lists (an independent
implementation in lists.py/parts.py), and numpy.
"""

import itertools
import operator

import numpy as np
import pytest

jax = pytest.importorskip("jax")
jnp = jax.numpy

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from gtnlang.session import Session  # noqa: E402

SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def fmt(x):
    """A numpy array or nested list as gtnlang source (machine reals)."""
    a = np.asarray(x, dtype=np.float64)
    if a.ndim == 0:
        return repr(float(a))
    return "{" + ", ".join(fmt(r) for r in a) + "}"


@pytest.fixture(scope="module")
def s():
    return Session(print_messages=False)


def call(s, body, *args):
    """body (a pure function of #1, #2, ...) applied to args (jax arrays, lists, numbers)."""
    s.eval(f"tmpF = Function[{body}];")
    out = s.function("tmpF")(*args)
    return out, list(s.messages)


def as_np(v):
    return np.asarray(jax.tree_util.tree_map(np.asarray, v), dtype=np.float64)


def assert_same(out, ref, **tol):
    try:
        ref_a = as_np(ref)
    except ValueError:                  # ragged: part by part
        assert isinstance(out, list) and len(out) == len(ref)
        for o, r in zip(out, ref):
            assert_same(o, r, **tol)
        return
    out, ref = as_np(out), ref_a
    if ref.size == 0:          # a plain list does not keep the shape of an empty part
        assert out.size == 0
    else:
        np.testing.assert_allclose(out, ref, **tol)


def no_internal(msgs):
    assert not any("General::python" in m for m in msgs), msgs


# --- Mathematica threading, written out ------------------------------------------------

class Mismatch(Exception):
    pass


def thread(op, a, b):
    la, lb = isinstance(a, list), isinstance(b, list)
    if la and lb:
        if len(a) != len(b):
            raise Mismatch
        return [thread(op, x, y) for x, y in zip(a, b)]
    if la:
        return [thread(op, x, b) for x in a]
    if lb:
        return [thread(op, a, y) for y in b]
    return op(a, b)


OPS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv, "^": operator.pow}

shapes = st.lists(st.integers(1, 3), min_size=0, max_size=3).map(tuple)


@st.composite
def operands(draw):
    sa = draw(shapes)
    how = draw(st.sampled_from(["prefix", "extend", "same", "any"]))
    if how == "prefix":
        sb = sa[:draw(st.integers(0, len(sa)))]
    elif how == "extend":
        sb = sa + draw(shapes)[:3 - len(sa)]
    elif how == "same":
        sb = sa
    else:
        sb = draw(shapes)
    if draw(st.booleans()):
        sa, sb = sb, sa
    vals = st.floats(0.5, 2.0, width=32)
    a = np.array(draw(st.lists(vals, min_size=int(np.prod(sa)), max_size=int(np.prod(sa))))).reshape(sa)
    b = np.array(draw(st.lists(vals, min_size=int(np.prod(sb)), max_size=int(np.prod(sb))))).reshape(sb)
    kinds = draw(st.sampled_from([("jax", "list"), ("list", "jax"), ("jax", "jax")]))
    return a, b, kinds, draw(st.sampled_from(sorted(OPS)))


@SETTINGS
@given(operands())
def test_arithmetic_threads_like_lists(s, case):
    a, b, kinds, op = case
    args = [jnp.asarray(x, jnp.float32) if k == "jax" else x.tolist() for x, k in zip((a, b), kinds)]
    out, msgs = call(s, f"#1 {op} #2", *args)
    no_internal(msgs)
    try:
        ref = thread(OPS[op], a.tolist(), b.tolist())
    except Mismatch:
        assert any("Thread::tdlen" in m for m in msgs), msgs
        return
    assert msgs == []
    np.testing.assert_allclose(as_np(out), np.asarray(ref), rtol=1e-5, atol=1e-6)


def test_the_reported_case_and_its_gradient():
    s = Session(print_messages=False)
    assert s.to_python(s.eval("Compile[{w}, Total[w - {1., 2.}]][{1., 1.}]")) == pytest.approx(-1.0)
    assert s.messages == []
    # a rank-2 array minus a vector: row i minus a[[i]] (not numpy's trailing broadcast)
    m = np.arange(6.).reshape(2, 3)
    out = s.to_python(s.eval(f"Compile[{{w}}, w - {{10., 20.}}][{fmt(m)}]"))
    np.testing.assert_allclose(out, m - np.array([[10.], [20.]]))
    # lists holding traced scalars are stacked into an array
    out = s.to_python(s.eval("Compile[{w}, w * {w[[2]], 2.}][{3., 4.}]"))
    np.testing.assert_allclose(out, [12., 8.])
    # gradient of a loss with a constant target list: 2 (w - t)
    w0, t = np.array([0.5, -1., 2.]), np.array([1., 2., 3.])
    v, g = s.to_python(s.eval(f"ValueAndGrad[Compile[{{w}}, Total[(w - {fmt(t)})^2], \"Precision\" -> 64]]"
                              f"[{fmt(w0)}]"))
    assert v == pytest.approx(np.sum((w0 - t) ** 2))
    np.testing.assert_allclose(g, 2 * (w0 - t))
    assert s.messages == []


def test_mismatched_shapes_give_tdlen_not_a_traceback():
    s = Session(print_messages=False)
    s.eval("Compile[{w}, w + {1., 2., 3.}][{1., 2.}]")
    assert any("Thread::tdlen" in m for m in s.messages) and not any("General::python" in m for m in s.messages)
    s.eval("Compile[{x, y}, x + y][{{1., 2., 3.}, {4., 5., 6.}}, {1., 2., 3.}]")
    assert any("Thread::tdlen" in m for m in s.messages) and not any("General::python" in m for m in s.messages)


def test_symbolic_list_next_to_an_array_threads_over_rows():
    s = Session(print_messages=False)
    out = s.to_python(s.eval("Compile[{w}, Total[w * {a, 2.}] /. a -> 3.][{5., 7.}]"))
    assert out == pytest.approx(5. * 3. + 7. * 2.)


def test_scalar_jax_value_still_threads(s):
    out, msgs = call(s, "#1 + #2", jnp.asarray(1.0), [1., 2., 3.])
    assert msgs == [] and as_np(out).tolist() == [2., 3., 4.]


def test_eager_arrays_from_python(s):
    s.eval("tmpLoss[w_] := Total[w - {1., 2.}]")
    assert float(s.function("tmpLoss")(jnp.array([1., 1.]))) == pytest.approx(-1.0)


# --- structure: compared with the same functions on plain lists ---------------------------

STRUCTURE = [
    "Total[#]", "Total[#, 2]", "Total[#, {2}]", "Total[#, {2, 3}]", "Total[#, Infinity]", "Mean[#]",
    "Max[#]", "Min[#]", "Max[#, 1.5]", "Min[{#, 0.25}]", "Flatten[#]", "Flatten[#, 1]", "First[#]", "Last[#]",
    "Rest[#]", "Most[#]", "Reverse[#]", "Reverse[#, 2]", "Reverse[#, {1, 2}]", "Transpose[#]",
    "Transpose[#, {2, 1}]", "Transpose[#, {2, 3, 1}]", "Transpose[#, {3, 1, 2}]", "Dimensions[#]", "Length[#]",
    "Dimensions[#, 1]", "ArrayReshape[#, {2, 3}]", "ArrayReshape[#, {4}, 9.]", "Accumulate[#]", "Differences[#]",
    "Differences[#, 2]", "Take[#, 2]", "Take[#, -1]", "Take[#, All, {1, 2}]", "Drop[#, 1]", "Drop[#, {2}]",
    "Join[#, #]", "Join[#, #, 2]", "Join[#, {{1., 2.}}]", "Normal[#]", "Map[Total, #]", "# . Range[Length[First[#]]]",
    "Range[Length[#]] . #", "# . Transpose[#]",
]


def array_shapes():
    return st.lists(st.integers(1, 3), min_size=1, max_size=3).map(tuple)


@st.composite
def arrays(draw, shape=None):
    shape = shape or draw(array_shapes())
    vals = draw(st.lists(st.floats(-3, 3, width=32), min_size=int(np.prod(shape)), max_size=int(np.prod(shape))))
    return np.array(vals, dtype=np.float32).reshape(shape)


@SETTINGS
@given(arrays(), st.sampled_from(STRUCTURE))
def test_structure_agrees_with_lists(s, x, body):
    ref, ref_msgs = call(s, body, x.tolist())
    out, msgs = call(s, body, jnp.asarray(x))
    no_internal(msgs)
    if ref_msgs:
        assert msgs, (body, x.shape, ref_msgs)
        return
    if "JAXArray" in str(out) or "Function" in str(out):
        pytest.fail(f"{body} on shape {x.shape} stayed unevaluated: {out} {msgs}")
    assert msgs == [], msgs
    assert_same(out, ref, rtol=1e-5, atol=1e-5)


def test_structure_against_numpy(s):
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    checks = {
        "Total[#, 2]": x.sum(axis=(0, 1)), "Total[#, {2}]": x.sum(axis=1), "Total[#, Infinity]": x.sum(),
        "Total[#, {2, 3}]": x.sum(axis=(1, 2)), "Mean[#]": x.mean(axis=0), "Max[#]": x.max(), "Min[#]": x.min(),
        "Flatten[#]": x.ravel(), "Flatten[#, 1]": x.reshape(6, 4), "Transpose[#]": x.transpose(1, 0, 2),
        "ArrayReshape[#, {5, 5}]": np.concatenate([x.ravel(), [0.]]).reshape(5, 5),
        "ArrayReshape[#, {2, 2}]": x.ravel()[:4].reshape(2, 2), "Reverse[#, 3]": x[:, :, ::-1],
        "#[[2, ;; ;; 2, {4, 1}]]": x[1, ::2][:, [3, 0]], "#[[All, -1]]": x[:, -1], "#[[-1 ;; 1 ;; -1]]": x[::-1],
        "Dimensions[#]": [2, 3, 4],
    }
    for body, want in checks.items():
        out, msgs = call(s, body, jnp.asarray(x))
        assert msgs == [], (body, msgs)
        np.testing.assert_allclose(as_np(out), want, err_msg=body)


def transpose_reference(x, perm):
    """Mathematica's Transpose[x, perm] by brute force: level k of x becomes level perm[k]."""
    out_shape = [0] * x.ndim
    for k, p in enumerate(perm):
        out_shape[p - 1] = x.shape[k]
    out = np.zeros(out_shape, x.dtype)
    for i in itertools.product(*map(range, x.shape)):
        j = [0] * x.ndim
        for k, p in enumerate(perm):
            j[p - 1] = i[k]
        out[tuple(j)] = x[i]
    return out


@SETTINGS
@given(arrays(), st.data())
def test_transpose_permutation(s, x, data):
    perm = data.draw(st.permutations(range(1, x.ndim + 1)))
    out, msgs = call(s, f"Transpose[#, {{{', '.join(map(str, perm))}}}]", jnp.asarray(x))
    assert msgs == []
    np.testing.assert_array_equal(as_np(out), transpose_reference(x, perm))


# --- Part ---------------------------------------------------------------------------------------

@st.composite
def part_specs(draw, shape):
    specs = []
    for n in shape[:draw(st.integers(1, len(shape)))]:
        kind = draw(st.sampled_from(["int", "all", "span", "list"]))
        index = st.integers(-n - 1, n + 1).filter(bool)
        if kind == "int":
            specs.append(str(draw(index)))
        elif kind == "all":
            specs.append("All")
        elif kind == "span":
            step = draw(st.sampled_from(["", ";;2", ";;-1", ";;-2"]))
            i, j = draw(index), draw(index)
            specs.append(f"{i};;{j}{step}")
        else:
            specs.append("{" + ", ".join(map(str, draw(st.lists(index, min_size=1, max_size=3)))) + "}")
    return ", ".join(specs)


@SETTINGS
@given(st.data())
def test_part_agrees_with_lists(s, data):
    x = data.draw(arrays())
    spec = data.draw(part_specs(x.shape))
    body = f"Part[#, {spec}]"
    ref, ref_msgs = call(s, body, x.tolist())
    out, msgs = call(s, body, jnp.asarray(x))
    no_internal(msgs)
    if ref_msgs:
        # the same kind of message (which bad spec is reported first may differ: lists are walked depth first)
        assert msgs and all(m.split(":")[0] == "Part" for m in msgs), (body, x.shape, msgs, ref_msgs)
        return
    assert msgs == [], (body, msgs)
    assert_same(out, ref)


def test_part_inside_compile_and_gradient():
    s = Session(print_messages=False)
    x = np.arange(12.).reshape(4, 3)
    out = s.to_python(s.eval(f"Compile[{{w}}, w[[2 ;; 3, {{1, 3}}]]][{fmt(x)}]"))
    np.testing.assert_array_equal(out, x[1:3][:, [0, 2]])
    g = s.to_python(s.eval(f"Grad[Compile[{{w}}, Total[w[[2 ;; 3, {{1, 3}}]], 2]]][{fmt(x)}]"))
    want = np.zeros_like(x)
    want[1:3][:, [0, 2]] = 1
    want[1:3, 0] = want[1:3, 2] = 1
    np.testing.assert_array_equal(g, want)
    assert str(call(s, "#[[0]]", jnp.asarray(x))[0]) == "List"
    # a traced integer index
    out = s.to_python(s.eval(f"Compile[{{w, {{i, _Integer}}}}, w[[i]]][{fmt(x)}, -1]"))
    np.testing.assert_array_equal(out, x[-1])
    assert s.messages == []


# --- Dot, Join with lists ---------------------------------------------------------------------

@SETTINGS
@given(st.integers(1, 3), st.integers(1, 3), st.integers(1, 3), st.data())
def test_dot_with_plain_lists(s, n, m, k, data):
    a = data.draw(arrays((n, m)))
    b = data.draw(arrays((m, k)))
    v = data.draw(arrays((m,)))
    for body, args, want in [("#1 . #2", (a.tolist(), jnp.asarray(b)), a @ b),
                             ("#1 . #2", (jnp.asarray(a), b.tolist()), a @ b),
                             ("#1 . #2", (jnp.asarray(a), v.tolist()), a @ v),
                             ("#2 . #1", (jnp.asarray(b), v.tolist()), v @ b),
                             ("#1 . #2 . #3", (v.tolist(), jnp.asarray(b), np.ones(k).tolist()), v @ b @ np.ones(k))]:
        out, msgs = call(s, body, *args)
        assert msgs == [], (body, msgs)
        np.testing.assert_allclose(as_np(out), want, rtol=1e-4, atol=1e-5)


def test_dot_and_join_messages():
    s = Session(print_messages=False)
    s.eval("Compile[{w}, {1., 2., 3.} . w][{{1., 2.}, {3., 4.}}]")
    assert any("Dot::dotsh" in m for m in s.messages) and not any("General::python" in m for m in s.messages)
    out = s.to_python(s.eval("Compile[{w}, Join[w, {5., 6.}]][{1., 2.}]"))
    assert out == [1., 2., 5., 6.]
    # of different ranks: a ragged list, as Join of lists gives
    out = s.eval("f = Function[Join[#, {{5., 6.}}]]; f[{1., 2.}]")
    s.eval("Compile[{w}, Length[Join[w, {{5., 6.}}]]][{1., 2.}]")
    assert str(out) == "{1., 2., {5., 6.}}"
    assert s.to_python(s.eval("Compile[{w}, Length[Join[w, {{5., 6.}}]]][{1., 2.}]")) == 3


# --- gradients and results -----------------------------------------------------------------------

def test_value_and_grad_of_a_non_scalar_function_is_a_message():
    s = Session(print_messages=False)
    out = s.eval("r = ValueAndGrad[Compile[{x}, x^2]][{1., 2.}]; 1 + 1")
    assert str(out) == "2"       # the script goes on
    assert any(m.startswith("ValueAndGrad::scalar") and "dimensions {2}" in m for m in s.messages), s.messages
    s.eval("Grad[Compile[{x}, x^2]][{1., 2.}]")
    assert any(m.startswith("Grad::cfscalar") and "dimensions {2}" in m for m in s.messages), s.messages
    s.eval("Compile[{x}, Grad[x^2, x]][{1., 2.}]")
    assert any(m.startswith("Grad::cfscalar") for m in s.messages), s.messages
    s.eval("ValueAndGrad[Compile[{x}, {Total[x], x}]][{1., 2.}]")
    assert any(m.startswith("ValueAndGrad::scalar") for m in s.messages), s.messages
    # the Python callable raises a TypeError, as jax.grad does
    f = s.to_python(s.eval("ValueAndGrad[Compile[{x}, x^2]]"))
    with pytest.raises(TypeError):
        f(np.ones(2, np.float32))


def test_results_of_different_shapes_are_a_list():
    s = Session(print_messages=False)
    assert s.to_python(s.eval("Compile[{x}, {Total[x], x}][{1., 2.}]")) == [3., [1., 2.]]
    assert s.to_python(s.eval("Compile[{x}, {x, {x, 2 x}, Length[x]}][{1., 2.}]")) == \
        [[1., 2.], [[1., 2.], [2., 4.]], 2.]
    assert s.to_python(s.eval("Compile[{x}, {}][{1., 2.}]")) == []
    mapped = s.to_python(s.eval("Map[Compile[{x}, {Total[x], x}], {{1., 2.}, {3., 4.}}]"))
    assert mapped == [[3., 7.], [[1., 2.], [3., 4.]]]       # vmapped: each part batched
    assert s.messages == []


# --- ArrayReshape on lists ----------------------------------------------------------------------

@SETTINGS
@given(st.lists(st.integers(-5, 5), max_size=8), st.lists(st.integers(0, 3), min_size=1, max_size=3))
def test_array_reshape_of_lists(s, items, dims):
    out = s.to_python(s.eval(f"ArrayReshape[{{{', '.join(map(str, items))}}}, {{{', '.join(map(str, dims))}}}]"))
    assert s.messages == []
    total = int(np.prod(dims))
    want = np.array((items + [0] * total)[:total], dtype=np.int64).reshape(dims)
    assert np.array_equal(np.array(out, dtype=np.int64).reshape(dims), want) and \
        (total == 0 or np.shape(out) == tuple(dims))


def test_array_reshape_messages_and_padding():
    s = Session(print_messages=False)
    assert str(s.eval("ArrayReshape[{{1, 2}, {3}}, {2, 2}, x]")) == "{{1, 2}, {3, x}}"
    s.eval("ArrayReshape[{1, 2}, {-1}]")
    assert any("ArrayReshape::dims" in m for m in s.messages)
    s.eval("Compile[{w}, ArrayReshape[w, {a}]][{1., 2.}]")
    assert any("ArrayReshape::dims" in m for m in s.messages)


def test_other_listable_functions_thread_over_rows():
    s = Session(print_messages=False)
    s.eval("SetAttributes[lf, Listable]; lf[a_, b_] := a - 10 b")
    out = s.to_python(s.eval("Compile[{w}, lf[w, {1, 2}]][{{5., 6.}, {7., 8.}}]"))
    np.testing.assert_allclose(out, np.array([[5., 6.], [7., 8.]]) - 10 * np.array([[1.], [2.]]))
    assert s.messages == []


ELEMENTWISE = {"Sin": np.sin, "Cos": np.cos, "Tanh": np.tanh, "Sinh": np.sinh, "ArcTan": np.arctan,
               "Exp": np.exp, "LogisticSigmoid": lambda v: 1 / (1 + np.exp(-v)), "Ramp": lambda v: np.maximum(v, 0),
               "Floor": np.floor, "Abs": np.abs}


@pytest.mark.parametrize("name", sorted(ELEMENTWISE))
def test_elementwise_functions_compile_and_match_the_eager_language(name):
    s = Session(print_messages=False, print_output=False)
    x = np.array([[-1.5, -0.25], [0.5, 2.0]])
    compiled = s.to_python(s.eval(f"Compile[{{x}}, {name}[x]][{fmt(x)}]"))
    eager = s.to_python(s.eval(f"N[{name}[{fmt(x)}]]"))
    assert s.messages == []
    np.testing.assert_allclose(np.asarray(compiled, float), ELEMENTWISE[name](x), rtol=1e-6)
    np.testing.assert_allclose(np.asarray(eager, float), ELEMENTWISE[name](x), rtol=1e-12)
