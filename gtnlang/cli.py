"""The ``gtn`` command.

- ``gtn``                      the interactive REPL
- ``gtn FILE.gtn [args...]``   run a script: Print to stdout, messages to
                               stderr as ``FILE:LINE: Tag::name: text``;
                               exit 2 on a syntax error, ``Exit[n]`` exits n
- ``gtn -c CODE [--format F]`` evaluate CODE and print the last result
                               (OutputForm, or F = InputForm / FullForm)
"""

from __future__ import annotations

import argparse
import sys

__all__ = ["main"]


def _session(script_args=None):
    from gtnlang.expr import Expression, String
    from gtnlang.session import Session
    session = Session()
    if script_args is not None:
        session.evaluator.definition(_symbol("$ScriptCommandLine")).own_value = Expression(
            "List", *(String(a) for a in script_args))
    return session


def _symbol(name):
    from gtnlang.expr import Symbol
    return Symbol(name)


def run_code(code: str, form: str = "OutputForm") -> int:
    session = _session()
    value = session.eval(code, "<command line>")
    if session.exit_code is not None:
        return session.exit_code
    if any(m.startswith("Syntax::") for m in session.messages):
        return 2
    if value is not _symbol("Null"):
        print(session.format(value, form), flush=True)
    return 0


def run_script(path: str, args: list[str]) -> int:
    try:
        with open(path, encoding="utf-8") as handle:
            source = handle.read()
    except OSError as error:
        print(f"gtn: cannot open {path}: {error.strerror}", file=sys.stderr)
        return 1
    session = _session([path] + list(args))
    error = session.run_statements(source, path)
    if session.exit_code is not None:
        return session.exit_code
    if error is not None:
        return 2
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="gtn", description="gtnlang: a Mathematica-style language with differentiable WFSTs")
    parser.add_argument("-c", dest="code", help="evaluate CODE and print the result")
    parser.add_argument("--format", default="OutputForm", choices=["OutputForm", "InputForm", "FullForm"],
                        help="the form in which -c prints its result")
    parser.add_argument("script", nargs="?", help="a .gtn script to run")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="arguments for the script ($ScriptCommandLine)")
    options = parser.parse_args(argv)
    if options.code is not None:
        return run_code(options.code, options.format)
    if options.script:
        return run_script(options.script, options.args)
    from gtnlang.repl import run_repl
    return run_repl()


if __name__ == "__main__":
    sys.exit(main())
