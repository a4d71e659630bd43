"""Arithmetic and list structure on JAX values inside the language.

A JAX array or tracer is the atom ``Opaque(array, "JAXArray")`` (what
``ForwardScore`` of a JAX-weighted graph gives inside ``Grad``, and what the
arguments of a ``Compile``d body are).  It stands for a (possibly nested)
list of numbers:

* ``Plus``, ``Times``, ``Power``, ``Subtract``, ``Divide``, ``Log``, ``Exp``,
  ``Sqrt``, ``Abs``, ``Minus`` and ``N`` compute with jax.numpy.  Shapes
  combine as Mathematica threads lists: elementwise over the leading
  dimensions, an array of lower rank is repeated along the trailing ones
  (``{{1, 2}, {3, 4}} + {10, 20}`` adds 10 to the first row), a scalar
  broadcasts.  A numeric list next to an array of rank >= 1 is converted
  to an array first (the evaluator asks this module before it threads a
  Listable call: see ``_thread_listable``); shapes that do not combine are
  split into rows, so threading gives ``Thread::tdlen`` as for lists.
* ``Max``/``Min`` (of all elements), ``Total`` and ``Mean``, ``Part`` (indices,
  ``All``, spans, lists of indices), ``Length``, ``Dimensions``, ``First``,
  ``Last``, ``Rest``, ``Most``, ``Take``, ``Drop``, ``Reverse``, ``Flatten``,
  ``Transpose``, ``ArrayReshape``, ``Join``, ``Dot``, ``Accumulate``,
  ``Differences``, ``Normal`` (the list of rows) and ``Map`` (over the rows).

Other modules may extend ``JAX_FUNCTIONS`` (elementwise) and
``JAX_STRUCTURE`` (first argument an array).  jax is imported only when a
JAXArray exists.
"""

from __future__ import annotations

import math
import weakref

from gtnlang.core.attributes import LISTABLE
from gtnlang.core.builtin import define, up_builtin
from gtnlang.expr import Expr, Integer, Normal, Opaque, Rational, Real, Symbol

define("JAXArray", usage="JAXArray is the head of a JAX array or traced value inside the language: it behaves as "
                         "the list of its rows (arithmetic and list functions compute with jax.numpy).")

_E = Symbol("E")
_DI = Symbol("DirectedInfinity")
_LIST = Symbol("List")
_ALL = Symbol("All")
_SPAN = Symbol("Span")
_INFINITY = Symbol("Infinity")


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


def _jax():
    import jax
    return jax


def _jax_special():
    import jax.scipy.special as special
    return special


def _np():
    import numpy as np
    return np


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


#: elementwise functions: (values, argument exprs) -> a JAX value or None.  The
#: values are JAX arrays, numpy arrays (numeric lists) or floats, already shaped
#: to combine as Mathematica threads lists (see ``_align``).
JAX_FUNCTIONS = {
    "Plus": lambda xs, a: _plus(xs),
    "Times": lambda xs, a: _times(xs),
    "Power": _power,
    "Log": _log,
    "Exp": lambda xs, a: _jnp().exp(xs[0]) if len(xs) == 1 else None,
    "Sqrt": lambda xs, a: _jnp().sqrt(xs[0]) if len(xs) == 1 else None,
    "Abs": lambda xs, a: _jnp().abs(xs[0]) if len(xs) == 1 else None,
    "N": lambda xs, a: xs[0] if len(xs) == 1 else None,
    "Subtract": lambda xs, a: xs[0] - xs[1] if len(xs) == 2 else None,
    "Divide": lambda xs, a: xs[0] / xs[1] if len(xs) == 2 else None,
    "Minus": lambda xs, a: -xs[0] if len(xs) == 1 else None,
}


def _unary(name):
    return lambda xs, a: getattr(_jnp(), name)(xs[0]) if len(xs) == 1 else None


# elementwise functions of one argument, as in Mathematica (Listable, numeric)
JAX_FUNCTIONS.update({gtn: _unary(np_name) for gtn, np_name in {
    "Sin": "sin", "Cos": "cos", "Tan": "tan", "ArcSin": "arcsin", "ArcCos": "arccos",
    "Sinh": "sinh", "Cosh": "cosh", "Tanh": "tanh", "ArcSinh": "arcsinh", "ArcCosh": "arccosh",
    "ArcTanh": "arctanh", "Floor": "floor", "Ceiling": "ceil", "Sign": "sign"}.items()})
JAX_FUNCTIONS["ArcTan"] = lambda xs, a: (_jnp().arctan(xs[0]) if len(xs) == 1
                                         else _jnp().arctan2(xs[1], xs[0]) if len(xs) == 2 else None)
JAX_FUNCTIONS["LogisticSigmoid"] = lambda xs, a: _jax().nn.sigmoid(xs[0]) if len(xs) == 1 else None
JAX_FUNCTIONS["Round"] = lambda xs, a: _jnp().round(xs[0]) if len(xs) == 1 else None
JAX_FUNCTIONS["Erf"] = lambda xs, a: _jax_special().erf(xs[0]) if len(xs) == 1 else None
JAX_FUNCTIONS["Ramp"] = lambda xs, a: _jnp().maximum(xs[0], 0) if len(xs) == 1 else None


def _is_jax(e):
    return type(e) is Opaque and e.head_name == "JAXArray"


def _is_list(e):
    return type(e) is Normal and e.head is _LIST


def _ndim(v):
    return len(getattr(v, "shape", ()))


def _shape_of(v):
    return tuple(getattr(v, "shape", ()))


def _is_jax_value(v):
    return not isinstance(v, (float, int, _np().ndarray))


class _NotNumeric(Exception):
    pass


def _plain(e):
    """Nested lists of numbers as nested Python floats; raises _NotNumeric."""
    t = type(e)
    if t is Normal and e.head is _LIST:
        return [_plain(a) for a in e.args]
    v = _value(e) if t is not Opaque else None
    if v is None:
        raise _NotNumeric
    return v


def as_array(e):
    """A numeric value as an array: a JAXArray's value, a nested list of numbers
    (a float64 numpy array) or of numbers and JAX arrays of one shape (stacked
    with jnp; rows of one batch come back in one gather), a number (a float);
    None if `e` is not a rectangular numeric array."""
    if _is_jax(e):
        return e.value
    if not _is_list(e):
        return _value(e)
    np = _np()
    try:
        arr = np.asarray(_plain(e), dtype=np.float64)
    except (_NotNumeric, ValueError, TypeError):
        pass
    else:
        return arr if arr.dtype != object else None
    parts = [as_array(a) for a in e.args]
    if any(p is None for p in parts):
        return None
    shapes = {_shape_of(p) for p in parts}
    if len(shapes) != 1:
        return None
    if all(_is_jax_value(p) for p in parts):
        return stack_rows(parts)
    jnp = _jnp()
    dt = _float_dtype(parts)
    return jnp.stack([jnp.asarray(p, dt) if dt is not None and not _is_jax_value(p) else jnp.asarray(p)
                      for p in parts])


def _float_dtype(vals):
    """The dtype of the first floating JAX value among `vals` (None if there is none)."""
    jnp = _jnp()
    for v in vals:
        if _is_jax_value(v):
            dt = getattr(v, "dtype", None)
            if dt is not None and jnp.issubdtype(dt, jnp.floating):
                return dt
    return None


def _harmonize(vals):
    """numpy arrays (converted lists) take the float dtype of the JAX values, so a
    float32 program stays float32."""
    dt = _float_dtype(vals)
    if dt is None:
        return vals
    np = _np()
    return [v.astype(dt) if isinstance(v, np.ndarray) else v for v in vals]


def _align(vals):
    """`vals` reshaped to combine elementwise as Mathematica threads lists: every
    shape must be a prefix of the longest, which the shorter ones are repeated
    along (trailing axes of length 1).  None if the shapes do not combine."""
    shapes = [_shape_of(v) for v in vals]
    target = max(shapes, key=len)
    out = []
    for v, s in zip(vals, shapes):
        if target[:len(s)] != s:
            return None
        if s and len(s) < len(target):
            v = v.reshape(s + (1,) * (len(target) - len(s)))
        out.append(v)
    return out


def split_rows(e, depth=1):
    """A JAXArray atom of rank >= depth as nested Lists of its parts `depth` levels down."""
    x = e.value
    if _ndim(x) < depth:
        return e
    out = []
    for i in range(x.shape[0]):
        row = x[i]
        note_row(row, x, i)
        r = Opaque(row, "JAXArray")
        out.append(split_rows(r, depth - 1) if depth > 1 else r)
    return Normal(_LIST, tuple(out))


def _split_call(expr):
    """The call with its JAXArray arguments of rank >= 1 replaced by lists of rows:
    the evaluator then threads it as it threads lists (Thread::tdlen if lengths differ)."""
    return Normal(expr.head, tuple(split_rows(a) if _is_jax(a) and _ndim(a.value) >= 1 else a
                                   for a in expr.args))


def _elementwise(ev, expr, fn):
    args = expr.args
    big = any(_is_jax(a) and _ndim(a.value) >= 1 for a in args)
    has_list = any(_is_list(a) for a in args)
    if has_list and not big:
        return None                # a scalar JAX value: Listable threading as for a number
    vals = [as_array(a) if _is_list(a) else _value(a) for a in args]
    if any(v is None for v in vals):
        return _split_call(expr) if has_list else None
    aligned = _align(_harmonize(vals))
    if aligned is None:
        return _split_call(expr)
    return fn(aligned, args)


def _extremum(ev, expr, pick_max):
    vals = [as_array(a) for a in expr.args]
    if any(v is None for v in vals):
        return None
    jnp = _jnp()
    vals = _harmonize(vals)
    flat = [jnp.ravel(jnp.asarray(v)) for v in vals if getattr(v, "size", 1)]
    if not flat:
        return -jnp.inf if pick_max else jnp.inf
    allv = flat[0] if len(flat) == 1 else jnp.concatenate(flat)
    return jnp.max(allv) if pick_max else jnp.min(allv)


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




# --- structure --------------------------------------------------------------------
#
# Each function gets (ev, call) with the first argument a JAXArray and gives a
# JAX value, an Expr (evaluated further), ``(expr,)`` (final: a message was
# issued and the call stays as it is) or None (no rule: the builtin decides).

def _final(expr):
    return (expr,)


def _int(e):
    return e.value if type(e) is Integer else None


def _is_infinity(e):
    return e is _INFINITY or (type(e) is Normal and e.head is _DI and len(e.args) == 1
                              and type(e.args[0]) is Integer and e.args[0].value > 0)


def _range_slice(r):
    """A Python range of positions as a slice (negative steps included)."""
    if len(r) == 0:   # range(-1, -1, -1) is empty, slice(-1, None, -1) is not
        return slice(0, 0)
    stop = r.stop if r.stop >= 0 else None
    return slice(r.start, stop, r.step)


def _traced_index(i, n):
    """A traced 1-based (negative from the end) index as a 0-based one."""
    jnp = _jnp()
    i = jnp.asarray(i)
    return jnp.where(i > 0, i - 1, n + i)


def _part(ev, expr):
    from gtnlang.builtins.parts import span_positions
    jnp = _jnp()
    target = expr.args[0]
    x = target.value
    specs = expr.args[1:]
    if len(specs) > _ndim(x):
        ev.message("Part", "partd", expr)
        return _final(expr)
    basic = []             # one basic index over the leading axes
    takes = []             # (result axis, indices) applied afterwards
    axis = 0               # the result axis the next spec lands on
    empty = False          # some spec selected nothing
    for k, spec in enumerate(specs):
        n = x.shape[k]
        if empty:
            # nothing selected: later specs are not checked (as for lists), the result is empty
            return _empty_part(x, specs)
        i = _int(spec)
        if i is not None:
            if i == 0:
                # the head: a packed array's is List (a part of a part's head is left to the builtin)
                return _LIST if len(specs) == 1 else None
            if abs(i) > n:
                ev.message("Part", "partw", spec, target)
                return _final(expr)
            basic.append(i - 1 if i > 0 else n + i)
        elif spec is _ALL:
            basic.append(slice(None))
            axis += 1
            empty = n == 0
        elif type(spec) is Normal and spec.head is _SPAN:
            try:
                positions = span_positions(spec, n)
            except ValueError as error:
                i, j = error.args[0]
                ev.message("Part", "take", Integer(i), Integer(j), target)
                return _final(expr)
            if positions is None:
                ev.message("Part", "pkspec1", spec)
                return _final(expr)
            basic.append(_range_slice(positions))
            axis += 1
            empty = len(positions) == 0
        elif _is_list(spec) and all(type(a) is Integer for a in spec.args):
            index = []
            for a in spec.args:
                if a.value == 0 or abs(a.value) > n:
                    ev.message("Part", "partw", a, target)
                    return _final(expr)
                index.append(a.value - 1 if a.value > 0 else n + a.value)
            basic.append(slice(None))
            takes.append((axis, index))
            axis += 1
            empty = not index
        elif _is_jax(spec) and _np().issubdtype(spec.value.dtype, _np().integer):
            idx = _traced_index(spec.value, n)
            if _ndim(idx) == 0:
                basic.append(idx)
            else:
                basic.append(slice(None))
                takes.append((axis, idx))
                axis += 1
        else:
            return None
    out = x[tuple(basic)]
    for ax, index in takes:
        out = jnp.take(out, jnp.asarray(index), axis=ax)
    if len(specs) == 1 and type(basic[0]) is int:
        note_row(out, x, basic[0])
    return out


def _empty_part(x, specs):
    from gtnlang.builtins.parts import span_positions
    shape = []
    for k, spec in enumerate(specs):
        n = x.shape[k]
        if type(spec) is Integer:
            continue
        if type(spec) is Normal and spec.head is _SPAN:
            try:
                positions = span_positions(spec, n)
            except ValueError:
                positions = None
            shape.append(len(positions) if positions is not None else 0)
        elif _is_list(spec):
            shape.append(len(spec.args))
        else:
            shape.append(n)
    return _jnp().zeros(tuple(shape) + _shape_of(x)[len(specs):], x.dtype)


def _total(ev, expr):
    jnp = _jnp()
    x = expr.args[0].value
    r = _ndim(x)
    if len(expr.args) == 1:
        return jnp.sum(x, axis=0) if r else x
    spec = expr.args[1]
    n = _int(spec)
    if n is not None and n >= 0:
        low, high = 1, n
    elif _is_infinity(spec):
        low, high = 1, r
    elif _is_list(spec) and len(spec.args) in (1, 2) and all(
            (_int(a) or 0) >= 1 or _is_infinity(a) for a in spec.args):
        values = [r if _is_infinity(a) else a.value for a in spec.args]
        low, high = values[0], values[-1]
    else:
        ev.message("Total", "level", spec)
        return _final(expr)
    axes = tuple(range(low - 1, min(high, r)))
    return jnp.sum(x, axis=axes) if axes else x


def _mean(ev, expr):
    x = expr.args[0].value
    if len(expr.args) != 1 or _ndim(x) == 0 or x.shape[0] == 0:
        return None
    return _jnp().mean(x, axis=0)


def _dimensions(ev, expr):
    shape = _shape_of(expr.args[0].value)
    if len(expr.args) == 2:
        n = _int(expr.args[1])
        if n is not None and n >= 0:
            shape = shape[:n]
        elif not _is_infinity(expr.args[1]):
            return None
    return Normal(_LIST, tuple(Integer(n) for n in shape))


def _flatten(ev, expr):
    x = expr.args[0].value
    r = _ndim(x)
    if r == 0 or len(expr.args) == 3 and expr.args[2] is not _LIST:
        return None
    n = r - 1
    if len(expr.args) >= 2:
        spec = expr.args[1]
        if _int(spec) is not None and spec.value >= 0:
            n = min(spec.value, r - 1)
        elif not _is_infinity(spec):
            return None
    shape = _shape_of(x)
    size = 1
    for d in shape[:n + 1]:
        size *= d
    return _jnp().reshape(x, (size,) + shape[n + 1:])


def _transpose(ev, expr):
    jnp = _jnp()
    x = expr.args[0].value
    r = _ndim(x)
    if len(expr.args) == 1:
        return jnp.swapaxes(x, 0, 1) if r >= 2 else None
    spec = expr.args[1]
    if not (_is_list(spec) and all(type(a) is Integer for a in spec.args)):
        return None
    perm = [a.value for a in spec.args]
    if sorted(perm) != list(range(1, len(perm) + 1)) or len(perm) > r:
        return None        # not a permutation (or diagonals): the builtin's message
    axes = list(range(r))
    for level, p in enumerate(perm):
        axes[p - 1] = level
    return jnp.transpose(x, axes)


def _levels(spec):
    n = _int(spec)
    if n is not None and n >= 1:
        return {n}
    if _is_list(spec) and spec.args and all((_int(a) or 0) >= 1 for a in spec.args):
        return {a.value for a in spec.args}
    return None


def _reverse(ev, expr):
    x = expr.args[0].value
    r = _ndim(x)
    if r == 0:
        return None
    levels = {1} if len(expr.args) == 1 else _levels(expr.args[1])
    if levels is None:
        return None
    axes = tuple(sorted(k - 1 for k in levels if k <= r))
    return _jnp().flip(x, axis=axes) if axes else x


def _ends(pick):
    def run(ev, expr):
        x = expr.args[0].value
        if _ndim(x) == 0:
            return None
        n = x.shape[0]
        if n == 0:
            return expr.args[1] if len(expr.args) == 2 else None
        if pick in ("First", "Last"):
            i = 0 if pick == "First" else n - 1
            row = x[i]
            note_row(row, x, i)
            return row
        if len(expr.args) != 1:
            return None
        return x[1:] if pick == "Rest" else x[:-1]
    return run


def _take_drop(drop):
    who = "Drop" if drop else "Take"

    def run(ev, expr):
        from gtnlang.builtins.parts import _seq_spec
        np = _np()
        x = expr.args[0].value
        specs = expr.args[1:]
        if not specs or len(specs) > _ndim(x):
            return None
        index = []
        for k, spec in enumerate(specs):
            n = x.shape[k]
            try:
                positions = _seq_spec(ev, spec, n, who, expr, expr.args[0])
            except ValueError as error:
                i, j = error.args[0]
                ev.message(who, "drop" if drop else "take", Integer(i), Integer(j), expr.args[0])
                return _final(expr)
            if positions is None:
                ev.message(who, "seqs", spec, Integer(k + 2), expr)
                return _final(expr)
            if drop:
                kept = np.setdiff1d(np.arange(n), np.asarray(list(positions), dtype=np.int64))
                index.append(kept)
            else:
                index.append(_range_slice(positions))
        out = x
        for k, ix in enumerate(index):
            if isinstance(ix, slice):
                out = out[(slice(None),) * k + (ix,)]
            else:
                out = _jnp().take(out, ix, axis=k)
        return out
    return run


def _positive_dims(e):
    if _is_list(e) and all(type(a) is Integer and a.value >= 0 for a in e.args):
        return tuple(a.value for a in e.args)
    return None


def _array_reshape(ev, expr):
    jnp = _jnp()
    x = expr.args[0].value
    if len(expr.args) not in (2, 3):
        return None
    dims = _positive_dims(expr.args[1])
    if dims is None:
        ev.message("ArrayReshape", "dims", expr.args[1])
        return _final(expr)
    pad = 0.0
    if len(expr.args) == 3:
        pad = _value(expr.args[2])
        if pad is None:
            return None
    total = 1
    for d in dims:
        total *= d
    flat = jnp.ravel(x)
    if flat.shape[0] >= total:
        flat = flat[:total]
    else:
        flat = jnp.concatenate([flat, jnp.full((total - flat.shape[0],), pad, dtype=flat.dtype)])
    return jnp.reshape(flat, dims)


def _accumulate(ev, expr):
    x = expr.args[0].value
    if len(expr.args) != 1 or _ndim(x) == 0:
        return None
    return _jnp().cumsum(x, axis=0)


def _differences(ev, expr):
    x = expr.args[0].value
    if _ndim(x) == 0:
        return None
    n = 1
    if len(expr.args) == 2:
        n = _int(expr.args[1])
        if n is None or n < 0:
            return None
    for _ in range(n):
        x = x[1:] - x[:-1]
    return x


def _normal(ev, expr):
    if len(expr.args) != 1:
        return None
    return split_rows(expr.args[0])


#: structural functions of a JAXArray first argument (see the comment above)
JAX_STRUCTURE = {
    "Part": lambda ev, e: _part(ev, e) if len(e.args) >= 2 else None,
    "Length": lambda ev, e: Integer(_shape_of(e.args[0].value)[0] if _ndim(e.args[0].value) else 0)
    if len(e.args) == 1 else None,
    "Dimensions": lambda ev, e: _dimensions(ev, e) if len(e.args) <= 2 else None,
    "Total": lambda ev, e: _total(ev, e) if len(e.args) <= 2 else None,
    "Mean": _mean,
    "Transpose": lambda ev, e: _transpose(ev, e) if len(e.args) <= 2 else None,
    "Flatten": _flatten,
    "Reverse": lambda ev, e: _reverse(ev, e) if len(e.args) <= 2 else None,
    "First": _ends("First"),
    "Last": _ends("Last"),
    "Rest": _ends("Rest"),
    "Most": _ends("Most"),
    "Take": _take_drop(False),
    "Drop": _take_drop(True),
    "ArrayReshape": _array_reshape,
    "Accumulate": _accumulate,
    "Differences": lambda ev, e: _differences(ev, e) if len(e.args) <= 2 else None,
    "Normal": _normal,
}


# --- functions of JAXArrays at any position ----------------------------------------

def _dot(ev, expr):
    vals = [as_array(a) for a in expr.args]
    if len(vals) < 2 or any(v is None or _ndim(v) == 0 for v in vals):
        return None
    jnp = _jnp()
    vals = _harmonize(vals)
    out = vals[0]
    shown = expr.args[0]
    for v, e in zip(vals[1:], expr.args[1:]):
        if _shape_of(out)[-1] != _shape_of(v)[0]:
            ev.message("Dot", "dotsh", shown, e)
            return _final(expr)
        out = jnp.tensordot(out, v, axes=1)
        shown = Normal(Symbol("Dot"), (shown, e))
    return out


def _join(ev, expr):
    from gtnlang.builtins.lists import join_arguments
    args, level = join_arguments(expr)
    if level < 1 or not all(_is_jax(a) or _is_list(a) for a in args):
        return None
    vals = [as_array(a) for a in args]
    if all(v is not None for v in vals):
        shapes = [_shape_of(v) for v in vals]
        r = len(shapes[0])
        if r >= level and all(len(s) == r and s[:level - 1] + s[level:] == shapes[0][:level - 1] + shapes[0][level:]
                              for s in shapes):
            jnp = _jnp()
            return jnp.concatenate([jnp.asarray(v) for v in _harmonize(vals)], axis=level - 1)
    # ragged, or of different ranks: join the lists of rows (the builtin does the rest)
    split = tuple(split_rows(a, level) if _is_jax(a) else a for a in args)
    if any(_is_jax(a) for a in split):
        return None           # an array of too low rank: the builtin's message
    return Normal(expr.head, split + expr.args[len(args):])


def _map(ev, expr):
    if len(expr.args) != 2 or not _is_jax(expr.args[1]) or _ndim(expr.args[1].value) == 0:
        return None
    return Normal(expr.head, (expr.args[0], split_rows(expr.args[1])))


#: functions with a JAXArray at any argument position
JAX_ANY = {
    "Dot": _dot,
    "Join": _join,
    "Max": lambda ev, e: _extremum(ev, e, True),
    "Min": lambda ev, e: _extremum(ev, e, False),
    "Map": _map,
}


def _wrap(r):
    if r is None or type(r) is tuple or isinstance(r, Expr):
        return r
    return Opaque(r, "JAXArray")


@up_builtin("JAXArray")
def _jax_up(ev, expr):
    head = expr.head
    if type(head) is not Symbol or not expr.args:
        return None
    name = head.name
    fn = JAX_ANY.get(name)
    if fn is not None:
        return _wrap(fn(ev, expr))
    if _is_jax(expr.args[0]):
        fn = JAX_STRUCTURE.get(name)
        if fn is not None:
            return _wrap(fn(ev, expr))
    fn = JAX_FUNCTIONS.get(name)
    if fn is None:
        # another Listable function of an array and a list: thread over the rows, not over the
        # list with the array as a scalar
        if any(_is_list(a) for a in expr.args) and any(_is_jax(a) and _ndim(a.value) >= 1 for a in expr.args) \
                and ev.attributes(head) & LISTABLE:
            return _split_call(expr)
        return None
    return _wrap(_elementwise(ev, expr, fn))
