"""The default constant basis that :func:`constant_identify` searches.

Each entry is a named SymPy constant with the *roles* it plays in the search:

``linear``
    may appear in a rational-linear combination ``x = (a + b*c1 + d*c2)/q``
    and in a linear-fractional form ``x = (a + b*c)/(d + e*c)``;
``product``
    its logarithm may appear in a multiplicative relation
    ``x = r * 2^a * 3^b * 5^c * 7^d * e^f * c1^g ...`` with rational exponents;
``exponent``
    may appear linearly in the exponent of such a product (``exp(pi/4)``);
``monomial``
    ``x / c^k`` is tried as a rational or quadratic irrational.

The default basis was chosen to cover the constants that recur in tables of
mathematical constants (powers of pi, zeta values, logarithms of small
primes and of fundamental units, Catalan's and Euler's constants, Gamma at
quarters and thirds); it contains no individual target constant.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable

import mpmath
import sympy
from sympy import E, Catalan, EulerGamma, GoldenRatio, Rational, gamma, log, pi, sqrt, zeta

__all__ = ["BasisConstant", "DEFAULT_CONSTANTS", "PRIME_LOGS", "resolve_constants", "numeric_value"]


class BasisConstant:
    """One constant of the search basis: a SymPy expression and its roles."""

    __slots__ = ("expr", "roles")

    def __init__(self, expr: sympy.Expr, roles: Iterable[str] = ("linear",)):
        object.__setattr__(self, "expr", expr)
        object.__setattr__(self, "roles", frozenset(roles))

    def __setattr__(self, name, value):
        raise AttributeError("BasisConstant is immutable")

    def __repr__(self) -> str:
        return f"BasisConstant({sympy.sstr(self.expr)}, roles={sorted(self.roles)})"

    def __eq__(self, other):
        return isinstance(other, BasisConstant) and (self.expr, self.roles) == (other.expr, other.roles)

    def __hash__(self):
        return hash((self.expr, self.roles))


_L, _P, _X, _M = "linear", "product", "exponent", "monomial"

#: The default basis, most useful first (the searches that try pairs of
#: constants spend their time budget in this order).
DEFAULT_CONSTANTS: tuple[BasisConstant, ...] = (
    BasisConstant(pi, (_L, _P, _X, _M)),
    BasisConstant(pi**2, (_L,)),
    BasisConstant(1 / pi, (_L,)),
    BasisConstant(1 / pi**2, (_L,)),
    BasisConstant(E, (_L, _P, _M)),
    BasisConstant(1 / E, (_L,)),
    BasisConstant(log(2), (_L, _P, _M)),
    BasisConstant(log(3), (_L,)),
    BasisConstant(sqrt(2), (_L,)),
    BasisConstant(sqrt(3), (_L,)),
    BasisConstant(sqrt(5), (_L,)),
    BasisConstant(zeta(3), (_L, _P, _M)),
    BasisConstant(Catalan, (_L, _P, _M)),
    BasisConstant(EulerGamma, (_L, _P, _M)),
    BasisConstant(pi**3, (_L,)),
    BasisConstant(log(GoldenRatio), (_L,)),
    BasisConstant(log(1 + sqrt(2)), (_L,)),
    BasisConstant(pi * log(2), (_L,)),
    BasisConstant(log(2) ** 2, (_L,)),
    BasisConstant(pi * sqrt(3), (_L,)),
    BasisConstant(E**2, (_L,)),
    BasisConstant(log(5), (_L,)),
    BasisConstant(zeta(5), (_L, _P)),
    BasisConstant(pi**4, (_L,)),
    BasisConstant(GoldenRatio, (_P,)),
    BasisConstant(1 + sqrt(2), (_P,)),
    BasisConstant(gamma(Rational(1, 4)), (_P, _M)),
    BasisConstant(gamma(Rational(1, 3)), (_P,)),
)

#: Logarithms of small primes: always part of the multiplicative search,
#: whatever ``constants`` says, because they are arithmetic, not constants.
PRIME_LOGS: tuple[int, ...] = (2, 3, 5, 7)


def resolve_constants(constants: Any) -> tuple[BasisConstant, ...]:
    """Validate the user's ``constants`` argument and return a basis.

    ``None`` gives :data:`DEFAULT_CONSTANTS`. Otherwise pass an iterable of
    SymPy constant expressions (each gets the ``linear`` and ``product``
    roles) or of :class:`BasisConstant` objects, or a dict whose values are
    such expressions (the keys are ignored; they exist for symmetry with
    ``mpmath.identify``).
    """
    if constants is None:
        return DEFAULT_CONSTANTS
    if isinstance(constants, (str, bytes)):
        raise TypeError(f"constants must be a collection of SymPy expressions, got the string {constants!r}")
    if isinstance(constants, dict):
        constants = list(constants.values())
    try:
        items = list(constants)
    except TypeError:
        raise TypeError(f"constants must be a collection of SymPy expressions, got {type(constants).__name__}") from None
    out = []
    for c in items:
        if isinstance(c, BasisConstant):
            out.append(c)
            continue
        if isinstance(c, str):
            raise TypeError(f"constants entry {c!r} is a string; pass SymPy expressions such as sympy.pi (strings are never evaluated)")
        if not isinstance(c, sympy.Basic):
            raise TypeError(f"constants entry {c!r} has type {type(c).__name__}, not a SymPy expression")
        if c.free_symbols:
            raise ValueError(f"constants entry {c} has free symbols {sorted(map(str, c.free_symbols))}")
        value = c.evalf(30)
        if not value.is_real or not value.is_finite or value == 0:
            raise ValueError(f"constants entry {c} is not a finite nonzero real number (value {value})")
        if c.is_Rational:
            continue  # rationals are always available; a duplicate only adds chance matches
        out.append(BasisConstant(c, (_L, _P)))
    return tuple(out)


@lru_cache(maxsize=4096)
def numeric_value(expr: sympy.Expr, dps: int) -> mpmath.mpf:
    """``expr`` as an mpmath number correct to ``dps`` digits (cached)."""
    value = expr.evalf(dps + 5)
    with mpmath.workdps(dps + 5):
        return mpmath.mpf(value._to_mpmath(mpmath.mp.prec))
