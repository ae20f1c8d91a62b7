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
