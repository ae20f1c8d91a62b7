import random
from fractions import Fraction

import sympy

from sympy_recur.guessers.euler import divisor_weights, euler_terms, inverse_euler


def test_partitions_have_exponents_one():
    assert inverse_euler([1, 1, 2, 3, 5, 7, 11, 15, 22, 30]) == [1] * 9


def test_round_trip_random_integer_exponents():
    rng = random.Random(3)
    for _ in range(50):
        a0 = rng.choice([1, 2, -3, Fraction(1, 2)])
        b = [rng.randint(-5, 5) for _ in range(12)]
        a = euler_terms(a0, b, 13)
        assert inverse_euler(a) == b


def test_euler_terms_match_the_product_series():
    x = sympy.Symbol("x")
    b = [1, 0, 2, -1, 3, 0, 1]
    product = sympy.Mul(*[(1 - x ** k) ** (-b[k - 1]) for k in range(1, 8)])
    series = sympy.Poly(sympy.series(product, x, 0, 8).removeO(), x)
    assert euler_terms(1, b, 8) == [series.coeff_monomial(x ** i) for i in range(8)]


def test_zero_first_term_has_no_product():
    assert inverse_euler([0, 1, 2, 3]) is None


def test_divisor_weights_are_sigma_for_constant_exponents():
    assert divisor_weights([1] * 12) == [int(sympy.divisor_sigma(k)) for k in range(1, 13)]


def _series_of_product(factors: dict, count: int) -> list:
    """Coefficients of prod_d f(x^d)^(-r_d), f(x) = prod_m (1 - x^m), by truncated series arithmetic."""
    a = [1] + [0] * (count - 1)
    for d, r in factors.items():
        for j in range(d, count, d):
            for _ in range(abs(r)):
                if r > 0:  # divide by (1 - x^j)
                    for i in range(j, count):
                        a[i] += a[i - j]
                else:  # multiply by (1 - x^j)
                    for i in range(count - 1, j - 1, -1):
                        a[i] -= a[i - j]
    return a


def test_divisor_sum_candidate_reads_a_theta_series():
    from sympy_recur.guessers.euler import divisor_sum_candidate
    theta = [0] * 16
    for m in range(-4, 5):
        if m * m < 16:
            theta[m * m] += 1
    cand = divisor_sum_candidate([int(v) for v in inverse_euler(theta)])
    from sympy_recur.symbols import n
    values = [cand.rhs.subs(n, k) for k in range(1, 15)]
    # theta_3 = f(x^2)^5 / (f(x)^2 f(x^4)^2): exponents 2 - 5 [2 | k] + 2 [4 | k]
    assert values == [2 - 5 * (k % 2 == 0) + 2 * (k % 4 == 0) for k in range(1, 15)]
    assert cand.n_params == 3


def test_divisor_sum_candidate_refuses_dense_or_late_factors():
    from sympy_recur.guessers.euler import divisor_sum_candidate
    rng = random.Random(5)
    assert divisor_sum_candidate([rng.randint(-3, 3) or 1 for _ in range(14)]) is None
    # one factor at d = 13 of 14 exponents would leave a single check after it
    assert divisor_sum_candidate([1] * 12 + [2, 1]) is None
    assert divisor_sum_candidate([1] * 14) is None  # plain partitions: the periodic rule's job


def test_eta_quotient_found_from_fifteen_terms_and_continued():
    from sympy_recur import recurrence_guess
    factors = {1: 2, 8: 2}  # b(k) = 2 + 2 [8 | k]: period 8, beyond the periodic rules tried
    terms = _series_of_product(factors, 30)
    rec = recurrence_guess(terms[:15], time_limit=20)
    assert rec is not None and rec.source == "euler->eta-quotient"
    assert rec.predict(15) == terms[15:]


def test_inverse_transforms_poll_the_deadline_on_long_inputs():
    # quadratic work on numbers of hundreds of digits: 400 terms take 0.2-0.5 s each
    import time

    import pytest

    from sympy_recur._deadline import Deadline, DeadlineExceeded
    from sympy_recur.guessers.euler import (inverse_exponential, inverse_reciprocal_exponential,
                                            reciprocal_exponential_terms)
    terms = reciprocal_exponential_terms(1, [-1] * 400, 400)  # Fubini numbers
    for inverse in (inverse_euler, inverse_exponential, inverse_reciprocal_exponential):
        start = time.monotonic()
        with pytest.raises(DeadlineExceeded):
            inverse(terms, Deadline(0.02))
        assert time.monotonic() - start < 0.1
    assert inverse_reciprocal_exponential(terms[:30], Deadline(10)) == [-1] * 29
