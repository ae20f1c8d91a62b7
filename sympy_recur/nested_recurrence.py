r"""Nested (meta-Fibonacci) recurrences: the terms are their own indices.

Explanation
===========

Hofstadter's Q sequence ``u(n) = u(n - u(n-1)) + u(n - u(n-2))``, Golomb's
sequence ``u(n) = 1 + u(n - u(u(n-1)))`` and their kin read earlier terms at
positions given by terms. No linear algebra finds them and they have no
coefficient to fit: each rule of :data:`TEMPLATES` is run forward from the
first one, two or three given terms and must reproduce every other term.

A rule that uses an absolute index (``u(u(n-1))``, ``n - ...``) depends on
where the sequence starts: ``shift`` is the index the first given term has
in the rule's own numbering (0 or 1; OEIS lists most of these from 1).
"""

from __future__ import annotations

import math
from typing import Callable, NamedTuple


from .recurrence import UnboundedRecurrence, no_compiled_rule
from .symbols import n, u

__all__ = ["NestedRecurrence", "verified_nested", "TEMPLATES", "nested_terms"]


class Template(NamedTuple):
    name: str
    value: Callable  # (terms so far, n, shift) -> u(n); IndexError when a position is out of range
    expr: Callable   # (shift) -> SymPy rhs in n and u
    absolute: bool = True  # reads an absolute position (u(u(n-1)), n - ...): the shift matters


def _at(a: list, i: int):
    if not 0 <= i < len(a):
        raise IndexError(i)
    return a[i]


TEMPLATES = (
    Template("hofstadter-q", lambda a, m, s: _at(a, m - a[m - 1]) + _at(a, m - a[m - 2]),
             lambda s: u(n - u(n - 1)) + u(n - u(n - 2)), absolute=False),
    Template("hofstadter-conway", lambda a, m, s: _at(a, a[m - 1] - s) + _at(a, m - a[m - 1]),
             lambda s: u(u(n - 1) - s) + u(n - u(n - 1))),
    Template("mallows", lambda a, m, s: _at(a, a[m - 2] - s) + _at(a, m - a[m - 2]),
             lambda s: u(u(n - 2) - s) + u(n - u(n - 2))),
    Template("hofstadter-g", lambda a, m, s: m + s - _at(a, a[m - 1] - s),
             lambda s: n + s - u(u(n - 1) - s)),
    Template("hofstadter-h", lambda a, m, s: m + s - _at(a, _at(a, a[m - 1] - s) - s),
             lambda s: n + s - u(u(u(n - 1) - s) - s)),
    Template("golomb", lambda a, m, s: 1 + _at(a, m - _at(a, a[m - 1] - s)),
             lambda s: 1 + u(n - u(u(n - 1) - s))),
    Template("tanny", lambda a, m, s: _at(a, m - 1 - a[m - 1]) + _at(a, m - 2 - a[m - 2]),
             lambda s: u(n - 1 - u(n - 1)) + u(n - 2 - u(n - 2)), absolute=False),
)
SHIFTS = (0, 1)
MAX_INITIAL = 3
# Choosing the template, the shift and the number of initial values.
CHOICE_BITS = math.log2(len(TEMPLATES) * len(SHIFTS) * MAX_INITIAL)


def nested_terms(template: Template, initial: list, shift: int, count: int, expected: list | None = None
                 ) -> list | None:
    """The first ``count`` terms, or ``None`` where the rule reads outside the terms it has
    (or, given ``expected``, as soon as a term differs from it)."""
    a = list(initial[:count])
    try:
        for m in range(len(a), count):
            v = template.value(a, m, shift)
            if not isinstance(v, int) or (expected is not None and v != expected[m]):
                return None
            a.append(v)
    except (IndexError, TypeError):
        return None
    return a


class NestedRecurrence(UnboundedRecurrence):
    r"""A rule whose lags are earlier terms, such as ``u(n) = u(n - u(n-1)) + u(n - u(n-2))``.

    Explanation
    ===========

    ``order`` is ``oo`` (how far back the rule reads depends on the terms);
    ``initial`` holds the given terms the rule starts from, :attr:`template`
    names the rule.

    Examples
    ========

    >>> from sympy_recur import recurrence_guess
    >>> r = recurrence_guess([1, 2, 2, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 6])   # Golomb's sequence
    >>> r.equation
    Eq(u(n), u(n - u(u(n - 1) - 1)) + 1)
    >>> r.predict(6)
    [7, 7, 7, 7, 8, 8]
    """

    __slots__ = ("_template", "_shift")

    def __init__(self, template: Template, initial: list, shift: int, *, n_given: int, evidence_bits: float,
                 complexity: float, reason: str = "", _cache=None):
        object.__setattr__(self, "_template", template)
        object.__setattr__(self, "_shift", int(shift))
        super().__init__(template.expr(shift), order=0, initial=dict(enumerate(initial)), offset=0,
                         kind="nonlinear", source=f"nested:{template.name}", complexity=complexity,
                         n_given=n_given, n_checks=n_given - len(initial), evidence_bits=evidence_bits,
                         n_free_initial=len(initial), reason=reason, _compiled=no_compiled_rule,
                         _cache=_cache)

    @property
    def template(self) -> str:
        """The rule's name (``"hofstadter-q"``, ``"golomb"``...)."""
        return self._template.name

    def _initial_list(self) -> list:
        return [v for _, v in sorted(self._initial)]

    def __reduce__(self):
        return (_rebuild, (self._template.name, self._initial_list(), self._shift, self._n_given,
                           self._evidence, self._complexity, self._reason))

    def _with_reason(self, reason: str) -> "NestedRecurrence":
        return NestedRecurrence(self._template, self._initial_list(), self._shift, n_given=self._n_given,
                                evidence_bits=self._evidence, complexity=self._complexity, reason=reason,
                                _cache=self._cache)

    def _extend(self, stop: int) -> None:
        if len(self._cache) >= stop:
            return
        terms = nested_terms(self._template, self._initial_list(), self._shift, stop)
        if terms is None:
            raise ValueError(f"the rule {self.equation} reads a position outside the sequence "
                             f"before term {stop}")
        self._cache[:] = terms


def _rebuild(name, initial, shift, n_given, evidence_bits, complexity, reason) -> NestedRecurrence:
    template = next(t for t in TEMPLATES if t.name == name)
    return NestedRecurrence(template, initial, shift, n_given=n_given, evidence_bits=evidence_bits,
                            complexity=complexity, reason=reason)


def verified_nested(terms: list, offset: int) -> list[NestedRecurrence]:
    """The nested rules that reproduce every term from the fewest initial terms and pass the guards."""
    from .ranking import description_length
    from .verify import evidence_bits
    if offset != 0 or not all(isinstance(t, int) and t > 0 for t in terms):
        return []  # positions are positive integers
    out = []
    for template in TEMPLATES:
        for shift in SHIFTS:
            if shift and not template.absolute:
                continue  # the rule reads relative positions only: the shift changes nothing
            for p in range(1, MAX_INITIAL + 1):
                if nested_terms(template, terms[:p], shift, len(terms), terms) is None:
                    continue
                evidence = evidence_bits(terms, list(terms[:p]), 0, CHOICE_BITS)
                if evidence is not None:
                    rhs = template.expr(shift)
                    out.append(NestedRecurrence(template, list(terms[:p]), shift, n_given=len(terms),
                                                evidence_bits=evidence,
                                                complexity=description_length(rhs, terms[:p])))
                break
    return out
