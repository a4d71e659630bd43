"""The system: $Version, $VersionNumber, $ScriptCommandLine, $CommandLine,
Pause, TimeConstrained, MemoryConstrained, Environment, Names.

TimeConstrained and MemoryConstrained share one mechanism: a watcher (a
`threading.Timer`, or a polling thread for memory) asks the evaluator to stop
by setting ``ev.abort_requested``; the evaluator raises `AbortEvaluation` at
its next step, and the constrained call that asked catches it and gives
``$Aborted`` (or its failexpr).  Each active constraint is a frame on
``ev.properties["constraints"]``; a frame's watcher acts only while the frame
is live (a lock and a `done` flag), so a timer that fires after its
evaluation finished does nothing.  When several nested constraints have
fired, the outermost one wins, as its whole evaluation is over; an abort that
no constraint asked for (Abort[], Ctrl-C) passes through untouched.

Limits of the approach: the evaluator checks for aborts between evaluation
steps, so a single long-running Python call (a big sympy Factor, say) is
interrupted only when it returns to the evaluator.

MemoryConstrained uses `tracemalloc` (started for the duration if it is not
already running, which slows allocation while it runs): a thread polls the
traced memory every few milliseconds and aborts when the memory allocated
since the start exceeds the limit; a `MemoryError` inside the evaluation also
gives the failexpr.  tracemalloc sees Python and numpy allocations of the
whole process, not those of other native libraries.
"""

from __future__ import annotations

import os
import sys
import threading
import time

from gtnlang.builtins.strings import message, wildcard_regex
from gtnlang.core.builtin import builtin, define
from gtnlang.core.evaluator import AbortEvaluation
from gtnlang.expr import NULL, Expr, Integer, Normal, Rational, Real, String, Symbol

_LIST = Symbol("List")
_ABORTED = Symbol("$Aborted")
_FAILED = Symbol("$Failed")
_INFINITY = Symbol("Infinity")

VERSION = "0.1.0"

define("$Version", value=String(f"gtnlang {VERSION} (Python {sys.version.split()[0]}, {sys.platform})"),
       usage="$Version is a string that represents the version of the gtnlang system being run.")
define("$VersionNumber", value=Real(float(VERSION.rsplit(".", 1)[0])),
       usage="$VersionNumber is a real number which gives the current gtnlang version number.")
define("$ScriptCommandLine", value=Normal(_LIST, ()),
       usage="$ScriptCommandLine is a list of strings that gives the elements of the command line when a script is run: the script name and its arguments.")
define("$CommandLine", value=Normal(_LIST, tuple(String(a) for a in sys.argv)),
       usage="$CommandLine is a list of strings giving the elements of the original command line used to start the program.")
define("$OperatingSystem", value=String({"linux": "Unix", "darwin": "MacOSX", "win32": "Windows"}.get(sys.platform, "Unix")),
       usage="$OperatingSystem is a string giving the type of operating system under which the program is being run.")
define("$ProcessID", value=Integer(os.getpid()),
       usage="$ProcessID gives the ID assigned to the process by the operating system.")


def _seconds(expr: Expr):
    """A non-negative number of seconds as a float, inf for Infinity; else None."""
    t = type(expr)
    if t is Integer or t is Real:
        value = float(expr.value)
    elif t is Rational:
        value = float(expr.value)
    elif expr is _INFINITY or (type(expr) is Normal and expr.has_head("DirectedInfinity")
                               and expr.args == (Integer(1),)):
        return float("inf")
    else:
        return None
    return value if value >= 0 else None


@builtin(nargs=1, messages={"numnm": "Non-negative machine-sized number expected at position 1 in `1`."},
         usage="Pause[n] pauses for at least n seconds.")
def Pause(ev, expr):
    seconds = _seconds(expr.args[0])
    if seconds is None or seconds == float("inf"):
        message(ev, "Pause", "numnm", expr)
        return None
    end = time.monotonic() + seconds
    while True:
        ev.check_abort()
        left = end - time.monotonic()
        if left <= 0:
            return NULL
        time.sleep(min(left, 0.01))


# ---------------------------------------------------------------------------
# Constrained evaluation

class _Constraint:
    """One active TimeConstrained/MemoryConstrained; its watcher calls fire()."""

    def __init__(self, ev):
        self.ev = ev
        self.lock = threading.Lock()
        self.done = False
        self.fired = False

    def fire(self):
        with self.lock:
            if self.done:
                return
            self.fired = True
            self.ev.abort_requested = True

    def finish(self):
        with self.lock:
            self.done = True


def _constrained(ev, body: Expr, fail: Expr, start_watch) -> Expr:
    """Evaluate `body` under a watcher; `fail` if the watcher fired."""
    stack = ev.properties.setdefault("constraints", [])
    frame = _Constraint(ev)
    stack.append(frame)
    stop_watch = start_watch(frame)
    try:
        try:
            result = ev.evaluate(body)
        except AbortEvaluation:
            frame.finish()
            stop_watch()
            owner = next((f for f in stack if f.fired), None)
            if owner is frame:
                ev.abort_requested = False
                return fail
            raise
        except MemoryError:
            frame.finish()
            stop_watch()
            return fail
        frame.finish()
        stop_watch()
        if frame.fired and not any(f.fired for f in stack if f is not frame):
            # Fired just as the evaluation ended: it finished, so keep its
            # value, and withdraw the request so that nothing else aborts.
            ev.abort_requested = False
        return result
    finally:
        if stack and stack[-1] is frame:
            stack.pop()
        elif frame in stack:
            stack.remove(frame)


_TIMC = {"timc": "Number of seconds `1` is not a positive machine-sized number or Infinity."}


@builtin(attributes=("HoldAll", "Protected"), nargs=(2, 3), messages=_TIMC,
         usage="TimeConstrained[expr, t] evaluates expr, stopping after t seconds.\n"
               "TimeConstrained[expr, t, failexpr] returns failexpr if the time constraint is not met.")
def TimeConstrained(ev, expr):
    body = expr.args[0]
    limit = ev.evaluate(expr.args[1])
    seconds = _seconds(limit)
    if seconds is None or seconds == 0:
        message(ev, "TimeConstrained", "timc", limit)
        return None
    fail = expr.args[2] if len(expr.args) == 3 else _ABORTED
    if seconds == float("inf"):
        return body

    def watch(frame):
        timer = threading.Timer(seconds, frame.fire)
        timer.daemon = True
        timer.start()
        return timer.cancel

    return _constrained(ev, body, fail, watch)


@builtin(attributes=("HoldAll", "Protected"), nargs=(2, 3),
         messages={"ipnfm": "Non-negative machine-sized integer or Infinity expected at position 2 in `1`."},
         usage="MemoryConstrained[expr, b] evaluates expr, stopping if more than b bytes of memory are requested.\n"
               "MemoryConstrained[expr, b, failexpr] returns failexpr if the memory constraint is not met.")
def MemoryConstrained(ev, expr):
    body = expr.args[0]
    limit = ev.evaluate(expr.args[1])
    if _seconds(limit) == float("inf"):
        return body
    if type(limit) is not Integer or limit.value < 0:
        message(ev, "MemoryConstrained", "ipnfm", expr)
        return None
    fail = expr.args[2] if len(expr.args) == 3 else _ABORTED
    budget = limit.value

    def watch(frame):
        import tracemalloc
        started_here = not tracemalloc.is_tracing()
        if started_here:
            tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        stop = threading.Event()

        def poll():
            while not stop.wait(0.002):
                if tracemalloc.is_tracing() and tracemalloc.get_traced_memory()[0] - base > budget:
                    frame.fire()
                    return

        thread = threading.Thread(target=poll, name="gtnlang-memory-watch", daemon=True)
        thread.start()

        def stop_watch():
            stop.set()
            thread.join()
            if started_here:
                tracemalloc.stop()

        return stop_watch

    return _constrained(ev, body, fail, watch)


# ---------------------------------------------------------------------------
# The environment and the symbol table

@builtin(nargs=1, usage="Environment[\"var\"] gives the value of an operating system environment variable.")
def Environment(ev, expr):
    name = expr.args[0]
    if type(name) is not String:
        return None
    if ev.sandbox:
        message(ev, "General", "sandbox", Symbol("Environment"))
        return _FAILED
    value = os.environ.get(name.value)
    return String(value) if value is not None else _FAILED


@builtin(nargs=(0, 2),
         usage="Names[\"string\"] gives a list of the names of symbols which match the string.\n"
               "Names[patt] gives a list of names matching the arbitrary string pattern patt.")
def Names(ev, expr):
    import re

    names = ev.definitions.names()
    if not expr.args:
        pattern = None
    else:
        spec = expr.args[0]
        if type(spec) is String:
            pattern = re.compile(wildcard_regex(spec.value), re.DOTALL)
        elif type(spec) is Normal and spec.has_head("List") and all(type(a) is String for a in spec.args):
            pattern = re.compile("|".join(f"(?:{wildcard_regex(a.value)})" for a in spec.args), re.DOTALL)
        else:
            from gtnlang.builtins.strings import BadStringPattern, StringPattern
            try:
                pattern = StringPattern(ev, [(spec, None, False)]).regex
            except BadStringPattern:
                return None
    selected = [n for n in names if pattern is None or pattern.fullmatch(n)]
    return Normal(_LIST, tuple(String(n) for n in selected))
