r"""Triangles read by rows that grow like Pascal's: ``T(r, k) = a T(r-1, k-1) + b T(r-1, k) [+ c T(r-2, k-1)]``.

Explanation
===========

Pascal's triangle and its many kin (weighted, with other borders, Delannoy
-like with a third term) are defined by a linear rule on the interior and
simple borders ``T(r, 0)`` and ``T(r, r)``. Flattened by rows, the lags of
the rule grow with the row, so no recurrence in ``n`` of fixed order
describes them; in row and column they are a two-dimensional recurrence
with two or three constant coefficients. The interior coefficients are the
exact kernel of a small linear system over QQ, and each border is a
constant, a geometric ``c q**r`` or a linear ``c + d r`` sequence read off
its first two entries; every entry is then recomputed.

Limitations
===========

The first given term is ``T(0, 0)``; borders of those three shapes only.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Iterator, NamedTuple

from ..linalg import nullspace
from ..ranking import integer_bits

__all__ = ["TriangleRule", "triangle_rules", "triangle_entries", "SHAPES", "BORDERS"]

# Lags (rows back, columns back) of the interior rule, fewest first. The
# last, T(r-1, k-1), T(r-1, k), T(r-1, k+1), is the three-term A-sequence of
# a Riordan array (Catalan and Motzkin triangles).
SHAPES = (((1, 1), (1, 0)), ((1, 1), (1, 0), (2, 1)), ((1, 1), (1, 0), (1, -1)))
# "stencil": T(r, 0) = z0 T(r-1, 0) + z1 T(r-1, 1), a Riordan array's
# Z-sequence, for a first column that is none of the simple shapes.
BORDERS = ("constant", "geometric", "linear", "stencil")
MAX_STENCIL = 2
MIN_ROWS = 5


class TriangleRule(NamedTuple):
    left: tuple    # (shape, c, q_or_d): T(r, 0)
    right: tuple   # the same for T(r, r)
    lags: tuple    # ((i, j), ...)
    coeffs: tuple  # one Fraction per lag

    @property
    def n_params(self) -> int:
        return _border_params(self.left) + _border_params(self.right) - 1 + len(self.coeffs)

    @property
    def fit_bits(self) -> float:
        numbers = [self.left[1], self.right[1]] + [b[2] for b in (self.left, self.right)
                                                   if b[0] not in ("constant", "stencil")]
        if self.left[0] == "stencil":
            numbers += list(self.left[2])
        return (2 * math.log2(len(BORDERS)) + math.log2(len(SHAPES))
                + sum(integer_bits(x) for x in numbers + list(self.coeffs)))


def _border_params(border) -> int:
    if border[0] == "stencil":
        return 1 + len(border[2])
    return 1 if border[0] == "constant" else 2


def border_value(border, r: int):
    shape, c, x = border
    if shape == "constant":
        return c
    return c * x ** r if shape == "geometric" else c + x * r


def _fit_border(values: list):
    """The simplest border shape through every value, or ``None``."""
    c = values[0]
    if all(v == c for v in values):
        return ("constant", c, None)
    if c != 0 and values[1] % c == 0:  # q = 0: c, then zeros
        q = values[1] // c
        if all(v == c * q ** r for r, v in enumerate(values)):
            return ("geometric", c, q)
    d = values[1] - c
    if all(v == c + d * r for r, v in enumerate(values)):
        return ("linear", c, d)
    return None


def _index(r: int, k: int) -> int:
    return r * (r + 1) // 2 + k


def triangle_rules(terms: list) -> Iterator[TriangleRule]:
    """Yield the rule with the fewest lags that recomputes every term, if any."""
    N = len(terms)
    rows = (math.isqrt(8 * N + 1) - 1) // 2  # complete rows
    if rows < MIN_ROWS or any(getattr(t, "denominator", 1) != 1 for t in terms):
        return
    T = {(r, k): terms[_index(r, k)] for r in range(rows + 1) for k in range(r + 1) if _index(r, k) < N}
    left = _fit_border([T[r, 0] for r in range(rows)])
    right = _fit_border([T[r, r] for r in range(rows)])
    if right is None:
        return
    if left is None:
        left = _fit_stencil(T, rows)
        if left is None:
            return
    interior = [(r, k) for (r, k) in T if 0 < k < r]
    for lags in SHAPES:
        system = [[_entry(T, r - i, k - j) for i, j in lags] + [-T[r, k]] for r, k in interior]
        basis = nullspace(system, len(lags) + 1)
        if len(basis) != 1 or basis[0][-1] == 0:
            continue
        coeffs = [Fraction(c, basis[0][-1]) for c in basis[0][:-1]]
        if left[0] == "stencil" and any(c.denominator != 1 for c in coeffs):
            return  # a Riordan array of integers has integer A- and Z-sequences
        if (1, -1) in lags and any(border_value(right, r) != T[0, 0] * coeffs[0] ** r for r in range(rows)):
            return  # a Riordan array's diagonal is T(0, 0) a0^r: this is not one
        kept = [(lag, c) for lag, c in zip(lags, coeffs) if c]
        if not any(i == 1 for (i, _), _ in kept):
            continue  # no use of the previous row: not a rule of this family
        rule = TriangleRule(left, right, tuple(lag for lag, _ in kept), tuple(c for _, c in kept))
        if triangle_entries(rule, N) == list(terms):
            yield rule
        return


def _fit_stencil(T: dict, rows: int):
    """``("stencil", T(0, 0), (z0, ...))`` with integer ``z`` through the first column, or ``None``."""
    for size in range(1, MAX_STENCIL + 1):
        system = [[_entry(T, r - 1, j) for j in range(size)] + [-T[r, 0]] for r in range(1, rows)]
        basis = nullspace(system, size + 1)
        if len(basis) != 1 or basis[0][-1] == 0:
            continue
        z = [Fraction(c, basis[0][-1]) for c in basis[0][:-1]]
        if all(c.denominator == 1 for c in z):
            return ("stencil", T[0, 0], tuple(int(c) for c in z))
    return None


def _entry(T, r: int, k: int):
    return T.get((r, k), 0) if 0 <= k <= r else 0


def triangle_entries(rule: TriangleRule, count: int) -> list:
    """The first ``count`` entries of the triangle, read by rows (exact)."""
    T: dict = {}
    out: list = []
    r = 0
    while len(out) < count:
        for k in range(r + 1):
            if k == 0 and rule.left[0] == "stencil":  # T(0, 0), then from the previous row
                v = rule.left[1] if r == 0 else sum(z * _entry(T, r - 1, j) for j, z in enumerate(rule.left[2]))
            elif k == 0:
                v = border_value(rule.left, r)
            elif k == r:
                v = border_value(rule.right, r)
            else:
                v = sum(c * _entry(T, r - i, k - j) for c, (i, j) in zip(rule.coeffs, rule.lags))
                v = v.numerator if v.denominator == 1 else v  # a Fraction: keep integer data integer
            T[r, k] = v
            out.append(v)
        r += 1
    return out[:count]
