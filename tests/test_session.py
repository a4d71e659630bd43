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


# --- more of the embedding API --------------------------------------------------

def test_busy_session_refuses_a_second_thread():
    import threading
    from gtnlang.session import SessionBusyError

    s = Session(print_messages=False, print_output=False)
    s.eval("release = False")
    started, errors = threading.Event(), []

    def hold():
        s.eval('Print["in"]; While[!release, Pause[0.01]]')

    # Print[] is how the evaluation tells us it is running.
    s.print_output = True
    s.output_writer = lambda text: started.set()
    worker = threading.Thread(target=hold)
    worker.start()
    assert started.wait(30)
    try:
        s.eval("1 + 1")
    except SessionBusyError as error:
        errors.append(str(error))
    s.abort()
    worker.join(30)
    assert errors and "another thread" in errors[0]
    assert not s.busy
    assert str(s.eval("1 + 1")) == "2"        # usable again afterwards


def test_keyboard_interrupt_aborts_and_keeps_the_session():
    import os
    import signal
    import threading

    s = Session(print_messages=False, print_output=False)
    s.eval("kept = 5")
    s.output_writer = lambda text: os.kill(os.getpid(), signal.SIGINT)
    s.print_output = True
    with pytest.raises(KeyboardInterrupt):
        s.eval('Print["go"]; While[True, 1]\nnever = 1')
    assert s.interrupted and not s.busy
    assert str(s.eval("{kept, never}")) == "{5, never}"


def test_uncaught_errors_are_recorded(session):
    session.eval("Throw[1]")
    assert session.uncaught_error == "uncaught Throw"
    assert session.messages == ["Throw::nocatch: Uncaught Throw[1] returned to top level."]
    session.eval("Catch[Throw[1]]")
    assert session.uncaught_error is None


def test_to_python_more_values(session):
    assert session.to_python(session.eval("2/4")) == Fraction(1, 2)
    assert session.to_python(session.eval("{{1, 2}, {3, 4}}")) == [[1, 2], [3, 4]]
    assert session.to_python(session.eval("<|a -> 1|>")) == {session.eval("a"): 1}
    assert session.to_python(session.eval("-Infinity")) == float("-inf")
    assert session.to_python(session.eval("Null")) is None
    assert session.to_python(session.eval("x + 1")) == session.eval("x + 1")   # stays an expression


def test_to_python_uses_the_opaque_conversion_hook(session):
    from gtnlang.expr import Opaque

    class Engine:
        def __gtn_to_python__(self):
            return "converted"

    assert session.to_python(Opaque(Engine(), "Thing")) == "converted"
    plain = object()
    assert session.to_python(Opaque(plain, "Thing")) is plain


def test_function_returns_the_callable_of_a_compiled_value(session):
    from gtnlang.expr import Opaque, Symbol

    class Compiled:
        def __gtn_to_python__(self):
            return lambda x: x * 10

    session.definitions.get(Symbol("cf")).own_value = Opaque(Compiled(), "CompiledFunction")
    assert session.function("cf")(4) == 40


def test_from_python_numpy_and_back(session):
    import numpy as np

    expr = session.from_python(np.array([[1, 2], [3, 4]]))
    assert str(expr) == "{{1, 2}, {3, 4}}"
    assert session.to_python(session.from_python(Fraction(3, 4))) == Fraction(3, 4)


def test_output_and_message_writers(session):
    printed, messages = [], []
    session.print_output = session.print_messages = True
    session.output_writer = printed.append
    session.message_writer = messages.append
    session.eval('Print["hi"]; 1/0')
    assert printed == ["hi"]
    assert messages == ["Power::infy: Infinite expression 1/0 encountered."]


def test_printed_output_is_that_of_the_last_call():
    s = Session(print_messages=False, print_output=False)
    s.eval('Print["a"]')
    s.eval('Print["b"]; Print["c"]')
    assert s.output == ["b", "c"]
