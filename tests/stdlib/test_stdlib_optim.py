"""Optimisers in the language (gtnlang/stdlib/optim.gtn) against NumPy implementations."""

import numpy as np
import pytest

from tests.stdlib.conftest import _fmt


@pytest.fixture(scope="module")
def optim(lib):
    lib.load("Optim`")
    return lib


# a small quadratic 1/2 x.A.x - b.x, gradient A x - b
A = np.array([[3.0, 0.5, 0.0], [0.5, 1.0, 0.2], [0.0, 0.2, 2.0]])
B = np.array([1.0, -2.0, 0.5])
X0 = np.array([0.3, -0.7, 1.1])


def _adam(x, steps, lr, b1=0.9, b2=0.999, eps=1e-8):
    m = np.zeros_like(x)
    v = np.zeros_like(x)
    for t in range(1, steps + 1):
        g = A @ x - B
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        x = x - lr * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps)
    return x, m, v


def _run(optim, init, step, steps):
    optim.eval(f"qa = {_fmt(A)}; qb = {_fmt(B)}; x = {_fmt(X0)}; st = {init}")
    optim.eval(f"Do[{{x, st}} = {step}, {{{steps}}}]")
    return np.array(optim.eval("x")), optim.eval("st")


@pytest.mark.parametrize("steps", [1, 5])
def test_adam_step_matches_numpy(optim, steps):
    x, st = _run(optim, "AdamInit[x]", "AdamStep[x, qa . x - qb, st, 0.1]", steps)
    ref, m, v = _adam(X0, steps, 0.1)
    np.testing.assert_allclose(x, ref, atol=1e-6, rtol=0)
    np.testing.assert_allclose(st[0], m, atol=1e-6, rtol=0)
    np.testing.assert_allclose(st[1], v, atol=1e-6, rtol=0)
    assert st[2] == steps


def test_adam_optimizer_object_and_betas(optim):
    x, _ = _run(optim, "OptimizerInit[Adam[0.05, {0.8, 0.99, 1.*^-6}], x]",
                "OptimizerStep[Adam[0.05, {0.8, 0.99, 1.*^-6}], x, qa . x - qb, st]", 4)
    ref, _, _ = _adam(X0, 4, 0.05, 0.8, 0.99, 1e-6)
    np.testing.assert_allclose(x, ref, atol=1e-6, rtol=0)


def test_adam_converges_on_quadratic(optim):
    x, _ = _run(optim, "OptimizerInit[Adam[0.05], x]", "OptimizerStep[Adam[0.05], x, qa . x - qb, st]", 400)
    np.testing.assert_allclose(x, np.linalg.solve(A, B), atol=1e-3)


def test_sgd_and_momentum(optim):
    x, _ = _run(optim, "OptimizerInit[SGD[0.1], x]", "OptimizerStep[SGD[0.1], x, qa . x - qb, st]", 3)
    ref = X0.copy()
    for _ in range(3):
        ref = ref - 0.1 * (A @ ref - B)
    np.testing.assert_allclose(x, ref, atol=1e-12)
    x, _ = _run(optim, "OptimizerInit[SGD[0.1, 0.9], x]", "OptimizerStep[SGD[0.1, 0.9], x, qa . x - qb, st]", 3)
    ref, vel = X0.copy(), np.zeros(3)
    for _ in range(3):
        vel = 0.9 * vel + (A @ ref - B)
        ref = ref - 0.1 * vel
    np.testing.assert_allclose(x, ref, atol=1e-12)
    assert optim.eval("SGDStep[{1., 2.}, {10., 20.}, 0.5]") == [-4.0, -8.0]


def test_nested_params_and_compiled_gradients(optim):
    # a list of differently shaped arrays, and gradients from a compiled function
    a, b = optim.eval("Module[{p = {{1., 2.}, {3.}}, s}, s = AdamInit[p]; First[AdamStep[p, p, s, 0.1]]]")
    assert a == pytest.approx([0.9, 1.9]) and b == pytest.approx([2.9])
    got = optim.eval("vg = ValueAndGrad[Compile[{y}, Total[(y - 1)^2]]]; y = {0., 3.}; s = AdamInit[y]; "
                     "Do[{val, g} = vg[y]; {y, s} = AdamStep[y, g, s, 0.1], {200}]; y")
    assert got == pytest.approx([1.0, 1.0], abs=0.02)


def test_usage_messages(optim):
    for name in ["SGD", "Adam", "OptimizerInit", "OptimizerStep", "SGDStep", "AdamInit", "AdamStep"]:
        assert "[" in str(optim.raw(f"{name}::usage"))


# --- FindMinimum -----------------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402


def _fm(optim, src):
    """FindMinimum's {fmin, {x -> xmin, ...}} as (fmin, [xmin, ...]), with no messages."""
    fmin, xs = optim.eval(f"{{#[[1]], Last /@ #[[2]]}} &[{src}]")
    return fmin, [np.asarray(x) for x in xs]


def _messages(optim, src):
    value = optim.raw(src)
    return value, [m.split(":")[0] + "::" + m.split("::")[1].split(":")[0] for m in optim.s.messages]


def test_find_minimum_result_form(optim):
    assert str(optim.raw("FindMinimum[xv^2 - 2 xv + 3, {xv, 0}]")) == "{2., {xv -> 1.}}"
    assert (str(optim.raw("FindMinimum[(xv - 1)^2 + (yv + 2)^2 + 5, {{xv, 0}, {yv, 0}}]"))
            == "{5., {xv -> 1., yv -> -2.}}")


@pytest.mark.parametrize("a,b,c,x0", [(1, -2, 3, 0), (3.5, 7, -1, 10), (0.25, 1, 0, -3)])
def test_find_minimum_scalar_quadratic(optim, a, b, c, x0):
    fmin, (x,) = _fm(optim, f"FindMinimum[{a} xv^2 + {b} xv + {c}, {{xv, {x0}}}]")
    assert x == pytest.approx(-b / (2 * a), abs=1e-7)
    assert fmin == pytest.approx(c - b * b / (4 * a), abs=1e-9)


def _quadratic_src(A, b, names):
    v = "{" + ", ".join(names) + "}"
    return f"1/2 {v} . {_fmt(A)} . {v} - {_fmt(b)} . {v}"


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(1, 4).flatmap(lambda n: st.tuples(
    st.lists(st.floats(-2, 2, allow_nan=False, width=32), min_size=n * n, max_size=n * n),
    st.lists(st.floats(-3, 3, allow_nan=False, width=32), min_size=n, max_size=n),
    st.lists(st.floats(-3, 3, allow_nan=False, width=32), min_size=n, max_size=n))))
def test_find_minimum_random_convex_quadratics(optim, data):
    m, b, x0 = data
    n = len(b)
    M = np.array(m).reshape(n, n)
    A, b = M @ M.T + 0.5 * np.eye(n), np.array(b)     # eigenvalues >= 0.5
    names = [f"q{i}" for i in range(n)]
    spec = "{" + ", ".join(f"{{{v}, {_fmt(s)}}}" for v, s in zip(names, x0)) + "}"
    fmin, xs = _fm(optim, f"FindMinimum[{_quadratic_src(A, b, names)}, {spec}]")
    xstar = np.linalg.solve(A, b)
    np.testing.assert_allclose(np.array(xs, dtype=float), xstar, atol=1e-6)
    assert fmin == pytest.approx(-0.5 * b @ xstar, abs=1e-9)


def _rosen_grad(x, y):
    return np.array([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])


@pytest.mark.parametrize("start", [(0.8, 0.7), (1.1, 1.3), (-1.2, 1.0)])
def test_find_minimum_rosenbrock(optim, start):
    fmin, (x, y) = _fm(optim, f"FindMinimum[(1 - xv)^2 + 100 (yv - xv^2)^2, "
                              f"{{{{xv, {start[0]}}}, {{yv, {start[1]}}}}}]")
    assert abs(x - 1) < 1e-5 and abs(y - 1) < 1e-5
    assert fmin < 1e-10
    # the stopping rule: no gradient component above 10^-AccuracyGoal = 10^-8
    assert np.abs(_rosen_grad(float(x), float(y))).max() <= 1e-8


def test_find_minimum_accuracy_goal(optim):
    # a loose goal stops as soon as the gradient is below 10^-2 (sooner, so less accurately)
    src = "FindMinimum[(1 - xv)^2 + 100 (yv - xv^2)^2, {{xv, -1.2}, {yv, 1}}, AccuracyGoal -> 2, PrecisionGoal -> 2]"
    _, (x, y) = _fm(optim, src)
    g = np.abs(_rosen_grad(float(x), float(y))).max()
    assert g <= 1e-2 and g > 1e-12
    assert abs(x - 1) < 0.1


def test_find_minimum_gradient_descent(optim):
    A, b = np.array([[2.0, 0.3], [0.3, 1.0]]), np.array([1.0, -1.0])
    src = _quadratic_src(A, b, ["u", "v"])
    _, xs = _fm(optim, f'FindMinimum[{src}, {{{{u, 3}}, {{v, -2}}}}, Method -> "GradientDescent", '
                       f'MaxIterations -> 500]')
    np.testing.assert_allclose(np.array(xs, dtype=float), np.linalg.solve(A, b), atol=1e-7)
    _, xs = _fm(optim, f'FindMinimum[{src}, {{{{u, 3}}, {{v, -2}}}}, Method -> {{"QuasiNewton", "StepMemory" -> 1}}]')
    np.testing.assert_allclose(np.array(xs, dtype=float), np.linalg.solve(A, b), atol=1e-7)


def test_find_minimum_not_converged(optim):
    value, msgs = _messages(optim, "FindMinimum[(1 - xv)^2 + 100 (yv - xv^2)^2, {{xv, -1.2}, {yv, 1}}, "
                                   "MaxIterations -> 5]")
    assert msgs == ["FindMinimum::cvmit"]
    assert "Failed to converge to the requested accuracy or precision within 5 iterations." in optim.s.messages[0]
    fmin = optim.s.to_python(value)[0]
    assert 0 < fmin < 24.2     # some progress from f(-1.2, 1) = 24.2, not the minimum
    _, msgs = _messages(optim, 'FindMinimum[(1 - xv)^2 + 100 (yv - xv^2)^2, {{xv, -1.2}, {yv, 1}}, '
                               'Method -> "GradientDescent"]')
    assert msgs == ["FindMinimum::cvmit"]


def test_find_minimum_least_squares_array_variable(optim):
    rng = np.random.default_rng(1)
    a, y = rng.normal(size=(7, 3)), rng.normal(size=7)
    fmin, (w,) = _fm(optim, f"ma = {_fmt(a)}; my = {_fmt(y)}; "
                            "FindMinimum[Total[(ma . wv - my)^2], {wv, {0., 0., 0.}}]")
    ref, res, *_ = np.linalg.lstsq(a, y, rcond=None)
    np.testing.assert_allclose(w, ref, atol=1e-7)
    assert fmin == pytest.approx(float(res[0]), rel=1e-9)


def test_find_minimum_matrix_and_scalar_variables(optim):
    # fit T ~ W . X + b (W a 2 x 3 matrix, b a number): one least-squares problem in 7 unknowns
    rng = np.random.default_rng(2)
    X, T = rng.normal(size=(3, 5)), rng.normal(size=(2, 5))
    src = (f"mx = {_fmt(X)}; mt = {_fmt(T)}; "
           "FindMinimum[Total[Flatten[(wv . mx + bv - mt)^2]], {{wv, ConstantArray[0., {2, 3}]}, {bv, 1}}]")
    fmin, (W, b) = _fm(optim, src)
    assert W.shape == (2, 3) and b.shape == ()
    design = np.zeros((10, 7))
    for i in range(2):
        design[i * 5:(i + 1) * 5, i * 3:(i + 1) * 3] = X.T
    design[:, 6] = 1
    ref, res, *_ = np.linalg.lstsq(design, T.reshape(-1), rcond=None)
    np.testing.assert_allclose(np.append(W.reshape(-1), b), ref, atol=1e-7)
    assert fmin == pytest.approx(float(res[0]), rel=1e-9)


def test_find_minimum_of_a_graph_loss(optim):
    # a regularised sequence loss of a 2 x 3 emission array: free energy of all label sequences minus
    # that of {0, 2}, plus |w|^2/2; at the minimum its numpy gradient softmax(w) - onehot + w vanishes
    src = ("FindMinimum[ForwardScore[Emissions[wv]] - ForwardScore[Intersect[Emissions[wv], Acceptor[{0, 2}]]]"
           " + Total[Flatten[wv^2]]/2, {wv, ConstantArray[0., {2, 3}]}]")
    fmin, (w,) = _fm(optim, src)
    onehot = np.array([[1.0, 0, 0], [0, 0, 1.0]])
    soft = np.exp(w) / np.exp(w).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(soft - onehot + w, 0, atol=1e-7)
    loss = np.log(np.exp(w).sum(axis=1)).sum() - (w * onehot).sum() + (w * w).sum() / 2
    assert fmin == pytest.approx(loss, rel=1e-10)


def test_find_minimum_numeric_start_and_option_list(optim):
    # a numeric constant as the start, the options in a list; minimum of Cos at Pi
    fmin, (x,) = _fm(optim, "FindMinimum[Cos[xv], {xv, Pi/2 + 1/2}, {MaxIterations -> 50}]")
    assert x == pytest.approx(np.pi, abs=1e-7) and fmin == pytest.approx(-1.0, abs=1e-12)


def test_find_minimum_localises_variables(optim):
    # HoldAll and Block: a variable with a global value is a free variable inside f
    fmin, _ = _fm(optim, "xg = 5; FindMinimum[xg^2 - 2 xg, {xg, 0}]")
    assert fmin == pytest.approx(-1.0)
    assert optim.eval("xg") == 5
    # a variable specification held in a symbol is evaluated
    fmin, xs = _fm(optim, "spec = {{p1, 0}, {p2, 0}}; FindMinimum[(p1 - 3)^2 + (p2 + 1)^2 + p1 p2, spec]")
    ref = np.linalg.solve([[2.0, 1.0], [1.0, 2.0]], [6.0, -2.0])
    np.testing.assert_allclose(np.array(xs, dtype=float), ref, atol=1e-7)


@pytest.mark.parametrize("src,tag", [
    ("FindMinimum[xv^2, {3, 1}]", "FindMinimum::ivar"),
    ("FindMinimum[xv^2, {xv, aa}]", "FindMinimum::nstart"),
    ("FindMinimum[xv^2, {xv, {1, {2}}}]", "FindMinimum::nstart"),
    ("FindMinimum[xv^2, {xv, 1}, Foo -> 2]", "FindMinimum::optx"),
    ('FindMinimum[xv^2, {xv, 1}, Method -> "Newton"]', "FindMinimum::bdmtd"),
    ("FindMinimum[xv^2, {xv, 1}, MaxIterations -> 0]", "FindMinimum::ioppf"),
    ("FindMinimum[xv^2, {xv, 1}, AccuracyGoal -> -1]", "FindMinimum::goal"),
    ("FindMinimum[undefinedF[xv], {xv, 1}]", "FindMinimum::nrnum"),
    ("FindMinimum[wv^2, {wv, {1., 2.}}]", "FindMinimum::nscal"),
])
def test_find_minimum_messages(optim, src, tag):
    value, msgs = _messages(optim, src)
    assert msgs == [tag]
    assert str(value) == "$Failed"


def test_find_minimum_usage(optim):
    assert "FindMinimum[f, {x, x0}]" in optim.eval("FindMinimum::usage")
    assert optim.eval("MemberQ[Attributes[FindMinimum], HoldAll]") is True
