"""System functions (gtnlang/builtins/system.py): versions, Pause,
TimeConstrained, MemoryConstrained, Environment, Names."""

import time

from gtnlang import Session


def test_version(session):
    assert str(session.eval("StringQ[$Version]")) == "True"
    assert str(session.eval("StringStartsQ[$Version, \"gtnlang\"]")) == "True"
    assert str(session.eval("Head[$VersionNumber]")) == "Real"
    assert str(session.eval("$ScriptCommandLine")) == "{}"
    assert str(session.eval("Head[$CommandLine]")) == "List"


def test_script_command_line_is_settable_by_the_front_end(session):
    from gtnlang.expr import Expression, String, Symbol
    session.evaluator.definition(Symbol("$ScriptCommandLine")).own_value = \
        Expression("List", String("a.gtn"), String("x"))
    assert session.format(session.eval("$ScriptCommandLine"), "InputForm") == '{"a.gtn", "x"}'


def test_pause(session):
    start = time.monotonic()
    assert str(session.eval("Pause[0.05]")) == "Null"
    assert time.monotonic() - start >= 0.05
    assert str(session.eval("Pause[-1]")) == "Pause[-1]"
    assert session.messages and session.messages[0].startswith("Pause::numnm")


def test_time_constrained_documented(session):
    # TimeConstrained[Pause[2]; 1, 1] gives $Aborted (here with shorter times)
    start = time.monotonic()
    assert str(session.eval("TimeConstrained[Pause[2]; 1, 0.1]")) == "$Aborted"
    assert time.monotonic() - start < 1.5
    assert str(session.eval("TimeConstrained[Pause[2]; 1, 0.1, fail]")) == "fail"
    assert str(session.eval("TimeConstrained[1 + 1, 5]")) == "2"
    assert str(session.eval("TimeConstrained[1 + 1, Infinity]")) == "2"
    assert str(session.eval("TimeConstrained[While[True], 0.1, x + 1]")) == "1 + x"
    assert session.messages == []


def test_time_constrained_late_timer_has_no_effect(session):
    assert str(session.eval("TimeConstrained[1, 0.05]")) == "1"
    time.sleep(0.15)  # the timer would have fired by now
    assert session.evaluator.abort_requested is False
    assert str(session.eval("Do[i, {i, 20000}]; 3")) == "3"


def test_time_constrained_nested(session):
    # the inner constraint fires first: only the inner call gives up
    assert str(session.eval("TimeConstrained[{TimeConstrained[Pause[5], 0.05, inner], 7}, 2, outer]")) == "{inner, 7}"
    # the outer constraint fires first: the whole evaluation gives up
    assert str(session.eval("TimeConstrained[TimeConstrained[Pause[5], 3, inner], 0.05, outer]")) == "outer"
    assert session.evaluator.properties["constraints"] == []


def test_time_constrained_does_not_swallow_abort(session):
    assert str(session.eval("TimeConstrained[Abort[], 5, fail]")) == "$Aborted"


def test_time_constrained_bad_time(session):
    assert str(session.eval("TimeConstrained[1, -1]")) == "TimeConstrained[1, -1]"
    assert session.messages and session.messages[0].startswith("TimeConstrained::timc")


def test_memory_constrained(session):
    assert str(session.eval("MemoryConstrained[1 + 1, 10^6]")) == "2"
    assert str(session.eval("MemoryConstrained[Do[x[i] = i, {i, 10^4}]; 1, 10^5, big]")) == "big"
    assert str(session.eval("MemoryConstrained[Do[y[i] = i, {i, 10^4}]; 1, 10^5]")) == "$Aborted"
    assert str(session.eval("MemoryConstrained[Length[Table[i, {i, 100}]], 10^8]")) == "100"
    assert str(session.eval("MemoryConstrained[1, Infinity]")) == "1"
    import tracemalloc
    assert not tracemalloc.is_tracing()  # started for the constrained call only


def test_environment(session, monkeypatch):
    monkeypatch.setenv("GTNLANG_TEST_VARIABLE", "hello")
    assert str(session.eval('Environment["GTNLANG_TEST_VARIABLE"]')) == "hello"
    assert str(session.eval('Environment["GTNLANG_SURELY_NOT_SET_123"]')) == "$Failed"


def test_environment_refused_in_sandbox(monkeypatch):
    monkeypatch.setenv("GTNLANG_TEST_VARIABLE", "hello")
    s = Session(sandbox=True, print_messages=False)
    assert str(s.eval('Environment["GTNLANG_TEST_VARIABLE"]')) == "$Failed"
    assert s.messages == ["General::sandbox: Environment is not allowed in a sandboxed session."]


def test_names(session):
    names = session.eval('Names["StringP*"]')
    assert session.format(names, "InputForm") == \
        '{"StringPadLeft", "StringPadRight", "StringPart", "StringPosition"}'
    session.eval("myFunction[x_] := x")
    assert str(session.eval('Names["myF*"]')) == "{myFunction}"
    assert str(session.eval('MemberQ[Names["*"], "Names"]')) == "True"
    assert str(session.eval('Names["String@"]')) == "{}"
