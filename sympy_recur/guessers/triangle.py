"""Triangles read by rows: ``u(n) = T(r, k)`` with ``T`` a polynomial or a weighted binomial.

Explanation
===========

Many OEIS entries are a triangle ``T(r, k)``, ``0 <= k <= r``, flattened
row by row, or a square array read by antidiagonals (the same indexing up to
a linear change of variables). As a sequence in ``n`` such data has no
recurrence of small order, but ``T`` itself is often a low-degree polynomial
(``T(r, k) = 3 (r - k) k + 1``). This source maps each index to its row and
column (:class:`~sympy_recur.arithmetic.triangle_row`,
:class:`~sympy_recur.arithmetic.triangle_column`) and fits

* the polynomial of total degree 1, then 2, by exact linear algebra;
* the weighted binomial ``c binomial(r + s, k + t) a**k b**(r - k)``
  (Pascal's triangle and its rescalings, the coefficients of ``(b + a x)**r``),
  ``s, t`` in ``{0, 1, 2}``, with ``c, a, b`` read off the first two rows;
* sparse combinations of up to three functions from :data:`BASIS`
  (``2**r - 2**k - 2**(r - k)``, ``(k + 1)**2 binomial(r, k)``...), each
  subset's coefficients the exact kernel of a small linear system;
* rows that are hypergeometric in ``k``: ``T(r, 0) = a b**r`` and
  ``T(r, k) / T(r, k - 1) = c P(r, k) / Q(r, k)`` with ``P`` and ``Q``
  products of at most two factors from :data:`RATIO_FACTORS` (Narayana
  numbers, ``binomial(r, k) catalan(k)``...). The ratios of the given rows
  are matched against every ``P`` by hashing the normalised vectors, so the
  search costs one pass per ``Q``.

Limitations
===========

Rows are numbered from 0 at the first given term; degree at most 2 (six
coefficients, so 15 terms leave nine checks); binomial weights are integers.
"""

from __future__ import annotations

import math
from fractions import Fraction
from itertools import combinations
from typing import Iterator

import sympy

from .._deadline import Deadline
from ..arithmetic import triangle_column, triangle_row
from ..candidate import Candidate
from ..linalg import independent_subsets_mod_p, integer_rows, nullspace
from ..ranking import integer_bits
from ..symbols import n

__all__ = ["triangle_candidates", "MAX_DEGREE", "BINOMIAL_SHIFTS", "BASIS", "MAX_BASIS_TERMS",
           "RATIO_FACTORS"]

MAX_DEGREE = 2
# binomial(r + s, k + t): the shifts tried (Pascal's triangle without its
# first rows or columns, as OEIS often gives it).
BINOMIAL_SHIFTS = tuple((s, t) for s in range(3) for t in range(3))
MIN_TERMS = 10  # four full rows

# Functions of the row r and column k that sparse combinations are made of:
# (name, exact value, SymPy expression in R, K).
BASIS = (
    ("1", lambda r, k: 1, lambda R, K: sympy.Integer(1)),
    ("r", lambda r, k: r, lambda R, K: R),
    ("k", lambda r, k: k, lambda R, K: K),
    ("C", lambda r, k: math.comb(r, k), lambda R, K: sympy.binomial(R, K)),
    ("kC", lambda r, k: k * math.comb(r, k), lambda R, K: K * sympy.binomial(R, K)),
    ("k2C", lambda r, k: k * k * math.comb(r, k), lambda R, K: K ** 2 * sympy.binomial(R, K)),
    ("2^r", lambda r, k: 2 ** r, lambda R, K: 2 ** R),
    ("2^k", lambda r, k: 2 ** k, lambda R, K: 2 ** K),
    ("2^(r-k)", lambda r, k: 2 ** (r - k), lambda R, K: 2 ** (R - K)),
    ("3^k", lambda r, k: 3 ** k, lambda R, K: 3 ** K),
    ("3^(r-k)", lambda r, k: 3 ** (r - k), lambda R, K: 3 ** (R - K)),
    ("(-1)^r", lambda r, k: (-1) ** r, lambda R, K: (-1) ** R),
    ("(-1)^k", lambda r, k: (-1) ** k, lambda R, K: (-1) ** K),
)
MAX_BASIS_TERMS = 3
FIT_PREFIX = 28  # seven rows: coefficients are solved on these, the rest only checked

# Linear factors f(r, j) = cj*j + cr*r + a of a row's term ratio, with the
# product of f(r, j) over j = 1..k in closed form (R, K: row and column):
# (cj, cr, a) -> expression. ``r - j`` needs a >= 1 to stay non-zero on
# the row; ``2 j + a`` with odd a gives the half-integer rising factorials
# of Catalan-like numbers.
RATIO_FACTORS = {
    **{(1, 0, a): (lambda R, K, a=a: sympy.rf(1 + a, K)) for a in (0, 1, 2)},
    **{(-1, 1, a): (lambda R, K, a=a: sympy.ff(R + a - 1, K)) for a in (1, 2)},
    **{(0, 1, a): (lambda R, K, a=a: (R + a) ** K) for a in (0, 1, 2)},
    **{(1, 1, a): (lambda R, K, a=a: sympy.rf(R + a + 1, K)) for a in (0, 1, 2)},
    **{(2, 0, a): (lambda R, K, a=a: 2 ** K * sympy.rf(sympy.Rational(2 + a, 2), K)) for a in (-1, 1)},
}
_RATIO_PRODUCTS = [()] + [(f,) for f in RATIO_FACTORS] + list(combinations(RATIO_FACTORS, 2)) \
    + [(f, f) for f in RATIO_FACTORS]
# The first column's ratio T(r, 0)/T(r - 1, 0): at most one factor i + a or
# 2 i + a above and below (geometric, factorial-like, Catalan numbers).
_COLUMN_PRODUCTS = [()] + [(f,) for f in RATIO_FACTORS if f[1] == 0 and f[0] in (1, 2)]


def _monomials(degree: int) -> list[tuple[int, int]]:
    return [(a, d - a) for d in range(degree + 1) for a in range(d, -1, -1)]


def triangle_candidates(terms: list, offset: int, *, deadline: Deadline | None = None) -> Iterator[Candidate]:
    """Yield ``T(row, column)``: the lowest-degree polynomial, weighted binomials and sparse combinations that fit."""
    if len(terms) < MIN_TERMS:
        return
    rc = [(triangle_row._exact(i), triangle_column._exact(i)) for i in range(len(terms))]
    yield from _polynomial(terms, offset, rc)
    yield from _weighted_binomial(terms, offset, rc)
    yield from _sparse_basis(terms, offset, rc, deadline)
    yield from _hypergeometric_rows(terms, offset)


def _sparse_basis(terms: list, offset: int, rc: list, deadline: Deadline | None) -> Iterator[Candidate]:
    """The fewest functions of :data:`BASIS` whose combination fits every term (first such subset)."""
    # Each subset is solved on the first rows and then checked term by term,
    # so a long input costs one pass per subset that fits its first rows.
    head = min(len(terms), FIT_PREFIX)
    columns = [[f(r, k) for r, k in rc[:head]] for _, f, _ in BASIS]
    i = n - offset
    R, K = triangle_row(i), triangle_column(i)
    target = integer_rows([terms[:head]])[0]  # one more column, scaled to integers: same rank
    for size in range(1, MAX_BASIS_TERMS + 1):
        subsets = list(combinations(range(len(BASIS)), size))
        # A non-zero minor of (subset | target) proves that the subset does
        # not fit: one batched test clears most subsets before any kernel.
        w = size + 1
        row_sets = [tuple(range(head - w, head)), tuple(range(head - 2 * w + 1, head, 2)),
                    tuple(range(head - 1 - 3 * (w - 1), head, 3))]
        row_sets = [r for r in row_sets if r and r[0] >= 0]
        hopeless = independent_subsets_mod_p(columns + [target], [s + (len(columns),) for s in subsets],
                                             row_sets)
        for subset, skip in zip(subsets, hopeless):
            if skip:
                continue
            if deadline is not None:
                deadline.check()
            rows = [[columns[j][m] for j in subset] + [-t] for m, t in enumerate(terms[:head])]
            kernel = nullspace(rows, size + 1)
            if len(kernel) != 1 or kernel[0][-1] == 0 or not all(kernel[0][:-1]):
                continue  # no fit, not determined, or a smaller subset fits
            coeffs = [Fraction(c, kernel[0][-1]) for c in kernel[0][:-1]]
            if not all(sum(c * BASIS[j][1](r, k) for j, c in zip(subset, coeffs)) == t
                       for (r, k), t in zip(rc[head:], terms[head:])):
                continue
            rhs = sum((sympy.Rational(c.numerator, c.denominator) * BASIS[j][2](R, K)
                       for j, c in zip(subset, coeffs)), sympy.Integer(0))
            yield Candidate(rhs=rhs, kind="closed-form",
                            source="triangle:" + "+".join(BASIS[j][0] for j in subset), n_params=size,
                            fit_bits=math.log2(math.comb(len(BASIS), size))
                            + sum(integer_bits(c) for c in coeffs))
            return


def _weighted_binomial(terms: list, offset: int, rc: list) -> Iterator[Candidate]:
    """``c binomial(r + s, k + t) a**k b**(r - k)``; ``c, a, b`` from the first two rows."""
    if any(isinstance(t, Fraction) and t.denominator != 1 for t in terms):
        return
    i = n - offset
    R, K = triangle_row(i), triangle_column(i)
    for s, t in BINOMIAL_SHIFTS:
        first = [math.comb(r + s, k + t) for r, k in rc[:3]]
        if 0 in first or terms[0] % first[0]:
            continue  # c, a, b would not be determined by the first two rows
        c = terms[0] // first[0]
        if c == 0 or terms[1] % (c * first[1]) or terms[2] % (c * first[2]):
            continue
        b, a = terms[1] // (c * first[1]), terms[2] // (c * first[2])
        if a == 0 or b == 0:
            continue
        if all(c * math.comb(r + s, k + t) * a ** k * b ** (r - k) == v for (r, k), v in zip(rc, terms)):
            rhs = c * sympy.binomial(R + s, K + t) * sympy.Integer(a) ** K * sympy.Integer(b) ** (R - K)
            yield Candidate(rhs=rhs, kind="closed-form", source="triangle:binomial", n_params=3,
                            fit_bits=math.log2(len(BINOMIAL_SHIFTS)) + sum(integer_bits(x) for x in (c, a, b)))


def _polynomial(terms: list, offset: int, rc: list) -> Iterator[Candidate]:
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


def _factor_product(factors: tuple, r: int, j: int) -> int:
    value = 1
    for cj, cr, a in factors:
        value *= cj * j + cr * r + a
    return value


def _normalised(values: list) -> tuple | None:
    pivot = values[0]
    return None if pivot == 0 else tuple(Fraction(v, pivot) for v in values)


def _column_fits(T: list, rows: int) -> list:
    """``(factors, c0, P0, Q0)``: ``T(r, 0) / T(r - 1, 0) = c0 P0(r) / Q0(r)`` on every given row."""
    ratios = [Fraction(T[r][0], T[r - 1][0]) for r in range(1, rows)]
    fits = []
    for P0 in _COLUMN_PRODUCTS:
        for Q0 in _COLUMN_PRODUCTS:
            if P0 and P0 == Q0:
                continue
            c0 = ratios[0] * _factor_product(Q0, 0, 1) / _factor_product(P0, 0, 1)
            if all(ratios[r - 1] == c0 * Fraction(_factor_product(P0, 0, r), _factor_product(Q0, 0, r))
                   for r in range(2, rows)):
                fits.append((len(P0) + len(Q0), c0, P0, Q0))
    return fits


def _hypergeometric_entry(a, col, row, r: int, k: int) -> Fraction:
    _, c0, P0, Q0 = col
    _, c, P, Q = row
    value = Fraction(a) * c0 ** r * c ** k
    for i in range(1, r + 1):
        value *= Fraction(_factor_product(P0, 0, i), _factor_product(Q0, 0, i))
    for j in range(1, k + 1):
        value *= Fraction(_factor_product(P, r, j), _factor_product(Q, r, j))
    return value


def _hypergeometric_rows(terms: list, offset: int) -> Iterator[Candidate]:
    """``T(r, k) = a c0**r c**k prod_{i <= r} P0(i)/Q0(i) prod_{j <= k} P(r, j)/Q(r, j)``; none if ambiguous."""
    if any(isinstance(t, Fraction) and t.denominator != 1 for t in terms):
        return
    rows = min(triangle_row._exact(len(terms)), 11)  # complete rows, at most 66 terms
    T = [terms[r * (r + 1) // 2:(r + 1) * (r + 2) // 2] for r in range(rows)]
    if rows < 4 or any(v == 0 for row in T for v in row):
        return
    columns = _column_fits(T, rows)
    if not columns:
        return
    pts = [(r, k) for r in range(1, rows) for k in range(1, r + 1)]
    ratios = [Fraction(T[r][k], T[r][k - 1]) for r, k in pts]
    by_shape: dict = {}
    for P in _RATIO_PRODUCTS:
        key = _normalised([_factor_product(P, r, k) for r, k in pts])
        if key is not None:
            by_shape.setdefault(key, []).append(P)
    fits = []
    for Q in _RATIO_PRODUCTS:
        q = [_factor_product(Q, r, k) for r, k in pts]
        for P in by_shape.get(_normalised([x * y for x, y in zip(ratios, q)]), []):
            if not set(P) & set(Q):
                c = ratios[0] * q[0] / _factor_product(P, *pts[0])
                fits.append((len(P) + len(Q), c, P, Q))
    if not fits:
        return
    pairs = [(col, row) for col in columns for row in fits]
    fewest = min(col[0] + row[0] for col, row in pairs)
    pairs = [(col, row) for col, row in pairs if col[0] + row[0] == fewest]
    # Two rules that agree on the given rows but not on the next one: the
    # data does not choose, so neither is claimed.
    a = T[0][0]
    if len({tuple(_hypergeometric_entry(a, col, row, rows, k) for k in range(rows + 1))
            for col, row in pairs}) != 1:
        return
    (_, c0, P0, Q0), (_, c, P, Q) = pairs[0]
    i = n - offset
    R, K = triangle_row(i), triangle_column(i)
    rational = lambda q: sympy.Rational(q.numerator, q.denominator)  # noqa: E731
    rhs = sympy.Integer(a) * rational(c0) ** R * rational(c) ** K
    rhs *= sympy.Mul(*[RATIO_FACTORS[f](R, R) for f in P0]) / sympy.Mul(*[RATIO_FACTORS[f](R, R) for f in Q0])
    rhs *= sympy.Mul(*[RATIO_FACTORS[f](R, K) for f in P]) / sympy.Mul(*[RATIO_FACTORS[f](R, K) for f in Q])
    yield Candidate(rhs=rhs, kind="closed-form", source="triangle:hypergeometric", n_params=3,
                    fit_bits=2 * math.log2(len(_RATIO_PRODUCTS)) + 2 * math.log2(len(_COLUMN_PRODUCTS))
                    + sum(integer_bits(x) for x in (a, c0, c)))
