"""The evaluation sequence: attributes, rules, limits, scoping, control flow."""

import pytest


def test_held_arguments_stay_unevaluated(ev):
    assert ev("x = 5; Hold[x]") == "Hold[x]"
    assert ev("x = 5; Hold[Evaluate[x]]") == "Hold[5]"


def test_sequence_splices_into_arguments(ev):
    assert ev("f[Sequence[a, b], c]") == "f[a, b, c]"
    assert ev("Hold[Sequence[a, b]]") == "Hold[a, b]"


def test_flat_and_orderless_attributes(ev):
    assert ev("SetAttributes[p, {Flat, Orderless}]; p[c, p[b, a]]") == "p[a, b, c]"


def test_listable_threads_and_checks_lengths(session):
    assert str(session.eval("SetAttributes[q, Listable]; q[{1, 2}, x]")) == "{q[1, x], q[2, x]}"
    session.eval("q[{1, 2}, {1, 2, 3}]")
    assert session.messages and session.messages[0].startswith("Thread::tdlen")


def test_exact_values_come_before_patterns(ev):
    assert ev("f[x_] := general; f[1] = special; {f[1], f[2]}") == "{special, general}"


def test_more_specific_rule_wins_whatever_the_order(ev):
    assert ev("g[x_] := any; g[x_Integer] := int; {g[1], g[a]}") == "{int, any}"


def test_redefinition_replaces_the_rule(ev):
    assert ev("f[x_] := 1; f[x_] := 2; f[0]") == "2"


def test_up_values(ev):
    assert ev("area[sq[s_]] ^:= s^2; area[sq[3]]") == "9"


def test_sub_values(ev):
    assert ev("c[n_][x_] := n x; c[3][y]") == "3 y"


def test_recursion_limit_gives_message_and_hold(session):
    result = session.eval("r[x_] := 1 + r[x]; r[0]")
    assert session.messages[0].startswith("$RecursionLimit::reclim2: Recursion depth of 1024 exceeded")
    assert str(result).startswith("Hold[") or "Hold[" in str(result)


def test_iteration_limit(session):
    session.eval("t[x_] := t[x + 1]; t[0]")
    assert session.messages[0] == "$IterationLimit::itlim: Iteration limit of 4096 exceeded."


def test_evaluation_goes_on_after_a_runaway(session):
    assert str(session.eval("r[x_] := 1 + r[x]; r[0]; 1 + 1")) == "2"


def test_module_localises_and_with_substitutes(ev):
    assert ev("t = 5; Module[{t = 1}, t + 1]") == "2"
    assert ev("t = 5; Module[{t}, t = 3]; t") == "5"
    assert ev("With[{c = 2}, Hold[c]]") == "Hold[2]"


def test_block_is_dynamic(ev):
    assert ev("v = 1; w := v; Block[{v = 10}, w]") == "10"
    assert ev("v = 1; Block[{v = 10}, v]; v") == "1"


def test_return_leaves_the_function_only(ev):
    assert ev("ret[x_] := (If[x > 0, Return[pos]]; neg); {ret[1], ret[-1]}") == "{pos, neg}"


def test_catch_throw(ev):
    assert ev("Catch[Do[If[i > 3, Throw[i]], {i, 10}]]") == "4"


def test_while_and_break(ev):
    assert ev("n = 0; While[True, n++; If[n >= 5, Break[]]]; n") == "5"


def test_for_loop(ev):
    assert ev("s = 0; For[i = 1, i <= 4, i++, s += i]; s") == "10"


def test_which_and_switch(ev):
    assert ev("Which[1 > 2, a, 2 > 1, b]") == "b"
    assert ev("Switch[3, _String, str, _Integer, int]") == "int"


def test_pure_functions(ev):
    assert ev("Function[x, x^2][3]") == "9"
    assert ev("Function[{x, y}, x + y][1, 2]") == "3"
    assert ev("(#1 #2 &)[3, 4]") == "12"
    assert ev("f[##] &[a, b]") == "f[a, b]"


def test_part_assignment(ev):
    assert ev("l = {1, 2, 3}; l[[2]] = 20; l") == "{1, 20, 3}"
    assert ev("m = {{1, 2}, {3, 4}}; m[[2, 1]] = 0; m") == "{{1, 2}, {0, 4}}"


def test_protected_symbols_refuse_assignment(session):
    session.eval("Plus = 3")
    assert session.messages == ["Set::wrsym: Symbol Plus is Protected."]


def test_unset_and_clear(ev):
    assert ev("x = 1; x =.; x") == "x"
    assert ev("f[x_] := 1; Clear[f]; f[2]") == "f[2]"


def test_percent_refers_to_the_previous_result(ev):
    assert ev("1 + 1\n% + 1") == "3"


def test_increment_family(ev):
    assert ev("i = 1; {i++, i, ++i, i--, --i}") == "{1, 2, 3, 3, 1}"


def test_attributes_listing(ev):
    assert ev("Attributes[Plus]") == "{Flat, Listable, NumericFunction, OneIdentity, Orderless, Protected}"


def test_wrong_argument_count_message(session):
    session.eval("If[]")
    assert session.messages == ["If::argb: If called with 0 arguments; between 2 and 4 arguments are expected."]


def test_condition_on_the_right_side_of_a_definition(ev):
    assert ev("f[x_] := x /; x > 0; {f[-5], f[5]}") == "{f[-5], 5}"
    assert ev("g[x_] := neg /; x < 0; g[x_] := other; {g[-1], g[1]}") == "{neg, other}"


def test_condition_on_the_right_side_of_a_replacement(ev):
    assert ev("{1, -2, 3} /. x_Integer :> 0 /; x < 0") == "{1, 0, 3}"


def test_protect_returns_changed_symbols(ev):
    assert ev("{Protect[p], Protect[p], Unprotect[p]}") == "{{p}, {}, {p}}"
