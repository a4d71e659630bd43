"""The gtnlang parser: source text to expressions (what ``FullForm[Hold[...]]`` shows).

>>> from gtnlang.syntax.parser import parse
>>> parse("f[x_] := x^2 + 1")
Expression(Symbol('SetDelayed'), ...)

API
---
``parse(text)``
    The whole text as one expression.  Several top-level statements become
    one ``CompoundExpression`` (a statement ending in ``;`` contributes its
    parts; the last one keeps its trailing ``Null``).  Empty text is ``Null``.
``parse_statements(text, filename="<input>")``
    Lazily yields ``Statement(expr, line, column, source)`` per top-level
    statement; raises `ParseError` on reaching one that does not parse.
``is_complete(text)``
    False while the input is unfinished (open bracket, string or comment, or
    ending in an operator that needs an operand); True otherwise, including
    definite syntax errors.

How it works
------------
The grammar is ``gtnlang/grammar/gtnlang.lark``.  Lark compiles it to LALR(1)
tables, which are shipped as ``gtnlang/syntax/parse_table.py`` (regenerate with
``python -m gtnlang.syntax.parser --regen`` after editing the grammar; a stale
table is detected by the grammar's hash and rebuilt, then cached in the user
cache directory, so a forgotten regeneration costs only start-up time).
This module drives the tables itself, with tokens from `gtnlang.syntax.lexer`:
that keeps import cheap (no Lark import), lets a top-level newline end a
statement exactly when the parser could accept end-of-input there, and costs
about one reduction per token.  Operator chains are collected flat and the
Wolfram precedence table is applied by `gtnlang.syntax.parse_ops.resolve`.

Statements: at bracket depth 0 a newline ends the statement when what precedes
it is a complete expression (``a +`` newline ``b`` is one statement).  Inside
(), [], {}, <| |> newlines are whitespace.
"""

from __future__ import annotations

import gc
import hashlib
import os
import sys
from pathlib import Path
from typing import Iterator, NamedTuple

from gtnlang.expr import Expr, Normal, Symbol
from gtnlang.syntax.lexer import LexError, LexState, tokenize
from gtnlang.syntax.parse_ops import IMPLICIT as _IMPLICIT, ResolveError, resolve

__all__ = ["parse", "parse_statements", "is_complete", "ParseError", "Statement"]

GRAMMAR_PATH = Path(__file__).resolve().parent.parent / "grammar" / "gtnlang.lark"
_TABLE_FORMAT = "1"


class ParseError(Exception):
    """A syntax error.  ``str(e)`` is ``file:line:col: syntax error: msg``,
    then the source line and a caret under the offending token.

    `incomplete` is True when the input ended too early (more input could
    still make it parse): `is_complete` uses it.
    """

    def __init__(self, message: str, line: int = 1, column: int = 1,
                 source_line: str = "", filename: str = "<input>",
                 incomplete: bool = False):
        super().__init__(message, line, column, source_line, filename, incomplete)
        self.message = message
        self.line = line
        self.column = column
        self.source_line = source_line
        self.filename = filename
        self.incomplete = incomplete

    def __str__(self):
        caret = "".join("\t" if c == "\t" else " "
                        for c in self.source_line[:self.column - 1])
        return (f"{self.filename}:{self.line}:{self.column}: syntax error: {self.message}\n"
                f"  {self.source_line}\n  {caret}^")


class Statement(NamedTuple):
    """One top-level statement: its expression, where it starts (1-based) and its text."""

    expr: Expr
    line: int
    column: int
    source: str


# ---------------------------------------------------------------------------
# tables

def _grammar_sha(text: str) -> str:
    return hashlib.sha256((_TABLE_FORMAT + "\n" + text).encode("utf-8")).hexdigest()


def build_tables(grammar_text: str) -> dict:
    """Compile the grammar with Lark (strict LALR: conflicts are errors)."""
    from lark import Lark
    from lark.lexer import Lexer
    from lark.parsers.lalr_analysis import Shift

    class _NoLexer(Lexer):   # tokens come from gtnlang.syntax.lexer
        def __init__(self, conf):
            pass

        def lex(self, *args):   # pragma: no cover
            raise NotImplementedError

    lark = Lark(grammar_text, parser="lalr", lexer=_NoLexer, strict=True)
    table = lark.parser.parser.parser.parse_table
    rules: list = []
    index: dict = {}
    action = []
    for state in range(len(table.states)):
        row = {}
        for sym, (act, arg) in table.states[state].items():
            if act is Shift:
                row[str(sym)] = arg
            else:
                r = index.get(arg)
                if r is None:
                    r = index[arg] = len(rules)
                    rules.append((str(arg.origin.name), len(arg.expansion),
                                  str(arg.alias or arg.origin.name)))
                row[str(sym)] = ~r
        action.append(row)
    return {"sha": _grammar_sha(grammar_text), "action": action, "rules": rules,
            "start": table.start_states["start"], "end": table.end_states["start"]}


def _cache_file(sha: str) -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "gtnlang" / f"parser-{sha[:20]}-py{sys.version_info[0]}{sys.version_info[1]}.pickle"


def _load_tables() -> dict:
    try:
        grammar_text = GRAMMAR_PATH.read_text(encoding="utf-8")
        sha = _grammar_sha(grammar_text)
    except OSError:   # grammar not installed as a file: trust the shipped table
        grammar_text = sha = None
    try:
        from gtnlang.syntax import parse_table
        if sha is None or parse_table.SHA == sha:
            return {"sha": sha, "action": parse_table.ACTION, "rules": parse_table.RULES,
                    "start": parse_table.START, "end": parse_table.END}
    except Exception:   # missing or broken generated module: rebuild below
        pass
    import pickle
    path = _cache_file(sha)
    try:
        with open(path, "rb") as f:
            tables = pickle.load(f)
        if tables.get("sha") == sha:
            return tables
    except Exception:
        pass
    tables = build_tables(grammar_text)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump(tables, f, protocol=4)
        os.replace(tmp, path)
    except OSError:
        pass
    return tables


def write_table_module(path: Path | None = None) -> Path:
    """Regenerate gtnlang/syntax/parse_table.py from the grammar."""
    tables = build_tables(GRAMMAR_PATH.read_text(encoding="utf-8"))
    path = path or Path(__file__).resolve().parent / "parse_table.py"
    lines = [
        '"""LALR tables for gtnlang/grammar/gtnlang.lark -- GENERATED, do not edit.',
        "",
        "Regenerate with `python -m gtnlang.syntax.parser --regen`.",
        "ACTION[state][symbol]: >= 0 shift/goto that state; < 0 reduce RULES[~value].",
        '"""',
        "",
        f"SHA = {tables['sha']!r}",
        f"START = {tables['start']!r}",
        f"END = {tables['end']!r}",
        "RULES = [",
        *(f"    {r!r}," for r in tables["rules"]),
        "]",
        "ACTION = [",
        *(f"    {dict(sorted(row.items()))!r}," for row in tables["action"]),
        "]",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------
# reductions (one function per grammar alias)

_NULL = Symbol("Null")
_LIST = Symbol("List")
_PART = Symbol("Part")
_ASSOCIATION = Symbol("Association")


def _args_tuple(lst):
    if lst[0] is None:
        return ()
    return tuple(lst)


def _r_c_new(c):
    return c


def _r_c_add(c):
    lst = c[0]
    lst.append(c[1])
    return lst


def _r_c_implicit(c):
    lst = c[0]
    lst.append(_IMPLICIT)
    lst.append(c[1])
    return lst


def _r_c_pass(c):
    return c[0]


def _r_c_tilde(c):
    lst = c[0]
    lst.append(("~", c[1][1], None, c[2]))
    return lst


def _post_suffix(c, kind):
    lst = c[0]
    op = lst[-1]
    calls = list(op[2]) if len(op) > 2 and op[2] else []
    calls.append((kind, _args_tuple(c[2])))
    lst[-1] = (op[0], op[1], calls) + tuple(op[3:])
    return lst


def _r_c_postcall(c):
    return _post_suffix(c, "call")


def _r_c_postpart(c):
    return _post_suffix(c, "part")


def _r_call(c):
    return Normal(c[0], _args_tuple(c[2]))


def _r_part(c):
    return Normal(_PART, (c[0],) + _args_tuple(c[2]))


def _r_paren(c):
    return resolve(c[1])


def _r_list(c):
    return Normal(_LIST, _args_tuple(c[1]))


def _r_assoc(c):
    return Normal(_ASSOCIATION, _args_tuple(c[1]))


def _r_a_empty(c):
    return [None]


def _r_a_new(c):
    return [resolve(c[0])]


def _r_a_null(c):
    lst = c[0]
    if lst[0] is None:
        lst[0] = _NULL
    lst.append(_NULL)
    return lst


def _r_a_add(c):
    lst = c[0]
    if lst[0] is None:
        lst[0] = _NULL
    lst.append(resolve(c[2]))
    return lst


def _r_top(c):
    return resolve(c[0])


_HANDLERS = {name[3:]: fn for name, fn in globals().items() if name.startswith("_r_")}

# Reductions the driver performs inline (no argument list, no call).
_K_GENERIC, _K_ADD, _K_NEW, _K_PASS, _K_IMPLICIT, _K_ANEW = range(6)
_INLINE = {("c_add", 2): _K_ADD, ("c_new", 1): _K_NEW, ("c_pass", 1): _K_PASS,
           ("c_implicit", 2): _K_IMPLICIT, ("a_new", 1): _K_ANEW}


def _compile_tables(tables):
    """Rows as dicts whose shift/goto entries are the target rows themselves and
    whose reduce entries are (kind, size, lhs, handler) tuples."""
    rules = [(_INLINE.get((alias, size), _K_GENERIC), size, lhs, _HANDLERS[alias])
             for lhs, size, alias in tables["rules"]]
    rows = [dict() for _ in tables["action"]]
    for row, src in zip(rows, tables["action"]):
        for sym, act in src.items():
            row[sym] = rows[act] if act >= 0 else rules[~act]
    return rows[tables["start"]], rows[tables["end"]]


_START_ROW, _END_ROW = _compile_tables(_load_tables())


# ---------------------------------------------------------------------------
# driver

class _Lines:
    """Line/column of offsets, computed incrementally (offsets mostly increase)."""

    __slots__ = ("text", "pos", "line")

    def __init__(self, text):
        self.text = text
        self.pos = 0
        self.line = 1

    def locate(self, pos):
        text = self.text
        if pos >= self.pos:
            self.line += text.count("\n", self.pos, pos)
        else:
            self.line -= text.count("\n", pos, self.pos)
        self.pos = pos
        col = pos - (text.rfind("\n", 0, pos) + 1) + 1
        return self.line, col

    def source_line(self, pos):
        text = self.text
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        if end < 0:
            end = len(text)
        return text[start:end].rstrip("\r")


def _accepts_end(stack) -> bool:
    """Could the parser in this state accept end-of-input?  (No reductions run.)"""
    stack = stack[:]
    while True:
        act = stack[-1].get("$END")
        if act is None:
            return False
        size = act[1]
        if size:
            del stack[-size:]
        goto = stack[-1][act[2]]
        if goto is _END_ROW:
            return True
        stack.append(goto)


def _reduce(act, stack, values):
    """Run one reduction; returns the value (not yet pushed)."""
    kind, size, lhs, fn = act
    if size:
        args = values[-size:]
        del values[-size:]
        del stack[-size:]
    else:
        args = []
    return fn(args)


def _finish(stack, values):
    """Feed end-of-input; the statement's expression (None if not acceptable)."""
    while True:
        act = stack[-1].get("$END")
        if act is None:
            return None
        value = _reduce(act, stack, values)
        goto = stack[-1][act[2]]
        if goto is _END_ROW:
            return value
        stack.append(goto)
        values.append(value)


def _describe(text, pos, end):
    t = text[pos:end]
    if len(t) > 30:
        t = t[:27] + "..."
    return repr(t) if "'" not in t else f'"{t}"'


def _statements(text: str, filename: str) -> Iterator[Statement]:
    """Yield the statements of `text`, the cyclic garbage collector paused while
    each one is parsed.

    Parsing allocates many small containers and no reference cycles, so the
    collector finds nothing; but its full collections walk every live object,
    including the statements already parsed, which made a 2,000-line script
    parse 20-40% slower.  Between statements (at each ``yield``) the collector
    is back in whatever state the caller left it.
    """
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        for statement in _parse(text, filename):
            if paused:
                gc.enable()
            yield statement
            paused = gc.isenabled()
            if paused:
                gc.disable()
    finally:
        if paused:
            gc.enable()


def _parse(text: str, filename: str) -> Iterator[Statement]:
    lines = _Lines(text)

    def error(message, pos, incomplete=False):
        pos = max(0, min(pos, len(text)))
        line, col = lines.locate(pos)
        return ParseError(message, line, col, lines.source_line(pos), filename, incomplete)

    st = LexState()
    stack = [_START_ROW]
    values: list = []
    start = -1
    last_end = 0
    try:
        for term, value, pos, end in tokenize(text, st):
            if term == "NL":
                if start < 0 or not _accepts_end(stack):
                    continue
                expr = _finish(stack, values)
                line, col = lines.locate(start)
                stmt = Statement(expr, line, col, text[start:last_end])
                stack = [_START_ROW]
                values = []
                start = -1
                st.at_start = True
                yield stmt
                continue
            if start < 0:
                start = pos
                st.at_start = False
            row = stack[-1]
            while True:
                act = row.get(term)
                if act is None:
                    raise error(f"unexpected {_describe(text, pos, end)}", pos)
                if type(act) is dict:
                    stack.append(act)
                    values.append(value)
                    break
                kind = act[0]
                if kind == 1:     # _K_ADD: chain.append(item)
                    v = values.pop()
                    values[-1].append(v)
                    del stack[-1]
                elif kind == 2:   # _K_NEW: [item]
                    values[-1] = [values[-1]]
                elif kind == 3:   # _K_PASS
                    pass
                elif kind == 4:   # _K_IMPLICIT
                    v = values.pop()
                    lst = values[-1]
                    lst.append(_IMPLICIT)
                    lst.append(v)
                    del stack[-1]
                elif kind == 5:   # _K_ANEW: first argument
                    lst = values[-1]
                    if len(lst) != 1 or type(lst[0]) is tuple:
                        values[-1] = [resolve(lst)]
                else:
                    size = act[1]
                    if size:
                        args = values[-size:]
                        del values[-size:]
                        del stack[-size:]
                    else:
                        args = []
                    values.append(act[3](args))
                    row = stack[-1][act[2]]
                    stack.append(row)
                    continue
                # size 1 or 2 rule: replace the top state by the goto state
                row = stack[-1] = stack[-2][act[2]]
            last_end = end
        if start >= 0:
            expr = _finish(stack, values)
            if expr is None:
                if st.stack:
                    code, opos = st.stack[-1]
                    oline, ocol = lines.locate(opos)
                    message = (f"unexpected end of input: '{code}' at line {oline}, "
                               f"column {ocol} is not closed")
                else:
                    message = "unexpected end of input"
                raise error(message, last_end, True)
            line, col = lines.locate(start)
            yield Statement(expr, line, col, text[start:last_end])
    except LexError as e:
        raise error(e.message, e.pos, e.incomplete) from None
    except ResolveError as e:
        raise error(e.message, e.pos if e.pos >= 0 else max(start, 0)) from None
    except RecursionError:
        raise error("expression too deeply nested", max(start, 0)) from None
    except ParseError:
        raise
    except Exception as e:   # a parser bug must still surface as a ParseError
        raise error(f"internal parser error: {type(e).__name__}: {e}", max(start, 0)) from e


def parse_statements(text: str, filename: str = "<input>") -> Iterator[Statement]:
    """Lazily yield each top-level statement of `text` as a `Statement`."""
    return _statements(text, filename)


_COMPOUND = Symbol("CompoundExpression")


def parse(text: str) -> Expr:
    """The whole of `text` as one expression (see the module docstring)."""
    exprs = [s.expr for s in _statements(text, "<input>")]
    if not exprs:
        return _NULL
    if len(exprs) == 1:
        return exprs[0]
    parts = []
    last = len(exprs) - 1
    for k, e in enumerate(exprs):
        if type(e) is Normal and e.head is _COMPOUND:
            args = e.args
            if k < last and args and args[-1] is _NULL:
                args = args[:-1]
            parts.extend(args)
        else:
            parts.append(e)
    return Normal(_COMPOUND, tuple(parts))


def is_complete(text: str) -> bool:
    """False when `text` is unfinished input; True otherwise (errors included)."""
    try:
        for _ in _statements(text, "<input>"):
            pass
    except ParseError as e:
        return not e.incomplete
    return True


if __name__ == "__main__":   # pragma: no cover
    if sys.argv[1:] == ["--regen"]:
        print("wrote", write_table_module())
    else:
        print("usage: python -m gtnlang.syntax.parser --regen", file=sys.stderr)
        sys.exit(2)
