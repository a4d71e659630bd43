"""Graphs as values of the language: WFST/WFSA constructors, the engine's
operations under DESIGN.md's names, inspection, scores, Grad.

A graph is the atom ``Opaque(GraphValue, "Graph")`` (``Head[g]`` is
``Graph``); it prints as ``WFSA[<3 nodes, 3 arcs>]`` and its InputForm is the
constructor.  numpy and the engine are imported on first use (start-up stays
light); JAX only inside Grad or for JAX-weighted graphs.  See docs/graphs.md.
"""

from __future__ import annotations

import contextvars
import itertools

from gtnlang.core.builtin import builtin, define, up_builtin
from gtnlang.expr import (FALSE, TRUE, Expression, Integer, Normal, Opaque, String, Symbol, from_bool)

_LIST = Symbol("List")
_RULE = Symbol("Rule")
_AUTOMATIC = Symbol("Automatic")
_FAILED = Symbol("$Failed")

#: graphs substituted while Grad evaluates its expression: [(GraphValue, GraphValue)]
_GRAD_SUBST: contextvars.ContextVar = contextvars.ContextVar("gtnlang_graph_grad", default=())
_fresh = itertools.count(1)

_MSG = {
    "graph": "`1` at position `2` in `3` is not a graph.",
    "fail": "`1`",
    "numeric": "`1` needs numeric weights; `2` has symbolic weights (use N or /. first).",
    "cyclic": "`1` is cyclic; `2` needs an acyclic graph for symbolic weights.",
    "mix": "Symbolic weights and JAX weights cannot be combined in `1`.",
}


def _G():
    import gtnlang.graphs as G
    return G


def _W():
    import gtnlang.wfst as W
    return W


class _Fail(Exception):
    """A message has been emitted; the call stays unevaluated."""


def _lst(items):
    return Normal(_LIST, tuple(items))


def unwrap(e):
    """The GraphValue of a graph atom (with Grad's substitution), or None."""
    if type(e) is not Opaque or e.head_name != "Graph":
        return None
    gv = e.value
    subst = _GRAD_SUBST.get()
    if subst:
        for old, new in subst:
            if gv is old:
                return new
        for old, new in subst:
            if gv == old:
                return new
    return gv


def _arg(ev, name, expr, pos):
    gv = unwrap(expr.args[pos - 1]) if len(expr.args) >= pos else None
    if gv is None:
        ev.message(name, "graph", expr.args[pos - 1] if len(expr.args) >= pos else Symbol("Null"),
                   Integer(pos), expr)
        raise _Fail
    return gv


def _engine(ev, name, fn, *args, **kw):
    """Run an engine call with gtnlang SymbolicOps; ValueErrors become messages."""
    W = _W()
    try:
        with W.symbolic_ops(_G().expr_ops(ev)):
            return fn(*args, **kw)
    except _Fail:
        raise
    except (ValueError, TypeError, ZeroDivisionError, IndexError, OverflowError) as exc:
        ev.message(name, "fail", String(str(exc)))
        raise _Fail from None


def _guard(fn):
    def run(ev, expr):
        try:
            return fn(ev, expr)
        except _Fail:
            return None
    run.__name__ = fn.__name__
    run.__doc__ = fn.__doc__
    return run


def graph_builtin(nargs=None, usage="", messages=None, attributes=("Protected",), options=()):
    def deco(fn):
        return builtin(fn.__name__, nargs=nargs, usage=usage, messages={**_MSG, **(messages or {})},
                       attributes=attributes, options=options)(_guard(fn))
    return deco


# --- weights: kinds and conversions ------------------------------------------

def _map_weights(gv, fn):
    g = gv.graph
    sw = None if g.start_weights is None else fn(g.start_weights)
    aw = None if g.accept_weights is None else fn(g.accept_weights)
    return gv.with_graph(g.with_weights(fn(g.weights), sw, aw))


def _relabel(gv, alphabet):
    """The same graph with labels re-numbered in another session's alphabet."""
    if gv.alphabet is alphabet:
        return gv
    import numpy as np
    g = gv.graph
    il = np.array([alphabet.id(gv.alphabet.atom(i)) for i in g.ilabel.tolist()], dtype=np.int64)
    ol = np.array([alphabet.id(gv.alphabet.atom(i)) for i in g.olabel.tolist()], dtype=np.int64)
    W = _W()
    return _G().GraphValue(W.Graph(g.num_nodes, g.start, g.accept, g.src, g.dst, il, ol, g.weights,
                                   g.start_weights, g.accept_weights), alphabet)


def _unify(ev, name, gvs, expr):
    """Bring graphs to one alphabet and one weight backend."""
    from gtnlang.graphs import value as V
    alphabet = gvs[0].alphabet
    gvs = [_relabel(gv, alphabet) for gv in gvs]
    kinds = {gv.kind for gv in gvs}
    if "jax" in kinds:
        if "symbolic" in kinds:
            ev.message(name, "mix", expr)
            raise _Fail
        return [gv if gv.kind == "jax" else _map_weights(gv, V.to_float) for gv in gvs]
    if "symbolic" in kinds:
        return [_map_weights(gv, V.to_object) for gv in gvs]
    if "float" in kinds:
        return [_map_weights(gv, V.to_float) for gv in gvs]
    return [_map_weights(gv, V.to_object) for gv in gvs]


def _numeric(ev, name, gv, expr):
    """float64 weights for operations that need numbers (exact numbers convert)."""
    from gtnlang.graphs import value as V
    k = gv.kind
    if k in ("float", "jax"):
        return gv
    if k == "exact":
        return _map_weights(gv, V.to_float)
    ev.message(name, "numeric", Symbol(name), expr)
    raise _Fail


def _numeric_or_symbolic(ev, name, gv, expr):
    """Symbolic weights as they are (the engine maps them exactly in the log
    semiring, and says why it cannot in the tropical one); numbers as floats."""
    return gv if gv.kind == "symbolic" else _numeric(ev, name, gv, expr)


def _result(gv, graph):
    return gv.with_graph(graph).expr()


def _score_expr(x):
    from gtnlang.graphs import value as V
    import numpy as np
    if isinstance(x, np.ndarray) and x.dtype != object and x.shape == ():
        x = float(x)
    return V.weight_to_expr(x)


# --- constructors ------------------------------------------------------------

_CTOR_MSG = {
    "node": "`1` in `2` is not a valid node: nodes are non-negative integers below the node count `3`.",
    "label": "Label `1` in arc `2` is not an atom (an integer, string or symbol).",
    "arc": "Arc `1` should have the form `2`.",
    "list": "`1` should be a list at position `2` in `3`.",
}


def _int_node(ev, name, x, where, n):
    if type(x) is not Integer or x.value < 0 or (n is not None and x.value >= n):
        ev.message(name, "node", x, where, Integer(n) if n is not None else Symbol("Automatic"))
        raise _Fail
    return x.value


def _node_set(ev, name, spec, n, pos, expr):
    if not spec.has_head("List"):
        ev.message(name, "list", spec, Integer(pos), expr)
        raise _Fail
    nodes, weights = [], []
    has_w = False
    for x in spec.args:
        if x.has_head("Rule") and len(x.args) == 2:
            nodes.append(_int_node(ev, name, x.args[0], spec, n))
            weights.append(x.args[1])
            has_w = True
        else:
            nodes.append(_int_node(ev, name, x, spec, n))
            weights.append(Integer(0))
    return nodes, (weights if has_w else None)


def make_graph(ev, name, starts, accepts, arcs, num_nodes, acceptor):
    """Build a GraphValue from atoms; emits `name`::... messages."""
    G = _G()
    W = _W()
    alphabet = G.alphabet_of(ev)
    src, dst, il, ol, ws = [], [], [], [], []
    for k, arc in enumerate(arcs):
        a = arc.args if arc.has_head("List") else None
        ok = a is not None and (len(a) in (3, 4) if acceptor else len(a) in (4, 5))
        if not ok:
            ev.message(name, "arc", arc, String("{src, dst, label, weight}" if acceptor
                                                 else "{src, dst, in, out, weight}"))
            raise _Fail
        s = _int_node(ev, name, a[0], arc, num_nodes)
        d = _int_node(ev, name, a[1], arc, num_nodes)
        labs = [a[2]] if acceptor else [a[2], a[3]]
        for lab in labs:
            if not G.Alphabet.valid(lab):
                ev.message(name, "label", lab, arc)
                raise _Fail
        i = alphabet.id(labs[0])
        o = alphabet.id(labs[-1])
        nl = 3 if acceptor else 4
        src.append(s); dst.append(d); il.append(i); ol.append(o)
        ws.append(a[nl] if len(a) > nl else Integer(0))
    st, sw = starts
    ac, aw = accepts
    allw = ws + (sw or []) + (aw or [])
    w = G.weights_from_exprs(allw)
    E = len(ws)
    arc_w, rest = w[:E], w[E:]
    sww = rest[:len(st)] if sw is not None else None
    aww = rest[len(sw or []):] if aw is not None else None
    if num_nodes is None:
        ids = src + dst + st + ac
        num_nodes = max(ids) + 1 if ids else 0
    if sww is not None and len(set(st)) != len(st):
        ev.message(name, "fail", String("start nodes repeat while start weights are given"))
        raise _Fail
    try:
        g = W.Graph(num_nodes, st, ac, src, dst, il, ol, arc_w, sww, aww)
    except ValueError as exc:
        ev.message(name, "fail", String(str(exc)))
        raise _Fail from None
    return G.GraphValue(g, alphabet)


def _ctor(ev, expr, name, acceptor):
    args = expr.args
    n = None
    if len(args) == 4:
        if type(args[3]) is not Integer or args[3].value < 0:
            ev.message(name, "node", args[3], expr, Symbol("Automatic"))
            raise _Fail
        n = args[3].value
    if not args[2].has_head("List"):
        ev.message(name, "list", args[2], Integer(3), expr)
        raise _Fail
    starts = _node_set(ev, name, args[0], n, 1, expr)
    accepts = _node_set(ev, name, args[1], n, 2, expr)
    return make_graph(ev, name, starts, accepts, args[2].args, n, acceptor).expr()


@graph_builtin(nargs=(3, 4), messages=_CTOR_MSG,
               usage="WFST[{starts}, {accepts}, {{src, dst, in, out, w}, ...}] is a weighted finite-state transducer "
                     "with 0-based nodes; an arc {src, dst, in, out} has weight 0.\n"
                     "WFST[starts, accepts, arcs, n] gives the graph n nodes.\n"
                     "A start or accept node may be given a weight as node -> w.")
def WFST(ev, expr):
    return _ctor(ev, expr, "WFST", False)


@graph_builtin(nargs=(3, 4), messages=_CTOR_MSG,
               usage="WFSA[{starts}, {accepts}, {{src, dst, label, w}, ...}] is a weighted finite-state acceptor "
                     "with 0-based nodes; an arc {src, dst, label} has weight 0.\n"
                     "WFSA[starts, accepts, arcs, n] gives the graph n nodes.")
def WFSA(ev, expr):
    return _ctor(ev, expr, "WFSA", True)


def _sequence(ev, name, x, expr):
    if type(x) is String:
        return [String(c) for c in x.value]
    if x.has_head("List") and all(_G().Alphabet.valid(a) for a in x.args):
        return list(x.args)
    ev.message(name, "seq", x, expr)
    raise _Fail


_SEQ_MSG = {"seq": "`1` in `2` is not a string or a list of atoms."}


@graph_builtin(nargs=1, messages=_SEQ_MSG,
               usage="Acceptor[{a, b, ...}] is the linear acceptor of that sequence of labels.\n"
                     "Acceptor[\"abc\"] is the acceptor of the characters of a string. Acceptor[{}] accepts only the "
                     "empty string.")
def Acceptor(ev, expr):
    G, W = _G(), _W()
    labels = _sequence(ev, "Acceptor", expr.args[0], expr)
    alphabet = G.alphabet_of(ev)
    g = W.linear_acceptor(alphabet.ids(labels), G.weights_from_exprs([Integer(0)] * len(labels)))
    return G.GraphValue(g, alphabet).expr()


@graph_builtin(nargs=1, messages={**_SEQ_MSG, "rule": "Transducer expects in -> out, not `1`."},
               usage="Transducer[\"abc\" -> \"xy\"] is the cross-product transducer of two sequences (strings or lists), "
                     "the shorter one padded with Epsilon (pynini's cross).")
def Transducer(ev, expr):
    G, W = _G(), _W()
    r = expr.args[0]
    if not (r.has_head("Rule") and len(r.args) == 2):
        ev.message("Transducer", "rule", r)
        return None
    a = _sequence(ev, "Transducer", r.args[0], expr)
    b = _sequence(ev, "Transducer", r.args[1], expr)
    alphabet = G.alphabet_of(ev)
    g = W.linear_transducer(alphabet.ids(a), alphabet.ids(b))
    g = g.with_weights(G.weights_from_exprs([Integer(0)] * g.num_arcs))
    return G.GraphValue(g, alphabet).expr()


@graph_builtin(nargs=(1, 2), messages={"array": "`1` is not a T x V matrix of scores.",
                                       "alpha": "The alphabet `1` should be a list of `2` atoms."},
               usage="Emissions[array] is the T x V emission lattice of a matrix of scores: nodes 0..T, arc t*V + v "
                     "from t to t+1 with label v (0..V-1) and weight array[[t+1, v+1]].\n"
                     "Emissions[array, alphabet] labels column v with the v-th atom of alphabet (a list or a string).")
def Emissions(ev, expr):
    G, W = _G(), _W()
    import numpy as np
    x = expr.args[0]
    if type(x) is Opaque and x.head_name == "JAXArray" and len(getattr(x.value, "shape", ())) == 2:
        scores = x.value
        T, V = scores.shape
    else:
        rows = x.args if x.has_head("List") else None
        if not rows or not all(r.has_head("List") for r in rows) or len({len(r.args) for r in rows}) != 1:
            ev.message("Emissions", "array", x)
            return None
        T, V = len(rows), len(rows[0].args)
        flat = G.weights_from_exprs([e for r in rows for e in r.args])
        scores = flat.reshape(T, V)
    alphabet = G.alphabet_of(ev)
    if len(expr.args) == 2:
        a = expr.args[1]
        atoms = [String(c) for c in a.value] if type(a) is String else (list(a.args) if a.has_head("List") else None)
        if atoms is None or len(atoms) != V or not all(G.Alphabet.valid(t) for t in atoms):
            ev.message("Emissions", "alpha", a, Integer(V))
            return None
    else:
        atoms = [Integer(v) for v in range(V)]
    labels = np.array(alphabet.ids(atoms), dtype=np.int64)
    g = _engine(ev, "Emissions", W.emissions, scores, labels)
    g._cache[_BUILT_BY_EMISSIONS] = True
    if type(x) is Opaque:
        from gtnlang.builtins.jax_values import derive_row
        derive_row(g.weights, scores)
    return G.GraphValue(g, alphabet).expr()


define("Epsilon", usage="Epsilon is the empty label of a graph (engine label 0).")
define("Graph", usage="Graph is the head of a weighted finite-state graph (a WFSA or WFST value).")


# --- operations -------------------------------------------------------------

def _nary(ev, expr, name, fn):
    if not expr.args:
        return None
    gvs = [_arg(ev, name, expr, i + 1) for i in range(len(expr.args))]
    gvs = _unify(ev, name, gvs, expr)
    if len(gvs) == 1:
        return gvs[0].expr()
    return _result(gvs[0], _engine(ev, name, fn, [gv.graph for gv in gvs]))


def _fold(fn):
    def run(graphs):
        acc = graphs[0]
        for g in graphs[1:]:
            acc = fn(acc, g)
        return acc
    return run


@graph_builtin(nargs=(1, None),
               usage="Compose[g1, g2] is the composition of two transducers: it maps x to z with the score of "
                     "x -> y in g1 plus y -> z in g2 (GTN's epsilon handling). Compose[g1, g2, g3, ...] composes "
                     "left to right.")
def Compose(ev, expr):
    return _nary(ev, expr, "Compose", _fold(_W().compose))


#: key in an engine graph's cache: the graph was made by Emissions (an emission lattice by intent,
#: not only by shape: Acceptor[{0, 0}] has the shape of a one-column lattice)
_BUILT_BY_EMISSIONS = "gtnlang.built_by_emissions"


def _check_emission_labels(ev, expr):
    """Intersect[Emissions[x], g]: warn about integer labels of g outside the columns 0..V-1."""
    gvs = [unwrap(a) for a in expr.args]
    if len(gvs) != 2 or any(gv is None for gv in gvs):
        return
    from gtnlang.wfst.compose import lattice_shape
    for i in (0, 1):
        g = gvs[i].graph
        if not g._cache.get(_BUILT_BY_EMISSIONS):
            continue
        ls = lattice_shape(g) if g.num_nodes else None
        if ls is None:
            continue
        T, V, lab = ls
        if [gvs[i].label(int(k)) for k in lab] != [Integer(v) for v in range(V)]:
            continue
        other = gvs[1 - i]
        for k in sorted(set(other.graph.ilabel.tolist())):
            atom = other.label(int(k))
            if type(atom) is Integer and not 0 <= atom.value < V:
                ev.message("Intersect", "label", atom, Integer(V), Integer(V - 1))
                return
        return


@graph_builtin(nargs=(1, None),
               messages={"label": "Label `1` is not in the emission alphabet: Emissions has `2` columns, labels "
                                  "0..`3`."},
               usage="Intersect[g1, g2, ...] is the intersection of acceptors (composition on labels).")
def Intersect(ev, expr):
    _check_emission_labels(ev, expr)
    lazy = _lazy_lattice_product(expr)
    if lazy is not None:
        return lazy
    return _nary(ev, expr, "Intersect", _fold(_W().intersect))


def _lazy_lattice_product(expr):
    """An emission lattice with JAX weights intersected with a small acceptor:
    kept lazy, so ForwardScore/ViterbiScore scan the frames instead of building
    the T x |g| product (k2's dense intersection)."""
    if len(expr.args) != 2:
        return None
    gvs = [unwrap(a) for a in expr.args]
    if any(gv is None for gv in gvs) or gvs[0].alphabet is not gvs[1].alphabet:
        return None
    from gtnlang.graphs import value as V
    W = _W()
    for i, gv in enumerate(gvs):
        if gv.lazy_product is not None or gv.kind != "jax":
            continue
        shape = W.lattice_shape(gv.graph)
        other = gvs[1 - i]
        if shape is None or other.lazy_product is not None or not other.graph.is_acceptor:
            continue
        kind = other.kind
        if kind == "symbolic":
            return None
        small = other.graph if kind in ("jax", "float") else _map_weights(other, V.to_float).graph
        kern = _kernels()
        if kern is None:
            return None
        T, V_, labels = shape
        from gtnlang.builtins.jax_values import derive_row
        emissions = gv.graph.weights.reshape(T, V_)
        derive_row(emissions, gv.graph.weights)
        product = kern.LatticeProduct(emissions, small, labels=labels, lattice_first=(i == 0))
        return V.LazyProductValue(product, gv.alphabet).expr()
    return None


@graph_builtin(nargs=(1, None),
               usage="Concat[g1, g2, ...] is the concatenation of graphs: a path of g1 followed by a path of g2 ...")
def Concat(ev, expr):
    return _nary(ev, expr, "Concat", lambda gs: _W().concat(*gs))


def _unary(ev, expr, name, fn):
    gv = _arg(ev, name, expr, 1)
    return _result(gv, _engine(ev, name, fn, gv.graph))


@graph_builtin(nargs=1, usage="Closure[g] is the Kleene closure of g: zero or more repetitions of its paths.")
def Closure(ev, expr):
    return _unary(ev, expr, "Closure", _W().closure)


@graph_builtin(nargs=1, usage="ProjectInput[g] is the acceptor of the input labels of g.")
def ProjectInput(ev, expr):
    return _unary(ev, expr, "ProjectInput", _W().project_input)


@graph_builtin(nargs=1, usage="ProjectOutput[g] is the acceptor of the output labels of g.")
def ProjectOutput(ev, expr):
    return _unary(ev, expr, "ProjectOutput", _W().project_output)


@graph_builtin(nargs=1, usage="Invert[g] swaps the input and output labels of every arc of g.")
def Invert(ev, expr):
    return _unary(ev, expr, "Invert", _W().invert)


@graph_builtin(nargs=1, usage="RemoveEpsilon[g] is an equivalent graph without arcs labelled Epsilon:Epsilon "
                              "(log semiring; exact for symbolic weights).")
def RemoveEpsilon(ev, expr):
    return _unary(ev, expr, "RemoveEpsilon", _W().remove_epsilon)


@graph_builtin(nargs=1, usage="Connect[g] removes the nodes and arcs of g that lie on no path from a start node "
                              "to an accept node.")
def Connect(ev, expr):
    return _unary(ev, expr, "Connect", _W().connect)


def _semiring_arg(ev, name, expr):
    if len(expr.args) < 2:
        return "log"
    s = expr.args[1]
    v = s.value.lower() if type(s) is String else (s.name.lower() if type(s) is Symbol else None)
    if v in ("log", "tropical"):
        return v
    ev.message(name, "semiring", s)
    raise _Fail


_SR_MSG = {"semiring": "Semiring `1` should be \"Log\" or \"Tropical\"."}


@graph_builtin(nargs=(1, 2), messages=_SR_MSG,
               usage="Determinize[g] is a deterministic acceptor with the same weighted language (log semiring).\n"
                     "Determinize[g, \"Tropical\"] keeps the best score of each string.")
def Determinize(ev, expr):
    gv = _numeric_or_symbolic(ev, "Determinize", _arg(ev, "Determinize", expr, 1), expr)
    sr = _semiring_arg(ev, "Determinize", expr)
    return _result(gv, _engine(ev, "Determinize", _W().determinize, gv.graph, sr))


@graph_builtin(nargs=(1, 2), messages=_SR_MSG,
               usage="Minimize[g] is the minimal deterministic acceptor with the same weighted language (log semiring).\n"
                     "Minimize[g, \"Tropical\"] uses the max-plus semiring.")
def Minimize(ev, expr):
    gv = _numeric_or_symbolic(ev, "Minimize", _arg(ev, "Minimize", expr, 1), expr)
    sr = _semiring_arg(ev, "Minimize", expr)
    return _result(gv, _engine(ev, "Minimize", _W().minimize, gv.graph, sr))


# Union and Reverse belong to lists too: graphs get them as up values.

def _graph_union(ev, expr):
    gvs = [unwrap(a) for a in expr.args]
    if not any(gv is not None for gv in gvs):
        return None
    return _nary(ev, expr, "Union", lambda gs: _W().union(*gs))


def _graph_reverse(ev, expr):
    if len(expr.args) != 1:
        return None
    return _unary(ev, expr, "Reverse", _W().reverse)


_WEIGHT_MAPS = frozenset({"N", "D", "Simplify", "FullSimplify", "Expand", "Together", "Factor", "Chop",
                          "Re", "Im", "Abs", "Apart", "Cancel", "ExpandAll", "PowerExpand", "Rationalize"})


def _map_weight_call(ev, expr):
    """N[g], D[g, x], Simplify[g], ...: the graph with the call applied to each weight."""
    gv = unwrap(expr.args[0])
    if gv is None or gv.kind == "jax":
        return None
    head = expr.head
    if head.name == "N" and gv.kind == "float" and len(expr.args) == 1:
        return expr.args[0]
    rest = expr.args[1:]
    g = gv.graph
    from gtnlang.graphs import value as V
    parts = []
    for w in (g.weights, g.start_weights, g.accept_weights):
        if w is None:
            parts.append(_AUTOMATIC)
        else:
            parts.append(_lst(Normal(head, (x,) + rest) for x in V.weights_to_exprs(w)))
    return Expression("SetWeights", gv.expr(), *parts)


@up_builtin("Graph")
def _graph_up(ev, expr):
    head = expr.head
    if type(head) is not Symbol:
        return None
    name = head.name
    try:
        if name == "Union":
            return _graph_union(ev, expr)
        if name == "Reverse":
            return _graph_reverse(ev, expr)
        if name in _WEIGHT_MAPS and expr.args and unwrap(expr.args[0]) is not None:
            return _map_weight_call(ev, expr)
    except _Fail:
        return None
    return None


# --- scores -----------------------------------------------------------------

def _kernels():
    try:
        from gtnlang.lower import kernels
    except ImportError:
        return None
    return kernels


def _score_list(ev, expr, name, which):
    """ForwardScore[{g1, g2, ...}]: JAX-weighted graphs in one batched program."""
    gvs = [unwrap(a) for a in expr.args[0].args]
    if not gvs or any(gv is None for gv in gvs):
        return None
    if not any(gv.kind == "jax" for gv in gvs):
        return _lst(Expression(name, a) for a in expr.args[0].args)
    from gtnlang.graphs import value as V
    kern = _kernels()
    batched = _lazy_batch(kern, gvs, which)
    if batched is None:
        batched = _lattice_scores_jax(gvs, which)
    if batched is not None:
        return Opaque(batched, "JAXArray")
    for gv in gvs:
        if gv.kind == "symbolic":
            ev.message(name, "mix", expr)
            raise _Fail
    graphs = [gv.graph if gv.kind == "jax" else _map_weights(gv, V.to_float).graph for gv in gvs]
    fn = kern.forward_score_batch if which == "forward_score" else kern.viterbi_score_batch
    return Opaque(_engine(ev, name, fn, graphs), "JAXArray")


def _lattice_scores_jax(gvs, which):
    """Scores of plain emission lattices with JAX weights: a log-sum-exp (or
    max) per frame, summed -- no scan needed.  None unless every graph is one."""
    W = _W()
    shapes = [W.lattice_shape(gv.graph) if gv.kind == "jax" and gv.lazy_product is None else None
              for gv in gvs]
    if any(shape is None for shape in shapes):
        return None
    import jax.numpy as jnp
    from jax.scipy.special import logsumexp
    from gtnlang.builtins.jax_values import stack_rows
    reduce = logsumexp if which == "forward_score" else jnp.max
    if len({shape[:2] for shape in shapes}) == 1:      # one shape: one vectorised reduction
        T, V, _ = shapes[0]
        x = stack_rows([gv.graph.weights for gv in gvs]).reshape(len(gvs), T, V)
        return jnp.sum(reduce(x, axis=2), axis=1)
    return jnp.stack([jnp.sum(reduce(gv.graph.weights.reshape(T, V), axis=1)) for gv, (T, V, _) in zip(gvs, shapes)])


def _lazy_batch(kern, gvs, which):
    """Scores of lazy lattice products with one emission shape: one batched frame scan."""
    products = [gv.lazy_product for gv in gvs]
    if any(p is None for p in products):
        return None
    import numpy as np
    first = products[0]
    if any(np.shape(p.emissions) != np.shape(first.emissions) or not np.array_equal(p.labels, first.labels)
           for p in products):
        return None
    from gtnlang.builtins.jax_values import stack_rows
    stacked = stack_rows([p.emissions for p in products])
    semiring = "log" if which == "forward_score" else "tropical"
    return kern.intersect_lattice_score(stacked, [p.graph for p in products], semiring, labels=first.labels)


def _score(ev, expr, name, which):
    W = _W()
    if expr.args[0].has_head("List"):
        return _score_list(ev, expr, name, which)
    gv = _arg(ev, name, expr, 1)
    if gv.lazy_product is not None:
        return _score_expr(_engine(ev, name, getattr(gv.lazy_product, which)))
    lattice = _lattice_scores_jax([gv], which)
    if lattice is not None:
        return _score_expr(lattice[0])
    k = gv.kind
    g = gv.graph
    if k == "symbolic" and not W.is_acyclic(g):
        ev.message(name, "cyclic", expr, Symbol(name))
        raise _Fail
    if k == "exact" and not W.is_acyclic(g):
        gv = _numeric(ev, name, gv, expr)
        g = gv.graph
    if k == "jax":
        kern = _kernels()
        fn = getattr(kern, which, None) if kern is not None else None
        if fn is not None:
            return _score_expr(_engine(ev, name, fn, g))
    fn = W.forward_score if which == "forward_score" else W.viterbi_score
    return _score_expr(_engine(ev, name, fn, g))


@graph_builtin(nargs=1,
               usage="ForwardScore[g] is the log-sum-exp over the accepting paths of g of the path scores (the sum "
                     "of its arc weights): exact for symbolic weights, -Infinity when g accepts nothing.")
def ForwardScore(ev, expr):
    return _score(ev, expr, "ForwardScore", "forward_score")


@graph_builtin(nargs=1,
               usage="ViterbiScore[g] is the best (largest) path score of g (max-plus), -Infinity when g accepts "
                     "nothing.")
def ViterbiScore(ev, expr):
    return _score(ev, expr, "ViterbiScore", "viterbi_score")


def _path_op(ev, expr, name, fn, *extra):
    from gtnlang.graphs import value as V
    gv = _arg(ev, name, expr, 1)
    k = gv.kind
    if k == "symbolic":
        ev.message(name, "numeric", Symbol(name), expr.args[0])
        raise _Fail
    if k == "exact":
        conv = _map_weights(gv, V.to_python_numbers)
        out = _engine(ev, name, fn, conv.graph, *extra)
        return _map_weights(gv.with_graph(out), V.from_python_numbers).expr()
    return _result(gv, _engine(ev, name, fn, gv.graph, *extra))


@graph_builtin(nargs=1, usage="ViterbiPath[g] is the best accepting path of g as a linear graph whose weights "
                              "are those of its arcs in g.")
def ViterbiPath(ev, expr):
    return _path_op(ev, expr, "ViterbiPath", _W().viterbi_path)


@graph_builtin(nargs=2, messages={"intnn": "Non-negative integer expected at position 2 in `1`."},
               usage="ShortestPaths[g, n] is the union of the n best accepting paths of g (max-plus), best first.")
def ShortestPaths(ev, expr):
    n = expr.args[1]
    if type(n) is not Integer or n.value < 0:
        ev.message("ShortestPaths", "intnn", expr)
        return None
    return _path_op(ev, expr, "ShortestPaths", _W().shortest_paths, n.value)


# --- inspection ---------------------------------------------------------------

@graph_builtin(nargs=1, usage="Arcs[g] gives the arcs of g as {src, dst, label, w} (acceptors) or "
                              "{src, dst, in, out, w} (transducers), in arc order.")
def Arcs(ev, expr):
    gv = _arg(ev, "Arcs", expr, 1)
    return gv.constructor().args[2]


def _weights_expr(w):
    from gtnlang.graphs import value as V
    if V._is_jax(w):
        return Opaque(w, "JAXArray")
    return _lst(V.weights_to_exprs(w))


@graph_builtin(nargs=1, usage="Weights[g] gives the arc weights of g in arc order.")
def Weights(ev, expr):
    gv = _arg(ev, "Weights", expr, 1)
    return _weights_expr(gv.graph.weights)


@graph_builtin(nargs=(2, 4), messages={"len": "`1` has `2` weights; `3` are needed."},
               usage="SetWeights[g, {w1, w2, ...}] gives g with new arc weights (in arc order).\n"
                     "SetWeights[g, w, sw, aw] also sets the start and accept weights (Automatic keeps them).")
def SetWeights(ev, expr):
    from gtnlang.graphs import value as V
    import numpy as np
    gv = _arg(ev, "SetWeights", expr, 1)
    g = gv.graph
    specs = list(expr.args[1:]) + [_AUTOMATIC] * (4 - len(expr.args))
    counts = (g.num_arcs, len(g.start), len(g.accept))
    olds = (g.weights, g.start_weights, g.accept_weights)
    w0 = specs[0]
    if type(w0) is Opaque and w0.head_name == "JAXArray" and all(s is _AUTOMATIC for s in specs[1:]):
        if tuple(getattr(w0.value, "shape", ())) != (g.num_arcs,):
            ev.message("SetWeights", "len", w0, Integer(-1), Integer(g.num_arcs))
            return None
        return _result(gv, g.with_weights(w0.value))
    lists = []
    for spec, n, old in zip(specs, counts, olds):
        if spec is _AUTOMATIC:
            lists.append(None if old is None else V.weights_to_exprs(old))
            continue
        if not spec.has_head("List"):
            ev.message("SetWeights", "len", spec, Integer(0), Integer(n))
            return None
        if len(spec.args) != n:
            ev.message("SetWeights", "len", spec, Integer(len(spec.args)), Integer(n))
            return None
        lists.append(list(spec.args))
    allw = [x for lst in lists if lst is not None for x in lst]
    w = V.weights_from_exprs(allw)
    out, off = [], 0
    for lst in lists:
        if lst is None:
            out.append(None)
        else:
            out.append(w[off:off + len(lst)])
            off += len(lst)
    if out[0] is None:
        out[0] = np.zeros(0)
    return _result(gv, _engine(ev, "SetWeights", g.with_weights, out[0], out[1], out[2]))


@graph_builtin(nargs=1, usage="Labels[g] gives the label of each arc of an acceptor, or {in, out} for each arc of a "
                              "transducer, in arc order.")
def Labels(ev, expr):
    gv = _arg(ev, "Labels", expr, 1)
    g = gv.graph
    il, ol = g.ilabel.tolist(), g.olabel.tolist()
    if g.is_acceptor:
        return _lst(gv.label(i) for i in il)
    return _lst(_lst((gv.label(i), gv.label(o))) for i, o in zip(il, ol))


@graph_builtin(nargs=1, usage="NodeCount[g] gives the number of nodes of g.")
def NodeCount(ev, expr):
    return Integer(_arg(ev, "NodeCount", expr, 1).graph.num_nodes)


@graph_builtin(nargs=1, usage="ArcCount[g] gives the number of arcs of g.")
def ArcCount(ev, expr):
    return Integer(_arg(ev, "ArcCount", expr, 1).graph.num_arcs)


@graph_builtin(nargs=1, usage="StartNodes[g] gives the start nodes of g.")
def StartNodes(ev, expr):
    return _lst(Integer(n) for n in _arg(ev, "StartNodes", expr, 1).graph.start.tolist())


@graph_builtin(nargs=1, usage="AcceptNodes[g] gives the accept nodes of g.")
def AcceptNodes(ev, expr):
    return _lst(Integer(n) for n in _arg(ev, "AcceptNodes", expr, 1).graph.accept.tolist())


@graph_builtin(nargs=1, usage="StartWeights[g] gives the weights of the start nodes of g, in the order of "
                              "StartNodes[g] (0, the log-semiring one, where g has none).")
def StartWeights(ev, expr):
    g = _arg(ev, "StartWeights", expr, 1).graph
    return _end_weights(g.start_weights, g.start)


def _end_weights(weights, nodes):
    """Start or accept weights as a list; 0 (the log-semiring one) for each node when there are none."""
    return _weights_expr(weights) if weights is not None else _lst(Integer(0) for _ in nodes)


@graph_builtin(nargs=1, usage="AcceptWeights[g] gives the weights of the accept nodes of g (OpenFst final "
                              "weights, as scores), in the order of AcceptNodes[g] (0 where g has none).")
def AcceptWeights(ev, expr):
    g = _arg(ev, "AcceptWeights", expr, 1).graph
    return _end_weights(g.accept_weights, g.accept)


@graph_builtin(nargs=1, usage="Paths[g] gives every accepting path of an acyclic graph g as {inputs, outputs, score}; "
                              "Epsilon labels are dropped and the score is the sum of the path's weights.")
def Paths(ev, expr):
    W = _W()
    gv = _arg(ev, "Paths", expr, 1)
    if not W.is_acyclic(gv.graph):
        ev.message("Paths", "cyclic", expr.args[0], Symbol("Paths"))
        return None
    paths = _engine(ev, "Paths", W.enumerate_paths, gv.graph)
    return _lst(_lst((_lst(gv.label(i) for i in ins), _lst(gv.label(o) for o in outs), _score_expr(w)))
                for ins, outs, w in paths)


@builtin(nargs=1, usage="GraphQ[expr] gives True if expr is a graph (a WFSA or WFST), and False otherwise.")
def GraphQ(ev, expr):
    return from_bool(unwrap(expr.args[0]) is not None)


@builtin(nargs=1, usage="AcceptorQ[g] gives True if g is a graph whose arcs all have equal input and output labels.")
def AcceptorQ(ev, expr):
    gv = unwrap(expr.args[0])
    return from_bool(gv is not None and gv.graph.is_acceptor)


@builtin(nargs=1, usage="AcyclicQ[g] gives True if g is a graph without cycles.")
def AcyclicQ(ev, expr):
    gv = unwrap(expr.args[0])
    return from_bool(gv is not None and _W().is_acyclic(gv.graph))


# --- gradients ----------------------------------------------------------------

def _jax_scalar(ev, r):
    import jax.numpy as jnp
    if type(r) is Opaque and r.head_name == "JAXArray":
        v = r.value
        if getattr(v, "size", 1) != 1:
            return None
        return jnp.reshape(v, ())
    from gtnlang.graphs import value as V
    f = V._expr_float(r)
    if f is None:
        return None
    return jnp.asarray(f)


def graph_grad(ev, expr, targets):
    """Gradients of held `expr` w.r.t. the arc weights of each GraphValue in
    `targets` (a list of GraphValues); returns a list of GraphValues or raises
    _Fail.  Usable by other modules (gtnlang.lower)."""
    kinds = {gv.kind for gv in targets}
    if "symbolic" not in kinds and kinds & {"float", "jax"}:
        return _jax_grad(ev, expr, targets)
    return _symbolic_grad(ev, expr, targets)


def _structure_key(gv):
    g = gv.graph
    parts = [g.num_nodes, id(gv.alphabet)]
    for a in (g.start, g.accept, g.src, g.dst, g.ilabel, g.olabel):
        parts.append(a.tobytes())
    for w in (g.start_weights, g.accept_weights):
        parts.append(None if w is None else repr(list(_W_list(w))))
    return tuple(parts)


def _W_list(w):
    from gtnlang.graphs import value as V
    return [str(x) for x in V.weights_to_exprs(w)]


def _grad_key(ev, expr, targets):
    """Cache key of numeric Grad's jitted function: the held expression, the target
    structures, and the values/rules of the symbols the expression mentions (a graph
    shaped like a target counts by structure, so a training loop's new weights hit
    the cache).  Values read only indirectly (inside called functions' bodies by
    other global symbols) are not tracked beyond their rules' identity."""
    try:
        tkeys = tuple(_structure_key(gv) for gv in targets)
        syms = set()

        def walk(e):
            if type(e) is Symbol:
                syms.add(e)
            elif type(e) is Normal:
                walk(e.head)
                for a in e.args:
                    walk(a)
        walk(expr)
        env = []
        for sym in sorted(syms, key=lambda x: x.name):
            d = ev.definitions.get(sym)
            if d is None or d.builtin is not None and d.own_value is None and not d.has_rules:
                continue
            ov = d.own_value
            gv = unwrap(ov) if ov is not None else None
            if gv is not None and gv.kind in ("float", "jax", "exact"):
                ov = ("graph", _structure_key(gv))
            rules = tuple(id(r) for r in getattr(d, "down_values", ())) + \
                tuple(hash(k) for k in getattr(d, "exact_values", {}) or ())
            env.append((sym.name, ov, rules))
        key = (expr, tkeys, tuple(env))
        hash(key)
        return key
    except Exception:  # noqa: BLE001 - an unhashable value: no caching
        return None


def _jax_grad(ev, expr, targets):
    """Numeric gradients with respect to every target's arc weights and, where
    it has them, its start and accept weights (OpenFst initial/final weights)."""
    import jax
    import numpy as np
    from gtnlang.graphs import value as V

    def floats(w):
        return None if w is None else np.asarray(V.to_float(w), dtype=np.float64)
    # per target: (arc weights, start weights or None, accept weights or None)
    w0 = [(floats(gv.graph.weights), floats(gv.graph.start_weights), floats(gv.graph.accept_weights))
          for gv in targets]

    def f(ws):
        subst = tuple((gv, _map_weights(gv, V.to_float).with_graph(gv.graph.with_weights(w, sw, aw)))
                      for gv, (w, sw, aw) in zip(targets, ws))
        tok = _GRAD_SUBST.set(tuple(_GRAD_SUBST.get()) + subst)
        try:
            r = ev.evaluate(expr)
        finally:
            _GRAD_SUBST.reset(tok)
        s = _jax_scalar(ev, r)
        if s is None:
            ev.message("Grad", "scalar", r)
            raise _Fail
        return s

    key = _grad_key(ev, expr, targets)
    cache = ev.properties.setdefault("graphs.grad_cache", {})
    jitted = cache.get(key) if key is not None else None
    if jitted is None:
        jitted = jax.jit(jax.grad(f))
        if key is not None:
            if len(cache) >= 64:
                cache.pop(next(iter(cache)))
            cache[key] = jitted
    try:
        grads = jitted([tuple(None if w is None else jax.numpy.asarray(w) for w in ws) for ws in w0])
    except _Fail:
        raise
    except Exception as exc:  # noqa: BLE001 - tracing errors become messages
        ev.message("Grad", "fail", String(f"{type(exc).__name__}: {exc}"))
        raise _Fail from None

    def back(g):
        return None if g is None else np.asarray(g, dtype=np.float64)
    return [gv.with_graph(gv.graph.with_weights(back(g), back(sg), back(ag)))
            for gv, (g, sg, ag) in zip(targets, grads)]


def _symbolic_grad(ev, expr, targets):
    from gtnlang.graphs import value as V
    syms, subst, back = [], [], []
    for gv in targets:
        n = next(_fresh)
        g = gv.graph
        parts = []
        for tag, w, count in (("", g.weights, g.num_arcs), ("s", g.start_weights, len(g.start)),
                              ("a", g.accept_weights, len(g.accept))):
            if w is None and tag:
                parts.append(None)
                continue
            s = [Symbol(f"gtnGrad${n}${tag}{i}") for i in range(count)]
            back.extend(Normal(_RULE, (a, b)) for a, b in zip(s, V.to_object(w)))
            parts.append(s)
        syms.append(parts)
        new = _map_weights(gv, V.to_object)
        subst.append((gv, new.with_graph(new.graph.with_weights(
            *(None if p is None else V._obj(p) for p in parts)))))
    tok = _GRAD_SUBST.set(tuple(_GRAD_SUBST.get()) + tuple(subst))
    try:
        r = ev.evaluate(expr)
    finally:
        _GRAD_SUBST.reset(tok)
    rules = _lst(back)

    def derivatives(s):
        if s is None:
            return None
        return V.weights_from_exprs([ev.evaluate(Expression("ReplaceAll", Expression("D", r, x), rules))
                                     for x in s])
    return [gv.with_graph(gv.graph.with_weights(*(derivatives(p) for p in parts)))
            for gv, parts in zip(targets, syms)]


@graph_builtin(nargs=(1, 2), attributes=("HoldFirst", "Protected"),
               messages={"scalar": "`1` is not a real number, so it cannot be differentiated.",
                         "cfscalar": "Grad needs a function with a real scalar result; `1` gives an array of "
                                     "dimensions `2`.",
                         "var": "`1` is not an argument of the enclosing Compile, so Grad cannot differentiate "
                                "with respect to it."},
               usage="Grad[expr, g] gives a graph shaped like g whose weights are the derivatives of expr with respect "
                     "to the arc weights of g (JAX for numeric weights, D for symbolic ones); where g has start or "
                     "accept weights, those of the result are the derivatives with respect to them.\n"
                     "Grad[expr, {g1, g2, ...}] gives a list of such graphs.\n"
                     "Grad[expr, x] inside Compile, x an argument, is the gradient (jax.grad) with respect to x.\n"
                     "Grad[cf] is the gradient of a compiled function with respect to its first argument.")
def Grad(ev, expr):
    if len(expr.args) == 1:
        from gtnlang.builtins.compile import transformed
        return transformed(ev, ev.evaluate(expr.args[0]), "grad")
    body, target = expr.args
    if type(target) is Opaque and target.head_name == "JAXArray":
        from gtnlang.builtins.compile import compiled_grad
        return compiled_grad(ev, body, target)
    if target.has_head("List"):
        gvs = [unwrap(t) for t in target.args]
        if not gvs or any(gv is None for gv in gvs):
            return None
        return _lst(gv.expr() for gv in graph_grad(ev, body, gvs))
    gv = unwrap(target)
    if gv is None:
        return None
    return graph_grad(ev, body, [gv])[0].expr()
