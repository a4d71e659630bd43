"""Syntax highlighting: a Pygments lexer for gtnlang.

`GtnLexer` is registered as a Pygments plugin (the ``pygments.lexers`` entry
point in ``pyproject.toml``), so after installing gtnlang::

    pygmentize -l gtnlang file.gtn
    pygmentize file.gtn              # by the .gtn extension

The REPL uses the same lexer.  Built-in symbols are ``Name.Builtin``
(``Plus``, ``Compose``, ``$Line``), pattern names ``Name.Variable``
(``x_``, ``_Integer``, ``x__``), slots ``#`` / ``#2`` / ``##``
``Name.Variable.Magic``, message names ``f::usage`` ``Name.Exception``; comments
``(* ... *)`` nest as in the language.

>>> from gtnlang.highlight import GtnLexer
>>> [(str(t).split('.')[-1], v) for t, v in GtnLexer().get_tokens("f[x_] := Plus[x, 1]") if v.strip()]
[('Function', 'f'), ('Punctuation', '['), ('Variable', 'x_'), ('Punctuation', ']'), ('Operator', ':='), ('Builtin', 'Plus'), ('Punctuation', '['), ('Name', 'x'), ('Punctuation', ','), ('Integer', '1'), ('Punctuation', ']')]
"""

from __future__ import annotations

import re

from pygments.lexer import RegexLexer, bygroups, include
from pygments.token import (
    Comment, Error, Name, Number, Operator, Punctuation, String, Text, Whitespace,
)

__all__ = ["GtnLexer", "builtin_names"]

_SYMBOL = r"\$?[A-Za-z][A-Za-z0-9$]*(?:`[A-Za-z$][A-Za-z0-9$]*)*|\$[A-Za-z0-9$]+"

_builtin_names: frozenset | None = None


def builtin_names() -> frozenset:
    """The names of the built-in symbols (loads the builtins on first use)."""
    global _builtin_names
    if _builtin_names is None:
        import gtnlang.builtins  # noqa: F401  (installs the lazy loader)
        from gtnlang.core.builtin import all_names
        _builtin_names = frozenset(all_names())
    return _builtin_names


class GtnLexer(RegexLexer):
    """Pygments lexer for gtnlang (the Wolfram Language as gtnlang speaks it)."""

    name = "gtnlang"
    aliases = ["gtnlang", "gtn"]
    filenames = ["*.gtn"]
    mimetypes = ["text/x-gtnlang"]
    url = "https://example.invalid/gtnlang"

    flags = re.MULTILINE

    tokens = {
        "root": [
            (r"\s+", Whitespace),
            (r"\(\*", Comment.Multiline, "comment"),
            (r'"', String, "string"),
            # ?Name / ??Name (Information) at the start of a line
            (r"^(\?\??)([ \t]*)([^\s;,()\[\]{}\"]+)", bygroups(Operator, Whitespace, Name.Builtin)),
            # << file
            (r"(<<)([ \t]*)([^\s;,()\[\]{}\"]+)", bygroups(Operator, Whitespace, String.Other)),
            # numbers: base^^digits, 1.5*^3, 2.5`20, 1.
            (r"\d+\^\^[0-9a-zA-Z]+(?:\.[0-9a-zA-Z]*)?(?:`[0-9.]*)?", Number.Integer),
            (r"(?:\d+\.\d*|\.\d+)(?:`+[0-9.]*)?(?:\*\^-?\d+)?", Number.Float),
            (r"\d+`+[0-9.]*(?:\*\^-?\d+)?|\d+\*\^-?\d+", Number.Float),
            (r"\d+", Number.Integer),
            # %, %%, %n (Out)
            (r"%\d+|%+", Name.Builtin.Pseudo),
            # slots
            (r"##\d*|#\d+|#[A-Za-z][A-Za-z0-9]*|#", Name.Variable.Magic),
            # f::tag
            (r"(" + _SYMBOL + r")(::)([A-Za-z][A-Za-z0-9]*)",
             bygroups(Name.Symbol, Operator, Name.Exception)),
            # patterns: x_, x__, x___, x_Head, _Head, x_., x:pattern
            (r"(?:" + _SYMBOL + r")?_{1,3}(?:" + _SYMBOL + r")?\.?", Name.Variable),
            # a symbol followed by '[' is a call
            (r"(" + _SYMBOL + r")(?=\s*\[)", Name.Function),
            (_SYMBOL, Name),
            (r"\[\[|\]\]|<\||\|>|[\[\]{}(),;]", Punctuation),
            (r":=|\^:=|\^=|/:|=\.|->|:>|\+=|-=|\*=|/=|//\.|/\.|//@|//|/@|@@@|@@|@\*|/\*|"
             r"===|=!=|==|!=|<=|>=|&&|\|\||<>|\.\.\.|\.\.|;;|~~|\+\+|--|>>>|>>|<<|'+|"
             r"[-+*/^=<>!&|@~?.:%\\]", Operator),
            (r".", Error),
        ],
        "comment": [
            (r"[^(*]+", Comment.Multiline),
            (r"\(\*", Comment.Multiline, "#push"),
            (r"\*\)", Comment.Multiline, "#pop"),
            (r"[(*]", Comment.Multiline),
        ],
        "string": [
            (r'[^"\\]+', String),
            (r"\\\[[A-Za-z]+\]|\\:[0-9a-fA-F]{4}|\\\.[0-9a-fA-F]{2}|\\.", String.Escape),
            (r'"', String, "#pop"),
        ],
    }

    def get_tokens_unprocessed(self, text, stack=("root",)):
        names = builtin_names()
        for index, token, value in super().get_tokens_unprocessed(text, stack):
            if token in (Name, Name.Function) and value in names:
                token = Name.Builtin
            yield index, token, value


del include, Text  # imported for extenders; not used here
