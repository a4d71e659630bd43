"""Speed of the language core, side by side with Mathics3 when it is installed.

Run by hand:  python benchmarks/core.py  [--repeat N]

Each item prints gtnlang's best time of N runs (a fresh session each run, its
setup untimed), the target from issue 2, and, where `mathics3` is importable,
Mathics3's best of two runs timed the same way, in the same process, and the
ratio.  (Mathics3 >= 7 needs ``packaging`` too: ``pip install mathics3 packaging``.)  Targets: 20x faster than Mathics3 (5x on the
Expand item); parse 2,000 lines < 0.25 s; `gtn -c '1+1'` < 0.4 s.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

MATHICS = False

ITEMS = [
    # (name, setup, expression, seconds Mathics3 took on the reference machine, required speed-up)
    ("memoised fib[300]", "fib[0] = 0; fib[1] = 1; fib[n_] := fib[n] = fib[n-1] + fib[n-2]", "fib[300]", 0.27, 20),
    ("Total[Table[i^2, {i, 20000}]]", "", "Total[Table[i^2, {i, 1, 20000}]]", 10.7, 20),
    ("non-memoised f[18]", "f[n_] := If[n < 2, n, f[n-1] + f[n-2]]", "f[18]", 3.7, 20),
    ("Range[10000] /. rules", "", "Range[10000] /. {n_?EvenQ :> n/2, n_Integer :> 3n+1}", 3.0, 20),
    ("Nest[Expand[#(1+x)]&, 1, 30]", "", "Nest[Expand[#*(1+x)] &, 1, 30]", 0.6, 5),
]


def script_lines(n: int) -> str:
    lines = []
    for i in range(n):
        lines.append(f"f{i}[x_] := x^2 + {i} x y - Sin[x]/3; g[{{a, b{i}}}] /. a -> {i}")
    return "\n".join(lines)


def best_time(prepare, repeat: int, clock=time.perf_counter) -> float:
    """Best time of `repeat` runs of ``prepare()()``; only the returned run is timed."""
    best = float("inf")
    for _ in range(repeat):
        run = prepare()
        start = clock()
        run()
        best = min(best, clock() - start)
    return best


def gtnlang_item(setup: str, expression: str):
    """A fresh session with `setup` done (untimed), then `expression` (timed)."""
    from gtnlang import Session

    def prepare():
        session = Session(print_messages=False, print_output=False)
        if setup:
            session.eval(setup)
        return lambda: session.eval(expression)
    return prepare


def mathics_available() -> bool:
    """True when Mathics3 imports and can start a session here."""
    # fib[300] recurses deeper than Mathics3's default $RecursionLimit allows
    os.environ.setdefault("MATHICS_MAX_RECURSION_DEPTH", "10000")
    try:
        try:   # Mathics3 >= 7 loads its builtins on request
            from mathics.core.load_builtin import import_and_load_builtins
        except ImportError:
            pass
        else:
            import_and_load_builtins()
        from mathics.session import MathicsSession
        MathicsSession().evaluate("1 + 1")
    except Exception as error:  # a broken install is reported, not fatal
        print(f"(Mathics3 unavailable: {type(error).__name__}: {error})")
        return False
    return True


def mathics_item(setup: str, expression: str):
    if not MATHICS:
        return None
    from mathics.session import MathicsSession

    def prepare():
        session = MathicsSession()
        session.evaluate("$RecursionLimit = 5000")
        if setup:
            session.evaluate(setup)
        return lambda: session.evaluate(expression)
    return prepare


def mathics_parse(text: str):
    """Mathics3's parser over the same script (statements, no evaluation)."""
    if not MATHICS:
        return None
    from mathics.core.parser import MathicsMultiLineFeeder, parse
    from mathics.session import MathicsSession
    definitions = MathicsSession().definitions

    def run():
        feeder = MathicsMultiLineFeeder(text, "<benchmark>")
        while not feeder.empty():
            parse(definitions, feeder)
    return lambda: run


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    global MATHICS
    MATHICS = mathics_available()
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 100_000))
    from gtnlang import Session
    Session().eval("1")  # load builtins and the parser once, outside the timings
    print("Times are the best of the repeats, wall clock; 'cpu' is process CPU time, which a\n"
          "busy machine disturbs less.")
    print(f"{'item':34} {'gtnlang':>10} {'cpu':>8} {'target':>10} {'Mathics3':>10} {'ratio':>8}")
    for name, setup, expression, reference, speedup in ITEMS:
        ours = best_time(gtnlang_item(setup, expression), options.repeat)
        cpu = best_time(gtnlang_item(setup, expression), options.repeat, time.process_time)
        theirs_run = mathics_item(setup, expression)
        theirs = best_time(theirs_run, 2) if theirs_run else None
        target = reference / speedup
        ratio = f"{theirs / ours:7.1f}x" if theirs else "    n/a"
        theirs_text = f"{theirs:9.3f}s" if theirs else "  not inst"
        print(f"{name:34} {ours:9.3f}s {cpu:7.3f}s {target:9.3f}s {theirs_text:>10} {ratio:>8}")

    from gtnlang.syntax.parser import parse_statements
    text = script_lines(2000)
    parse_time = best_time(lambda: lambda: list(parse_statements(text)), options.repeat)
    parse_cpu = best_time(lambda: lambda: list(parse_statements(text)), options.repeat,
                          time.process_time)
    theirs_run = mathics_parse(text)
    theirs = best_time(theirs_run, 2) if theirs_run else None
    ratio = f"{theirs / parse_time:7.1f}x" if theirs else "    n/a"
    theirs_text = f"{theirs:9.3f}s" if theirs else "  not inst"
    print(f"{'parse a 2,000-line script':34} {parse_time:9.3f}s {parse_cpu:7.3f}s {0.25:9.3f}s "
          f"{theirs_text:>10} {ratio:>8}")

    start_times = []
    for _ in range(options.repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "gtnlang", "-c", "1+1"], check=True, capture_output=True)
        start_times.append(time.perf_counter() - start)
    print(f"{'gtn -c 1+1 (start-up)':34} {min(start_times):9.3f}s {'':8} {0.4:9.3f}s")
    if not MATHICS:
        print("\nMathics3 is not installed (pip install mathics3) so no ratios were measured; "
              "the targets are issue 2's Mathics3 figures divided by the required speed-up.")


if __name__ == "__main__":
    main()
