"""The gtn command: -c, scripts (stdout, stderr with file:line, exit codes)."""

import os
import subprocess
import sys
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


_CACHE = {}


def _env(extra=None):
    """The environment for a gtn subprocess: gtnlang importable from the
    checkout, compiled modules cached outside the source tree (start-up is
    faster where PYTHONDONTWRITEBYTECODE is set)."""
    import tempfile
    if "dir" not in _CACHE:
        _CACHE["dir"] = tempfile.mkdtemp(prefix="gtn-pycache-")
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""),
               PYTHONPYCACHEPREFIX=_CACHE["dir"])
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(extra or {})
    return env


def gtn(*args, cwd=None, env=None, input=None):
    return subprocess.run([sys.executable, "-m", "gtnlang", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=120, env=_env(env), input=input)


@pytest.fixture
def run(capsys):
    """gtn in this process (faster than a subprocess): run(*argv) -> result."""
    from types import SimpleNamespace
    from gtnlang.cli import main

    def call(*argv):
        capsys.readouterr()
        status = main(list(argv))
        out, err = capsys.readouterr()
        return SimpleNamespace(returncode=status, stdout=out, stderr=err)

    return call


def test_dash_c_prints_output_form():
    result = gtn("-c", "Expand[(a + b)^2]")
    assert result.returncode == 0
    assert result.stdout == "a^2 + 2 a b + b^2\n"


def test_dash_c_other_forms():
    assert gtn("-c", "x^2 y", "--format", "InputForm").stdout == "x^2*y\n"
    assert gtn("-c", "x^2 y", "--format", "FullForm").stdout == "Times[Power[x, 2], y]\n"


def test_script_print_messages_and_arguments(tmp_path):
    script = tmp_path / "s.gtn"
    script.write_text('Print["hello ", 1 + 1]\n1/0\nPrint[Length[$ScriptCommandLine]]\n')
    result = gtn(str(script), "a", "b")
    assert result.returncode == 0
    assert result.stdout == "hello 2\n3\n"
    assert f"{script}:2: Power::infy: Infinite expression 1/0 encountered." in result.stderr


def test_script_syntax_error_exits_2_before_anything_runs(tmp_path):
    script = tmp_path / "bad.gtn"
    script.write_text('Print["first"]\nf[x]]\nPrint["never"]\n')
    result = gtn(str(script))
    assert result.returncode == 2
    assert result.stdout == ""
    assert ":2:" in result.stderr and "^" in result.stderr


def test_script_exit_code(tmp_path):
    script = tmp_path / "exit.gtn"
    script.write_text('Print["a"]\nExit[3]\nPrint["b"]\n')
    result = gtn(str(script))
    assert result.returncode == 3
    assert result.stdout == "a\n"


def test_startup_does_not_import_jax_or_sympy():
    code = "import sys, gtnlang; from gtnlang import Session; Session().eval('1 + 1'); " \
           "print('jax' in sys.modules, 'sympy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                            env=_env())
    assert result.stdout.strip() == "False False"


def test_script_runtime_message_has_file_and_line_and_exit_0(tmp_path):
    script = tmp_path / "msg.gtn"
    script.write_text('x = 1\n\nPrint[Part[{1, 2}, 5]]\nPrint["after"]\n')
    result = gtn(str(script))
    assert result.returncode == 0
    assert result.stdout == "{1, 2}[[5]]\nafter\n"
    assert result.stderr.startswith(f"{script}:3: Part::partw: Part 5 of {{1, 2}} does not exist.")


def test_script_syntax_error_has_line_column_and_caret(tmp_path):
    script = tmp_path / "syn.gtn"
    script.write_text('a = 1\nb = {1, 2]\nPrint["never"]\n')
    result = gtn(str(script))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{script}:2:10: syntax error:")
    assert lines[1] == "  b = {1, 2]"
    assert lines[2] == "  " + " " * 9 + "^"


def test_uncaught_throw_ends_the_script_with_status_1(run, tmp_path):
    script = tmp_path / "throw.gtn"
    script.write_text('Print["before"]\nThrow[7]\nPrint["after"]\n')
    result = run(str(script))
    assert result.returncode == 1
    assert result.stdout == "before\n"
    assert f"{script}:2: Throw::nocatch: Uncaught Throw[7] returned to top level." in result.stderr


def test_abort_ends_the_script_with_status_1_but_a_caught_throw_does_not(run, tmp_path):
    script = tmp_path / "abort.gtn"
    script.write_text('Print[Catch[Throw[1]]]\nAbort[]\nPrint["after"]\n')
    result = run(str(script))
    assert (result.returncode, result.stdout) == (1, "1\n")


def test_script_command_line_and_exit_inside_a_function(run, tmp_path):
    script = tmp_path / "args.gtn"
    script.write_text('Print[Rest[$ScriptCommandLine]]\nf[n_] := Exit[n]\nf[5]\nPrint["never"]\n')
    result = run(str(script), "one", "2")
    assert (result.returncode, result.stdout) == (5, "{one, 2}\n")


def test_missing_script_file(run, tmp_path):
    result = run(str(tmp_path / "none.gtn"))
    assert result.returncode == 1
    assert "cannot open" in result.stderr


def test_script_from_standard_input():
    result = gtn("-", "x", input='Print[2 + 3, " ", $ScriptCommandLine]\n')
    assert (result.returncode, result.stdout) == (0, "5 {<stdin>, x}\n")


def test_dash_c_exit_statuses(run):
    assert run("-c", "Exit[3]").returncode == 3
    result = run("-c", "f[")
    assert result.returncode == 2 and "syntax error" in result.stderr
    result = run("-c", "Throw[1]; 2")      # stops at the uncaught Throw, whose value is printed
    assert (result.returncode, result.stdout) == (1, "Hold[Throw[1]]\n")
    result = run("-c", "a = 1;")
    assert (result.returncode, result.stdout) == (0, "")


def test_get_and_needs_from_a_script(run, tmp_path, monkeypatch):
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "ctc.gtn").write_text("ctcScore[x_] := 2 x\n")
    (tmp_path / "helper.gtn").write_text("helper[x_] := x + 100\n\n1/0\n")
    script = tmp_path / "main.gtn"
    script.write_text('<< helper.gtn\nNeeds["CTC`"]\nPrint[helper[1], " ", ctcScore[4]]\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GTNLANG_STDLIB", str(lib))
    result = run(str(script))
    assert (result.returncode, result.stdout) == (0, "101 8\n")
    assert "helper.gtn:3: Power::infy" in result.stderr


def test_version(run):
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("gtnlang ")


def test_dash_c_does_not_import_the_repl_libraries():
    code = ("import sys, runpy; sys.argv = ['gtn', '-c', '1 + 1']\n"
            "try:\n    runpy.run_module('gtnlang', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "print(sorted(m for m in ('prompt_toolkit', 'pygments', 'sympy', 'jax') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                            env=_env(), timeout=120)
    assert result.stdout == "2\n[]\n"
