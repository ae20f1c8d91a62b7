"""Functions of the digits of the index: n in another base, bijective digits, Nim-sums."""

import random

from sympy_recur import recurrence_guess
from sympy_recur.arithmetic import bitwise_xor, digits_value
from sympy_recur.guessers.digit_functions import index_digit_candidates
from sympy_recur.symbols import n
from sympy_recur.verify import verify


def digits_with_only(allowed, count):
    """Positive integers whose decimal digits all lie in ``allowed``, in order (brute force)."""
    out, k = [], 0
    while len(out) < count:
        k += 1
        if set(str(k)) <= set(allowed):
            out.append(k)
    return out


def test_numbers_with_digits_1_2_3_are_bijective_base_3():
    seq = digits_with_only("123", 40)          # 1, 2, 3, 11, 12, 13, 21, ...
    r = recurrence_guess(seq[:15], offset=1)
    assert r is not None and r.rhs == digits_value(n, 3, 10, 1)
    assert r.predict(25) == seq[15:]


def test_n_written_in_base_4_needs_two_carries():
    seq = [int("".join(str(d) for d in reversed(_base(k, 4))) or "0") for k in range(40)]
    r = recurrence_guess(seq[:15])
    assert r is not None and r.rhs == digits_value(n, 4, 10, 0)
    assert r.predict(25) == seq[15:]
    # 0..14 in base 8 carry once only: "0, ..., 7, 10, ..., 16" is also the
    # start of many lists of numbers with a property, so no rewrite is claimed.
    octal = [int(oct(k)[2:]) for k in range(15)]
    assert not list(index_digit_candidates(octal, 0))


def _base(k, b):
    out = []
    while k:
        out.append(k % b)
        k //= b
    return out


def test_nim_sum_with_a_constant_and_a_shift():
    seq = [k ^ 19 for k in range(1, 41)]
    r = recurrence_guess(seq[:15], offset=1)
    assert r is not None
    assert r.predict(25) == seq[15:]
    assert r.rhs in (bitwise_xor(n, 19),)


def test_digit_functions_evaluate_exactly():
    assert [digits_value(k, 2, 3, 0) for k in range(6)] == [0, 1, 3, 4, 9, 10]
    assert [digits_value(k, 2, 10, 1) for k in range(1, 7)] == [1, 2, 11, 12, 21, 22]
    assert bitwise_xor(12, 10) == 6
    assert digits_value(n, 2, 10, 0).subs(n, 5) == 101


def test_random_lists_are_not_digit_functions():
    rng = random.Random(4)
    for _ in range(300):
        seq = sorted(rng.sample(range(1, 200), 15))
        for cand in index_digit_candidates(seq, 0):
            assert verify(cand, seq, 0) is None
