"""The language-side graph value (see docs/graphs.md).

A graph in the language is ``Opaque(GraphValue, "Graph")``: an engine
:class:`gtnlang.wfst.Graph` plus the session's :class:`Alphabet` that maps
label atoms to engine label ids.  Weights are a float64 numpy array (machine
reals), an object array of expressions (exact or symbolic), or a JAX array.

This package imports numpy (not JAX); the builtins in
``gtnlang/builtins/graphs.py`` import it lazily.
"""

from .alphabet import Alphabet, EPSILON_SYMBOL, alphabet_of
from .value import (GraphValue, GRAPH_HEAD, weight_kind, weights_from_exprs, weight_to_expr,
                    weights_to_exprs, is_graph, graph_of)
from .symbolic import expr_ops

__all__ = ["Alphabet", "EPSILON_SYMBOL", "alphabet_of", "GraphValue", "GRAPH_HEAD", "weight_kind",
           "weights_from_exprs", "weight_to_expr", "weights_to_exprs", "is_graph", "graph_of", "expr_ops"]
