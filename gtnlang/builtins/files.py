"""Files, streams and processes: Get (``<< file``), Needs, Put, PutAppend,
OpenWrite, OpenAppend, Write, WriteString, Close, ReadString, FileExistsQ,
Run.

``Get["file.gtn"]`` evaluates the statements of a file in the current
session, in order; its messages name the file and line (``file.gtn:3:``);
the value is that of the last statement.  A relative name is looked up in
the current directory, then next to the file being loaded, then in the
standard library.

``Needs["CTC`"]`` loads the standard-library file of a context once per
session: the context ``CTC``` is the file ``ctc.gtn`` (``A`B``` is
``a/b.gtn``), looked up in the folders of ``$GTNLANG_STDLIB`` (a
``os.pathsep``-separated list, first) and then in ``gtnlang/stdlib/``.

A sandboxed session (``Session(sandbox=True)``) refuses everything here that
reads or writes files or runs a process, with ``General::sandbox``, and gives
``$Failed``; ``Needs`` still loads the standard library (code shipped with
gtnlang, not the user's files).
"""

from __future__ import annotations

import os
import sys

from gtnlang.builtins.strings import message
from gtnlang.core.builtin import builtin
from gtnlang.expr import NULL, TRUE, FALSE, Integer, Normal, String, Symbol

__all__ = ["stdlib_paths", "context_file", "refuse_in_sandbox"]

_FAILED = Symbol("$Failed")
_OUTPUT_STREAM = Symbol("OutputStream")

_IO_MESSAGES = {"noopen": "Cannot open `1`.", "openx": "`1` is not open."}


def refuse_in_sandbox(ev, name: str) -> bool:
    """True (after the ``General::sandbox`` message) when `ev` is sandboxed."""
    if getattr(ev, "sandbox", False):
        ev.message("General", "sandbox", Symbol(name))
        return True
    return False


def stdlib_paths() -> list[str]:
    """The folders searched for standard-library files, in order."""
    paths = [p for p in os.environ.get("GTNLANG_STDLIB", "").split(os.pathsep) if p]
    paths.append(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "stdlib"))
    return paths


def context_file(context: str) -> str:
    """The relative file name of a context: ``CTC``` -> ``ctc.gtn``."""
    parts = [p for p in context.split("`") if p]
    return os.path.join(*(p.lower() for p in parts)) + ".gtn" if parts else ""


def _find_in(folders, name):
    for folder in folders:
        candidate = os.path.join(folder, name)
        if os.path.isfile(candidate):
            return candidate
    return None


def _resolve(ev, name: str) -> str | None:
    if name.endswith("`"):
        return _find_in(stdlib_paths(), context_file(name))
    if os.path.isabs(name):
        return name if os.path.isfile(name) else None
    folders = [""]   # the current directory, the name kept as given
    current = getattr(ev, "filename", None)
    if current and os.path.isfile(current):
        folders.append(os.path.dirname(os.path.abspath(current)))
    return _find_in(folders + stdlib_paths(), name)


def load_file(ev, path: str):
    """Evaluate the statements of the file at `path`; the last value, or $Failed."""
    from gtnlang.core.messages import Message
    from gtnlang.syntax.parser import ParseError, parse_statements

    try:
        with open(path, encoding="utf-8") as handle:
            source = handle.read()
    except (OSError, UnicodeDecodeError):
        message(ev, "Get", "noopen", String(path))
        return _FAILED
    saved = ev.filename, ev.line
    ev.filename = path
    value = NULL
    try:
        for statement in parse_statements(source, path):
            ev.line = statement.line
            value = ev.evaluate(statement.expr)
    except ParseError as error:
        if not ev.quiet:
            ev.on_message(Message("Syntax", "sntx", str(error), error.line, path))
        return _FAILED
    finally:
        ev.filename, ev.line = saved
    return value


@builtin(nargs=(1, 2), messages=_IO_MESSAGES,
         usage="<<name reads in a file, evaluating each expression in it and returning the last one.\n"
               "Get[\"file\"] is equivalent to <<file; Get[\"context`\"] loads a standard-library package.")
def Get(ev, expr):
    name = expr.args[0]
    if type(name) is not String:
        return None
    if refuse_in_sandbox(ev, "Get"):
        return _FAILED
    path = _resolve(ev, name.value)
    if path is None:
        message(ev, "Get", "noopen", name)
        return _FAILED
    return (load_file(ev, path),)


@builtin(nargs=(1, 2), messages={"nocont": "Context `1` was not created when Needs was evaluated."},
         usage="Needs[\"context`\"] loads an appropriate file if the specified context is not already loaded.\n"
               "Needs[\"context`\", \"file\"] loads file if the specified context is not already loaded.")
def Needs(ev, expr):
    context = expr.args[0]
    if type(context) is not String or not context.value.endswith("`"):
        return None
    loaded = ev.properties.setdefault("packages", set())
    if context.value in loaded:
        return NULL
    if len(expr.args) == 2:
        if type(expr.args[1]) is not String:
            return None
        if refuse_in_sandbox(ev, "Needs"):
            return _FAILED
        path = _resolve(ev, expr.args[1].value)
    else:
        path = _find_in(stdlib_paths(), context_file(context.value))
    if path is None:
        message(ev, "Get", "noopen", context)
        message(ev, "Needs", "nocont", context)
        return _FAILED
    loaded.add(context.value)
    result = load_file(ev, path)
    if result is _FAILED:
        loaded.discard(context.value)
        return _FAILED
    return NULL


# ---------------------------------------------------------------------------
# Writing

def _input_form(expr) -> str:
    from gtnlang.syntax.printer import format_expr
    return format_expr(expr, "InputForm")


def _write_exprs(ev, name: str, exprs, mode: str, symbol: str):
    try:
        with open(name, mode, encoding="utf-8") as handle:
            for e in exprs:
                handle.write(_input_form(e) + "\n")
    except OSError:
        message(ev, symbol, "noopen", String(name))
        return _FAILED
    return NULL


@builtin(messages=_IO_MESSAGES, nargs=(1, None), usage="expr >> filename writes expr to a file.\n"
                                 "Put[expr1, expr2, ..., \"filename\"] writes a sequence of expressions to a file.")
def Put(ev, expr):
    target = expr.args[-1]
    if type(target) is not String:
        return None
    if refuse_in_sandbox(ev, "Put"):
        return _FAILED
    return _write_exprs(ev, target.value, expr.args[:-1], "w", "Put")


@builtin(messages=_IO_MESSAGES, nargs=(1, None), usage="expr >>> filename appends expr to a file.\n"
                                 "PutAppend[expr1, expr2, ..., \"filename\"] appends a sequence of expressions to a file.")
def PutAppend(ev, expr):
    target = expr.args[-1]
    if type(target) is not String:
        return None
    if refuse_in_sandbox(ev, "PutAppend"):
        return _FAILED
    return _write_exprs(ev, target.value, expr.args[:-1], "a", "PutAppend")


def _streams(ev) -> dict:
    return ev.properties.setdefault("streams", {})


def _open(ev, expr, mode: str, symbol: str):
    if refuse_in_sandbox(ev, symbol):
        return _FAILED
    if expr.args:
        if type(expr.args[0]) is not String:
            return None
        name = expr.args[0].value
    else:
        import tempfile
        handle, name = tempfile.mkstemp(prefix="gtn", suffix=".txt")
        os.close(handle)
    try:
        handle = open(name, mode, encoding="utf-8")
    except OSError:
        message(ev, symbol, "noopen", String(name))
        return _FAILED
    streams = _streams(ev)
    number = ev.properties.get("stream_number", 2) + 1
    ev.properties["stream_number"] = number
    streams[number] = (name, handle)
    return Normal(_OUTPUT_STREAM, (String(name), Integer(number)))


@builtin(messages=_IO_MESSAGES, nargs=(0, 1), usage="OpenWrite[\"file\"] opens a file to write output to it, and returns an OutputStream object.\n"
                              "OpenWrite[] opens a new temporary file.")
def OpenWrite(ev, expr):
    return _open(ev, expr, "w", "OpenWrite")


@builtin(messages=_IO_MESSAGES, nargs=(0, 1), usage="OpenAppend[\"file\"] opens a file to append output to it, and returns an OutputStream object.")
def OpenAppend(ev, expr):
    return _open(ev, expr, "a", "OpenAppend")


def _stream_handle(ev, target, symbol: str):
    """The open file handle for an OutputStream or a file name (opened on first use)."""
    streams = _streams(ev)
    if type(target) is Normal and target.has_head("OutputStream") and len(target.args) == 2 \
            and type(target.args[1]) is Integer:
        entry = streams.get(target.args[1].value)
        if entry is None:
            message(ev, symbol, "openx", target)
            return None
        return entry[1]
    if type(target) is String:
        for name, handle in streams.values():
            if name == target.value:
                return handle
        opened = _open(ev, Normal(Symbol(symbol), (target,)), "w", symbol)
        if opened is _FAILED or opened is None:
            return None
        return streams[opened.args[1].value][1]
    return None


@builtin(nargs=(1, None), messages=_IO_MESSAGES,
         usage="WriteString[stream, \"string\"] writes \"string\" to the specified output stream (or file name).")
def WriteString(ev, expr):
    if refuse_in_sandbox(ev, "WriteString"):
        return _FAILED
    handle = _stream_handle(ev, expr.args[0], "WriteString")
    if handle is None:
        return None
    from gtnlang.syntax.printer import format_expr
    handle.write("".join(a.value if type(a) is String else format_expr(a, "OutputForm") for a in expr.args[1:]))
    handle.flush()
    return NULL


@builtin(messages=_IO_MESSAGES, nargs=(1, None), usage="Write[stream, expr1, expr2, ...] writes the expressions in sequence, followed by a newline, to the specified output stream.")
def Write(ev, expr):
    if refuse_in_sandbox(ev, "Write"):
        return _FAILED
    handle = _stream_handle(ev, expr.args[0], "Write")
    if handle is None:
        return None
    handle.write("".join(_input_form(a) for a in expr.args[1:]) + "\n")
    handle.flush()
    return NULL


@builtin(messages=_IO_MESSAGES, nargs=1, usage="Close[stream] closes a stream and returns the name of its file.")
def Close(ev, expr):
    target = expr.args[0]
    streams = _streams(ev)
    for number, (name, handle) in list(streams.items()):
        if (type(target) is Normal and target.has_head("OutputStream") and len(target.args) == 2
                and target.args[1] == Integer(number)) or (type(target) is String and target.value == name):
            handle.close()
            del streams[number]
            return String(name)
    message(ev, "Close", "openx", target)
    return None


# ---------------------------------------------------------------------------
# Reading and processes

@builtin(messages=_IO_MESSAGES, nargs=1, usage="ReadString[\"file\"] reads the complete contents of a file and returns them as a string.")
def ReadString(ev, expr):
    name = expr.args[0]
    if type(name) is not String:
        return None
    if refuse_in_sandbox(ev, "ReadString"):
        return _FAILED
    try:
        with open(name.value, encoding="utf-8") as handle:
            return String(handle.read())
    except (OSError, UnicodeDecodeError):
        message(ev, "ReadString", "noopen", name)
        return _FAILED


@builtin(messages=_IO_MESSAGES, nargs=1, usage="FileExistsQ[\"name\"] gives True if the file with the specified name exists, and gives False otherwise.")
def FileExistsQ(ev, expr):
    name = expr.args[0]
    if type(name) is not String:
        return None
    if refuse_in_sandbox(ev, "FileExistsQ"):
        return _FAILED
    return TRUE if os.path.exists(name.value) else FALSE


@builtin(messages=_IO_MESSAGES, nargs=(1, None), usage="Run[expr1, expr2, ...] runs the external command given by the expressions (separated by spaces) and returns its exit code.")
def Run(ev, expr):
    if refuse_in_sandbox(ev, "Run"):
        return _FAILED
    import subprocess
    from gtnlang.syntax.printer import format_expr
    command = " ".join(a.value if type(a) is String else format_expr(a, "InputForm") for a in expr.args)
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        completed = subprocess.run(command, shell=True)
    except OSError:
        return _FAILED
    return Integer(completed.returncode)
