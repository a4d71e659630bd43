"""Compiled language functions: ``Compile[{x, ...}, body]`` as a jitted JAX program.

A :class:`CompiledFunction` evaluates ``body`` with its parameters bound
(Block-style) to ``Opaque(tracer, "JAXArray")`` inside a Python function that
``jax.jit`` traces; structure (graphs, lists, control flow on concrete values)
is evaluated once per input shape, only the arithmetic on the arguments is
in the compiled program.  The same Python function is what the embedding API
gets (``Session.to_python``), so it composes with ``jax.jit``/``jax.grad``.

Transforms: ``grad`` (``jax.grad`` w.r.t. the first argument),
``value_and_grad``; ``vmapped`` gives the batched call used by ``Map``.
Imports jax (load it only through ``gtnlang.builtins.compile``).
"""

from __future__ import annotations

import contextlib
import contextvars

import jax
import jax.numpy as jnp
import numpy as np

from gtnlang.core.iteration import bound
from gtnlang.expr import Integer, Normal, Opaque, Real, Symbol

_LIST = Symbol("List")

#: (Symbol, Opaque) bindings of the compiled functions being traced
ACTIVE: contextvars.ContextVar = contextvars.ContextVar("gtnlang_compile_active", default=())

_CONTROL = ("If", "Which", "Switch", "While", "For", "Do", "Piecewise", "Boole", "Greater", "Less",
            "GreaterEqual", "LessEqual", "Equal", "Unequal", "Floor", "Ceiling", "Round", "Sign")


class CompileError(Exception):
    """A message for the user: (tag, args), issued as ``symbol::tag``."""

    symbol = "Compile"

    def __init__(self, tag, *args, symbol=None):
        super().__init__(tag, *args)
        self.tag = tag
        self.args_ = args
        if symbol is not None:
            self.symbol = symbol


class NonScalarError(CompileError, TypeError):
    """Grad / ValueAndGrad of a compiled function whose result is not a scalar
    (a TypeError too, as jax.grad's own error, for Python callers)."""


def x64_context(precision):
    if precision == 64:
        try:
            return jax.enable_x64(True)
        except (AttributeError, TypeError):
            from jax.experimental import enable_x64
            return enable_x64()
    return contextlib.nullcontext()


def _is_jax_atom(e):
    return type(e) is Opaque and e.head_name == "JAXArray"


def _contains_jax(e):
    if _is_jax_atom(e):
        return True
    if type(e) is Normal:
        return _contains_jax(e.head) or any(_contains_jax(a) for a in e.args)
    return False


def _offender(e):
    """The construct that kept a traced value from evaluating (for Compile::concrete)."""
    found = []

    def walk(x):
        if type(x) is not Normal:
            return
        h = x.head
        name = h.name if type(h) is Symbol else None
        if name is not None and name != "List" and any(_contains_jax(a) for a in x.args):
            found.append(x)
        for a in x.args:
            walk(a)
    walk(e)
    for x in found:
        if x.head.name in _CONTROL:
            return x
    # the innermost offending call
    return found[-1] if found else e


def _named(e):
    """`e` with traced arguments shown as their parameter names."""
    names = [(val.value, sym) for sym, val in ACTIVE.get()]

    def sub(x):
        if _is_jax_atom(x):
            for v, sym in names:
                if v is x.value:
                    return sym
            return x
        if type(x) is Normal:
            return Normal(sub(x.head), tuple(sub(a) for a in x.args))
        return x
    return sub(e)


def to_jax_result(e, ev):
    """A language value (JAXArray atom, number, list of them) as a jax array; a list
    whose parts differ in shape is a Python list of its parts (a pytree)."""
    if _is_jax_atom(e):
        return jnp.asarray(e.value)
    t = type(e)
    if t is Integer:
        return jnp.asarray(float(e.value))
    if t is Real and e.precision is None:
        return jnp.asarray(float(e.value))
    if t is Normal and e.head is _LIST:
        if not e.args:
            return jnp.zeros((0,))
        parts = [to_jax_result(a, ev) for a in e.args]
        if all(not isinstance(p, list) for p in parts) and len({jnp.shape(p) for p in parts}) == 1:
            from gtnlang.builtins.jax_values import stack_rows
            return stack_rows(parts)
        return parts            # parts of different shapes: a pytree (a list), as result_to_expr reads it
    if t is Normal and e.head is Symbol("DirectedInfinity") and len(e.args) == 1 and type(e.args[0]) is Integer:
        return jnp.asarray(np.inf * e.args[0].value)
    if _contains_jax(e):
        raise CompileError("concrete", _named(_offender(e)))
    raise CompileError("result", e)


def result_dimensions(v):
    """Dimensions of a traced result for a message: {d1, ...}, or a list of them for a list of parts."""
    if isinstance(v, (list, tuple)):
        return Normal(_LIST, tuple(result_dimensions(p) for p in v))
    return Normal(_LIST, tuple(Integer(int(d)) for d in jnp.shape(v)))


def array_from_expr(e):
    """Nested lists of numbers (or a JAXArray atom) as a numpy / jax array, or None."""
    if _is_jax_atom(e):
        return e.value

    def conv(x):
        t = type(x)
        if t is Integer:
            return x.value
        if t is Real and x.precision is None:
            return float(x.value)
        if t is Real:
            return float(x.value)
        if t is Normal and x.head is _LIST:
            return [conv(a) for a in x.args]
        from gtnlang.graphs import value as V
        f = V._expr_float(x)
        if f is not None:
            return f
        raise ValueError
    try:
        arr = np.asarray(conv(e))
    except (ValueError, TypeError):
        return None
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        return None
    return arr


def result_to_expr(v):
    if isinstance(v, (tuple, list)):
        return Normal(_LIST, tuple(result_to_expr(x) for x in v))
    a = np.asarray(v)
    if a.shape == ():
        return Integer(int(a)) if np.issubdtype(a.dtype, np.integer) else Real(float(a))
    mk = (lambda x: Integer(int(x))) if np.issubdtype(a.dtype, np.integer) else (lambda x: Real(float(x)))

    def nest(x):
        if isinstance(x, list):
            return Normal(_LIST, tuple(nest(y) for y in x))
        return mk(x)
    return nest(a.tolist())


class Param:
    __slots__ = ("symbol", "type", "rank")

    def __init__(self, symbol, type_="Real", rank=None):
        self.symbol, self.type, self.rank = symbol, type_, rank


class CompiledFunction:
    """``Compile[{params}, body]``; call with :meth:`call_exprs` (language) or as a
    Python callable (``__gtn_to_python__``, JAX-traceable)."""

    def __init__(self, ev, params, body, precision=32, transform=None, source=None):
        self.ev = ev
        self.params = list(params)
        self.body = body
        self.precision = precision
        self.transform = transform            # None, "grad", "value_and_grad"
        self.source = source or self
        self.trace_count = 0
        self._jit = None
        self._vmap_jit = None

    # -- the traced function ---------------------------------------------------
    def _raw(self, *arrays):
        """Evaluate the body with the parameters bound to `arrays` (JAX values)."""
        src = self.source
        src.trace_count += 1
        ev = src.ev
        binds = tuple((p.symbol, Opaque(a, "JAXArray")) for p, a in zip(src.params, arrays))
        tok = ACTIVE.set(tuple(ACTIVE.get()) + binds)
        try:
            with contextlib.ExitStack() as stack:
                for sym, val in binds:
                    stack.enter_context(bound(ev, sym))(val)
                r = ev.evaluate(src.body)
            return to_jax_result(r, ev)
        finally:
            ACTIVE.reset(tok)

    def pyfunction(self):
        """The plain JAX-traceable Python function (with this value's transform)."""
        f = self._raw
        if self.transform == "grad":
            return jax.grad(self._scalar(f, "Grad"))
        if self.transform == "value_and_grad":
            return jax.value_and_grad(self._scalar(f, "ValueAndGrad"))
        return f

    def _scalar(self, f, who):
        """`f`, checked to give a real scalar (what jax.grad differentiates)."""
        def checked(*xs):
            v = f(*xs)
            if isinstance(v, list) or jnp.shape(v) != ():
                raise NonScalarError(
                    "cfscalar" if who == "Grad" else "scalar", Opaque(self.source, "CompiledFunction"),
                    result_dimensions(v), symbol=who)
            if not jnp.issubdtype(jnp.result_type(v), jnp.floating):
                v = jnp.asarray(v, jnp.float64 if self.precision == 64 else jnp.float32)
            return v
        return checked

    def __gtn_to_python__(self):
        fn = self.pyfunction()
        prec = self.precision

        def compiled(*xs):
            with x64_context(prec):
                return fn(*xs)
        compiled.__name__ = "gtnlang_compiled"
        compiled.__doc__ = f"Compiled gtnlang function of {', '.join(p.symbol.name for p in self.params)}"
        return compiled

    # -- arguments -------------------------------------------------------------
    def dtype(self, p):
        if p.type == "Integer":
            return jnp.int64 if self.precision == 64 else jnp.int32
        return jnp.float64 if self.precision == 64 else jnp.float32

    def convert(self, p, e, batched=False):
        arr = array_from_expr(e)
        want = None if p.rank is None else p.rank + (1 if batched else 0)
        if arr is None:
            raise CompileError("arg", p.symbol, e, self._expect(p, batched))
        if want is not None and np.ndim(arr) != want:
            raise CompileError("rank", p.symbol, e, self._expect(p, batched), Integer(np.ndim(arr)))
        return jnp.asarray(arr, self.dtype(p))

    def _expect(self, p, batched=False):
        from gtnlang.expr import String
        if p.rank is None:
            return String("a batch of numeric arrays" if batched else "a number or numeric array")
        r = p.rank + (1 if batched else 0)
        return String(f"a rank-{r} array of {'integers' if p.type == 'Integer' else 'reals'}")

    # -- calls -----------------------------------------------------------------
    def call(self, exprs):
        if len(exprs) != len(self.params):
            raise CompileError("argn", Integer(len(exprs)), Integer(len(self.params)))
        with x64_context(self.precision):
            xs = [self.convert(p, e) for p, e in zip(self.params, exprs)]
            if self._jit is None:
                self._jit = jax.jit(self.pyfunction())
            return self._run(self._jit, xs)

    def map(self, batch_expr):
        p = self.params[0]
        with x64_context(self.precision):
            xs = self.convert(p, batch_expr, batched=True)
            if self._vmap_jit is None:
                self._vmap_jit = jax.jit(jax.vmap(self.pyfunction()))
            return self._run(self._vmap_jit, [xs])

    def _run(self, fn, xs):
        try:
            out = fn(*xs)
        except CompileError:
            raise
        except jax.errors.ConcretizationTypeError as exc:
            raise CompileError("concrete", _exc_text(exc)) from None
        except jax.errors.TracerBoolConversionError as exc:
            raise CompileError("concrete", _exc_text(exc)) from None
        return jax.tree_util.tree_map(np.asarray, out)

    # -- printing --------------------------------------------------------------
    def __gtn_format__(self, form):
        from gtnlang.syntax.printer import format_expr
        src = self.source
        ps = ", ".join(p.symbol.name for p in src.params)
        text = f"CompiledFunction[{{{ps}}}, {format_expr(src.body, form)}, -CompiledCode-]"
        if self.transform == "grad":
            return f"Grad[{text}]"
        if self.transform == "value_and_grad":
            return f"ValueAndGrad[{text}]"
        return text


def _exc_text(exc):
    from gtnlang.expr import String
    return String(str(exc).split("\n")[0])
