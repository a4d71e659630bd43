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
