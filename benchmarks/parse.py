"""Parser speed: parse a 2,000-line script of typical definitions and expressions.

    python benchmarks/parse.py [lines]

Prints the best of several runs (wall and CPU seconds) for parse_statements
over the whole script, and the import time of gtnlang.syntax.parser in a fresh
process.  Target: < 0.25 s for 2,000 lines on a 2-core machine.
"""

import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

LINES = [
    "f[x_] := x^2 + 2 x y - Sin[x]/3; g[{a, b}] /. a -> 1",
    "h[n_Integer?Positive] := h[n - 1] + n!",
    "data = Table[{i, i^2, N[Sqrt[i]]}, {i, 1, 100}];",
    "result = Select[data, #[[2]] > 10 &] // Length",
    "rules = {x -> 1, y :> RandomReal[], z_ /; z > 0 -> -z}",
    "Module[{s = 0, k}, For[k = 1, k <= 10, k++, s += k^2]; s]",
    "(* a comment with (* nesting *) *) total = Plus @@ Map[#^2 &, {1, 2, 3}]",
    'msg = "value: " <> ToString[1.5*^-3] <> "\\n"',
    "If[a && !b || c == d, Print[\"yes\"], Print[\"no\"]]",
    "m = {{1, 2}, {3, 4}} . {x, y}; m[[1 ;; 2, 1]]",
]


def script(n: int) -> str:
    return "\n".join(LINES[i % len(LINES)] for i in range(n)) + "\n"


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    from gtnlang.syntax.parser import parse_statements
    src = script(n)
    best = best_cpu = float("inf")
    count = 0
    for _ in range(7):
        t, c = time.perf_counter(), time.process_time()
        count = sum(1 for _ in parse_statements(src))
        best = min(best, time.perf_counter() - t)
        best_cpu = min(best_cpu, time.process_time() - c)
    cold = subprocess.run(
        [sys.executable, "-c",
         "import time; t = time.perf_counter(); import gtnlang.syntax.parser; "
         "print(time.perf_counter() - t)"],
        capture_output=True, text=True, check=True, cwd=ROOT)
    print(f"lines: {n}  statements: {count}")
    print(f"parse: {best:.3f} s wall, {best_cpu:.3f} s CPU (best of 7; "
          f"{best / n * 1e6:.0f} us/line; target < 0.25 s for 2000 lines)")
    if os.getloadavg()[0] > (os.cpu_count() or 1):
        print(f"note: load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; "
              "wall time is inflated")
    print(f"import gtnlang.syntax.parser (fresh process): {float(cold.stdout) * 1e3:.0f} ms")


if __name__ == "__main__":
    main()
