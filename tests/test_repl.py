"""The REPL driven in a pseudo-terminal (pexpect), as a user types at it.

Each test starts ``python -m gtnlang`` with its history in a temporary
folder (``GTNLANG_HISTORY``), colours off (``NO_COLOR``) and no cursor
position requests (``PROMPT_TOOLKIT_NO_CPR``), so the output is plain text.
"""

import os
import sys

import pytest

pexpect = pytest.importorskip("pexpect")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIMEOUT = 30   # generous: a slow machine (or one running the tests in parallel) must not make these fail


@pytest.fixture(scope="module")
def bytecode_cache(tmp_path_factory):
    """Compiled modules shared by the REPLs started here (start-up is faster
    where PYTHONDONTWRITEBYTECODE is set); kept out of the source tree."""
    return str(tmp_path_factory.mktemp("pycache"))


@pytest.fixture
def repl(tmp_path, bytecode_cache):
    """Start a REPL: repl() with a fresh history, repl(path) with a given one."""
    children = []

    def start(history=None):
        child = spawn(history or tmp_path / "history", bytecode_cache)
        children.append(child)
        return child

    yield start
    for child in children:
        if child.isalive():
            child.terminate(force=True)


def spawn(history, bytecode_cache=None):
    env = dict(os.environ, GTNLANG_HISTORY=str(history), NO_COLOR="1", PROMPT_TOOLKIT_NO_CPR="1",
               TERM="xterm", PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    if bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = bytecode_cache
    child = pexpect.spawn(sys.executable, ["-m", "gtnlang"], env=env, cwd=ROOT, encoding="utf-8",
                          timeout=TIMEOUT, dimensions=(40, 200))
    child.expect_exact("In[1]:= ")
    return child


def enter(child, line):
    """Type a line and press Enter (a carriage return, as a terminal sends)."""
    child.send(line + "\r")


def quit_(child):
    enter(child, "Quit[]")
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def interrupt_until(child, text, tries=30):
    """Press Ctrl-C until `text` appears: a Ctrl-C typed while the terminal is
    still switching out of prompt_toolkit's raw mode is read as a key by the
    next prompt (where it only clears the line), so press again."""
    for _ in range(tries):
        child.sendintr()
        try:
            child.expect_exact(text, timeout=1.0)
            return
        except pexpect.TIMEOUT:
            continue
    raise AssertionError(f"{text!r} never appeared after Ctrl-C; the REPL showed {child.before[-3000:]!r}")


def test_session_numbering_multi_line_help_messages_and_completion(repl):
    child = repl()
    # definitions persist across inputs; %, %%, %n, Out[n], In[n]
    enter(child, "f[x_] := x^2 + 1")
    child.expect_exact("In[2]:= ")
    enter(child, "f[3]")
    child.expect_exact("Out[2]= 10")
    enter(child, "% + 1")
    child.expect_exact("Out[3]= 11")
    enter(child, "%% + Out[2] + %2")
    child.expect_exact("Out[4]= 30")
    enter(child, "In[2]")
    child.expect_exact("Out[5]= 10")
    # a definition over three lines runs once, when complete
    enter(child, "g[x_] :=")
    enter(child, "  Module[{y = x + 1},")
    enter(child, "    y^2]")
    child.expect_exact("In[7]:= ")
    enter(child, "g[2]")
    child.expect_exact("Out[7]= 9")
    # ?Name, ??Name, messages
    enter(child, "?Compose")
    child.expect_exact("Compose[g1, g2]")
    enter(child, "??Plus")
    child.expect_exact("Attributes[Plus] = {")
    enter(child, "1/0")
    child.expect_exact("Power::infy: Infinite expression 1/0 encountered.")
    child.expect_exact("ComplexInfinity")
    # Tab completes a user symbol
    enter(child, "myVeryOwnSymbol = 5")
    child.expect(r"Out\[\d+\]= 5")
    child.send("myVeryOwn\t")
    # the completed name may be drawn in pieces, with terminal controls between
    child.expect(r"myVeryOwn(\x1b\[[0-9;?]*[A-Za-z])*Symbol")
    enter(child, "")
    child.expect(r"Out\[\d+\]= 5")
    assert quit_(child) == 0


def test_ctrl_c_aborts_the_evaluation_and_keeps_the_session(repl):
    child = repl()
    enter(child, "keep = 41")
    child.expect_exact("Out[1]= 41")
    # "loop" <> "ing": the echo of the typed line must not match, only the
    # evaluation's output (a Ctrl-C before the line is accepted clears it)
    enter(child, 'Print["loop" <> "ing"]; While[True, 1]')
    child.expect_exact("looping")
    interrupt_until(child, "Out[2]= $Aborted")
    child.expect_exact("In[3]:= ")
    enter(child, "keep + 1")
    child.expect(r"Out\[\d+\]= 42")
    # Ctrl-C at the prompt clears the line; Ctrl-D exits with status 0
    child.send("garbage[")
    child.sendcontrol("c")
    enter(child, "2 + 2")
    child.expect(r"Out\[\d+\]= 4")
    child.expect(r"In\[\d+\]:= ")
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_exit_status_of_quit(repl):
    child = repl()
    enter(child, "Exit[4]")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 4


def test_history_survives_a_restart(repl, tmp_path):
    history = tmp_path / "data" / "history"
    child = repl(history)
    enter(child, "remembered = 6 * 7")
    child.expect_exact("Out[1]= 42")
    assert quit_(child) == 0
    assert "remembered = 6 * 7" in history.read_text()

    child = repl(history)
    child.send("\x1b[A")                  # Up: the previous session's inputs
    child.send("\x1b[A")
    child.expect_exact("remembered = ")   # (highlighting splits the rest)
    child.send("\r")
    child.expect_exact("Out[1]= 42")
    assert quit_(child) == 0


# --- in-process pieces ---------------------------------------------------------

def test_completer_offers_builtin_and_user_names_with_usage(session):
    from prompt_toolkit.document import Document
    from gtnlang.repl import GtnCompleter

    session.eval("myFunction[x_] := x")
    completer = GtnCompleter(session)
    found = {c.text: c.display_meta_text for c in completer.get_completions(Document("Plu"), None)}
    assert "Plus" in found and "sum" in found["Plus"]
    found = {c.text for c in completer.get_completions(Document("1 + myFun"), None)}
    assert found == {"myFunction"}


def test_history_path_from_the_environment(monkeypatch, tmp_path):
    from gtnlang.repl import history_path
    monkeypatch.delenv("GTNLANG_HISTORY", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert history_path() == os.path.join(str(tmp_path), "gtnlang", "history")
    monkeypatch.setenv("GTNLANG_HISTORY", str(tmp_path / "h"))
    assert history_path() == str(tmp_path / "h")


def test_a_plot_result_is_saved_and_drawn_inline_where_the_terminal_can(monkeypatch, tmp_path, capsys):
    import doctest

    import gtnlang.plotting.terminal as terminal
    from gtnlang import Session
    from gtnlang.repl import _Console, evaluate_input
    pytest.importorskip("matplotlib")
    assert doctest.testmod(terminal).failed == 0
    monkeypatch.setenv("GTNLANG_PLOT_DIR", str(tmp_path))
    monkeypatch.setenv("NO_COLOR", "1")
    session = Session(print_messages=False)
    for protocol, marker in (("iterm", "\x1b]1337;File=inline=1"), ("kitty", "\x1b_Ga=T,f=100,"), ("0", None)):
        monkeypatch.setenv("GTNLANG_INLINE_IMAGES", protocol)
        assert evaluate_input(session, _Console(), "ListLinePlot[{1, 3, 2}]")
        out = capsys.readouterr().out
        number = session.evaluator.definition(__import__("gtnlang").expr.Symbol("$Line")).own_value.value - 1
        path = tmp_path / f"Out{number}.png"
        assert f"Out[{number}]= -Graphics-" in out and f"(saved to {path})" in out
        assert path.read_bytes().startswith(b"\x89PNG")
        assert (marker in out) if marker else ("\x1b]1337" not in out and "\x1b_G" not in out)


def test_a_result_in_a_form_is_labelled_with_it_and_kept_as_a_block(monkeypatch, capsys):
    from gtnlang import Session
    from gtnlang.repl import _Console, evaluate_input
    monkeypatch.setenv("NO_COLOR", "1")
    session = Session(print_messages=False)
    assert evaluate_input(session, _Console(), "x^2 y // InputForm")
    assert "Out[1]//InputForm= x^2*y\n" in capsys.readouterr().out
    assert evaluate_input(session, _Console(), "MatrixForm[{{1, 2}, {3, 4}}]")
    label = "Out[2]//MatrixForm= "
    assert capsys.readouterr().out == f"{label}1   2\n\n{' ' * len(label)}3   4\n\n"


def test_a_stray_ctrl_c_around_an_evaluation_does_not_end_the_repl(monkeypatch, capsys):
    # Ctrl-C pressed again after an abort can land while the busy indicator
    # starts or stops (outside the evaluation's own handler): the REPL goes on
    import threading
    from gtnlang import Session
    from gtnlang.repl import _Console, evaluate_input
    monkeypatch.setenv("NO_COLOR", "1")
    console = _Console()
    console.spinner_allowed = True
    real_join, calls = threading.Thread.join, []

    def join_interrupted_once(thread, *args):
        if not calls:
            calls.append(thread)
            raise KeyboardInterrupt
        return real_join(thread, *args)
    monkeypatch.setattr(threading.Thread, "join", join_interrupted_once)
    session = Session(print_messages=False)
    assert evaluate_input(session, console, "40 + 2")
    assert calls and "Out[1]= 42" in capsys.readouterr().out
    real_start = _Console.start_busy

    def start_then_interrupt(self, label):
        real_start(self, label)
        raise KeyboardInterrupt
    monkeypatch.setattr(_Console, "start_busy", start_then_interrupt)
    assert evaluate_input(session, console, "1 + 1")
    assert console._thread is None     # the indicator was stopped all the same
