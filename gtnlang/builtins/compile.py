"""Compile, ValueAndGrad and CTCGraph: language functions as jitted JAX programs.

``Compile[{x, ...}, body]`` gives a ``CompiledFunction`` atom
(``Opaque(gtnlang.lower.compile.CompiledFunction, "CompiledFunction")``);
calling it converts the arguments to jax arrays and runs a ``jax.jit`` of the
body evaluated with the arguments bound to traced ``JAXArray`` values (one
trace per argument shape).  ``Grad[cf]``/``ValueAndGrad[cf]`` transform it;
``Map[cf, batch]`` is one ``jax.vmap``-ed call.  jax is imported only when a
compiled function is made or CTCGraph is used.  See docs/lowering.md.
"""

from __future__ import annotations

from gtnlang.core.builtin import builtin, define, sub_builtin, up_builtin
from gtnlang.expr import Integer, Normal, Opaque, String, Symbol

_LIST = Symbol("List")
_RULE = Symbol("Rule")

_MSG = {
    "params": "`1` should be a list of parameters: symbols or {x, type, rank} (type _Real or _Integer).",
    "opt": "`1` is not a valid option of Compile; \"Precision\" -> 32 or 64 is.",
    "arg": "Argument `2` for parameter `1` is not numeric: expected `3`.",
    "rank": "Argument `2` for parameter `1` should be `3`, not a rank-`4` array.",
    "argn": "The compiled function was given `1` arguments; it takes `2`.",
    "concrete": "Compiled code needs the concrete value of a traced argument in `1`; "
                "use jax-compatible arithmetic or evaluate outside Compile.",
    "result": "The compiled body evaluated to `1`, which is not a number or an array of numbers.",
    "fail": "`1`",
}


def _C():
    import gtnlang.lower.compile as C
    return C


def _param(ev, spec):
    C = _C()
    if type(spec) is Symbol:
        return C.Param(spec)
    if spec.has_head("List") and spec.args and type(spec.args[0]) is Symbol and len(spec.args) <= 3:
        typ = "Real"
        if len(spec.args) >= 2:
            t = spec.args[1]
            if t.has_head("Blank") and len(t.args) == 1 and type(t.args[0]) is Symbol \
                    and t.args[0].name in ("Real", "Integer"):
                typ = t.args[0].name
            elif t.has_head("Blank") and not t.args:
                typ = "Real"
            else:
                return None
        rank = 0
        if len(spec.args) == 3:
            if type(spec.args[2]) is not Integer or spec.args[2].value < 0:
                return None
            rank = spec.args[2].value
        return C.Param(spec.args[0], typ, rank)
    return None


@builtin(nargs=(2, None), attributes=("HoldAll", "Protected"), messages=_MSG,
         usage="Compile[{x1, x2, ...}, body] gives a compiled function (jax.jit) that evaluates body with the xi "
               "bound to the arguments as JAX arrays; it is traced once per argument shape.\n"
               "Compile[{{x, _Real, r}, ...}, body] fixes the rank of an argument (_Integer gives integers).\n"
               "Compile[..., \"Precision\" -> 64] computes in float64 (default float32).")
def Compile(ev, expr):
    C = _C()
    params_e, body = expr.args[0], expr.args[1]
    if not params_e.has_head("List"):
        ev.message("Compile", "params", params_e)
        return None
    params = [_param(ev, p) for p in params_e.args]
    if any(p is None for p in params):
        ev.message("Compile", "params", params_e)
        return None
    precision = 32
    for opt in expr.args[2:]:
        opt = ev.evaluate(opt)
        if (opt.has_head("Rule") or opt.has_head("RuleDelayed")) and len(opt.args) == 2 and type(opt.args[0]) is String \
                and opt.args[0].value == "Precision" and type(opt.args[1]) is Integer \
                and opt.args[1].value in (32, 64):
            precision = opt.args[1].value
        else:
            ev.message("Compile", "opt", opt)
            return None
    return (Opaque(C.CompiledFunction(ev, params, body, precision), "CompiledFunction"),)


define("CompiledFunction",
       usage="CompiledFunction is the head of a function made by Compile; cf[args] calls it, Map[cf, batch] "
             "vectorises it, Grad[cf] and ValueAndGrad[cf] differentiate it with respect to its first argument.")


def _cf(e):
    if type(e) is Opaque and e.head_name == "CompiledFunction":
        return e.value
    return None


def _report(ev, exc):
    ev.message(exc.symbol, exc.tag, *exc.args_)


@sub_builtin("CompiledFunction")
def _call(ev, expr):
    cf = _cf(expr.head)
    if cf is None:
        return None
    C = _C()
    try:
        return (C.result_to_expr(cf.call(list(expr.args))),)
    except C.CompileError as exc:
        _report(ev, exc)
        return None


@up_builtin("CompiledFunction")
def _cf_up(ev, expr):
    head = expr.head
    if type(head) is not Symbol or head.name != "Map" or len(expr.args) != 2:
        return None
    cf = _cf(expr.args[0])
    if cf is None or len(cf.params) != 1:
        return None
    C = _C()
    try:
        return (C.result_to_expr(cf.map(expr.args[1])),)
    except C.CompileError as exc:
        _report(ev, exc)
        return None


def transformed(ev, e, transform):
    """Grad[cf] / ValueAndGrad[cf]: a CompiledFunction atom, or None."""
    cf = _cf(e)
    if cf is None or cf.transform is not None:
        return None
    C = _C()
    return Opaque(C.CompiledFunction(cf.ev, cf.params, cf.body, cf.precision, transform, cf.source),
                  "CompiledFunction")


@builtin(nargs=1, messages={**_MSG, "scalar": "ValueAndGrad needs a function with a real scalar result; `1` gives "
                                                "an array of dimensions `2`."},
         usage="ValueAndGrad[cf] gives a compiled function returning {value, gradient} of the compiled function cf "
               "with respect to its first argument.")
def ValueAndGrad(ev, expr):
    return transformed(ev, expr.args[0], "value_and_grad")


def compiled_grad(ev, body, target):
    """Grad[body, x] inside Compile, x bound to a traced argument: jax.grad."""
    C = _C()
    import jax
    sym = None
    for s, val in reversed(C.ACTIVE.get()):
        if val is target or val.value is target.value:
            sym = s
            break
    if sym is None:
        ev.message("Grad", "var", target)
        return None
    from gtnlang.core.iteration import bound

    def f(a):
        tok = C.ACTIVE.set(tuple(C.ACTIVE.get()) + ((sym, Opaque(a, "JAXArray")),))
        try:
            with bound(ev, sym) as set_value:
                set_value(Opaque(a, "JAXArray"))
                r = ev.evaluate(body)
        finally:
            C.ACTIVE.reset(tok)
        v = C.to_jax_result(r, ev)
        if isinstance(v, list) or getattr(v, "size", 1) != 1:
            raise C.CompileError("cfscalar", C._named(body), C.result_dimensions(v), symbol="Grad")
        return v.reshape(())

    try:
        return Opaque(jax.grad(f)(target.value), "JAXArray")
    except C.CompileError as exc:
        _report(ev, exc)
        return None


# --- CTC ----------------------------------------------------------------------

@builtin(nargs=(1, 2), messages={"target": "`1` should be a list of non-negative integer class indices.",
                                 "blank": "The blank `1` should be a non-negative integer."},
         usage="CTCGraph[target, blank] is GTN's CTC acceptor of a target sequence of class indices (0-based "
               "columns of Emissions, labels are those integers): 2L+1 states, blank self-loops, skips between "
               "different labels. Intersect[Emissions[x], CTCGraph[y, 0]] is the CTC alignment lattice.\n"
               "CTCGraph[target] uses blank 0.")
def CTCGraph(ev, expr):
    import numpy as np
    import gtnlang.graphs as G
    from gtnlang.wfst import Graph
    y = expr.args[0]
    blank = expr.args[1] if len(expr.args) > 1 else Integer(0)
    if not y.has_head("List") or not all(type(a) is Integer and a.value >= 0 for a in y.args):
        ev.message("CTCGraph", "target", y)
        return None
    if type(blank) is not Integer or blank.value < 0:
        ev.message("CTCGraph", "blank", blank)
        return None
    from gtnlang.lower.ctc import ctc_graph
    g = ctc_graph([a.value for a in y.args], blank.value, label_offset=0)
    alphabet = G.alphabet_of(ev)
    ids = {int(k): alphabet.id(Integer(int(k))) for k in set(g.ilabel.tolist())}
    lab = np.array([ids[int(k)] for k in g.ilabel.tolist()], dtype=np.int64)
    w = G.weights_from_exprs([Integer(0)] * g.num_arcs)
    g2 = Graph(g.num_nodes, g.start, g.accept, g.src, g.dst, lab, lab, w)
    return G.GraphValue(g2, alphabet).expr()
