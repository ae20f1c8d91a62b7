"""Results whose generating function is an infinite product (Euler transform).

An :class:`EulerProduct` is a :class:`~sympy_recur.Recurrence` whose
right-hand side uses the whole history,
``u(n) = (1/n) Sum(c(k) u(n - k), (k, 1, n))`` with
``c(k) = sum_{d | k} d b(d)``, equivalently the generating function
``u(0) * Product((1 - x**k)**(-b(k)), (k, 1, oo))``. Its terms come from
the verified rule for the exponents ``b`` (kept as :attr:`exponents`), in
exact rational arithmetic.
"""

from __future__ import annotations

from fractions import Fraction

import sympy

from .guessers.euler import EULER_BITS, divisor_weights, full_history_rhs, k
from .recurrence import Recurrence
from .symbols import n, u

__all__ = ["EulerProduct", "x"]

x = sympy.Symbol("x")


class EulerProduct(Recurrence):
    r"""A sequence with generating function ``u(0) prod_{k>=1} (1 - x^k)^(-b(k))``.

    Explanation
    ===========

    ``rhs`` is the full-history recurrence ``Sum(c(k)*u(n - k), (k, 1, n))/n``
    (``order`` is ``oo``: every earlier term is used), ``initial`` holds
    ``u(0)``, :attr:`exponents` is the verified :class:`Recurrence` of
    ``b(k)`` (first index 1) and :attr:`generating_function` the product.

    Examples
    ========

    >>> from sympy_recur import recurrence_guess
    >>> r = recurrence_guess([1, 1, 2, 3, 5, 7, 11, 15, 22, 30, 42, 56, 77, 101, 135])
    >>> r.equation
    Eq(u(n), Sum(u(-k + n)*divisor_sigma(k), (k, 1, n))/n)
    >>> r.generating_function
    Product(1/(1 - x**k), (k, 1, oo))
    >>> r.predict(3)
    [176, 231, 297]
    """

    __slots__ = ("_exponents", "_b_expr")

    def __init__(self, a0, exponents: Recurrence, b_expr: sympy.Expr, *, n_given: int,
                 evidence_bits: float, reason: str = "", _cache=None):
        object.__setattr__(self, "_exponents", exponents)
        object.__setattr__(self, "_b_expr", b_expr)
        super().__init__(full_history_rhs(b_expr), order=0, initial={0: a0}, offset=0,
                         kind="euler-product", source=f"euler->{exponents.source}",
                         complexity=exponents.complexity + EULER_BITS, n_given=n_given,
                         n_checks=exponents.n_checks, evidence_bits=evidence_bits,
                         n_free_initial=1 + exponents.n_free_initial, reason=reason,
                         _compiled=_no_compiled_rule, _cache=_cache)

    def __reduce__(self):
        return (_rebuild, (dict(self._initial)[0], self._exponents, self._b_expr, self._n_given,
                           self._evidence, self._reason))

    def _with_reason(self, reason: str) -> "EulerProduct":
        return EulerProduct(dict(self._initial)[0], self._exponents, self._b_expr,
                            n_given=self._n_given, evidence_bits=self._evidence, reason=reason,
                            _cache=self._cache)

    order = property(lambda self: sympy.oo, doc="``oo``: the rule uses every earlier term.")

    @property
    def exponents(self) -> Recurrence:
        """The verified rule for ``b(k)``, ``k >= 1``."""
        return self._exponents

    @property
    def generating_function(self) -> sympy.Expr:
        """``u(0) * Product((1 - x**k)**(-b(k)), (k, 1, oo))`` in the symbol ``x``."""
        a0 = sympy.Rational(dict(self._initial)[0])
        return a0 * sympy.Product((1 - x ** k) ** (-self._b_expr), (k, 1, sympy.oo))

    def _extend(self, stop: int) -> None:
        cache = self._cache
        if len(cache) >= stop:
            return
        if not cache:
            cache.append(dict(self._initial)[0])
        b = self._exponents._raw_terms(1, stop)
        c = divisor_weights(b)
        for m in range(len(cache), stop):
            v = Fraction(sum(c[j - 1] * cache[m - j] for j in range(1, m + 1)), m)
            cache.append(v.numerator if v.denominator == 1 else v)

    def closed_form(self, *, time_limit: float = 5.0):
        """``None``: a product generating function has no closed form in ``n`` here."""
        return None

    def as_sequence(self):
        """Not available: SymPy's sequence classes hold fixed-order rules only."""
        raise ValueError("SymPy's RecursiveSeq holds fixed-order recurrences only; "
                         "use .terms() or .generating_function")

    def as_dict(self) -> dict:
        out = super().as_dict()
        out["order"] = "oo"
        out["generating_function"] = sympy.sstr(self.generating_function)
        return out


def _no_compiled_rule(*args):  # the terms come from _extend, never from a compiled rhs
    raise AssertionError("EulerProduct terms are computed by _extend")


def _rebuild(a0, exponents, b_expr, n_given, evidence_bits, reason) -> EulerProduct:
    return EulerProduct(a0, exponents, b_expr, n_given=n_given, evidence_bits=evidence_bits,
                        reason=reason)
