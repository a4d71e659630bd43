"""The embedding API: one `Session` holds one independent set of definitions.

>>> from gtnlang import Session
>>> s = Session()
>>> str(s.eval("f[x_] := x^2; f[3]"))
'9'
>>> s.format(s.eval("x^2 y"), "InputForm")
'x^2*y'

``s.eval`` never raises: a statement that does not parse is reported as a
``Syntax::sntx`` message (line, column and caret) and nothing of it runs; a
runtime problem is a Mathematica-style message and evaluation goes on.
``s.messages`` lists the messages of the last call.
"""

from __future__ import annotations

import sys
import threading
from fractions import Fraction

from gtnlang.core.definitions import Definitions
from gtnlang.core.evaluator import (
    AbortEvaluation, BreakSignal, ContinueSignal, Evaluator, ExitRequest,
    ReturnSignal, ThrowSignal,
)
from gtnlang.core.messages import Message
from gtnlang.expr import (
    FALSE, NULL, TRUE, Complex, Expr, Expression, Integer, Normal, Opaque,
    Rational, Real, String, Symbol,
)

__all__ = ["Session"]

# Deep but legitimate recursion (fib[200] memoised, $RecursionLimit = 1024)
# needs more Python frames and C stack than the defaults; evaluation runs on a
# worker thread with a large stack.
_STACK_SIZE = 512 * 1024 * 1024
_PYTHON_RECURSION_LIMIT = 200_000

_FAILED = Symbol("$Failed")
_ABORTED = Symbol("$Aborted")
_HOLD = Symbol("Hold")


def _load_builtins() -> None:
    import gtnlang.builtins  # noqa: F401  (registers every builtin module)


class SessionBusyError(RuntimeError):
    """A session is used from two threads at once."""


class Session:
    """An independent gtnlang session (definitions, history, messages).

    `sandbox=True` refuses file, process, environment and Python access
    (``Get``, ``Put``, ``Run``, ``OpenWrite``, ``Import``, ``Export``,
    ``Environment``, ...: each gives a ``General::sandbox`` message).
    `print_messages` (default True) also writes each message to standard
    error as it happens; `print_output` sends ``Print`` to standard output
    (otherwise it is collected in ``s.output``).  A front end may replace
    `message_writer` / `output_writer` (callables taking the text) to
    colour or redirect what is printed.

    A session is used from one thread at a time: a second thread calling
    into a busy session gets `SessionBusyError`.  Ctrl-C (KeyboardInterrupt)
    during ``eval`` aborts the evaluation (the statement's value is
    ``$Aborted``, the statements after it do not run, the session stays
    usable) and is then raised again to the caller.
    """

    def __init__(self, *, sandbox: bool = False, print_messages: bool = True,
                 print_output: bool = True):
        _load_builtins()
        self.definitions = Definitions()
        self.messages: list[str] = []
        self.message_records: list[Message] = []
        self.output: list[str] = []
        self.print_messages = print_messages
        self.print_output = print_output
        self.evaluator = Evaluator(self.definitions, on_message=self._on_message,
                                   on_print=self._on_print)
        self.evaluator.sandbox = sandbox
        self.evaluator.properties["session"] = self
        self.sandbox = sandbox
        self._busy = threading.Lock()
        self.filename = "<input>"
        # Set by Exit[n] / Quit[n]; the statements after it do not run.
        self.exit_code: int | None = None
        # Set when a statement ended with an uncaught error (an uncaught
        # Throw, Abort[], an internal error, memory exhausted): its message.
        # The script runner stops there and exits 1.
        self.uncaught_error: str | None = None
        # True when the last call was interrupted (Ctrl-C).
        self.interrupted = False
        self.message_writer = None
        self.output_writer = None

    # --- output channels ------------------------------------------------------

    def _on_message(self, message: Message) -> None:
        self.messages.append(str(message))
        self.message_records.append(message)
        if self.print_messages:
            text = format_message(message)
            if self.message_writer is not None:
                self.message_writer(text)
            else:
                print(text, file=sys.stderr, flush=True)

    def _on_print(self, text: str) -> None:
        self.output.append(text)
        if self.print_output:
            if self.output_writer is not None:
                self.output_writer(text)
            else:
                print(text, flush=True)

    # --- evaluation --------------------------------------------------------------

    def eval(self, source: str, filename: str = "<input>") -> Expr:
        """Parse and evaluate `source`; the value of its last statement."""
        self._start_call()
        return self._run(lambda: self._eval_source(source, filename))

    def evaluate(self, expr: Expr) -> Expr:
        """Evaluate an expression built in Python."""
        self._start_call()

        def work():
            try:
                return self._evaluate_statement(expr, None)
            except ExitRequest as request:
                self.exit_code = request.code
                return NULL
        return self._run(work)

    def run_statements(self, source: str, filename: str = "<input>", on_result=None,
                       stop_on_error: bool = False):
        """Evaluate each statement of `source`, calling on_result(value, statement).

        Returns None on success, or the ParseError met (statements before it
        ran).  With `stop_on_error`, the statements after one that ended with
        an uncaught error (see `uncaught_error`) do not run.
        """
        self._start_call()
        return self._run(lambda: self._run_statements(source, filename, on_result, stop_on_error))

    def _start_call(self) -> None:
        """Messages and printed output are those of the last call only."""
        self.messages = []
        self.message_records = []
        self.output = []

    @property
    def busy(self) -> bool:
        """True while an evaluation is running (in any thread)."""
        return self._busy.locked()

    def _run(self, work):
        if not self._busy.acquire(blocking=False):
            raise SessionBusyError("this Session is already evaluating in another thread; "
                                   "use one Session per thread")
        self.uncaught_error = None
        self.interrupted = False
        self.evaluator.abort_requested = False
        # The worker releases the lock when it is done, so that a caller
        # that gave up waiting (repeated Ctrl-C) cannot start a second
        # evaluation while the first is still running.
        return _run_with_deep_stack(work, self._busy.release, self._interrupt)

    def _interrupt(self) -> None:
        self.interrupted = True
        self.abort()

    def _eval_source(self, source: str, filename: str) -> Expr:
        result = [NULL]

        def keep(value, statement):
            result[0] = value

        error = self._run_statements(source, filename, keep)
        if error is not None:
            return _FAILED
        return result[0]

    def _run_statements(self, source, filename, on_result, stop_on_error=False):
        from gtnlang.syntax.parser import ParseError, parse_statements
        self.filename = filename
        self.evaluator.filename = filename
        try:
            for statement in parse_statements(source, filename):
                try:
                    value = self._evaluate_statement(statement.expr, statement.line, source=statement.source)
                except ExitRequest as request:
                    self.exit_code = request.code
                    return None
                if on_result is not None:
                    on_result(value, statement)
                if self.interrupted or (stop_on_error and self.uncaught_error is not None):
                    return None
        except ParseError as error:
            self._on_message(Message("Syntax", "sntx", str(error), error.line, filename))
            return error
        return None

    def _evaluate_statement(self, expr: Expr, line, source=None) -> Expr:
        ev = self.evaluator
        ev.line = line
        line_value = ev.definition(Symbol("$Line")).own_value
        number = line_value.value if type(line_value) is Integer else 1
        if source is not None:
            ev.properties.setdefault("inputs", {})[number] = expr
        try:
            value = ev.top_level(expr)
        except AbortEvaluation:
            ev.abort_requested = False
            value = _ABORTED
            if not self.interrupted:
                self.uncaught_error = "Abort[]"
        except ReturnSignal as signal:
            value = signal.value
        except ThrowSignal as signal:
            thrown = Expression("Throw", signal.value) if signal.tag is None else \
                Expression("Throw", signal.value, signal.tag)
            self._on_message(Message("Throw", "nocatch",
                                     f"Uncaught {ev.short_form(thrown)} returned to top level.",
                                     ev.line, ev.filename))
            self.uncaught_error = "uncaught Throw"
            value = Expression("Hold", thrown)
        except (BreakSignal, ContinueSignal) as signal:
            name = "Break" if isinstance(signal, BreakSignal) else "Continue"
            value = Expression("Hold", Expression(name))
        except RecursionError:
            ev.message("$RecursionLimit", "reclim2", Integer(ev.recursion_limit), Expression("HoldForm", expr))
            value = Expression("Hold", expr)
        except ExitRequest:
            raise
        except MemoryError:
            ev.message("General", "nomem")
            self.uncaught_error = "out of memory"
            value = _ABORTED
        except Exception as error:  # a bug in a builtin must not kill the session
            ev.message("General", "python", String(f"internal error: {type(error).__name__}: {error}"))
            self.uncaught_error = "internal error"
            value = _FAILED
        ev.definition(Symbol("Out")).exact_values[Normal(Symbol("Out"), (Integer(number),))] = value
        ev.definition(Symbol("$Line")).own_value = Integer(number + 1)
        return value

    def abort(self) -> None:
        """Ask the running evaluation to stop (it returns $Aborted); thread-safe."""
        self.evaluator.abort_requested = True

    # --- conversion and formatting -----------------------------------------------------

    def format(self, value: Expr, form: str = "OutputForm") -> str:
        """The text of `value` in `form` ("OutputForm", "InputForm", "FullForm")."""
        from gtnlang.syntax.printer import format_expr
        return format_expr(value, form)

    def to_python(self, value: Expr):
        """A Python value for an expression; expressions with no Python equivalent stay Expr."""
        return to_python(value)

    def from_python(self, obj) -> Expr:
        """An expression for a Python value."""
        return from_python(obj)

    def function(self, name: str):
        """A Python callable for the gtnlang function `name` (arguments converted both ways).

        When `name` holds a compiled function (``f = Compile[...]``), its own
        (JAX-traceable) callable is returned.
        """
        head = Symbol(name)
        definition = self.definitions.lookup(name)
        own = getattr(definition, "own_value", None)
        if type(own) is Opaque:
            converted = to_python(own)
            if callable(converted):
                return converted

        def call(*args):
            return self.to_python(self.evaluate(Normal(head, tuple(from_python(a) for a in args))))

        call.__name__ = name
        return call


def format_message(message: Message) -> str:
    """A message as printed: ``FILE:LINE: Tag::name: text`` (no location for
    interactive input); a syntax error as ``FILE:LINE:COL: syntax error: ...``
    with the source line and a caret."""
    located = message.filename and message.filename != "<input>" and message.line
    if message.symbol == "Syntax" and message.tag == "sntx" and located:
        return message.text
    if located:
        return f"{message.filename}:{message.line}: {message}"
    return str(message)


# Ctrl-C pressed this many times while an evaluation does not stop gives up
# waiting for it (KeyboardInterrupt while the worker still runs).
_INTERRUPTS_BEFORE_GIVING_UP = 3


def _run_with_deep_stack(work, release=None, on_interrupt=None):
    """Run `work` on a thread with a deep stack; the calling thread waits.

    `release` is called by the worker when it is done.  Ctrl-C (SIGINT)
    while waiting calls `on_interrupt` (which asks the evaluation to abort),
    waits for the worker, then raises KeyboardInterrupt; after a few of them
    the caller stops waiting and the worker finishes on its own.  In the main
    thread, with Python's default SIGINT handler, a handler of our own is
    installed for the duration, so that the interrupt never surfaces at an
    arbitrary point (while the worker is being started, say).
    """
    import signal

    if sys.getrecursionlimit() < _PYTHON_RECURSION_LIMIT:
        sys.setrecursionlimit(_PYTHON_RECURSION_LIMIT)
    outcome = {}
    done = threading.Event()
    interrupts = [0]

    def target():
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed back to the calling thread
            outcome["error"] = error
        finally:
            if release is not None:
                release()
            done.set()

    def interrupted():
        interrupts[0] += 1
        if on_interrupt is None or interrupts[0] >= _INTERRUPTS_BEFORE_GIVING_UP:
            raise KeyboardInterrupt
        on_interrupt()

    own_handler = False
    previous_handler = None
    if (on_interrupt is not None and threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGINT) is signal.default_int_handler):
        previous_handler = signal.signal(signal.SIGINT, lambda signum, frame: interrupted())
        own_handler = True
    try:
        previous = threading.stack_size()
        threading.stack_size(_STACK_SIZE)
        thread = None
        try:
            thread = threading.Thread(target=target, name="gtnlang-eval", daemon=True)
            thread.start()
        except BaseException:
            if not done.is_set() and (thread is None or thread.ident is None) and release is not None:
                release()
            raise
        finally:
            threading.stack_size(previous)
        # Event.wait, not Thread.join: a KeyboardInterrupt inside join() can
        # leave the thread looking finished while it still runs.
        while not done.is_set():
            try:
                done.wait(0.05)
            except KeyboardInterrupt:
                if own_handler:     # raised by interrupted(): give up waiting
                    raise
                interrupted()
    finally:
        if own_handler:
            signal.signal(signal.SIGINT, previous_handler)
    if "error" in outcome:
        raise outcome["error"]
    if interrupts[0]:
        raise KeyboardInterrupt
    return outcome.get("value")


def to_python(value: Expr):
    """Integers to int, rationals to Fraction, reals to float, lists to lists, ...

    >>> to_python(Expression("List", Integer(1), Rational(Fraction(1, 2))))
    [1, Fraction(1, 2)]
    """
    t = type(value)
    if t is Integer:
        return value.value
    if t is Rational:
        return value.value
    if t is Real:
        return float(value.value) if value.precision is None else value.value
    if t is Complex:
        return complex(float(to_python(value.re)), float(to_python(value.im)))
    if t is String:
        return value.value
    if t is Opaque:
        converter = getattr(value.value, "__gtn_to_python__", None)
        return converter() if converter is not None else value.value
    if value is TRUE:
        return True
    if value is FALSE:
        return False
    if value is NULL:
        return None
    if t is Symbol and value.name == "Infinity":
        return float("inf")
    if t is Normal:
        if value.has_head("List"):
            array = getattr(value, "array", None)
            if array is not None:
                return array
            return [to_python(a) for a in value.args]
        if value.has_head("DirectedInfinity") and len(value.args) == 1:
            direction = to_python(value.args[0])
            if direction in (1, -1):
                return float("inf") * direction
        if value.has_head("Association"):
            return {to_python(r.args[0]): to_python(r.args[1]) for r in value.args if len(r.args) == 2}
    return value


def from_python(obj) -> Expr:
    """The expression for a Python value (numbers, strings, lists, numpy arrays, dicts)."""
    if isinstance(obj, Expr):
        return obj
    if obj is None:
        return NULL
    if isinstance(obj, bool):
        return TRUE if obj else FALSE
    if isinstance(obj, int):
        return Integer(obj)
    if isinstance(obj, float):
        if obj == float("inf"):
            return Expression("DirectedInfinity", Integer(1))
        if obj == float("-inf"):
            return Expression("DirectedInfinity", Integer(-1))
        return Real(obj)
    if isinstance(obj, Fraction):
        return Integer(obj.numerator) if obj.denominator == 1 else Rational(obj)
    if isinstance(obj, complex):
        return Complex(Real(obj.real), Real(obj.imag))
    if isinstance(obj, str):
        return String(obj)
    if isinstance(obj, dict):
        return Expression("Association", *(Expression("Rule", from_python(k), from_python(v))
                                           for k, v in obj.items()))
    if isinstance(obj, (list, tuple)):
        return Expression("List", *(from_python(x) for x in obj))
    module = type(obj).__module__.split(".")[0]
    if module == "numpy":
        import numpy as np
        if isinstance(obj, np.ndarray):
            return from_python(obj.tolist())
        return from_python(obj.item())
    if module in ("jax", "jaxlib"):
        return Opaque(obj, "JAXArray")
    return Opaque(obj, type(obj).__name__)
