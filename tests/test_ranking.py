"""Description length in bits: the simplest verified rule wins."""

import math
from fractions import Fraction

import pytest
import sympy

from sympy_recur.ranking import LEAF_BITS, OPERATOR_BITS, description_length, integer_bits
from sympy_recur.symbols import n, u


@pytest.mark.parametrize("x, bits", [
    (0, 1.0),
    (1, 2.0),
    (-1, 2.0),
    (3, 3.0),
    (Fraction(1, 2), 3.0),
    (Fraction(-3, 4), 1.0 + 2.0 + 2.0),
])
def test_integer_bits_values(x, bits):
    assert integer_bits(x) == pytest.approx(bits)


def test_integer_bits_grows_with_size():
    assert integer_bits(10 ** 6) < integer_bits(10 ** 12)
    assert integer_bits(2 ** 64 - 1) == pytest.approx(65.0)


def test_leaves_and_operators():
    assert description_length(n) == LEAF_BITS
    assert description_length(u(n - 1)) == pytest.approx(LEAF_BITS + 1.0)
    assert description_length(u(n - 3)) == pytest.approx(LEAF_BITS + 2.0)
    assert description_length(n + u(n - 1)) == pytest.approx(OPERATOR_BITS + LEAF_BITS + LEAF_BITS + 1.0)
    assert description_length(sympy.pi) == LEAF_BITS


def test_initial_values_add_their_bits():
    rhs = u(n - 1) + u(n - 2)
    assert description_length(rhs, [0, 1]) == pytest.approx(description_length(rhs) + 1.0 + 2.0)


def test_docstring_example_closed_form_beats_its_recurrence():
    assert description_length(n ** 2) < description_length(2 * u(n - 1) - u(n - 2) + 2, [0, 1])


def test_bigger_coefficients_cost_more():
    assert description_length(2 * n) < description_length(1000 * n)
    assert description_length(n / 2) < description_length(n / 1001)


def test_n_ary_sums_count_as_binary_operators():
    three = description_length(n + u(n - 1) + u(n - 2))
    two = description_length(n + u(n - 1))
    assert three - two == pytest.approx(OPERATOR_BITS + description_length(u(n - 2)))


def test_bits_are_finite_for_functions_and_rationals():
    e = sympy.factorial(n) + sympy.Rational(3, 7) * sympy.binomial(2 * n, n)
    assert math.isfinite(description_length(e)) and description_length(e) > 0
