"""JAX kernels on engine graphs: the API the graph builtins call.

A :class:`gtnlang.wfst.Graph` whose structure is numpy and whose weights are a
JAX array or tracer (numpy weights are accepted too) is scored by

* :func:`forward_score` (log semiring), :func:`viterbi_score` (tropical; the
  subgradient is on ONE best path: the first tied arc wins),
* :func:`viterbi_path` -- the best path as a 0/1 mask over arcs (fixed shape),
* :func:`shortest_distance` -- per-node forward (or backward) values,
* :func:`forward_score_batch` / :func:`score_batch` -- graphs of different
  structures packed into one disjoint-union program,
* :func:`intersect_lattice_score` and :class:`LatticeProduct` -- an emission
  lattice intersected with a small graph, by a scan over frames.

All of them equal the numpy engine (``gtnlang.wfst.forward_score`` etc.)
and are jit-able and differentiable; graph structure is static (tables are
built in numpy at trace time and cached per structure).  A graph with no
accepting path scores ``-inf`` with zero gradients.  Cyclic graphs are
scored exactly by :mod:`gtnlang.lower.cyclic` (a linear solve per strongly
connected component); a divergent one scores ``+inf``.

>>> import jax, jax.numpy as jnp
>>> from gtnlang.wfst import from_arcs
>>> g = from_arcs([0], [2], [(0, 1, 1), (0, 1, 2), (1, 2, 3)])
>>> f = lambda w: forward_score(g.with_weights(w))
>>> [round(float(v), 3) for v in jax.grad(f)(jnp.array([0.0, 0.0, 1.0]))]
[0.5, 0.5, 1.0]
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from gtnlang.wfst import Graph
from gtnlang.wfst.compose import lattice_shape

from .cyclic import cyclic_distance, cyclic_total
from .lattice import FrameTable, LatticeProduct, frame_scan, frame_table, intersect_lattice_score
from .levels import level_scan, node_values
from .numerics import NEG_INF, reduce, semiring_name, weight_pool
from .plan import CyclicGraphError, level_plan

__all__ = ["forward_score", "viterbi_score", "viterbi_path", "shortest_distance", "total_weight",
           "forward_score_batch", "viterbi_score_batch", "score_batch", "intersect_lattice_score",
           "LatticeProduct", "FrameTable", "frame_table", "frame_scan", "CyclicGraphError", "is_jax_value"]


def is_jax_value(x):
    """True for a JAX array or tracer (how callers decide to use these kernels)."""
    return isinstance(x, jax.Array) or isinstance(x, jax.core.Tracer)


def _dtype(graphs):
    for g in graphs:
        for w in (g.weights, g.start_weights, g.accept_weights):
            if w is not None and getattr(w, "dtype", None) is not None and jnp.issubdtype(w.dtype, jnp.floating):
                return jnp.result_type(w.dtype)
    return jnp.result_type(float)


def _lattice_total(g, ls, semiring):
    # an emission lattice alone: ⊕ over each frame, then a sum over frames
    T, V, _ = ls
    x = jnp.asarray(g.weights if g.weights is not None else np.zeros(T * V)).reshape(T, V)
    return jnp.sum(reduce(semiring, x))


def total_weight(graph, semiring="log"):
    """⊕ over accepting paths of the graph's path weights (a JAX scalar).
    ``graph`` may also be a :class:`LatticeProduct`."""
    semiring = semiring_name(semiring)
    if isinstance(graph, LatticeProduct):
        return graph.score(semiring)
    ls = lattice_shape(graph) if graph.num_nodes else None
    if ls is not None:
        return _lattice_total(graph, ls, semiring)
    try:
        return score_batch([graph], semiring)[0]
    except CyclicGraphError:
        return cyclic_total(graph, semiring)


def forward_score(graph):
    """Log-semiring total weight (``gtnlang.wfst.forward_score`` in JAX)."""
    return total_weight(graph, "log")


def viterbi_score(graph):
    """Max-plus total weight; its gradient is 1 on the arcs of one best path
    (ties: the first incoming arc, by arc index; a start weight before arcs)."""
    return total_weight(graph, "tropical")


def viterbi_path(graph):
    """The Viterbi path as a 0/1 float mask over the graph's arcs (shape
    ``(num_arcs,)``, all zero when there is no accepting path): the gradient
    of :func:`viterbi_score` w.r.t. the arc weights, under stop_gradient."""
    if isinstance(graph, LatticeProduct):
        raise TypeError("viterbi_path: materialize() the LatticeProduct first (its arcs are not stored)")
    dtype = _dtype([graph])
    w = jnp.zeros((graph.num_arcs,), dtype) if graph.weights is None else jnp.asarray(graph.weights, dtype)
    w = jax.lax.stop_gradient(w)
    mask = jax.grad(lambda v: viterbi_score(graph.with_weights(v)))(w)
    return jax.lax.stop_gradient(mask)


def score_batch(graphs, semiring="log"):
    """Totals ``(G,)`` of graphs of any structures, scored by one level scan
    over their disjoint union."""
    semiring = semiring_name(semiring)
    graphs = list(graphs)
    try:
        plan = level_plan(graphs)
    except CyclicGraphError:
        if len(graphs) == 1:
            raise
        return jnp.stack([total_weight(g, semiring) for g in graphs])
    acc, _ = level_scan(plan, weight_pool(graphs, plan.pool_parts, _dtype(graphs)), semiring)
    return acc


def forward_score_batch(graphs):
    """:func:`forward_score` of each graph, ``(G,)``, in one program."""
    return score_batch(graphs, "log")


def viterbi_score_batch(graphs):
    """:func:`viterbi_score` of each graph, ``(G,)``, in one program."""
    return score_batch(graphs, "tropical")


def _reversed(g):
    return Graph(g.num_nodes, g.accept, g.start, g.dst, g.src, g.olabel, g.ilabel, g.weights,
                 g.accept_weights, g.start_weights, g.name, _trusted=True)


def shortest_distance(graph, semiring="log", reverse=False):
    """Per-node forward values ``alpha`` (start weights included), or with
    ``reverse=True`` backward values ``beta`` (accept weights included), as
    ``gtnlang.wfst.shortest_distance``; ``-inf`` for unreachable nodes."""
    semiring = semiring_name(semiring)
    g = _reversed(graph) if reverse else graph
    try:
        plan = level_plan([g])
    except CyclicGraphError:
        return cyclic_distance(g, semiring)
    _, alphas = level_scan(plan, weight_pool([g], plan.pool_parts, _dtype([g])), semiring, want_alpha=True)
    if alphas is None:
        return jnp.zeros((0,), _dtype([g]))
    return node_values(plan, alphas)
