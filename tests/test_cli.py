"""The gtn command: -c, scripts (stdout, stderr with file:line, exit codes)."""

import os
import subprocess
import sys
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def gtn(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "gtnlang", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=120)


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


def test_script_syntax_error_exits_2_after_running_earlier_statements(tmp_path):
    script = tmp_path / "bad.gtn"
    script.write_text('Print["first"]\nf[x]]\nPrint["never"]\n')
    result = gtn(str(script))
    assert result.returncode == 2
    assert result.stdout == "first\n"
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
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip() == "False False"
