"""The interactive REPL: ``In[n]:=`` / ``Out[n]=``, as the Wolfram kernel's terminal.

Multi-line input continues while the expression is incomplete (open
brackets, a string, a comment, a trailing operator); history persists in the
user's data directory; Tab completes symbol names; Ctrl-C during an
evaluation aborts it (``$Aborted``) and keeps the session; Ctrl-D or
``Quit[]`` exits.
"""

from __future__ import annotations

import os
import sys
import threading

__all__ = ["run_repl", "history_path"]


def history_path() -> str:
    """Where the REPL keeps its history ($XDG_DATA_HOME/gtnlang/history)."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.path.join(base, "gtnlang", "history")


def _evaluate_interruptibly(session, text):
    """Evaluate on a worker thread so that Ctrl-C can abort it."""
    results = []
    error = []

    def work():
        try:
            session.run_statements(text, "<input>", lambda value, statement: results.append(value))
        except BaseException as exc:  # reported below, the REPL lives on
            error.append(exc)

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    while thread.is_alive():
        try:
            thread.join(0.05)
        except KeyboardInterrupt:
            session.abort()
    if error:
        print(f"internal error: {error[0]!r}", file=sys.stderr)
    return results


def run_repl(session=None, input=None, output=None) -> int:
    """Run the REPL until Ctrl-D or Quit[]; returns the exit status."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.completion import WordCompleter
    from prompt_toolkit.history import FileHistory, InMemoryHistory
    from prompt_toolkit.key_binding import KeyBindings

    from gtnlang.expr import Integer, Symbol
    from gtnlang.session import Session
    from gtnlang.syntax.parser import is_complete

    session = session or Session()
    path = history_path()
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        history = FileHistory(path)
    except OSError:
        history = InMemoryHistory()

    bindings = KeyBindings()

    @bindings.add("enter")
    def _(event):
        buffer = event.current_buffer
        if is_complete(buffer.text) or not buffer.text.strip():
            buffer.validate_and_handle()
        else:
            buffer.insert_text("\n")

    completer = WordCompleter(lambda: session.definitions.names(), sentence=True,
                              pattern=__import__("re").compile(r"[$A-Za-z][$A-Za-z0-9]*"))
    prompt = PromptSession(history=history, key_bindings=bindings, multiline=True,
                           completer=completer, complete_while_typing=False,
                           input=input, output=output)
    print("gtnlang — a Mathematica-style language for weighted automata. Ctrl-D exits.")
    while True:
        line = session.evaluator.definition(Symbol("$Line")).own_value
        number = line.value if type(line) is Integer else 1
        try:
            text = prompt.prompt(f"In[{number}]:= ")
        except KeyboardInterrupt:
            continue
        except EOFError:
            return 0
        if not text.strip():
            continue
        results = _evaluate_interruptibly(session, text)
        if session.exit_code is not None:
            return session.exit_code
        if results and results[-1] is not Symbol("Null"):
            print(f"Out[{number}]= {session.format(results[-1])}\n")
