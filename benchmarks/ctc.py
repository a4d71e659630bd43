"""Batched CTC loss: gtnlang's frame-scan kernel vs optax.ctc_loss.

Run by hand: ``python benchmarks/ctc.py [--repeat N] [--sizes small]``.
For each (B, T, V, L) it times the jitted value-and-gradient of the summed
loss (median over repeats, ms), gtnlang and optax in the same run, prints the
ratio (target <= 1.25x) and checks the values agree; then the compile time of
the largest size (target < 3 s).  Targets are traced inputs in both, so one
compiled program serves every batch of a shape.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import jax
import jax.numpy as jnp
import numpy as np
import optax

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from gtnlang.lower.ctc import ctc_loss_batch  # noqa: E402

SIZES = [(8, 100, 30, 20), (16, 200, 30, 40), (32, 500, 60, 100)]


def make(B, T, V, L, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(B, T, V)).astype(np.float32)
    lens = rng.integers(L // 2, L + 1, size=B)
    y = rng.integers(1, V, size=(B, L))
    for b in range(B):
        y[b, lens[b]:] = 0
    return jnp.asarray(x), jnp.asarray(y, jnp.int32), jnp.asarray(lens, jnp.int32)


def gtn_fn():
    def loss(x, y, n):
        return ctc_loss_batch(x, y, n, blank=0).sum()
    return jax.jit(jax.value_and_grad(loss))


def optax_fn():
    def loss(x, y, n):
        B, T, _ = x.shape
        lp = (jnp.arange(y.shape[1])[None, :] >= n[:, None]).astype(x.dtype)
        return optax.ctc_loss(x, jnp.zeros((B, T), x.dtype), y, lp, blank_id=0).sum()
    return jax.jit(jax.value_and_grad(loss))


def timeit(f, args, repeat):
    jax.block_until_ready(f(*args))
    ts = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        jax.block_until_ready(f(*args))
        ts.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(ts)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--sizes", choices=["all", "small"], default="all")
    a = ap.parse_args()
    sizes = SIZES[:1] if a.sizes == "small" else SIZES
    print(f"device: {jax.devices()[0].device_kind} ({jax.default_backend()}), jax {jax.__version__}")
    print(f"{'B, T, V, L':>18} | {'gtnlang ms':>10} | {'optax ms':>9} | ratio | max rel diff (loss)")
    for B, T, V, L in sizes:
        args = make(B, T, V, L)
        g, o = gtn_fn(), optax_fn()
        (vg, gg), (vo, go) = g(*args), o(*args)
        rel = float(abs(vg - vo) / abs(vo))
        tg = timeit(g, args, a.repeat)
        to = timeit(o, args, a.repeat)
        print(f"{str((B, T, V, L)):>18} | {tg:10.2f} | {to:9.2f} | {tg / to:4.2f}x | {rel:.1e}")
    B, T, V, L = sizes[-1]
    args = make(B, T, V, L, seed=1)
    for name, mk in (("gtnlang", gtn_fn), ("optax", optax_fn)):
        f = mk()
        t0 = time.perf_counter()
        f.lower(*args).compile()
        print(f"compile (value and gradient) at {(B, T, V, L)}: {name} {time.perf_counter() - t0:.2f} s")


if __name__ == "__main__":
    main()
