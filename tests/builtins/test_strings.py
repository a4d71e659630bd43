"""String functions (gtnlang/builtins/strings.py) against the Wolfram
documentation's examples, plus property tests against Python's str."""

import pytest
from hypothesis import given, settings, strategies as st

from gtnlang import Session
from gtnlang.expr import Expression, Integer, String, Symbol


@pytest.fixture(scope="module")
def s():
    return Session(print_messages=False, print_output=False)


def inp(s, source):
    """InputForm of the value (strings keep their quotes)."""
    return s.format(s.eval(source), "InputForm")


CASES = [
    # StringJoin / <>
    ('"abcd" <> "ABCD" <> "XYZ"', '"abcdABCDXYZ"'),
    ('StringJoin[{"a", "b"}, {{"c"}}, "d"]', '"abcd"'),
    ('StringJoin[]', '""'),
    ('StringJoin["a"]', '"a"'),
    # StringLength, Characters, StringReverse
    ('StringLength["tiger"]', '5'),
    ('StringLength[{"a", "bc", ""}]', '{1, 2, 0}'),
    ('Characters["ABC"]', '{"A", "B", "C"}'),
    ('StringReverse["abcdef"]', '"fedcba"'),
    # StringSplit
    ('StringSplit["a bbb  cccc aa   d"]', '{"a", "bbb", "cccc", "aa", "d"}'),
    ('StringSplit["a--bbb---ccc--dddd", "--"]', '{"a", "bbb", "-ccc", "dddd"}'),
    ('StringSplit["a b::c d::e f g", "::"]', '{"a b", "c d", "e f g"}'),
    ('StringSplit["a-b:c-d:e-f-g", {":", "-"}]', '{"a", "b", "c", "d", "e", "f", "g"}'),
    ('StringSplit[":a:b:c:", ":"]', '{"a", "b", "c"}'),
    ('StringSplit[":a:b:c:", ":", All]', '{"", "a", "b", "c", ""}'),
    ('StringSplit["a:b:c:d", ":", 2]', '{"a", "b:c:d"}'),
    ('StringSplit["a1b22c333d", DigitCharacter..]', '{"a", "b", "c", "d"}'),
    ('StringSplit["a b::c d::e f g", "::" -> "--"]', '{"a b", "--", "c d", "--", "e f g"}'),
    ('StringSplit[{"a b", "c d"}]', '{{"a", "b"}, {"c", "d"}}'),
    ('StringSplit["a, b,c", RegularExpression[",\\\\s*"]]', '{"a", "b", "c"}'),
    # StringReplace
    ('StringReplace["abbaabbaa", "ab" -> "X"]', '"XbaXbaa"'),
    ('StringReplace["abbaabbaa", {"ab" -> "X", "ba" -> "Y"}]', '"XYXYa"'),
    ('StringReplace["abbaabbaa", {"ab" -> "X", "ba" -> "Y"}, 1]', '"Xbaabbaa"'),
    ('StringReplace["a1b22", DigitCharacter -> "#"]', '"a#b##"'),
    ('StringReplace["a1b22", x : DigitCharacter .. :> "<" <> x <> ">"]', '"a<1>b<22>"'),
    ('StringReplace["abc abcb abdc", "ab" ~~ _ -> "X"]', '"X Xb Xc"'),
    ('StringReplace["aXbXXc", "X" ~~ x_ :> ToLowerCase[x]]', '"abxc"'),
    ('StringReplace["hello world", WordBoundary ~~ x_ :> ToUpperCase[x]]', '"Hello World"'),
    ('StringReplace["abcd acbd", RegularExpression["[ab]"] -> "X"]', '"XXcd XcXd"'),
    ('StringReplace["abcd acbd", RegularExpression["(a)(.)"] -> "$2$1"]', '"bacd cabd"'),
    ('StringReplace["The cat sat", "cat" | "sat" -> "dog"]', '"The dog dog"'),
    ('StringReplace["aaa", "A" -> "b", IgnoreCase -> True]', '"bbb"'),
    ('StringReplace["a  b   c", Whitespace -> " "]', '"a b c"'),
    ('StringReplace[{"ab", "ba"}, "a" -> "x"]', '{"xb", "bx"}'),
    ('StringReplace["a" -> "b"]["banana"]', '"bbnbnb"'),
    ('StringReplace["abc", "b" -> 1]', '"a" ~~ 1 ~~ "c"'),
    ('StringReplace["<a><bb>", "<" ~~ Shortest[x__] ~~ ">" :> x]', '"abb"'),
    ('StringReplace["<a><bb>", "<" ~~ x__ ~~ ">" :> x]', '"a><bb"'),
    ('StringReplace["aBcD", x_?UpperCaseQ :> "_" <> x]', '"a_Bc_D"'),
    # StringTake / StringDrop / StringPart
    ('StringTake["abcdefghijklm", 6]', '"abcdef"'),
    ('StringTake["abcdefghijklm", -4]', '"jklm"'),
    ('StringTake["abcdefghijklm", {5, 10}]', '"efghij"'),
    ('StringTake["abcdefghijklm", {6}]', '"f"'),
    ('StringTake["abcdefghijklm", {1, -1, 2}]', '"acegikm"'),
    ('StringTake["abcdefghijklm", {{1}, {3, 4}}]', '{"a", "cd"}'),
    ('StringTake[{"abcdef", "stuv", "xyzw"}, -2]', '{"ef", "uv", "zw"}'),
    ('StringTake["abc", UpTo[5]]', '"abc"'),
    ('StringDrop["abcdefghijklm", 4]', '"efghijklm"'),
    ('StringDrop["abcdefghijklm", -4]', '"abcdefghi"'),
    ('StringDrop["abcdefghijklm", {5, 10}]', '"abcdklm"'),
    ('StringDrop["abcdefghijklm", {3}]', '"abdefghijklm"'),
    ('StringPart["abcdefghijklm", 6]', '"f"'),
    ('StringPart["abcdefghijklm", {1, 3, 5}]', '{"a", "c", "e"}'),
    ('StringPart["abcdefghijklm", -4]', '"j"'),
    ('StringPart["abcdefghijklm", 1 ;; 6 ;; 2]', '{"a", "c", "e"}'),
    # Case
    ('ToUpperCase["abcDEF"]', '"ABCDEF"'),
    ('ToLowerCase["ABCdef"]', '"abcdef"'),
    ('ToUpperCase[{"ab", "cd"}]', '{"AB", "CD"}'),
    ('Capitalize["hello"]', '"Hello"'),
    ('{LetterQ["abc"], LetterQ["a1"], DigitQ["123"], UpperCaseQ["AB"], LowerCaseQ["aB"]}',
     '{True, False, True, True, False}'),
    # Predicates
    ('StringContainsQ["bcde", "c" ~~ __ ~~ "t"]', 'False'),
    ('StringContainsQ["bcde", "cd"]', 'True'),
    ('StringContainsQ[{"a", "b", "ab", "abcd", "bcde"}, "a"]', '{True, False, True, True, False}'),
    ('StringStartsQ["abcd", "a"]', 'True'),
    ('StringStartsQ["quickSort", "quick"]', 'True'),
    ('StringEndsQ["abcd", "d"]', 'True'),
    ('StringEndsQ["abcd", "bc"]', 'False'),
    ('StringEndsQ["abcd", LetterCharacter]', 'True'),
    ('StringMatchQ["apppbb", "a" ~~ "p" .. ~~ "b" ..]', 'True'),
    ('StringMatchQ["acggtaagc", "a*g*c"]', 'True'),
    ('StringMatchQ[{"ability", "argument", "tester"}, "a*"]', '{True, True, False}'),
    ('StringMatchQ["abc", RegularExpression["a.c"]]', 'True'),
    ('StringMatchQ["ABC", "abc", IgnoreCase -> True]', 'True'),
    ('StringMatchQ["a*c", "a\\\\*c"]', 'True'),
    ('StringMatchQ["abc", "a\\\\*c"]', 'False'),
    ('StringMatchQ["a" ~~ ___]["apple"]', 'True'),
    ('StringFreeQ["abcd", "x"]', 'True'),
    # Counting and positions
    ('StringCount["abbaabbaa", "bb"]', '2'),
    ('StringCount["abcadcacb", "a" ~~ _ ~~ "c"]', '2'),
    ('StringCount["aaaa", "aa", Overlaps -> True]', '3'),
    ('StringPosition["abbaabbaa", "bb"]', '{{2, 3}, {6, 7}}'),
    ('StringPosition["AABBBAABABBCCCBAAA", "AA"]', '{{1, 2}, {6, 7}, {16, 17}, {17, 18}}'),
    ('StringPosition["AAAA", "AA", Overlaps -> False]', '{{1, 2}, {3, 4}}'),
    ('StringCases["a1b22c333", DigitCharacter ..]', '{"1", "22", "333"}'),
    ('StringCases["abc-xyz", x_ ~~ "-" ~~ y_ :> y <> x]', '{"xc"}'),
    ('StringCases["a1b22c333", DigitCharacter .., 2]', '{"1", "22"}'),
    ('StringCases["abcb", "b"] ', '{"b", "b"}'),
    ('StringDelete["The quick brown fox", " "]', '"Thequickbrownfox"'),
    # Assembly
    ('StringRiffle[{"a", "b", "c", "d", "e"}]', '"a b c d e"'),
    ('StringRiffle[{"a", "b", "c", "d", "e"}, ", "]', '"a, b, c, d, e"'),
    ('StringRiffle[{"a", "b", "c"}, {"(", " ", ")"}]', '"(a b c)"'),
    ('StringRiffle[{{"a", "b"}, {"c", "d"}}]', '"a b\\nc d"'),
    ('StringRiffle[{1, 2, 3}, "+"]', '"1+2+3"'),
    ('StringPadLeft["abc", 10]', '"       abc"'),
    ('StringPadLeft["abc", 10, "."]', '".......abc"'),
    ('StringPadLeft["abcdef", 3]', '"def"'),
    ('StringPadLeft[{"a", "bbb", "cc"}]', '{"  a", "bbb", " cc"}'),
    ('StringPadRight["abc", 10, "."]', '"abc......."'),
    ('StringPadRight["abcdef", 3]', '"abc"'),
    ('StringPadRight[{"a", "bbb", "cc"}, 2]', '{"a ", "bb", "cc"}'),
    ('StringTrim["  aaa bbb ccc   "]', '"aaa bbb ccc"'),
    ('StringTrim["xxaaaxx", "x" ..]', '"aaa"'),
    ('StringTrim["xxaaaxx", "x"]', '"xaaax"'),
    ('StringRepeat["abc", 3]', '"abcabcabc"'),
    ('StringRepeat["abc", 5, 8]', '"abcabcab"'),
    ('StringInsert["abcdefg", "XYZ", 3]', '"abXYZcdefg"'),
    ('StringInsert["abcdefg", "XYZ", -1]', '"abcdefgXYZ"'),
    ('Alphabet[]', '{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", '
                   '"q", "r", "s", "t", "u", "v", "w", "x", "y", "z"}'),
    # Numbers and codes
    ('IntegerString[123456]', '"123456"'),
    ('IntegerString[-42]', '"42"'),
    ('IntegerString[255, 16]', '"ff"'),
    ('IntegerString[5, 2, 8]', '"00000101"'),
    ('IntegerString[123456, 10, 3]', '"456"'),
    ('IntegerString[{1, 2, 3}, 2, 2]', '{"01", "10", "11"}'),
    ('ToCharacterCode["ABCD abcd"]', '{65, 66, 67, 68, 32, 97, 98, 99, 100}'),
    ('ToCharacterCode[{"ab", "c"}]', '{{97, 98}, {99}}'),
    ('FromCharacterCode[{72, 101, 108, 108, 111}]', '"Hello"'),
    ('FromCharacterCode[97]', '"a"'),
    ('FromCharacterCode[{{97, 98}, {99}}]', '{"ab", "c"}'),
    ('LetterNumber[{"a", "c", "Z", "1"}]', '{1, 3, 26, 0}'),
    # ToString / ToExpression
    ('ToString[x^2 + y]', '"x^2 + y"'),
    ('ToString[{1, 2, "a"}]', '"{1, 2, a}"'),
    ('ToString["abc"]', '"abc"'),
    ('ToString["abc", InputForm]', '"\\"abc\\""'),
    ('ToString[a -> b, FullForm]', '"Rule[a, b]"'),
    ('ToString[1/2]', '"1/2"'),
    ('StringLength[ToString[12345]]', '5'),
    ('ToExpression["1 + 2"]', '3'),
    ('ToExpression["{a, b, c}[[2]]"]', 'b'),
    ('ToExpression["1 + 1", InputForm, Hold]', 'Hold[1 + 1]'),
    ('ToExpression[{"1 + 1", "2^3"}]', '{2, 8}'),
    ('ToExpression["x = 5; x + 1"]', '6'),
    ('ToExpression[ToString[{1, 2}, InputForm]]', '{1, 2}'),
    ('TextString[{1, 2}]', '"{1, 2}"'),
    # StringExpression
    ('"a" ~~ "b"', '"ab"'),
    ('"a" ~~ "b" ~~ x_', '"ab" ~~ x_'),
]


def _parses(text):
    from gtnlang.syntax.parser import ParseError, parse
    try:
        parse(text)
    except ParseError:
        return False
    return True


# The parser does not read ``~~`` (StringExpression) yet: those cases wait for it.
_NO_TILDE = pytest.mark.skipif(not _parses('"a" ~~ b'), reason="the parser does not read ~~ yet")


@pytest.mark.parametrize("source, expected", [
    pytest.param(src, out, marks=_NO_TILDE) if "~~" in src else (src, out) for src, out in CASES])
def test_documented_examples(s, source, expected):
    assert inp(s, source) == expected


# The same patterns written as StringExpression[...] (readable without ~~).
FULL_FORM_CASES = [
    ('StringReplace["abc abcb abdc", StringExpression["ab", _] -> "X"]', '"X Xb Xc"'),
    ('StringReplace["aXbXXc", StringExpression["X", x_] :> ToLowerCase[x]]', '"abxc"'),
    ('StringReplace["hello world", StringExpression[WordBoundary, x_] :> ToUpperCase[x]]', '"Hello World"'),
    ('StringReplace["<a><bb>", StringExpression["<", Shortest[x__], ">"] :> x]', '"abb"'),
    ('StringReplace["<a><bb>", StringExpression["<", x__, ">"] :> x]', '"a><bb"'),
    ('StringMatchQ["apppbb", StringExpression["a", "p" .., "b" ..]]', 'True'),
    ('StringCount["abcadcacb", StringExpression["a", _, "c"]]', '2'),
    ('StringCases["abc-xyz", StringExpression[x_, "-", y_] :> y <> x]', '{"xc"}'),
    ('StringCases["abba", StringExpression[x_, y_, y_, x_]]', '{"abba"}'),
    ('StringCases["abab cdcd efgh", StringExpression[x__, x__]]', '{"abab", "cdcd"}'),
    ('StringCases["a1 b22", StringExpression[LetterCharacter, DigitCharacter ..]]', '{"a1", "b22"}'),
    ('StringCases["abc", Except["b"]]', '{"a", "c"}'),
    ('StringCases["a.b,c", PunctuationCharacter]', '{".", ","}'),
    ('StringCases["x = -1.5, y = 20", NumberString]', '{"-1.5", "20"}'),
    ('StringCases["hello", CharacterRange["a", "h"]]', '{"h", "e"}'),
    ('StringCases["aaa", Repeated["a", {2}]]', '{"aa"}'),
    ('StringReplace["line1\\nline2", StartOfLine -> "> "] === "> line1\\n> line2"', 'True'),
    ('StringReplace["abc", StartOfString -> "^"]', '"^abc"'),
    ('StringExpression["a", "b"]', '"ab"'),
    ('StringExpression["a", "b", x_, "c", "d"]', '"ab" ~~ x_ ~~ "cd"'),
    ('StringPosition["a1b22", DigitCharacter ..]', '{{2, 2}, {4, 5}, {5, 5}}'),
]


@pytest.mark.parametrize("source, expected", FULL_FORM_CASES)
def test_string_patterns(s, source, expected):
    assert inp(s, source) == expected


def test_string_join_non_string_gives_message(s):
    assert inp(s, '"a" <> 1') == '"a" <> 1'
    assert s.messages == ['StringJoin::string: String expected at position 2 in "a" <> 1.']


def test_string_length_message(session):
    assert inp(session, "StringLength[x]") == "StringLength[x]"
    assert session.messages == ["StringLength::string: String expected at position 1 in StringLength[x]."]


def test_string_take_out_of_range(s):
    assert inp(s, 'StringTake["abc", 5]') == 'StringTake["abc", 5]'
    assert s.messages == ["StringTake::take: Cannot take positions 1 through 5 in abc."]
    assert inp(s, 'StringDrop["abc", {-5}]') == 'StringDrop["abc", {-5}]'
    assert s.messages == ["StringDrop::drop: Cannot drop positions -5 through -5 in abc."]


def test_to_expression_syntax_error(s):
    assert str(s.eval('ToExpression["1 +* 2"]')) == "$Failed"
    assert len(s.messages) == 1 and s.messages[0].startswith("ToExpression::sntx: Invalid syntax")


def test_invalid_string_pattern(s):
    assert inp(s, 'StringReplace["abc", _Integer -> "x"]') == 'StringReplace["abc", _Integer -> "x"]'
    assert s.messages and s.messages[0].startswith("StringExpression::invld")


def test_python_built_expressions():
    session = Session(print_messages=False)
    e = Expression("StringJoin", String("a"), String("b"))
    assert session.evaluate(e) == String("ab")
    e = Expression("StringSplit", String("a b"))
    assert session.evaluate(e) == Expression("List", String("a"), String("b"))
    e = Expression("StringTake", String("hello"), Integer(-3))
    assert session.evaluate(e) == String("llo")
    e = Expression("Characters", Symbol("x"))
    assert session.evaluate(e) == e


# --- properties against Python ------------------------------------------------

_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
# Characters beyond the BMP print in InputForm as \|xxxxxx, which the parser
# does not read back yet; the round trip is checked on the BMP.
_bmp_text = st.text(alphabet=st.characters(max_codepoint=0xFFFF, exclude_categories=("Cs",)), max_size=12)
_SETTINGS = settings(max_examples=40, deadline=None)
_session = Session(print_messages=False, print_output=False)


def _evaluate(head, *args):
    return _session.evaluate(Expression(head, *args))


@_SETTINGS
@given(_text)
def test_length_and_reverse_match_python(text):
    assert _evaluate("StringLength", String(text)) == Integer(len(text))
    assert _evaluate("StringReverse", String(text)) == String(text[::-1])
    assert _evaluate("Characters", String(text)) == Expression("List", *map(String, text))


@_SETTINGS
@given(_text, st.integers(-15, 15))
def test_take_and_drop_match_slicing(text, n):
    take = _evaluate("StringTake", String(text), Integer(n))
    drop = _evaluate("StringDrop", String(text), Integer(n))
    if abs(n) > len(text):
        assert take.has_head("StringTake") and drop.has_head("StringDrop")
        return
    if n >= 0:
        assert take == String(text[:n]) and drop == String(text[n:])
    else:
        assert take == String(text[n:]) and drop == String(text[:n])


@_SETTINGS
@given(_text, st.integers(1, 13), st.integers(0, 13))
def test_take_range_matches_slicing(text, m, n):
    take = _evaluate("StringTake", String(text), Expression("List", Integer(m), Integer(n)))
    if m <= len(text) + 1 and n <= len(text) and m <= n + 1:
        assert take == String(text[m - 1:n])
    else:
        assert take.has_head("StringTake")


@_SETTINGS
@given(st.lists(st.sampled_from(["a", "bc", " ", "\t", "\n", "  ", "xyz", "é"]), max_size=10))
def test_split_on_whitespace_matches_str_split(parts):
    text = "".join(parts)
    assert _evaluate("StringSplit", String(text)) == Expression("List", *map(String, text.split()))


@_SETTINGS
@given(st.lists(st.sampled_from(["a", "b", ",", "cd"]), max_size=10))
def test_split_on_separator_matches_str_split_without_ends(parts):
    text = "".join(parts)
    expected = text.split(",")
    if expected and expected[0] == "":
        expected = expected[1:]
    if expected and expected[-1] == "":
        expected = expected[:-1]
    assert _evaluate("StringSplit", String(text), String(",")) == Expression("List", *map(String, expected))


@_SETTINGS
@given(_text, _text)
def test_join_and_replace_match_python(a, b):
    assert _evaluate("StringJoin", String(a), String(b)) == String(a + b)
    if a:
        assert _evaluate("StringReplace", String(b), Expression("Rule", String(a), String("#"))) \
            == String(b.replace(a, "#"))
        assert _evaluate("StringContainsQ", String(b), String(a)) == Symbol(str(a in b))
        assert _evaluate("StringStartsQ", String(b), String(a)) == Symbol(str(b.startswith(a)))
        assert _evaluate("StringEndsQ", String(b), String(a)) == Symbol(str(b.endswith(a)))
        assert _evaluate("StringCount", String(b), String(a)) == Integer(b.count(a))


@_SETTINGS
@given(_text)
def test_case_and_codes_match_python(text):
    assert _evaluate("ToUpperCase", String(text)) == String(text.upper())
    assert _evaluate("ToLowerCase", String(text)) == String(text.lower())
    codes = _evaluate("ToCharacterCode", String(text))
    assert codes == Expression("List", *(Integer(ord(c)) for c in text))
    assert _evaluate("FromCharacterCode", codes) == String(text)


@_SETTINGS
@given(_bmp_text)
def test_to_string_to_expression_round_trip(text):
    quoted = _evaluate("ToString", String(text), Symbol("InputForm"))
    assert _evaluate("ToExpression", quoted) == String(text)
