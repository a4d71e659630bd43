"""Brute-force oracle for the WFST tests: the weighted relation of a small
acyclic graph by enumerating every accepting path, and hypothesis strategies
for random small graphs."""

import math
from collections import defaultdict

import numpy as np
from hypothesis import strategies as st

from gtnlang.wfst import EPSILON, Graph


def paths(g):
    """Every accepting path: (start_pos, [arcs], accept_pos)."""
    out = []
    acc = {int(a): i for i, a in enumerate(g.accept)}
    by_src = defaultdict(list)
    for e in range(g.num_arcs):
        by_src[int(g.src[e])].append(e)

    def walk(u, arcs, si, depth):
        assert depth < 50, "oracle expects an acyclic graph"
        if u in acc:
            out.append((si, list(arcs), acc[u]))
        for e in by_src[u]:
            arcs.append(e)
            walk(int(g.dst[e]), arcs, si, depth + 1)
            arcs.pop()

    for si, s in enumerate(g.start.tolist()):
        walk(s, [], si, 0)
    return out


def path_weight(g, p):
    si, arcs, ai = p
    w = np.asarray(g.weights, np.float64)
    t = sum(float(w[e]) for e in arcs)
    if g.start_weights is not None:
        t += float(g.start_weights[si])
    if g.accept_weights is not None:
        t += float(g.accept_weights[ai])
    return t


def strings(g, p):
    _, arcs, _ = p
    return (tuple(int(g.ilabel[e]) for e in arcs if g.ilabel[e] != EPSILON),
            tuple(int(g.olabel[e]) for e in arcs if g.olabel[e] != EPSILON))


def lse(xs):
    xs = list(xs)
    if not xs:
        return -math.inf
    m = max(xs)
    if m == -math.inf:
        return m
    return m + math.log(sum(math.exp(x - m) for x in xs))


def relation(g, semiring="log"):
    """{(input string, output string): score} over all accepting paths."""
    acc = defaultdict(list)
    for p in paths(g):
        acc[strings(g, p)].append(path_weight(g, p))
    red = lse if semiring == "log" else max
    return {k: red(v) for k, v in acc.items()}


def combine(items, semiring="log"):
    acc = defaultdict(list)
    for k, v in items:
        acc[k].append(v)
    red = lse if semiring == "log" else max
    return {k: red(v) for k, v in acc.items()}


def rel_compose(r1, r2, semiring="log"):
    by_mid = defaultdict(list)
    for (y, z), w in r2.items():
        by_mid[y].append((z, w))
    return combine((((x, z), w1 + w2) for (x, y), w1 in r1.items() for z, w2 in by_mid[y]), semiring)


def assert_rel_equal(r1, r2, tol=1e-7):
    k1 = {k for k, v in r1.items() if v > -math.inf}
    k2 = {k for k, v in r2.items() if v > -math.inf}
    assert k1 == k2, f"string sets differ: only first {sorted(k1 - k2)[:5]}, only second {sorted(k2 - k1)[:5]}"
    for k in k1:
        assert math.isclose(r1[k], r2[k], rel_tol=tol, abs_tol=tol), (k, r1[k], r2[k])


@st.composite
def graphs(draw, max_nodes=5, max_arcs=8, labels=3, acceptor=False, epsilon=True, acyclic=True,
           node_weights=True, allow_empty=True):
    n = draw(st.integers(0 if allow_empty else 1, max_nodes))
    if n == 0:
        return Graph(0, [], [], [], [], [], None, np.zeros(0))
    perm = draw(st.permutations(range(n)))
    lo = 0 if epsilon else 1
    arcs = []
    m = draw(st.integers(0, max_arcs))
    for _ in range(m):
        if acyclic:
            if n < 2:
                break
            a = draw(st.integers(0, n - 2))
            b = draw(st.integers(a + 1, n - 1))
        else:
            a = draw(st.integers(0, n - 1))
            b = draw(st.integers(0, n - 1))
        i = draw(st.integers(lo, labels))
        o = i if acceptor else draw(st.integers(lo, labels))
        w = draw(st.integers(-8, 8)) / 4
        arcs.append((perm[a], perm[b], i, o, w))
    start = sorted(set(draw(st.lists(st.integers(0, n - 1), min_size=0, max_size=2))))
    accept = sorted(set(draw(st.lists(st.integers(0, n - 1), min_size=0, max_size=3))))
    sw = aw = None
    if node_weights and draw(st.booleans()):
        sw = [draw(st.integers(-4, 4)) / 4 for _ in start]
        aw = [draw(st.integers(-4, 4)) / 4 for _ in accept]
    if arcs:
        s, d, il, ol, w = map(list, zip(*arcs))
    else:
        s = d = il = ol = []
        w = np.zeros(0)
    return Graph(n, start, accept, s, d, il, ol, np.asarray(w, np.float64), sw, aw)


def truncated_relation(g, semiring="log", max_len=2, steps=5000, tol=1e-300):
    """:func:`relation` of a graph that may be cyclic, restricted to strings of
    at most ``max_len`` labels on each side.  ``"log"``: the probability mass
    of the paths of at most ``steps`` arcs, stopping once no path carries
    ``tol`` (so every cycle must be contracting; the default stops where
    doubles underflow, which leaves every representable total exact).
    ``"max"``: the best path, relaxed until nothing improves (no positive
    cycle allowed)."""
    by_src = defaultdict(list)
    w = np.asarray(g.weights, np.float64)
    for e in range(g.num_arcs):
        by_src[int(g.src[e])].append((int(g.dst[e]), int(g.ilabel[e]), int(g.olabel[e]), float(w[e])))
    sw = [0.0] * len(g.start) if g.start_weights is None else [float(x) for x in g.start_weights]
    aw = {int(a): (0.0 if g.accept_weights is None else float(g.accept_weights[i])) for i, a in enumerate(g.accept)}

    def succ(state):
        u, x, y = state
        for d, i, o, wt in by_src[u]:
            x2 = x + (i,) if i != EPSILON else x
            y2 = y + (o,) if o != EPSILON else y
            if len(x2) <= max_len and len(y2) <= max_len:
                yield (d, x2, y2), wt

    init = {(int(s), (), ()): x for s, x in zip(g.start.tolist(), sw)}
    total = defaultdict(list)
    if semiring == "log":
        cur = {k: math.exp(v) for k, v in init.items()}
        for _ in range(steps):
            for (u, x, y), v in cur.items():
                if u in aw:
                    total[(x, y)].append(v * math.exp(aw[u]))
            nxt = defaultdict(float)
            for st, v in cur.items():
                for st2, wt in succ(st):
                    nxt[st2] += v * math.exp(wt)
            cur = nxt
            if not cur or max(cur.values()) < tol:
                break
        return {k: math.log(sum(v)) for k, v in total.items() if sum(v) > 0}
    best = dict(init)
    frontier = dict(init)
    for _ in range(steps):
        nxt = {}
        for st, v in frontier.items():
            for st2, wt in succ(st):
                if v + wt > best.get(st2, -math.inf):
                    best[st2] = nxt[st2] = v + wt
        frontier = nxt
        if not frontier:
            break
    for (u, x, y), v in best.items():
        if u in aw:
            total[(x, y)].append(v + aw[u])
    return {k: max(v) for k, v in total.items()}
