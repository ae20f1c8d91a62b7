"""Divide-and-conquer recurrences: ``u(n)`` from ``u(floor(n/2))``.

Explanation
===========

Binary partitions (``u(n) = u(n - 1) + u(floor(n/2))``), the binary length
of ``n``, the largest power of 2 up to ``n``, Stern's diatomic sequence and
the Josephus problem follow a rule that halves the index, separately for
even and odd ``n`` (2-regular sequences). No recurrence of fixed order
describes them. This source fits, for each parity, the smallest subset of
the features ``u(floor(n/2))``, ``u(floor(n/2) + 1)``, ``u(n - 1)``, ``1``,
``floor(n/2)`` that reproduces every term of that parity exactly, and
keeps the pair only if it uses a halved index.

Limitations
===========

Index ``n`` is the caller's (``offset`` 0 or 1); at most two features per
parity; the first two terms are initial values.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Iterator

import sympy

from ..linalg import nullspace
from ..ranking import integer_bits
from ..symbols import n, u

__all__ = ["binary_rules", "FEATURES", "BinaryRule"]

FEATURES = ("u(m)", "u(m+1)", "u(n-1)", "1", "m")  # m = floor(n/2)
MAX_FEATURES = 2
SUBSETS = [s for k in range(1, MAX_FEATURES + 1) for s in itertools.combinations(range(len(FEATURES)), k)]
CHOICE_BITS = 2 * math.log2(len(SUBSETS))  # one subset per parity

BinaryRule = tuple  # ((features, coefficients) for even n, (features, coefficients) for odd n)


def feature_value(f: int, i: int, values: list, offset: int):
    """Feature ``f`` at index ``i`` from ``values`` (index ``offset`` first); None where undefined."""
    m = i // 2
    if f == 0 or f == 1:
        j = m + f
        return values[j - offset] if offset <= j < i else None
    if f == 2:
        return values[i - 1 - offset] if i - 1 >= offset else None
    return 1 if f == 3 else m


def _fit_parity(terms: list, offset: int, start: int, parity: int):
    """The fewest features, then the smallest coefficients, that give every term of this parity."""
    best = None
    for subset in SUBSETS:
        if best is not None and len(subset) > len(best[0]):
            break
        rows = []
        for i in range(start, offset + len(terms)):
            if i % 2 != parity:
                continue
            row = [feature_value(f, i, terms, offset) for f in subset]
            if None in row:
                break
            rows.append(row + [-terms[i - offset]])
        else:
            if len(rows) < len(subset) + 2:
                return None  # too few terms of this parity to check anything
            basis = nullspace(rows, len(subset) + 1)
            if len(basis) == 1 and basis[0][-1] != 0 and all(basis[0][:-1]):
                fit = subset, tuple(Fraction(c, basis[0][-1]) for c in basis[0][:-1])
                if best is None or _bits(fit) < _bits(best):
                    best = fit
    return best


def _bits(fit) -> float:
    return sum(integer_bits(c) for c in fit[1])


def binary_rules(terms: list, offset: int) -> Iterator[tuple[BinaryRule, int, float]]:
    """Yield ``(rule, n_params, fit_bits)`` for the simplest halving rule that fits ``terms``."""
    if offset not in (0, 1) or len(terms) < 10:
        return
    start = offset + 2
    rule = tuple(_fit_parity(terms, offset, start, p) for p in (0, 1))
    if None in rule or not any(f in (0, 1) for subset, _ in rule for f in subset):
        return
    n_params = sum(len(subset) for subset, _ in rule)
    fit_bits = CHOICE_BITS + sum(integer_bits(c) for _, coeffs in rule for c in coeffs)
    yield rule, n_params, fit_bits


def rule_rhs(rule: BinaryRule) -> sympy.Expr:
    """The rule as one SymPy expression: a ``Piecewise`` on the parity of ``n`` when the cases differ."""
    m = sympy.floor(n / 2)
    exprs = {0: u(m), 1: u(m + 1), 2: u(n - 1), 3: sympy.Integer(1), 4: m}
    even, odd = (sum((sympy.Rational(c.numerator, c.denominator) * exprs[f] for f, c in zip(*part)),
                     sympy.Integer(0)) for part in rule)
    if even == odd:
        return even
    return sympy.Piecewise((even, sympy.Eq(sympy.Mod(n, 2), 0)), (odd, True))


def extend_terms(rule: BinaryRule, values: list, offset: int, stop: int) -> None:
    """Append terms of index ``< stop`` to ``values`` (exact; initial values already in place)."""
    for i in range(offset + len(values), stop):
        subset, coeffs = rule[i % 2]
        v = sum(c * feature_value(f, i, values, offset) for f, c in zip(subset, coeffs))
        values.append(v.numerator if v.denominator == 1 else v)
