"""GraphValue: the wrapped value of a graph atom, weight conversions, printing.

Weight kinds (``weight_kind``):

* ``"float"``  -- a float64 numpy array (machine reals; the numpy engine);
* ``"exact"``  -- an object array of exact numbers (Integer/Rational atoms);
* ``"symbolic"`` -- an object array of any expressions;
* ``"jax"``    -- a JAX array or tracer (inside Grad / Compile).

Object arrays always hold gtnlang expressions.
"""

from __future__ import annotations

from fractions import Fraction
import math
import numbers

import numpy as np

from gtnlang.expr import (Expression, Integer, Normal, Opaque, Rational, Real, Symbol, make_rational)

GRAPH_HEAD = "Graph"
_LIST = Symbol("List")
_RULE = Symbol("Rule")
_DI = Symbol("DirectedInfinity")
NEG_INF = Expression(_DI, Integer(-1))
POS_INF = Expression(_DI, Integer(1))
ZERO = Integer(0)


def _is_jax(w):
    return w is not None and "jax" in type(w).__module__


def _infinity_sign(e):
    if type(e) is Normal and e.head is _DI and len(e.args) == 1 and type(e.args[0]) is Integer:
        return e.args[0].value
    return 0


def _exact_number(e):
    return type(e) is Integer or type(e) is Rational


def weight_to_expr(x):
    """An expression for one weight value (numpy/Python number, Expr)."""
    if isinstance(x, (np.floating, float)):
        x = float(x)
        if math.isinf(x):
            return POS_INF if x > 0 else NEG_INF
        return Real(x)
    if isinstance(x, (bool, np.bool_)):
        return Integer(int(x))
    if isinstance(x, (int, np.integer)):
        return Integer(int(x))
    if isinstance(x, Fraction):
        return make_rational(x)
    if _is_jax(x):
        return Opaque(x, "JAXArray")
    return x


def weights_to_exprs(w):
    if w is None:
        return []
    if isinstance(w, np.ndarray) and w.dtype != object:
        return [weight_to_expr(float(x)) for x in w.tolist()]
    if _is_jax(w):
        return [weight_to_expr(x) for x in np.asarray(w, dtype=np.float64).tolist()]
    return [weight_to_expr(x) for x in w]


def _obj(seq):
    out = np.empty(len(seq), dtype=object)
    out[:] = list(seq)
    return out


def _expr_float(e):
    """float of a machine real / exact number / +-Infinity expression, or None."""
    t = type(e)
    if t is Real and e.precision is None:
        return float(e.value)
    if t is Integer or t is Rational:
        return float(e.value)
    s = _infinity_sign(e)
    if s:
        return math.inf * s
    return None


def weights_from_exprs(exprs):
    """A weight array from a list of expressions: float64 when every weight is
    a number and some is a machine real (machine numbers contaminate); else an
    object array (exact or symbolic)."""
    exprs = list(exprs)
    if any(type(e) is Opaque and e.head_name == "JAXArray" for e in exprs):
        # traced weights (inside Compile): a jax vector if every weight is numeric
        vals = [e.value if type(e) is Opaque and e.head_name == "JAXArray" else _expr_float(e) for e in exprs]
        if all(v is not None for v in vals):
            import jax.numpy as jnp
            return jnp.stack([jnp.reshape(jnp.asarray(v), ()) for v in vals])
    has_machine = False
    all_numeric = True
    for e in exprs:
        t = type(e)
        if t is Real and e.precision is None:
            has_machine = True
        elif not (t is Integer or t is Rational or _infinity_sign(e)):
            all_numeric = False
            break
    if exprs and all_numeric and has_machine:
        return np.array([_expr_float(e) for e in exprs], dtype=np.float64)
    return _obj(exprs)


def weight_kind(w):
    if w is None:
        return "none"
    if _is_jax(w):
        return "jax"
    if isinstance(w, np.ndarray) and w.dtype != object:
        return "float"
    if all(_exact_number(e) or _infinity_sign(e) for e in w):
        return "exact"
    return "symbolic"


def to_float(w):
    """float64 version of exact / float weights (None stays None)."""
    if w is None:
        return None
    if isinstance(w, np.ndarray) and w.dtype != object:
        return np.asarray(w, dtype=np.float64)
    if _is_jax(w):
        return w
    vals = [_expr_float(e) for e in w]
    if any(v is None for v in vals):
        raise TypeError("symbolic weights")
    return np.array(vals, dtype=np.float64)


def to_object(w):
    if w is None:
        return None
    if isinstance(w, np.ndarray) and w.dtype == object:
        return w
    return _obj(weights_to_exprs(w))


def to_python_numbers(w):
    """Exact object weights as Python ints/Fractions (numpy can make floats of them)."""
    if w is None or not (isinstance(w, np.ndarray) and w.dtype == object):
        return w
    out = []
    for e in w:
        if _exact_number(e):
            out.append(e.value)
        else:
            f = _expr_float(e)
            if f is None:
                raise TypeError("symbolic weights")
            out.append(f)
    return _obj(out)


def from_python_numbers(w):
    if w is None or not (isinstance(w, np.ndarray) and w.dtype == object):
        return w
    return _obj([weight_to_expr(x) for x in w])


class GraphValue:
    """An engine graph plus the alphabet its label ids belong to."""

    __slots__ = ("graph", "alphabet", "__weakref__")

    def __init__(self, graph, alphabet):
        self.graph = graph
        self.alphabet = alphabet

    # --- derived ------------------------------------------------------------
    @property
    def kind(self):
        g = self.graph
        kinds = {weight_kind(g.weights)}
        for w in (g.start_weights, g.accept_weights):
            if w is not None:
                kinds.add(weight_kind(w))
        for k in ("jax", "symbolic", "float", "exact"):
            if k in kinds:
                if k == "float" and ("symbolic" in kinds):
                    return "symbolic"
                return k
        return "exact"

    def with_graph(self, graph):
        return GraphValue(graph, self.alphabet)

    @property
    def lazy_product(self):
        """A LatticeProduct when this value is one kept lazy, else None."""
        return None

    def expr(self):
        return Opaque(self, GRAPH_HEAD)

    def label(self, i):
        return self.alphabet.atom(i)

    # --- the constructor form -----------------------------------------------
    def constructor(self):
        """``WFSA[...]`` / ``WFST[...]`` that evaluates back to this graph."""
        g = self.graph
        acc = g.is_acceptor
        w = weights_to_exprs(g.weights) if g.weights is not None else [ZERO] * g.num_arcs

        def nodes(ns, ws):
            if ws is None:
                return Normal(_LIST, tuple(Integer(int(n)) for n in ns))
            we = weights_to_exprs(ws)
            return Normal(_LIST, tuple(Normal(_RULE, (Integer(int(n)), x)) for n, x in zip(ns, we)))

        arcs = []
        src, dst, il, ol = g.src.tolist(), g.dst.tolist(), g.ilabel.tolist(), g.olabel.tolist()
        for k in range(g.num_arcs):
            items = [Integer(src[k]), Integer(dst[k]), self.label(il[k])]
            if not acc:
                items.append(self.label(ol[k]))
            items.append(w[k])
            arcs.append(Normal(_LIST, tuple(items)))
        args = [nodes(g.start, g.start_weights), nodes(g.accept, g.accept_weights), Normal(_LIST, tuple(arcs))]
        ids = src + dst + g.start.tolist() + g.accept.tolist()
        inferred = max(ids) + 1 if ids else 0
        if g.num_nodes != inferred:
            args.append(Integer(g.num_nodes))
        return Expression("WFSA" if acc else "WFST", *args)

    def summary(self):
        g = self.graph
        head = "WFSA" if g.is_acceptor else "WFST"
        nn, na = g.num_nodes, g.num_arcs
        return f"{head}[<{nn} node{'s' if nn != 1 else ''}, {na} arc{'s' if na != 1 else ''}>]"

    def __gtn_format__(self, form):
        if form == "OutputForm":
            return self.summary()
        from gtnlang.syntax.printer import format_expr
        return format_expr(self.constructor(), form)

    def __gtn_replace__(self, f):
        """``g /. rules``: a ``SetWeights[...]`` call (evaluated by the caller)
        with the rules applied to every weight; None when nothing changed."""
        g = self.graph
        if _is_jax(g.weights):
            return None
        parts = []
        changed = False
        for w in (g.weights, g.start_weights, g.accept_weights):
            if w is None:
                parts.append(None)
                continue
            old = weights_to_exprs(w)
            new = [f(x) for x in old]
            changed = changed or any(a != b for a, b in zip(old, new))
            parts.append(Normal(_LIST, tuple(new)))
        if not changed:
            return None
        args = [self.expr(), parts[0]]
        if parts[1] is not None or parts[2] is not None:
            args.append(parts[1] if parts[1] is not None else Symbol("Automatic"))
            args.append(parts[2] if parts[2] is not None else Symbol("Automatic"))
        return Expression("SetWeights", *args)

    def __gtn_to_python__(self):
        return self.graph

    # --- equality -----------------------------------------------------------
    def _labels(self, arr):
        return [self.alphabet.atom(i) for i in arr.tolist()]

    def __eq__(self, other):
        if not isinstance(other, GraphValue):
            return NotImplemented
        a, b = self.graph, other.graph
        if a is b:
            return True
        if (a.num_nodes != b.num_nodes or a.num_arcs != b.num_arcs or not np.array_equal(a.start, b.start)
                or not np.array_equal(a.accept, b.accept) or not np.array_equal(a.src, b.src)
                or not np.array_equal(a.dst, b.dst)):
            return False
        if self.alphabet is other.alphabet:
            if not (np.array_equal(a.ilabel, b.ilabel) and np.array_equal(a.olabel, b.olabel)):
                return False
        elif (self._labels(a.ilabel) != other._labels(b.ilabel)
              or self._labels(a.olabel) != other._labels(b.olabel)):
            return False
        for x, y in ((a.weights, b.weights), (a.start_weights, b.start_weights),
                     (a.accept_weights, b.accept_weights)):
            if (x is None) != (y is None):
                return False
            if x is None:
                continue
            if weight_kind(x) == "float" and weight_kind(y) == "float":
                if not np.array_equal(x, y):
                    return False
            elif weight_kind(x) == "float" or weight_kind(y) == "float":
                return False
            elif weights_to_exprs(x) != weights_to_exprs(y):
                return False
        return True

    def __hash__(self):
        g = self.graph
        return hash((g.num_nodes, g.num_arcs, tuple(g.start.tolist()), tuple(g.accept.tolist())))

    def __repr__(self):
        return f"GraphValue({self.summary()})"


def is_graph(e) -> bool:
    return type(e) is Opaque and e.head_name == GRAPH_HEAD and isinstance(e.value, GraphValue)


def graph_of(e):
    return e.value if is_graph(e) else None


class LazyProductValue(GraphValue):
    """``Intersect[Emissions[x], g]`` with JAX weights, kept lazy.

    Scores run the frame-scan kernel on the product (``gtnlang.lower``'s
    LatticeProduct) without building it; anything else that needs the graph
    materialises it on first use, so it behaves as the intersected graph.
    """

    __slots__ = ("product", "_graph")

    def __init__(self, product, alphabet):
        self.product = product
        self.alphabet = alphabet
        self._graph = None

    @property
    def graph(self):
        if self._graph is None:
            self._graph = self.product.materialize()
        return self._graph

    @property
    def kind(self):
        return "jax"

    @property
    def lazy_product(self):
        return self.product
