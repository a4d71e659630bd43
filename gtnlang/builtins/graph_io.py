"""Import, Export and Draw: graphs in OpenFst AT&T text ("ATT"), GTN's text
format ("GTN") and Graphviz DOT ("DOT"); any expression as text ("Text").

Formats come from the third/second argument or the file extension
(.att/.fst -> ATT, .gtn -> GTN, .dot/.gv -> DOT, .svg/.png/.pdf -> a drawing,
anything else -> Text).  ATT files hold OpenFst *costs*, the negated scores
(``"Costs" -> False`` reads/writes the weights as they are).  Labels are
written as tokens (integers as themselves, strings as their characters,
Epsilon as 0) and read back as integers when they look like one (0 and
``<eps>`` are Epsilon), else as strings.  Refused in a sandboxed session.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

from gtnlang.core.builtin import builtin, define
from gtnlang.expr import FALSE, TRUE, Integer, Normal, Opaque, String, Symbol

_FAILED = Symbol("$Failed")
_EXT = {".att": "ATT", ".fst": "ATT", ".gtn": "GTN", ".dot": "DOT", ".gv": "DOT",
        ".svg": "SVG", ".png": "PNG", ".pdf": "PDF", ".txt": "Text"}
_GRAPH_FORMATS = ("ATT", "GTN", "DOT")
_DRAW_FORMATS = ("SVG", "PNG", "PDF")

_MSG = {
    "nffil": "File `1` not found during `2`.",
    "fmt": "`1` is not a known format for `2`; use \"ATT\", \"GTN\", \"DOT\" or \"Text\".",
    "graph": "Format `1` needs a graph, not `2`.",
    "labels": "`1`",
    "numeric": "Format `1` needs numeric weights; apply N or /. to the graph first.",
    "fail": "`1`",
    "nodot": "Draw needs the Graphviz program dot, which is not installed (or not on PATH). Install Graphviz "
             "(Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz; conda: conda install graphviz) "
             "or use Export[\"file.dot\", g] and render the DOT text elsewhere.",
}

define("Costs", usage="Costs is an option of Import and Export for \"ATT\": with Costs -> True (the default) the "
                      "file holds OpenFst costs, the negated scores.")


def _options(ev, name, args):
    opts = {}
    plain = []
    for a in args:
        if a.has_head("Rule") and len(a.args) == 2 and type(a.args[0]) in (String, Symbol):
            k = a.args[0]
            opts[k.value if type(k) is String else k.name] = a.args[1]
        else:
            plain.append(a)
    return plain, opts


def _format(ev, name, path, fmt):
    if fmt is not None:
        if type(fmt) is not String:
            ev.message(name, "fmt", fmt, Symbol(name))
            return None
        f = fmt.value.upper() if fmt.value.upper() in _GRAPH_FORMATS + _DRAW_FORMATS else fmt.value
        if f.lower() == "text":
            return "Text"
        if f not in _GRAPH_FORMATS + _DRAW_FORMATS:
            ev.message(name, "fmt", fmt, Symbol(name))
            return None
        return f
    return _EXT.get(os.path.splitext(path)[1].lower(), "Text")


def _token(atom):
    from gtnlang.graphs import EPSILON_SYMBOL
    if atom is EPSILON_SYMBOL:
        return "0"
    t = type(atom)
    if t is Integer:
        return str(atom.value)
    if t is String:
        text = atom.value
    elif t is Symbol:
        text = atom.name
    else:
        from gtnlang.syntax.printer import format_expr
        text = format_expr(atom, "InputForm")
    if not text or any(c.isspace() for c in text):
        raise ValueError(f"label {text!r} cannot be written as an AT&T token (empty or has white space)")
    return text


def _token_table(gv):
    g = gv.graph
    ids = set(g.ilabel.tolist()) | set(g.olabel.tolist()) | {0}
    table = {}
    for i in sorted(ids):
        tok = _token(gv.label(i))
        if tok in table and table[tok] != i:
            raise ValueError(f"two labels are both written {tok!r}")
        table[tok] = i
    return table


class _Tokens(dict):
    """A symbol table that allocates ids from the session's alphabet on demand."""

    def __init__(self, alphabet):
        super().__init__()
        self.alphabet = alphabet

    def __contains__(self, tok):
        return True

    def __missing__(self, tok):
        from gtnlang.graphs import EPSILON_SYMBOL
        if tok in ("<eps>", "<epsilon>"):
            atom = EPSILON_SYMBOL
        else:
            try:
                v = int(tok)
                atom = EPSILON_SYMBOL if v == 0 else Integer(v)
            except ValueError:
                atom = String(tok)
        i = self.alphabet.id(atom)
        self[tok] = i
        return i


def _numeric_graph(ev, name, fmt, gv):
    from gtnlang.graphs import value as V
    k = gv.kind
    if k == "symbolic":
        ev.message(name, "numeric", String(fmt))
        return None
    g = gv.graph
    return g.with_weights(V.to_float(g.weights) if g.weights is not None else None,
                          V.to_float(g.start_weights), V.to_float(g.accept_weights))


def _negate(g):
    neg = lambda w: None if w is None else -w
    return g.with_weights(neg(g.weights), neg(g.start_weights), neg(g.accept_weights))


def _gtn_relabel(gv, to_gtn):
    """Engine ids <-> GTN ids (integer label k is engine id k + 1)."""
    import numpy as np
    from gtnlang.graphs import EPSILON_SYMBOL
    g = gv.graph
    W = __import__("gtnlang.wfst", fromlist=["Graph"])

    def conv(arr):
        out = []
        for i in arr.tolist():
            if to_gtn:
                a = gv.label(i)
                if a is EPSILON_SYMBOL:
                    out.append(0)
                elif type(a) is Integer and a.value >= 0:
                    out.append(a.value + 1)
                else:
                    raise ValueError(f"GTN's format has integer labels only; label {_token(a)} is not a "
                                     "non-negative integer")
            else:
                out.append(0 if i == 0 else gv.alphabet.id(Integer(i - 1)))
        return np.array(out, dtype=np.int64)

    return W.Graph(g.num_nodes, g.start, g.accept, g.src, g.dst, conv(g.ilabel), conv(g.olabel), g.weights,
                   g.start_weights, g.accept_weights)


def graph_text(ev, name, gv, fmt, opts):
    """The text of a graph in ATT/GTN/DOT, or None after a message."""
    W = __import__("gtnlang.wfst", fromlist=["write_att"])
    try:
        if fmt == "DOT":
            g = gv.graph
            return W.write_dot(g, isymbols=_token_table(gv))
        g = _numeric_graph(ev, name, fmt, gv)
        if g is None:
            return None
        if fmt == "ATT":
            if opts.get("Costs", TRUE) is FALSE:
                g = _negate(g)
            return W.write_att(g, isymbols=_token_table(gv), acceptor=False)
        return W.write_gtn_text(_gtn_relabel(gv.with_graph(g), True))
    except ValueError as exc:
        ev.message(name, "fail", String(str(exc)))
        return None


def _sandboxed(ev, name):
    if ev.sandbox:
        ev.message(name, "sandbox", Symbol(name))
        return True
    return False


@builtin(nargs=(2, None), messages=_MSG,
         usage="Export[\"file\", expr] writes expr to a file in the format given by its extension and returns the "
               "file name.\nExport[\"file\", g, \"ATT\"|\"GTN\"|\"DOT\"] writes a graph as OpenFst text (costs: "
               "negated scores; \"Costs\" -> False keeps scores), GTN text or Graphviz DOT.\n"
               "Export[\"file\", expr, \"Text\"] writes the OutputForm text of expr (a string as it is).")
def Export(ev, expr):
    if _sandboxed(ev, "Export"):
        return None
    args, opts = _options(ev, "Export", expr.args[2:])
    path, value = expr.args[0], expr.args[1]
    if type(path) is not String:
        ev.message("Export", "string", Integer(1), expr)
        return None
    # A value that knows how to write itself (a plot) does so.
    exporter = getattr(value.value, "__gtn_export__", None) if type(value) is Opaque else None
    if exporter is not None:
        given = args[0].value if args and type(args[0]) is String else None
        try:
            exporter(path.value, given)
        except Exception as exc:  # an unknown format, matplotlib missing, an OSError
            ev.message("Export", "fail", String(str(exc)))
            return _FAILED
        return path
    fmt = _format(ev, "Export", path.value, args[0] if args else None)
    if fmt is None:
        return None
    from gtnlang.builtins.graphs import unwrap
    gv = unwrap(value)
    if fmt in _GRAPH_FORMATS or fmt in _DRAW_FORMATS:
        if gv is None:
            ev.message("Export", "graph", String(fmt), value)
            return None
        if fmt in _DRAW_FORMATS:
            return _draw(ev, "Export", gv, path.value, fmt)
        text = graph_text(ev, "Export", gv, fmt, opts)
        if text is None:
            return None
    else:
        if type(value) is String:
            text = value.value
        else:
            from gtnlang.syntax.printer import format_expr
            text = format_expr(value, "OutputForm") + "\n"
    try:
        with open(path.value, "w", encoding="utf-8") as f:
            f.write(text)
    except OSError as exc:
        ev.message("Export", "fail", String(str(exc)))
        return _FAILED
    return path


@builtin(nargs=(1, None), messages=_MSG,
         usage="Import[\"file\"] reads a file in the format given by its extension: a graph for .att/.fst "
               "(OpenFst text) and .gtn (GTN text), else the text as a string.\n"
               "Import[\"file\", \"ATT\"] reads OpenFst text (\"Costs\" -> False: weights are scores; "
               "\"Acceptor\" -> True: 3/4-column arcs). Import[\"file\", \"GTN\"], Import[\"file\", \"Text\"].")
def Import(ev, expr):
    if _sandboxed(ev, "Import"):
        return None
    args, opts = _options(ev, "Import", expr.args[1:])
    path = expr.args[0]
    if type(path) is not String:
        ev.message("Import", "string", Integer(1), expr)
        return None
    fmt = _format(ev, "Import", path.value, args[0] if args else None)
    if fmt is None:
        return None
    if fmt in ("DOT",) + _DRAW_FORMATS:
        ev.message("Import", "fmt", String(fmt), Symbol("Import"))
        return None
    try:
        with open(path.value, encoding="utf-8") as f:
            text = f.read()
    except OSError:
        ev.message("Import", "nffil", path, Symbol("Import"))
        return _FAILED
    if fmt == "Text":
        return String(text)
    import gtnlang.wfst as W
    from gtnlang.graphs import GraphValue, alphabet_of
    alphabet = alphabet_of(ev)
    try:
        if fmt == "ATT":
            g = W.read_att(text, isymbols=_Tokens(alphabet), acceptor=opts.get("Acceptor", FALSE) is TRUE)
            if opts.get("Costs", TRUE) is FALSE:
                g = _negate(g)
            return GraphValue(g, alphabet).expr()
        g = W.read_gtn_text(text)
        return GraphValue(_gtn_relabel(GraphValue(g, alphabet), False), alphabet).expr()
    except ValueError as exc:
        ev.message("Import", "fail", String(str(exc)))
        return _FAILED


def _draw(ev, name, gv, path, fmt):
    exe = shutil.which("dot")
    if exe is None:
        ev.message(name, "nodot")
        return _FAILED
    text = graph_text(ev, name, gv, "DOT", {})
    if text is None:
        return _FAILED
    try:
        r = subprocess.run([exe, f"-T{fmt.lower()}", "-o", path], input=text.encode("utf-8"),
                           capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        ev.message(name, "fail", String(str(exc)))
        return _FAILED
    if r.returncode != 0:
        ev.message(name, "fail", String(r.stderr.decode("utf-8", "replace").strip() or "dot failed"))
        return _FAILED
    return String(path)


@builtin(nargs=(1, 2), messages=_MSG,
         usage="Draw[g] renders a graph with Graphviz's dot to an SVG file and returns its name.\n"
               "Draw[g, \"file.svg\"] or Draw[g, \"file.png\"] chooses the file (and format, from the extension).")
def Draw(ev, expr):
    if _sandboxed(ev, "Draw"):
        return None
    from gtnlang.builtins.graphs import unwrap
    gv = unwrap(expr.args[0])
    if gv is None:
        ev.message("Draw", "graph", String("SVG"), expr.args[0])
        return None
    if len(expr.args) == 2:
        p = expr.args[1]
        if type(p) is not String:
            ev.message("Draw", "string", Integer(2), expr)
            return None
        path = p.value
        fmt = _EXT.get(os.path.splitext(path)[1].lower())
        if fmt not in _DRAW_FORMATS:
            ev.message("Draw", "fmt", p, Symbol("Draw"))
            return None
    else:
        if shutil.which("dot") is None:
            ev.message("Draw", "nodot")
            return _FAILED
        fd, path = tempfile.mkstemp(prefix="gtn-graph-", suffix=".svg")
        os.close(fd)
        fmt = "SVG"
    return _draw(ev, "Draw", gv, path, fmt)
