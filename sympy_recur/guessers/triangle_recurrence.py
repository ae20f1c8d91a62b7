r"""Triangles read by rows that grow like Pascal's: ``T(r, k) = a T(r-1, k-1) + b T(r-1, k) [+ ...]``.

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

A second family needs no borders at all (:func:`plane_rules`): with the
triangle padded by zeros, one rule ``T(r, k) = sum_L p_L(r, k) T((r, k) - L)``
with integer coefficients, constant or (on the previous row's neighbours)
linear in ``r`` and ``k``, gives every entry after the first row or two:
Stirling numbers of both kinds, Eulerian and Lah numbers, Catalan's ballot
triangle, the ``(a, b)``-Pascal triangles.

Limitations
===========

The first given term is ``T(0, 0)``; borders of those three shapes only.
Plane rules use the lags of :data:`PLANE_LAGS`, at most three of them.
"""

from __future__ import annotations

import math
from fractions import Fraction
from itertools import combinations
from typing import Iterator, NamedTuple

from ..arithmetic import triangle_column, triangle_row
from ..linalg import nullspace
from ..ranking import integer_bits

__all__ = ["TriangleRule", "triangle_rules", "triangle_entries", "SHAPES", "BORDERS",
           "PlaneRule", "plane_rules", "plane_entries", "PLANE_LAGS", "PLANE_HYPOTHESES"]

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


# --- One rule for every entry, the triangle padded with zeros -------------------
#
# Stirling, Eulerian and Lah triangles, Catalan's ballot triangle and many
# Riordan arrays need no border of their own: with T(r, k) = 0 outside
# 0 <= k <= r, a single rule T(r, k) = sum_L p_L(r, k) T((r, k) - L) holds
# for every entry after the first row (or the first two: the (a, b)-Pascal
# triangles). Every fitted number then meets all later entries, where the
# border rules above meet only the interior ones, so richer rules stay
# checked: with 15 terms a rule with 6 coefficients still has 8 checks.

# Lags (rows back, columns back): the previous row's three neighbours, the
# entry to the left in the same row, and three from two rows back.
PLANE_LAGS = ((1, 1), (1, 0), (1, -1), (0, 1), (2, 1), (2, 0), (2, 2))
# Coefficients linear in r and k only on the previous row's neighbours. On
# the dev sets (15 terms) linear coefficients on other pairs of lags were
# wrong more often than right (3 right / 6 wrong); on Pascal's two lags 11
# right / 0 wrong; with the third neighbour 5 right / 1 wrong before the
# evidence guard, 2 / 0 after it.
LINEAR_LAGS = (((1, 1), (1, 0)), ((1, 1), (1, 0), (1, -1)))


def _plane_hypotheses() -> tuple:
    """(lags, degree, given rows) in the order tried: fewest fitted numbers first."""
    constant = [lags for size in (2, 3) for lags in combinations(PLANE_LAGS, size)
                if any(i == 1 for i, _ in lags)]  # a rule that never looks a row back spreads nothing
    return (tuple((lags, 0, 1) for lags in constant) + tuple((lags, 1, 1) for lags in LINEAR_LAGS)
            + tuple((lags, 0, 2) for lags in constant))


PLANE_HYPOTHESES = _plane_hypotheses()
PLANE_MIN_TERMS = 10  # four rows
# The coefficients are solved for on the first eleven rows at most; the
# exact recomputation of every term then checks long inputs in linear time.
PLANE_FIT_TERMS = 66


class PlaneRule(NamedTuple):
    """``T(r, k) = sum_L (c0 + cr r + ck k) T((r, k) - L)`` after the ``head`` rows; zero outside the triangle."""

    head: tuple    # the entries of the rows given as they are (row 0, or rows 0 and 1)
    lags: tuple    # ((i, j), ...)
    coeffs: tuple  # per lag (c0, cr, ck), integers
    degree: int    # 0: constant coefficients (cr = ck = 0, not fitted)

    @property
    def head_rows(self) -> int:
        return 1 if len(self.head) == 1 else 2

    @property
    def n_params(self) -> int:
        return len(self.lags) * (1 + 2 * self.degree)

    @property
    def fit_bits(self) -> float:
        fitted = [c for cs in self.coeffs for c in (cs if self.degree else cs[:1])]
        return math.log2(len(PLANE_HYPOTHESES)) + sum(integer_bits(c) for c in fitted)


def _cell(idx: int) -> tuple[int, int]:
    return triangle_row._exact(idx), triangle_column._exact(idx)


def _plane_features(r: int, k: int, degree: int) -> tuple:
    return (1, r, k) if degree else (1,)


def _plane_value(T: dict, r: int, k: int, lags, coeffs) -> int:
    total = 0
    for (i, j), (c0, cr, ck) in zip(lags, coeffs):
        if 0 <= k - j <= r - i:
            total += (c0 + cr * r + ck * k) * T[r - i, k - j]
    return total


def plane_rules(terms: list) -> Iterator[PlaneRule]:
    """Yield each rule of :data:`PLANE_HYPOTHESES` that recomputes every term.

    Only integer coefficients: the triangles of these families have them,
    and a fraction fitted to integers is most often a coincidence.
    """
    N = len(terms)
    if N < PLANE_MIN_TERMS or any(getattr(t, "denominator", 1) != 1 for t in terms):
        return
    fit = min(N, PLANE_FIT_TERMS)
    cells = [_cell(idx) for idx in range(fit)]
    T = dict(zip(cells, terms))
    for lags, degree, head_rows in PLANE_HYPOTHESES:
        width = len(lags) * (1 + 2 * degree)
        first = _index(head_rows, 0)
        system = []
        for (r, k), value in zip(cells[first:], terms[first:fit]):
            row = []
            for i, j in lags:
                back = T[r - i, k - j] if 0 <= k - j <= r - i else 0
                row += [f * back for f in _plane_features(r, k, degree)]
            system.append(row + [-value])
        basis = nullspace(system, width + 1)
        if len(basis) != 1 or basis[0][-1] == 0:
            continue
        scale = basis[0][-1]
        if any(c % scale for c in basis[0][:-1]):
            continue
        flat = [c // scale for c in basis[0][:-1]]
        size = 1 + 2 * degree
        coeffs = tuple(tuple(flat[m * size:(m + 1) * size]) + (0, 0)[:3 - size] for m in range(len(lags)))
        if any(not any(cs) for cs in coeffs):
            continue  # a lag it does not use: the smaller hypothesis is the rule
        rule = PlaneRule(tuple(terms[:first]), lags, coeffs, degree)
        if plane_entries(rule, N) == list(terms):
            yield rule


def plane_entries(rule: PlaneRule, count: int) -> list:
    """The first ``count`` entries of the triangle, read by rows (exact)."""
    out = list(rule.head[:count])
    T = {_cell(idx): v for idx, v in enumerate(out)}
    while len(out) < count:
        r, k = _cell(len(out))
        T[r, k] = _plane_value(T, r, k, rule.lags, rule.coeffs)
        out.append(T[r, k])
    return out
