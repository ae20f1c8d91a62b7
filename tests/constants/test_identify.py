import time

import mpmath
import pytest
import sympy
from hypothesis import HealthCheck, given, settings, strategies as st
from sympy import Catalan, E, CRootOf, log, pi, sqrt, symbols, zeta

from sympy_recur.constants import constant_identify, verify_candidates


@pytest.mark.parametrize("value, expected", [
    ("1.6449340668482264", pi**2 / 6),
    ("1.2020569031595942854", zeta(3)),
    ("0.69314718055994530942", log(2)),
    ("0.91596559417721901505", Catalan),
    ("2.4142135623730950488", 1 + sqrt(2)),
    ("23.140692632779269006", sympy.exp(pi)),
    ("3.3796429934631964159", pi * log(2) + zeta(3)),
    ("0.0714285714285714", sympy.Rational(1, 14)),
])
def test_known_constants(value, expected):
    # a generous limit: CI machines are shared, and this checks answers, not speed
    assert constant_identify(value, time_limit=60) == expected


def test_cos_pi_7_as_algebraic_number():
    x = symbols("x")
    found = constant_identify("0.90096886790241912624")
    assert found == CRootOf(8 * x**3 - 4 * x**2 - 4 * x + 1, 2)
    assert abs(sympy.N(found - sympy.cos(pi / 7), 30)) < 1e-25


@pytest.mark.parametrize("digits", [10, 15, 30, 60])
def test_same_constant_at_several_precisions(digits):
    with mpmath.workdps(digits + 10):
        s = mpmath.nstr(mpmath.pi**2 / 6, digits, strip_zeros=False)
    assert constant_identify(s) == pi**2 / 6


def test_ten_digits_identify_simple_and_refuse_ambitious():
    assert constant_identify("1.644934066") == pi**2 / 6
    # (17*zeta(3) - 13*pi*log(2))/11: ten digits cannot tell it from chance, twenty can
    assert constant_identify("-0.7157865291") is None
    assert constant_identify("-0.71578652911215680407", time_limit=60) == (17 * zeta(3) - 13 * pi * log(2)) / 11


def test_digits_override_refuses_what_too_few_digits_cannot_tell():
    assert constant_identify("-0.71578652911215680407", digits=10, time_limit=60) is None


def test_float_sympy_float_and_exact_inputs():
    assert constant_identify(1.6449340668482264) == pi**2 / 6
    assert constant_identify(sympy.Float("1.6449340668482264", 17)) == pi**2 / 6
    assert constant_identify(sympy.Rational(3, 7)) == sympy.Rational(3, 7)
    assert constant_identify(5) == 5
    assert constant_identify("0.000") == 0
    assert constant_identify("-1.6449340668482264") == -pi**2 / 6


@pytest.mark.parametrize("bad, exc, match", [
    ("", ValueError, "empty"),
    ("one point five", ValueError, "not a decimal"),
    ("inf", ValueError, "infinity"),
    (float("nan"), ValueError, "NaN"),
    (None, TypeError, "None"),
    (2j, TypeError, "complex"),
    (sympy.pi, TypeError, "formula"),
])
def test_bad_inputs(bad, exc, match):
    with pytest.raises(exc, match=match):
        constant_identify(bad)


@pytest.mark.parametrize("kwargs, exc, match", [
    ({"time_limit": 0}, ValueError, "time_limit"),
    ({"time_limit": "1"}, TypeError, "time_limit"),
    ({"all": 1}, TypeError, "all"),
    ({"digits": -3}, ValueError, "digits"),
])
def test_bad_options(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        constant_identify("1.5", **kwargs)


def test_time_limit_is_honoured():
    start = time.monotonic()
    constant_identify("0.123456789012345", time_limit=0.3)
    assert time.monotonic() - start < 0.3 + 0.75


def test_verify_candidates_is_the_hook_for_other_sources():
    found = verify_candidates("1.6449340668482264", [E, pi**2 / 6, pi**2 / 6 + sympy.Rational(1, 10**20)])
    assert [c.expr for c in found] == [pi**2 / 6]
    assert found[0].method == "model"
    # a formula that fits but is too complex for the digits is refused
    assert verify_candidates("1.64", [pi**2 / 6]) == []
    with pytest.raises(TypeError, match="not a SymPy expression"):
        verify_candidates("1.64", ["pi**2/6"])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.from_regex(r"-?[0-9]{1,3}\.[0-9]{0,16}(e-?[0-9])?", fullmatch=True))
def test_fuzz_random_decimal_strings(s):
    start = time.monotonic()
    result = constant_identify(s, time_limit=0.5)
    assert time.monotonic() - start < 0.5 + 0.75
    assert result is None or isinstance(result, sympy.Basic)
