"""Continued-fraction convergents: u(n) = a(n) u(n-1) + u(n-2) with periodic partial quotients."""

import random

from sympy_recur import recurrence_guess
from sympy_recur.arithmetic import periodic_term
from sympy_recur.guessers.continued_fraction import MIN_REPEATS, convergent_candidates, partial_quotients
from sympy_recur.symbols import n, u


def convergents(quotients, count, first=(1, 0)):
    """Numerators of the convergents [q0; q1, q2, ...] (first = (p_{-1}, p_{-2}))."""
    out, a, b = [], *first
    for i in range(count):
        a, b = quotients(i) * a + b, a
        out.append(a)
    return out


def sqrt_quotients(period, a0):
    return lambda i: a0 if i == 0 else period[(i - 1) % len(period)]


def test_convergents_to_sqrt13_are_found_with_their_period():
    # sqrt(13) = [3; 1, 1, 1, 1, 6]: numerators 3, 4, 7, 11, 18, 119, ...
    seq = convergents(sqrt_quotients([1, 1, 1, 1, 6], 3), 30)
    r = recurrence_guess(seq[:15])
    assert r is not None and r.source == "continued-fraction:sqrt(13)"
    assert r.predict(15) == seq[15:]
    assert r.order == 2 and r.kind == "p-recursive"
    # a(n) = q_n = period[(n - 1) mod 5] for n >= 2, written as c[n mod 5]
    assert r.rhs == periodic_term(n, 6, 1, 1, 1, 1) * u(n - 1) + u(n - 2)
    assert r.initial == {u(0): 3, u(1): 4}


def test_a_period_read_off_the_data_when_no_square_root_fits():
    # [2; 1, 3, 1, 5, 2, 4, 1, 3, ...] is a quadratic irrational but no sqrt(D).
    seq = convergents(sqrt_quotients([1, 3, 1, 5, 2, 4], 2), 30)
    r = recurrence_guess(seq[:15])
    assert r is not None and r.source == "continued-fraction:period6"
    assert r.predict(15) == seq[15:]


def test_denominators_with_an_offset_and_a_preperiod():
    # Denominators of sqrt(19) = [4; 2, 1, 3, 1, 2, 8]: 1, 2, 3, 11, 14, 39, 326, ...
    seq = convergents(sqrt_quotients([2, 1, 3, 1, 2, 8], 4), 32, first=(0, 1))
    r = recurrence_guess(seq[:15], offset=1)
    assert r is not None and r.source.startswith("continued-fraction")
    assert r.predict(12) == seq[15:27]
    assert r.terms(1, 16) == seq[:15]


def test_quotients_must_be_positive_integers():
    assert partial_quotients([1, 1, 2, 3, 5, 8]) == [1, 1, 1, 1]
    assert partial_quotients([1, 2, 2, 3]) is None        # (2 - 1) / 2 is not an integer
    assert partial_quotients([1, 1, 1, 0, 1]) is None      # quotient 0
    assert partial_quotients([1, 0, 1]) is None            # division by zero


def test_too_few_repeats_of_the_period_give_nothing():
    period = [1, 2, 1, 5, 7, 3, 9, 4, 2]
    seq = convergents(lambda i: period[i % len(period)], 2 + len(period) + MIN_REPEATS)
    assert list(convergent_candidates(seq, 0))
    assert not list(convergent_candidates(seq[:-1], 0))


def test_random_positive_quotient_sequences_do_not_fit():
    rng = random.Random(5)
    hits = 0
    for _ in range(300):
        seq = convergents(lambda i, q=[rng.randint(1, 9) for _ in range(20)]: q[i], 15)
        hits += bool(list(convergent_candidates(seq, 0)))
    assert hits == 0


def _sympy_sqrt_cf(D, count):
    """The first ``count`` quotients of sqrt(D), from SymPy (an independent reference)."""
    from sympy import continued_fraction_periodic
    a0, period = continued_fraction_periodic(0, 1, D)
    return [a0] + [period[i % len(period)] for i in range(count - 1)]


def test_sqrt_quotients_agree_with_sympy():
    from itertools import islice
    from sympy_recur.guessers.continued_fraction import sqrt_quotients as ours
    for D in [2, 3, 13, 19, 43, 61, 94, 172, 313, 821, 991]:
        assert list(islice(ours(D), 40)) == _sympy_sqrt_cf(D, 40)


def test_numerators_for_sqrt61_need_one_number_not_three_periods():
    # sqrt(61) = [7; 1, 4, 3, 1, 2, 2, 1, 3, 4, 1, 14]: period 11, seen once in 15 terms.
    q = _sympy_sqrt_cf(61, 40)
    seq = convergents(lambda i: q[i], 30)
    assert not list(convergent_candidates(seq[:15], 0))
    r = recurrence_guess(seq[:15])
    assert r is not None and r.source == "continued-fraction:sqrt(61)"
    assert r.predict(15) == seq[15:]


def test_denominators_whose_largest_quotient_is_not_shown_yet():
    # sqrt(172) = [13; 8, 1, 2, 2, 1, 1, 3, 6, 3, 1, 1, 2, 2, 1, 8, 26]: the 26 that
    # closes the period lies beyond 15 terms, and a period of 9 read off the data
    # would be wrong; the denominators 1, 8, 9, ... still determine D.
    q = _sympy_sqrt_cf(172, 40)
    seq = convergents(lambda i: q[i + 1], 30, first=(1, 0))  # k_0 = 1, k_1 = a_1, ...
    seq = [1] + seq[:-1]
    r = recurrence_guess(seq[:15])
    assert r is not None and r.source == "continued-fraction:sqrt(172)"
    assert r.predict(15) == seq[15:]


def test_quotients_of_sqrt43_as_a_periodic_closed_form():
    q = _sympy_sqrt_cf(43, 40)   # [6; 1, 1, 3, 1, 5, 1, 3, 1, 1, 12]
    r = recurrence_guess(q[:15], offset=1)
    assert r is not None and r.source == "continued-fraction:sqrt(43)"
    assert r.initial == {u(1): 6}
    assert r.predict(25) == q[15:]


def test_random_positive_sequences_are_not_square_roots():
    from sympy_recur.guessers.continued_fraction import sqrt_candidates
    rng = random.Random(11)
    hits = 0
    for _ in range(300):
        first = rng.randint(1, 40)
        quotients = [rng.randint(1, 2 * first) for _ in range(20)]
        hits += bool(list(sqrt_candidates([first] + quotients[:14], 0)))
        seq = convergents(lambda i: ([first] + quotients)[i], 15)
        hits += bool(list(sqrt_candidates(seq, 0)))
    assert hits == 0
