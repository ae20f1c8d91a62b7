"""Rational generating functions with structured denominators.

Explanation
===========

Many counting sequences have a generating function ``P(x)/Q(x)`` whose
denominator is a product of a few simple factors: ``1 - x**k`` (partitions
into parts of bounded size, quasi-polynomials), ``1 + x**k`` and
``1 - c*x``. Such a sequence satisfies a C-finite recurrence of order
``deg Q``, often too high to be found by a general ansatz from 15 terms, but
the data needed is only the few coefficients of ``P``: multiply the series
by each candidate ``Q`` and look for a long run of zeros at the end.

Algorithm
=========

Depth-first search over non-decreasing lists of factors; multiplying the
truncated series by ``1 - c*x**k`` costs one pass over it, so each node of
the search costs O(N). A branch stops as soon as the product's tail is zero
(adding factors then only makes the rule longer).

Limitations
===========

Only denominators built from the factor table below; ``P`` must leave at
least ``min_zeros`` zero coefficients in the product and be at most
``MAX_PREFIX`` terms (or a quarter of the terms) longer than ``Q``.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from typing import Iterator

import sympy

from .._deadline import Deadline
from ..candidate import Candidate
from ..ranking import OPERATOR_BITS, integer_bits
from ..symbols import n, u

__all__ = ["rational_gf_candidates", "FACTORS"]

# (c, k) stands for the factor 1 - c*x**k.
FACTORS: tuple[tuple[int, int], ...] = (
    tuple((1, k) for k in range(1, 13))
    + tuple((-1, k) for k in range(1, 7))
    + ((2, 1), (3, 1), (-2, 1), (4, 1))
)
MAX_FACTORS = 7
MAX_NODES = 3000
FACTOR_BITS = math.log2(len(FACTORS))  # choosing one factor from the table
# The g.f. language's own overhead: the fraction bar and "coefficient of x^n",
# two operators, so that it does not undercut an equally short closed form.
GF_OVERHEAD_BITS = 2 * OPERATOR_BITS
MAX_DEGREE = 30
# A numerator longer than the denominator by k terms leaves the first k
# terms unexplained. Beyond this many, "a list that settles into a simple
# rule after a long irregular head" was wrong more often than right on the
# dev sets (prefix >= 5: 4 right, 5 wrong, most on lists of numbers with a
# property that look arithmetic for a while). Longer inputs may have a head
# of up to a quarter of their terms: then the rule is confirmed on many more.
MAX_PREFIX = 4


def _times_factor(b: list, c: int, k: int) -> list:
    return [b[i] - c * b[i - k] if i >= k else b[i] for i in range(len(b))]


def _last_nonzero(b: list) -> int:
    for i in range(len(b) - 1, -1, -1):
        if b[i]:
            return i
    return -1


def _denominator(factors: list[tuple[int, int]]) -> list[int]:
    q = [1]
    for c, k in factors:
        q = [(q[i] if i < len(q) else 0) - (c * q[i - k] if 0 <= i - k < len(q) else 0)
             for i in range(len(q) + k)]
    return q


def rational_gf_candidates(terms: list, *, deadline: Deadline | None = None,
                           min_zeros: int = 4) -> Iterator[Candidate]:
    """Yield a C-finite candidate for each denominator that leaves a zero tail."""
    N = len(terms)
    max_prefix = max(MAX_PREFIX, N // 4)
    # Best-first by (degree, number of factors): the first denominators that
    # work are the smallest, and any multiple of a working one is skipped.
    # Entries hold the parent's product; the new factor is applied on pop, so
    # pushing a child is O(1) and each search node costs one O(N) pass.
    heap = [(0, 0, 0, (), tuple(terms))]  # (degree, #factors, tiebreak, factor indices, parent product)
    found: list[Counter] = []
    pops = tiebreak = 0
    first_degree = None
    while heap and pops < MAX_NODES:
        deg, _, _, idxs, parent = heapq.heappop(heap)
        if first_degree is not None and deg > first_degree:
            return
        pops += 1
        if deadline is not None and pops % 64 == 0:
            deadline.check()
        b = parent if not idxs else tuple(_times_factor(parent, *FACTORS[idxs[-1]]))
        m = _last_nonzero(b)
        if idxs and N - 1 - m >= min_zeros + len(idxs):
            have = Counter(idxs)
            if not any(all(have[k] >= v for k, v in f.items()) for f in found):
                found.append(have)
                first_degree = deg
                # Too long a head: no candidate, but still the smallest
                # denominator that fits, so its multiples are not tried.
                if m + 1 - deg <= max_prefix:
                    yield _candidate([FACTORS[i] for i in idxs], b[: m + 1], N)
            continue
        if len(idxs) >= MAX_FACTORS:
            continue
        start = idxs[-1] if idxs else 0
        for idx in range(start, len(FACTORS)):
            k = FACTORS[idx][1]
            if deg + k > MAX_DEGREE or deg + k >= N - min_zeros:
                continue
            tiebreak += 1
            heapq.heappush(heap, (deg + k, len(idxs) + 1, tiebreak, idxs + (idx,), b))


def _candidate(factors, numerator: tuple, N: int) -> Candidate:
    m = len(numerator) - 1
    q = _denominator(factors)
    D = len(q) - 1
    rhs = -sum((q[j] * u(n - j) for j in range(1, D + 1) if q[j]), sympy.Integer(0))
    return Candidate(
        rhs=rhs, kind="c-finite", source="rational-gf:" + "*".join(
            f"(1{'-' if c > 0 else '+'}{abs(c) if abs(c) != 1 else ''}x{'^' + str(k) if k > 1 else ''})"
            for c, k in factors),
        n_params=len(factors), n_prefix=max(0, m + 1 - D), fitted_initial=m + 1,
        description_bits=GF_OVERHEAD_BITS + FACTOR_BITS * len(factors)
        + sum(integer_bits(v) for v in numerator),
        fit_bits=FACTOR_BITS * len(factors))
