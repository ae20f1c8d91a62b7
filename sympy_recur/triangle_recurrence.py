"""Results that are triangles read by rows with a Pascal-like rule (inside simple borders, or everywhere)."""

from __future__ import annotations

import itertools

import sympy

from .arithmetic import triangle_column, triangle_row
from .guessers.triangle_recurrence import (PlaneRule, TriangleRule, plane_entries, plane_rules,
                                           triangle_entries, triangle_rules)
from .recurrence import UnboundedRecurrence, no_compiled_rule
from .symbols import n, u

__all__ = ["TriangleRecurrence", "verified_triangle_recurrences"]


def _border_expr(border, R):
    shape, c, x = border
    if shape == "stencil":  # the first column from the previous row (row 0: see rule_rhs)
        return sum((z * _lag(1, -j, R) for j, z in enumerate(x)), sympy.Integer(0))
    if shape == "constant":
        return sympy.Integer(c)
    return c * sympy.Integer(x) ** R if shape == "geometric" else c + x * R


def _lag(i: int, j: int, R):
    """``u`` at ``T(r - i, k - j)`` for the entry ``T(r, k)`` at ``n``: back ``i r - i(i - 1)/2 + j`` places."""
    return u(n - (i * R - i * (i - 1) // 2 + j))


def rule_rhs(rule: TriangleRule | PlaneRule, offset: int) -> sympy.Expr:
    R, K = triangle_row(n - offset), triangle_column(n - offset)
    if isinstance(rule, PlaneRule):
        return _plane_rhs(rule, R, K)
    interior = sum((sympy.Rational(c.numerator, c.denominator) * _lag(i, j, R)
                    for c, (i, j) in zip(rule.coeffs, rule.lags)), sympy.Integer(0))
    top = [(sympy.Integer(rule.left[1]), sympy.Eq(R, 0))] if rule.left[0] == "stencil" else []
    return sympy.Piecewise(*top, (_border_expr(rule.left, R), sympy.Eq(K, 0)),
                           (_border_expr(rule.right, R), sympy.Eq(K, R)), (interior, True))


def _plane_rhs(rule: PlaneRule, R, K, *, padded: bool = True) -> sympy.Expr:
    """The rule as a ``Piecewise``; ``padded=False`` leaves out the zeros outside the triangle.

    The padding is the family's convention, not information fitted to the
    data: the description length is measured without it.
    """
    terms = []
    for (i, j), (c0, cr, ck) in zip(rule.lags, rule.coeffs):
        # T(r - i, k - j) is zero outside the triangle: 0 <= K - j <= R - i
        inside = [cond for cond, needed in ((K >= j, j > 0), (K <= R - i + j, i > j)) if needed]
        entry = _lag(i, j, R)
        if inside and padded:
            entry = sympy.Piecewise((entry, sympy.And(*inside)), (0, True))
        terms.append((c0 + cr * R + ck * K) * entry)
    if rule.head_rows == 1:
        head = [(sympy.Integer(rule.head[0]), sympy.Eq(R, 0))]
    else:
        head = [(sympy.Integer(v), sympy.Eq(R, r) & sympy.Eq(K, k))
                for v, (r, k) in zip(rule.head, ((0, 0), (1, 0), (1, 1)))]
    return sympy.Piecewise(*head, (sympy.Add(*terms), True))


def _entries(rule: TriangleRule | PlaneRule, count: int) -> list:
    return plane_entries(rule, count) if isinstance(rule, PlaneRule) else triangle_entries(rule, count)


class TriangleRecurrence(UnboundedRecurrence):
    r"""A triangle read by rows: ``T(r, k) = a T(r-1, k-1) + b T(r-1, k) [+ ...]``.

    Explanation
    ===========

    ``rhs`` is a ``Piecewise`` on the row ``R = triangle_row(n - offset)``
    and column ``K = triangle_column(n - offset)``: the two borders as
    formulas in ``R``, the interior as the rule in ``u``, whose lags grow
    with the row (``order`` is ``oo``). A rule for the zero-padded triangle
    (:func:`~sympy_recur.guessers.triangle_recurrence.plane_rules`) has no
    borders: the given first row (or two), then the rule, each lag
    ``Piecewise``-guarded to be zero outside the triangle.

    Examples
    ========

    >>> from sympy_recur import recurrence_guess
    >>> r = recurrence_guess([1, 1, 1, 1, 2, 1, 1, 2, 3, 1, 1, 2, 4, 4, 1])
    >>> r.kind, r.predict(6)
    ('triangle', [1, 2, 4, 7, 5, 1])
    """

    __slots__ = ("_rule",)

    def __init__(self, rule: TriangleRule | PlaneRule, *, offset: int, complexity: float, n_given: int, n_checks: int,
                 evidence_bits: float, reason: str = "", _cache=None):
        object.__setattr__(self, "_rule", rule)
        super().__init__(rule_rhs(rule, offset), order=0, initial={}, offset=offset, kind="triangle",
                         source="triangle:recurrence", complexity=complexity, n_given=n_given,
                         n_checks=n_checks, evidence_bits=evidence_bits, n_free_initial=0, reason=reason,
                         _compiled=no_compiled_rule, _cache=_cache)

    def __reduce__(self):
        return (_rebuild, (self._rule, self._offset, self._complexity, self._n_given, self._n_checks,
                           self._evidence, self._reason))

    def _with_reason(self, reason: str) -> "TriangleRecurrence":
        return TriangleRecurrence(self._rule, offset=self._offset, complexity=self._complexity,
                                  n_given=self._n_given, n_checks=self._n_checks, evidence_bits=self._evidence,
                                  reason=reason, _cache=self._cache)

    def _extend(self, stop: int) -> None:
        if len(self._cache) < stop - self._offset:
            self._cache[:] = _entries(self._rule, stop - self._offset)


def _rebuild(rule, offset, complexity, n_given, n_checks, evidence_bits, reason):
    return TriangleRecurrence(rule, offset=offset, complexity=complexity, n_given=n_given, n_checks=n_checks,
                              evidence_bits=evidence_bits, reason=reason)


def verified_triangle_recurrences(terms: list, offset: int) -> list[TriangleRecurrence]:
    """The Pascal-like triangle rules that recompute every term and pass the guards."""
    from .ranking import OPERATOR_BITS, description_length
    from .verify import evidence_bits
    out = []
    for rule in itertools.chain(triangle_rules(terms), plane_rules(terms)):
        plane = isinstance(rule, PlaneRule)
        fitted = list(rule.head) if plane else []  # a border rule counts T(0, 0) among its parameters
        evidence = evidence_bits(terms, fitted, rule.n_params, rule.fit_bits)
        if evidence is None:
            continue
        rhs = rule_rhs(rule, offset)
        if plane:
            R, K = triangle_row(n - offset), triangle_column(n - offset)
            complexity = description_length(_plane_rhs(rule, R, K, padded=False))
        else:
            complexity = description_length(rhs)
        rec = TriangleRecurrence(rule, offset=offset, complexity=complexity + OPERATOR_BITS,
                                 n_given=len(terms), n_checks=len(terms) - len(fitted) - rule.n_params,
                                 evidence_bits=evidence)
        if rec._raw_terms(offset, offset + len(terms)) == list(terms):
            out.append(rec)
    return out
