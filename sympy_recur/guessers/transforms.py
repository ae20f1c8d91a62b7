"""Transforms that bring more sequences within reach, mapped back exactly.

Explanation
===========

A transform turns the terms ``a`` into terms ``b`` (ratios ``a(n)/a(n-1)``,
differences ``a(n) - a(n-1)``, ``a(n)/n!``) and knows how to turn a rule for
``b`` back into a rule for ``a`` by substitution: if ``b(n) = F(n, b(n-1),
...)`` then, for ratios, ``a(n) = a(n-1) * F(n, a(n-1)/a(n-2), ...)``. The
mapped rule is an ordinary candidate, verified on the original terms like
any other, so a transform can widen the search but never weaken the check.

Examples: ``2**(n**2)`` (ratios are C-finite), superfactorials (ratios are
hypergeometric), ``n! * (n**2 + 1)`` (``a/n!`` is a polynomial).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import factorial
from typing import Callable

import sympy

from ..candidate import Candidate, classify
from ..evaluate import lags_of
from ..symbols import n, u

__all__ = ["Transform", "TRANSFORMS", "map_back"]

TRANSFORM_BITS = 2.0  # choosing one of the transforms below


def _ratios(terms: list, offset: int) -> list | None:
    if any(t == 0 for t in terms[:-1]):
        return None
    return [Fraction(terms[i]) / terms[i - 1] for i in range(1, len(terms))]


def _differences(terms: list, offset: int) -> list | None:
    return [terms[i] - terms[i - 1] for i in range(1, len(terms))]


# Beyond this index n! has thousands of digits and computing it costs more
# than any rule it could reveal (and a large offset must not stall a call).
MAX_FACTORIAL_INDEX = 1000


def _over_factorial(terms: list, offset: int) -> list | None:
    if offset < 0 or offset + len(terms) > MAX_FACTORIAL_INDEX:
        return None
    f = factorial(offset)
    out = []
    for i, t in enumerate(terms):
        if i:
            f *= offset + i
        out.append(Fraction(t) / f)
    return out


def _substitute(rhs: sympy.Expr, image: Callable[[int], sympy.Expr]) -> sympy.Expr:
    return rhs.xreplace({u(n - j): image(j) for j in lags_of(rhs)})


@dataclass(frozen=True)
class Transform:
    name: str
    forward: Callable[[list, int], list | None]  # (terms, offset) -> b, or None if undefined
    shift: int                                  # b's first index is offset + shift
    back: Callable[[sympy.Expr], sympy.Expr]    # rhs of b's rule -> rhs of a's rule


TRANSFORMS: tuple[Transform, ...] = (
    Transform("ratio", _ratios, 1,
              lambda F: sympy.cancel(u(n - 1) * _substitute(F, lambda j: u(n - j) / u(n - j - 1)))),
    Transform("difference", _differences, 1,
              lambda F: sympy.expand(u(n - 1) + _substitute(F, lambda j: u(n - j) - u(n - j - 1)))),
    Transform("over-factorial", _over_factorial, 0,
              lambda F: sympy.combsimp(sympy.factorial(n) * _substitute(
                  F, lambda j: u(n - j) / sympy.factorial(n - j)))),
)


def map_back(t: Transform, cand: Candidate, inner_fit_bits: float) -> Candidate:
    """The candidate for the original terms that ``cand`` (a rule for ``b``) stands for."""
    rhs = t.back(cand.rhs)
    return Candidate(rhs=rhs, kind=classify(rhs), source=f"{t.name}->{cand.source}",
                     n_params=cand.n_params, n_prefix=cand.n_prefix,
                     fit_bits=inner_fit_bits + TRANSFORM_BITS)
