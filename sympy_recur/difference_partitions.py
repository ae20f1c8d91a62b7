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

from .chosen_series import MAX_EVALUATED, SHIFTS, ChosenSeries, searchable, table_value, unique_choice
from .partition_convolution import restricted_partition_counts
from .symbols import n

__all__ = ["bounded_partitions", "DifferencePartitions", "verified_difference_partitions",
           "MAX_DIFFERENCE", "MAX_SMALLEST"]

MAX_DIFFERENCE = 9
MAX_SMALLEST = 7
# The fit must be unique among d and m up to this many times their maxima: a
# rule at the edge of the table must not win only because its neighbours are
# not tried (d = 9 fitted 15 terms of a table with larger d).
UNIQUE_AMONG = 2
_k = sympy.Symbol("k", integer=True, nonnegative=True)


def _bounded_partition_counts(count: int, k: int) -> list[int]:
    """Partitions of ``0, ..., count - 1`` into parts of size at most ``k``."""
    return restricted_partition_counts(count, range(1, k + 1))


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
                return sympy.Integer(table_value(_bounded_partition_counts, int(x), int(k)))
        return None

    def _latex(self, printer):
        x, k = (printer._print(arg) for arg in self.args)
        return rf"p_{{\le {k}}}\left({x}\right)"


class DifferencePartitions(ChosenSeries):
    r"""``u(n)``: partitions of ``n + s`` into parts ``>= m`` with consecutive parts ``>= d`` apart.

    Explanation
    ===========

    ``rhs`` is ``Sum(bounded_partitions(n + s - m k - d k (k - 1)/2, k), (k, 0, n + s))``
    (a partition with ``k`` parts is a staircase plus a partition into at most
    ``k`` parts), :attr:`generating_function` the ``q``-series. The choice is
    ``(d, m)``.

    Examples
    ========

    >>> from sympy_recur import recurrence_guess
    >>> r = recurrence_guess([1, 1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 6, 7, 8])
    >>> r.difference, r.smallest, r.shift
    (3, 1, 0)
    >>> r.predict(5)
    [10, 11, 13, 15, 17]
    """

    __slots__ = ()

    @property
    def difference(self) -> int:
        """``d``: the least difference between consecutive parts."""
        return self._choice[0]

    @property
    def smallest(self) -> int:
        """``m``: the least part."""
        return self._choice[1]

    @property
    def generating_function(self) -> sympy.Expr:
        """``x**-s Sum(x**(m k + d k (k - 1)/2) / Product(1 - x**i, (i, 1, k)), (k, 0, oo))``."""
        x = sympy.Symbol("x")
        i = sympy.Symbol("i", integer=True, positive=True)
        d, m = self._choice
        term = x ** (m * _k + d * _k * (_k - 1) / 2) / sympy.Product(1 - x ** i, (i, 1, _k))
        return x ** -self._shift * sympy.Sum(term, (_k, 0, sympy.oo))

    @staticmethod
    def source_name(choice: tuple) -> str:
        return "difference-partitions:{}:{}".format(*choice)

    @staticmethod
    def rule_rhs(choice: tuple, shift: int) -> sympy.Expr:
        d, m = choice
        total = n + shift
        return sympy.Sum(bounded_partitions(total - m * _k - d * _k * (_k - 1) / 2, _k), (_k, 0, total))

    @staticmethod
    def series(choice: tuple, start: int, count: int) -> list[int]:
        """Coefficients ``start, ..., start + count - 1`` of the generating function."""
        d, m = choice
        total = max(start + count, 1)
        out = [0] * total
        k = 0
        while m * k + d * k * (k - 1) // 2 < total:
            e = m * k + d * k * (k - 1) // 2
            for i, v in enumerate(_bounded_partition_counts(total - e, k)):
                out[e + i] += v
            k += 1
        return [out[i] if i >= 0 else 0 for i in range(start, start + count)]


def verified_difference_partitions(terms: list, offset: int, *, deadline=None) -> list[DifferencePartitions]:
    """The difference-``d`` partition counts that reproduce every term, when exactly one choice does.

    Choices that agree on the data (few parts fit in the given range) leave
    the rule undecided: then nothing is returned.
    """
    from .ranking import OPERATOR_BITS
    if not searchable(terms, offset):
        return []
    fits = []
    for shift in SHIFTS:
        for d in range(1, UNIQUE_AMONG * MAX_DIFFERENCE + 1):
            for m in range(1, UNIQUE_AMONG * MAX_SMALLEST + 1):
                if deadline is not None:
                    deadline.check()
                if DifferencePartitions.reproduces((d, m), offset + shift, terms):
                    fits.append(((d, m), shift))
    if any(d > MAX_DIFFERENCE or m > MAX_SMALLEST for (d, m), _ in fits):
        return []
    # the staircase exponent and the bounded partitions: two operators more than the rhs shows
    return unique_choice(DifferencePartitions, terms, offset, fits,
                         choice_bits=math.log2(MAX_DIFFERENCE * MAX_SMALLEST * len(SHIFTS)),
                         extra_bits=2 * OPERATOR_BITS)
