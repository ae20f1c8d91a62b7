"""The sympy-recur command line, in-process and as ``python -m sympy_recur``."""

import json
import subprocess
import sys

import pytest

from sympy_recur.cli import build_parser, main

FIB = "1 1 2 3 5 8 13 21 34 55 89".split()
PI = "3 1 4 1 5 9 2 6 5 3 5 8 9 7 9".split()


def test_text_output_for_fibonacci(capsys):
    assert main(FIB + ["--next", "3"]) == 0
    out = capsys.readouterr().out
    assert "u(n) = u(n - 2) + u(n - 1), u(0) = 1, u(1) = 1" in out
    assert "kind: c-finite" in out
    assert "closed form: u(n) = " in out
    assert "next: 144, 233, 377" in out


def test_comma_separated_terms_and_offset(capsys):
    assert main(["0,1,4,9,16,25,36,49,64,81,100,121", "--offset", "0", "--next", "2"]) == 0
    out = capsys.readouterr().out
    assert "u(n) = n**2" in out
    assert "next: 144, 169" in out


def test_json_output_for_fibonacci(capsys):
    assert main(FIB + ["--json", "--next", "2"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rhs"] == "u(n - 2) + u(n - 1)"
    assert data["initial"] == {"0": "1", "1": "1"}
    assert data["next"] == ["144", "233"]
    assert data["kind"] == "c-finite" and data["order"] == 2
    assert data["closed_form"] is None or "sqrt(5)" in data["closed_form"]


def test_rational_terms_on_the_command_line(capsys):
    terms = [f"{i}/3" for i in range(12)]
    assert main(terms + ["--json", "--next", "1"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rhs"] == "n/3" and data["next"] == ["4"]


def test_all_lists_ranked_candidates(capsys):
    assert main(FIB + ["--all", "--next", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("[1] u(n) = u(n - 2) + u(n - 1)")
    assert "[2] " in out


def test_all_json_is_a_list(capsys):
    assert main(FIB + ["--all", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, list) and len(data) >= 2
    assert data[0]["rhs"] == "u(n - 2) + u(n - 1)"


def test_not_found_exits_1_with_a_hint(capsys):
    assert main(PI) == 1
    assert "no rule found" in capsys.readouterr().out


def test_not_found_json_prints_null_and_exits_1(capsys):
    assert main(PI + ["--json"]) == 1
    assert json.loads(capsys.readouterr().out) is None


@pytest.mark.parametrize("argv, match", [
    (["1", "2", "x", "4"], "term 3 is the string 'x'"),
    (["1", "2", "3"], "need at least 4 terms, got 3"),
    (["1", "2", "3", "1.5x"], "not an integer, p/q or decimal"),
    (["1", "2", "nan", "4"], "NaN"),
    (FIB + ["--time-limit", "0"], "positive"),
])
def test_bad_input_exits_2_with_an_error_on_stderr(capsys, argv, match):
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("sympy-recur: error:")
    assert match in captured.err


@pytest.mark.parametrize("argv", [[], ["--method", "magic", "1", "2", "3", "4"], ["1", "--next", "x"]])
def test_argparse_errors_exit_2(capsys, argv):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert "usage: sympy-recur" in capsys.readouterr().err


def test_parser_defaults():
    args = build_parser().parse_args(["1"])
    assert (args.offset, args.n_next, args.time_limit, args.method, args.all, args.json) == \
        (0, 10, 10.0, "auto", False, False)


def test_python_dash_m_runs_the_cli():
    proc = subprocess.run([sys.executable, "-m", "sympy_recur", *FIB],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "u(n) = u(n - 2) + u(n - 1)" in proc.stdout
    assert "next: 144, 233, 377, 610, 987, 1597, 2584, 4181, 6765, 10946" in proc.stdout


def test_a_reader_that_stops_early_gets_no_traceback():
    import subprocess
    import sys
    # 20,000 predicted terms fill the pipe: the CLI is still writing when the reader goes
    proc = subprocess.Popen([sys.executable, "-m", "sympy_recur", "--next", "20000", "--method", "classical",
                             "1", "2", "3", "4", "5", "6", "7", "8"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline().startswith(b"u(n) = n + 1")
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr
