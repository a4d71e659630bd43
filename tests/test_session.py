"""The embedding API of DESIGN.md: Session, eval, format, messages, conversions."""

from fractions import Fraction

import pytest

from gtnlang import Session


def test_eval_returns_last_value_and_str_is_output_form(session):
    value = session.eval("a = 1; a + 1")
    assert str(value) == "2"


def test_format_forms(session):
    value = session.eval("x^2 y")
    assert session.format(value, "InputForm") == "x^2*y"
    assert session.format(value, "FullForm") == "Times[Power[x, 2], y]"


def test_messages_of_last_call_only(session):
    session.eval("1/0")
    assert session.messages
    session.eval("1 + 1")
    assert session.messages == []


def test_syntax_error_is_a_message_and_earlier_statements_ran(session):
    value = session.eval("a = 1\nb = (2 +\nc = 3")
    assert str(value) == "$Failed"
    assert session.messages[0].startswith("Syntax::sntx")
    assert str(session.eval("a")) == "1"


def test_sessions_are_independent():
    one, two = Session(print_messages=False), Session(print_messages=False)
    one.eval("v = 1")
    assert str(two.eval("v")) == "v"


def test_to_python(session):
    assert session.to_python(session.eval("{1, 1/2, 2.5, \"s\", True}")) == [1, Fraction(1, 2), 2.5, "s", True]
    assert session.to_python(session.eval("Infinity")) == float("inf")


def test_from_python_round_trip(session):
    expr = session.from_python([1, 2.5, "x", {"k": 1}])
    assert str(expr) == "{1, 2.5, x, <|k -> 1|>}"


def test_function_calls_into_the_language(session):
    session.eval("sq[x_] := x^2")
    assert session.function("sq")(7) == 49


def test_deep_recursion_within_the_limit(session):
    session.eval("depth[0] = 0; depth[n_] := 1 + depth[n - 1]")
    assert str(session.eval("depth[1000]")) == "1000"
    assert session.messages == []


def test_exit_stops_the_statements(session):
    session.eval("a = 1; Exit[3]\na = 2")
    assert session.exit_code == 3
