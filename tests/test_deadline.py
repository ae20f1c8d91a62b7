"""Time limits: validation, cooperative deadlines, and killing slow child processes."""

import math
import os
import time

import pytest

from sympy_recur._deadline import Deadline, DeadlineExceeded, call_with_time_limit, check_time_limit


def _add(a, b=0):
    return a + b


def _boom():
    raise RuntimeError("fail in child")


def _sleep_then(x):
    time.sleep(30)
    return x


def _pid():
    return os.getpid()


@pytest.mark.parametrize("value, expected", [(1, 1.0), (0.25, 0.25), (1e9, 1e9), (math.inf, math.inf)])
def test_check_time_limit_accepts_positive_numbers(value, expected):
    v = check_time_limit(value)
    assert v == expected and type(v) is float


@pytest.mark.parametrize("value, exc, match", [
    (0, ValueError, "positive"),
    (-3, ValueError, "positive"),
    (float("nan"), ValueError, "positive"),
    ("1", TypeError, "number of seconds"),
    (None, TypeError, "number of seconds"),
    (True, TypeError, "number of seconds"),
])
def test_check_time_limit_rejects_bad_values(value, exc, match):
    with pytest.raises(exc, match=match):
        check_time_limit(value)


def test_check_time_limit_names_the_parameter():
    with pytest.raises(ValueError, match="^budget must be"):
        check_time_limit(0, name="budget")


def test_deadline_counts_down_and_expires():
    d = Deadline(0.05)
    assert not d.expired() and 0 < d.remaining() <= 0.05
    d.check()
    time.sleep(0.07)
    assert d.expired() and d.remaining() == 0.0
    with pytest.raises(DeadlineExceeded):
        d.check()


def test_sub_deadline_is_never_later_than_its_parent():
    parent = Deadline(0.1)
    assert parent.sub(100.0).end == parent.end
    short = parent.sub(0.01)
    assert short.end < parent.end


def test_call_with_time_limit_returns_the_value_from_a_child_process():
    assert call_with_time_limit(_add, (2,), {"b": 3}, seconds=10) == 5
    assert call_with_time_limit(_pid, seconds=10) != os.getpid()


def test_call_with_time_limit_returns_default_when_the_function_raises():
    assert call_with_time_limit(_boom, seconds=10, default="dflt") == "dflt"


def test_call_with_time_limit_kills_slow_functions_on_time():
    t0 = time.monotonic()
    assert call_with_time_limit(_sleep_then, (1,), seconds=0.2, default="late") == "late"
    assert time.monotonic() - t0 < 2.0


def test_call_with_time_limit_with_no_time_returns_default_without_running():
    assert call_with_time_limit(_add, (1,), seconds=0, default=None) is None
    assert call_with_time_limit(_add, (1,), seconds=-1, default=7) == 7
