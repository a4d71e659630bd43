"""The Pygments lexer (gtnlang.highlight) and its plugin registration."""

import os
import subprocess
import sys

import pytest
from pygments.token import Comment, Error, Name, Number, Operator, Punctuation, String

from gtnlang.highlight import GtnLexer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def tokens(text):
    return [(t, v) for t, v in GtnLexer().get_tokens(text) if v.strip()]


def test_names_patterns_and_numbers():
    assert tokens("f[x_Integer] := Plus[x, 2.5, 3]") == [
        (Name.Function, "f"), (Punctuation, "["), (Name.Variable, "x_Integer"), (Punctuation, "]"),
        (Operator, ":="), (Name.Builtin, "Plus"), (Punctuation, "["), (Name, "x"), (Punctuation, ","),
        (Number.Float, "2.5"), (Punctuation, ","), (Number.Integer, "3"), (Punctuation, "]")]


def test_comments_nest_and_strings_escape():
    toks = tokens('(* a (* b *) c *) "q\\"s" x')
    assert all(t in Comment.Multiline for t, _ in toks[:7])
    assert (String.Escape, '\\"') in toks
    assert toks[-1] == (Name, "x")


def test_special_forms():
    toks = dict((v, t) for t, v in tokens("f::usage; #1 &; %% ; 2^^101; 1.5*^3; _; x__"))
    assert toks["usage"] is Name.Exception
    assert toks["#1"] is Name.Variable.Magic
    assert toks["%%"] is Name.Builtin.Pseudo
    assert toks["2^^101"] is Number.Integer
    assert toks["1.5*^3"] is Number.Float
    assert toks["_"] is Name.Variable and toks["x__"] is Name.Variable
    assert tokens("?Graph*")[0] == (Operator, "?")


def test_every_example_lexes_without_errors():
    examples = os.path.join(ROOT, "examples")
    for name in sorted(os.listdir(examples)):
        if name.endswith(".gtn"):
            with open(os.path.join(examples, name), encoding="utf-8") as handle:
                text = handle.read()
            errors = [v for t, v in GtnLexer().get_tokens(text) if t is Error]
            assert errors == [], (name, errors[:5])
            assert "".join(v for _, v in GtnLexer().get_tokens(text)) == text + ("" if text.endswith("\n") else "\n")


def test_registered_as_a_pygments_plugin():
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound
    try:
        lexer = get_lexer_by_name("gtnlang")
    except ClassNotFound:
        pytest.skip("gtnlang is not installed (the entry point exists only after pip install)")
    assert isinstance(lexer, GtnLexer)
    result = subprocess.run([sys.executable, "-m", "pygments", "-l", "gtnlang", "-f", "html"],
                            input="Plus[1, 2]", capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "Plus" in result.stdout
