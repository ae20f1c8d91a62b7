import random

import pytest

from sympy_recur import recurrence_guess
from sympy_recur.binary_recurrence import BinaryRecurrence, verified_binary
from sympy_recur.guessers.binary import binary_rules


def _halving(first, even, odd, count=40):
    t = list(first)
    for i in range(len(t), count):
        t.append(even(t, i) if i % 2 == 0 else odd(t, i))
    return t


BINARY_PARTITIONS = _halving([1, 2], lambda t, i: t[i - 1] + t[i // 2], lambda t, i: t[i - 1] + t[i // 2])
STERN = _halving([0, 1], lambda t, i: t[i // 2], lambda t, i: t[i // 2] + t[i // 2 + 1])
BINARY_LENGTH = _halving([0, 1], lambda t, i: t[i // 2] + 1, lambda t, i: t[i - 1])
JOSEPHUS = _halving([0, 1], lambda t, i: 2 * t[i // 2] - 1, lambda t, i: 2 * t[i // 2] + 1)


@pytest.mark.parametrize("terms, offset, rhs", [
    (BINARY_PARTITIONS, 0, "u(n - 1) + u(floor(n/2))"),
    (STERN, 0, "Piecewise((u(floor(n/2)), Eq(Mod(n, 2), 0)), (u(floor(n/2) + 1) + u(floor(n/2)), True))"),
    (BINARY_LENGTH, 0, "Piecewise((u(floor(n/2)) + 1, Eq(Mod(n, 2), 0)), (u(n - 1), True))"),
    (JOSEPHUS[1:], 1, "Piecewise((2*u(floor(n/2)) - 1, Eq(Mod(n, 2), 0)), (2*u(floor(n/2)) + 1, True))"),
])
def test_halving_rules_are_found_and_continue(terms, offset, rhs):
    r = recurrence_guess(terms[:15], offset=offset)
    assert isinstance(r, BinaryRecurrence) and r.kind == "2-regular"
    assert str(r.rhs) == rhs
    assert r.predict(20) == terms[15:35]
    assert r.terms(offset, offset + 15) == terms[:15]


def test_result_is_picklable_and_reports_unbounded_order():
    import pickle
    r = recurrence_guess(BINARY_PARTITIONS[:15])
    again = pickle.loads(pickle.dumps(r))
    assert again == r and again.predict(5) == BINARY_PARTITIONS[15:20]
    assert str(r.order) == "oo" and r.as_dict()["order"] == "oo"
    assert r.closed_form() is None
    with pytest.raises(ValueError):
        r.as_sequence()
    assert "floor" in r._repr_latex_()


def test_rules_need_a_halved_index_and_offset_0_or_1():
    fib = [0, 1]
    while len(fib) < 15:
        fib.append(fib[-1] + fib[-2])
    assert not list(binary_rules(fib, 0))  # u(n-1) + u(n-2) has no halving feature
    assert not list(binary_rules(STERN[5:20], 5))


def test_no_halving_rule_in_random_lists():
    rng = random.Random(2)
    assert not any(verified_binary([rng.randint(0, 60) for _ in range(15)], 0) for _ in range(300))
