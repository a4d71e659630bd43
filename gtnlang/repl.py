"""The interactive REPL: ``In[n]:=`` / ``Out[n]=``, as the Wolfram kernel's terminal.

- Multi-line input: Enter continues the input while it is incomplete (open
  brackets, a string, a comment, a trailing operator such as
  ``f[x_] :=``), and runs it once complete; Alt-Enter (Esc Enter) always
  inserts a newline.  Each statement is one input line (``In[n]``/``Out[n]``).
- Syntax highlighting (the Pygments lexer of `gtnlang.highlight`) and
  matching-bracket highlighting.
- Tab completes built-in and user symbol names, showing each one's usage.
- History is kept in ``$GTNLANG_HISTORY`` if set, else
  ``$XDG_DATA_HOME/gtnlang/history`` (``~/.local/share/gtnlang/history``);
  Up/Down walk it, Ctrl-R searches it.
- Ctrl-C during an evaluation aborts it (``Out[n]= $Aborted``) and keeps the
  session; pressed three times while the evaluation does not stop, the REPL
  exits (status 130).  Ctrl-C at the prompt clears the line; Ctrl-D on an
  empty line or ``Quit[]`` / ``Exit[n]`` exits.
- Messages print in colour on standard error, results on standard output
  (no colour when ``NO_COLOR`` is set or the output is not a terminal).
- An evaluation that runs longer than a second shows a spinner on standard
  error (a terminal only), saying "compiling" while the input mentions
  ``Compile``; it is erased before any output and when the evaluation ends.
"""

from __future__ import annotations

import os
import re
import sys
import threading
import time

__all__ = ["run_repl", "history_path", "GtnCompleter"]

_NAME = re.compile(r"\$?[A-Za-z][A-Za-z0-9$]*(?:`[A-Za-z$][A-Za-z0-9$]*)*")
_WORD = re.compile(r"[$A-Za-z][$A-Za-z0-9]*")
_SPINNER_DELAY = 1.0
_SPINNER_FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


def history_path() -> str:
    """The REPL's history file: $GTNLANG_HISTORY, else $XDG_DATA_HOME/gtnlang/history."""
    explicit = os.environ.get("GTNLANG_HISTORY")
    if explicit:
        return explicit
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.path.join(base, "gtnlang", "history")


def _use_colour(stream) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class _Console:
    """Writes results, Print output and messages; owns the busy spinner.

    Everything written during an evaluation goes through `write`, which
    first erases the spinner's line, so output never mixes with it.
    """

    def __init__(self):
        self.lock = threading.RLock()
        self.colour_out = _use_colour(sys.stdout)
        self.colour_err = _use_colour(sys.stderr)
        try:
            self.spinner_allowed = sys.stderr.isatty()
        except (AttributeError, ValueError):
            self.spinner_allowed = False
        self.spinner_shown = False
        self._stop = None
        self._thread = None

    # --- output -----------------------------------------------------------

    def _clear_spinner(self):
        if self.spinner_shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
            self.spinner_shown = False

    def write(self, text: str, stream=None, style: str | None = None):
        stream = stream or sys.stdout
        with self.lock:
            self._clear_spinner()
            colour = self.colour_err if stream is sys.stderr else self.colour_out
            if colour and style:
                text = f"\x1b[{style}m{text}\x1b[0m"
            stream.write(text + "\n")
            stream.flush()

    def output(self, text: str):
        self.write(text)

    def message(self, text: str):
        self.write(text, sys.stderr, "31")   # red

    def result(self, number: int, text: str, form: str | None = None):
        """``Out[n]= text``; ``Out[n]//MatrixForm= ...`` for a result wrapped
        in a form, as the kernel's terminal.  Lines after the first are
        indented under the first, so a matrix stays a block."""
        label = f"Out[{number}]//{form}= " if form else f"Out[{number}]= "
        pad = " " * len(label)
        first, *rest = text.split("\n")
        text = "\n".join([first] + [pad + line if line else line for line in rest])
        with self.lock:
            self._clear_spinner()
            if self.colour_out:
                sys.stdout.write(f"\x1b[31m{label}\x1b[0m{text}\n\n")
            else:
                sys.stdout.write(f"{label}{text}\n\n")
            sys.stdout.flush()

    # --- the busy indicator --------------------------------------------------

    def start_busy(self, label: str):
        if not self.spinner_allowed:
            return
        self._stop = threading.Event()
        start = time.monotonic()

        def spin():
            if self._stop.wait(_SPINNER_DELAY):
                return
            frame = 0
            while not self._stop.is_set():
                with self.lock:
                    if self._stop.is_set():
                        break
                    elapsed = time.monotonic() - start
                    sys.stderr.write(f"\r\x1b[K{_SPINNER_FRAMES[frame % len(_SPINNER_FRAMES)]} "
                                     f"{label} {elapsed:.0f} s (Ctrl-C aborts)")
                    sys.stderr.flush()
                    self.spinner_shown = True
                frame += 1
                self._stop.wait(0.1)

        self._thread = threading.Thread(target=spin, name="gtnlang-spinner", daemon=True)
        try:
            self._thread.start()
        except KeyboardInterrupt:
            pass   # Thread.start waits on an Event: a stray Ctrl-C there has nothing to abort

    def stop_busy(self):
        if self._stop is None:
            return
        self._stop.set()
        while self._thread.ident is not None:
            try:
                self._thread.join()
                break
            except KeyboardInterrupt:
                continue   # a Ctrl-C that came after the evaluation ended: nothing to abort
        self._stop = self._thread = None
        with self.lock:
            self._clear_spinner()


class GtnCompleter:
    """Completes symbol names (built-in and the session's own) with their usage."""

    def __new__(cls, session):
        from prompt_toolkit.completion import Completer, Completion

        class _Completer(Completer):
            def get_completions(self, document, complete_event):
                word = document.get_word_before_cursor(pattern=_WORD)
                if not word or not _NAME.fullmatch(word):
                    return
                for name in session.definitions.names():
                    if name.startswith(word):
                        yield Completion(name, start_position=-len(word), display_meta=_usage_line(session, name))

        return _Completer()


def _usage_line(session, name: str) -> str:
    from gtnlang.builtins.io import usage_text
    try:
        text = usage_text(session.evaluator, name)
    except Exception:   # completion must never break the prompt
        return ""
    if not text:
        return ""
    line = text.splitlines()[0]
    return line if len(line) <= 100 else line[:97] + "..."


def _style():
    from prompt_toolkit.styles import Style
    return Style.from_dict({
        "prompt": "ansiblue bold",
        "pygments.comment": "ansibrightblack italic",
        "pygments.literal.string": "ansigreen",
        "pygments.literal.number": "ansicyan",
        "pygments.name.builtin": "ansiblue",
        "pygments.name.function": "",
        "pygments.name.variable": "ansimagenta",
        "pygments.name.exception": "ansiyellow",
        "pygments.operator": "",
        "pygments.error": "ansired underline",
        "matching-bracket.cursor": "bg:ansiyellow ansiblack",
        "matching-bracket.other": "bg:ansiyellow ansiblack",
    })


def _line_number(session) -> int:
    from gtnlang.expr import Integer, Symbol
    line = session.evaluator.definition(Symbol("$Line")).own_value
    return line.value if type(line) is Integer else 1


def _graphics_of(value):
    """The plot inside a result, if it is one (a plot prints as -Graphics-,
    then is saved and, where the terminal can, drawn inline)."""
    from gtnlang.expr import Opaque
    if type(value) is Opaque and value.head_name == "Graphics":
        return value.value
    return None


_FORMS = frozenset({"InputForm", "FullForm", "OutputForm", "MatrixForm", "TableForm", "TreeForm",
                    "StandardForm", "TraditionalForm"})


def _form_of(value):
    """The name of the form wrapping a result (``x // InputForm``), or None."""
    from gtnlang.expr import Normal, Symbol
    if type(value) is Normal and type(value.head) is Symbol and value.head.name in _FORMS and value.args:
        return value.head.name
    return None


def evaluate_input(session, console: _Console, text: str) -> bool:
    """Evaluate one input of the REPL, printing ``Out[n]=`` for each result.

    Returns False when the REPL should stop waiting for the evaluation (it
    could not be aborted).
    """
    from gtnlang.expr import Symbol
    null = Symbol("Null")

    def on_result(value, statement):
        if value is not null:
            number = _line_number(session) - 1
            console.result(number, session.format(value), _form_of(value))
            graphics = _graphics_of(value)
            if graphics is not None:
                from gtnlang.plotting.terminal import show
                line, inline = show(graphics, number)
                if inline is not None:
                    console.write(inline + "\n")
                console.write(line + "\n\n")

    try:
        console.start_busy("compiling" if "Compile" in text else "evaluating")
        session.run_statements(text, "<input>", on_result)
    except KeyboardInterrupt:
        if session.busy:   # Ctrl-C repeatedly and the evaluation did not stop
            return False
    except Exception as error:  # the REPL lives on
        console.message(f"internal error: {error!r}")
    finally:
        console.stop_busy()
    return True


def run_repl(session=None, input=None, output=None) -> int:
    """Run the REPL until Ctrl-D or Quit[]; returns the exit status."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.filters import is_searching
    from prompt_toolkit.history import FileHistory, InMemoryHistory
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.layout.processors import HighlightMatchingBracketProcessor
    from prompt_toolkit.lexers import PygmentsLexer

    from gtnlang import __version__
    from gtnlang.highlight import GtnLexer
    from gtnlang.session import Session
    from gtnlang.syntax.parser import is_complete

    console = _Console()
    session = session or Session()
    session.message_writer = console.message
    session.output_writer = console.output

    path = history_path()
    try:
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        with open(path, "a", encoding="utf-8"):
            pass
        history = FileHistory(path)
    except OSError:
        history = InMemoryHistory()

    bindings = KeyBindings()

    @bindings.add("enter", filter=~is_searching)
    def _(event):
        buffer = event.current_buffer
        if not buffer.text.strip() or is_complete(buffer.text):
            buffer.validate_and_handle()
        else:
            buffer.insert_text("\n")

    @bindings.add("escape", "enter")
    def _(event):
        event.current_buffer.insert_text("\n")

    def continuation(width, line_number, wrap_count):
        return " " * width

    prompt = PromptSession(
        history=history, key_bindings=bindings, multiline=True,
        lexer=PygmentsLexer(GtnLexer), style=_style(), include_default_pygments_style=False,
        completer=GtnCompleter(session), complete_while_typing=False,
        input_processors=[HighlightMatchingBracketProcessor(chars="[](){}")],
        prompt_continuation=continuation, enable_history_search=False,
        input=input, output=output)
    print(f"gtnlang {__version__}. ?Name shows help, Tab completes, Ctrl-C aborts, Ctrl-D exits.\n",
          flush=True)
    while True:
        number = _line_number(session)
        try:
            text = prompt.prompt([("class:prompt", f"In[{number}]:= ")])
        except KeyboardInterrupt:
            continue
        except EOFError:
            return 0
        if not text.strip():
            continue
        try:
            finished = evaluate_input(session, console, text)
        except KeyboardInterrupt:
            # Ctrl-C between statements or while results print: the REPL lives on
            finished = not session.busy
        if not finished:
            console.message("gtn: the evaluation could not be aborted; exiting.")
            return 130
        if session.exit_code is not None:
            return session.exit_code
