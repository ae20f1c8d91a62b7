"""Closed forms: exponential-polynomial fit for C-finite rules, rsolve under a time limit."""

import time
from math import comb

import sympy

from sympy_recur import Recurrence, recurrence_guess
from sympy_recur.closed_form import closed_form_of, exp_poly_candidate
from sympy_recur.symbols import n, u


def rec(rhs, initial, n_given=12, kind="c-finite"):
    return Recurrence(rhs, order=len(initial), initial=initial, offset=0, kind=kind,
                      source="test", complexity=1.0, n_given=n_given, n_checks=4)


def test_exp_poly_candidate_of_mersenne_recurrence():
    cand = exp_poly_candidate(rec(3 * u(n - 1) - 2 * u(n - 2), {0: 1, 1: 3}))
    assert cand is not None and cand.kind == "closed-form"
    assert sympy.simplify(cand.rhs - (2 ** (n + 1) - 1)) == 0
    assert cand.source == "test+exp-poly"


def test_exp_poly_candidate_with_polynomial_inhomogeneity():
    r = Recurrence(2 * u(n - 1) - n + 2, order=1, initial={0: 1}, offset=0, kind="c-finite",
                   source="t", complexity=1, n_given=12, n_checks=4)
    cand = exp_poly_candidate(r)
    assert sympy.simplify(cand.rhs - (2 ** n + n)) == 0


def test_exp_poly_candidate_with_a_repeated_root():
    cand = exp_poly_candidate(rec(4 * u(n - 1) - 4 * u(n - 2), {0: 0, 1: 2}))
    assert sympy.simplify(cand.rhs - n * 2 ** n) == 0


def test_exp_poly_candidate_is_none_for_irrational_roots():
    assert exp_poly_candidate(rec(u(n - 1) + u(n - 2), {0: 0, 1: 1})) is None


def test_exp_poly_candidate_is_none_for_non_c_finite_rules():
    r = Recurrence(n * u(n - 1), order=1, initial={0: 1}, offset=0, kind="hypergeometric",
                   source="t", complexity=1, n_given=12, n_checks=4)
    assert exp_poly_candidate(r) is None
    assert exp_poly_candidate(rec(n ** 2, {}, kind="closed-form")) is None


def test_closed_form_of_order_zero_is_the_rhs():
    assert closed_form_of(rec(n ** 2 + 1, {}, kind="closed-form")) == n ** 2 + 1


def test_closed_form_of_fibonacci_goes_through_rsolve_and_matches_binet():
    cf = closed_form_of(rec(u(n - 1) + u(n - 2), {0: 0, 1: 1}), time_limit=20.0)
    s5 = sympy.sqrt(5)
    binet = (((1 + s5) / 2) ** n - ((1 - s5) / 2) ** n) / s5
    assert sympy.simplify(cf - binet) == 0
    assert [sympy.expand(cf.subs(n, i)) for i in range(10)] == [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]


def test_closed_form_with_extra_initial_values_is_none():
    r = recurrence_guess([0, 0, 0] + [2 ** i for i in range(12)])
    assert r.closed_form() is None


def test_rsolve_time_limit_is_honoured():
    motzkin = [sum(comb(m, 2 * j) * comb(2 * j, j) // (j + 1) for j in range(m // 2 + 1))
               for m in range(14)]
    r = recurrence_guess(motzkin)
    assert r.kind == "p-recursive"
    t0 = time.monotonic()
    cf = r.closed_form(time_limit=0.3)
    assert time.monotonic() - t0 < 2.0
    assert cf is None or sympy.simplify(cf.subs(n, 5) - motzkin[5]) == 0
