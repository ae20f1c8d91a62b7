"""Decimal digits of a fraction, found from the simplest fraction their prefix allows."""

import itertools
import random
from fractions import Fraction

from sympy_recur import recurrence_guess
from sympy_recur.constants.relations import simplest_rational
from sympy_recur.guessers.rational_digits import digit_candidates
from sympy_recur.verify import verify


def digits(p, q, count):
    """Decimal digits of p/q after the point, by long division."""
    out, r = [], p % q
    for _ in range(count):
        r *= 10
        out.append(r // q)
        r %= q
    return out


def test_long_division_reference():
    assert digits(1, 7, 8) == [1, 4, 2, 8, 5, 7, 1, 4]


def test_one_seventeenth_has_a_period_longer_than_the_data():
    seq = digits(1, 17, 40)            # 0588235294117647, period 16
    r = recurrence_guess(seq[:15])
    assert r is not None and r.source == "digits:1/17"
    assert r.predict(25) == seq[15:]


def test_reciprocals_with_leading_zeros_and_offset():
    for q in (245, 319, 508, 988):
        seq = digits(1, q, 35)
        r = recurrence_guess(seq[:15], offset=1)
        assert r is not None and r.source == f"digits:1/{q}", q
        assert r.terms(1, 36) == seq


def test_simplest_rational_matches_brute_force():
    rng = random.Random(3)
    for _ in range(200):
        a, b = sorted(Fraction(rng.randint(0, 10 ** 4), rng.randint(1, 10 ** 3)) for _ in range(2))
        best = next(Fraction(p, q) for q in itertools.count(1)
                    for p in range(int(a * q), int(b * q) + 2) if a <= Fraction(p, q) <= b)
        assert simplest_rational(a, b) == best


def test_digits_of_irrationals_and_random_digits_do_not_verify():
    sqrt2 = [4, 1, 4, 2, 1, 3, 5, 6, 2, 3, 7, 3, 0, 9, 5]   # sqrt(2) = 1.414213562373095...
    pi = [1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3]
    rng = random.Random(8)
    lists = [sqrt2, pi] + [[rng.randint(0, 9) for _ in range(15)] for _ in range(300)]
    for seq in lists:
        for cand in digit_candidates(seq, 0):
            assert verify(cand, seq, 0) is None, seq


def test_non_digits_are_not_tried():
    assert not list(digit_candidates([1, 2, 13, 4, 5, 6], 0))
    assert not list(digit_candidates([3, 3, 3, 3, 3, 3], 0))


def test_thousands_of_digits_are_handled_quickly():
    # Regression: the simplest fraction was found by recursion, one level per
    # continued-fraction step: RecursionError on 3,000 random digits.
    import time
    rng = random.Random(1)
    seq = [rng.randint(0, 9) for _ in range(3000)]
    start = time.monotonic()
    for cand in digit_candidates(seq, 0):
        assert verify(cand, seq, 0) is None
    assert time.monotonic() - start < 5.0
    assert simplest_rational(Fraction(1, 3) - Fraction(1, 10 ** 3000), Fraction(1, 3)) == Fraction(1, 3)
