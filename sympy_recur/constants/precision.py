"""Input to an exact rational plus an error bound: how much a number says.

A decimal string ``"1.6449340668"`` carries 11 significant digits; whether it
was rounded or truncated, the true value lies within one unit in the last
place (``ulp``) of it. Everything the search accepts is measured against
that bound, so this module decides how many digits a user's number tells.
"""

from __future__ import annotations

import decimal
import math
import numbers
from fractions import Fraction
from typing import Any

import mpmath
import sympy

from .._numbers import parse_decimal

__all__ = ["Measurement", "measure", "FLOAT_DIGITS"]

#: A Python float has 53 bits, 15.95 decimal digits; values computed in
#: floating point are usually off by a few ulps, so 16 digits with a
#: one-unit tolerance in the 16th is the honest reading.
FLOAT_DIGITS = 16


class Measurement:
    """A real number known to within ``tol``: ``|true - value| <= tol``.

    ``value`` and ``tol`` are exact ``Fraction`` objects; ``digits`` is the
    number of significant decimal digits the input carried (after any
    ``digits=`` override); ``exact`` is True for ints and rationals.
    """

    __slots__ = ("value", "tol", "digits", "exact")

    def __init__(self, value: Fraction, tol: Fraction, digits: int, exact: bool = False):
        object.__setattr__(self, "value", value)
        object.__setattr__(self, "tol", tol)
        object.__setattr__(self, "digits", digits)
        object.__setattr__(self, "exact", exact)

    def __setattr__(self, name, value):
        raise AttributeError("Measurement is immutable")

    def __repr__(self) -> str:
        return f"Measurement({self.value!r}, tol={self.tol!r}, digits={self.digits}, exact={self.exact})"

    @property
    def relative_digits(self) -> float:
        """``-log10(tol/|value|)``: the digits a chance match has to beat."""
        if self.exact or self.value == 0:
            return math.inf
        return _log10(abs(self.value)) - _log10(self.tol)


def _log10(q: Fraction) -> float:
    return math.log10(q.numerator) - math.log10(q.denominator)


def _exponent10(q: Fraction) -> int:
    """``floor(log10(|q|))`` for a nonzero rational, exactly."""
    q = abs(q)
    e = math.floor(_log10(q))
    # float log10 can be off by one at exact powers of ten; fix it exactly
    while Fraction(10) ** e > q:
        e -= 1
    while Fraction(10) ** (e + 1) <= q:
        e += 1
    return e


def _ulp(value: Fraction, digits: int) -> Fraction:
    if value == 0:
        return Fraction(10) ** (1 - digits)
    return Fraction(10) ** (_exponent10(value) - digits + 1)


def _check_digits(digits: Any) -> int | None:
    if digits is None:
        return None
    if isinstance(digits, bool) or not isinstance(digits, numbers.Integral):
        raise TypeError(f"digits must be a positive integer, got {type(digits).__name__} {digits!r}")
    if digits < 1:
        raise ValueError(f"digits must be a positive integer, got {digits}")
    return int(digits)


def _from_string(s: str) -> tuple[Fraction, int, Fraction]:
    dv = parse_decimal(s, "x")
    exponent = decimal.Decimal(s.strip().replace("_", "")).as_tuple().exponent
    return dv.value, dv.digits, Fraction(10) ** exponent


def _binary_value(mpf_value: Any, where: str) -> Fraction:
    man, exp = mpmath.mpf(mpf_value).man_exp
    if man == 0 and exp == 0 and not mpmath.mpf(mpf_value) == 0:
        raise ValueError(f"x is {where}; NaN and infinity cannot be identified")
    return Fraction(int(man)) * (Fraction(2) ** int(exp)) if exp >= 0 else Fraction(int(man), 2 ** int(-exp))


def measure(x: Any, digits: Any = None) -> Measurement:
    """Read ``x`` (and an optional ``digits`` override) as a :class:`Measurement`.

    Raises ``TypeError`` for objects that are not real numbers and
    ``ValueError`` for NaN, infinity and strings that are not decimals.
    """
    digits = _check_digits(digits)
    if x is None:
        raise TypeError("x is None; pass a decimal string such as '1.6449340668482264'")
    if isinstance(x, bool):
        raise TypeError(f"x is the bool {x!r}, not a number")
    if isinstance(x, (bytes, bytearray)):
        raise TypeError(f"x is bytes {x!r}; decode it to str first")
    if isinstance(x, complex) or isinstance(x, (mpmath.mpc,)) or (
            isinstance(x, sympy.Basic) and x.is_number and x.is_extended_real is False):
        raise TypeError(f"x is the complex number {x}; only real numbers can be identified")
    # exact inputs are returned as they are
    if isinstance(x, int) or isinstance(x, Fraction) or (isinstance(x, sympy.Basic) and x.is_Rational):
        value = Fraction(int(x)) if isinstance(x, int) else (
            x if isinstance(x, Fraction) else Fraction(int(x.p), int(x.q)))
        return Measurement(value, Fraction(0), digits or 0, exact=True)
    if isinstance(x, str):
        value, n, ulp = _from_string(x)
    elif isinstance(x, decimal.Decimal):
        if not x.is_finite():
            raise ValueError(f"x is {x!r}; NaN and infinity cannot be identified")
        value, n, ulp = _from_string(str(x))
    elif isinstance(x, float):
        if math.isnan(x) or math.isinf(x):
            raise ValueError(f"x is {x!r}; NaN and infinity cannot be identified")
        value, n = Fraction(x), FLOAT_DIGITS
        ulp = _ulp(value, n)
    elif isinstance(x, mpmath.mpf):
        if not mpmath.isfinite(x):
            raise ValueError(f"x is {x!r}; NaN and infinity cannot be identified")
        value, n = _binary_value(x, repr(x)), mpmath.mp.dps
        ulp = _ulp(value, n)
    elif isinstance(x, sympy.Float):
        if not x.is_finite:
            raise ValueError(f"x is {x}; NaN and infinity cannot be identified")
        value = _binary_value(x._to_mpmath(x._prec), str(x))
        n = mpmath.libmp.prec_to_dps(x._prec)
        ulp = _ulp(value, n)
    elif isinstance(x, sympy.Basic):
        if x in (sympy.nan, sympy.oo, -sympy.oo, sympy.zoo):
            raise ValueError(f"x is {x}; NaN and infinity cannot be identified")
        raise TypeError(f"x is the SymPy expression {x}; pass its decimal value (a string or Float), not a formula")
    else:
        raise TypeError(f"x has type {type(x).__name__}; pass a decimal string, Decimal, float, mpf or SymPy Float")
    if digits is not None:
        n, ulp = digits, _ulp(value, digits)
    return Measurement(value, ulp, n)
