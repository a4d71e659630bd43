"""Reachability, Kahn levels and strongly connected components against
plain-Python references, on graphs whose frontiers are both tiny (long
chains: one path through the code) and wide (the other)."""

from collections import defaultdict, deque

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import gtnlang.wfst as W
from gtnlang.wfst.topology import peel_sources, reachable


def _bfs(n, src, dst, seeds):
    succ = defaultdict(list)
    for u, v in zip(src, dst):
        succ[u].append(v)
    seen = set(seeds)
    q = deque(seeds)
    while q:
        u = q.popleft()
        for v in succ[u]:
            if v not in seen:
                seen.add(v)
                q.append(v)
    return np.array([u in seen for u in range(n)], bool)


@st.composite
def digraphs(draw, max_nodes=120, max_arcs=300):
    n = draw(st.integers(1, max_nodes))
    m = draw(st.integers(0, max_arcs))
    src = draw(st.lists(st.integers(0, n - 1), min_size=m, max_size=m))
    dst = draw(st.lists(st.integers(0, n - 1), min_size=m, max_size=m))
    return n, np.asarray(src, np.int64), np.asarray(dst, np.int64)


@settings(max_examples=150, deadline=None)
@given(digraphs(), st.data())
def test_reachable_matches_bfs(g, data):
    n, src, dst = g
    seeds = data.draw(st.lists(st.integers(0, n - 1), max_size=3))
    assert np.array_equal(reachable(n, src, dst, seeds), _bfs(n, src.tolist(), dst.tolist(), seeds))


def _chain_with_fans(length=3000, fan=2000):
    # a long chain (small levels) ending in a wide fan (a large level)
    src = list(range(length - 1)) + [length - 1] * fan
    dst = list(range(1, length)) + list(range(length, length + fan))
    return length + fan, np.asarray(src), np.asarray(dst)


def test_reachable_long_chain_and_wide_level():
    n, src, dst = _chain_with_fans()
    assert reachable(n, src, dst, [0]).all()
    assert reachable(n, dst, src, [n - 1]).sum() == 3001
    assert np.array_equal(reachable(n, src, dst, [5]), _bfs(n, src.tolist(), dst.tolist(), [5]))


def _levels(n, src, dst):
    """Longest distance from a node without predecessors, or None if cyclic."""
    indeg = [0] * n
    succ = defaultdict(list)
    for u, v in zip(src, dst):
        succ[u].append(v)
        indeg[v] += 1
    level = [0] * n
    q = deque(u for u in range(n) if indeg[u] == 0)
    done = 0
    while q:
        u = q.popleft()
        done += 1
        for v in succ[u]:
            level[v] = max(level[v], level[u] + 1)
            indeg[v] -= 1
            if indeg[v] == 0:
                q.append(v)
    return level if done == n else None


@settings(max_examples=150, deadline=None)
@given(digraphs(max_arcs=200), st.booleans())
def test_topological_levels_match_reference(g, acyclic):
    n, src, dst = g
    if acyclic:
        src, dst = np.minimum(src, dst), np.maximum(src, dst)
        keep = src != dst
        src, dst = src[keep], dst[keep]
    graph = W.Graph(n, [0], [0], src, dst, np.ones(len(src), np.int64))
    ref = _levels(n, src.tolist(), dst.tolist())
    got = W.topological_levels(graph)
    assert (got is None) == (ref is None)
    if ref is not None:
        order, level = got
        assert level.tolist() == ref
        pos = np.empty(n, np.int64)
        pos[order] = np.arange(n)
        assert np.all(pos[src] < pos[dst])


def test_peel_long_chain_one_node_per_round():
    n = 5_000
    rounds, remaining = peel_sources(n, np.arange(n - 1), np.arange(1, n))
    assert len(rounds) == n and not remaining.any()


@settings(max_examples=150, deadline=None)
@given(digraphs(max_nodes=40, max_arcs=80))
def test_scc_matches_mutual_reachability(g):
    n, src, dst = g
    graph = W.Graph(n, [0], [0], src, dst, np.ones(len(src), np.int64))
    k, comp = W.strongly_connected_components(graph)
    reach = np.array([_bfs(n, src.tolist(), dst.tolist(), [u]) for u in range(n)])
    same = reach & reach.T
    assert np.array_equal(comp[:, None] == comp[None, :], same)
    assert np.all(comp[src] <= comp[dst]) and sorted(set(comp.tolist())) == list(range(k))


def test_scc_cycle_between_long_tails():
    # chain -> 3-cycle -> chain: the tails peel, the cycle is one component
    t = 2000
    src = list(range(t)) + [t, t + 1, t + 2] + list(range(t + 2, 2 * t + 2))
    dst = list(range(1, t + 1)) + [t + 1, t + 2, t] + list(range(t + 3, 2 * t + 3))
    n = 2 * t + 3
    g = W.Graph(n, [0], [n - 1], src, dst, np.ones(len(src), np.int64))
    k, comp = W.strongly_connected_components(g)
    assert k == n - 2
    assert comp[t] == comp[t + 1] == comp[t + 2]
    assert np.all(comp[g.src] <= comp[g.dst])
