"""Continued fractions of cube and higher roots: quotients and convergents from one number D."""

import random

import mpmath

from sympy_recur import recurrence_guess
from sympy_recur.arithmetic import root_quotient, root_quotients
from sympy_recur.guessers.root_continued_fraction import root_candidates
from sympy_recur.verify import verify


def reference_quotients(D, q, count):
    """Quotients of D**(1/q) from a 60-digit mpmath value (independent of the exact code)."""
    with mpmath.workdps(60):
        x = mpmath.root(D, q)
        out = []
        for _ in range(count):
            a = int(mpmath.floor(x))
            out.append(a)
            x = 1 / (x - a)
    return out


def convergents(quotients, first):
    out, a, b = [], *first
    for c in quotients:
        a, b = c * a + b, a
        out.append(a)
    return out


def test_exact_quotients_agree_with_high_precision():
    for D, q in [(2, 3), (34, 3), (100, 3), (7, 4), (3, 5)]:
        assert root_quotients(D, q, 25) == reference_quotients(D, q, 25)
    assert root_quotient(9, 34, 3) == reference_quotients(34, 3, 10)[9]


def test_quotients_of_the_cube_root_of_34():
    seq = reference_quotients(34, 3, 30)
    r = recurrence_guess(seq[:15])
    assert r is not None and r.source == "continued-fraction:root(34,3)"
    assert r.predict(15) == seq[15:]


def test_numerators_and_denominators_of_the_cube_root_of_6():
    quotients = reference_quotients(6, 3, 30)
    numerators = convergents(quotients, (1, 0))
    denominators = convergents(quotients, (0, 1))
    for seq in (numerators, denominators):
        r = recurrence_guess(seq[:15])
        assert r is not None and r.source == "continued-fraction:root(6,3)", seq[:5]
        assert r.predict(15) == seq[15:]


def test_random_quotients_are_no_root():
    rng = random.Random(9)
    for _ in range(200):
        seq = [rng.randint(1, 12)] + [rng.randint(1, 9) for _ in range(14)]
        for cand in root_candidates(seq, 0):
            assert verify(cand, seq, 0) is None
        conv = convergents(seq, (1, 0))
        for cand in root_candidates(conv, 0):
            assert verify(cand, conv, 0) is None


def test_long_quotient_lists_are_rejected_quickly():
    # Regression: a D whose first two quotients matched was expanded to the
    # full length of the data at once: 50 s for 5,000 random quotients.
    import time
    rng = random.Random(1)
    seq = [5] + [rng.randint(1, 9) for _ in range(5000)]
    start = time.monotonic()
    assert not list(root_candidates(seq, 0))
    assert time.monotonic() - start < 3.0
