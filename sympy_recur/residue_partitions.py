r"""Partitions into parts from two residue classes, each class used at least once.

Explanation
===========

The partitions of ``n`` whose parts are all ``= a (mod m)`` have the
generating function ``P_a(x) = prod_{j} 1/(1 - x^(m j + a))`` over the
positive parts of the class. Partitions into parts from two classes ``a`` and
``b`` with at least one part of each are counted by

.. math:: (P_a(x) - 1)(P_b(x) - 1),

the product of "a non-empty partition into parts of each class": the OEIS
holds a whole table of these (parts ``3k`` and ``3k + 1``, ``5k + 2`` and
``5k + 4``, ...). Such a sequence satisfies no recurrence of fixed order, and
the plain Euler product of the two classes (every part allowed, no condition)
is a different sequence, so neither the ansatz nor the Euler-product search
finds it. No number is fitted: the rule is the choice of ``m``, ``a``, ``b``
and of the index of the first term, and it must be the only choice that
reproduces every given term.
"""

from __future__ import annotations

import math

import sympy

from .chosen_series import MAX_EVALUATED, SHIFTS, ChosenSeries, searchable, table_value, unique_choice
from .partition_convolution import restricted_partition_counts
from .symbols import n

__all__ = ["class_partitions", "ResidueClassPartitions", "verified_residue_partitions", "MAX_MODULUS"]

MAX_MODULUS = 12
UNIQUE_AMONG = 2  # the fit must be unique among moduli up to this many times MAX_MODULUS
_k = sympy.Symbol("k", integer=True, positive=True)


def _class_partition_counts(count: int, m: int, a: int) -> list[int]:
    """Partitions of ``0, ..., count - 1`` into positive parts ``= a (mod m)``."""
    return restricted_partition_counts(count, range(a or m, count, m))


class class_partitions(sympy.Function):
    """``class_partitions(n, m, a)``: partitions of ``n`` into positive parts congruent to ``a`` mod ``m``.

    Examples
    ========

    >>> from sympy_recur.residue_partitions import class_partitions
    >>> [class_partitions(k, 2, 1) for k in range(10)]  # into odd parts
    [1, 1, 1, 2, 2, 3, 4, 5, 6, 8]
    >>> [class_partitions(k, 3, 0) for k in range(7)]  # into multiples of 3
    [1, 0, 0, 1, 0, 0, 2]
    """

    is_integer = True
    is_nonnegative = True

    @classmethod
    def eval(cls, x, m, a):
        if x.is_Integer and m.is_Integer and a.is_Integer and m >= 1 and 0 <= a < m:
            if x < 0:
                return sympy.Integer(0)
            if x <= MAX_EVALUATED:
                return sympy.Integer(table_value(_class_partition_counts, int(x), int(m), int(a)))
        return None

    def _latex(self, printer):
        x, m, a = (printer._print(arg) for arg in self.args)
        return rf"p_{{\equiv {a} \ ({m})}}\left({x}\right)"


class ResidueClassPartitions(ChosenSeries):
    r"""``u(n)``: partitions of ``n + s`` into parts ``= a`` and ``= b (mod m)``, at least one of each.

    Explanation
    ===========

    ``rhs`` is the convolution ``Sum(p_a(k) p_b(n + s - k), (k, 1, n + s - 1))``
    of the two class counts (:class:`class_partitions`), :attr:`generating_function`
    the product ``(P_a - 1)(P_b - 1)`` (for ``s = 0``; ``x**-s`` times it otherwise).
    The choice is ``(m, a, b)``.

    Examples
    ========

    >>> from sympy_recur import recurrence_guess
    >>> r = recurrence_guess([0, 0, 0, 1, 1, 1, 4, 4, 4, 10, 11, 11, 22, 25, 26], offset=1)
    >>> r.modulus, r.residues, r.shift
    (3, (0, 1), 0)
    >>> r.predict(4)
    [44, 51, 54, 84]
    """

    __slots__ = ()

    @property
    def modulus(self) -> int:
        """``m``."""
        return self._choice[0]

    @property
    def residues(self) -> tuple[int, int]:
        """``(a, b)``, ``0 <= a < b < m``; residue 0 stands for the parts ``m, 2m, ...``."""
        return self._choice[1:]

    @property
    def generating_function(self) -> sympy.Expr:
        """``x**-s (P_a(x) - 1)(P_b(x) - 1)`` in the symbol ``x``."""
        x = sympy.Symbol("x")
        j = sympy.Symbol("j", integer=True, nonnegative=True)
        m = self.modulus
        factors = [sympy.Product(1 / (1 - x ** (m * j + (r if r else m))), (j, 0, sympy.oo)) - 1
                   for r in self.residues]
        return x ** -self._shift * factors[0] * factors[1]

    @staticmethod
    def source_name(choice: tuple) -> str:
        return "residue-partitions:{}:{},{}".format(*choice)

    @staticmethod
    def rule_rhs(choice: tuple, shift: int) -> sympy.Expr:
        m, a, b = choice
        total = n + shift
        return sympy.Sum(class_partitions(_k, m, a) * class_partitions(total - _k, m, b), (_k, 1, total - 1))

    @staticmethod
    def series(choice: tuple, start: int, count: int) -> list[int]:
        """Coefficients ``start, ..., start + count - 1`` of ``(P_a - 1)(P_b - 1)``."""
        m, a, b = choice
        total = max(start + count, 1)
        pa, pb = (_class_partition_counts(total, m, r) for r in (a, b))
        pa[0] = pb[0] = 0
        return [sum(pa[j] * pb[i - j] for j in range(1, i)) for i in range(start, start + count)]


def _choices(max_modulus: int) -> list[tuple[int, int, int]]:
    return [(m, a, b) for m in range(2, max_modulus + 1) for a in range(m) for b in range(a + 1, m)]


def verified_residue_partitions(terms: list, offset: int, *, deadline=None) -> list[ResidueClassPartitions]:
    """The two-class partition counts that reproduce every term, when exactly one choice does.

    Two choices that agree on the data but not after it mean the data do not
    decide (a long run of leading zeros leaves the larger parts unseen): then
    nothing is returned. Uniqueness is checked among moduli up to
    ``UNIQUE_AMONG * MAX_MODULUS``, the rule proposed only up to ``MAX_MODULUS``.
    """
    from .ranking import OPERATOR_BITS
    if not searchable(terms, offset):
        return []
    first = next((i for i, t in enumerate(terms) if t), None)
    if first is None or terms[first] != 1:
        return []  # the first partition is the single one of the two smallest parts
    fits = []
    for shift in SHIFTS:
        start = offset + shift
        # moduli up to twice the largest proposed: a rule at the edge of the
        # table must not win only because its neighbours are not tried
        for choice in _choices(UNIQUE_AMONG * MAX_MODULUS):
            m, a, b = choice
            # the smallest count with a part of each class is (a or m) + b
            if (a or m) + b != start + first:
                continue
            if deadline is not None:
                deadline.check()
            if ResidueClassPartitions.reproduces(choice, start, terms):
                fits.append((choice, shift))
    if any(choice[0] > MAX_MODULUS for choice, _ in fits):
        return []
    # the convolution of two class counts and the two "- 1" of the product
    return unique_choice(ResidueClassPartitions, terms, offset, fits,
                         choice_bits=math.log2(len(_choices(MAX_MODULUS)) * len(SHIFTS)),
                         extra_bits=2 * OPERATOR_BITS)
