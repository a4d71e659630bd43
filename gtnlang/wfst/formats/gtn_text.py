"""GTN's text format (``gtn::loadTxt`` / ``saveTxt``).

Line 1: the start nodes; line 2: the accept nodes; then one arc per line
``src dst ilabel [olabel [weight]]``.  GTN writes epsilon as ``-1`` and its
labels from 0, while here ``EPSILON = 0``: labels are shifted by
``label_offset`` (default 1) -- GTN label ``k`` is label ``k + 1`` here, GTN's
``-1`` is ``EPSILON``.  Weights are scores in both.  Start/accept weights do
not exist in GTN; writing a graph with nonzero ones raises ``ValueError``.

>>> from gtnlang.wfst.graph import from_arcs
>>> print(write_gtn_text(from_arcs([0], [1], [(0, 1, 1, 0.5)])), end="")
0
1
0 1 0 0 0.5
"""

from __future__ import annotations

from ..graph import _gname

import numpy as np

from ..graph import EPSILON, Graph


def _fmt(x):
    x = float(x)
    r = repr(x)
    return r[:-2] if r.endswith(".0") else r


def write_gtn_text(g, label_offset=1):
    for what, ws in (("start", g.start_weights), ("accept", g.accept_weights)):
        if ws is not None and np.any(np.asarray(ws, np.float64) != 0):
            raise ValueError(f"write_gtn_text: {_gname(g.name)} has {what} weights, which GTN cannot represent")
    w = g.numpy_weights()
    conv = lambda x: -1 if x == EPSILON else int(x) - label_offset
    lines = [" ".join(map(str, g.start.tolist())), " ".join(map(str, g.accept.tolist()))]
    for e in range(g.num_arcs):
        lines.append(f"{g.src[e]} {g.dst[e]} {conv(g.ilabel[e])} {conv(g.olabel[e])} {_fmt(w[e])}")
    return "\n".join(lines) + "\n"


def read_gtn_text(text, label_offset=1, name=None):
    lines = text.splitlines()
    if len(lines) < 2:
        raise ValueError("read_gtn_text: need a line of start nodes and a line of accept nodes")
    try:
        start = [int(x) for x in lines[0].split()]
        accept = [int(x) for x in lines[1].split()]
    except ValueError:
        raise ValueError("read_gtn_text: start/accept lines must be node ids") from None
    src, dst, il, ol, w = [], [], [], [], []
    conv = lambda x: EPSILON if x == -1 else x + label_offset
    for ln, line in enumerate(lines[2:], 3):
        t = line.split()
        if not t:
            continue
        if len(t) not in (3, 4, 5):
            raise ValueError(f"read_gtn_text: line {ln}: expected 3 to 5 columns, got {len(t)}")
        try:
            s, d, i = int(t[0]), int(t[1]), int(t[2])
            o = int(t[3]) if len(t) > 3 else i
            wt = float(t[4]) if len(t) > 4 else 0.0
        except ValueError:
            raise ValueError(f"read_gtn_text: line {ln}: bad arc {line!r}") from None
        if i < -1 or o < -1:
            raise ValueError(f"read_gtn_text: line {ln}: label below -1")
        src.append(s); dst.append(d); il.append(conv(i)); ol.append(conv(o)); w.append(wt)
    n = max(start + accept + src + dst, default=-1) + 1
    return Graph(n, start, accept, src, dst, il, ol, np.asarray(w, np.float64), name=name)
