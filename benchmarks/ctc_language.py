"""CTC written in the language, compiled, vs optax.ctc_loss, in the same run.

Run by hand: ``python benchmarks/ctc_language.py [--repeat N] [--sizes small]``.

The loss is the issue's definition, in gtnlang:

    ctc[x_] := Total[ForwardScore[Table[Emissions[x[[b]]], {b, B}]]]
               - Total[ForwardScore[Table[Intersect[Emissions[x[[b]]], CTCGraph[ys[[b]], 0]], {b, B}]]]

(a list of graphs is scored in one batched program).

compiled with ``Compile`` and differentiated with ``ValueAndGrad``; the
targets are fixed per size (they are part of the program's structure).
Prints the median ms of value and gradient for gtnlang and for optax (jitted
``value_and_grad`` of the summed ``optax.ctc_loss``), their ratio (target
<= 1.25x) and the compile time of the first call.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

SIZES = [(8, 100, 30, 20), (16, 200, 30, 40), (32, 500, 60, 100)]


def targets(B, L, V, seed=0):
    rng = np.random.default_rng(seed)
    return [list(map(int, rng.integers(1, V, size=L))) for _ in range(B)]


def median_ms(fn, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--sizes", choices=["all", "small"], default="all")
    options = ap.parse_args()
    import jax
    import jax.numpy as jnp
    import optax
    from gtnlang import Session

    print(f"device: {jax.devices()[0].device_kind}, jax {jax.__version__}")
    print(f"{'B, T, V, L':>18} | {'gtnlang ms':>10} | {'optax ms':>9} | ratio | compile s | loss rel diff")
    for B, T, V, L in (SIZES[:1] if options.sizes == "small" else SIZES):
        ys = targets(B, L, V)
        x = np.random.default_rng(1).normal(size=(B, T, V)).astype(np.float32)
        s = Session(print_messages=True, print_output=False)
        s.evaluator.definition(__import__("gtnlang.expr", fromlist=["Symbol"]).Symbol("ys")).own_value = \
            s.from_python(ys)
        s.eval(f"ctc[x_] := Total[ForwardScore[Table[Emissions[x[[b]]], {{b, {B}}}]]] - "
               f"Total[ForwardScore[Table[Intersect[Emissions[x[[b]]], CTCGraph[ys[[b]], 0]], {{b, {B}}}]]]")
        s.eval("cl = Compile[{x}, ctc[x]]")
        f = s.to_python(s.eval("cl"))
        value_and_grad = jax.jit(jax.value_and_grad(lambda a: f(a)))
        xa = jnp.asarray(x)
        start = time.perf_counter()
        jax.block_until_ready(value_and_grad(xa))
        compile_s = time.perf_counter() - start
        ours = median_ms(lambda: jax.block_until_ready(value_and_grad(xa)), options.repeat)

        labels = jnp.asarray(ys, jnp.int32)
        pad = jnp.zeros((B, T), jnp.float32)
        lpad = jnp.zeros((B, L), jnp.float32)
        optax_vg = jax.jit(jax.value_and_grad(lambda a: optax.ctc_loss(a, pad, labels, lpad, blank_id=0).sum()))
        jax.block_until_ready(optax_vg(xa))
        theirs = median_ms(lambda: jax.block_until_ready(optax_vg(xa)), options.repeat)
        v_ours = float(value_and_grad(xa)[0])
        v_theirs = float(optax_vg(xa)[0])
        rel = abs(v_ours - v_theirs) / abs(v_theirs)
        print(f"{str((B, T, V, L)):>18} | {ours:10.2f} | {theirs:9.2f} | {ours / theirs:4.2f}x | "
              f"{compile_s:9.2f} | {rel:.1e}")


if __name__ == "__main__":
    main()
