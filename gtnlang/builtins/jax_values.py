"""Arithmetic on JAX values inside the language.

A JAX array or tracer is the atom ``Opaque(array, "JAXArray")`` (what
``ForwardScore`` of a JAX-weighted graph gives inside ``Grad``).  ``Plus``,
``Times``, ``Power``, ``Log``, ``Exp``, ``Sqrt``, ``Max``, ``Min``, ``Abs``
and ``N`` of such values (mixed with numbers) compute with jax.numpy, so
``ForwardScore[a] - ForwardScore[b]`` is traceable.  Other modules (gtnlang.lower)
may extend ``JAX_FUNCTIONS``.  jax is imported only when a JAXArray exists.
"""

from __future__ import annotations

import math
import weakref

from gtnlang.core.builtin import define, up_builtin
from gtnlang.expr import Integer, Normal, Opaque, Rational, Real, Symbol

define("JAXArray", usage="JAXArray is the head of a JAX array or traced value inside the language.")

_E = Symbol("E")
_DI = Symbol("DirectedInfinity")


def _value(e):
    t = type(e)
    if t is Opaque and e.head_name == "JAXArray":
        return e.value
    if t is Integer or t is Rational:
        return float(e.value)
    if t is Real and e.precision is None:
        return float(e.value)
    if e is _E:
        return math.e
    if t is Normal and e.head is _DI and len(e.args) == 1 and type(e.args[0]) is Integer:
        return math.inf * e.args[0].value
    return None


def _jnp():
    import jax.numpy as jnp
    return jnp


def _plus(xs):
    out = xs[0]
    for x in xs[1:]:
        out = out + x
    return out


def _times(xs):
    out = xs[0]
    for x in xs[1:]:
        out = out * x
    return out


def _power(xs, args):
    if len(xs) != 2:
        return None
    if args[0] is _E:
        return _jnp().exp(xs[1])
    return xs[0] ** xs[1]


def _log(xs, args):
    jnp = _jnp()
    if len(xs) == 1:
        return jnp.log(xs[0])
    if len(xs) == 2:
        return jnp.log(xs[1]) / jnp.log(xs[0])
    return None


JAX_FUNCTIONS = {
    "Plus": lambda xs, a: _plus(xs),
    "Times": lambda xs, a: _times(xs),
    "Power": _power,
    "Log": _log,
    "Exp": lambda xs, a: _jnp().exp(xs[0]) if len(xs) == 1 else None,
    "Sqrt": lambda xs, a: _jnp().sqrt(xs[0]) if len(xs) == 1 else None,
    "Abs": lambda xs, a: _jnp().abs(xs[0]) if len(xs) == 1 else None,
    "Max": lambda xs, a: _jnp().max(_jnp().stack([_jnp().asarray(x) for x in xs])) if xs else None,
    "Min": lambda xs, a: _jnp().min(_jnp().stack([_jnp().asarray(x) for x in xs])) if xs else None,
    "N": lambda xs, a: xs[0] if len(xs) == 1 else None,
    "Subtract": lambda xs, a: xs[0] - xs[1] if len(xs) == 2 else None,
    "Divide": lambda xs, a: xs[0] / xs[1] if len(xs) == 2 else None,
    "Minus": lambda xs, a: -xs[0] if len(xs) == 1 else None,
}


def _is_jax(e):
    return type(e) is Opaque and e.head_name == "JAXArray"


def _part(ev, expr):
    x = expr.args[0].value
    idx = []
    for k, a in enumerate(expr.args[1:]):
        if k >= len(getattr(x, "shape", ())):
            return None
        n = x.shape[k]
        if type(a) is Integer:
            i = a.value
            if i == 0 or abs(i) > n:
                ev.message("Part", "partw", a, expr.args[0])
                return None
            idx.append(i - 1 if i > 0 else n + i)
        elif a is Symbol("All"):
            idx.append(slice(None))
        else:
            return None
    row = x[tuple(idx)]
    if len(idx) == 1 and type(idx[0]) is int:
        note_row(row, x, idx[0])
    return row


#: id(array) -> (weakref to it, source, index): ``array`` holds ``source[index]`` (any shape)
_ROWS: dict = {}


def note_row(array, source, index):
    """Record that ``array`` holds the values of ``source[index]`` (reshaped
    freely), so that :func:`stack_rows` can take rows back from ``source``
    in one gather.  Why: ``Table[... x[[b]] ..., {b, B}]`` slices a traced
    batch into B rows; stacking the rows again costs B full-size padded
    cotangents in the gradient (O(B^2) memory traffic), a gather costs one.

    >>> import numpy as np
    >>> src = np.arange(6.).reshape(3, 2)
    >>> rows = [src[i] for i in range(3)]
    >>> for i, r in enumerate(rows): note_row(r, src, i)
    >>> stack_rows(rows) is src
    True
    """
    try:
        key = id(array)
        _ROWS[key] = (weakref.ref(array, lambda _, key=key: _ROWS.pop(key, None)), source, index)
    except TypeError:       # not weak-referenceable: no provenance, stacking stays correct
        pass


def row_origin(array):
    """``(source, index)`` if ``array`` was recorded by :func:`note_row`, else None."""
    hit = _ROWS.get(id(array))
    if hit is None or hit[0]() is not array:
        return None
    return hit[1], hit[2]


def derive_row(new, old):
    """``new`` is ``old`` reshaped: it inherits ``old``'s provenance."""
    hit = row_origin(old)
    if hit is not None:
        note_row(new, *hit)


def stack_rows(arrays):
    """``jnp.stack(arrays)``, but rows of one source are taken back from it
    (the source itself when they are all its rows in order).

    >>> import numpy as np
    >>> stack_rows([np.zeros(2), np.ones(2)]).tolist()
    [[0.0, 0.0], [1.0, 1.0]]
    """
    jnp = _jnp()
    origins = [row_origin(a) for a in arrays]
    shape = getattr(arrays[0], "shape", ())
    if all(o is not None for o in origins) and all(o[0] is origins[0][0] for o in origins) \
            and all(getattr(a, "shape", ()) == shape for a in arrays):
        source = origins[0][0]
        index = [o[1] for o in origins]
        if index == list(range(source.shape[0])):
            out = source
        else:
            out = source[jnp.asarray(index)]
        return jnp.reshape(out, (len(arrays),) + tuple(shape)) if out.shape[1:] != shape else out
    return jnp.stack([jnp.asarray(a) for a in arrays])


def _shape(expr):
    return tuple(getattr(expr.args[0].value, "shape", ()))


#: structural functions of a JAXArray first argument (the call -> a JAX value, an Expr, or None)
JAX_STRUCTURE = {
    "Part": lambda ev, e: _part(ev, e) if len(e.args) >= 2 else None,
    "Length": lambda ev, e: Integer(_shape(e)[0] if _shape(e) else 0) if len(e.args) == 1 else None,
    "Dimensions": lambda ev, e: Normal(Symbol("List"), tuple(Integer(n) for n in _shape(e)))
    if len(e.args) == 1 else None,
    "Total": lambda ev, e: _jnp().sum(e.args[0].value, axis=0) if len(e.args) == 1 else None,
    "Mean": lambda ev, e: _jnp().mean(e.args[0].value, axis=0) if len(e.args) == 1 else None,
    "Transpose": lambda ev, e: _jnp().transpose(e.args[0].value) if len(e.args) == 1 else None,
    "Dot": lambda ev, e: _jnp().dot(e.args[0].value, _value(e.args[1]))
    if len(e.args) == 2 and _is_jax(e.args[1]) else None,
}


@up_builtin("JAXArray")
def _jax_up(ev, expr):
    head = expr.head
    if type(head) is not Symbol:
        return None
    if expr.args and _is_jax(expr.args[0]):
        st = JAX_STRUCTURE.get(head.name)
        if st is not None:
            r = st(ev, expr)
            if r is None:
                return None
            from gtnlang.expr import Expr
            return r if isinstance(r, Expr) else Opaque(r, "JAXArray")
    fn = JAX_FUNCTIONS.get(head.name)
    if fn is None:
        return None
    xs = [_value(a) for a in expr.args]
    if any(x is None for x in xs):
        return None
    r = fn(xs, expr.args)
    if r is None:
        return None
    return Opaque(r, "JAXArray")
