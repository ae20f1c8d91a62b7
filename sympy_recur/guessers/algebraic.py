"""Algebraic generating functions, turned into P-recursive recurrences.

Explanation
===========

A generating function ``f(x)`` that satisfies a polynomial equation
``P(x, f) = 0`` (Catalan-like sequences, lattice paths, trees) is
D-finite, so its coefficients satisfy a P-recursive recurrence; but that
recurrence often has more unknowns than 15 terms can pin down, while ``P``
itself has few coefficients. This source fits ``P`` of degree ``k`` in
``f`` and ``d`` in ``x`` as the exact kernel of a linear system over QQ,
keeps it only if it is irreducible and of degree >= 2 in ``f``, extends the
series from ``P`` alone, and reads the P-recursive recurrence off the long
extended series. The recurrence is then checked on the given terms like any
other candidate, with the evidence counted against ``P``'s coefficients.

References
==========

.. [1] M. Kauers, "Guessing Handbook", RISC Report 09-07, 2009, section 2.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Iterator

import sympy

from .._deadline import Deadline
from ..candidate import Candidate
from ..linalg import nullspace
from ..ranking import OPERATOR_BITS, integer_bits
from ..verify import evidence_bits, verify

__all__ = ["algebraic_candidates", "fit_algebraic", "extend_series"]

DEGREES_IN_F = (2, 3)
MAX_DEGREE_IN_X = 5
MIN_CHECKS = 3            # equations beyond the unknowns of P
EXTENDED_TERMS = 48       # series length the recurrence is read from
MAX_REC_ORDER, MAX_REC_DEGREE = 6, 4
CHOICE_BITS = math.log2(len(DEGREES_IN_F) * (MAX_DEGREE_IN_X + 1))


def _mul(a: list, b: list, N: int) -> list:
    c = [0] * N
    for i, x in enumerate(a[:N]):
        if x:
            for j, y in enumerate(b[: N - i]):
                c[i + j] += x * y
    return c


def _powers(f: list, k: int, N: int) -> list[list]:
    out = [[1] + [0] * (N - 1)]
    for _ in range(k):
        out.append(_mul(out[-1], f, N))
    return out


def fit_algebraic(terms: list, k: int, d: int) -> list[list[int]] | None:
    """Coefficients ``P[i][j]`` of ``x^j f^i`` with ``P(x, f) = O(x^N)``, if unique up to scale."""
    N = len(terms)
    unknowns = (k + 1) * (d + 1)
    if N - (unknowns - 1) < MIN_CHECKS:
        return None
    powers = _powers(terms, k, N)
    rows = [[powers[i][m - j] if m >= j else 0 for i in range(k + 1) for j in range(d + 1)]
            for m in range(N)]
    basis = nullspace(rows, unknowns)
    if len(basis) != 1:
        return None
    v = basis[0]
    return [[v[i * (d + 1) + j] for j in range(d + 1)] for i in range(k + 1)]


def _is_proper(P: list[list[int]]) -> bool:
    """Irreducible over QQ and of degree >= 2 in f: a genuinely algebraic, non-rational series."""
    X, Y = sympy.symbols("x y")
    poly = sympy.Poly(sum(sympy.Integer(c) * X ** j * Y ** i for i, row in enumerate(P)
                          for j, c in enumerate(row)), X, Y)
    if poly.is_zero or poly.degree(Y) < 2:
        return False
    factors = poly.factor_list()[1]
    return len(factors) == 1 and factors[0][1] == 1


def _evaluate(P, f: list, N: int, derivative: bool = False) -> list:
    powers = _powers(f, len(P) - 1, N)
    out = [0] * N
    for i, row in enumerate(P):
        if derivative and i == 0:
            continue
        weight = i if derivative else 1
        s = _mul(row + [0] * N, powers[i - 1] if derivative else powers[i], N)
        for m in range(N):
            out[m] += weight * s[m]
    return out


def extend_series(P, terms: list, count: int, deadline: Deadline | None = None) -> list | None:
    """The series of ``P(x, f) = 0`` that starts with ``terms``, to ``count`` coefficients.

    Each new coefficient ``f_m`` enters the coefficient of ``x^(m+s)`` of
    ``P(x, f)`` linearly, with factor the first nonzero coefficient (at
    ``x^s``) of ``dP/df``.
    """
    f = [Fraction(t) for t in terms]
    N = len(f)
    dP = _evaluate(P, f, N, derivative=True)
    s = next((i for i, c in enumerate(dP) if c != 0), None)
    if s is None or s >= N - 2:
        return None
    while len(f) < count:
        if deadline is not None:
            deadline.check()
        m = len(f)
        value = _evaluate(P, f + [Fraction(0)] * (s + 1), m + s + 1)[m + s]
        f.append(-value / dP[s])
    return [v.numerator if v.denominator == 1 else v for v in f]


def _recurrence_of(series: list, offset: int, deadline: Deadline | None) -> Candidate | None:
    from .ansatz import ansatz_families, solve_ansatz
    for a in ansatz_families(len(series)):
        if deadline is not None:
            deadline.check()
        if a.kind not in ("p-recursive", "hypergeometric") or "+poly" in a.name:
            continue
        if a.max_lag > MAX_REC_ORDER or len(a.target) - 1 > MAX_REC_DEGREE:
            continue
        for n_prefix in (0, 1, 2):
            cand = solve_ansatz(a, series, offset, n_prefix)
            if cand is not None and verify(cand, series, offset, deadline=deadline) is not None:
                return cand
    return None


def algebraic_candidates(terms: list, offset: int, *, deadline: Deadline | None = None) -> Iterator[Candidate]:
    """Yield the P-recursive rule of the first proper algebraic equation that fits ``terms``."""
    if len(terms) < 10:
        return
    for k in DEGREES_IN_F:
        for d in range(MAX_DEGREE_IN_X + 1):
            if deadline is not None:
                deadline.check()
            P = fit_algebraic(terms, k, d)
            if P is None or not _is_proper(P):
                continue
            fit_bits = CHOICE_BITS + sum(integer_bits(c) for row in P for c in row)
            n_params = (k + 1) * (d + 1) - 1
            if evidence_bits(terms, terms[:1], n_params, fit_bits) is None:
                continue
            series = extend_series(P, terms, max(EXTENDED_TERMS, 3 * len(terms)), deadline)
            if series is None:
                continue
            rec = _recurrence_of(series, offset, deadline)
            if rec is None:
                continue
            yield Candidate(rhs=rec.rhs, kind=rec.kind, source=f"algebraic-gf(k={k},d={d})",
                            n_params=n_params, n_prefix=rec.n_prefix, allow_singular=rec.allow_singular,
                            fitted_initial=1, fit_bits=fit_bits,
                            description_bits=2 * OPERATOR_BITS + fit_bits)
            return
