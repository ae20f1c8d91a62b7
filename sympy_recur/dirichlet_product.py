"""Results that are multiplicative functions of the index: Dirichlet products."""

from __future__ import annotations

import math

import sympy
from sympy.functions.combinatorial.numbers import kronecker_symbol, mobius, primeomega

from .guessers.dirichlet import (LIOUVILLE, MAX_EXTRA_ZETA, MAX_FACTORS, DirichletRule, dirichlet_rules, factor_bits,
                                 product_values)
from .recurrence import Recurrence, no_compiled_rule
from .symbols import n

__all__ = ["DirichletProduct", "dirichlet_product", "verified_dirichlet"]

d = sympy.Symbol("d", integer=True, positive=True)
s = sympy.Symbol("s")


def _factor_expr(f, var):
    expr = var ** f.power
    if f.character == LIOUVILLE:
        expr *= (-1) ** primeomega(var)
    elif f.character != 1:
        expr *= kronecker_symbol(f.character, var)
    return expr * mobius(var) if f.inverse else expr


def _rhs(rule: DirichletRule, m) -> sympy.Expr:
    """The product as an expression in ``m``: SymPy functions where it has them, else a divisor sum."""
    fs = list(rule.factors)
    trivial = [f for f in fs if f.character == 1 and f.power == 0 and not f.inverse]
    if len(fs) == 1:
        body = _factor_expr(fs[0], m)
    elif len(fs) == 2 and trivial:
        other = fs[1] if fs[0] in trivial else fs[0]
        if other.character == 1 and not other.inverse:
            body = sympy.divisor_sigma(m, other.power)
        else:
            body = sympy.Sum(_factor_expr(other, d) * sympy.KroneckerDelta(sympy.Mod(m, d), 0), (d, 1, m))
    else:
        # Written for reading; the terms come from the convolution itself.
        body = dirichlet_product(m, sympy.Tuple(*[_factor_expr(f, d) for f in fs]))
    return rule.scale * body


class dirichlet_product(sympy.Function):
    """``dirichlet_product(m, (f1, f2, ...))``: the Dirichlet convolution of the factors (written in ``d``) at ``m``.

    Unevaluated: it names the rule; :class:`DirichletProduct` computes the terms.
    """


class DirichletProduct(Recurrence):
    r"""A multiplicative function of the index: ``u(n) = c (f_1 * ... * f_k)(m)``, ``m = n - offset + 1``.

    Explanation
    ===========

    ``*`` is Dirichlet convolution, ``(f * g)(m) = sum_{d | m} f(d) g(m/d)``,
    and each ``f_i`` is ``d**j kronecker_symbol(D, d)`` or ``d**j
    (-1)**primeomega(d)`` (Liouville), or its inverse (times
    ``mobius(d)``). :attr:`dirichlet_series` is the product of the factors'
    series, ``zeta(s - j)`` for the trivial character. ``rhs`` uses SymPy's
    ``divisor_sigma`` or a divisor ``Sum`` where it can (then it is also
    :meth:`closed_form`); other products are written ``dirichlet_product(m,
    (f1, f2, ...))`` with the factors as expressions in the divisor ``d``.
    Terms are computed by exact convolution. With one exceptional first
    term, ``m = n - offset``.

    Examples
    ========

    >>> from sympy_recur import recurrence_guess
    >>> r = recurrence_guess([1, 1, 4, 1, 6, 4, 8, 1, 13, 6, 12, 4, 14, 8, 24], offset=1)
    >>> r.equation  # the sum of the odd divisors of n
    Eq(u(n), Sum(d*KroneckerDelta(0, Mod(n, d))*kronecker_symbol(4, d), (d, 1, n)))
    >>> r.predict(3)
    [1, 18, 13]
    """

    __slots__ = ("_dirichlet",)

    def __init__(self, rule: DirichletRule, terms: list, *, offset: int, complexity: float, n_checks: int,
                 evidence_bits: float, reason: str = "", _cache=None):
        object.__setattr__(self, "_dirichlet", rule)
        m = n - offset + rule.first
        initial = {offset: terms[0]} if rule.first == 0 else {}
        super().__init__(_rhs(rule, m), order=0, initial=initial, offset=offset, kind="multiplicative",
                         source="dirichlet", complexity=complexity, n_given=len(terms), n_checks=n_checks,
                         evidence_bits=evidence_bits, n_free_initial=1 + len(initial), reason=reason,
                         _compiled=no_compiled_rule, _cache=_cache)

    def __reduce__(self):
        return (_rebuild, (self._dirichlet, self._raw_terms(self._offset, self._offset + self._n_given),
                           self._offset, self._complexity, self._n_checks, self._evidence, self._reason))

    def _with_reason(self, reason: str) -> "DirichletProduct":
        return DirichletProduct(self._dirichlet, self._raw_terms(self._offset, self._offset + self._n_given),
                                offset=self._offset, complexity=self._complexity, n_checks=self._n_checks,
                                evidence_bits=self._evidence, reason=reason, _cache=self._cache)

    @property
    def factors(self) -> tuple:
        """The completely multiplicative factors ``(character, power, inverse)``."""
        return self._dirichlet.factors

    @property
    def dirichlet_series(self) -> sympy.Expr:
        """``sum_m a(m) m**-s`` as a product of ``zeta(s - j)``, ``zeta(2s - 2j)`` and ``L(s - j, D)`` factors."""
        out = sympy.Integer(self._dirichlet.scale)
        for f in self._dirichlet.factors:
            if f.character == 1:
                L = sympy.zeta(s - f.power)
            elif f.character == LIOUVILLE:
                L = sympy.zeta(2 * (s - f.power)) / sympy.zeta(s - f.power)
            else:
                L = sympy.Function("L")(s - f.power, f.character)
            out *= 1 / L if f.inverse else L
        return out

    def _extend(self, stop: int) -> None:
        cache = self._cache
        if len(cache) >= stop - self._offset:
            return
        rule = self._dirichlet
        size = max(stop - self._offset - 1 + rule.first, 1)
        v = product_values(rule.factors, size)
        head = [dict(self._initial)[self._offset]] if rule.first == 0 else []
        cache[:] = head + [rule.scale * x for x in v[1:]]

    def closed_form(self, *, time_limit: float = 5.0):
        """``rhs`` when it is made of SymPy functions that evaluate at integers, else ``None``."""
        if self._rhs.has(dirichlet_product) or self._dirichlet.first == 0:
            return None
        return self._rhs

    def as_dict(self) -> dict:
        out = super().as_dict()
        out["dirichlet_series"] = sympy.sstr(self.dirichlet_series)
        return out


def _rebuild(rule, terms, offset, complexity, n_checks, evidence_bits, reason):
    return DirichletProduct(rule, terms, offset=offset, complexity=complexity, n_checks=n_checks,
                            evidence_bits=evidence_bits, reason=reason)


def verified_dirichlet(terms: list, offset: int) -> list[DirichletProduct]:
    """The Dirichlet products that reproduce every term and pass the guards."""
    from .ranking import OPERATOR_BITS, integer_bits
    from .verify import evidence_bits
    out = []
    for rule in dirichlet_rules(terms):
        k = len(rule.factors)
        fitted = list(terms[: 2 - rule.first])  # a(1) is the scale, after the exceptional a(0)
        # naming the factors the data picked (a small power is cheaper)
        fit_bits = sum(factor_bits(f) for f in rule.factors) + math.log2(MAX_FACTORS + MAX_EXTRA_ZETA)
        evidence = evidence_bits(terms, fitted, k, fit_bits)
        if evidence is None:
            continue
        # the factors' choice, the values taken from the data, and the
        # convolution itself (two operators, like the other transforms)
        complexity = fit_bits + sum(integer_bits(v) for v in fitted) + 2 * OPERATOR_BITS
        rec = DirichletProduct(rule, terms, offset=offset, complexity=complexity,
                               n_checks=len(terms) - len(fitted) - k, evidence_bits=evidence)
        if rec._raw_terms(offset, offset + len(terms)) == list(terms):  # the result's own exact check
            out.append(rec)
    return out
