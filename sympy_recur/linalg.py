"""Exact linear algebra over QQ for the ansatz guessers.

The guessers ask one question many times: does this (tall, small) matrix of
sequence-derived numbers have a non-trivial kernel, and if so what is it?
Most of the time the answer is "no", so :func:`nullspace` first computes
the rank modulo a large prime (cheap: small numbers); full rank modulo p
implies full rank over QQ, and only the rare rank-deficient matrix is
reduced exactly with fraction-free integer elimination.
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd, lcm
from typing import Sequence

__all__ = ["nullspace", "integer_rows", "full_column_rank_mod_p", "independent_subsets_mod_p",
           "shortest_linear_recurrence"]

# A Mersenne prime: a full-rank integer matrix is rank-deficient modulo p only
# with probability ~ 1/p per pivot, and then the exact elimination below runs
# anyway, so p only trades speed for rare extra work. Below 2**31, products
# of residues stay small ints, which Python multiplies fastest.
_PRIME = (1 << 31) - 1


def integer_rows(rows: Sequence[Sequence[int | Fraction]]) -> list[list[int]]:
    """Scale each row by the lcm of its denominators so that all entries are ints."""
    out = []
    for row in rows:
        if all(type(x) is int for x in row):  # the common case, and the hot one
            out.append(list(row))
            continue
        den = 1
        for x in row:
            if isinstance(x, Fraction) and x.denominator != 1:
                den = lcm(den, x.denominator)
        out.append([int(x * den) if den != 1 or isinstance(x, Fraction) else x for x in row])
    return out


def _rank_mod_p(rows: list[list[int]], ncols: int) -> int:
    m = [[x % _PRIME for x in row] for row in rows]
    rank = 0
    for col in range(ncols):
        piv = next((r for r in range(rank, len(m)) if m[r][col]), None)
        if piv is None:
            continue
        m[rank], m[piv] = m[piv], m[rank]
        inv = pow(m[rank][col], -1, _PRIME)
        prow = [(x * inv) % _PRIME for x in m[rank]]
        m[rank] = prow
        for r in range(rank + 1, len(m)):
            f = m[r][col]
            if f:
                m[r] = [(a - f * b) % _PRIME for a, b in zip(m[r], prow)]
        rank += 1
        if rank == len(m):
            break
    return rank


def full_column_rank_mod_p(rows: Sequence[Sequence[int | Fraction]], ncols: int) -> bool:
    """True when the columns are independent modulo a prime, hence over QQ.

    ``False`` is not a proof of dependence (a rare prime can divide a minor).
    """
    return len(rows) >= ncols and _rank_mod_p(integer_rows(rows), ncols) == ncols


def independent_subsets_mod_p(columns: Sequence[Sequence[int]], subsets: Sequence[Sequence[int]],
                              row_sets: Sequence[Sequence[int]]) -> list[bool]:
    """For each subset of k columns: is some k x k minor on ``row_sets`` non-zero modulo p?

    ``True`` proves the subset's columns independent over QQ (a non-zero
    minor); ``False`` proves nothing. All subsets are done at once with
    numpy (Leibniz's formula), for searches that try hundreds of small
    subsets of one set of columns.
    """
    import numpy as np
    from itertools import permutations
    if not subsets:
        return []
    k = len(subsets[0])
    cols = np.array([[x % _PRIME for x in c] for c in columns], dtype=np.int64)
    idx = np.array(subsets, dtype=np.int64)
    found = np.zeros(len(subsets), dtype=bool)
    perms = [(p, (-1) ** sum(p[i] > p[j] for i in range(k) for j in range(i + 1, k)))
             for p in permutations(range(k))]
    for rows in row_sets:
        # entry[s, i, j] = columns[subsets[s][j]][rows[i]]
        entry = cols[idx][:, :, list(rows)].transpose(0, 2, 1)
        det = np.zeros(len(subsets), dtype=np.int64)
        for perm, sign in perms:
            prod = np.ones(len(subsets), dtype=np.int64)
            for i in range(k):
                prod = prod * entry[:, i, perm[i]] % _PRIME
            det = (det + sign * prod) % _PRIME
        found |= det != 0
    return found.tolist()


def _primitive(v: list[int]) -> list[int]:
    g = 0
    for x in v:
        g = gcd(g, x)
    if g > 1:
        v = [x // g for x in v]
    # Sign convention: first non-zero entry positive, so results are deterministic.
    for x in v:
        if x:
            if x < 0:
                v = [-y for y in v]
            break
    return v


def nullspace(rows: Sequence[Sequence[int | Fraction]], ncols: int | None = None) -> list[list[int]]:
    """Basis of the right kernel ``{x : A x = 0}`` as primitive integer vectors.

    ``rows`` may hold ints and Fractions. The basis is canonical: one vector
    per free column of the reduced row echelon form, each scaled to coprime
    integers with a positive leading entry.

    Examples
    ========

    >>> from sympy_recur.linalg import nullspace
    >>> nullspace([[1, 1, -1], [1, 2, -1]])
    [[1, 0, 1]]
    >>> nullspace([[1, 0], [0, 1]])
    []
    """
    a = integer_rows(rows)
    if ncols is None:
        ncols = len(a[0]) if a else 0
    if ncols == 0:
        return []
    if len(a) >= ncols:
        # Independent columns on a few rows are independent on all: long
        # inputs are decided on a head before any pass over every row.
        head = a[: ncols + 8]
        if len(head) >= ncols and _rank_mod_p(head, ncols) == ncols:
            return []
        if len(a) > len(head) and _rank_mod_p(a, ncols) == ncols:
            return []
    # Fraction-free Gauss-Jordan elimination; every row is kept primitive so
    # the integers stay as small as the data allows.
    m = [_primitive(list(r)) for r in a if any(r)]
    pivots: list[int] = []
    rank = 0
    for col in range(ncols):
        piv = next((r for r in range(rank, len(m)) if m[r][col]), None)
        if piv is None:
            continue
        m[rank], m[piv] = m[piv], m[rank]
        prow = m[rank]
        p = prow[col]
        for r in range(len(m)):
            if r != rank and m[r][col]:
                f = m[r][col]
                m[r] = _primitive([p * x - f * y for x, y in zip(m[r], prow)])
        pivots.append(col)
        rank += 1
        if rank == len(m):
            break
    free = [c for c in range(ncols) if c not in set(pivots)]
    basis = []
    for f in free:
        # x_f = L, x_pivot(i) = -m[i][f] * L / m[i][pivot(i)], with L the lcm of pivots.
        L = 1
        for i, pc in enumerate(pivots):
            if m[i][f]:
                L = lcm(L, m[i][pc])
        v = [0] * ncols
        v[f] = L
        for i, pc in enumerate(pivots):
            if m[i][f]:
                v[pc] = -m[i][f] * L // m[i][pc]
        basis.append(_primitive(v))
    return basis


def shortest_linear_recurrence(values: Sequence[int | Fraction], max_order: int,
                               spare: int = 2) -> tuple[Fraction, ...] | None:
    """The shortest ``v(k) = sum_j c_j v(k - j)`` (order <= ``max_order``) holding on all of ``values``.

    An order ``r`` is tried only if the values leave ``r + spare`` equations
    beyond the ``r`` that determine the coefficients; the trailing
    coefficient is non-zero (the order is the true one).

    Examples
    ========

    >>> from sympy_recur.linalg import shortest_linear_recurrence
    >>> shortest_linear_recurrence([1, 1, 2, 3, 5, 8, 13, 21, 34], 4)
    (Fraction(1, 1), Fraction(1, 1))
    >>> shortest_linear_recurrence([1, 2, 4, 8, 16, 33, 64, 128], 3) is None
    True
    """
    for r in range(1, max_order + 1):
        if len(values) - r < 2 * r + spare:
            return None
        rows = [[values[i - j] for j in range(r + 1)] for i in range(r, len(values))]
        ker = nullspace(rows, r + 1)
        if len(ker) != 1 or ker[0][0] == 0 or ker[0][-1] == 0:
            continue
        lead = ker[0][0]
        return tuple(Fraction(-c, lead) for c in ker[0][1:])
    return None
