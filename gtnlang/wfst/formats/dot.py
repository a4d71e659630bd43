"""Graphviz DOT output (GTN's ``draw`` style): start nodes bold, accept
nodes double circles, arcs labelled ``in:out/weight`` (acceptors
``label/weight``), epsilon shown as ``ε``.

>>> from gtnlang.wfst.graph import from_arcs
>>> "0 -> 1" in write_dot(from_arcs([0], [1], [(0, 1, 1, 0.5)]))
True
"""

from __future__ import annotations

import numpy as np

from ..graph import EPSILON


def write_dot(g, isymbols=None, osymbols=None, name="wfst"):
    inv_i = {v: k for k, v in isymbols.items()} if isymbols else {}
    inv_o = {v: k for k, v in (osymbols or isymbols).items()} if (osymbols or isymbols) else {}

    def lab(x, inv):
        x = int(x)
        if x == EPSILON:
            return "ε"
        s = str(inv.get(x, x))
        return s.replace("\\", "\\\\").replace('"', '\\"')

    acc = set(g.accept.tolist())
    st = set(g.start.tolist())
    out = [f'digraph "{name}" {{', "  rankdir=LR;"]
    for u in range(g.num_nodes):
        attrs = ["shape=doublecircle" if u in acc else "shape=circle"]
        if u in st:
            attrs.append("style=bold")
        out.append(f"  {u} [label=\"{u}\", {', '.join(attrs)}];")
    acceptor = g.is_acceptor
    w = g.weights
    for e in range(g.num_arcs):
        l = lab(g.ilabel[e], inv_i) if acceptor else f"{lab(g.ilabel[e], inv_i)}:{lab(g.olabel[e], inv_o)}"
        if w is not None:
            x = w[e]
            x = float(x) if not (isinstance(w, np.ndarray) and w.dtype == object) else x
            l += f"/{x:g}" if isinstance(x, float) else f"/{x}"
        out.append(f'  {g.src[e]} -> {g.dst[e]} [label="{l}"];')
    out.append("}")
    return "\n".join(out) + "\n"
