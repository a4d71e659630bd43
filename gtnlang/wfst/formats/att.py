r"""OpenFst AT&T text format (``fstcompile`` / ``fstprint``).

Arc lines ``src dst ilabel olabel [cost]`` (acceptors: ``src dst label
[cost]``), final lines ``state [cost]``; the source of the first line is the
start state.  **Costs are negated scores**: reading turns cost ``c`` into
score ``-c`` and writing does the reverse.  Label 0 is epsilon in both.
Symbol tables (``{symbol: id}``) are optional; without them labels are
integers.  A graph with several start nodes or start weights is written
with a new start state and epsilon arcs carrying the start weights.

>>> from gtnlang.wfst.graph import from_arcs
>>> write_att(from_arcs([0], [1], [(0, 1, 1, 2, 0.5)])).split("\n")
['0\t1\t1\t2\t-0.5', '1', '']
"""

from __future__ import annotations

import numpy as np

from ..graph import EPSILON, Graph


def _fmt(c):
    c = float(c)
    if c == 0:
        return "0"
    if c == np.inf:
        return "Infinity"
    r = repr(c)
    return r[:-2] if r.endswith(".0") else r


def write_att(g, isymbols=None, osymbols=None, acceptor=None):
    """AT&T text of ``g`` (numeric weights; structure-only graphs get cost 0).
    ``acceptor`` defaults to ``g.is_acceptor``."""
    acceptor = g.is_acceptor if acceptor is None else acceptor
    if g.num_nodes == 0 or len(g.start) == 0:
        return ""
    inv_i = {v: k for k, v in isymbols.items()} if isymbols else None
    inv_o = {v: k for k, v in (osymbols or isymbols).items()} if (osymbols or isymbols) else None
    if acceptor and not g.is_acceptor:
        raise ValueError("write_att: acceptor=True for a transducer")
    w = g.numpy_weights()
    sw = None if g.start_weights is None else np.asarray(g.start_weights, np.float64)
    aw = None if g.accept_weights is None else np.asarray(g.accept_weights, np.float64)
    lines = []

    def lab(x, table):
        x = int(x)
        if table is None:
            return str(x)
        if x not in table:
            raise ValueError(f"write_att: label {x} is not in the symbol table")
        return table[x]

    def arc(s, d, i, o, cost):
        cols = [str(s), str(d), lab(i, inv_i)] + ([] if acceptor else [lab(o, inv_o)])
        if cost != 0:
            cols.append(_fmt(cost))
        lines.append("\t".join(cols))

    n = g.num_nodes
    single = len(g.start) == 1 and (sw is None or sw[0] == 0)
    start = int(g.start[0]) if single else n
    if not single:
        for k, s in enumerate(g.start):
            arc(n, int(s), EPSILON, EPSILON, -(0.0 if sw is None else sw[k]))
    # arcs leaving the start state first: OpenFst's start is the first line's source
    order = np.argsort(g.src != start, kind="stable")
    for e in order.tolist():
        arc(int(g.src[e]), int(g.dst[e]), g.ilabel[e], g.olabel[e], -w[e])
    fin = []
    for k, a in enumerate(g.accept.tolist()):
        c = 0.0 if aw is None else -aw[k]
        fin.append((a, f"{a}" if c == 0 else f"{a}\t{_fmt(c)}"))
    if not lines or lines[0].split("\t")[0] != str(start):
        # the start has no arcs: its final line (or a non-final one) goes first
        mine = [t for a, t in fin if a == start]
        fin = [(a, t) for a, t in fin if a != start]
        lines.insert(0, mine[0] if mine else f"{start}\tInfinity")
    fin = [t for _, t in fin]
    return "\n".join(lines + fin) + "\n"


def read_att(text, isymbols=None, osymbols=None, acceptor=False, name=None):
    """Parse AT&T text into a :class:`Graph` (scores = negated costs).  Final
    lines give accept nodes; accept weights are kept only if some is nonzero.
    ``acceptor=True`` reads 3/4-column arcs as ``src dst label [cost]``."""
    osymbols = osymbols or isymbols
    src, dst, il, ol, w = [], [], [], [], []
    finals = {}
    start = None

    def lab(tok, table, ln):
        if table is not None:
            if tok not in table:
                raise ValueError(f"read_att: line {ln}: symbol {tok!r} is not in the symbol table")
            return int(table[tok])
        try:
            return int(tok)
        except ValueError:
            raise ValueError(f"read_att: line {ln}: label {tok!r} is not an integer (pass a symbol table)") from None

    def cost(tok, ln):
        try:
            return float(tok.replace("Infinity", "inf"))
        except ValueError:
            raise ValueError(f"read_att: line {ln}: bad weight {tok!r}") from None

    for ln, line in enumerate(text.splitlines(), 1):
        t = line.split()
        if not t:
            continue
        try:
            s = int(t[0])
        except ValueError:
            raise ValueError(f"read_att: line {ln}: bad state {t[0]!r}") from None
        if start is None:
            start = s
        k = len(t)
        if k <= 2:
            finals[s] = cost(t[1], ln) if k == 2 else 0.0
            continue
        arc_cols = 3 if acceptor else 4
        if k not in (arc_cols, arc_cols + 1):
            raise ValueError(f"read_att: line {ln}: expected {arc_cols} or {arc_cols + 1} columns, got {k}")
        src.append(s); dst.append(int(t[1]))
        i = lab(t[2], isymbols, ln)
        o = i if acceptor else lab(t[3], osymbols, ln)
        il.append(i); ol.append(o)
        w.append(-cost(t[arc_cols], ln) if k == arc_cols + 1 else 0.0)
    if start is None:
        return Graph(0, [], [], [], [], [], None, np.zeros(0), name=name)
    finals = {s: c for s, c in finals.items() if c != np.inf}
    n = max([start] + src + dst + list(finals)) + 1
    acc = sorted(finals)
    aw = np.array([-finals[a] for a in acc]) if any(finals[a] != 0 for a in acc) else None
    return Graph(n, [start], acc, src, dst, il, ol, np.asarray(w, np.float64), None, aw, name=name)
