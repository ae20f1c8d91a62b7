"""Simplicity of a verified candidate, as a description length in bits.

Among candidates that all reproduce the data, the one that takes the fewest
bits to write down (operators, leaves, the digits of its coefficients and of
its initial values) is the most credible (Occam / minimum description
length). Bits are a common currency for a closed form with no initial values
and a recurrence with several.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Iterable

import sympy
from sympy.core.function import AppliedUndef

__all__ = ["description_length", "integer_bits"]

OPERATOR_BITS = 4.0   # ~16 operators to choose from
LEAF_BITS = 3.0       # n, u(n - j), small constants...


def integer_bits(x: int | Fraction) -> float:
    """Bits to write a rational: sign plus numerator and denominator digits."""
    if isinstance(x, Fraction):
        return 1.0 + math.log2(abs(x.numerator) + 1) + math.log2(x.denominator)
    return 1.0 + math.log2(abs(x) + 1)


def _expr_bits(e: sympy.Basic) -> float:
    if e.is_Integer:
        return integer_bits(int(e))
    if e.is_Rational:
        return integer_bits(Fraction(int(e.p), int(e.q)))
    if e.is_Symbol or e.is_NumberSymbol:
        return LEAF_BITS
    if isinstance(e, AppliedUndef):
        lag = e.args[0].as_coeff_Add()[0]
        return LEAF_BITS + math.log2(abs(int(lag)) + 1) if lag.is_Integer else LEAF_BITS
    # An n-ary Add/Mul with k arguments is k-1 binary operators.
    ops = max(len(e.args) - 1, 1) if (e.is_Add or e.is_Mul) else 1
    return OPERATOR_BITS * ops + sum(_expr_bits(a) for a in e.args)


def description_length(rhs: sympy.Expr, initial_values: Iterable[int | Fraction] = ()) -> float:
    """Bits to describe ``u(n) = rhs`` with the given initial values.

    Examples
    ========

    >>> from sympy_recur.symbols import n, u
    >>> from sympy_recur.ranking import description_length
    >>> description_length(n**2) < description_length(2*u(n-1) - u(n-2) + 2, [0, 1])
    True
    """
    return _expr_bits(rhs) + sum(integer_bits(v) for v in initial_values)
