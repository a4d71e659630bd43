"""Tokenizer for gtnlang source text.

`tokenize(text, state)` is a generator of ``(terminal, value, start, end)``
tuples; `terminal` is one of the token classes the grammar declares
(``gtnlang/grammar/gtnlang.lark``) or ``"NL"`` for a newline at bracket depth 0
(the parser decides whether it ends a statement).  For atoms `value` is the
finished expression; for operators and brackets it is an ``(code, start)``
tuple where `code` is the operator text in canonical form (``"->"``, ``"/@"``).

The lexer is stateful where the Wolfram Language is:

- a bracket stack tells ``]]`` (closing ``[[``) from ``] ]`` (``f[g[x]]``) and
  ``|>`` from ``|`` ``>``; newlines inside brackets are whitespace;
- ``?Name`` / ``??Name`` at the start of a statement (``state.at_start``, set
  by the parser) is Information;
- ``<< file`` reads a bare file name; ``f::tag`` is MessageName.

Errors are raised as `LexError(message, pos, incomplete)`; `incomplete` marks
input that may still be finished (an open string or comment).
"""

from __future__ import annotations

import re
from fractions import Fraction

from gtnlang.expr import (
    Expression, Integer, Normal, Real, String, Symbol, make_rational,
)

__all__ = ["LexError", "LexState", "tokenize", "NAMED_CHARACTERS"]


class LexError(Exception):
    def __init__(self, message: str, pos: int, incomplete: bool = False):
        super().__init__(message)
        self.message = message
        self.pos = pos
        self.incomplete = incomplete


class LexState:
    """Mutable state shared by the lexer and the parser driving it."""

    __slots__ = ("at_start", "stack")

    def __init__(self):
        self.at_start = True   # the next token starts a statement
        self.stack = []        # open brackets: (code, pos)


# --- named characters ---------------------------------------------------------

NAMED_CHARACTERS = {
    "Alpha": "α", "Beta": "β", "Gamma": "γ", "Delta": "δ", "Epsilon": "ϵ",
    "CurlyEpsilon": "ε", "Zeta": "ζ", "Eta": "η", "Theta": "θ", "CurlyTheta": "ϑ",
    "Iota": "ι", "Kappa": "κ", "Lambda": "λ", "Mu": "μ", "Nu": "ν", "Xi": "ξ",
    "Omicron": "ο", "Pi": "π", "Rho": "ρ", "Sigma": "σ", "FinalSigma": "ς",
    "Tau": "τ", "Upsilon": "υ", "Phi": "ϕ", "CurlyPhi": "φ", "Chi": "χ",
    "Psi": "ψ", "Omega": "ω",
    "CapitalAlpha": "Α", "CapitalBeta": "Β", "CapitalGamma": "Γ",
    "CapitalDelta": "Δ", "CapitalEpsilon": "Ε", "CapitalZeta": "Ζ",
    "CapitalEta": "Η", "CapitalTheta": "Θ", "CapitalIota": "Ι",
    "CapitalKappa": "Κ", "CapitalLambda": "Λ", "CapitalMu": "Μ", "CapitalNu": "Ν",
    "CapitalXi": "Ξ", "CapitalOmicron": "Ο", "CapitalPi": "Π", "CapitalRho": "Ρ",
    "CapitalSigma": "Σ", "CapitalTau": "Τ", "CapitalUpsilon": "Υ",
    "CapitalPhi": "Φ", "CapitalChi": "Χ", "CapitalPsi": "Ψ", "CapitalOmega": "Ω",
    "Infinity": "∞", "ExponentialE": "ⅇ", "ImaginaryI": "ⅈ", "ImaginaryJ": "ⅉ",
    "Degree": "°", "Ell": "ℓ", "HBar": "ℏ",
    # operators (inside strings they are just characters)
    "Rule": "→", "RuleDelayed": "⧴", "LessEqual": "≤", "GreaterEqual": "≥",
    "NotEqual": "≠", "And": "∧", "Or": "∨", "Not": "¬", "Times": "×",
    "Divide": "÷", "Equal": "⩵", "RawEscape": "\x1b",
}

# Whole-symbol spellings that mean a system symbol.
_SPECIAL_SYMBOLS = {"π": "Pi", "∞": "Infinity", "ⅇ": "E", "ⅈ": "I", "ⅉ": "I",
                    "°": "Degree"}

_LETTER = r"(?:[^\W\d_]|\$|\\\[[A-Za-z]+\])"
_LETTERDIGIT = r"(?:[^\W_]|\$|\\\[[A-Za-z]+\])"
_SYM = rf"{_LETTER}{_LETTERDIGIT}*(?:`{_LETTER}{_LETTERDIGIT}*)*"

# Operators: text -> (terminal, canonical code).  Longest first in the regex.
_OPS = {
    "+": ("PM", "+"), "-": ("PM", "-"),
    "!": ("BANG", "!"), "!!": ("BANG", "!!"), "++": ("BANG", "++"), "--": ("BANG", "--"),
    "&": ("POST", "&"), "..": ("POST", ".."), "...": ("POST", "..."), "=.": ("POST", "=."),
    "'": ("POST", "'"),
    "~": ("TILDE", "~"), "~~": ("INF", "~~"), ";;": ("SPAN", ";;"), ";": ("SEMI", ";"), ",": ("COMMA", ","),
    "(": ("LPAR", "("), ")": ("RPAR", ")"), "[": ("LSQB", "["), "[[": ("LPART", "[["),
    "]": ("RSQB", "]"), "{": ("LBRACE", "{"), "}": ("RBRACE", "}"),
    "<|": ("LASSOC", "<|"), "|>": ("RASSOC", "|>"),
    "<<": ("GET", "<<"), "::": ("BAD", "::"),
    "?": ("INF", "?"), "@": ("INF", "@"), "@@": ("INF", "@@"), "@@@": ("INF", "@@@"),
    "@*": ("INF", "@*"), "/*": ("INF", "/*"),
    "/@": ("INF", "/@"), "//@": ("INF", "//@"), "<>": ("INF", "<>"), "^": ("INF", "^"),
    "**": ("INF", "**"), ".": ("INF", "."), "/": ("INF", "/"), "*": ("INF", "*"),
    "==": ("INF", "=="), "!=": ("INF", "!="), "<": ("INF", "<"), "<=": ("INF", "<="),
    ">": ("INF", ">"), ">=": ("INF", ">="), "===": ("INF", "==="), "=!=": ("INF", "=!="),
    "&&": ("INF", "&&"), "||": ("INF", "||"), "|": ("INF", "|"), ":": ("INF", ":"),
    "/;": ("INF", "/;"), "->": ("INF", "->"), ":>": ("INF", ":>"), "/.": ("INF", "/."),
    "//.": ("INF", "//."), "+=": ("INF", "+="), "-=": ("INF", "-="), "*=": ("INF", "*="),
    "/=": ("INF", "/="), "//": ("INF", "//"), "=": ("INF", "="), ":=": ("INF", ":="),
    "^=": ("INF", "^="), "^:=": ("INF", "^:="), "/:": ("INF", "/:"),
    # Unicode forms
    "→": ("INF", "->"), "⧴": ("INF", ":>"), "≤": ("INF", "<="), "≥": ("INF", ">="),
    "≠": ("INF", "!="), "∧": ("INF", "&&"), "∨": ("INF", "||"), "¬": ("BANG", "!"),
    "×": ("INF", "*"), "÷": ("INF", "/"), "⩵": ("INF", "=="),
}


# An operator that ends in '.' is not one before a digit ('x/.5' is x / .5).
_OP_END_CONDITION = {"=.": "(?![0-9])", "/.": "(?![0-9])", "//.": "(?![0-9])"}
# Runs that are one token: f'' (second derivative), ]]] (split by the lexer).
_OP_RUNS = {"'", "]"}


def _op_pattern():
    """The operators as a trie-shaped regex: the longest operator matches, and
    the engine tries one branch per character instead of every operator in turn.

    >>> re.fullmatch(_op_pattern(), "//@") is not None
    True
    """
    trie: dict = {}
    for op in _OPS:
        node = trie
        for ch in op:
            node = node.setdefault(ch, {})
        node[""] = _OP_END_CONDITION.get(op, "")

    def branch(node) -> str:
        children = [re.escape(ch) + ("+" if ch in _OP_RUNS and node is trie else "")
                    + branch(child)
                    for ch, child in sorted((k, v) for k, v in node.items() if k)]
        if "" not in node:
            return "(?:" + "|".join(children) + ")"
        if not children:
            return node[""]
        if node[""]:
            return "(?:" + "|".join(children + [node[""]]) + ")"
        return "(?:" + "|".join(children) + ")?"

    return branch(trie)


_NUMBER_SRC = r"""(?:(?P<base>[0-9]+)\^\^(?P<bdig>[0-9a-zA-Z]+(?:\.[0-9a-zA-Z]*)?)
         |(?P<mant>[0-9]+(?:\.(?!\.)[0-9]*)?|\.[0-9]+))
        (?P<tick>``?(?P<pd>[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))?)?
        (?:\*\^(?P<exp>[+-]?[0-9]+))?"""

_NUMBER = re.compile(_NUMBER_SRC, re.VERBOSE)

_MASTER = re.compile(
    rf"""(?:[ \t\r\f\v\u00a0]|\\\r?\n)*
    (?:(?P<name>{_SYM})(?:(?P<pat>_(?:\.|_{{0,2}}(?:{_SYM})?))|::(?P<tag>{_SYM}(?:::{_SYM})?))?
    |(?P<int>[0-9]+)(?![0-9.`]|\*\^|\^\^)
    |(?P<num>{re.sub(r"[(][?]P<[a-z]+>", "(?:", _NUMBER_SRC)})
    |(?P<com>\(\*)
    |(?P<op>{_op_pattern()})
    |(?P<nl>\n)
    |(?P<str>"[^"\\]*(?:\\.[^"\\]*)*")
    |(?P<ustr>")
    |(?P<blank>_(?:\.|_{{0,2}}(?:{_SYM})?))
    |(?P<slot>\#\#[0-9]*|\#[0-9]+|\#(?:[^\W\d_]|\$)(?:[^\W_]|\$)*|\#)
    |(?P<out>%[0-9]+|%+)
    |(?P<special>[∞°])
    |(?P<bad>.)
    |(?P<eof>\Z))""",
    re.VERBOSE | re.DOTALL,
)

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_STRING_ESCAPE = re.compile(r"\\(\[[A-Za-z]+\]|:[0-9a-fA-F]{4}|\.[0-9a-fA-F]{2}|.)", re.DOTALL)
_INFO = re.compile(r"\?(\?)?[ \t]*([^\s;,()\[\]{}\"]+)")
_FILENAME = re.compile(r"[ \t]*(?:(\")|([^\s;,()\[\]{}\"]+))")
_NAMED = re.compile(r"\\\[([A-Za-z]+)\]")

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "b": "\b",
            "f": "\f", "\n": "", "<": "", ">": "", "!": ""}

_MAX_EXPONENT = 100_000
_MAX_PRECISION = 100_000

_SYM_CACHE: dict = {}


def _named_char(name: str, pos: int) -> str:
    ch = NAMED_CHARACTERS.get(name)
    if ch is None:
        raise LexError(f"unknown named character \\[{name}]", pos)
    return ch


def _symbol(name: str, pos: int) -> Symbol:
    sym = _SYM_CACHE.get(name)
    if sym is not None:
        return sym
    full = name
    if "\\" in name:
        full = _NAMED.sub(lambda m: _named_char(m.group(1), pos), name)
    sym = Symbol(_SPECIAL_SYMBOLS.get(full, full))
    if len(_SYM_CACHE) < 10000:
        _SYM_CACHE[name] = sym
    return sym


def _unescape(body: str, pos: int) -> str:
    if "\\" not in body:
        return body

    def repl(m):
        e = m.group(1)
        c = e[0]
        if c == "[":
            return _named_char(e[1:-1], pos)
        if c == ":" and len(e) == 5:
            return chr(int(e[1:], 16))
        if c == "." and len(e) == 3:
            return chr(int(e[1:], 16))
        r = _ESCAPES.get(e)
        return m.group(0) if r is None else r

    return _STRING_ESCAPE.sub(repl, body)


def _int(digits: str, base: int = 10) -> int:
    """int(digits, base) without Python's limit on long decimal strings."""
    if len(digits) <= 2000:
        return int(digits, base)
    k = len(digits) // 2
    return _int(digits[:-k], base) * base ** k + _int(digits[-k:], base)


def _mpf(text: str, precision: float):
    import mpmath
    bits = max(1, int(precision * 3.321928094887362) + 1)
    with mpmath.workprec(bits):
        return mpmath.mpf(text)


def _precision_value(precision: float):
    return int(precision) if float(precision).is_integer() else precision


def _number(m, pos: int):
    exp_text = m.group("exp")
    exp = 0
    if exp_text:
        if len(exp_text) > 7 or abs(int(exp_text)) > _MAX_EXPONENT:
            raise LexError("exponent too large", pos)
        exp = int(exp_text)
    tick = m.group("tick")
    pd = m.group("pd")
    if pd is not None:
        if len(pd) > 12:
            raise LexError("precision too large", pos)
        precision = float(pd)
    else:
        precision = None
    base_text = m.group("base")
    if base_text is not None:
        base = int(base_text) if len(base_text) < 4 else 0
        if not 2 <= base <= 36:
            raise LexError(f"base {base_text} is not between 2 and 36", pos)
        digits = m.group("bdig")
        whole, _, frac = digits.partition(".")
        try:
            value = Fraction(_int(whole, base)) if whole else Fraction(0)
            if frac:
                value += Fraction(_int(frac, base), base ** len(frac))
        except ValueError:
            raise LexError(f"invalid digit for base {base}", pos) from None
        value *= Fraction(base) ** exp
        if "." not in digits and not tick:
            return make_rational(value)
        if precision is not None:
            return _real_from_fraction(value, precision, pos)
        return Real(value.numerator / value.denominator if value.denominator != 1
                    else float(value.numerator))
    mant = m.group("mant")
    if "." not in mant and not tick:
        v = _int(mant)
        if exp >= 0:
            return Integer(v * 10 ** exp)
        return make_rational(Fraction(v, 10 ** -exp))
    text = f"{mant}e{exp}" if exp else mant
    if precision is not None:
        if tick == "``":      # accuracy: digits after the point
            x = float(text)
            if x != 0.0 and x == x and abs(x) != float("inf"):
                import math
                precision = precision + math.log10(abs(x))
        if not 0 < precision <= _MAX_PRECISION:
            raise LexError("precision out of range", pos)
        return Real(_mpf(text, precision), _precision_value(precision))
    if not tick:
        digits = mant.replace(".", "").lstrip("0")
        if len(digits) > 16:
            if len(digits) > _MAX_PRECISION:
                raise LexError("number has too many digits", pos)
            return Real(_mpf(text, len(digits)), len(digits))
    value = float(text)
    if value == float("inf") or (value == 0.0 and mant.strip("0.")):
        # out of machine range: keep it as an arbitrary precision number
        return Real(_mpf(text, 16), 16)
    return Real(value)


def _real_from_fraction(value: Fraction, precision: float, pos: int):
    if not 0 < precision <= _MAX_PRECISION:
        raise LexError("precision out of range", pos)
    import mpmath
    bits = max(1, int(precision * 3.321928094887362) + 1)
    with mpmath.workprec(bits):
        v = mpmath.mpf(value.numerator) / value.denominator
    return Real(v, _precision_value(precision))


def _blank(text: str, pos: int):
    """A blank `_`, `__h`, `_.` (text starts at the underscore)."""
    if text == "_.":
        return Expression("Optional", Expression("Blank"))
    n = len(text) - len(text.lstrip("_"))
    head = ("Blank", "BlankSequence", "BlankNullSequence")[n - 1]
    h = text[n:]
    if h:
        return Normal(Symbol(head), (_symbol(h, pos),))
    return Normal(Symbol(head), ())


_OUT = Symbol("Out")
_SLOT = Symbol("Slot")
_SLOTSEQ = Symbol("SlotSequence")
_PATTERN = Symbol("Pattern")
_OPTIONAL = Symbol("Optional")


# Operator tokens that carry no position (positions are only needed for '/:').
_OP_VALUES = {t: (term, (code, -1)) for t, (term, code) in _OPS.items()}
_OP_VALUES["/:"] = None
_OP_VALUES["'"] = None
_OP_VALUES["<<"] = None
_OP_VALUES["?"] = None
_OPENERS = {"(": "(", "[": "[", "[[": "[[", "{": "{", "<|": "<|"}


def tokenize(text: str, st: LexState):
    """Yield (terminal, value, start, end) for each token of `text`."""
    scanner = _MASTER.scanner
    scan = scanner(text).match
    op_values = _OP_VALUES
    simple_ops = _SIMPLE_OPS
    sym_cache = _SYM_CACHE
    stack = st.stack
    last_nl = False
    while True:
        m = scan()
        kind = m.lastgroup
        end = m.end()
        if kind == "name":
            t = m.group("name")
            sym = sym_cache.get(t)
            if sym is None:
                sym = _symbol(t, end - len(t))
            yield "ATOM", sym, end - len(t), end
        elif kind == "op":
            t = m.group("op")
            pos = end - len(t)
            tv = simple_ops.get(t, None)
            if tv is not None:
                yield tv[0], tv[1], pos, end
                last_nl = False
                continue
            tv = op_values.get(t, None)
            if tv is not None:
                term, value = tv
                if term == "RPAR" or term == "RBRACE":
                    if stack and stack[-1][0] == ("(" if term == "RPAR" else "{"):
                        stack.pop()
                elif term == "RASSOC":
                    if stack and stack[-1][0] == "<|":
                        stack.pop()
                    else:   # not closing an association: '|' then '>'
                        yield "INF", ("|", -1), pos, pos + 1
                        pos += 1
                        term, value = "INF", (">", -1)
                elif term != "BAD":   # an opening bracket
                    stack.append((value[0], pos))
                yield term, value, pos, end
            elif t[0] == "]":   # a run of closing brackets: ']' or ']]' each
                k = pos
                while k < end:
                    if stack and stack[-1][0] == "[[" and k + 1 < end:
                        stack.pop()
                        yield "RPART", ("]]", -1), k, k + 2
                        k += 2
                    else:
                        if stack and stack[-1][0] == "[":
                            stack.pop()
                        yield "RSQB", ("]", -1), k, k + 1
                        k += 1
            elif t == "/:":
                yield "INF", ("/:", pos), pos, end
            elif t[0] == "'":   # f'' : one prime per derivative order
                yield "POST", ("'", pos, None, len(t)), pos, end
            elif t == "?":
                mi = _INFO.match(text, pos) if st.at_start and not stack else None
                if mi:
                    end = mi.end()
                    args = (String(mi.group(2)),)
                    if mi.group(1):
                        args += (Expression("Rule", Symbol("LongForm"), Symbol("True")),)
                    yield "ATOM", Normal(Symbol("Information"), args), pos, end
                    scan = scanner(text, end).match
                else:
                    yield "INF", ("?", pos), pos, end
            else:   # << file
                mf = _FILENAME.match(text, end)
                if mf is None:
                    raise LexError("expected a file name after '<<'", pos, end >= len(text))
                if mf.group(1):
                    ms = _STRING.match(text, mf.start(1))
                    if ms is None:
                        raise LexError("unterminated string", mf.start(1), True)
                    name = _unescape(ms.group()[1:-1], pos)
                    end = ms.end()
                else:
                    name = mf.group(2)
                    end = mf.end()
                yield "ATOM", Normal(Symbol("Get"), (String(name),)), pos, end
                scan = scanner(text, end).match
        elif kind == "int":
            t = m.group("int")
            yield "ATOM", Integer(int(t) if len(t) < 1000 else _int(t)), end - len(t), end
        elif kind == "nl":
            if not stack and not last_nl:
                last_nl = True
                yield "NL", None, end - 1, end
            continue
        elif kind == "str":
            t = m.group("str")
            pos = end - len(t)
            yield "ATOM", String(_unescape(t[1:-1], pos)), pos, end
        elif kind == "num":
            pos = m.start("num")
            try:
                value = _number(_NUMBER.match(text, pos), pos)
            except (ValueError, OverflowError, ZeroDivisionError) as e:
                raise LexError(f"invalid number: {e}", pos) from None
            yield "ATOM", value, pos, end
        elif kind == "pat":
            pos = m.start("name")
            name = _symbol(m.group("name"), pos)
            pt = m.group("pat")
            if pt == "_.":
                value = Normal(_OPTIONAL, (Normal(_PATTERN, (name, _blank("_", pos))),))
            else:
                value = Normal(_PATTERN, (name, _blank(pt, pos)))
            yield "ATOM", value, pos, end
        elif kind == "com":
            pos = m.start("com")
            depth = 1
            j = end
            while depth:
                b = text.find("*)", j)
                if b < 0:
                    raise LexError("unterminated comment", pos, True)
                a = text.find("(*", j, b)
                if a >= 0:
                    depth += 1
                    j = a + 2
                else:
                    depth -= 1
                    j = b + 2
            scan = scanner(text, j).match
            continue
        elif kind == "tag":
            pos = m.start("name")
            parts = m.group("tag").split("::")
            value = Normal(Symbol("MessageName"),
                           (_symbol(m.group("name"), pos),) + tuple(String(p) for p in parts))
            yield "ATOM", value, pos, end
        elif kind == "blank":
            t = m.group("blank")
            yield "ATOM", _blank(t, end - len(t)), end - len(t), end
        elif kind == "slot":
            t = m.group("slot")
            if t.startswith("##"):
                value = Normal(_SLOTSEQ, (Integer(_int(t[2:]) if len(t) > 2 else 1),))
            elif len(t) == 1:
                value = Normal(_SLOT, (Integer(1),))
            elif "0" <= t[1] <= "9":
                value = Normal(_SLOT, (Integer(_int(t[1:])),))
            else:
                value = Normal(_SLOT, (String(t[1:]),))
            yield "ATOM", value, end - len(t), end
        elif kind == "out":
            t = m.group("out")
            if len(t) > 1 and t[1].isdigit():
                value = Normal(_OUT, (Integer(_int(t[1:])),))
            elif len(t) == 1:
                value = Normal(_OUT, ())
            else:
                value = Normal(_OUT, (Integer(-len(t)),))
            yield "ATOM", value, end - len(t), end
        elif kind == "ustr":
            raise LexError("unterminated string", end - 1, True)
        elif kind == "special":
            yield "ATOM", _symbol(m.group("special"), end - 1), end - 1, end
        elif kind == "bad":
            yield "BAD", None, end - 1, end
        else:   # end of text
            return
        last_nl = False


# Operator tokens that carry no position (positions are only needed for '/:').
_OP_VALUES = {t: (term, (code, -1)) for t, (term, code) in _OPS.items()}
for _t in ("/:", "'", "<<", "?", "]"):
    del _OP_VALUES[_t]
# operators that need no bracket bookkeeping
_SIMPLE_OPS = {t: v for t, v in _OP_VALUES.items()
               if v[0] in ("INF", "PM", "BANG", "POST", "SEMI", "COMMA", "SPAN", "TILDE", "BAD")}
