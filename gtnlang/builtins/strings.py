"""Strings: StringJoin (<>), StringLength, StringSplit, StringReplace,
StringTake, StringDrop, Characters, ToUpperCase, StringMatchQ, StringCases,
ToString, ToExpression, ... and string patterns (StringExpression, ~~).

String patterns
---------------
A string pattern (a string, ``"a" ~~ x_ ~~ DigitCharacter..``,
``RegularExpression["a.+"]``, ``{"a", "b"}``, ``p1 | p2``) is translated to a
Python regular expression (module `re`) by `StringPattern`; matching then
follows Mathematica's rules, which are the rules of a backtracking regex
engine: at each successive position the alternatives are tried in order, and
quantifiers are greedy (longest) unless wrapped in ``Shortest``.

Supported elements: strings; ``_`` (any one character, newlines included),
``__``, ``___``; named patterns ``x_``, ``x__``, ``x:p`` (a repeated name must
match the same text again); ``p..``, ``p...``, ``Repeated[p, {m, n}]``;
``Alternatives`` and lists; ``Except[c]`` (one character not matching c),
``Except[c, p]``; ``Longest``/``Shortest``; ``RegularExpression["..."]``
(Python's `re` dialect, which agrees with PCRE on the common syntax;
``$n`` in the right-hand side of a rule refers to its groups);
``CharacterRange["a", "z"]``; the named classes ``DigitCharacter``,
``LetterCharacter``, ``WordCharacter``, ``WhitespaceCharacter``,
``PunctuationCharacter``, ``HexadecimalCharacter``, ``Whitespace``,
``NumberString``, ``StartOfString``, ``EndOfString``, ``StartOfLine``,
``EndOfLine``, ``WordBoundary``.
``_?test`` (and ``x_?test``, ``x__?test``) is supported by testing each
distinct character of the subject string, so ``__?test`` means "every
character passes test" (exact for LetterQ, DigitQ, UpperCaseQ, ...).
Not supported: ``p /; cond`` and typed blanks (``_Integer``) inside string
patterns; they give ``StringExpression::invld`` and the call stays unevaluated.

Plain strings given as a whole pattern to StringMatchQ (and Names) take the
wildcards ``*`` (any characters) and ``@`` (one or more characters that are
not upper-case letters); ``\\*`` is a literal star.
"""

from __future__ import annotations

import re

from gtnlang.core.builtin import builtin, define, sub_builtin
from gtnlang.core.pattern import substitute
from gtnlang.expr import (
    FALSE, NULL, TRUE, Expr, Integer, Normal, String, Symbol, from_bool,
)

__all__ = ["StringPattern", "BadStringPattern", "wildcard_regex", "to_text", "message"]

_LIST = Symbol("List")
_RULE = Symbol("Rule")
_RULE_DELAYED = Symbol("RuleDelayed")
_STRING_EXPRESSION = Symbol("StringExpression")
_FAILED = Symbol("$Failed")
_ALL = Symbol("All")
_NONE = Symbol("None")

_STRING_MESSAGES = {"string": "String expected at position `1` in `2`."}


def message(ev, name: str, tag: str, *args) -> None:
    """``ev.message`` that makes sure the builtin's own templates are installed.

    (The session's definitions copy only the usage text from the registry;
    this copies the declared ``messages={...}`` on first use.)
    """
    definition = ev.definition(Symbol(name))
    spec = definition.builtin
    if spec is not None and tag not in definition.messages and tag in spec.messages:
        definition.messages[tag] = spec.messages[tag]
    ev.message(name, tag, *args)


def _list(items) -> Normal:
    return Normal(_LIST, tuple(items))


def _strings(values) -> Normal:
    return Normal(_LIST, tuple(String(v) for v in values))


def _is_list(e) -> bool:
    return type(e) is Normal and e.head is _LIST


def _is_rule(e) -> bool:
    return type(e) is Normal and (e.head is _RULE or e.head is _RULE_DELAYED) and len(e.args) == 2


def _int(e):
    return e.value if type(e) is Integer else None


def to_text(expr: Expr, form: str = "OutputForm") -> str:
    """The text of an expression as ToString gives it."""
    if type(expr) is String and form == "OutputForm":
        return expr.value
    from gtnlang.syntax.printer import format_expr
    return format_expr(expr, form)


# ---------------------------------------------------------------------------
# Options such as IgnoreCase -> True at the end of a call

_OPTION_NAMES = frozenset({"IgnoreCase", "Overlaps", "MetaCharacters"})

for _name, _usage in [
    ("IgnoreCase", "IgnoreCase is an option for string manipulation and searching functions that specifies whether lowercase and uppercase letters should be treated as equivalent."),
    ("Overlaps", "Overlaps is an option to string and sequence functions that specifies how to treat overlapping substrings."),
]:
    define(_name, usage=_usage)


def _split_options(args: tuple):
    """(positional args, {option name: value}) with trailing known options removed."""
    options = {}
    end = len(args)
    while end > 0:
        a = args[end - 1]
        if (_is_rule(a) and type(a.args[0]) is Symbol and a.args[0].name in _OPTION_NAMES):
            options[a.args[0].name] = a.args[1]
            end -= 1
        else:
            break
    return args[:end], options


# ---------------------------------------------------------------------------
# String patterns

class BadStringPattern(Exception):
    """An element that cannot be part of a string pattern."""

    def __init__(self, element):
        super().__init__(element)
        self.element = element


_CLASSES = {
    "DigitCharacter": r"[0-9]",
    "LetterCharacter": r"[^\W\d_]",
    "WordCharacter": r"[^\W_]",
    "WhitespaceCharacter": r"\s",
    "PunctuationCharacter": r"[!-/:-@\[-`{-~]",
    "HexadecimalCharacter": r"[0-9a-fA-F]",
}
_SPECIAL_SYMBOLS = {
    "Whitespace": r"\s+",
    "NumberString": r"(?:-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))",
    "StartOfString": r"\A",
    "EndOfString": r"\Z",
    "StartOfLine": r"(?m:^)",
    "EndOfLine": r"(?m:$)",
    "WordBoundary": r"\b",
}

for _name, _usage in [
    ("DigitCharacter", "DigitCharacter represents a digit character 0-9 in StringExpression."),
    ("LetterCharacter", "LetterCharacter represents a letter character in StringExpression."),
    ("WordCharacter", "WordCharacter represents a letter or digit character in StringExpression."),
    ("WhitespaceCharacter", "WhitespaceCharacter represents a single whitespace character in StringExpression."),
    ("PunctuationCharacter", "PunctuationCharacter represents a punctuation character in StringExpression."),
    ("HexadecimalCharacter", "HexadecimalCharacter represents a hexadecimal digit character 0-9, a-f, A-F in StringExpression."),
    ("Whitespace", "Whitespace represents a sequence of whitespace characters in StringExpression."),
    ("NumberString", "NumberString represents the characters of a number in StringExpression."),
    ("StartOfString", "StartOfString represents the start of a string in StringExpression."),
    ("EndOfString", "EndOfString represents the end of a string in StringExpression."),
    ("StartOfLine", "StartOfLine represents the start of a line in StringExpression."),
    ("EndOfLine", "EndOfLine represents the end of a line in StringExpression."),
    ("WordBoundary", "WordBoundary represents a boundary between words in StringExpression."),
]:
    define(_name, usage=_usage)

define("RegularExpression",
       usage="RegularExpression[\"regex\"] represents the generalized regular expression specified by the string \"regex\".")
define("CharacterRange",
       usage="CharacterRange[c1, c2] represents the characters from c1 to c2 in a string pattern.")

_FLAGS_AT_START = re.compile(r"^\(\?([aiLmsux]+)\)")


def wildcard_regex(text: str) -> str:
    """A Mathematica wildcard string (``*``, ``@``, ``\\*``) as regex text."""
    out = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text) and text[i + 1] in "*@":
            out.append(re.escape(text[i + 1]))
            i += 2
            continue
        if c == "*":
            out.append(".*")
        elif c == "@":
            out.append("[^A-Z]+")
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


class StringPattern:
    """A string pattern, or a list of string rules, compiled to one regex.

    `StringPattern(ev, [(lhs, rhs_or_None, delayed), ...], subject)`:
    each alternative is wrapped in a group ``r{i}``; pattern names become
    groups ``n{i}_{k}``.  `subject` (the string searched) is needed only for
    ``_?test`` patterns.
    """

    def __init__(self, ev, alternatives, subject: str = "", *, ignore_case=False,
                 wildcards=False):
        self.ev = ev
        self.subject = subject
        self.wildcards = wildcards
        self.rules = []
        parts = []
        self._lazy = False
        for i, (lhs, rhs, delayed) in enumerate(alternatives):
            self._names: dict = {}
            self._rule_index = i
            body = self._top(lhs)
            parts.append(f"(?P<r{i}>{body})")
            is_regex = type(lhs) is Normal and lhs.has_head("RegularExpression")
            self.rules.append((rhs, delayed, dict(self._names), is_regex))
        flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0)
        try:
            self.regex = re.compile("|".join(parts), flags)
        except re.error as error:
            raise BadStringPattern(String(str(error))) from None

    # --- translation -----------------------------------------------------------

    def _top(self, p):
        if type(p) is String and self.wildcards:
            return wildcard_regex(p.value)
        if _is_list(p) or (type(p) is Normal and p.has_head("Alternatives")):
            return "(?:" + "|".join(self._top(a) for a in p.args) + ")"
        return self._tr(p)

    def _quant(self, q: str) -> str:
        return q + "?" if self._lazy else q

    def _tr(self, p) -> str:
        t = type(p)
        if t is String:
            return re.escape(p.value)
        if t is Symbol:
            name = p.name
            if name in _CLASSES:
                return _CLASSES[name]
            if name in _SPECIAL_SYMBOLS:
                return _SPECIAL_SYMBOLS[name]
            raise BadStringPattern(p)
        if t is not Normal or type(p.head) is not Symbol:
            raise BadStringPattern(p)
        head = p.head.name
        args = p.args
        if head == "StringExpression":
            return "".join(self._tr(a) for a in args)
        if head in ("Alternatives", "List"):
            return "(?:" + "|".join(self._tr(a) for a in args) + ")"
        if head in ("Blank", "BlankSequence", "BlankNullSequence") and not args:
            return {"Blank": ".", "BlankSequence": "." + self._quant("+"),
                    "BlankNullSequence": "." + self._quant("*")}[head]
        if head == "Pattern" and len(args) == 2 and type(args[0]) is Symbol:
            if args[0] in self._names:
                return f"(?P={self._names[args[0]]})"
            return self._named(args[0], self._tr(args[1]))
        if head in ("Repeated", "RepeatedNull") and 1 <= len(args) <= 2:
            inner = "(?:" + self._tr(args[0]) + ")"
            low = 1 if head == "Repeated" else 0
            if len(args) == 1:
                return inner + self._quant("+" if low else "*")
            spec = args[1]
            if type(spec) is Integer:
                return inner + self._quant("{%d,%d}" % (low, spec.value))
            if _is_list(spec) and all(type(a) is Integer for a in spec.args):
                if len(spec.args) == 1:
                    return inner + "{%d}" % spec.args[0].value
                if len(spec.args) == 2:
                    return inner + self._quant("{%d,%d}" % (spec.args[0].value, spec.args[1].value))
            raise BadStringPattern(p)
        if head in ("Longest", "Shortest") and len(args) == 1:
            saved = self._lazy
            self._lazy = head == "Shortest"
            try:
                return self._tr(args[0])
            finally:
                self._lazy = saved
        if head == "Except" and len(args) in (1, 2):
            excluded = self._tr(args[0])
            if len(args) == 1:
                return f"(?:(?!{excluded}).)"
            return f"(?:(?!{excluded}){self._tr(args[1])})"
        if head == "RegularExpression" and len(args) == 1 and type(args[0]) is String:
            text = args[0].value
            flags = _FLAGS_AT_START.match(text)
            if flags:
                return f"(?{flags.group(1)}:{text[flags.end():]})"
            return f"(?-s:{text})"
        if head == "CharacterRange" and len(args) == 2 and all(type(a) is String and len(a.value) == 1 for a in args):
            return "[" + re.escape(args[0].value) + "-" + re.escape(args[1].value) + "]"
        if head == "PatternTest" and len(args) == 2:
            return self._pattern_test(args[0], args[1], p)
        if head == "HoldPattern" and len(args) == 1:
            return self._tr(args[0])
        raise BadStringPattern(p)

    def _pattern_test(self, inner, test, whole):
        name = None
        if type(inner) is Normal and inner.has_head("Pattern") and len(inner.args) == 2:
            name, inner = inner.args
        if not (type(inner) is Normal and not inner.args and type(inner.head) is Symbol
                and inner.head.name in ("Blank", "BlankSequence", "BlankNullSequence")):
            raise BadStringPattern(whole)
        ev = self.ev
        ok = sorted(c for c in set(self.subject)
                    if ev.evaluate(Normal(test, (String(c),))) is TRUE)
        cls = "[" + "".join(re.escape(c) for c in ok) + "]" if ok else "(?!)"
        body = {"Blank": cls, "BlankSequence": f"(?:{cls})" + self._quant("+"),
                "BlankNullSequence": f"(?:{cls})" + self._quant("*")}[inner.head.name]
        if name is None:
            return body
        return self._named(name, body)

    def _named(self, symbol, body):
        group = self._names.get(symbol)
        if group is not None:
            return f"(?P={group})"
        group = f"n{self._rule_index}_{len(self._names)}"
        self._names[symbol] = group
        return f"(?P<{group}>{body})"

    # --- using a match ---------------------------------------------------------------

    def which(self, m) -> int:
        """The index of the alternative (rule) that matched."""
        for i in range(len(self.rules)):
            if m.group(f"r{i}") is not None:
                return i
        return 0

    def value(self, m):
        """The right-hand side of the matching rule for match `m` (unevaluated)."""
        i = self.which(m)
        rhs, delayed, names, is_regex = self.rules[i]
        if rhs is None:
            return String(m.group(0))
        bindings = {symbol: String(m.group(group)) for symbol, group in names.items()}
        if bindings:
            rhs = substitute(rhs, bindings)
        if is_regex:
            offset = self.regex.groupindex[f"r{i}"]
            rhs = _regex_references(rhs, m, offset)
        return rhs

    def finditer(self, s: str, overlaps=False):
        """The matches in `s`: non-overlapping, or (overlaps) one at each start."""
        if not overlaps:
            yield from self.regex.finditer(s)
            return
        for start in range(len(s) + 1):
            m = self.regex.match(s, start)
            if m is not None:
                yield m


_GROUP_REFERENCE = re.compile(r"\$(\d+)")


def _regex_references(rhs, m, offset):
    """Replace ``$n`` in the strings of `rhs` by the text of group n of the regex."""
    if type(rhs) is String:
        if "$" not in rhs.value:
            return rhs

        def group(ref):
            n = int(ref.group(1))
            try:
                text = m.group(0) if n == 0 else m.group(offset + n)
            except IndexError:
                return ref.group(0)
            return text or ""
        return String(_GROUP_REFERENCE.sub(group, rhs.value))
    if type(rhs) is Normal:
        return Normal(_regex_references(rhs.head, m, offset),
                      tuple(_regex_references(a, m, offset) for a in rhs.args))
    return rhs


def _compile(ev, who, call, alternatives, subject="", options=None, wildcards=False):
    """A StringPattern, or None after a message when the pattern is invalid."""
    ignore_case = (options or {}).get("IgnoreCase") is TRUE
    try:
        return StringPattern(ev, alternatives, subject, ignore_case=ignore_case,
                             wildcards=wildcards)
    except BadStringPattern as bad:
        message(ev, "StringExpression", "invld", bad.element, call)
        return None


def _pattern_alternatives(spec):
    """A pattern (or list of patterns) as one alternative (no rules)."""
    return [(spec, None, False)]


def _rule_alternatives(spec):
    """A rule or list of rules as alternatives; None when not all are rules."""
    items = spec.args if _is_list(spec) else (spec,)
    if not items or not all(_is_rule(r) for r in items):
        return None
    return [(r.args[0], r.args[1], r.head is _RULE_DELAYED) for r in items]


define("StringExpression", attributes=("Flat", "OneIdentity", "Protected"),
       usage="s1 ~~ s2 ~~ ... or StringExpression[s1, s2, ...] represents a sequence of strings and symbolic string objects si.",
       messages={"invld": "Element `1` is not a valid string or pattern element in `2`.",
                 "cond": "Conditions (/;) are not supported in string patterns: `1`."})


@builtin(attributes=("Flat", "OneIdentity", "Protected"),
         usage="s1 ~~ s2 ~~ ... or StringExpression[s1, s2, ...] represents a sequence of strings and symbolic string objects si.")
def StringExpression(ev, expr):
    """Adjacent strings join: ``"a" ~~ "b"`` is ``"ab"``."""
    args = expr.args
    if not args:
        return String("")
    out = []
    merged = False
    for a in args:
        if type(a) is String and out and type(out[-1]) is String:
            out[-1] = String(out[-1].value + a.value)
            merged = True
        else:
            out.append(a)
    if not merged:
        return None
    if len(out) == 1:
        return out[0]
    return Normal(_STRING_EXPRESSION, tuple(out))


# ---------------------------------------------------------------------------
# Joining, length, characters

@builtin(attributes=("Flat", "OneIdentity", "Protected"),
         messages=_STRING_MESSAGES,
         usage="StringJoin[\"s1\", \"s2\", ...] or \"s1\" <> \"s2\" <> ... yields a string consisting of a concatenation of the si.")
def StringJoin(ev, expr):
    pieces = []

    def collect(items, top):
        for index, a in enumerate(items, 1):
            if type(a) is String:
                pieces.append(a.value)
            elif _is_list(a):
                if not collect(a.args, False):
                    return False
            else:
                message(ev, "StringJoin", "string", Integer(index) if top else Integer(index), expr)
                return False
        return True

    if not collect(expr.args, True):
        return None
    return String("".join(pieces))


@builtin(attributes=("Listable", "Protected"), nargs=1, messages=_STRING_MESSAGES,
         usage="StringLength[\"string\"] gives the number of characters in a string.")
def StringLength(ev, expr):
    s = expr.args[0]
    if type(s) is not String:
        message(ev, "StringLength", "string", Integer(1), expr)
        return None
    return Integer(len(s.value))


@builtin(attributes=("Listable", "Protected"), nargs=1, messages=_STRING_MESSAGES,
         usage="Characters[\"string\"] gives a list of the characters in a string.")
def Characters(ev, expr):
    s = expr.args[0]
    if type(s) is not String:
        message(ev, "Characters", "string", Integer(1), expr)
        return None
    return _strings(s.value)


@builtin(attributes=("Listable", "Protected"), nargs=1, messages=_STRING_MESSAGES,
         usage="StringReverse[\"string\"] reverses the order of the characters in \"string\".")
def StringReverse(ev, expr):
    s = expr.args[0]
    if type(s) is not String:
        message(ev, "StringReverse", "string", Integer(1), expr)
        return None
    return String(s.value[::-1])


def _case_function(name, convert, description):
    @builtin(name, attributes=("Listable", "Protected"), nargs=1, messages=_STRING_MESSAGES,
             usage=f"{name}[expr] yields a version of expr in which all letters have been converted to {description}.")
    def case(ev, expr):
        s = expr.args[0]
        if type(s) is String:
            return String(convert(s.value))
        if type(s) is Symbol:
            return None
        message(ev, name, "string", Integer(1), expr)
        return None
    return case


_case_function("ToUpperCase", str.upper, "upper case")
_case_function("ToLowerCase", str.lower, "lower case")
_case_function("Capitalize", lambda s: s[:1].upper() + s[1:], "upper case at the start")


def _char_test(name, test, description):
    @builtin(name, nargs=1, usage=f"{name}[string] yields True if all the characters in the string are {description}, and yields False otherwise.")
    def check(ev, expr):
        s = expr.args[0]
        if type(s) is not String:
            return FALSE
        return from_bool(all(test(c) for c in s.value))
    return check


_char_test("LetterQ", str.isalpha, "letters")
_char_test("DigitQ", lambda c: "0" <= c <= "9", "digits from 0 to 9")
_char_test("UpperCaseQ", str.isupper, "uppercase letters")
_char_test("LowerCaseQ", str.islower, "lowercase letters")


@builtin(nargs=(0, 1), usage="Alphabet[] gives a list of the lowercase letters a through z in the English alphabet.")
def Alphabet(ev, expr):
    if expr.args and not (type(expr.args[0]) is String and expr.args[0].value in ("English", "Latin")):
        return None
    return _strings("abcdefghijklmnopqrstuvwxyz")


# ---------------------------------------------------------------------------
# Sequence specifications: StringTake, StringDrop, StringPart

class _SeqError(Exception):
    def __init__(self, low, high):
        super().__init__(low, high)
        self.low = low
        self.high = high


def _seq_spec(spec, n: int):
    """A sequence specification as 1-based (first, last, step) within 1..n.

    Raises _SeqError(first, last) (as written) when out of range, TypeError
    when `spec` is not a sequence specification.
    """
    if type(spec) is Integer:
        k = spec.value
        first, last, step = (1, k, 1) if k >= 0 else (k, -1, 1)
    elif spec is _ALL:
        return 1, n, 1
    elif spec is _NONE:
        return 1, 0, 1
    elif type(spec) is Normal and spec.has_head("UpTo") and len(spec.args) == 1 and type(spec.args[0]) is Integer:
        return 1, min(spec.args[0].value, n), 1
    elif _is_list(spec) and 1 <= len(spec.args) <= 3 and all(type(a) is Integer for a in spec.args):
        values = [a.value for a in spec.args]
        if len(values) == 1:
            first = last = values[0]
            step = 1
        elif len(values) == 2:
            first, last = values
            step = 1
        else:
            first, last, step = values
            if step == 0:
                raise TypeError
    else:
        raise TypeError
    f = first + n + 1 if first < 0 else first
    l_ = last + n + 1 if last < 0 else last
    if step > 0:
        ok = 1 <= f <= n + 1 and 0 <= l_ <= n and f <= l_ + 1
    else:
        ok = 1 <= f <= n and 1 <= l_ <= n + 1 and l_ <= f + 1
    if not ok:
        raise _SeqError(first, last)
    return f, l_, step


def _seq_indices(f, l_, step):
    return range(f - 1, l_ - 1 + (1 if step > 0 else -1), step) if step > 0 else range(f - 1, l_ - 2, step)


def _take_drop(ev, expr, name, drop):
    s, spec = expr.args[0], expr.args[1]
    if _is_list(s):
        return _list(Normal(expr.head, (a,) + expr.args[1:]) for a in s.args)
    if type(s) is not String:
        message(ev, name, "strse", Integer(1), expr)
        return None
    text = s.value
    specs = expr.args[1:]
    if len(specs) == 1 and _is_list(spec) and spec.args and all(_is_list(a) for a in spec.args):
        return _list(Normal(expr.head, (s, a)) for a in spec.args)
    if drop and len(specs) > 1:
        # StringDrop[s, spec1, spec2]: not supported (Mathematica has no such form)
        return None
    try:
        f, l_, step = _seq_spec(spec, len(text))
    except TypeError:
        message(ev, name, "mseqs", expr, Integer(2))
        return None
    except _SeqError as error:
        message(ev, name, "drop" if drop else "take", Integer(error.low), Integer(error.high), s)
        return None
    indices = list(_seq_indices(f, l_, step))
    if not drop:
        return String("".join(text[i] for i in indices))
    removed = set(indices)
    return String("".join(c for i, c in enumerate(text) if i not in removed))


_SEQ_MESSAGES = {
    "take": "Cannot take positions `1` through `2` in `3`.",
    "drop": "Cannot drop positions `1` through `2` in `3`.",
    "mseqs": "Sequence specification or a list of sequence specifications expected at position `2` in `1`.",
    "strse": "String or list of strings expected at position `1` in `2`.",
}


@builtin(nargs=2, messages=_SEQ_MESSAGES,
         usage="StringTake[\"string\", n] gives a string containing the first n characters in \"string\".\n"
               "StringTake[\"string\", -n] gives the last n characters; StringTake[\"string\", {n}] the nth; "
               "StringTake[\"string\", {m, n}] characters m through n.")
def StringTake(ev, expr):
    return _take_drop(ev, expr, "StringTake", False)


@builtin(nargs=2, messages=_SEQ_MESSAGES,
         usage="StringDrop[\"string\", n] gives \"string\" with its first n characters dropped.\n"
               "StringDrop[\"string\", -n] drops the last n; StringDrop[\"string\", {n}] the nth; "
               "StringDrop[\"string\", {m, n}] characters m through n.")
def StringDrop(ev, expr):
    return _take_drop(ev, expr, "StringDrop", True)


@builtin(nargs=2, messages={"partw": "Part `1` of `2` does not exist.", **_SEQ_MESSAGES},
         usage="StringPart[\"string\", n] gives the nth character in \"string\".\n"
               "StringPart[\"string\", {n1, n2, ...}] gives a list of the ni-th characters; StringPart[\"string\", m ;; n] characters m through n.")
def StringPart(ev, expr):
    s, spec = expr.args
    if _is_list(s):
        return _list(Normal(expr.head, (a, spec)) for a in s.args)
    if type(s) is not String:
        message(ev, "StringPart", "strse", Integer(1), expr)
        return None
    text = s.value
    n = len(text)

    def char(k):
        i = k + n if k < 0 else k - 1
        if not 0 <= i < n:
            message(ev, "StringPart", "partw", Integer(k), s)
            raise IndexError
        return String(text[i])

    try:
        if type(spec) is Integer:
            return char(spec.value)
        if _is_list(spec) and all(type(a) is Integer for a in spec.args):
            return _list(char(a.value) for a in spec.args)
        if type(spec) is Normal and spec.has_head("Span") and 2 <= len(spec.args) <= 3:
            ends = [n if a is _ALL else _int(a) for a in spec.args]
            if None in ends:
                return None
            try:
                f, l_, step = _seq_spec(_list(Integer(e) for e in ends), n)
            except _SeqError as error:
                message(ev, "StringPart", "take", Integer(error.low), Integer(error.high), s)
                return None
            return _list(String(text[i]) for i in _seq_indices(f, l_, step))
    except IndexError:
        return None
    return None


# ---------------------------------------------------------------------------
# Splitting, replacing, searching

def _string_or_list_first(ev, expr, name):
    """Thread over a list first argument; message and None if not a string."""
    s = expr.args[0]
    if _is_list(s):
        return "thread", _list(Normal(expr.head, (a,) + expr.args[1:]) for a in s.args)
    if type(s) is not String:
        message(ev, name, "strse", Integer(1), expr)
        return "fail", None
    return "ok", s.value


_STRSE = {"strse": "String or list of strings expected at position `1` in `2`."}


@builtin(nargs=(1, None), messages=_STRSE,
         usage="StringSplit[s] splits the string s into a list of substrings separated by whitespace.\n"
               "StringSplit[s, patt] splits s into substrings separated by delimiters matching the string expression patt.\n"
               "StringSplit[s, {p1, p2, ...}] splits at any of the pi; StringSplit[s, patt -> val] inserts val at each delimiter.\n"
               "StringSplit[s, patt, n] splits into at most n substrings; StringSplit[s, patt, All] keeps empty substrings at the ends.")
def StringSplit(ev, expr):
    args, options = _split_options(expr.args)
    if not 1 <= len(args) <= 3:
        return None
    state, value = _string_or_list_first(ev, Normal(expr.head, args), "StringSplit")
    if state != "ok":
        return value
    text = value
    sep = args[1] if len(args) > 1 else Symbol("Whitespace")
    limit = None
    keep_ends = False
    if len(args) == 3:
        if args[2] is _ALL:
            keep_ends = True
        elif type(args[2]) is Integer and args[2].value > 0:
            limit = args[2].value
        else:
            return None
    rules = _rule_alternatives(sep)
    if rules is None:
        if _is_list(sep) and any(_is_rule(r) for r in sep.args):
            # a mixture of patterns and rules: patterns insert nothing
            rules = [(r.args[0], r.args[1], r.head is _RULE_DELAYED) if _is_rule(r) else (r, None, False)
                     for r in sep.args]
            inserts = True
        else:
            rules = _pattern_alternatives(sep)
            inserts = False
    else:
        inserts = True
    pattern = _compile(ev, "StringSplit", expr, rules, text, options)
    if pattern is None:
        return None
    pieces = []
    position = 0
    count = 0
    for m in pattern.finditer(text):
        if m.end() == m.start():
            continue
        if limit is not None and count >= limit - 1:
            break
        pieces.append(String(text[position:m.start()]))
        if inserts:
            i = pattern.which(m)
            if pattern.rules[i][0] is not None:
                pieces.append(ev.evaluate(pattern.value(m)))
        position = m.end()
        count += 1
    pieces.append(String(text[position:]))
    if not keep_ends:
        if pieces and pieces[0] == String(""):
            pieces.pop(0)
        if pieces and pieces[-1] == String(""):
            pieces.pop()
    return _list(pieces)


def _replace_pieces(ev, pattern, text, limit=None):
    """Evaluated pieces of `text` with the rules applied; a flag whether any matched."""
    pieces = []
    position = 0
    count = 0
    for m in pattern.finditer(text):
        if limit is not None and count >= limit:
            break
        if m.start() > position:
            pieces.append(String(text[position:m.start()]))
        pieces.append(ev.evaluate(pattern.value(m)))
        position = m.end()
        count += 1
    if position < len(text):
        pieces.append(String(text[position:]))
    return pieces, count


def _join_pieces(pieces):
    if all(type(p) is String for p in pieces):
        return String("".join(p.value for p in pieces))
    out = []
    for p in pieces:
        if type(p) is String and out and type(out[-1]) is String:
            out[-1] = String(out[-1].value + p.value)
        elif not (type(p) is String and p.value == ""):
            out.append(p)
    return Normal(_STRING_EXPRESSION, tuple(out))


@builtin(nargs=(1, None), messages={**_STRSE, "srep": "`1` is not a valid string replacement rule."},
         usage="StringReplace[\"string\", s -> sp] or StringReplace[\"string\", {s1 -> sp1, s2 -> sp2, ...}] replaces the string expressions si by spi whenever they appear as substrings of \"string\".\n"
               "StringReplace[\"string\", srules, n] does only the first n replacements.\n"
               "StringReplace[srules] represents an operator form of StringReplace.")
def StringReplace(ev, expr):
    args, options = _split_options(expr.args)
    if not 2 <= len(args) <= 3:
        return None
    state, value = _string_or_list_first(ev, Normal(expr.head, args), "StringReplace")
    if state != "ok":
        return value
    rules = _rule_alternatives(args[1])
    if rules is None:
        message(ev, "StringReplace", "srep", args[1])
        return None
    limit = None
    if len(args) == 3:
        if type(args[2]) is Integer and args[2].value >= 0:
            limit = args[2].value
        elif args[2] is not Symbol("Infinity"):
            return None
    pattern = _compile(ev, "StringReplace", expr, rules, value, options)
    if pattern is None:
        return None
    pieces, _ = _replace_pieces(ev, pattern, value, limit)
    return _join_pieces(pieces) if pieces else String("")


@builtin(nargs=(2, None), messages=_STRSE,
         usage="StringCases[\"string\", patt] gives a list of the substrings in \"string\" that match the string expression patt.\n"
               "StringCases[\"string\", lhs -> rhs] gives a list of the values of rhs for each match; StringCases[s, p, n] the first n.")
def StringCases(ev, expr):
    args, options = _split_options(expr.args)
    if not 2 <= len(args) <= 3:
        return None
    state, value = _string_or_list_first(ev, Normal(expr.head, args), "StringCases")
    if state != "ok":
        return value
    rules = _rule_alternatives(args[1])
    if rules is None:
        rules = _pattern_alternatives(args[1])
    limit = _int(args[2]) if len(args) == 3 else None
    pattern = _compile(ev, "StringCases", expr, rules, value, options)
    if pattern is None:
        return None
    out = []
    for m in pattern.finditer(value, options.get("Overlaps") is TRUE):
        if limit is not None and len(out) >= limit:
            break
        if m.end() == m.start() and rules[pattern.which(m)][1] is None:
            continue
        out.append(pattern.value(m))
    return _list(out)


@builtin(nargs=(2, None), messages=_STRSE,
         usage="StringDelete[\"string\", patt] yields the string obtained by deleting all occurrences of patt in \"string\".")
def StringDelete(ev, expr):
    args, options = _split_options(expr.args)
    if len(args) != 2:
        return None
    state, value = _string_or_list_first(ev, Normal(expr.head, args), "StringDelete")
    if state != "ok":
        return value
    pattern = _compile(ev, "StringDelete", expr, _pattern_alternatives(args[1]), value, options)
    if pattern is None:
        return None
    return String(pattern.regex.sub("", value))


@builtin(nargs=(2, None), messages=_STRSE,
         usage="StringCount[\"string\", patt] gives a count of the number of substrings in \"string\" that match the string expression patt.")
def StringCount(ev, expr):
    args, options = _split_options(expr.args)
    if len(args) != 2:
        return None
    state, value = _string_or_list_first(ev, Normal(expr.head, args), "StringCount")
    if state != "ok":
        return value
    pattern = _compile(ev, "StringCount", expr, _pattern_alternatives(args[1]), value, options)
    if pattern is None:
        return None
    overlaps = options.get("Overlaps") is TRUE
    return Integer(sum(1 for m in pattern.finditer(value, overlaps) if m.end() > m.start()))


@builtin(nargs=(2, None), messages=_STRSE,
         usage="StringPosition[\"string\", patt] gives a list of the starting and ending character positions at which patt appears as a substring in \"string\".\n"
               "StringPosition[\"string\", patt, n] includes only the first n occurrences.")
def StringPosition(ev, expr):
    args, options = _split_options(expr.args)
    if not 2 <= len(args) <= 3:
        return None
    state, value = _string_or_list_first(ev, Normal(expr.head, args), "StringPosition")
    if state != "ok":
        return value
    limit = _int(args[2]) if len(args) == 3 else None
    pattern = _compile(ev, "StringPosition", expr, _pattern_alternatives(args[1]), value, options)
    if pattern is None:
        return None
    overlaps = options.get("Overlaps") is not FALSE
    out = []
    for m in pattern.finditer(value, overlaps):
        if m.end() == m.start():
            continue
        if limit is not None and len(out) >= limit:
            break
        out.append(_list((Integer(m.start() + 1), Integer(m.end()))))
    return _list(out)


def _predicate(name, kind, usage):
    """StringMatchQ, StringContainsQ, StringStartsQ, StringEndsQ, StringFreeQ."""

    @builtin(name, nargs=(1, None), messages=_STRSE, usage=usage)
    def predicate(ev, expr):
        args, options = _split_options(expr.args)
        if len(args) != 2:
            return None
        s, patt = args
        if _is_list(s):
            return _list(Normal(expr.head, (a,) + expr.args[1:]) for a in s.args)
        if type(s) is not String:
            message(ev, name, "strse", Integer(1), expr)
            return None
        text = s.value
        pattern = _compile(ev, name, expr, _pattern_alternatives(patt), text, options,
                           wildcards=(kind == "match"))
        if pattern is None:
            return None
        regex = pattern.regex
        if kind == "match":
            return from_bool(regex.fullmatch(text) is not None)
        if kind == "starts":
            return from_bool(regex.match(text) is not None)
        if kind == "ends":
            return from_bool(any(regex.fullmatch(text, i) is not None for i in range(len(text), -1, -1)))
        found = regex.search(text) is not None
        return from_bool(found if kind == "contains" else not found)

    @sub_builtin(name)
    def operator(ev, expr):
        head = expr.head
        if type(head) is Normal and len(head.args) == 1 and len(expr.args) == 1:
            return Normal(head.head, (expr.args[0], head.args[0]))
        return None

    return predicate


_predicate("StringMatchQ", "match",
           "StringMatchQ[\"string\", patt] tests whether \"string\" matches the string pattern patt.\n"
           "StringMatchQ[patt] represents an operator form of StringMatchQ.")
_predicate("StringContainsQ", "contains",
           "StringContainsQ[\"string\", patt] yields True if any substring in \"string\" matches the string pattern patt, and yields False otherwise.")
_predicate("StringFreeQ", "free",
           "StringFreeQ[\"string\", patt] yields True if no substring in \"string\" matches the string pattern patt, and yields False otherwise.")
_predicate("StringStartsQ", "starts",
           "StringStartsQ[\"string\", patt] yields True if the beginning of \"string\" matches the string pattern patt, and yields False otherwise.")
_predicate("StringEndsQ", "ends",
           "StringEndsQ[\"string\", patt] yields True if the end of \"string\" matches the string pattern patt, and yields False otherwise.")


for _name in ("StringReplace", "StringCases", "StringDelete", "StringSplit", "StringCount", "StringPosition"):
    def _operator(ev, expr):
        head = expr.head
        if type(head) is Normal and len(head.args) == 1 and len(expr.args) == 1:
            return Normal(head.head, (expr.args[0], head.args[0]))
        return None
    sub_builtin(_name)(_operator)


# ---------------------------------------------------------------------------
# Assembling strings

@builtin(nargs=(1, None), messages=_STRSE,
         usage="StringRiffle[{s1, s2, s3, ...}] creates a single string by riffling spaces between the si.\n"
               "StringRiffle[list, sep] inserts the separator sep; StringRiffle[list, {\"left\", \"sep\", \"right\"}] adds delimiters; "
               "StringRiffle[list, sep1, sep2, ...] uses sepi between elements at level i.")
def StringRiffle(ev, expr):
    items = expr.args[0]
    if not _is_list(items):
        return None
    seps = list(expr.args[1:])
    if not seps:
        depth = 1
        e = items
        while _is_list(e) and e.args and all(_is_list(a) for a in e.args):
            depth += 1
            e = e.args[0]
        seps = [String("\n")] * (depth - 1) + [String(" ")] if depth > 1 else [String(" ")]
    specs = []
    for sep in seps:
        if type(sep) is String:
            specs.append(("", sep.value, ""))
        elif _is_list(sep) and len(sep.args) == 3 and all(type(a) is String for a in sep.args):
            specs.append(tuple(a.value for a in sep.args))
        else:
            return None

    def riffle(e, level):
        if _is_list(e) and level < len(specs):
            left, sep, right = specs[level]
            return left + sep.join(riffle(a, level + 1) for a in e.args) + right
        return to_text(e)

    return String(riffle(items, 0))


def _pad(ev, expr, left):
    args = expr.args
    s = args[0]
    pad = " "
    if len(args) == 3:
        if type(args[2]) is not String:
            return None
        pad = args[2].value
    if _is_list(s):
        if not all(type(a) is String for a in s.args):
            return None
        if len(args) == 1:
            n = max((len(a.value) for a in s.args), default=0)
            return _list(Normal(expr.head, (a, Integer(n))) for a in s.args)
        return _list(Normal(expr.head, (a,) + args[1:]) for a in s.args)
    if type(s) is not String or len(args) < 2 or type(args[1]) is not Integer or args[1].value < 0:
        return None
    text, n = s.value, args[1].value
    if len(text) >= n:
        return String(text[len(text) - n:] if left else text[:n])
    needed = n - len(text)
    if not pad:
        return s
    fill = pad * (needed // len(pad) + 1)
    if left:
        return String(fill[len(fill) - needed:] + text)
    return String(text + fill[:needed])


@builtin(nargs=(1, 3),
         usage="StringPadLeft[\"string\", n] makes string be of length n, padding it on the left with spaces or truncating it if necessary.\n"
               "StringPadLeft[\"string\", n, \"padding\"] pads by repeating copies of the string padding.\n"
               "StringPadLeft[{\"s1\", \"s2\", ...}] pads strings with spaces on the left to make them all the same length.")
def StringPadLeft(ev, expr):
    return _pad(ev, expr, True)


@builtin(nargs=(1, 3),
         usage="StringPadRight[\"string\", n] makes string be of length n, padding it on the right with spaces or truncating it if necessary.\n"
               "StringPadRight[\"string\", n, \"padding\"] pads by repeating copies of the string padding.\n"
               "StringPadRight[{\"s1\", \"s2\", ...}] pads strings with spaces on the right to make them all the same length.")
def StringPadRight(ev, expr):
    return _pad(ev, expr, False)


@builtin(nargs=(1, 2), messages=_STRSE,
         usage="StringTrim[\"string\"] trims whitespace from the beginning and end of \"string\".\n"
               "StringTrim[\"string\", patt] trims substrings matching patt from the beginning and end.")
def StringTrim(ev, expr):
    state, value = _string_or_list_first(ev, expr, "StringTrim")
    if state != "ok":
        return value
    if len(expr.args) == 1:
        return String(value.strip(" \t\n\r\f\v"))
    pattern = _compile(ev, "StringTrim", expr, _pattern_alternatives(expr.args[1]), value)
    if pattern is None:
        return None
    regex = pattern.regex
    m = regex.match(value)
    start = m.end() if m else 0
    end = len(value)
    for i in range(start, len(value)):
        if regex.fullmatch(value, i) is not None:
            if i < len(value):
                end = i
            break
    return String(value[start:end])


@builtin(nargs=(2, 3), messages={"intp": "Positive integer expected at position `2` in `1`."},
         usage="StringRepeat[\"str\", n] creates a string by concatenating n copies of \"str\".\n"
               "StringRepeat[\"str\", n, max] concatenates copies but truncates to length max.")
def StringRepeat(ev, expr):
    s, n = expr.args[:2]
    if type(s) is not String:
        return None
    if type(n) is not Integer or n.value < 1:
        message(ev, "StringRepeat", "intp", expr, Integer(2))
        return None
    text = s.value * n.value
    if len(expr.args) == 3:
        if type(expr.args[2]) is not Integer or expr.args[2].value < 0:
            return None
        text = text[:expr.args[2].value]
    return String(text)


@builtin(nargs=(2, 3), messages=_STRSE,
         usage="StringInsert[\"string\", \"snew\", n] yields a string with \"snew\" inserted starting at position n in \"string\".")
def StringInsert(ev, expr):
    s, new, n = (expr.args + (None,))[:3]
    if type(s) is not String or type(new) is not String or type(n) is not Integer:
        return None
    text = s.value
    k = n.value
    i = k - 1 if k > 0 else len(text) + k + 1
    if not 0 <= i <= len(text):
        return None
    return String(text[:i] + new.value + text[i:])


# ---------------------------------------------------------------------------
# Numbers and character codes

_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


@builtin(nargs=(1, 3), attributes=("Listable", "Protected"),
         usage="IntegerString[n] gives a string consisting of the decimal digits in the integer n.\n"
               "IntegerString[n, b] gives the digits in base b; IntegerString[n, b, len] pads the string on the left with zeros to length len.")
def IntegerString(ev, expr):
    n = expr.args[0]
    base = expr.args[1] if len(expr.args) > 1 else Integer(10)
    if type(n) is not Integer or type(base) is not Integer or not 2 <= base.value <= 36:
        return None
    value, b = abs(n.value), base.value
    digits = []
    while value:
        value, r = divmod(value, b)
        digits.append(_DIGITS[r])
    text = "".join(reversed(digits)) or "0"
    if len(expr.args) == 3:
        length = expr.args[2]
        if type(length) is not Integer or length.value < 0:
            return None
        text = text.rjust(length.value, "0")[-length.value:] if length.value else ""
    return String(text)


@builtin(nargs=(1, 2), messages=_STRSE,
         usage="ToCharacterCode[\"string\"] gives a list of the integer codes corresponding to the characters in a string.")
def ToCharacterCode(ev, expr):
    s = expr.args[0]
    if _is_list(s):
        return _list(Normal(expr.head, (a,) + expr.args[1:]) for a in s.args)
    if type(s) is not String:
        message(ev, "ToCharacterCode", "strse", Integer(1), expr)
        return None
    return _list(Integer(ord(c)) for c in s.value)


@builtin(nargs=(1, 2), messages={"notunicode": "A character code, which should be a non-negative integer less than 1114112, is expected at position `2` in `1`."},
         usage="FromCharacterCode[n] gives a string consisting of the character with integer code n.\n"
               "FromCharacterCode[{n1, n2, ...}] gives a string of characters; FromCharacterCode[{{n11, ...}, ...}] a list of strings.")
def FromCharacterCode(ev, expr):
    codes = expr.args[0]

    def char(e):
        if type(e) is Integer and 0 <= e.value < 0x110000:
            return chr(e.value)
        message(ev, "FromCharacterCode", "notunicode", expr, Integer(1))
        raise ValueError

    try:
        if type(codes) is Integer:
            return String(char(codes))
        if _is_list(codes):
            if codes.args and all(_is_list(a) for a in codes.args):
                return _list(String("".join(char(c) for c in a.args)) for a in codes.args)
            return String("".join(char(c) for c in codes.args))
    except ValueError:
        return None
    return None


@builtin(attributes=("Listable", "Protected"), nargs=1,
         usage="LetterNumber[\"c\"] gives the position of the character c in the English alphabet, and 0 if it is not a letter.")
def LetterNumber(ev, expr):
    s = expr.args[0]
    if type(s) is not String or len(s.value) != 1:
        return None
    c = s.value.lower()
    return Integer(ord(c) - 96 if "a" <= c <= "z" else 0)


# ---------------------------------------------------------------------------
# Conversion between expressions and strings

_FORM_NAMES = {"OutputForm": "OutputForm", "InputForm": "InputForm", "FullForm": "FullForm",
               "StandardForm": "OutputForm", "TraditionalForm": "OutputForm",
               "TextForm": "OutputForm"}


@builtin(nargs=(1, None),
         usage="ToString[expr] gives a string corresponding to the printed form of expr in OutputForm.\n"
               "ToString[expr, form] gives the string corresponding to output in form (InputForm, FullForm, ...).")
def ToString(ev, expr):
    args, _ = _split_options(expr.args)
    value = args[0]
    form = "OutputForm"
    if len(args) > 1:
        f = args[1]
        if type(f) is not Symbol or f.name not in _FORM_NAMES:
            return None
        form = _FORM_NAMES[f.name]
    return String(to_text(value, form))


@builtin(nargs=(1, None),
         usage="TextString[expr] gives a human-readable string representation of expr.")
def TextString(ev, expr):
    return String(to_text(expr.args[0]))


@builtin(nargs=(1, 3),
         messages={"sntx": "Invalid syntax in or before `1`.",
                   "notstrbox": "`1` is not a string or a box."},
         usage="ToExpression[input] gives the expression obtained by interpreting strings or boxes as Wolfram Language input.\n"
               "ToExpression[input, form] uses interpretation rules for form (InputForm, ...).\n"
               "ToExpression[input, form, h] wraps the head h around the expression produced before evaluating it.")
def ToExpression(ev, expr):
    source = expr.args[0]
    wrapper = expr.args[2] if len(expr.args) == 3 else None
    if _is_list(source):
        return _list(Normal(expr.head, (a,) + expr.args[1:]) for a in source.args)
    if type(source) is not String:
        if wrapper is not None:
            return Normal(wrapper, (source,))
        return source
    try:
        from gtnlang.syntax.parser import ParseError, parse
    except ImportError:  # the parser is not there yet
        return None
    text = source.value
    try:
        parsed = _parse_all(text, parse)
    except ParseError:
        message(ev, "ToExpression", "sntx", String('"' + text.strip() + '"'))
        return _FAILED
    if parsed is None:
        return NULL
    if wrapper is not None:
        return Normal(wrapper, (parsed,))
    return parsed


def _parse_all(text, parse):
    """One expression for `text`: several statements become CompoundExpression."""
    try:
        from gtnlang.syntax.parser import parse_statements
    except ImportError:
        parse_statements = None
    if parse_statements is not None:
        statements = list(parse_statements(text, "ToExpression"))
        if not statements:
            return None
        if len(statements) == 1:
            return statements[0].expr
        return Normal(Symbol("CompoundExpression"), tuple(s.expr for s in statements))
    if not text.strip():
        return None
    return parse(text)
