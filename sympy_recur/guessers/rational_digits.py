r"""Decimal digits of a fraction: ``u(n) = floor(p/q * 10**(n + s)) mod 10``.

Explanation
===========

The decimal expansion of ``p/q`` is eventually periodic, but its period is
the order of 10 modulo ``q`` (16 digits for ``1/17``, 42 for ``1/43``): far
longer than 15 terms can show, so neither a period nor a recurrence can be
read off them. The digits themselves pin the number down, though: the
terms ``d_0, ..., d_{L-1}`` say that ``0.d_0 d_1 ... d_{L-1}`` is the
expansion of some ``x`` in ``[N / 10**L, (N + 1) / 10**L)``, and the
simplest fraction in that interval (smallest denominator, found from the
continued fractions of its ends) is the only candidate worth checking.
A fraction whose digits take about as many bits to write as the data
(``5/40909009``) explains nothing: the verifier's description-length guard
rejects it, while ``1/245`` (13 bits for 15 digits) passes.

Limitations
===========

Base 10 only; the digits must all lie in ``0..9``, and ``|offset|`` be at
most ``MAX_OFFSET`` (the rule carries ``10**offset`` in its coefficient).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Iterator

import sympy

from ..candidate import Candidate
from ..constants.relations import simplest_rational
from ..ranking import integer_bits
from ..symbols import n

__all__ = ["digit_candidates"]

BASE = 10
MAX_OFFSET = 1000
FAMILY_BITS = 2.0  # choosing "digits of a fraction" among the closed-form families


def digit_candidates(terms: list, offset: int) -> Iterator[Candidate]:
    """Yield the digits rule of the simplest fraction whose expansion starts with ``terms``.

    Examples
    ========

    >>> from sympy_recur.guessers.rational_digits import digit_candidates
    >>> [c.source for c in digit_candidates([0, 5, 8, 8, 2, 3, 5, 2, 9, 4, 1, 1, 7, 6, 4], 0)]
    ['digits:1/17']
    """
    if not all(isinstance(t, int) and 0 <= t < BASE for t in terms) or len(set(terms)) < 2:
        return
    if abs(offset) > MAX_OFFSET:
        return
    L = len(terms)
    N = 0
    for d in terms:
        N = N * BASE + d
    # x lies in [N, N + 1) / BASE**L; a fraction with a denominator below
    # BASE**L in it lies at least BASE**-2L below the open end.
    x = simplest_rational(Fraction(N, BASE ** L), Fraction(N + 1, BASE ** L) - Fraction(1, BASE ** (2 * L)))
    if x == 0:
        return
    # u(offset) is the first digit after the point: floor(x * BASE) mod BASE.
    rhs = sympy.Mod(sympy.floor(sympy.Rational(x.numerator, x.denominator) * BASE ** (n - offset + 1)), BASE)
    yield Candidate(rhs=rhs, kind="closed-form", source=f"digits:{x.numerator}/{x.denominator}",
                    n_params=2,
                    fit_bits=integer_bits(x.numerator) + integer_bits(x.denominator) + FAMILY_BITS)
