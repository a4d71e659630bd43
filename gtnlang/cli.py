"""The ``gtn`` command.

- ``gtn``                      the interactive REPL (``python -m gtnlang`` too)
- ``gtn FILE.gtn [args...]``   run a script: Print to stdout, messages to
                               stderr as ``FILE:LINE: Tag::name: text``
- ``gtn - [args...]``          run the script read from standard input (also
                               what ``gtn`` does when standard input is not a
                               terminal)
- ``gtn -c CODE [--format F]`` evaluate CODE and print the last result
                               (OutputForm, or F = InputForm / FullForm)

Exit status (scripts and ``-c``):

- 0  every statement ran (messages such as ``Power::infy`` do not count);
- 1  an uncaught error ended it: an uncaught ``Throw``, ``Abort[]`` at top
     level, an internal error (``General::python``) or memory exhausted; the
     statements after it do not run (also: the script file cannot be read);
- 2  a syntax error, reported as ``FILE:LINE:COL: syntax error: ...`` with
     the line and a caret; the statements before it have run, none after;
- n  ``Exit[n]`` / ``Quit[n]``;
- 130  interrupted by Ctrl-C.

Start-up is kept short: neither prompt_toolkit nor Pygments is imported for
``-c`` and scripts (nor sympy or jax: they load on first use).
"""

from __future__ import annotations

import argparse
import sys

__all__ = ["main", "run_code", "run_script"]

EXIT_OK, EXIT_ERROR, EXIT_SYNTAX, EXIT_INTERRUPTED = 0, 1, 2, 130


def _session(script_args=None):
    from gtnlang.expr import Expression, String, Symbol
    from gtnlang.session import Session
    session = Session()
    if script_args is not None:
        session.evaluator.definition(Symbol("$ScriptCommandLine")).own_value = Expression(
            "List", *(String(a) for a in script_args))
    return session


def _status(session, error) -> int:
    if session.exit_code is not None:
        return session.exit_code
    if error is not None:
        return EXIT_SYNTAX
    if session.uncaught_error is not None:
        return EXIT_ERROR
    return EXIT_OK


def run_code(code: str, form: str = "OutputForm") -> int:
    """``gtn -c CODE``: evaluate and print the last result (unless Null)."""
    from gtnlang.expr import Symbol
    session = _session()
    last = []
    try:
        error = session.run_statements(code, "<command line>", lambda value, statement: last.append(value),
                                       stop_on_error=True)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    status = _status(session, error)
    if session.exit_code is None and error is None and last and last[-1] is not Symbol("Null"):
        print(session.format(last[-1], form), flush=True)
    return status


def run_source(source: str, filename: str, args: list[str]) -> int:
    """Run `source` as the script `filename` with the given arguments.

    The whole script is parsed first: a syntax error anywhere is reported
    (line, column, caret) and nothing runs, as issue 6 asks of scripts.
    """
    from gtnlang.syntax.parser import ParseError, parse_statements
    try:
        for _ in parse_statements(source, filename):
            pass
    except ParseError as error:
        print(str(error), file=sys.stderr, flush=True)
        return EXIT_SYNTAX
    session = _session([filename] + list(args))
    try:
        error = session.run_statements(source, filename, stop_on_error=True)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    return _status(session, error)


def run_script(path: str, args: list[str]) -> int:
    """``gtn FILE.gtn args...``."""
    try:
        with open(path, encoding="utf-8") as handle:
            source = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        print(f"gtn: cannot open {path}: {reason}", file=sys.stderr)
        return EXIT_ERROR
    return run_source(source, path, args)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="gtn", description="gtnlang: a Mathematica-style language with differentiable WFSTs",
        epilog="Exit status: 0 success, 1 an uncaught error ended the script, 2 syntax error, "
               "n for Exit[n], 130 interrupted.")
    parser.add_argument("-c", dest="code", metavar="CODE", help="evaluate CODE and print the result")
    parser.add_argument("--format", default="OutputForm", choices=["OutputForm", "InputForm", "FullForm"],
                        help="the form in which -c prints its result")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument("script", nargs="?", help="a .gtn script to run ('-' reads standard input)")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="arguments for the script ($ScriptCommandLine)")
    options = parser.parse_args(argv)
    if options.version:
        from gtnlang import __version__
        print(f"gtnlang {__version__}")
        return EXIT_OK
    if options.code is not None:
        return run_code(options.code, options.format)
    if options.script == "-" or (options.script is None and not sys.stdin.isatty()):
        return run_source(sys.stdin.read(), "<stdin>", options.args)
    if options.script:
        return run_script(options.script, options.args)
    from gtnlang.repl import run_repl
    return run_repl()


if __name__ == "__main__":
    sys.exit(main())
