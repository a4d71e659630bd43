"""Every script in examples/ runs cleanly (exit 0, no messages); the tour prints what it promises.

Each script runs with a fresh temporary directory as its working directory, so files it writes
(ctc_train.gtn's ctc_loss.png) land there and not in the repository; the scripts load the library
with Needs, which looks in the package, not the working directory.
"""

import glob
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = sorted(glob.glob(os.path.join(ROOT, "examples", "*.gtn")))


def run(path, cwd):
    # the checkout first on the path: `python -m gtnlang` must find this package from any directory
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([ROOT] + [p for p in [env.get("PYTHONPATH")] if p])
    return subprocess.run([sys.executable, "-m", "gtnlang", path], capture_output=True, text=True,
                          cwd=str(cwd), env=env, timeout=600)


@pytest.mark.parametrize("path", EXAMPLES, ids=[os.path.basename(p) for p in EXAMPLES])
def test_example_runs_without_messages(path, tmp_path):
    result = run(path, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    if os.path.basename(path) == "ctc_train.gtn":
        # the training curve is written to the working directory, as a PNG file
        png = tmp_path / "ctc_loss.png"
        assert png.is_file() and png.stat().st_size > 1000
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        # and the model still learns: >= 95% held-out sequence accuracy
        final = [l for l in result.stdout.splitlines() if l.startswith("4. After training")]
        assert len(final) == 1 and float(final[0].rsplit(": ", 1)[1]) >= 0.95


def test_tour_output(tmp_path):
    out = run(os.path.join(ROOT, "examples", "tour.gtn"), tmp_path).stdout
    for line in [
        "2x + 3x is 5 x",
        "f[3] = 9,  f[a + b] = (a + b)^2",
        "N[Pi, 30] = 3.14159265358979323846264338328",
        "fib[200] = 280571172992510140037611932413038677189525",
        "Series[Exp[x], {x, 0, 3}] = 1 + x + x^2/2 + x^3/6 + O[x]^4",
        "its forward score (log-sum-exp over paths) is exact: w3 + Log[E^w1 + E^w2]",
        "and its derivative is the posterior of arc a: E^w1/(E^w1 + E^w2)",
        "Log[E^e00 + E^e01] + Log[E^e10 + E^e11] - Log[E^(e01 + e10) + E^(e00 + e11) + E^(e01 + e11)]",
    ]:
        assert line in out
    losses = [float(l.rsplit("loss ", 1)[1]) for l in out.splitlines() if ": loss " in l]
    assert len(losses) == 4 and losses == sorted(losses, reverse=True) and losses[-1] < losses[0] / 4
