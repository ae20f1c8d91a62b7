r"""Self-referential Euler products: rooted trees and their relatives.

Explanation
===========

A rooted tree is a root with a multiset of rooted trees hung below it, so
the number ``a(n)`` of rooted trees with ``n`` nodes has the generating
function ``x prod_{k>=1} (1 - x^k)^(-a(k))``: an Euler product whose
exponents are the sequence itself. :class:`SelfEulerProduct` holds the rule

.. math:: u(s + m) = \frac{1}{m} \sum_{k=1}^{m} c(k)\, u(s + m - k), \qquad
          c(k) = \sum_{d \mid k} d\, u(d + j),

after ``s`` leading zeros and the first non-zero term ``u(s)``: the
exponent of ``(1 - x^k)`` is the term ``j`` places after ``k`` (``j < s``,
so every exponent is known before it is needed). ``s = 1, j = 0`` counts
rooted trees (A000081), ``s = 0, j = -1`` the same numbers without the
leading zero, ``s = 2, j = 1`` series-reduced planted trees (A001678).
No number is fitted: the whole sequence follows from ``u(s)`` and the
choice of ``j``.

References
==========

.. [1] F. Harary, E. M. Palmer, "Graphical Enumeration", Academic Press,
   1973, section 3.1.
"""

from __future__ import annotations

import math
from fractions import Fraction

import sympy

from .guessers.euler import EULER_BITS, inverse_euler, k
from .recurrence import UnboundedRecurrence, no_compiled_rule
from .symbols import n, u

__all__ = ["SelfEulerProduct", "verified_self_euler", "LAGS"]

LAGS = (-1, 0, 1, 2)  # j: the exponent of (1 - x^k) is u(k + j)
_d = sympy.Symbol("d", integer=True, positive=True)


def _rhs(shift: int, lag: int) -> sympy.Expr:
    m = n - shift
    c = sympy.Sum(_d * u(_d + lag) * sympy.KroneckerDelta(0, sympy.Mod(k, _d)), (_d, 1, k))
    return sympy.Sum(c * u(n - k), (k, 1, m)) / m


def self_euler_terms(a0, shift: int, lag: int, count: int, deadline=None) -> list:
    """``u(0), ..., u(count - 1)`` of the rule (exact)."""
    a: list = [0] * shift + [a0]
    c: list = []  # c[k - 1]
    for m in range(1, count - shift):
        if deadline is not None and m % 32 == 0:
            deadline.check()
        # c(m) needs b(d) = a(d + lag) for d | m: all d + lag < shift + m
        c.append(sum(d * a[d + lag] for d in range(1, m + 1) if m % d == 0 and d + lag >= 0))
        v = Fraction(sum(c[kk - 1] * a[shift + m - kk] for kk in range(1, m + 1)), m)
        a.append(v.numerator if v.denominator == 1 else v)
    return a[:count]


class SelfEulerProduct(UnboundedRecurrence):
    r"""``u(s + m) = (1/m) sum_k c(k) u(s + m - k)``, ``c(k) = sum_{d | k} d u(d + j)``.

    Explanation
    ===========

    The generating function satisfies ``A(x) = u(s) x^s prod_k (1 - x^k)^(-u(k + j))``;
    :attr:`lag` is ``j``. ``order`` is ``oo`` and ``initial`` holds the
    leading zeros and ``u(s)``.

    Examples
    ========

    >>> from sympy_recur import recurrence_guess
    >>> r = recurrence_guess([0, 1, 1, 2, 4, 9, 20, 48, 115, 286, 719, 1842, 4766, 12486, 32973])
    >>> r.kind, r.lag
    ('euler-product', 0)
    >>> r.predict(3)
    [87811, 235381, 634847]
    """

    __slots__ = ("_lag", "_shift")
    KIND = "euler-product"

    def __init__(self, a0, shift: int, lag: int, *, n_given: int, evidence_bits: float, reason: str = "",
                 _cache=None):
        object.__setattr__(self, "_lag", int(lag))
        object.__setattr__(self, "_shift", int(shift))
        initial = {i: 0 for i in range(shift)}
        initial[shift] = a0
        rhs = _rhs(shift, lag)
        from .ranking import description_length
        super().__init__(rhs, order=0, initial=initial, offset=0, kind=self.KIND, source="euler:self",
                         complexity=description_length(rhs, [a0]) + EULER_BITS, n_given=n_given,
                         n_checks=n_given - shift - 1, evidence_bits=evidence_bits,
                         n_free_initial=shift + 1, reason=reason, _compiled=no_compiled_rule, _cache=_cache)

    @property
    def _a0(self):
        return dict(self._initial)[self._shift]

    @property
    def lag(self) -> int:
        """``j``: the exponent of ``(1 - x^k)`` is ``u(k + j)``."""
        return self._lag

    def __reduce__(self):
        return (_rebuild, (self._a0, self._shift, self._lag, self._n_given,
                           self._evidence, self._reason))

    def _with_reason(self, reason: str) -> "SelfEulerProduct":
        return SelfEulerProduct(self._a0, self._shift, self._lag, n_given=self._n_given,
                                evidence_bits=self._evidence, reason=reason, _cache=self._cache)

    def _extend(self, stop: int) -> None:
        if len(self._cache) < stop:
            self._cache[:] = self_euler_terms(self._a0, self._shift, self._lag, stop)


def _rebuild(a0, shift, lag, n_given, evidence_bits, reason) -> SelfEulerProduct:
    return SelfEulerProduct(a0, shift, lag, n_given=n_given, evidence_bits=evidence_bits, reason=reason)


def verified_self_euler(terms: list, offset: int, deadline=None, exponents=None) -> list[SelfEulerProduct]:
    """The self-referential Euler products that recompute every term and pass the guards.

    ``exponents``: ``inverse_euler`` of the terms after their leading zeros,
    when the caller has it already (the Euler product search computes it).
    """
    from .verify import evidence_bits
    if offset != 0:
        return []
    shift = next((i for i, t in enumerate(terms) if t != 0), len(terms))
    if shift >= len(terms) - 2:
        return []
    b = inverse_euler(terms[shift:], deadline) if exponents is None else exponents
    if b is None or any(v.denominator != 1 for v in b):
        return []
    out = []
    for lag in LAGS:
        if lag >= shift or lag < -1:
            continue
        # b[d - 1] is the exponent of (1 - x^d); it must be the term d + lag
        if not all(b[d - 1] == terms[d + lag] for d in range(1, len(b) + 1) if d + lag < len(terms)):
            continue
        evidence = evidence_bits(terms, list(terms[: shift + 1]), 0, EULER_BITS + math.log2(len(LAGS)))
        if evidence is None:
            continue
        # every term recomputed (O(N^2): under the deadline), then the result's own check
        if self_euler_terms(terms[shift], shift, lag, len(terms), deadline) != list(terms):
            continue
        rec = SelfEulerProduct(terms[shift], shift, lag, n_given=len(terms), evidence_bits=evidence)
        if rec._raw_terms(0, len(terms)) == list(terms):
            out.append(rec)
    return out
