"""Label and direction changes: projections, inversion, reversal.  Weights
are unchanged (the arc map is the identity, or a reordering for reverse).

>>> from gtnlang.wfst.graph import from_arcs
>>> g = from_arcs([0], [1], [(0, 1, 1, 2, 0.5)])
>>> invert(g).arcs()
[(0, 1, 2, 1, 0.5)]
"""

from __future__ import annotations

from .graph import Graph


def _relabel(g, il, ol):
    return Graph(g.num_nodes, g.start, g.accept, g.src, g.dst, il, ol, g.weights, g.start_weights,
                 g.accept_weights, g.name, _trusted=True)


def project_input(g):
    """The acceptor of input labels (output labels replaced by input)."""
    return _relabel(g, g.ilabel, g.ilabel)


def project_output(g):
    """The acceptor of output labels."""
    return _relabel(g, g.olabel, g.olabel)


def invert(g):
    """Swap input and output labels."""
    return _relabel(g, g.olabel, g.ilabel)


def reverse(g):
    """Reverse every arc and swap start and accept sets (with their weights);
    the reversed graph accepts the reversed strings with the same scores.
    Arc ``i`` of the result is arc ``i`` of the input reversed."""
    return Graph(g.num_nodes, g.accept, g.start, g.dst, g.src, g.ilabel, g.olabel, g.weights,
                 g.accept_weights, g.start_weights, g.name, _trusted=True)
