"""Benchmarks of gtnlang.wfst against pynini/OpenFst, run by hand:

    python benchmarks/wfst.py [--repeat N]

Prints each time, the result sizes and the ratio to pynini measured in the
same run on the same graphs (or says pynini is not installed).
"""

import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import gtnlang.wfst as W  # noqa: E402

try:
    import pynini  # noqa: F401
    HAVE_PYNINI = True
except Exception:  # pragma: no cover
    HAVE_PYNINI = False


def best_of(fn, repeat):
    best = float("inf")
    out = None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def random_transducer(rng, n=1000, m=10000, labels=50, accepts=10):
    src = rng.integers(0, n, m)
    dst = rng.integers(0, n, m)
    il = rng.integers(1, labels + 1, m)
    ol = rng.integers(1, labels + 1, m)
    w = rng.normal(size=m)
    acc = rng.choice(n, accepts, replace=False)
    return W.Graph(n, [0], acc, src, dst, il, ol, w)


def ctc_graph(labels, blank):
    L = len(labels)
    n = 2 * L + 1
    src, dst, lab = [], [], []
    for s in range(n):
        sym = blank if s % 2 == 0 else labels[s // 2]
        src.append(s); dst.append(s); lab.append(sym)
        if s + 1 < n:
            src.append(s); dst.append(s + 1); lab.append(labels[(s + 1) // 2] if (s + 1) % 2 else blank)
        if s % 2 == 1 and s + 2 < n and labels[s // 2] != labels[s // 2 + 1]:
            src.append(s); dst.append(s + 2); lab.append(labels[s // 2 + 1])
    return W.Graph(n, [0], [n - 1, n - 2], src, dst, lab, None, np.zeros(len(src)))


def to_pynini(g, sort=None):
    f = pynini.Fst(arc_type="log")
    f.add_states(g.num_nodes)
    f.set_start(int(g.start[0]))
    one = pynini.Weight.one("log")
    for a in g.accept.tolist():
        f.set_final(a, one)
    w = g.numpy_weights()
    src, dst, il, ol = g.src.tolist(), g.dst.tolist(), g.ilabel.tolist(), g.olabel.tolist()
    for e in range(g.num_arcs):
        f.add_arc(src[e], pynini.Arc(il[e], ol[e], pynini.Weight("log", -w[e]), dst[e]))
    if sort:
        f.arcsort(sort)
    return f


def line(name, t, sizes, t_ref=None):
    s = f"{name:<44s} {t * 1e3:9.1f} ms   {sizes}"
    if t_ref is not None:
        s += f"   pynini {t_ref * 1e3:9.1f} ms   ratio {t / t_ref:5.3f}x"
    elif not HAVE_PYNINI:
        s += "   (pynini is not installed)"
    print(s, flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    print(f"numpy {np.__version__}; pynini {'installed' if HAVE_PYNINI else 'not installed'}; "
          f"{os.cpu_count()} cpus")

    # 1. compose two random 1,000-node / 10,000-arc transducers over 50 labels
    a = random_transducer(rng)
    b = random_transducer(rng)
    t, c = best_of(lambda: W.compose(a, b), args.repeat)
    ref = None
    if HAVE_PYNINI:
        pa = pynini.connect(to_pynini(a, "olabel"))
        pb = pynini.connect(to_pynini(b, "ilabel"))
        ref, pc = best_of(lambda: pynini.compose(pa, pb, connect=True), args.repeat)
        print(f"  pynini result: {pc.num_states()} states, {sum(pc.num_arcs(s) for s in pc.states())} arcs")
    line("compose 1k/10k x 1k/10k, 50 labels", t, f"{c.num_nodes} nodes {c.num_arcs} arcs", ref)

    # 1b. a wide alphabet: 2,000 labels, 80 arcs per state (masks of 32 words)
    wide = np.random.default_rng(1)   # its own stream: the other graphs stay as they were
    wa_ = random_transducer(wide, m=80000, labels=2000)
    wb_ = random_transducer(wide, m=80000, labels=2000)
    reps = min(args.repeat, 3)
    t, c = best_of(lambda: W.compose(wa_, wb_), reps)
    ref = None
    if HAVE_PYNINI:
        pa = pynini.connect(to_pynini(wa_, "olabel"))
        pb = pynini.connect(to_pynini(wb_, "ilabel"))
        ref, _ = best_of(lambda: pynini.compose(pa, pb, connect=True), reps)
    line("compose 1k/80k x 1k/80k, 2000 labels", t, f"{c.num_nodes} nodes {c.num_arcs} arcs", ref)

    # 2. intersect a 1,000 x 50 emission lattice with a CTC graph (L = 200)
    T, V, L = 1000, 50, 200
    x = rng.normal(size=(T, V))
    lat = W.emissions(x)  # labels 1..50; blank = 1
    y = rng.integers(2, V + 1, L).tolist()
    ctc = ctc_graph(y, 1)
    t, c = best_of(lambda: W.intersect(lat, ctc), args.repeat)
    ref = None
    if HAVE_PYNINI:
        pl = to_pynini(lat, "olabel")
        pctc = to_pynini(ctc, "ilabel")
        ref, pc = best_of(lambda: pynini.compose(pl, pctc, connect=True), args.repeat)
    line(f"intersect lattice {T}x{V} with CTC (L={L})", t, f"{c.num_nodes} nodes {c.num_arcs} arcs", ref)
    t2, s2 = best_of(lambda: W.forward_score(c), args.repeat)
    line("  forward score of that intersection", t2, f"score {s2:.4f}")
    lat32 = W.emissions(x.astype(np.float32))   # GTN's weights are float32
    t, c = best_of(lambda: W.intersect(lat32, ctc), args.repeat)
    line("  same, float32 lattice (GTN's weight type)", t, f"{c.num_nodes} nodes {c.num_arcs} arcs", ref)

    # 3. forward score of a 1M-arc emission lattice
    T, V = 1000, 1000
    big = W.emissions(rng.normal(size=(T, V)))
    W.forward_score(big)  # warm the structure cache (levels are structure, computed once)
    t, s = best_of(lambda: W.forward_score(big), args.repeat)
    ref = None
    if HAVE_PYNINI:
        pbig = to_pynini(big)
        ref, _ = best_of(lambda: pynini.shortestdistance(pbig, reverse=True)[0], args.repeat)
    line(f"forward score lattice {T}x{V} (1M arcs)", t, f"score {s:.4f}", ref)
    fresh = lambda: W.forward_score(W.emissions(big.weights.reshape(T, V)))
    t, s = best_of(fresh, args.repeat)
    line("  same, fresh graph (structure analysis included)", t, f"score {s:.4f}", ref)
    big32 = W.emissions(big.weights.reshape(T, V).astype(np.float32))
    W.forward_score(big32)
    t, s = best_of(lambda: W.forward_score(big32), args.repeat)
    line("  same, float32 weights (GTN's weight type)", t, f"score {s:.4f}", ref)

    # 4. forward score of a cyclic graph: exact, one linear solve per SCC
    a2 = random_transducer(rng, n=30, m=90, labels=4, accepts=3)
    b2 = random_transducer(rng, n=30, m=90, labels=4, accepts=3)
    c2 = W.compose(a2.with_weights(a2.weights - 2.0), b2.with_weights(b2.weights - 2.0))
    ncomp, comp = W.strongly_connected_components(c2)
    t, s = best_of(lambda: W.forward_score(c2), args.repeat)
    line("forward score, cyclic compose of 30/90 graphs", t,
         f"{c2.num_nodes} nodes {c2.num_arcs} arcs, largest SCC {np.bincount(comp).max()}, score {s:.3f}")


if __name__ == "__main__":
    main()
