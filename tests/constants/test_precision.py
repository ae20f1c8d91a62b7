import decimal
from fractions import Fraction

import mpmath
import pytest
import sympy

from sympy_recur.constants.precision import FLOAT_DIGITS, measure


def test_decimal_string_digits_and_tolerance():
    m = measure("1.500")
    assert (m.value, m.digits, m.tol) == (Fraction(3, 2), 4, Fraction(1, 1000))
    m = measure("0.0714285714285714")
    assert m.digits == 15 and m.tol == Fraction(1, 10**16)
    assert measure("-2.5e-3").value == Fraction(-1, 400)


def test_digits_override():
    m = measure("3.14159265358979", digits=5)
    assert m.digits == 5 and m.tol == Fraction(1, 10**4)


@pytest.mark.parametrize("x, digits", [
    (1.6449340668482264, FLOAT_DIGITS),
    (sympy.Float("1.6449340668482264", 30), 30),
    (decimal.Decimal("1.64493406684822643647"), 21),
])
def test_other_input_kinds(x, digits):
    m = measure(x)
    assert m.digits == digits
    assert abs(float(m.value) - 1.6449340668482264) < 1e-15


def test_mpf_uses_working_precision():
    with mpmath.workdps(25):
        m = measure(mpmath.mpf(1) / 3)
    assert m.digits == 25


def test_exact_inputs():
    assert measure(3).exact and measure(sympy.Rational(1, 3)).value == Fraction(1, 3)


@pytest.mark.parametrize("bad, exc, match", [
    ("", ValueError, "empty"),
    ("abc", ValueError, "not a decimal"),
    ("nan", ValueError, "NaN"),
    (float("inf"), ValueError, "NaN and infinity"),
    (decimal.Decimal("NaN"), ValueError, "NaN"),
    (None, TypeError, "None"),
    (1 + 2j, TypeError, "complex"),
    (True, TypeError, "bool"),
    ([1.5], TypeError, "list"),
    (sympy.pi, TypeError, "not a formula"),
])
def test_bad_inputs(bad, exc, match):
    with pytest.raises(exc, match=match):
        measure(bad)


@pytest.mark.parametrize("digits, exc", [(0, ValueError), (2.5, TypeError), (True, TypeError)])
def test_bad_digits(digits, exc):
    with pytest.raises(exc, match="digits"):
        measure("1.5", digits)
