"""Lists of numbers by a digit statistic, against brute force on strings."""

import random

import numpy as np
import pytest
from sympy.ntheory.digits import digits as sympy_digits

from sympy_recur.arithmetic import digit_count
from sympy_recur.guessers.digit_lists import digit_counts, digit_members, digit_rules, digit_statistic
from sympy_recur.guessers.number_lists import members
from itertools import islice


def count(x, b, d):
    return sympy_digits(x, b)[1:].count(d)


def test_digit_counts_match_sympy_digits():
    X = np.arange(0, 300)
    for b in (2, 3, 7, 10):
        C = digit_counts(X, b)
        assert all(C[d, x] == count(x, b, d) for x in range(300) for d in range(b))
    assert digit_count(0, 2, 0) == 1 and digit_count(255, 4, 3) == 4


@pytest.mark.parametrize("b, kind, d1, d2, c, pred", [
    (10, "count", 8, 0, 1, lambda x: str(x).count("8") == 1),
    (9, "count", 5, 0, 1, lambda x: count(x, 9, 5) == 1),
    (10, "sum", 0, 0, 6, lambda x: sum(map(int, str(x))) == 6),
    (2, "difference", 1, 0, 2, lambda x: count(x, 2, 1) - count(x, 2, 0) == 2),
])
def test_lists_by_one_statistic_are_found_and_continued(b, kind, d1, d2, c, pred):
    seq = [x for x in range(0, 20000) if pred(x)][:30]
    rule = digit_rules(seq[:15])[0]
    assert rule.family == "digits" and rule.params == (b, kind, d1, d2, c)
    assert list(islice(members(rule), 30)) == seq
    assert all(digit_statistic(x, rule.params) == c for x in seq)


@pytest.mark.parametrize("b", [2, 3, 7, 10])
def test_digit_members_are_every_number_with_the_statistic(b):
    from itertools import takewhile
    keys = [(b, "count", d, 0) for d in range(b)] + [(b, "difference", 1, 0), (b, "difference", 0, b - 1)]
    keys += [(10, "sum", 0, 0)] if b == 10 else []
    for key in keys:
        for c in range(-1, 4):
            params = key + (c,)
            for start in (0, 1):
                listed = list(takewhile(lambda x: x <= 3000, digit_members(params, start)))
                assert listed == [x for x in range(start, 3001) if digit_statistic(x, params) == c], params


def test_sparse_digit_lists_are_continued_far_and_finite_ones_end():
    # one digit 1 in base 2: the powers of 2, member 200 near 2^200
    powers = list(islice(digit_members((2, "count", 1, 0, 1), 1), 200))
    assert powers == [2 ** i for i in range(200)]
    assert list(digit_members((10, "sum", 0, 0, 0))) == [0]


def test_two_conditions_are_not_passed_off_as_a_difference():
    # no 0's and exactly one 3 in base 5: count3 - count0 = 1 on the first
    # members, but the difference is never exercised there
    seq = [x for x in range(1, 5000) if count(x, 5, 0) == 0 and count(x, 5, 3) == 1][:15]
    assert all(r.params[1] != "difference" for r in digit_rules(seq))


def test_random_increasing_lists_are_not_explained():
    rng = random.Random(2)
    hits = sum(bool(digit_rules(sorted(rng.sample(range(400), 15)))) for _ in range(100))
    assert hits == 0


def test_not_increasing_or_too_large_gives_nothing():
    assert digit_rules([3, 2, 5, 8, 9]) == []
    assert digit_rules([10 ** 9 + i for i in range(15)]) == []
