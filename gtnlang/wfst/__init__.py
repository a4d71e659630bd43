"""gtnlang.wfst -- weighted finite-state acceptors and transducers.

A standalone library (numpy only at import time; JAX is used only when
weights are JAX values).  Graphs are immutable: numpy structure plus one
weight per arc in any backend (numpy, JAX, object arrays of symbolic
expressions).  Every operation computes its structure with numpy and an
:class:`ArcMap` saying how output weights are made from input weights, then
applies the map with the backend's own ops -- so JAX differentiates through
every operation.

``EPSILON = 0``: labels are non-negative integers and 0 is the empty label
(OpenFst/k2); GTN's ``-1`` is converted by the GTN text format.  Weights are
scores (larger is better); OpenFst costs are their negation.

See docs/wfst.md for the full reference.
"""

from .graph import (EPSILON, Graph, from_arcs, linear_acceptor, linear_transducer, linear_graph,
                    emissions, scalar_graph, empty_graph)
from .semiring import (Semiring, LOG, TROPICAL, REAL, BOOLEAN, get_semiring, SymbolicOps, symbolic_ops,
                       current_ops, sympy_ops)
from .arcmap import ArcMap, apply_map, pool_size
from .compose import compose, intersect, compose_map, lattice_shape
from .rational import union, concat, closure, union_map, concat_map, closure_map
from .unary import project_input, project_output, invert, reverse
from .epsilon import remove_epsilon, remove_epsilon_map
from .topology import (connect, connect_map, topological_sort, arc_sort, is_acyclic,
                       strongly_connected_components, topological_levels)
from .determinize import determinize, is_deterministic
from .minimize import minimize, push_weights
from .score import (shortest_distance, forward_score, viterbi_score, total_weight, arc_posteriors)
from .paths import enumerate_paths, viterbi_path, shortest_paths
from .formats import read_att, write_att, read_gtn_text, write_gtn_text, write_dot

__all__ = [
    "EPSILON", "Graph", "from_arcs", "linear_acceptor", "linear_transducer", "linear_graph", "emissions",
    "scalar_graph", "empty_graph",
    "Semiring", "LOG", "TROPICAL", "REAL", "BOOLEAN", "get_semiring", "SymbolicOps", "symbolic_ops",
    "current_ops", "sympy_ops",
    "ArcMap", "apply_map", "pool_size",
    "compose", "intersect", "compose_map", "lattice_shape",
    "union", "concat", "closure", "union_map", "concat_map", "closure_map",
    "project_input", "project_output", "invert", "reverse",
    "remove_epsilon", "remove_epsilon_map",
    "connect", "connect_map", "topological_sort", "arc_sort", "is_acyclic", "strongly_connected_components",
    "topological_levels",
    "determinize", "is_deterministic", "minimize", "push_weights",
    "shortest_distance", "forward_score", "viterbi_score", "total_weight", "arc_posteriors",
    "enumerate_paths", "viterbi_path", "shortest_paths",
    "read_att", "write_att", "read_gtn_text", "write_gtn_text", "write_dot",
]
