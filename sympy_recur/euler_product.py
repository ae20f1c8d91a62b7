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

from .guessers.euler import (EULER_BITS, divisor_weights, exponential_rhs, exponential_terms,
                             full_history_rhs, k, reciprocal_exponential_rhs, reciprocal_exponential_terms)
from .recurrence import Recurrence, UnboundedRecurrence, no_compiled_rule

__all__ = ["EulerProduct", "ExponentialFormula", "ReciprocalExponential", "x"]

x = sympy.Symbol("x")


class EulerProduct(UnboundedRecurrence):
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

    __slots__ = ("_exponents", "_b_expr", "_shift")
    KIND = "euler-product"
    SOURCE = "euler"
    _rule = staticmethod(full_history_rhs)

    def __init__(self, a0, exponents: Recurrence, b_expr: sympy.Expr, *, n_given: int,
                 evidence_bits: float, shift: int = 0, reason: str = "", _cache=None):
        object.__setattr__(self, "_exponents", exponents)
        object.__setattr__(self, "_b_expr", b_expr)
        object.__setattr__(self, "_shift", int(shift))
        initial = {i: 0 for i in range(shift)}
        initial[shift] = a0
        super().__init__(self._rule(b_expr, shift), order=0, initial=initial, offset=0,
                         kind=self.KIND, source=f"{self.SOURCE}->{exponents.source}",
                         complexity=exponents.complexity + EULER_BITS, n_given=n_given,
                         n_checks=exponents.n_checks, evidence_bits=evidence_bits,
                         n_free_initial=1 + shift + exponents.n_free_initial, reason=reason,
                         _compiled=no_compiled_rule, _cache=_cache)

    def __reduce__(self):
        return (_rebuild, (type(self), self._a0, self._exponents, self._b_expr, self._n_given,
                           self._evidence, self._shift, self._reason))

    def _with_reason(self, reason: str) -> "EulerProduct":
        return type(self)(self._a0, self._exponents, self._b_expr,
                            n_given=self._n_given, evidence_bits=self._evidence, shift=self._shift,
                            reason=reason, _cache=self._cache)

    @property
    def _a0(self):
        return dict(self._initial)[self._shift]

    @property
    def exponents(self) -> Recurrence:
        """The verified rule for ``b(k)``, ``k >= 1``."""
        return self._exponents

    @property
    def generating_function(self) -> sympy.Expr:
        """``c x**m * Product((1 - x**k)**(-b(k)), (k, 1, oo))`` in the symbol ``x``.

        ``m`` is the number of leading zeros and ``c = u(m)``.
        """
        a0 = sympy.Rational(self._a0)
        return a0 * x ** self._shift * sympy.Product((1 - x ** k) ** (-self._b_expr), (k, 1, sympy.oo))

    def _extend(self, stop: int) -> None:
        cache = self._cache
        if len(cache) >= stop:
            return
        s = self._shift
        if not cache:
            cache.extend([0] * s + [self._a0])
        b = self._exponents._raw_terms(1, max(stop - s, 2))
        c = divisor_weights(b)
        for i in range(len(cache), stop):
            m = i - s
            v = Fraction(sum(c[j - 1] * cache[i - j] for j in range(1, m + 1)), m)
            cache.append(v.numerator if v.denominator == 1 else v)

    def as_sequence(self):
        """Not available: SymPy's sequence classes hold fixed-order rules only."""
        raise ValueError("SymPy's RecursiveSeq holds fixed-order recurrences only; "
                         "use .terms() or .generating_function")

    def as_dict(self) -> dict:
        out = super().as_dict()
        out["generating_function"] = sympy.sstr(self.generating_function)
        return out


class ExponentialFormula(EulerProduct):
    r"""A sequence with exponential generating function ``u(0) exp(sum_{k>=1} b(k) x^k/k!)``.

    Explanation
    ===========

    Labelled structures built from connected pieces (set partitions,
    involutions, forests) have such an e.g.f.; ``b(k)`` counts the
    connected pieces of size ``k``. ``rhs`` is the full-history recurrence
    ``Sum(binomial(n - 1, k - 1)*b(k)*u(n - k), (k, 1, n))``.

    Examples
    ========

    >>> from sympy_recur import recurrence_guess
    >>> r = recurrence_guess([1, 1, 2, 5, 15, 52, 203, 877, 4140, 21147, 115975, 678570, 4213597])
    >>> r.equation
    Eq(u(n), Sum(u(-k + n)*binomial(n - 1, k - 1), (k, 1, n)))
    >>> r.generating_function
    exp(Sum(x**k/factorial(k), (k, 1, oo)))
    >>> r.predict(2)
    [27644437, 190899322]
    """

    __slots__ = ()
    KIND = "exponential"
    SOURCE = "exp"
    _rule = staticmethod(lambda b_expr, shift: exponential_rhs(b_expr))

    @property
    def generating_function(self) -> sympy.Expr:
        """The exponential generating function ``u(0) exp(Sum(b(k) x**k/k!, (k, 1, oo)))``."""
        a0 = sympy.Rational(self._a0)
        return a0 * sympy.exp(sympy.Sum(self._b_expr * x ** k / sympy.factorial(k), (k, 1, sympy.oo)))

    _terms = staticmethod(exponential_terms)

    def _extend(self, stop: int) -> None:
        if len(self._cache) >= stop:
            return
        b = self._exponents._raw_terms(1, max(stop, 2))
        self._cache[:] = self._terms(self._a0, b, stop)


class ReciprocalExponential(ExponentialFormula):
    r"""A sequence with exponential generating function ``u(0) / (1 + sum_{k>=1} b(k) x^k/k!)``.

    Explanation
    ===========

    Sequences of structures (ordered set partitions, alternating
    arrangements) have the reciprocal of a simple e.g.f. as theirs (a
    subclass of :class:`ExponentialFormula` only to share its term
    computation: the e.g.f. is not an exponential). ``rhs``
    is the full-history recurrence ``-Sum(binomial(n, k)*b(k)*u(n - k), (k, 1, n))``.

    Examples
    ========

    >>> from sympy_recur import recurrence_guess
    >>> r = recurrence_guess([1, 1, 3, 13, 75, 541, 4683, 47293, 545835, 7087261, 102247563,
    ...                       1622632573, 28091567595])   # ordered Bell (Fubini) numbers
    >>> r.equation
    Eq(u(n), Sum(u(-k + n)*binomial(n, k), (k, 1, n)))
    >>> r.generating_function
    1/(1 - Sum(x**k/factorial(k), (k, 1, oo)))
    >>> r.predict(2)
    [526858348381, 10641342970443]
    """

    __slots__ = ()
    KIND = "exponential"
    SOURCE = "reciprocal-exp"
    _rule = staticmethod(lambda b_expr, shift: reciprocal_exponential_rhs(b_expr))

    @property
    def generating_function(self) -> sympy.Expr:
        """The exponential generating function ``u(0) / (1 + Sum(b(k) x**k/k!, (k, 1, oo)))``."""
        a0 = sympy.Rational(self._a0)
        return a0 / (1 - sympy.Sum(-self._b_expr * x ** k / sympy.factorial(k), (k, 1, sympy.oo)))

    _terms = staticmethod(reciprocal_exponential_terms)


def _rebuild(cls, a0, exponents, b_expr, n_given, evidence_bits, shift, reason) -> EulerProduct:
    return cls(a0, exponents, b_expr, n_given=n_given, evidence_bits=evidence_bits,
               shift=shift, reason=reason)
