"""Comparison and logic (gtnlang/builtins/comparison.py, gtnlang/builtins/logic.py)."""

import pytest
from hypothesis import given, settings, strategies as st

from gtnlang import Session

CASES = [
    # Equal, Unequal
    ("1 == 1", "True"),
    ("1 == 2", "False"),
    ("1 == 1.", "True"),
    ("1/3 == 0.333333", "False"),
    ("1/2 == 0.5", "True"),
    ("0.1 + 0.2 == 0.3", "True"),
    ("1. == 1. + 10^-15", "True"),
    ("1. == 1. + 10^-10", "False"),
    ("x == x", "True"),
    ("x == y", "x == y"),
    ("f[x] == f[x]", "True"),
    ("\"a\" == \"a\"", "True"),
    ("\"a\" == \"b\"", "False"),
    ("True == False", "False"),
    ("{1, 2} == {1, 2}", "True"),
    ("{1, 2} == {1, 3}", "False"),
    ("{1, 2} == {1, 2, 3}", "False"),
    ("Pi == 22/7", "False"),
    ("Sqrt[2]^2 == 2", "True"),
    ("Pi == N[Pi]", "True"),
    ("1 == 1 == 1", "True"),
    ("1 == 2 == x", "False"),
    ("1 + I == 1 + I", "True"),
    ("1 + I == 1", "False"),
    ("Infinity == Infinity", "True"),
    ("Infinity == 1", "False"),
    ("1 != 2", "True"),
    ("1 != 1", "False"),
    ("x != y", "x != y"),
    ("Unequal[1, 2, 1]", "False"),
    ("Unequal[1, 2, 3]", "True"),
    # ordering relations
    ("1 < 2", "True"),
    ("2 < 1", "False"),
    ("1 < 2 < 3", "True"),
    ("1 < 3 < 2", "False"),
    ("1 <= 1", "True"),
    ("3 > 2 > 1", "True"),
    ("2 >= 2", "True"),
    ("1/3 < 0.34", "True"),
    ("Pi > 3", "True"),
    ("Pi < 22/7", "True"),
    ("E < Pi", "True"),
    ("Sqrt[2] > 1.41", "True"),
    ("x < y", "x < y"),
    ("1 < 2 < x", "2 < x"),
    ("x < 1 < 2", "x < 1"),
    ("Infinity > 10^100", "True"),
    ("-Infinity < -10^100", "True"),
    ("1. < 1. + 10^-15", "False"),
    ("{1 < 2, 2 < 1}", "{True, False}"),
    ("Inequality[1, Less, 2, LessEqual, 3]", "True"),
    ("Inequality[1, Less, 2, LessEqual, x]", "2 <= x"),
    ("Inequality[3, Less, 2, LessEqual, x]", "False"),
    # SameQ, UnsameQ
    ("1 === 1", "True"),
    ("1 === 1.", "False"),
    ("x === x", "True"),
    ("x === y", "False"),
    ("f[a, b] === f[a, b]", "True"),
    ("1 =!= 1.", "True"),
    ("SameQ[a, a, a]", "True"),
    ("UnsameQ[a, b, a]", "False"),
    # Order, OrderedQ
    ("Order[a, b]", "1"),
    ("Order[b, a]", "-1"),
    ("Order[a, a]", "0"),
    ("Order[1, a]", "1"),
    ("Order[x^2, x y]", "1"),
    ("Order[2, 1.]", "-1"),
    ("OrderedQ[{1, 2, 2, 3}]", "True"),
    ("OrderedQ[{b, a}]", "False"),
    ("OrderedQ[{a, A, b, B}]", "True"),
    ("OrderedQ[{3, 2, 1}, Greater]", "True"),
    ("Sort[{b, B, a, A, 1, \"s\", f[x], x^2}]", "{1, s, a, A, b, B, x^2, f[x]}"),
    ("Sort[{x, 2 x, y, 2 y, 2 y^2, 2 x^2}]", "{x, 2 x, 2 x^2, y, 2 y, 2 y^2}"),
    # Positive, Negative, ...
    ("Positive[3]", "True"),
    ("Positive[-3]", "False"),
    ("Positive[0]", "False"),
    ("Positive[Pi]", "True"),
    ("Positive[x]", "Positive[x]"),
    ("Positive[I]", "False"),
    ("Negative[-1/2]", "True"),
    ("Negative[-Infinity]", "True"),
    ("NonNegative[0]", "True"),
    ("NonPositive[0.]", "True"),
    ("Positive[{1, -1}]", "{True, False}"),
    # logic
    ("True && False", "False"),
    ("True && True", "True"),
    ("a && True", "a"),
    ("a && False", "False"),
    ("a && b", "a && b"),
    ("True || x", "True"),
    ("False || x", "x"),
    ("False || False", "False"),
    ("!True", "False"),
    ("!x", "!x"),
    ("!!x", "x"),
    ("!(a == b)", "a != b"),
    ("!(a < b)", "a >= b"),
    ("Xor[True, True]", "False"),
    ("Xor[True, False]", "True"),
    ("Xor[True, x]", "!x"),
    ("Nand[True, True]", "False"),
    ("Nand[True, False]", "True"),
    ("Nor[False, False]", "True"),
    ("Implies[False, x]", "True"),
    ("Implies[True, x]", "x"),
    ("Implies[x, True]", "True"),
    ("TrueQ[True]", "True"),
    ("TrueQ[x]", "False"),
    ("BooleanQ[False]", "True"),
    ("BooleanQ[1]", "False"),
    ("1 < 2 && 3 > 4", "False"),
    ("x = 5; x > 3 && EvenQ[x]", "False"),
]


@pytest.mark.parametrize("source, expected", CASES)
def test_cases(ev, source, expected):
    assert ev(source) == expected


def test_and_short_circuits(session):
    session.eval("n = 0; False && (n = 1); True || (n = 2)")
    assert str(session.eval("n")) == "0"
    session.eval("True && (n = 3)")
    assert str(session.eval("n")) == "3"


def test_complex_comparison_message(session):
    assert str(session.eval("I < 1")) == "I < 1"
    assert session.messages == ["Less::nord: Invalid comparison with I attempted."]


# --- Boole ---------------------------------------------------------------------------

BOOLE_CASES = [
    ("Boole[True]", "1"),
    ("Boole[False]", "0"),
    ("Boole[{True, False, True, True, False}]", "{1, 0, 1, 1, 0}"),
    ("Boole[1 < 2]", "1"),
    ("Boole[x > 0]", "Boole[x > 0]"),
    ("Boole[x > 0] /. x -> -3", "0"),
    ("Boole[{{True}, {False, x}}]", "{{1}, {0, Boole[x]}}"),
    ("Total[Boole[EvenQ /@ Range[10]]]", "5"),
    ("Attributes[Boole]", "{Listable, Protected}"),
]


@pytest.mark.parametrize("source, expected", BOOLE_CASES)
def test_boole(ev, source, expected):
    assert ev(source) == expected


def test_boole_usage(ev):
    assert ev("Boole::usage") == "Boole[expr] yields 1 if expr is True and 0 if it is False."


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-50, 50), max_size=12), st.integers(-50, 50))
def test_boole_counts_like_python(values, k):
    session = Session(print_messages=False, print_output=False)
    src = "{" + ", ".join(map(str, values)) + "}"
    assert str(session.eval(f"Boole[# > {k} & /@ {src}]")) == \
        "{" + ", ".join(str(int(v > k)) for v in values) + "}"
    assert str(session.eval(f"Total[Boole[Thread[{src} > {k}]]]")) == str(sum(v > k for v in values))


@pytest.mark.parametrize("source, expected", [
    ("a && a", "a"), ("a || b || a", "a || b"), ("a && b && a", "a && b"), ("x > 1 && x > 1", "x > 1"),
])
def test_repeated_conditions_collapse(ev, source, expected):
    assert ev(source) == expected
