"""Results that halve the index: ``u(n) = f(n, u(floor(n/2)), ...)`` (2-regular sequences)."""

from __future__ import annotations

from .guessers.binary import BinaryRule, extend_terms, rule_rhs
from .recurrence import UnboundedRecurrence, no_compiled_rule

__all__ = ["BinaryRecurrence"]


class BinaryRecurrence(UnboundedRecurrence):
    r"""A rule for ``u(n)`` in terms of ``u(floor(n/2))`` (and ``u(n - 1)``), by parity of ``n``.

    Explanation
    ===========

    ``rhs`` writes the two parity cases as a ``Piecewise`` on ``Mod(n, 2)``;
    ``order`` is ``oo`` (the lag ``n - floor(n/2)`` grows with ``n``) and
    ``initial`` holds the first two terms.

    Examples
    ========

    >>> from sympy_recur import recurrence_guess
    >>> r = recurrence_guess([1, 2, 4, 6, 10, 14, 20, 26, 36, 46, 60, 74, 94, 114, 140])
    >>> r.equation
    Eq(u(n), u(n - 1) + u(floor(n/2)))
    >>> r.predict(3)
    [166, 202, 238]
    """

    __slots__ = ("_rule",)

    def __init__(self, rule: BinaryRule, initial: dict, *, offset: int, complexity: float, n_given: int,
                 n_checks: int, evidence_bits: float, reason: str = "", _cache=None):
        object.__setattr__(self, "_rule", rule)
        super().__init__(rule_rhs(rule), order=0, initial=initial, offset=offset, kind="2-regular",
                         source="binary", complexity=complexity, n_given=n_given, n_checks=n_checks,
                         evidence_bits=evidence_bits, n_free_initial=len(initial), reason=reason,
                         _compiled=no_compiled_rule, _cache=_cache)

    def __reduce__(self):
        return (_rebuild, (self._rule, dict(self._initial), self._offset, self._complexity, self._n_given,
                           self._n_checks, self._evidence, self._reason))

    def _with_reason(self, reason: str) -> "BinaryRecurrence":
        return BinaryRecurrence(self._rule, dict(self._initial), offset=self._offset,
                                complexity=self._complexity, n_given=self._n_given, n_checks=self._n_checks,
                                evidence_bits=self._evidence, reason=reason, _cache=self._cache)

    def _extend(self, stop: int) -> None:
        if not self._cache:
            self._cache.extend(v for _, v in self._initial)
        extend_terms(self._rule, self._cache, self._offset, stop)


def _rebuild(rule, initial, offset, complexity, n_given, n_checks, evidence_bits, reason):
    return BinaryRecurrence(rule, initial, offset=offset, complexity=complexity, n_given=n_given,
                            n_checks=n_checks, evidence_bits=evidence_bits, reason=reason)


def verified_binary(terms: list, offset: int) -> list[BinaryRecurrence]:
    """The halving rules of :func:`~sympy_recur.guessers.binary.binary_rules` that pass the guards."""
    from .guessers.binary import binary_rules
    from .ranking import description_length
    from .verify import evidence_bits
    out = []
    for rule, n_params, fit_bits in binary_rules(terms, offset):
        initial = {offset + i: terms[i] for i in range(2)}
        values = list(terms[:2])
        extend_terms(rule, values, offset, offset + len(terms))
        if values != list(terms):
            continue
        evidence = evidence_bits(terms, terms[:2], n_params, fit_bits)
        if evidence is None:
            continue
        rec = BinaryRecurrence(rule, initial, offset=offset,
                               complexity=description_length(rule_rhs(rule), initial.values()),
                               n_given=len(terms), n_checks=len(terms) - 2 - n_params,
                               evidence_bits=evidence, _cache=values)
        out.append(rec)
    return out
