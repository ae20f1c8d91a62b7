"""The chance-match guard: a formula must explain more digits than it costs.

Explanation
===========

With enough formulas, any number is matched by one of them. If a family of
formulas holds ``N`` members of size at most ``s`` whose values are spread
over a range comparable with ``|x|``, a random ``x`` known to a relative
error ``10**-D`` is matched by one of them with probability about
``N * 10**-D``. So every candidate gets a *complexity* ``log10(N)``, in
decimal digits, and is accepted only when

    complexity + family_cost + SAFETY_DIGITS <= D

where ``family_cost = -log10(w)`` charges the prior weight ``w`` of the
search family (transform and search kind) that produced it. The weights of
all families sum to at most one (a Kraft inequality), so the total chance
of a false identification over the whole search stays below about
``10**-SAFETY_DIGITS``, however many formulas are tried. This is the
criterion of Odrzywolek: the number of tested formulas must stay well below
one over the relative error.

* an integer relation ``c_0 y + c_1 b_1 + ... + c_k b_k = 0`` found among
  ``k`` basis values costs ``sum log10(2|c_i| + 1)`` over its nonzero
  coefficients plus ``log10(binomial(k, s))`` for choosing its ``s``
  nonzero basis entries (a rational ``p/q`` is the case ``k = 1``);
* an arbitrary SymPy expression (e.g. proposed by a model) costs the digits
  needed to write it down: ``log10(2|n| + 1)`` per integer and about one and
  a half digits per symbol or operation.

References: A. Odrzywolek, "Criteria for the numerical constant
recognition", arXiv:2002.12690 (2020).
"""

from __future__ import annotations

import math
from typing import Sequence

import sympy

__all__ = ["SAFETY_DIGITS", "relation_complexity", "rational_complexity",
           "expression_complexity", "weight_cost", "explains"]

#: Digits a match must explain beyond its complexity. Calibrated so that
#: random 15-digit numbers are "identified" far less than 1% of the time
#: (``tests/constants/test_guard.py`` checks it).
SAFETY_DIGITS = 2.0

#: Cost of one symbol or operation in an arbitrary expression: about the
#: log10 of the number of choices (a few dozen constants and functions).
SYMBOL_DIGITS = 1.5


def _coeff_digits(c: int) -> float:
    return math.log10(2 * abs(c) + 1)


def _count_digits(body: float, s: int) -> float:
    """log10 of the number of ``s``-vectors with ``sum log10(2|c_i| + 1) <= body``.

    That number is about ``10**b * sum_{j<s} (b ln 10)**j / j!``: a lattice
    search returns the smallest of all of them, not a fixed one, so this
    count, not ``10**b``, measures the chance of a match.
    """
    t = body * math.log(10)
    return body + math.log10(sum(t**j / math.factorial(j) for j in range(max(s, 1))))


def relation_complexity(coeffs: Sequence[int], *, fixed: int = 1) -> float:
    """Digits of an integer relation; the first ``fixed`` entries are always present.

    The others are optional basis entries, so the choice of which ones are
    nonzero is charged too.
    """
    nonzero = [c for c in coeffs if c]
    body = _count_digits(sum(_coeff_digits(c) for c in nonzero), len(nonzero))
    optional = coeffs[fixed:]
    k, s = len(optional), sum(1 for c in optional if c)
    return body + math.log10(math.comb(k, s)) if k else body


def rational_complexity(p: int, q: int) -> float:
    """Digits of the rational ``p/q``: the count of ``(p, q)`` no larger."""
    return _count_digits(_coeff_digits(p) + _coeff_digits(q), 2)


def expression_complexity(expr: sympy.Basic) -> float:
    """Digits needed to write ``expr`` down (integers by size, symbols by count)."""
    total = 0.0
    for node in sympy.preorder_traversal(expr):
        if node.is_Integer:
            total += _coeff_digits(int(node))
        elif node.is_Rational:
            total += _coeff_digits(int(node.p)) + _coeff_digits(int(node.q))
        elif node.is_Atom or not node.args:
            total += SYMBOL_DIGITS
        elif not (node.is_Mul or node.is_Add):
            total += SYMBOL_DIGITS  # functions and powers
        else:
            total += SYMBOL_DIGITS * (len(node.args) - 1) / 2
    return total


def weight_cost(weight: float) -> float:
    """``-log10(weight)``: what a family with prior weight ``weight`` adds."""
    return -math.log10(weight)


def explains(complexity: float, digits: float) -> bool:
    """Whether ``digits`` known digits are enough for a formula of ``complexity``."""
    return complexity + SAFETY_DIGITS <= digits
