"""``sympy-recur batch FILE`` and ``sympy-recur constants FILE``: JSON lines, in order."""

import json
import subprocess
import sys

import pytest

from sympy_recur.cli import main

STRIPPED = (
    "# OEIS Sequence Data\n"
    "A000045 ,0,1,1,2,3,5,8,13,21,34,55,89,144,\tFibonacci numbers.\n"
    "\n"
    "A000796 ,3,1,4,1,5,9,2,6,5,3,5,8,9,7,9,\n"
    "not a sequence line\n"
    "A000001 ,0,1,1,\n"
    "A000142 ,1,1,2,6,24,120,720,5040,40320,362880,\n"
)


def read_jsonl(text):
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture
def stripped_file(tmp_path):
    path = tmp_path / "seqs.txt"
    path.write_text(STRIPPED)
    return path


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_batch_writes_one_json_line_per_sequence_in_order(capsys, stripped_file, jobs):
    argv = ["batch", str(stripped_file), "--jobs", jobs, "--method", "classical",
            "--time-limit", "5", "--next", "3", "--terms", "12"]
    assert main(argv) == 0
    records = read_jsonl(capsys.readouterr().out)
    assert [r["id"] for r in records] == ["A000045", "A000796", "not", "A000001", "A000142"]
    fib, pi, bad, short, fact = records
    assert fib["n_terms"] == 12 and fib["error"] is None
    assert fib["recurrence"]["rhs"] == "u(n - 2) + u(n - 1)"
    assert fib["recurrence"]["kind"] == "c-finite"
    assert fib["recurrence"]["next"] == ["144", "233", "377"]
    assert fib["recurrence"]["source"].startswith("ansatz")
    assert 0 <= fib["time"] < 5
    assert pi["recurrence"] is None and pi["error"] is None
    assert bad["recurrence"] is None and bad["error"].startswith("ValueError: line 5: expected an A-number")
    assert short["error"] == "ValueError: need at least 4 terms, got 3"
    assert fact["n_terms"] == 10 and fact["recurrence"]["rhs"] == "n*u(n - 1)"
    assert fact["recurrence"]["next"] == ["3628800", "39916800", "479001600"]


def test_batch_out_file_and_stdin_through_python_dash_m(tmp_path):
    out = tmp_path / "out.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "sympy_recur", "batch", "-", "--out", str(out), "--jobs", "2",
         "--method", "classical", "--next", "2"],
        input=STRIPPED, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    records = read_jsonl(out.read_text())
    assert len(records) == 5
    assert records[0]["recurrence"]["next"] == ["233", "377"]
    assert records[4]["recurrence"]["next"] == ["3628800", "39916800"]


def test_batch_missing_file_exits_2(capsys, tmp_path):
    assert main(["batch", str(tmp_path / "nope.txt")]) == 2
    assert "No such file" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["batch"], ["batch", "f", "--terms", "0"], ["batch", "f", "--jobs", "x"],
                                  ["batch", "f", "--time-limit", "-1"]])
def test_batch_argument_errors_exit_2(capsys, argv):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert "usage: sympy-recur batch" in capsys.readouterr().err


def test_constants_command(capsys, tmp_path):
    path = tmp_path / "numbers.txt"
    path.write_text("zeta2 1.6449340668482264\n# comment\n2.7182818284590452354\nbad 1 2\nx abc\n")
    assert main(["constants", str(path), "--jobs", "1", "--time-limit", "3"]) == 0
    records = read_jsonl(capsys.readouterr().out)
    assert [(r["id"], r["expr"]) for r in records] == [("zeta2", "pi**2/6"), ("3", "E"), ("bad", None), ("x", None)]
    assert records[0]["latex"] == "\\frac{\\pi^{2}}{6}"
    assert records[2]["error"].startswith("ValueError: line 4:")
    assert records[3]["error"].startswith("ValueError: x is the string 'abc'")
