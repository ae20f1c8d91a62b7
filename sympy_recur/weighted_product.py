r"""Products with weighted factors: ``u(0) prod_{k>=1} (1 + s k^w x^k)^K``.

Explanation
===========

The Euler transform (:mod:`sympy_recur.euler_product`) covers products of
``(1 - x^k)``; OEIS also has families of products whose ``k``-th factor is
weighted by a power of ``k``, such as ``prod (1 - k q^k)^(-9)`` or
``prod (1 + k^2 q^k)``. Their logarithmic derivative gives the
full-history recurrence

.. math:: n\,u(n) = \sum_{i=1}^{n} c(i)\, u(n-i), \qquad
          c(i) = -K \sum_{d \mid i} d\,(-s\,d^w)^{i/d},

and the second term alone fixes ``K = s u(1)/u(0)`` for each sign ``s`` and
weight ``w``: six candidates, each checked on every given term with exact
rational arithmetic.

Limitations
===========

First index 0 and ``u(0) != 0``; weights ``w`` in ``WEIGHTS``, ``|K|`` at most
``MAX_EXPONENT``.
"""

from __future__ import annotations

import math
from fractions import Fraction

import sympy

from .arithmetic import divisors
from .guessers.euler import EULER_BITS, d, k
from .ranking import integer_bits
from .recurrence import UnboundedRecurrence, no_compiled_rule
from .symbols import n, u

__all__ = ["WeightedProduct", "verified_weighted_products", "weighted_product_terms"]

WEIGHTS = (1, 2, 3)
MAX_EXPONENT = 64
CHOICE_BITS = math.log2(2 * len(WEIGHTS))  # the sign s and the weight w
x = sympy.Symbol("x")


def _log_weights(s: int, w: int, K: int, count: int) -> list[int]:
    """``c(1), ..., c(count)`` of the recurrence above."""
    out = []
    for i in range(1, count + 1):
        total = 0
        for q in divisors(i):
            j = i // q
            total += q * (1 if j % 2 else -1) * (s * q ** w) ** j
        out.append(K * total)
    return out


def weighted_product_terms(a0, s: int, w: int, K: int, count: int) -> list:
    """The first ``count`` coefficients of ``a0 prod_{k>=1} (1 + s k^w x^k)^K``, exactly.

    Examples
    ========

    >>> from sympy_recur.weighted_product import weighted_product_terms
    >>> weighted_product_terms(1, 1, 1, 1, 6)   # prod (1 + k x^k)
    [1, 1, 2, 5, 7, 15]
    """
    return list(_iter_terms(a0, s, w, K, count))


def _iter_terms(a0, s: int, w: int, K: int, count: int):
    """The terms one at a time, so that a check can stop at the first that differs."""
    if count < 1:
        return
    c = _log_weights(s, w, K, count - 1)
    out = [a0]
    yield a0
    for m in range(1, count):
        v = Fraction(sum(c[i - 1] * out[m - i] for i in range(1, m + 1)), m)
        out.append(v.numerator if v.denominator == 1 else v)
        yield out[-1]


class WeightedProduct(UnboundedRecurrence):
    r"""A sequence with generating function ``u(0) prod_{k>=1} (1 + s k^w x^k)^K``.

    Explanation
    ===========

    ``rhs`` is the full-history recurrence (``order`` is ``oo``),
    ``initial`` holds ``u(0)`` and :attr:`generating_function` the product.

    Examples
    ========

    >>> from sympy_recur import recurrence_guess
    >>> r = recurrence_guess([1, 9, 63, 354, 1764, 7947, 33294, 131049, 490437, 1756243,
    ...                       6055749, 20190402, 65342031, 205853535, 632948256])
    >>> r.generating_function
    Product((-k*x**k + 1)**(-9), (k, 1, oo))
    >>> r.predict(2)
    [1903369146, 5608257129]
    """

    __slots__ = ("_params",)

    def __init__(self, a0, s: int, w: int, K: int, *, n_given: int, n_checks: int, complexity: float,
                 evidence_bits: float, reason: str = "", _cache=None):
        object.__setattr__(self, "_params", (a0, s, w, K))
        # (-1)**(k/d + 1) (s d**w)**(k/d) = -(-s d**w)**(k/d)
        c = -K * sympy.Sum(d * (-s * d ** w) ** (k / d) * sympy.KroneckerDelta(sympy.Mod(k, d), 0),
                           (d, 1, k))
        super().__init__(sympy.Sum(c * u(n - k), (k, 1, n)) / n, order=0, initial={0: a0}, offset=0,
                         kind="euler-product", source=f"weighted-product:w{w}", complexity=complexity,
                         n_given=n_given, n_checks=n_checks, evidence_bits=evidence_bits,
                         n_free_initial=1, reason=reason, _compiled=no_compiled_rule, _cache=_cache)

    def __reduce__(self):
        return (_rebuild, (self._params, self._n_given, self._n_checks, self._complexity,
                           self._evidence, self._reason))

    def _with_reason(self, reason: str) -> "WeightedProduct":
        return WeightedProduct(*self._params, n_given=self._n_given, n_checks=self._n_checks,
                               complexity=self._complexity, evidence_bits=self._evidence,
                               reason=reason, _cache=self._cache)

    @property
    def generating_function(self) -> sympy.Expr:
        """``u(0) * Product((1 + s k**w x**k)**K, (k, 1, oo))`` in the symbol ``x``."""
        a0, s, w, K = self._params
        return sympy.Rational(a0) * sympy.Product((1 + s * k ** w * x ** k) ** K, (k, 1, sympy.oo))

    def _extend(self, stop: int) -> None:
        if len(self._cache) < stop:
            self._cache[:] = weighted_product_terms(*self._params, stop)

    def as_dict(self) -> dict:
        out = super().as_dict()
        out["generating_function"] = sympy.sstr(self.generating_function)
        return out


def _rebuild(params, n_given, n_checks, complexity, evidence_bits, reason) -> WeightedProduct:
    return WeightedProduct(*params, n_given=n_given, n_checks=n_checks, complexity=complexity,
                           evidence_bits=evidence_bits, reason=reason)


def verified_weighted_products(terms: list, offset: int, *, deadline=None) -> list[WeightedProduct]:
    """The products ``prod (1 + s k^w x^k)^K`` that reproduce ``terms`` and pass the guards.

    Each candidate is computed term by term and dropped at the first term
    that differs (the full check costs ``O(N**2)`` big-integer products);
    ``deadline`` (a :class:`~sympy_recur._deadline.Deadline`) is checked
    every 64 terms.
    """
    from .verify import evidence_bits
    if offset != 0 or len(terms) < 3 or terms[0] == 0:
        return []
    ratio = Fraction(terms[1]) / Fraction(terms[0])
    out = []
    for w in WEIGHTS:
        for s in (1, -1):
            K = ratio * s
            if K.denominator != 1 or K == 0 or abs(K) > MAX_EXPONENT:
                continue
            K = int(K)
            values = []
            for i, v in enumerate(_iter_terms(terms[0], s, w, K, len(terms))):
                if v != terms[i]:
                    break
                values.append(v)
                if deadline is not None and i % 64 == 63:
                    deadline.check()
            if len(values) != len(terms):
                continue
            fit_bits = CHOICE_BITS + integer_bits(K)
            evidence = evidence_bits(terms, [terms[0]], 1, fit_bits + EULER_BITS)
            if evidence is None:
                continue
            out.append(WeightedProduct(terms[0], s, w, K, n_given=len(terms), n_checks=len(terms) - 2,
                                       complexity=EULER_BITS + fit_bits + integer_bits(terms[0]),
                                       evidence_bits=evidence, _cache=values))
    return out
