"""Structure tables for the JAX level-scan kernel (numpy only, no jax).

A *level plan* lays one or more acyclic graphs (a disjoint union, k2's
FsaVec idea) out as dense per-level tables so that a ``lax.scan`` over
topological levels, carrying only the previous level, computes every node's
forward value with gathers and one dense reduction per level -- no scatters,
no Python loop over levels at run time.

* Level of a node = longest arc distance from a node with no incoming arc
  (:func:`gtnlang.wfst.topological_levels`).
* An arc may skip levels; the source is then carried forward by epsilon
  *pass-through* copies (one chain per node, up to the level before its
  furthest successor), so every table entry reads the previous level only.
* Slots: level ``k`` holds the real nodes of that level (graph by graph, in
  node order), then the pass-through copies; ``W`` is the widest level.
* Incoming table ``(K, W, D)``: for each slot its entries ``(src_slot,
  widx)``, ``src_slot == W`` meaning the constant "one" (used by start
  nodes).  Order inside a slot: start entry first, then arcs by arc index --
  the tropical kernel's tie-break (first maximal entry wins) is then the
  numpy engine's (start weight first, then the lowest arc id).
* Weight pool: for each graph in order its arc weights, start weights (if
  given), accept weights (if given); finally one entry holding the semiring
  one (0).  ``widx`` indexes the pool.
* Accept table ``(K, G, A)``: for each level and graph, the slots of its
  accepting nodes and their accept weight indices; ``acc_key`` is the node id
  (ties across levels go to the lowest accepting node id, as in the engine).

Plans are cached by structure (a hash of the arrays), not by Graph object:
the language creates new Graph objects with the same structure all the time.

>>> from gtnlang.wfst import from_arcs
>>> p = level_plan([from_arcs([0], [2], [(0, 1, 1), (1, 2, 2), (0, 2, 3)])])
>>> p.K, p.W, p.D      # node 0 is carried to level 1 for the arc 0 -> 2
(3, 2, 2)
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict

import numpy as np

from gtnlang.wfst import topological_levels

_I32 = np.int32


class CyclicGraphError(ValueError):
    """Raised by the level-scan kernel for a graph with a cycle."""


def structure_key(g, extra=()):
    """A hash of a graph's structure (not its weights)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(np.array([g.num_nodes, g.num_arcs, g.start_weights is not None, g.accept_weights is not None],
                      np.int64).tobytes())
    for a in (g.start, g.accept, g.src, g.dst):
        h.update(np.ascontiguousarray(a).tobytes())
        h.update(b"|")
    for e in extra:
        h.update(repr(e).encode())
    return h.digest()


class _LRU:
    def __init__(self, size=256):
        self.size = size
        self.d = OrderedDict()

    def get(self, key, fn):
        d = self.d
        if key in d:
            d.move_to_end(key)
            return d[key]
        v = fn()
        d[key] = v
        if len(d) > self.size:
            d.popitem(last=False)
        return v


_PLANS = _LRU()


class LevelPlan:
    """Dense level tables of a disjoint union of acyclic graphs (see module
    docstring).  Attributes: ``K, W, D, G, A``; ``src, widx, mask`` (K, W, D);
    ``acc_slot, acc_widx, acc_mask, acc_key`` (K, G, A); ``pool_parts`` (per
    graph: arc count, has start weights, has accept weights) and ``pool_size``;
    ``node_level, node_slot`` (all graphs' nodes, concatenated)."""

    __slots__ = ("K", "W", "D", "G", "A", "src", "widx", "mask", "acc_slot", "acc_widx", "acc_mask",
                 "acc_key", "pool_parts", "pool_size", "node_level", "node_slot", "node_offsets", "jitted")


def level_plan(graphs):
    """The (cached) :class:`LevelPlan` of a list of graphs; raises
    :class:`CyclicGraphError` if one has a cycle."""
    key = b"".join(structure_key(g) for g in graphs)
    return _PLANS.get(key, lambda: _build(graphs))


def _build(graphs):
    G = len(graphs)
    levels = []
    for i, g in enumerate(graphs):
        tl = topological_levels(g) if g.num_nodes else (np.zeros(0, np.int64), np.zeros(0, np.int64))
        if tl is None:
            nm = f" {g.name!r}" if g.name else (f" {i}" if G > 1 else "")
            raise CyclicGraphError(f"graph{nm} has a cycle; the JAX level-scan kernel needs an acyclic graph")
        levels.append(np.asarray(tl[1], np.int64))
    # weight pool offsets
    pool_parts, arc_off, sw_off, aw_off = [], [], [], []
    p = 0
    for g in graphs:
        arc_off.append(p); p += g.num_arcs
        sw_off.append(p if g.start_weights is not None else -1)
        if g.start_weights is not None:
            p += len(g.start)
        aw_off.append(p if g.accept_weights is not None else -1)
        if g.accept_weights is not None:
            p += len(g.accept)
        pool_parts.append((g.num_arcs, g.start_weights is not None, g.accept_weights is not None))
    ONE = p
    pool_size = p + 1

    # --- slots: real nodes and pass-through copies ---------------------------
    it_lvl, it_graph, it_kind, it_node = [], [], [], []
    copy_base = []
    for i, (g, lev) in enumerate(zip(graphs, levels)):
        n = g.num_nodes
        maxout = lev.copy()
        if g.num_arcs:
            np.maximum.at(maxout, g.src, lev[g.dst])
        ncopy = np.maximum(maxout - lev - 1, 0)
        cb = np.zeros(n + 1, np.int64)
        np.cumsum(ncopy, out=cb[1:])
        copy_base.append(cb)
        cnode = np.repeat(np.arange(n), ncopy)
        cstep = np.arange(len(cnode)) - cb[cnode]
        it_lvl += [lev, lev[cnode] + 1 + cstep]
        it_graph += [np.full(n + len(cnode), i)]
        it_kind += [np.zeros(n, np.int64), np.ones(len(cnode), np.int64)]
        it_node += [np.arange(n), cnode]
    cat = lambda xs: np.concatenate(xs) if xs else np.zeros(0, np.int64)
    lvl, grp, kind, node = cat(it_lvl), cat(it_graph), cat(it_kind), cat(it_node)
    K = int(lvl.max()) + 1 if len(lvl) else 0
    order = np.lexsort((node, kind, grp, lvl))
    loff = np.searchsorted(lvl[order], np.arange(K + 1))
    slot = np.empty(len(lvl), np.int64)
    slot[order] = np.arange(len(lvl)) - loff[lvl[order]]
    W = int(np.diff(loff).max()) if K else 0
    # per graph: item index of node v (real) and of its copies
    real_item, copy_item = [], []
    base = 0
    for i, g in enumerate(graphs):
        n = g.num_nodes
        real_item.append(base + np.arange(n))
        nc = int(copy_base[i][-1])
        copy_item.append(base + n + np.arange(nc))
        base += n + nc

    def slot_of(i, v, k):
        # slot holding node v of graph i at level k (k >= level[v])
        lev = levels[i]
        d = k - lev[v]
        real = slot[real_item[i][v]]
        if not len(copy_item[i]):
            return real
        ci = copy_item[i][np.clip(copy_base[i][v] + d - 1, 0, len(copy_item[i]) - 1)]
        return np.where(d == 0, real, slot[ci])

    # --- incoming entries ---------------------------------------------------
    e_lvl, e_slot, e_src, e_w, e_kind, e_id = [], [], [], [], [], []
    for i, (g, lev) in enumerate(zip(graphs, levels)):
        st = g.start
        e_lvl.append(lev[st]); e_slot.append(slot[real_item[i][st]]); e_src.append(np.full(len(st), W))
        e_w.append(sw_off[i] + np.arange(len(st)) if sw_off[i] >= 0 else np.full(len(st), ONE))
        e_kind.append(np.zeros(len(st), np.int64)); e_id.append(np.arange(len(st)))
        if g.num_arcs:
            L = lev[g.dst]
            e_lvl.append(L); e_slot.append(slot[real_item[i][g.dst]]); e_src.append(slot_of(i, g.src, L - 1))
            e_w.append(arc_off[i] + np.arange(g.num_arcs))
            e_kind.append(np.ones(g.num_arcs, np.int64)); e_id.append(np.arange(g.num_arcs))
        ci = copy_item[i]
        if len(ci):
            cn = node[ci]; cl = lvl[ci]
            e_lvl.append(cl); e_slot.append(slot[ci]); e_src.append(slot_of(i, cn, cl - 1))
            e_w.append(np.full(len(ci), ONE)); e_kind.append(np.full(len(ci), 2)); e_id.append(np.zeros(len(ci), np.int64))
    el, es, esrc, ew, ek, eid = (cat(x) for x in (e_lvl, e_slot, e_src, e_w, e_kind, e_id))
    # sort by (level, slot, kind, id); position within a slot group = column d
    o = np.lexsort((eid, ek, es, el))
    el, es, esrc, ew = el[o], es[o], esrc[o], ew[o]
    gk = el * max(W, 1) + es
    first = np.r_[True, gk[1:] != gk[:-1]] if len(gk) else np.zeros(0, bool)
    gstart = np.maximum.accumulate(np.where(first, np.arange(len(gk)), 0)) if len(gk) else gk
    d = np.arange(len(gk)) - gstart
    D = int(d.max()) + 1 if len(d) else 1
    src = np.zeros((K, W, D), _I32)
    widx = np.full((K, W, D), ONE, _I32)
    mask = np.zeros((K, W, D), bool)
    src[el, es, d] = esrc; widx[el, es, d] = ew; mask[el, es, d] = True

    # --- accept table ---------------------------------------------------------
    a_lvl, a_grp, a_slot, a_w, a_node = [], [], [], [], []
    for i, (g, lev) in enumerate(zip(graphs, levels)):
        ac = g.accept
        a_lvl.append(lev[ac]); a_grp.append(np.full(len(ac), i)); a_slot.append(slot[real_item[i][ac]])
        a_w.append(aw_off[i] + np.arange(len(ac)) if aw_off[i] >= 0 else np.full(len(ac), ONE))
        a_node.append(ac)
    al, ag, asl, aw, an = (cat(x) for x in (a_lvl, a_grp, a_slot, a_w, a_node))
    o = np.lexsort((an, ag, al))
    al, ag, asl, aw, an = al[o], ag[o], asl[o], aw[o], an[o]
    gk = al * G + ag
    first = np.r_[True, gk[1:] != gk[:-1]] if len(gk) else np.zeros(0, bool)
    gstart = np.maximum.accumulate(np.where(first, np.arange(len(gk)), 0)) if len(gk) else gk
    a = np.arange(len(gk)) - gstart
    A = int(a.max()) + 1 if len(a) else 1
    acc_slot = np.zeros((K, G, A), _I32)
    acc_widx = np.full((K, G, A), ONE, _I32)
    acc_mask = np.zeros((K, G, A), bool)
    acc_key = np.zeros((K, G, A), _I32)
    acc_slot[al, ag, a] = asl; acc_widx[al, ag, a] = aw; acc_mask[al, ag, a] = True; acc_key[al, ag, a] = an

    P = LevelPlan()
    P.jitted = {}   # jitted scans of this plan, filled by gtnlang.lower.levels
    P.K, P.W, P.D, P.G, P.A = K, W, D, G, A
    P.src, P.widx, P.mask = src, widx, mask
    P.acc_slot, P.acc_widx, P.acc_mask, P.acc_key = acc_slot, acc_widx, acc_mask, acc_key
    P.pool_parts, P.pool_size = pool_parts, pool_size
    P.node_level = cat(levels)
    P.node_slot = cat([slot[r] for r in real_item])
    P.node_offsets = np.cumsum([0] + [g.num_nodes for g in graphs])
    for k in P.__slots__:
        v = getattr(P, k)
        if isinstance(v, np.ndarray):
            v.flags.writeable = False
    return P
