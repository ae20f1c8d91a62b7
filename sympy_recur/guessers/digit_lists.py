r"""Lists of the numbers whose digits have a property: a digit count, a difference of two, the digit sum.

Explanation
===========

``k >= k0`` in increasing order such that, written in base ``b`` (2 to
10), ``digit_count(k, b, d) = c`` (numbers with exactly one 8, with no 0),
``digit_count(k, b, d1) - digit_count(k, b, d2) = c`` (as many 4's as
5's, two more 1's than 0's) or, in base 10, ``digit_sum(k) = c``. The
statistics of every number of the range are computed at once (digit by
digit, vectorised); a statistic qualifies when one value of it picks out
exactly the given terms. The bits are counted as for the other lists
(:mod:`~sympy_recur.guessers.number_lists`): naming base, statistic and
value must cost well under choosing the subset.

Limitations
===========

Ranges up to :data:`MAX_RANGE` numbers; one condition (not "no 0's and
exactly one 3"); counts of runs or of digit strings are not among the
statistics.

Examples
========

>>> from sympy_recur.guessers.digit_lists import digit_rules
>>> one_eight = [k for k in range(1000) if str(k).count("8") == 1][:15]
>>> [(r.family, r.params) for r in digit_rules(one_eight)][:1]
[('digits', (10, 'count', 8, 0, 1))]
"""

from __future__ import annotations

import math
from typing import Iterator

import numpy as np

from ..arithmetic import _digit_count
from ..ranking import integer_bits

__all__ = ["MAX_RANGE", "digit_rules", "digit_statistic", "digit_counts", "digit_members"]

MAX_RANGE = 1 << 15
_BASES = range(2, 11)


def digit_statistic(x: int, params: tuple) -> int:
    """The statistic ``params = (b, kind, d1, d2, c)`` names (without ``c``), at ``x >= 0``."""
    b, kind, d1, d2, _ = params
    if kind == "count":
        return _digit_count(x, b, d1)
    if kind == "difference":
        return _digit_count(x, b, d1) - _digit_count(x, b, d2)
    return sum(map(int, str(x)))


def _digit_weights(key: tuple) -> list:
    """What each digit ``0 .. b-1`` adds to the statistic ``key = (b, kind, d1, d2)`` names."""
    b, kind, d1, d2 = key[:4]
    if kind == "sum":
        return list(range(b))
    return [(d == d1) - (kind == "difference" and d == d2) for d in range(b)]


def digit_members(params: tuple, start: int = 0) -> Iterator[int]:
    """The ``k >= start`` whose statistic is ``c``, increasing (without end, but for digit sum 0).

    Built digit by digit, length by length (so in increasing order), and a
    prefix is extended only if the positions left can still bring the
    statistic to ``c``: the work is proportional to the members, however
    sparse (one 1 in base 2 gives the powers of 2), not to the numbers
    walked over.
    """
    b, c = params[0], params[4]
    weights = _digit_weights(params)
    reachable = [{0}]  # the totals that r free digits can add

    def reach(r: int) -> set:
        while len(reachable) <= r:
            reachable.append({s + w for s in reachable[-1] for w in weights})
        return reachable[r]

    def extend(prefix: int, total: int, left: int):
        if left == 0:
            yield prefix
            return
        for d in range(b):
            if c - total - weights[d] in reach(left - 1):
                yield from extend(prefix * b + d, total + weights[d], left - 1)

    if start <= 0 and weights[0] == c:
        yield 0  # the number 0 is written with one digit 0
    if c < min(weights[1:]) and min(weights) >= 0:
        return  # every positive number already adds more than c (digit sum 0)
    length = 1
    while True:
        for d in range(1, b):
            if c - weights[d] in reach(length - 1):
                for x in extend(d, weights[d], length - 1):
                    if x >= start:
                        yield x
        length += 1


def digit_counts(X: np.ndarray, b: int) -> np.ndarray:
    """``C[d, i]``: how many digits of ``X[i] >= 0`` in base ``b`` are ``d`` (``0`` is one digit 0)."""
    C = np.zeros((b, len(X)), dtype=np.int64)
    C[0] += X == 0
    x = X.copy()
    while x.any():
        live = x > 0
        r = x % b
        for d in range(b):
            C[d] += live & (r == d)
        x //= b
    return C


def _statistics(M: np.ndarray, b: int):
    """``(key, weights)`` of the statistics constant on the members, whose counts are ``M``.

    A statistic is ``weights @ C`` for the count matrix ``C``; the key names it.
    """
    def stat(key):
        return key, np.array(_digit_weights(key), dtype=np.int64)

    constant = (M == M[:, :1]).all(axis=1)
    for d in np.flatnonzero(constant):
        yield stat((b, "count", int(d), 0))
    for d1 in range(b):
        for d2 in range(d1 + 1, b):
            if constant[d1] or constant[d2]:
                # not exercised: the members show a single pair of counts,
                # which two conditions on counts explain as well
                continue
            diff = M[d1] - M[d2]
            if (diff == diff[0]).all():
                # the larger count first
                yield stat((b, "difference", d1, d2) if diff[0] >= 0 else (b, "difference", d2, d1))
    if b == 10:
        total = np.arange(10) @ M
        if (total == total[0]).all():
            yield stat((b, "sum", 0, 0))


def digit_rules(terms: list, deadline=None) -> list:
    """Digit-statistic rules whose first members from ``k0`` (0 or 1) are exactly ``terms``, best first."""
    from .number_lists import FAMILY_BITS, MIN_SAVING_BITS, MemberRule, _strictly_increasing, subset_bits
    if len(terms) < 4 or any(getattr(t, "denominator", 1) != 1 for t in terms):
        return []
    terms = [int(t) for t in terms]
    if terms[0] < 0 or not _strictly_increasing(terms) or terms[-1] >= MAX_RANGE:
        return []
    out = []
    X = np.arange(0, terms[-1] + 1, dtype=np.int64)
    rows = np.array(terms)
    member = np.zeros(len(X), dtype=bool)
    member[rows] = True
    for b in _BASES:
        if deadline is not None:
            deadline.check()
        C = None  # the counts of the whole range, once a statistic fits the members
        n_stats = b + b * (b - 1) // 2 + (b == 10)
        for key, weights in _statistics(digit_counts(rows, b), b):
            if C is None:
                C = digit_counts(X, b)
            values = weights @ C
            c = int(values[rows[0]])
            for start in (0, 1):
                if terms[0] < start or not np.array_equal(values[start:] == c, member[start:]):
                    continue
                evidence = subset_bits(len(X) - start, len(terms))
                cost = FAMILY_BITS + 1.0 + math.log2(len(_BASES)) + math.log2(n_stats) + integer_bits(c)
                if evidence - cost >= MIN_SAVING_BITS:
                    out.append(MemberRule("digits", "integers", start, key + (c,), cost, evidence))
                break  # from 1 only where 0 would be a member
    out.sort(key=lambda r: (-r.saving, r.start, r.params))
    return out
