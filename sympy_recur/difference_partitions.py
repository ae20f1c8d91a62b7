r"""Partitions into parts at least ``m`` that differ pairwise by at least ``d``.

Explanation
===========

Partitions of ``n`` into distinct parts ``>= m`` whose consecutive parts
differ by at least ``d`` (``d = 1``: distinct parts ``>= m``; ``d = 2,
m = 1``: the first Rogers-Ramanujan identity's left side) are counted by

.. math:: \sum_{k \ge 0} \frac{x^{m k + d \binom{k}{2}}}{(1 - x)(1 - x^2) \cdots (1 - x^k)}:

a partition with ``k`` parts is the staircase ``m, m + d, ..., m + (k - 1) d``
plus a partition into at most ``k`` parts. For ``d >= 3`` no product formula
exists, so the Euler-product search does not reach these sequences. No number
is fitted: the rule is the choice of ``d``, ``m`` and of the index of the
first term, and it must be the only choice that reproduces every given term.

References
==========

.. [1] G. E. Andrews, "The Theory of Partitions", Addison-Wesley, 1976,
   chapter 7.
"""

from __future__ import annotations

import math

import sympy

from .recurrence import UnboundedRecurrence, no_compiled_rule
from .symbols import n

__all__ = ["bounded_partitions", "DifferencePartitions", "verified_difference_partitions",
           "MAX_DIFFERENCE", "MAX_SMALLEST"]

MAX_DIFFERENCE = 9
MAX_SMALLEST = 7
# The fit must be unique among d and m up to this many times their maxima: a
# rule at the edge of the table must not win only because its neighbours are
# not tried (d = 9 fitted 15 terms of a table with larger d).
UNIQUE_AMONG = 2
SHIFTS = (0, 1)  # u(n) counts the partitions of n + s: OEIS tables start at n = 0 or at n = 1
# No number is fitted and the choice must be unique: the bar of a pure period
# (as for the residue-class partitions).
SAVING_BITS = 12.0
MAX_EVALUATED = 5000
_k = sympy.Symbol("k", integer=True, nonnegative=True)


def _bounded_partition_counts(count: int, k: int) -> list[int]:
    """Partitions of ``0, ..., count - 1`` into parts of size at most ``k``."""
    c = [1] + [0] * (count - 1)
    for part in range(1, k + 1):
        for i in range(part, count):
            c[i] += c[i - part]
    return c


class bounded_partitions(sympy.Function):
    """``bounded_partitions(n, k)``: partitions of ``n`` into parts of size at most ``k`` (0 for ``n < 0``).

    Examples
    ========

    >>> from sympy_recur.difference_partitions import bounded_partitions
    >>> [bounded_partitions(j, 2) for j in range(8)]
    [1, 1, 2, 2, 3, 3, 4, 4]
    """

    is_integer = True
    is_nonnegative = True

    @classmethod
    def eval(cls, x, k):
        if x.is_Integer and k.is_Integer and k >= 0:
            if x < 0:
                return sympy.Integer(0)
            if x <= MAX_EVALUATED:
                return sympy.Integer(_bounded_partition_counts(int(x) + 1, int(k))[-1])
        return None


def _series(d: int, m: int, start: int, count: int) -> list[int]:
    """Coefficients ``start, ..., start + count - 1`` of the generating function."""
    total = max(start + count, 1)
    out = [0] * total
    k = 0
    while m * k + d * k * (k - 1) // 2 < total:
        e = m * k + d * k * (k - 1) // 2
        bounded = _bounded_partition_counts(total - e, k)
        for i, v in enumerate(bounded):
            out[e + i] += v
        k += 1
    return [out[i] if i >= 0 else 0 for i in range(start, start + count)]


def _rhs(d: int, m: int, shift: int) -> sympy.Expr:
    total = n + shift
    return sympy.Sum(bounded_partitions(total - m * _k - d * _k * (_k - 1) / 2, _k), (_k, 0, total))


class DifferencePartitions(UnboundedRecurrence):
    r"""``u(n)``: partitions of ``n + s`` into parts ``>= m`` with consecutive parts ``>= d`` apart.

    Explanation
    ===========

    ``rhs`` is ``Sum(bounded_partitions(n + s - m k - d k (k - 1)/2, k), (k, 0, n + s))``
    (a partition with ``k`` parts is a staircase plus a partition into at most
    ``k`` parts), :attr:`generating_function` the ``q``-series.

    Examples
    ========

    >>> from sympy_recur import recurrence_guess
    >>> r = recurrence_guess([1, 1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 6, 7, 8])
    >>> r.difference, r.smallest, r.shift
    (3, 1, 0)
    >>> r.predict(5)
    [10, 11, 13, 15, 17]
    """

    __slots__ = ("_difference", "_smallest", "_shift")
    KIND = "partition-convolution"

    def __init__(self, difference: int, smallest: int, shift: int, offset: int, *, n_given: int,
                 evidence_bits: float, complexity: float, reason: str = "", _cache=None):
        object.__setattr__(self, "_difference", int(difference))
        object.__setattr__(self, "_smallest", int(smallest))
        object.__setattr__(self, "_shift", int(shift))
        super().__init__(_rhs(difference, smallest, shift), order=0, initial={}, offset=offset,
                         kind=self.KIND, source=f"difference-partitions:{difference}:{smallest}",
                         complexity=complexity, n_given=n_given, n_checks=n_given,
                         evidence_bits=evidence_bits, n_free_initial=0, reason=reason,
                         _compiled=no_compiled_rule, _cache=_cache)

    @property
    def difference(self) -> int:
        """``d``: the least difference between consecutive parts."""
        return self._difference

    @property
    def smallest(self) -> int:
        """``m``: the least part."""
        return self._smallest

    @property
    def shift(self) -> int:
        """``s``: ``u(n)`` counts the partitions of ``n + s``."""
        return self._shift

    def closed_form(self, *, time_limit: float = 5.0):
        """``rhs``: a finite sum in ``n`` that SymPy evaluates term by term."""
        return self._rhs

    @property
    def generating_function(self) -> sympy.Expr:
        """``x**-s Sum(x**(m k + d k (k - 1)/2) / Product(1 - x**i, (i, 1, k)), (k, 0, oo))``."""
        x = sympy.Symbol("x")
        i = sympy.Symbol("i", integer=True, positive=True)
        d, m = self._difference, self._smallest
        term = x ** (m * _k + d * _k * (_k - 1) / 2) / sympy.Product(1 - x ** i, (i, 1, _k))
        return x ** -self._shift * sympy.Sum(term, (_k, 0, sympy.oo))

    def as_dict(self) -> dict:
        out = super().as_dict()
        out["generating_function"] = sympy.sstr(self.generating_function)
        return out

    def __reduce__(self):
        return (_rebuild, (self._difference, self._smallest, self._shift, self._offset, self._n_given,
                           self._evidence, self._complexity, self._reason))

    def _with_reason(self, reason: str) -> "DifferencePartitions":
        return DifferencePartitions(self._difference, self._smallest, self._shift, self._offset,
                                    n_given=self._n_given, evidence_bits=self._evidence,
                                    complexity=self._complexity, reason=reason, _cache=self._cache)

    def _extend(self, stop: int) -> None:
        size = stop - self._offset
        if len(self._cache) < size:
            self._cache[:] = _series(self._difference, self._smallest, self._offset + self._shift, size)


def _rebuild(difference, smallest, shift, offset, n_given, evidence_bits, complexity, reason):
    return DifferencePartitions(difference, smallest, shift, offset, n_given=n_given,
                                evidence_bits=evidence_bits, complexity=complexity, reason=reason)


def verified_difference_partitions(terms: list, offset: int, *, deadline=None) -> list[DifferencePartitions]:
    """The difference-``d`` partition counts that reproduce every term, when exactly one choice does.

    Choices that agree on the data (few parts fit in the given range) leave
    the rule undecided: then nothing is returned.
    """
    from .ranking import OPERATOR_BITS, description_length
    from .verify import evidence_bits
    if not terms or any(not isinstance(t, int) or t < 0 for t in terms):
        return []
    N = len(terms)
    fits = []
    for shift in SHIFTS:
        start = offset + shift
        for d in range(1, UNIQUE_AMONG * MAX_DIFFERENCE + 1):
            for m in range(1, UNIQUE_AMONG * MAX_SMALLEST + 1):
                if deadline is not None:
                    deadline.check()
                if _series(d, m, start, N) == list(terms):
                    fits.append((d, m, shift))
    if len(fits) != 1 or fits[0][0] > MAX_DIFFERENCE or fits[0][1] > MAX_SMALLEST:
        return []
    d, m, shift = fits[0]
    choice_bits = math.log2(MAX_DIFFERENCE * MAX_SMALLEST * len(SHIFTS))
    evidence = evidence_bits(terms, [], 0, choice_bits, min_saving_bits=SAVING_BITS)
    if evidence is None:
        return []
    # the staircase exponent and the bounded partitions: two operators more than the rhs shows
    complexity = description_length(_rhs(d, m, shift)) + 2 * OPERATOR_BITS + choice_bits
    rec = DifferencePartitions(d, m, shift, offset, n_given=N, evidence_bits=evidence, complexity=complexity)
    if rec._raw_terms(offset, offset + N) != list(terms):  # the result's own exact check
        return []
    return [rec]
