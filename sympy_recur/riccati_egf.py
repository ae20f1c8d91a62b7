r"""Exponential generating functions that solve a Riccati equation.

Explanation
===========

If the e.g.f. ``A(x) = sum u(n) x^n/n!`` satisfies ``A' = p + q A + r A^2``
(``tan x``: ``A' = 1 + A^2``; the zigzag numbers ``sec x + tan x``:
``2 A' = 1 + A^2``; the ordered Bell numbers ``1/(2 - e^x)``:
``A' = 2 A^2 - A``), comparing coefficients of ``x^(n-1)/(n-1)!`` gives the
full-history recurrence

.. math:: u(n) = p\,[n = 1] + q\,u(n-1) + r \sum_{k=0}^{n-1} \binom{n-1}{k} u(k)\, u(n-1-k),

linear in ``p, q, r``: three unknowns, solved as the exact kernel of a
linear system over QQ and checked on every term.

References
==========

.. [1] R. P. Stanley, "A survey of alternating permutations", Contemp.
   Math. 531 (2010), section 1 (``2 y' = 1 + y^2`` for ``sec + tan``).
"""

from __future__ import annotations

from fractions import Fraction
from math import comb

import sympy

from .linalg import nullspace
from .ranking import OPERATOR_BITS, integer_bits
from .recurrence import UnboundedRecurrence, no_compiled_rule
from .symbols import n, u

__all__ = ["RiccatiExponential", "verified_riccati", "riccati_terms"]

_k = sympy.Symbol("k", integer=True, nonnegative=True)
x = sympy.Symbol("x")
A = sympy.Function("A")
# "the e.g.f. solves A' = p + q A + r A^2": the derivative, the e.g.f. and
# the equation, over what writing the three coefficients costs.
RICCATI_BITS = 3 * OPERATOR_BITS


def riccati_terms(u0, p, q, r, count: int, deadline=None) -> list:
    """``u(0), ..., u(count - 1)`` of the rule (exact)."""
    a = [Fraction(u0)]
    for m in range(count - 1):
        if deadline is not None and m % 32 == 31:
            deadline.check()
        conv = sum(comb(m, j) * a[j] * a[m - j] for j in range(m + 1))
        a.append(p * (m == 0) + q * a[m] + r * conv)
    return [v.numerator if v.denominator == 1 else v for v in a]


def _rhs(p, q, r) -> sympy.Expr:
    P, Q, Rr = (sympy.Rational(c.numerator, c.denominator) for c in (p, q, r))
    conv = sympy.Sum(sympy.binomial(n - 1, _k) * u(_k) * u(n - 1 - _k), (_k, 0, n - 1))
    return P * sympy.KroneckerDelta(n, 1) + Q * u(n - 1) + Rr * conv


class RiccatiExponential(UnboundedRecurrence):
    r"""A sequence whose e.g.f. solves ``A' = p + q A + r A^2``.

    Explanation
    ===========

    ``rhs`` is the full-history recurrence
    ``p KroneckerDelta(n, 1) + q u(n - 1) + r Sum(binomial(n - 1, k) u(k) u(n - 1 - k), (k, 0, n - 1))``;
    :attr:`differential_equation` is the equation for the e.g.f. ``A(x)``.

    Examples
    ========

    >>> from sympy_recur import recurrence_guess
    >>> r = recurrence_guess([1, 1, 1, 2, 5, 16, 61, 272, 1385, 7936, 50521, 353792, 2702765,
    ...                       22368256, 199360981])   # sec x + tan x
    >>> r.differential_equation
    Eq(Derivative(A(x), x), A(x)**2/2 + 1/2)
    >>> r.predict(2)
    [1903757312, 19391512145]
    """

    __slots__ = ("_pqr",)

    def __init__(self, u0, p, q, r, *, n_given: int, evidence_bits: float, complexity: float,
                 reason: str = "", _cache=None):
        object.__setattr__(self, "_pqr", (Fraction(p), Fraction(q), Fraction(r)))
        super().__init__(_rhs(p, q, r), order=0, initial={0: u0}, offset=0, kind="exponential",
                         source="riccati-egf", complexity=complexity, n_given=n_given,
                         n_checks=n_given - 4, evidence_bits=evidence_bits, n_free_initial=1,
                         reason=reason, _compiled=no_compiled_rule, _cache=_cache)

    @property
    def differential_equation(self) -> sympy.Eq:
        """``Eq(A'(x), p + q A(x) + r A(x)**2)`` for the e.g.f. ``A(x) = sum u(n) x^n/n!``."""
        p, q, r = (sympy.Rational(c.numerator, c.denominator) for c in self._pqr)
        f = A(x)
        return sympy.Eq(f.diff(x), p + q * f + r * f ** 2)

    def __reduce__(self):
        return (_rebuild, (self._u0, *self._pqr, self._n_given, self._evidence, self._complexity, self._reason))

    @property
    def _u0(self):
        return dict(self._initial)[0]

    def _with_reason(self, reason: str) -> "RiccatiExponential":
        return RiccatiExponential(self._u0, *self._pqr, n_given=self._n_given, evidence_bits=self._evidence,
                                  complexity=self._complexity, reason=reason, _cache=self._cache)

    def _extend(self, stop: int) -> None:
        if len(self._cache) < stop:
            self._cache[:] = riccati_terms(self._u0, *self._pqr, stop)


def _rebuild(u0, p, q, r, n_given, evidence_bits, complexity, reason) -> RiccatiExponential:
    return RiccatiExponential(u0, p, q, r, n_given=n_given, evidence_bits=evidence_bits,
                              complexity=complexity, reason=reason)


def verified_riccati(terms: list, offset: int, deadline=None) -> list[RiccatiExponential]:
    """The Riccati e.g.f. rule (with ``r != 0``) that recomputes every term and passes the guards."""
    from .ranking import description_length
    from .verify import evidence_bits
    if offset != 0 or len(terms) < 6:
        return []
    head = terms[:40]  # solved on these, then every term recomputed
    rows = [[head[m + 1], int(m == 0), head[m],
             sum(comb(m, j) * head[j] * head[m - j] for j in range(m + 1))] for m in range(len(head) - 1)]
    kernel = nullspace(rows, 4)
    if len(kernel) != 1 or kernel[0][0] == 0 or kernel[0][3] == 0:
        return []
    p, q, r = (Fraction(-c, kernel[0][0]) for c in kernel[0][1:])
    fit_bits = RICCATI_BITS + sum(integer_bits(c) for c in (p, q, r))
    evidence = evidence_bits(terms, list(terms[:1]), 3, fit_bits)
    if evidence is None:
        return []
    if riccati_terms(terms[0], p, q, r, len(terms), deadline) != list(terms):
        return []  # every term recomputed, under the deadline (O(N^2))
    rec = RiccatiExponential(terms[0], p, q, r, n_given=len(terms), evidence_bits=evidence,
                             complexity=description_length(_rhs(p, q, r), terms[:1]))
    return [rec] if rec._raw_terms(0, len(terms)) == list(terms) else []
