"""No input may raise a Python exception out of Session.eval (issue 2, "Bad input")."""

from hypothesis import HealthCheck, given, settings, strategies as st

from gtnlang import Session

_SESSION = Session(print_messages=False, print_output=False)
_SESSION.eval("1")  # raises Python's recursion limit once, before hypothesis watches it

_TOKENS = [
    "a", "b", "x", "f", "g", "1", "2", "0", "-1", "2.5", "1/2", '"s"', "{", "}", "[", "]", "(", ")",
    ",", "+", "-", "*", "/", "^", "==", "<", "&&", "||", "!", "->", ":>", "/.", "//.", "=", ":=",
    ";", "&", "#", "_", "x_", "__", "@", "@@", "/@", "[[", "]]", ";;", "<>", ".", "?", "|", "..",
    "Sin", "Log", "Plus", "List", "Length", "Part", "Map", "Apply", "Table", "Range", "Sort",
    "Expand", "D", "N", "Hold", "Sequence", "Module", "If", "StringJoin", "Total", "Flatten",
    "Transpose", "Union", "Select", "Cases", "First", "Rest", "Take", "Drop", "Join", "Reverse",
    "Factor", "Simplify", "Together", "Max", "Abs", "Sqrt", "Mod", "Dot", "Outer", "Thread",
]


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(_TOKENS), max_size=12).map(" ".join))
def test_token_soup_never_raises(source):
    _SESSION.eval(source)
    _assert_no_internal_error(source)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(max_size=40))
def test_random_text_never_raises(source):
    _SESSION.eval(source)
    _assert_no_internal_error(source)


def _assert_no_internal_error(source):
    # Session.eval turns a Python exception in a builtin into General::python;
    # that message means a bug, so it fails the test.
    internal = [m for m in _SESSION.messages if m.startswith("General::python")]
    assert not internal, (source, internal)
