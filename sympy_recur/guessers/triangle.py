"""Triangles read by rows: ``u(n) = T(r, k)`` with ``T`` a polynomial.

Explanation
===========

Many OEIS entries are a triangle ``T(r, k)``, ``0 <= k <= r``, flattened
row by row, or a square array read by antidiagonals (the same indexing up to
a linear change of variables). As a sequence in ``n`` such data has no
recurrence of small order, but ``T`` itself is often a low-degree polynomial
(``T(r, k) = 3 (r - k) k + 1``). This source maps each index to its row and
column (:class:`~sympy_recur.arithmetic.triangle_row`,
:class:`~sympy_recur.arithmetic.triangle_column`) and fits the polynomial of
total degree 1, then 2, by exact linear algebra.

Limitations
===========

Rows are numbered from 0 at the first given term; degree at most 2 (six
coefficients, so 15 terms leave nine checks).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Iterator

import sympy

from ..arithmetic import triangle_column, triangle_row
from ..candidate import Candidate
from ..linalg import nullspace
from ..ranking import integer_bits
from ..symbols import n

__all__ = ["triangle_candidates", "MAX_DEGREE"]

MAX_DEGREE = 2
MIN_TERMS = 10  # four full rows


def _monomials(degree: int) -> list[tuple[int, int]]:
    return [(a, d - a) for d in range(degree + 1) for a in range(d, -1, -1)]


def triangle_candidates(terms: list, offset: int) -> Iterator[Candidate]:
    """Yield ``T(row, column)`` for the lowest degree whose polynomial fits every term."""
    if len(terms) < MIN_TERMS:
        return
    rc = [(triangle_row._exact(i), triangle_column._exact(i)) for i in range(len(terms))]
    for degree in range(1, MAX_DEGREE + 1):
        mons = _monomials(degree)
        rows = [[r ** a * k ** b for a, b in mons] + [-t] for (r, k), t in zip(rc, terms)]
        basis = nullspace(rows, len(mons) + 1)
        if len(basis) != 1 or basis[0][-1] == 0:
            continue
        coeffs = [Fraction(c, basis[0][-1]) for c in basis[0][:-1]]
        i = n - offset
        R, K = triangle_row(i), triangle_column(i)
        rhs = sum((sympy.Rational(c.numerator, c.denominator) * R ** a * K ** b
                   for (a, b), c in zip(mons, coeffs) if c), sympy.Integer(0))
        yield Candidate(rhs=rhs, kind="closed-form", source=f"triangle:degree{degree}",
                        n_params=len(mons),
                        fit_bits=math.log2(MAX_DEGREE) + sum(integer_bits(c) for c in coeffs))
        return
