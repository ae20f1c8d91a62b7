r"""Results that are a function of the index summed over partitions: ``G(x) / prod (1 - x^k)``.

A statistic totalled over all partitions of ``n`` (the number of parts, of
distinct parts, of divisors met...) has the generating function
``G(x) prod_{k>=1} (1 - x^k)^(-1)`` with ``G`` the series of a simple
arithmetic function: the total number of parts is ``sum_m p(n - m) d(m)``.
Multiplying the terms by Euler's ``prod (1 - x^k)`` (a few signed shifts, by
the pentagonal number theorem) undoes the convolution exactly; the
arithmetic and Dirichlet sources then search that image, and a rule found
there is recomputed through the convolution on every given term.
"""

from __future__ import annotations

import sympy

from .recurrence import Recurrence, UnboundedRecurrence, no_compiled_rule
from .symbols import n

__all__ = ["PartitionConvolution", "verified_partition_convolutions", "times_euler_function",
           "partition_numbers", "restricted_partition_counts"]

k = sympy.Symbol("k", integer=True, nonnegative=True)


def _pentagonal_signs(count: int) -> dict[int, int]:
    """Coefficients of ``prod_{k>=1} (1 - x^k)`` below ``x^count``: +-1 at the pentagonal numbers."""
    out = {0: 1}
    j = 1
    while j * (3 * j - 1) // 2 < count:
        sign = -1 if j % 2 else 1
        for m in (j * (3 * j - 1) // 2, j * (3 * j + 1) // 2):
            if m < count:
                out[m] = sign
        j += 1
    return out


def times_euler_function(terms: list) -> list:
    """The first ``len(terms)`` coefficients of ``sum a(i) x^i * prod_{k>=1} (1 - x^k)``."""
    signs = _pentagonal_signs(len(terms))
    return [sum(s * terms[i - m] for m, s in signs.items() if m <= i) for i in range(len(terms))]


def partition_numbers(count: int) -> list[int]:
    """``p(0), ..., p(count - 1)`` by Euler's pentagonal recurrence.

    Examples
    ========

    >>> from sympy_recur.partition_convolution import partition_numbers
    >>> partition_numbers(10)
    [1, 1, 2, 3, 5, 7, 11, 15, 22, 30]
    """
    signs = _pentagonal_signs(count)
    p = [1]
    for i in range(1, count):
        p.append(-sum(s * p[i - m] for m, s in signs.items() if 0 < m <= i))
    return p


def restricted_partition_counts(count: int, parts) -> list[int]:
    """Partitions of ``0, ..., count - 1`` into parts from ``parts`` (distinct positive integers).

    Examples
    ========

    >>> from sympy_recur.partition_convolution import restricted_partition_counts
    >>> restricted_partition_counts(8, (1, 2))
    [1, 1, 2, 2, 3, 3, 4, 4]
    """
    c = [1] + [0] * (count - 1)
    for part in parts:
        for i in range(part, count):
            c[i] += c[i - part]
    return c


class PartitionConvolution(UnboundedRecurrence):
    r"""``u(n) = Sum(partition(k) g(n - k), (k, 0, n - offset))`` with ``g`` a verified closed form.

    Explanation
    ===========

    The generating function is ``G(x) / prod_{k>=1} (1 - x^k)``;
    :attr:`inner` is the verified rule for ``g`` (the terms times Euler's
    product), a closed form in ``n`` with the same offset.

    Examples
    ========

    >>> from sympy_recur import recurrence_guess
    >>> r = recurrence_guess([1, 3, 6, 12, 20, 35, 54, 86, 128, 192, 275, 399, 556, 780, 1068],
    ...                      offset=1)  # the total number of parts in all partitions of n
    >>> r.equation
    Eq(u(n), Sum(divisor_sigma(-k + n, 0)*partition(k), (k, 0, n - 1)))
    >>> r.predict(3)
    [1463, 1965, 2644]
    """

    __slots__ = ("_inner",)

    def __init__(self, inner: Recurrence, *, complexity: float, evidence_bits: float, reason: str = "",
                 _cache=None):
        object.__setattr__(self, "_inner", inner)
        offset = inner.offset
        summand = sympy.partition(k) * inner.rhs.subs(n, n - k)
        if inner.initial:  # g(offset) is an exceptional value, the rule holds after it
            (g0,) = inner.initial.values()
            rhs = sympy.Sum(summand, (k, 0, n - offset - 1)) + g0 * sympy.partition(n - offset)
        else:
            rhs = sympy.Sum(summand, (k, 0, n - offset))
        super().__init__(rhs, order=0, initial={}, offset=offset, kind="partition-convolution",
                         source=f"partitions*{inner.source}", complexity=complexity, n_given=inner.n_given,
                         n_checks=inner.n_checks, evidence_bits=evidence_bits,
                         n_free_initial=inner.n_free_initial, reason=reason, _compiled=no_compiled_rule,
                         _cache=_cache)

    def __reduce__(self):
        return (_rebuild, (self._inner, self._complexity, self._evidence, self._reason))

    def _with_reason(self, reason: str) -> "PartitionConvolution":
        return PartitionConvolution(self._inner, complexity=self._complexity, evidence_bits=self._evidence,
                                    reason=reason, _cache=self._cache)

    @property
    def inner(self) -> Recurrence:
        """The verified closed form ``g`` of the terms times ``prod (1 - x^k)``."""
        return self._inner

    @property
    def generating_function(self) -> sympy.Expr:
        """``Sum(g(n) x**(n - offset)) / Product(1 - x**k)`` in the symbol ``x``."""
        x = sympy.Symbol("x")
        j = sympy.Symbol("j", integer=True, positive=True)
        g = sympy.Sum(self._inner.rhs * x ** (n - self._offset), (n, self._offset, sympy.oo))
        return g / sympy.Product(1 - x ** j, (j, 1, sympy.oo))

    def closed_form(self, *, time_limit: float = 5.0):
        """``rhs``, a finite sum in ``n`` of SymPy functions; ``None`` when ``g`` has an exceptional first value.

        (SymPy then refuses the summand at the first index, e.g. ``divisor_sigma(0)``.)
        """
        return None if self._inner.initial else self._rhs

    def as_dict(self) -> dict:
        out = super().as_dict()
        out["generating_function"] = sympy.sstr(self.generating_function)
        return out

    def _extend(self, stop: int) -> None:
        size = stop - self._offset
        if len(self._cache) >= size:
            return
        g = self._inner._raw_terms(self._offset, stop)
        p = partition_numbers(size)
        self._cache[:] = [sum(p[j] * g[i - j] for j in range(i + 1)) for i in range(size)]


def _rebuild(inner, complexity, evidence_bits, reason):
    return PartitionConvolution(inner, complexity=complexity, evidence_bits=evidence_bits, reason=reason)


def verified_partition_convolutions(terms: list, offset: int, *, deadline=None) -> list[PartitionConvolution]:
    """Partition convolutions of arithmetic closed forms that reproduce every term."""
    from .dirichlet_product import verified_dirichlet
    from .guessers.arithmetic import arithmetic_candidates
    from .ranking import OPERATOR_BITS
    from .verify import verify
    if any(not isinstance(t, int) for t in terms):
        return []
    image = times_euler_function(terms)
    if image == list(terms) or not any(image):
        return []
    inner_rules = [verify(cand, image, offset, deadline=deadline) for cand in arithmetic_candidates(image, offset)]
    inner_rules += verified_dirichlet(image, offset)
    out = []
    for inner in inner_rules:
        # closed forms in n, with at most an exceptional first value
        if inner is None or inner.order != 0 or any(i != offset for i, _ in inner._initial):
            continue
        # the rule for g, the convolution (two operators) and Euler's product (one)
        rec = PartitionConvolution(inner, complexity=inner.complexity + 3 * OPERATOR_BITS,
                                   evidence_bits=inner.evidence_bits)
        if rec._raw_terms(offset, offset + len(terms)) == list(terms):  # the result's own exact check
            out.append(rec)
    return out
