"""Results that are one series out of a finite table: nothing fitted, the choice unique.

A counting table (partitions into two residue classes, partitions whose
parts differ by at least ``d``...) gives one exact series for each choice of
a few small integers. Its source computes the series of every choice in a
range and keeps the data's only when exactly one choice reproduces every
term; :class:`ChosenSeries` holds that choice and the index ``s`` of the
first term (``u(n)`` is the coefficient of ``x^(n + s)``), and computes its
terms from the subclass's :meth:`ChosenSeries.series`.
"""

from __future__ import annotations

from functools import lru_cache

import sympy

from .recurrence import UnboundedRecurrence, no_compiled_rule

__all__ = ["ChosenSeries", "unique_choice", "searchable", "table_value", "SHIFTS", "SEARCH_PREFIX", "MAX_INDEX",
           "MAX_EVALUATED"]

SHIFTS = (0, 1)  # u(n) is the coefficient of x^(n + s): OEIS tables start at n = 0 or at n = 1
# A table's series costs O(N^2) operations or more to compute: the tables are
# tried on inputs that end by this index (the first terms of a table start
# at n = 0 or 1), every choice on the first SEARCH_PREFIX terms, the ones
# left on all.
MAX_INDEX = 500
SEARCH_PREFIX = 24
MAX_EVALUATED = 5000  # the tables' counting functions evaluate themselves up to this argument


@lru_cache(maxsize=32)
def cached_table(counts, size: int, *key) -> tuple:
    """``counts(size, *key)`` as a tuple, remembered: a SymPy sum evaluates its summand at every index."""
    return tuple(counts(size, *key))


def table_value(counts, x: int, *key) -> int:
    """``counts(...)[x]`` from a cached table whose size is a power of two (few tables for many ``x``)."""
    return cached_table(counts, 1 << max(x, 1).bit_length(), *key)[x]


def searchable(terms: list, offset: int) -> bool:
    """Whether ``terms`` (non-negative integers from ``offset``) are short and early enough to search."""
    return (bool(terms) and 0 <= offset and offset + max(SHIFTS) + len(terms) <= MAX_INDEX
            and all(isinstance(t, int) and t >= 0 for t in terms))


class ChosenSeries(UnboundedRecurrence):
    """Base of a table's series: subclasses give :meth:`rule_rhs`, :meth:`series` and :meth:`source_name`."""

    __slots__ = ("_choice", "_shift")
    KIND = "partition-convolution"

    def __init__(self, choice: tuple, shift: int, offset: int, *, n_given: int, evidence_bits: float,
                 complexity: float, reason: str = "", _cache=None):
        object.__setattr__(self, "_choice", tuple(int(c) for c in choice))
        object.__setattr__(self, "_shift", int(shift))
        super().__init__(self.rule_rhs(self._choice, self._shift), order=0, initial={}, offset=offset,
                         kind=self.KIND, source=self.source_name(self._choice), complexity=complexity,
                         n_given=n_given, n_checks=n_given, evidence_bits=evidence_bits, n_free_initial=0,
                         reason=reason, _compiled=no_compiled_rule, _cache=_cache)

    @staticmethod
    def rule_rhs(choice: tuple, shift: int) -> sympy.Expr:
        """``u(n)`` as a finite sum in ``n``."""
        raise NotImplementedError

    @staticmethod
    def series(choice: tuple, start: int, count: int) -> list[int]:
        """Coefficients ``start, ..., start + count - 1`` of the table's generating function."""
        raise NotImplementedError

    @staticmethod
    def source_name(choice: tuple) -> str:
        raise NotImplementedError

    @classmethod
    def reproduces(cls, choice: tuple, start: int, terms: list) -> bool:
        """Whether the series from coefficient ``start`` is ``terms``: on the first terms, then on all."""
        head = terms[:SEARCH_PREFIX]
        if cls.series(choice, start, len(head)) != head:
            return False
        return len(head) == len(terms) or cls.series(choice, start, len(terms)) == list(terms)

    @property
    def shift(self) -> int:
        """``s``: ``u(n)`` is the coefficient of ``x^(n + s)``."""
        return self._shift

    def closed_form(self, *, time_limit: float = 5.0):
        """``rhs``: a finite sum in ``n`` that SymPy evaluates term by term."""
        return self._rhs

    def as_dict(self) -> dict:
        out = super().as_dict()
        out["generating_function"] = sympy.sstr(self.generating_function)
        return out

    def __reduce__(self):
        return (_rebuild, (type(self), self._choice, self._shift, self._offset, self._n_given,
                           self._evidence, self._complexity, self._reason))

    def _with_reason(self, reason: str) -> "ChosenSeries":
        return type(self)(self._choice, self._shift, self._offset, n_given=self._n_given,
                          evidence_bits=self._evidence, complexity=self._complexity, reason=reason,
                          _cache=self._cache)

    def _extend(self, stop: int) -> None:
        size = stop - self._offset
        if len(self._cache) < size:
            self._cache[:] = self.series(self._choice, self._offset + self._shift, size)


def _rebuild(cls, choice, shift, offset, n_given, evidence_bits, complexity, reason):
    return cls(choice, shift, offset, n_given=n_given, evidence_bits=evidence_bits, complexity=complexity,
               reason=reason)


def unique_choice(cls, terms: list, offset: int, fits: list[tuple[tuple, int]], *, choice_bits: float,
                  extra_bits: float = 0.0) -> list[ChosenSeries]:
    """The result for the one ``(choice, shift)`` in ``fits``; ``[]`` if there are several or none.

    ``choice_bits`` is the information in picking it from the table, and
    ``extra_bits`` what the description adds to the ``rhs`` it shows. No
    number is fitted and the choice must be unique, so the guard's bar is the
    one of a pure period (a table's first terms are often zeros, 1 bit each).
    """
    from .ranking import description_length
    from .verify import PERIODIC_SAVING_BITS, evidence_bits
    if len(fits) != 1:
        return []
    choice, shift = fits[0]
    evidence = evidence_bits(terms, [], 0, choice_bits, min_saving_bits=PERIODIC_SAVING_BITS)
    if evidence is None:
        return []
    complexity = description_length(cls.rule_rhs(choice, shift)) + extra_bits + choice_bits
    rec = cls(choice, shift, offset, n_given=len(terms), evidence_bits=evidence, complexity=complexity)
    if rec._raw_terms(offset, offset + len(terms)) != list(terms):  # the result's own exact check
        return []
    return [rec]
