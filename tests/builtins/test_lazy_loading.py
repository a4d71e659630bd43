"""Builtin modules load lazily; the result must be the same as loading them all."""

import os
import subprocess
import sys

from gtnlang.builtins import index

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

SCRIPT = r'''
import sys
eager = sys.argv[1] == "eager"
import gtnlang.builtins
if eager:
    gtnlang.builtins.load_all()
from gtnlang import Session
from tests.test_issue2_acceptance import CASES
s = Session(print_messages=False, print_output=False)
for source, _ in CASES:
    print(str(Session(print_messages=False, print_output=False).eval(source)))
extra = ["Attributes[Gamma]", "Gamma[5]", "Normal[<|a -> 1|>]", "Normal[Series[Sin[x], {x, 0, 3}]]",
         "Reverse[{1, 2, 3}]", "Union[{2, 1, 2}]", "StringJoin[\"a\", \"b\"]", "Function[x, x + 1][2]",
         "D[f[x], x]", "Max[1, 2]", "x /. x -> 2", "Length[Names[\"String*\"]] > 5"]
for source in extra:
    print(str(s.eval(source)))
'''


def _run(mode):
    return subprocess.run([sys.executable, "-c", SCRIPT, mode], capture_output=True, text=True,
                          cwd=ROOT, timeout=300, check=True).stdout


def test_lazy_and_eager_loading_agree():
    assert _run("lazy") == _run("eager")


def test_index_is_current():
    with open(index._PATH, encoding="utf-8") as handle:
        assert handle.read() == index.generate(), "run: python -m gtnlang.builtins.index"


def test_one_plus_one_loads_few_modules():
    code = ("import sys; from gtnlang import Session; Session().eval('1 + 1'); "
            "print(sorted(m for m in sys.modules if m.startswith('gtnlang.builtins.') and m != 'gtnlang.builtins._index'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.strip() == "['gtnlang.builtins.arithmetic', 'gtnlang.builtins.io']"
