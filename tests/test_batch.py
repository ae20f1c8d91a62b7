"""recurrence_guess_many / constant_identify_many: order, workers, bad input, options."""

import doctest
import pickle
import subprocess
import sys
import textwrap
import time

import pytest
import sympy

import sympy_recur.batch
from sympy_recur.batch import _timed_guesses
from sympy_recur import BatchError, constant_identify_many, recurrence_guess, recurrence_guess_many

from .sage_standins import SageLikeInteger, SageLikeRational

FIB = [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]
SEQS = [
    FIB,
    [1, 1, 2, 5, 14, 42, 132, 429, 1430],
    [3, 1, 4, 1, 5, 9, 2, 6],
    [0, 1, 4, 9, 16, 25, 36, 49],
    [1, 2, 4, 8, 16, 32, 64, 128],
    [2, 3, 7, 43, 1807, 3263443, 10650056950807],
]
OPTS = {"method": "classical", "time_limit": 5.0}


def expected():
    return [recurrence_guess(s, **OPTS) for s in SEQS]


@pytest.mark.parametrize("jobs", [1, 2])
def test_results_match_recurrence_guess_in_input_order(jobs):
    got = list(recurrence_guess_many(SEQS, jobs=jobs, **OPTS))
    want = expected()
    assert got == want
    assert [repr(r) for r in got] == [repr(r) for r in want]
    assert got[2] is None


@pytest.mark.parametrize("jobs", [1, 2])
def test_bad_input_becomes_an_error_record_in_its_place(jobs):
    seqs = [FIB, [1, 2, 3], [1.5, 2, 3, 4], "1 2 3 4", None, [1, "x", 3, 4], FIB]
    got = list(recurrence_guess_many(seqs, jobs=jobs, **OPTS))
    assert len(got) == len(seqs)
    assert str(got[0]) == str(got[-1]) == "u(n) = u(n - 2) + u(n - 1), u(0) = 0, u(1) = 1"
    errors = got[1:-1]
    assert all(isinstance(e, BatchError) and not e for e in errors)
    assert [e.index for e in errors] == [1, 2, 3, 4, 5]
    assert [e.error_type for e in errors] == ["ValueError", "TypeError", "TypeError", "TypeError", "ValueError"]
    assert "need at least 4 terms, got 3" in errors[0].message
    assert "float" in errors[1].message


def test_worker_exceptions_are_recorded_not_raised(monkeypatch):
    def broken(terms, **kwargs):
        if terms[0] == 13:
            raise RuntimeError("a bug")
        return len(terms)
    monkeypatch.setattr(sympy_recur.batch, "_guess", broken)
    got = list(recurrence_guess_many([[1] * 4, [13] * 5, [2] * 6], jobs=1))
    assert got[0] == 4 and got[2] == 6
    assert got[1] == BatchError(1, "RuntimeError", "a bug")


def _sleepy(terms, **kwargs):
    time.sleep(terms[0])
    return terms[0]


def test_a_slow_input_does_not_hold_up_the_other_workers(monkeypatch):
    # One input takes 3 s, forty take 0.1 s: while the first worker is busy with
    # the slow one, the second must keep taking new inputs (about 3.5 s in all;
    # waiting for the oldest result before submitting more would take 4.6 s).
    monkeypatch.setattr(sympy_recur.batch, "_guess", _sleepy)
    seqs = [[3, 0, 0, 0]] + [[0.1, 0, 0, 0]] * 40
    monkeypatch.setattr(sympy_recur.batch, "_sequence_payloads", lambda seqs: iter(seqs))
    start = time.monotonic()
    got = list(recurrence_guess_many(seqs, jobs=2, method="classical"))  # no model to load
    assert got == [3] + [0.1] * 40
    assert time.monotonic() - start < 4.2


def test_lazy_input_sage_numbers_timings_and_progress(capsys):
    def gen():
        yield [SageLikeInteger(v) for v in FIB]
        yield [SageLikeRational(k, 3) for k in range(10)]
    got = list(_timed_guesses(gen(), jobs=2, progress=True, **OPTS))
    assert [str(r.rhs) for r, _ in got] == ["u(n - 2) + u(n - 1)", "n/3"]
    assert all(0 <= s < 5 for _, s in got)
    assert "sequences" in capsys.readouterr().err  # the tqdm bar


def test_results_stream_before_the_input_ends():
    seen = []

    def gen():
        for k in range(40):
            seen.append(k)
            yield FIB
    it = recurrence_guess_many(gen(), jobs=2, **OPTS)
    first = next(it)
    assert str(first.rhs) == "u(n - 2) + u(n - 1)"
    assert len(seen) < 40  # read only a few chunks ahead
    start = time.monotonic()
    it.close()  # stopping early waits only for the chunks already running
    assert time.monotonic() - start < 10


@pytest.mark.parametrize("kwargs, exc", [
    ({"method": "magic"}, ValueError),
    ({"time_limit": 0}, ValueError),
    ({"time_limit": "1"}, TypeError),
    ({"jobs": 0}, ValueError),
    ({"jobs": 1.5}, TypeError),
    ({"chunksize": 0}, ValueError),
    ({"offset": 1.0}, TypeError),
])
def test_bad_options_raise_at_once(kwargs, exc):
    with pytest.raises(exc):
        recurrence_guess_many([FIB], **kwargs)


def test_chunksize_keeps_order():
    seqs = SEQS * 3
    got = list(recurrence_guess_many(seqs, jobs=2, chunksize=4, **OPTS))
    assert got == expected() * 3


@pytest.mark.parametrize("jobs", [1, 2])
def test_constant_identify_many(jobs):
    values = ["1.6449340668482264", "0.123456789012345", "not a number", "1.4142135623730950488"]
    got = list(constant_identify_many(values, jobs=jobs, time_limit=2))
    assert [str(v) for v in (got[0], got[1], got[3])] == ["pi**2/6", "None", "sqrt(2)"]
    assert isinstance(got[2], BatchError) and got[2].index == 2 and got[2].error_type == "ValueError"


def test_results_pickle():
    for seq in SEQS[:2] + [[f"{k}/3" for k in range(12)]]:
        r = recurrence_guess(seq, **OPTS)
        back = pickle.loads(pickle.dumps(r))
        assert back == r and repr(back) == repr(r) and back.reason == r.reason
        assert back.predict(4) == r.predict(4) and back.as_dict() == r.as_dict()
    e = BatchError(3, "ValueError", "x")
    assert pickle.loads(pickle.dumps(e)) == e


def test_docstring_examples_pass():
    result = doctest.testmod(sympy_recur.batch, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def test_forked_workers_do_not_deadlock_after_the_parent_used_torch():
    # The parent runs torch on two threads and the model before forking: the
    # workers must still run the model (one thread each) and finish.
    pytest.importorskip("torch")
    from sympy_recur.model.propose import model_available
    if not model_available():
        pytest.skip("model weights not installed")
    script = textwrap.dedent("""
        import torch
        torch.set_num_threads(2)
        a = torch.randn(300, 300)
        for _ in range(10):
            a @ a
        from sympy_recur import recurrence_guess, recurrence_guess_many
        recurrence_guess([0, 1, 1, 2, 3, 5, 8, 13, 21, 34], method="model")
        seqs = [[0, 1, 1, 2, 3, 5, 8, 13, 21, 34], [1, 2, 4, 8, 16, 32, 64, 128]] * 2
        out = list(recurrence_guess_many(seqs, method="model", jobs=2, time_limit=5))
        print([str(r.rhs) for r in out])
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "['u(n - 2) + u(n - 1)', '2*u(n - 1)', 'u(n - 2) + u(n - 1)', '2*u(n - 1)']"


@pytest.mark.skipif(not __import__("sympy_recur.model.propose", fromlist=["model_available"]).model_available(),
                    reason="needs torch and the shipped weights")
@pytest.mark.parametrize("method", ["auto", "model"])
def test_model_proposals_batched_across_sequences_match_one_by_one(method, monkeypatch):
    import sympy_recur.batch as batch
    monkeypatch.setattr(batch, "MODEL_BATCH", 3)  # several blocks
    seqs = [[2, 3, 7, 43, 1807, 3263443, 10650056950807],
            [0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55],
            [1, 2],                                   # too short: an error record, in place
            [1, 3, 9, 27, 81, 243, 729],
            [5, 5, 6, 8, 11, 15, 20, 26, 33]]
    batched = list(recurrence_guess_many(seqs, method=method, jobs=1, time_limit=20, batch_model=True))
    single = list(recurrence_guess_many(seqs, method=method, jobs=1, time_limit=20, batch_model=False))
    assert len(batched) == len(seqs)
    assert isinstance(batched[2], BatchError) and batched[2].index == 2
    assert [str(r) for r in batched] == [str(r) for r in single]
    found = [r for r in batched if r]
    assert found and all(r.terms() == [sympy.Integer(v) for v in seqs[batched.index(r)]] for r in found)
