"""Composition and intersection with the 3-state epsilon filter.

Composing ``A`` (matched on its output labels) with ``B`` (matched on its
input labels) explores state triples ``(a, b, f)``.  The filter ``f``
(Mohri, Pereira & Riley) makes each alignment of epsilon moves count once:

* ``NONE`` (0): after a real-label match (or at the start);
* ``FIRST`` (1): ``A`` has been moving alone on output-epsilon arcs;
* ``SECOND`` (2): ``B`` has been moving alone on input-epsilon arcs.

Moves: a real label match ``x:a`` with ``a:y`` -> 0 (from any state); both
on epsilon ``x:ε`` with ``ε:y`` -> 0 (from 0 only); ``A`` alone -> 1 (from 0
or 1); ``B`` alone -> 2 (from 0 or 2).  So between two real matches the
``m`` epsilon moves of ``A`` and ``n`` of ``B`` are paired ``min(m, n)``
times first, then the rest move alone: exactly one path per alignment, and
log-semiring scores are not over-counted.

The search is breadth first over a whole frontier of triples at once.  The
labels two states share are the AND of their label sets held as 64-bit
masks (alphabets of up to 256 labels, or up to 4096 where states have at
least as many arcs as the masks have words); otherwise each arc of the side
with fewer is looked up in a dense ``(node, label)`` table (or
``searchsorted`` when the table would be too large).  Triples are hashed to
ids through an int64 key (a dense table or a sorted array), so no Python
step is taken per arc.  Without epsilons on the matched sides the filter
never leaves ``NONE`` and is not stored.  The result is trimmed; an empty
result has 0 nodes.

Composing with an emission lattice (``linear_graph``) takes a dense path
(k2's ``intersect_dense``): the product structure repeats every frame, so it
is built for all frames at once.

>>> from gtnlang.wfst.graph import linear_acceptor
>>> a = linear_acceptor([1, 2]); b = linear_acceptor([1, 2])
>>> intersect(a, b).num_arcs
2
"""

from __future__ import annotations

import numpy as np

from .arcmap import ArcMap, accept_index, apply_map, pool_size, start_index
from .graph import EPSILON, Graph
from .topology import expand_ranges, reachable

_INT = np.int64
NONE, FIRST, SECOND = 0, 1, 2

# dense tables up to this many entries; beyond, sorted-array lookups
_DENSE_LIMIT = 1 << 25
# label sets as bit masks: always up to _MASK_WORDS 64-bit words (labels below
# 256), and up to _MASK_WORDS_MAX words where the mean out-degree is at least
# the word count (an AND per word is then cheaper than a lookup per arc)
_MASK_WORDS = 4
_MASK_WORDS_MAX = 64


class _Side:
    """One operand's arcs grouped by (source node, matched label); both
    operands share the label bound ``L`` so lookups need no range check."""

    def __init__(self, g, labels, L, masks):
        self.g = g
        n = g.num_nodes
        self.n = n
        self.L = L
        key = g.src * L + labels
        perm = np.argsort(key, kind="stable")
        self.perm = perm
        self.key = key[perm]
        self.lab = labels[perm]
        self.dst = g.dst[perm]
        self.off = np.zeros(n + 1, _INT)
        np.cumsum(np.bincount(g.src, minlength=n), out=self.off[1:])
        # non-epsilon arcs of u are off[u]+neps[u] .. off[u+1] (epsilon sorts first)
        self.neps = np.bincount(g.src[labels == EPSILON], minlength=n).astype(_INT)
        self.coacc = reachable(n, g.dst, g.src, g.accept)
        self.dense = n * L <= _DENSE_LIMIT
        if self.dense:
            # toff[k] .. toff[k] + tcnt[k]: the arcs with key k = node * L + label
            counts = np.bincount(key, minlength=n * L)
            self.toff = np.zeros(n * L + 1, _INT)
            np.cumsum(counts, out=self.toff[1:])
            # most lookups miss: the counts are read for all, the offsets only
            # for hits, and a narrow table is cheaper to gather from
            self.tcnt = counts.astype(np.int32 if counts.max(initial=0) >= 2**15 else np.int16)
        self.masks = _label_masks(g.src, labels, n, L) if masks and self.dense else None

    def lookup(self, nodes, labels):
        """``(hit, lo, hi)``: the positions ``hit`` of the queries with arcs,
        and for each the range ``[lo, hi)`` (in sorted order) of the arcs
        leaving ``nodes[hit]`` with ``labels[hit]``."""
        k = nodes * self.L + labels
        if self.dense:
            cnt = self.tcnt[k]
            hit = np.flatnonzero(cnt)
            lo = self.toff[k[hit]]
            return hit, lo, lo + cnt[hit]
        lo, hi = np.searchsorted(self.key, k, "left"), np.searchsorted(self.key, k, "right")
        hit = np.flatnonzero(hi > lo)
        return hit, lo[hit], hi[hit]


def _label_masks(src, labels, n, L):
    """``masks[w, u]``: bit ``l % 64`` of word ``w = l // 64`` is set when
    node u has an arc labelled l."""
    words = (L + 63) // 64
    masks = np.zeros((words, n), np.uint64)
    bits = np.left_shift(np.uint64(1), (labels % 64).astype(np.uint64))
    for w in range(words):
        sel = labels // 64 == w
        np.bitwise_or.at(masks[w], src[sel], bits[sel])
    return masks


def _common_labels(A, B, sa, sb, eps_ok):
    """``(owner, label)``: every label on arcs leaving both ``sa[i]`` (in A)
    and ``sb[i]`` (in B), state by state in increasing label order; epsilon
    only where ``eps_ok[i]``.  An AND of the states' label sets and a few
    passes that peel off the lowest set bit: the work is proportional to the
    matches, not to the arcs tried."""
    rounds = []
    for w in range(A.masks.shape[0]):
        common = A.masks[w][sa] & B.masks[w][sb]
        if w == 0 and eps_ok is not None:
            common[~eps_ok] &= ~np.uint64(1)
        active = np.flatnonzero(common)
        m = common[active]
        while len(active):
            low = m & (~m + np.uint64(1))
            # a power of two converts to float exactly; frexp reads its exponent
            rounds.append((active, np.frexp(low.astype(np.float64))[1] + (64 * w - 1)))
            m ^= low
            more = np.flatnonzero(m)
            active, m = active[more], m[more]
    cnt = np.zeros(len(sa), _INT)
    for active, _ in rounds:
        cnt[active] += 1
    # each state's labels are written to consecutive slots, in round order
    slot = np.cumsum(cnt) - cnt
    label = np.empty(int(cnt.sum()), _INT)
    for active, lab in rounds:
        label[slot[active]] = lab
        slot[active] += 1
    return np.repeat(np.arange(len(sa), dtype=_INT), cnt), label


def _cross_ranges(lo_a, cnt_a, lo_b, cnt_b):
    """``(owner, ia, ib)``: for each i, every pair of positions in
    ``[lo_a, lo_a + cnt_a) x [lo_b, lo_b + cnt_b)``, A-major, i by i."""
    n = cnt_a * cnt_b
    multi = np.flatnonzero(n != 1)
    if not len(multi):
        return np.arange(len(n), dtype=_INT), lo_a, lo_b
    # most pairs are one arc against one: those are copied to their slots,
    # and only the rest is expanded
    slot = np.cumsum(n)
    tot = int(slot[-1])
    slot -= n
    owner, ia, ib = np.empty(tot, _INT), np.empty(tot, _INT), np.empty(tot, _INT)
    single = np.flatnonzero(n == 1)
    at = slot[single]
    owner[at], ia[at], ib[at] = single, lo_a[single], lo_b[single]
    k, j = expand_ranges(np.zeros(len(multi), _INT), n[multi])
    i = multi[k]
    at = slot[i] + j
    qa, ra = np.divmod(j, cnt_b[i])
    owner[at], ia[at], ib[at] = i, lo_a[i] + qa, lo_b[i] + ra
    return owner, ia, ib


class _StateTable:
    """Maps int64 state keys to dense ids, a whole batch at a time."""

    def __init__(self, nkeys):
        self.count = 0
        self.dense = nkeys <= _DENSE_LIMIT
        if self.dense:
            self.table = np.full(nkeys, -1, np.int32 if nkeys < 2**31 else _INT)
        else:
            self.keys = np.zeros(0, _INT)
            self.ids = np.zeros(0, _INT)

    def add(self, keys):
        """Ids of ``keys``; returns ``(ids, new_keys)`` where the distinct
        unseen keys got fresh consecutive ids (in an order fixed by the input)."""
        if self.dense:
            t = self.table
            ids = t[keys]
            miss = np.flatnonzero(ids < 0)
            if not len(miss):
                return ids.astype(_INT, copy=False), keys[:0]
            km = keys[miss]
            # claim: each unseen key is written with its position; the last
            # writer of each key wins and stands for it (no sort, no hash)
            mark = -2 - np.arange(len(km), dtype=t.dtype)
            t[km] = mark
            win = t[km] == mark
            uk = km[win]
            t[uk] = np.arange(self.count, self.count + len(uk), dtype=t.dtype)
            self.count += len(uk)
            ids[miss] = t[km]
            return ids.astype(_INT, copy=False), uk
        pos = np.searchsorted(self.keys, keys)
        pos_c = np.minimum(pos, max(len(self.keys) - 1, 0))
        found = (len(self.keys) > 0) & (self.keys[pos_c] == keys) if len(self.keys) else np.zeros(len(keys), bool)
        newk = keys[~found]
        uk = np.zeros(0, _INT)
        if len(newk):
            uk, first = np.unique(newk, return_index=True)
            uk = uk[np.argsort(first, kind="stable")]
            nid = np.arange(self.count, self.count + len(uk))
            self.count += len(uk)
            allk = np.concatenate([self.keys, uk])
            alli = np.concatenate([self.ids, nid])
            o = np.argsort(allk, kind="stable")
            self.keys, self.ids = allk[o], alli[o]
        pos = np.searchsorted(self.keys, keys)
        return self.ids[pos], uk


def _match_by_label_sets(A, B, sa, sb, eps_ok):
    """``(state, arc of A, arc of B)`` (sorted positions) of every label
    match from the states ``(sa, sb)``; see :func:`_common_labels`."""
    own, lab = _common_labels(A, B, sa, sb, eps_ok)
    ka = sa[own] * A.L + lab
    kb = sb[own] * B.L + lab
    j, pa, pb = _cross_ranges(A.toff[ka], A.tcnt[ka].astype(_INT), B.toff[kb], B.tcnt[kb].astype(_INT))
    return own[j], pa, pb


def _match_by_lookup(A, B, sa_, sb_, f):
    """As :func:`_match_by_label_sets`, for any label range: the arcs of the
    side with fewer are each looked up in the other side's table."""
    dega = A.off[sa_ + 1] - A.off[sa_]
    degb = B.off[sb_ + 1] - B.off[sb_]
    use_a = dega <= degb
    parts = []
    for side_expand, side_search, sel, swap in ((A, B, use_a, False), (B, A, ~use_a, True)):
        idx = np.flatnonzero(sel)
        if not len(idx):
            continue
        ex_nodes = (sb_ if swap else sa_)[idx]
        se_nodes = (sa_ if swap else sb_)[idx]
        lo = side_expand.off[ex_nodes]
        # epsilon arcs sort first; they join only from filter state 0
        lo = np.where(f[idx] == NONE, lo, lo + side_expand.neps[ex_nodes])
        own, pos = expand_ranges(lo, side_expand.off[ex_nodes + 1])
        if not len(own):
            continue
        lab = side_expand.lab[pos]
        hit, slo, shi = side_search.lookup(se_nodes[own], lab)
        own2, pos2 = expand_ranges(slo, shi)
        own2 = hit[own2]
        if not len(own2):
            continue
        st = idx[own[own2]]
        pe = pos[own2]
        parts.append((st, pos2, pe) if swap else (st, pe, pos2))
    return parts


def compose_map(a, b):
    """Structure of ``compose(a, b)`` and its :class:`ArcMap` over the pool
    ``[a's weights, b's weights]``."""
    if a.num_nodes == 0 or b.num_nodes == 0 or len(a.start) == 0 or len(b.start) == 0:
        return _empty_result(a, b)
    dense = _dense_compose_map(a, b)
    if dense is not None:
        return dense
    na, nb = a.num_nodes, b.num_nodes
    L = int(max(a.olabel.max(initial=0), b.ilabel.max(initial=0))) + 1
    words = (L + 63) // 64
    degree = min(a.num_arcs / na, b.num_arcs / nb)
    masks = words <= _MASK_WORDS or (words <= _MASK_WORDS_MAX and words <= degree)
    A = _Side(a, a.olabel, L, masks)
    B = _Side(b, b.ilabel, L, masks)
    # without epsilons on the matched sides the filter never leaves NONE:
    # one filter state keeps the state table three times smaller
    nf = 3 if (A.neps.any() or B.neps.any()) else 1
    nkeys = na * nb * nf
    if nkeys >= 2**62:
        raise ValueError("compose: graphs too large to index state triples in int64")
    table = _StateTable(nkeys)

    sa, sb = np.meshgrid(a.start, b.start, indexing="ij")
    _, frontier = table.add(sa.ravel() * (nb * nf) + sb.ravel() * nf)
    keys_by_id = [frontier]
    first_id = 0
    ch_src, ch_dst, ch_ea, ch_eb = [], [], [], []

    while len(frontier):
        f = frontier % nf
        ab = frontier // nf
        sa_ = ab // nb
        sb_ = ab - sa_ * nb
        # frontier keys got consecutive ids when they were first seen
        sid = np.arange(first_id, first_id + len(frontier), dtype=_INT)
        lvl_src, lvl_dst = [], []
        # --- matches on equal labels (real labels, and epsilon-epsilon from f=0)
        if A.masks is not None and B.masks is not None:
            parts = [_match_by_label_sets(A, B, sa_, sb_, f == NONE if nf > 1 else None)]
        else:
            parts = _match_by_lookup(A, B, sa_, sb_, f)
        for st, pa, pb in parts:
            da, db = A.dst[pa], B.dst[pb]
            # destinations that cannot reach an accept in either operand are dropped early
            ok = A.coacc[da] & B.coacc[db]
            if not ok.all():
                st, pa, pb, da, db = st[ok], pa[ok], pb[ok], da[ok], db[ok]
            lvl_src.append(sid[st]); lvl_dst.append((da * nb + db) * nf + NONE)
            ch_ea.append(A.perm[pa]); ch_eb.append(B.perm[pb])
        if nf > 1:
            # --- A moves alone on output-epsilon arcs (filter 0 or 1 -> 1)
            idx = np.flatnonzero((f != SECOND) & (A.neps[sa_] > 0))
            if len(idx):
                own, pos = expand_ranges(A.off[sa_[idx]], A.off[sa_[idx]] + A.neps[sa_[idx]])
                st = idx[own]
                lvl_src.append(sid[st]); lvl_dst.append((A.dst[pos] * nb + sb_[st]) * nf + FIRST)
                ch_ea.append(A.perm[pos]); ch_eb.append(np.full(len(pos), -1, _INT))
            # --- B moves alone on input-epsilon arcs (filter 0 or 2 -> 2)
            idx = np.flatnonzero((f != FIRST) & (B.neps[sb_] > 0))
            if len(idx):
                own, pos = expand_ranges(B.off[sb_[idx]], B.off[sb_[idx]] + B.neps[sb_[idx]])
                st = idx[own]
                lvl_src.append(sid[st]); lvl_dst.append((sa_[st] * nb + B.dst[pos]) * nf + SECOND)
                ch_ea.append(np.full(len(pos), -1, _INT)); ch_eb.append(B.perm[pos])
        # the next frontier: destinations never seen before
        first_id = table.count
        if lvl_dst:
            ids, frontier = table.add(np.concatenate(lvl_dst) if len(lvl_dst) > 1 else lvl_dst[0])
            ch_src.extend(lvl_src); ch_dst.append(ids); keys_by_id.append(frontier)
        else:
            frontier = frontier[:0]
    if ch_src:
        src, dst = np.concatenate(ch_src), np.concatenate(ch_dst)
        ea, eb = np.concatenate(ch_ea), np.concatenate(ch_eb)
    else:
        src = dst = ea = eb = np.zeros(0, _INT)
    # ids were handed out in order of first sight, frontier by frontier
    keys = np.concatenate(keys_by_id)
    return _finish(a, b, nf, keys, src, dst, ea, eb)


def _finish(a, b, nf, keys, src, dst, ea, eb):
    """Trim the explored product (state ``i`` has key ``keys[i]``, with
    ``nf`` filter states) and build the output structure and map."""
    nb = b.num_nodes
    nstates = len(keys)
    f_a, f_b = np.divmod(keys // nf, nb)
    # accepting triples: both components accept (any filter state)
    acc_a = np.zeros(a.num_nodes, bool); acc_a[a.accept] = True
    acc_b = np.zeros(nb, bool); acc_b[b.accept] = True
    is_acc = acc_a[f_a] & acc_b[f_b]
    acc_nodes = np.flatnonzero(is_acc)
    coacc = reachable(nstates, dst, src, acc_nodes)
    # every explored state is accessible; keep co-accessible ones
    keep = coacc
    if keep.all():
        # the common case: nothing to drop, ids stay as they are
        new_id = np.arange(nstates, dtype=_INT)
    else:
        # int32 ids: the gather through new_id is random, and a table half
        # the size stays in cache
        new_id = np.cumsum(keep, dtype=np.int32 if nstates < 2**31 else _INT)
        new_id -= 1
        ka = np.flatnonzero(keep[src] & keep[dst])
        src, dst, ea, eb = new_id[src[ka]], new_id[dst[ka]], ea[ka], eb[ka]
    il = _labels_or_eps(a.ilabel, ea)
    ol = _labels_or_eps(b.olabel, eb)
    # start triples are the first len(a.start)*len(b.start) ids (a-major)
    ns = len(a.start) * len(b.start)
    sidx = np.arange(ns)
    s_keep = keep[sidx]
    start = new_id[sidx[s_keep]]
    si_a = np.repeat(start_index(a), len(b.start))[s_keep]
    si_b = np.tile(start_index(b, pool_size(a)), len(a.start))[s_keep]
    acc_k = acc_nodes[keep[acc_nodes]]
    accept = new_id[acc_k]
    pos_a = np.searchsorted(a.accept, f_a[acc_k])
    pos_b = np.searchsorted(b.accept, f_b[acc_k])
    ai_a = accept_index(a)[pos_a]
    ai_b = accept_index(b, pool_size(a))[pos_b]
    so = np.argsort(start, kind="stable"); ao = np.argsort(accept, kind="stable")
    s = Graph(int(keep.sum()), start[so], accept[ao], src, dst, il, ol, _trusted=True)
    off_b = pool_size(a)
    m = ArcMap([pool_size(a), pool_size(b)], (ea, np.where(eb >= 0, eb + off_b, -1)),
               (si_a[so], si_b[so]) if (a.start_weights is not None or b.start_weights is not None) else None,
               (ai_a[ao], ai_b[ao]) if (a.accept_weights is not None or b.accept_weights is not None) else None)
    return s, m


def _labels_or_eps(labels, idx):
    if not len(labels):
        return np.full(len(idx), EPSILON, _INT)
    # index -1 wraps to a real label and is then overwritten
    return np.where(idx >= 0, labels.take(idx, mode="wrap"), EPSILON)


def _empty_result(a, b):
    s = Graph(0, [], [], [], [], [], None, _trusted=True)
    m = ArcMap([pool_size(a), pool_size(b)], (np.zeros(0, _INT), np.zeros(0, _INT)))
    return s, m


def compose(a, b, ops=None):
    """The composition of transducers ``a`` and ``b``: pairs ``(x, z)`` with
    ``(x, y)`` in ``a`` and ``(y, z)`` in ``b``, scores multiplied (added in
    the log semiring) and each alignment counted once (3-state epsilon
    filter).  Trimmed; works on cyclic inputs.

    >>> from gtnlang.wfst.graph import from_arcs
    >>> a = from_arcs([0], [1], [(0, 1, 1, 2, 0.5)])
    >>> b = from_arcs([0], [1], [(0, 1, 2, 3, 0.25)])
    >>> compose(a, b).arcs()
    [(0, 1, 1, 3, 0.75)]
    """
    s, m = compose_map(a, b)
    return apply_map(s, m, [a, b], ops=ops)


def intersect(a, b, ops=None):
    """The intersection of acceptors ``a`` and ``b`` (composition of
    acceptors).  Raises ``ValueError`` if either is a transducer."""
    for g, nm in ((a, "first"), (b, "second")):
        if not g.is_acceptor:
            raise ValueError(f"intersect: the {nm} graph{' ' + repr(g.name) if g.name else ''} is a transducer; use compose")
    return compose(a, b, ops=ops)


# --- dense path: an emission lattice against a graph ------------------------

def lattice_shape(g):
    """``(T, V, labels)`` if ``g`` is an emission lattice as built by
    ``linear_graph`` (arc ``t*V+v``: ``t -> t+1``, the same label row every
    frame, start 0, accept T, no start/accept weights), else ``None``."""
    def compute():
        E = g.num_arcs
        T = g.num_nodes - 1
        if T < 1 or E == 0 or E % T or g.start_weights is not None or g.accept_weights is not None:
            return None
        if len(g.start) != 1 or g.start[0] != 0 or len(g.accept) != 1 or g.accept[0] != T:
            return None
        V = E // T
        if not np.array_equal(g.ilabel, g.olabel):
            return None
        lab = g.ilabel[:V]
        if np.any(lab == EPSILON):
            return None
        if not np.array_equal(g.src, np.repeat(np.arange(T), V)) or not np.array_equal(g.dst, g.src + 1):
            return None
        if not np.array_equal(g.ilabel.reshape(T, V), np.broadcast_to(lab, (T, V))):
            return None
        return T, V, lab
    return g._cached("lattice", compute)


def _dense_compose_map(a, b):
    la = lattice_shape(a)
    lb = lattice_shape(b) if la is None else None
    if la is None and lb is None:
        return None
    lat, other, lat_first = (a, b, True) if la is not None else (b, a, False)
    T, V, lab = la if la is not None else lb
    olab = other.ilabel if lat_first else other.olabel
    if np.any(olab == EPSILON):
        return None
    # graph arcs matching some lattice column: (column v, graph arc e)
    L = int(max(lab.max(), olab.max() if len(olab) else 0)) + 1
    col_of = np.full(L, -1, _INT)
    if len(np.unique(lab)) != V:
        return None
    col_of[lab] = np.arange(V)
    ecol = col_of[olab]
    me = np.flatnonzero(ecol >= 0)
    if other.num_nodes * (T + 1) > 4 * _DENSE_LIMIT:
        return None
    n = other.num_nodes
    gs, gd, gc = other.src[me], other.dst[me], ecol[me]
    # reachable sets per frame: R[t] bool (n,), C[t] co-reachable
    R = _frame_sets(n, gs, gd, other.start, T)
    C = _frame_sets(n, gd, gs, other.accept, T)[::-1]
    alive = R & C  # (T+1, n)
    # arcs (t, e) alive at both ends
    ok = alive[:-1][:, gs] & alive[1:][:, gd]  # (T, |me|)
    t_idx, e_idx = np.nonzero(ok)
    node_id = np.full((T + 1) * n, -1, _INT)
    flat = np.flatnonzero(alive.ravel())
    node_id[flat] = np.arange(len(flat))
    src = node_id[t_idx * n + gs[e_idx]]
    dst = node_id[(t_idx + 1) * n + gd[e_idx]]
    lat_arc = t_idx * V + gc[e_idx]
    oth_arc = me[e_idx]
    st_nodes = other.start[alive[0][other.start]]
    ac_nodes = other.accept[alive[T][other.accept]]
    start = node_id[st_nodes]
    accept = node_id[T * n + ac_nodes]
    if lat_first:
        il, ol = lat.ilabel[lat_arc], other.olabel[oth_arc]
    else:
        il, ol = other.ilabel[oth_arc], lat.olabel[lat_arc]
    s = Graph(len(flat), start, accept, src, dst, il, ol, _trusted=True)
    # nodes are numbered frame by frame and every arc goes one frame on:
    # the topological levels are the frames (see topology.topological_levels)
    s._cache["toplevels"] = (np.arange(len(flat), dtype=_INT), flat // n)
    sz = [pool_size(a), pool_size(b)]
    off_o = 0 if not lat_first else pool_size(a)
    off_l = pool_size(a) if not lat_first else 0
    o_arc = oth_arc + off_o
    l_arc = lat_arc + off_l
    arcmap = (l_arc, o_arc) if lat_first else (o_arc, l_arc)
    sp = np.searchsorted(other.start, st_nodes)
    ap = np.searchsorted(other.accept, ac_nodes)
    m = ArcMap(sz, arcmap,
               start_index(other, off_o)[sp] if other.start_weights is not None else None,
               accept_index(other, off_o)[ap] if other.accept_weights is not None else None)
    if len(flat) == 0 or not len(start) or not len(accept):
        return _empty_result(a, b)
    return s, m


def _frame_sets(n, src, dst, seeds, T):
    """``R[t, q]``: q is reachable from ``seeds`` by exactly t arcs, for
    t = 0..T.  The sequence of sets is eventually periodic; it is stepped
    only until a set repeats (a property of the graph, not of T), then
    filled for all remaining frames by broadcasting."""
    R = np.zeros((T + 1, n), bool)
    cur = np.zeros(n, bool)
    cur[seeds] = True
    seen = {}
    t = 0
    R[0] = cur
    seen[cur.tobytes()] = 0
    while t < T:
        nxt = np.zeros(n, bool)
        nxt[dst[cur[src]]] = True
        t += 1
        R[t] = nxt
        key = nxt.tobytes()
        if key in seen:
            t0 = seen[key]
            period = t - t0
            rest = np.arange(t + 1, T + 1)
            if len(rest):
                R[rest] = R[t0 + (rest - t0) % period]
            break
        seen[key] = t
        cur = nxt
    return R
