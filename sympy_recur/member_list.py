"""Results that list the members of a set: ``u(n)`` is the ``n``-th number with a property."""

from __future__ import annotations

from itertools import islice

import sympy
from sympy import Q
from sympy.functions.combinatorial.numbers import kronecker_symbol

from .arithmetic import digit_count, digit_sum, smooth_part
from .guessers.number_lists import MemberRule, form_value, member_rules, members
from .ranking import OPERATOR_BITS
from .recurrence import UnboundedRecurrence, no_compiled_rule
from .symbols import n

__all__ = ["MemberList", "nth_member", "verified_member_lists"]

k = sympy.Symbol("k", integer=True)


class nth_member(sympy.Function):
    """``nth_member(i, Lambda(k, condition), k0)``: the ``i``-th integer ``k >= k0`` that satisfies ``condition``.

    Unevaluated: it names the rule; :class:`MemberList` computes the terms.
    """


def condition(rule: MemberRule) -> sympy.Basic:
    """The property of the members, as a SymPy boolean in ``k``."""
    fam, p = rule.family, rule.params
    if fam == "residues":
        m, S = p
        in_class = sympy.Eq(sympy.Mod(k, m), S[0]) if len(S) == 1 else sympy.Contains(
            sympy.Mod(k, m), sympy.FiniteSet(*S))
        return Q.prime(k) & in_class
    if fam == "kronecker":
        D, s, with_divisors = p
        symbol = kronecker_symbol(D, k)
        holds = sympy.Eq(symbol, s)
        if with_divisors:
            holds = holds | sympy.Eq(symbol, 0)
        return Q.prime(k) & holds
    if fam == "prime-pair":
        a, b1, b2 = p
        both = Q.prime(a * k + b1) & Q.prime(a * k + b2)
        return Q.prime(k) & both if rule.domain == "primes" else both
    if fam == "smooth":
        return sympy.Eq(smooth_part(k, sympy.Tuple(*p)), k)
    if fam == "digits":
        b, kind, d1, d2, c = p
        if kind == "sum":
            stat = digit_sum(k)
        elif kind == "count":
            stat = digit_count(k, b, d1)
        else:
            stat = digit_count(k, b, d1) - digit_count(k, b, d2)
        return sympy.Eq(stat, c)
    image = Q.prime(form_value(p, k))
    return Q.prime(k) & image if rule.domain == "primes" else image


def _rhs(rule: MemberRule, index) -> sympy.Expr:
    chosen = nth_member(index, sympy.Lambda(k, condition(rule)), rule.start)
    return form_value(rule.params, chosen) if rule.family == "prime-values" else chosen


class MemberList(UnboundedRecurrence):
    r"""The members of a set in increasing order: ``u(n) = nth_member(n - offset + 1, Lambda(k, P(k)), k0)``.

    Explanation
    ===========

    ``P(k)`` is one of: ``k`` prime in given residue classes mod ``m``;
    ``k`` prime with ``kronecker_symbol(D, k) = s``; ``a k^d + b`` prime
    (for ``k >= k0``, or for prime ``k``), or two such forms together; a count of one digit of ``k`` in
    base ``b``, a difference of two counts or the decimal digit sum equal
    to ``c``; no prime factor outside a given few (``3^i 7^j``). For the primes of the form ``a
    k^d + b`` the result is ``a c^d + b`` with ``c`` the ``n``-th ``k`` at
    which it is prime. Terms are listed by testing ``k = k0, k0 + 1, ...``
    with :func:`sympy.isprime`; the given terms were checked to be exactly
    the first members, with no number of their range left out.

    Examples
    ========

    >>> from sympy_recur import recurrence_guess
    >>> r = recurrence_guess([7, 19, 31, 43, 67, 79, 103, 127, 139, 151, 163, 199, 211, 223, 271])
    >>> r.equation
    Eq(u(n), nth_member(n + 1, Lambda(k, Q.prime(k) & Eq(Mod(k, 12), 7)), 2))
    >>> r.predict(3)
    [283, 307, 331]
    """

    __slots__ = ("_rule",)

    def __init__(self, rule: MemberRule, terms: list, *, offset: int, complexity: float, reason: str = "",
                 _cache=None):
        object.__setattr__(self, "_rule", rule)
        super().__init__(_rhs(rule, n - offset + 1), order=0, initial={}, offset=offset, kind="list",
                         source=f"number-list:{rule.family}", complexity=complexity, n_given=len(terms),
                         n_checks=len(terms), evidence_bits=rule.saving, n_free_initial=0, reason=reason,
                         _compiled=no_compiled_rule, _cache=_cache)

    def __reduce__(self):
        return (_rebuild, (self._rule, self._raw_terms(self._offset, self._offset + self._n_given),
                           self._offset, self._complexity, self._reason))

    def _with_reason(self, reason: str) -> "MemberList":
        return MemberList(self._rule, self._raw_terms(self._offset, self._offset + self._n_given),
                          offset=self._offset, complexity=self._complexity, reason=reason, _cache=self._cache)

    @property
    def rule(self) -> MemberRule:
        """The set's description: family, domain, first ``k`` and parameters."""
        return self._rule

    order = property(lambda self: 0, doc="0: each term is a function of ``n`` (and of the set).")

    def _extend(self, stop: int) -> None:
        cache = self._cache
        want = stop - self._offset
        if len(cache) < want:
            cache[:] = list(islice(members(self._rule), want))

    def as_sequence(self):
        """Not available: SymPy's sequence classes hold formulas and recurrences, not sets."""
        raise ValueError("a list of the members of a set has no SymPy sequence form; use .terms()")

    def as_dict(self) -> dict:
        out = super().as_dict()
        out["order"] = 0
        return out


def _rebuild(rule, terms, offset, complexity, reason):
    return MemberList(rule, terms, offset=offset, complexity=complexity, reason=reason)


def verified_member_lists(terms: list, offset: int, *, deadline=None) -> list[MemberList]:
    """The sets whose first members are exactly ``terms`` (listed anew from the rule), best first."""
    out = []
    for rule in member_rules(terms, deadline):
        # naming the set, and the operators that list it (nth_member, Lambda,
        # the relation, the function of k): a list is not simpler to write
        # than a short recurrence with the same terms
        rec = MemberList(rule, terms, offset=offset, complexity=rule.cost + 4 * OPERATOR_BITS)
        if rec._raw_terms(offset, offset + len(terms)) == list(terms):
            out.append(rec)
    return out
