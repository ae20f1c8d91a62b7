"""Input normalisation: to_exact, exact_terms, parse_decimal."""

import decimal
from fractions import Fraction

import numpy as np
import pytest
import sympy

from sympy_recur._numbers import exact_terms, parse_decimal, to_exact

from .sage_standins import HasSympy, SageLikeInteger, SageLikeRational


class BrokenSympy:
    def _sympy_(self):
        raise RuntimeError("nope")


@pytest.mark.parametrize("x, expected", [
    (7, 7),
    (-(10 ** 50), -(10 ** 50)),
    (Fraction(6, 3), 2),
    (Fraction(2, 3), Fraction(2, 3)),
    (np.int64(5), 5),
    (np.uint8(200), 200),
    (sympy.Integer(9), 9),
    (sympy.Rational(-2, 6), Fraction(-1, 3)),
    (decimal.Decimal("1.25"), Fraction(5, 4)),
    ("3", 3),
    (" -12 ", -12),
    ("1_000", 1000),
    ("2/3", Fraction(2, 3)),
    ("4 / 2", 2),
    ("0.5", Fraction(1, 2)),
    ("1e3", 1000),
    (SageLikeInteger(11), 11),
    (SageLikeRational(3, 4), Fraction(3, 4)),
    (SageLikeRational(8, 4), 2),
    (HasSympy(sympy.Rational(5, 7)), Fraction(5, 7)),
])
def test_to_exact_accepts_exact_numbers(x, expected):
    v = to_exact(x)
    assert v == expected
    assert type(v) is (int if Fraction(expected).denominator == 1 else Fraction)


@pytest.mark.parametrize("x, exc, match", [
    (True, TypeError, "bool"),
    (1.0, TypeError, "floats are not exact"),
    (np.float64(2.0), TypeError, "floats are not exact"),
    (float("nan"), ValueError, "NaN and infinity"),
    (float("-inf"), ValueError, "NaN and infinity"),
    (np.float64("nan"), ValueError, "NaN and infinity"),
    (decimal.Decimal("Infinity"), ValueError, "NaN and infinity"),
    (sympy.nan, ValueError, "NaN and infinity"),
    (sympy.zoo, ValueError, "NaN and infinity"),
    (sympy.Float("1.5"), TypeError, "SymPy Float"),
    (sympy.Symbol("x"), TypeError, "SymPy expression"),
    ("abc", ValueError, "not an integer, p/q or decimal"),
    ("", ValueError, "not an integer"),
    ("inf", ValueError, "NaN and infinity"),
    ("3/0", ValueError, "denominator 0"),
    (b"3", TypeError, "bytes"),
    (1 + 2j, TypeError, "complex"),
    (None, TypeError, "None"),
    ([1], TypeError, "nested"),
    ({"a": 1}, TypeError, "nested"),
    (object(), TypeError, "not an exact number"),
    (SageLikeRational(1, 0), ValueError, "denominator 0"),
    (BrokenSympy(), TypeError, "could not be converted"),
])
def test_to_exact_rejects_inexact_or_non_numbers(x, exc, match):
    with pytest.raises(exc, match=match):
        to_exact(x)


def test_error_messages_name_the_position():
    with pytest.raises(TypeError, match=r"seq\[2\] is the float"):
        exact_terms([1, 2, 3.5, 4])


def test_exact_terms_converts_numpy_arrays_via_tolist():
    arr = np.array([10 ** 18, -5, 0], dtype=np.int64)
    out = exact_terms(arr)
    assert out == [10 ** 18, -5, 0] and all(type(x) is int for x in out)


def test_exact_terms_rejects_float_arrays():
    with pytest.raises(TypeError, match="floats are not exact"):
        exact_terms(np.array([1.0, 2.0]))


@pytest.mark.parametrize("seq, exc, match", [
    (None, TypeError, "None"),
    ("123", TypeError, "str"),
    (b"123", TypeError, "bytes"),
    ({1: 2}, TypeError, "dict"),
    (5, TypeError, "iterable"),
    (np.zeros((2, 2), dtype=int), TypeError, "one-dimensional"),
])
def test_exact_terms_rejects_non_sequences(seq, exc, match):
    with pytest.raises(exc, match=match):
        exact_terms(seq)


def test_exact_terms_min_terms():
    assert exact_terms([1, 2], min_terms=2) == [1, 2]
    with pytest.raises(ValueError, match="need at least 3 terms, got 2"):
        exact_terms([1, 2], min_terms=3)


@pytest.mark.parametrize("s, value, digits", [
    ("3.14159", Fraction(314159, 100000), 6),
    ("-1.2345e-3", Fraction(-12345, 10 ** 7), 5),
    ("0.00120", Fraction(12, 10000), 3),
    ("1.500", Fraction(3, 2), 4),
    ("42", 42, 2),
    ("0", 0, 1),
    (" 2_000.5 ", Fraction(4001, 2), 5),
])
def test_parse_decimal_value_and_significant_digits(s, value, digits):
    d = parse_decimal(s)
    assert d.value == value and d.digits == digits
    assert "digits=" in repr(d)


@pytest.mark.parametrize("s, exc, match", [
    (1.5, TypeError, "must be a str"),
    ("", ValueError, "empty string"),
    ("   ", ValueError, "empty string"),
    ("nan", ValueError, "NaN and infinity"),
    ("-Infinity", ValueError, "NaN and infinity"),
    ("1.2.3", ValueError, "not a decimal number"),
    ("pi", ValueError, "not a decimal number"),
    (".", ValueError, "not a decimal number"),
])
def test_parse_decimal_rejects_bad_strings(s, exc, match):
    with pytest.raises(exc, match=match):
        parse_decimal(s)
