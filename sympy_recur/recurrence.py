"""The result object of :func:`~sympy_recur.recurrence_guess`."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import sympy

from .evaluate import EvaluationError, compile_rhs, to_sympy_number
from .symbols import n, u

__all__ = ["Recurrence", "UnboundedRecurrence", "KINDS"]

KINDS = ("closed-form", "c-finite", "hypergeometric", "p-recursive", "nonlinear", "euler-product",
         "exponential", "2-regular", "multiplicative", "triangle", "list",
         "partition-convolution", "divisor-sum")


class Recurrence:
    r"""A rule ``u(n) = rhs`` that reproduces the given terms exactly.

    Explanation
    ===========

    ``rhs`` is a SymPy expression in ``n`` and ``u(n - 1), ..., u(n - d)``
    (``d = order``); a closed form has order 0 and ``rhs`` in ``n`` alone.
    Terms at the indices in ``initial`` are given rather than computed: the
    first ``order`` indices, plus any index where ``rhs`` is undefined (for
    example a root of the leading coefficient of a P-recursive equation).
    Every instance returned by :func:`~sympy_recur.recurrence_guess` was
    checked with exact rational arithmetic on every term it was given.

    Examples
    ========

    >>> from sympy_recur import recurrence_guess
    >>> r = recurrence_guess([0, 1, 1, 2, 3, 5, 8, 13, 21, 34])
    >>> r
    Recurrence(u(n) = u(n - 2) + u(n - 1), initial={u(0): 0, u(1): 1}, kind='c-finite')
    >>> r.predict(3)
    [55, 89, 144]
    >>> r.order, r.kind
    (2, 'c-finite')

    Notes
    =====

    The fields are read-only attributes: ``rhs``, ``order``, ``offset``,
    ``kind``, ``source`` (which candidate source found it), ``complexity``
    (its description length in bits: smaller is simpler), ``reason`` (why it
    ranks first, or where it ranks), ``n_given`` (terms it was verified on),
    ``n_checks`` (terms it reproduces beyond those used to fit it) and
    ``evidence_bits`` (information in the terms beyond the fitted numbers).
    """

    __slots__ = ("_rhs", "_order", "_initial", "_offset", "_kind", "_source",
                 "_complexity", "_reason", "_n_given", "_n_checks", "_evidence", "_n_free", "_f", "_cache")

    def __init__(self, rhs: sympy.Expr, *, order: int, initial: dict[int, int | Fraction],
                 offset: int, kind: str, source: str, complexity: float, n_given: int,
                 n_checks: int, evidence_bits: float = 0.0, n_free_initial: int | None = None,
                 reason: str = "",
                 _compiled=None, _cache=None):
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}; expected one of {KINDS}")
        set_ = object.__setattr__
        set_(self, "_rhs", sympy.sympify(rhs))
        set_(self, "_order", int(order))
        set_(self, "_initial", tuple(sorted(initial.items())))
        set_(self, "_offset", int(offset))
        set_(self, "_kind", kind)
        set_(self, "_source", source)
        set_(self, "_complexity", float(complexity))
        set_(self, "_reason", reason)
        set_(self, "_n_given", int(n_given))
        set_(self, "_n_checks", int(n_checks))
        set_(self, "_evidence", float(evidence_bits))
        set_(self, "_n_free", len(initial) if n_free_initial is None else int(n_free_initial))
        set_(self, "_f", _compiled or compile_rhs(self._rhs))
        set_(self, "_cache", list(_cache) if _cache else [])

    def __setattr__(self, name, value):
        raise AttributeError("Recurrence objects are immutable")

    def __reduce__(self):
        # The compiled evaluator is a closure (not picklable) and the default
        # slot restore would hit __setattr__: rebuild through __init__ instead,
        # so results can come back from worker processes.
        return (_rebuild, (self._rhs, self._order, dict(self._initial), self._offset, self._kind,
                           self._source, self._complexity, self._n_given, self._n_checks,
                           self._evidence, self._n_free, self._reason))

    def _with_reason(self, reason: str) -> "Recurrence":
        return Recurrence(self._rhs, order=self._order, initial=dict(self._initial),
                          offset=self._offset, kind=self._kind, source=self._source,
                          complexity=self._complexity, n_given=self._n_given,
                          n_checks=self._n_checks, evidence_bits=self._evidence,
                          n_free_initial=self._n_free,
                          reason=reason, _compiled=self._f,
                          _cache=self._cache)

    # -- fields -------------------------------------------------------------
    rhs = property(lambda self: self._rhs, doc="Right-hand side, in ``n`` and ``u(n - j)``.")
    order = property(lambda self: self._order, doc="Largest lag ``d`` (0 for a closed form).")
    offset = property(lambda self: self._offset, doc="Index of the first given term.")
    kind = property(lambda self: self._kind, doc="One of " + ", ".join(KINDS) + ".")
    source = property(lambda self: self._source, doc="The candidate source that proposed it.")
    complexity = property(lambda self: self._complexity, doc="Description length in bits.")
    reason = property(lambda self: self._reason, doc="Why it ranks where it does.")
    n_given = property(lambda self: self._n_given, doc="Number of given terms it reproduces.")
    n_checks = property(lambda self: self._n_checks,
                        doc="Given terms reproduced beyond those used to fit it.")
    evidence_bits = property(lambda self: self._evidence,
                             doc="Bits of the given terms explained beyond the fitted numbers.")
    n_free_initial = property(lambda self: self._n_free,
                              doc="Initial values that were free to fit the data (a rational "
                                  "g.f. fixes many through a short numerator).")

    @property
    def equation(self) -> sympy.Eq:
        """``Eq(u(n), rhs)``, ready for :func:`sympy.rsolve`."""
        return sympy.Eq(u(n), self._rhs, evaluate=False)

    @property
    def initial(self) -> dict:
        """The given (not computed) terms as ``{u(i): value}``, as ``rsolve`` takes them."""
        return {u(i): to_sympy_number(v) for i, v in self._initial}

    # -- terms ----------------------------------------------------------------
    def _extend(self, stop: int) -> None:
        """Compute exact terms with index < ``stop`` into the cache."""
        cache = self._cache
        init = dict(self._initial)
        d = self._order
        i = self._offset + len(cache)
        while i < stop:
            if i in init:
                v = init[i]
            else:
                prev = {j: cache[i - j - self._offset] for j in range(1, d + 1)
                        if i - j >= self._offset}
                try:
                    v = self._f(i, prev)
                except EvaluationError as exc:
                    raise ValueError(f"the rule is undefined at n = {i}: {exc}") from None
            cache.append(v)
            i += 1

    def _raw_terms(self, start: int, stop: int) -> list:
        self._extend(stop)
        return self._cache[start - self._offset: stop - self._offset]

    def terms(self, start: int | None = None, stop: int | None = None) -> list:
        """Exact terms ``u(start), ..., u(stop - 1)`` as SymPy numbers.

        ``start`` defaults to ``offset`` and ``stop`` to the end of the given
        terms. Raises ``ValueError`` where the rule is undefined.
        """
        start = self._offset if start is None else int(start)
        stop = self._offset + self._n_given if stop is None else int(stop)
        if start < self._offset:
            raise ValueError(f"start must be >= offset {self._offset}, got {start}")
        if stop < start:
            raise ValueError(f"stop ({stop}) must be >= start ({start})")
        return [to_sympy_number(v) for v in self._raw_terms(start, stop)]

    def predict(self, k: int = 10) -> list:
        """The ``k`` terms that follow the given ones, exact.

        Examples
        ========

        >>> from sympy_recur import recurrence_guess
        >>> recurrence_guess([1, 2, 6, 24, 120, 720, 5040, 40320]).predict(2)
        [362880, 3628800]
        """
        if isinstance(k, bool) or not isinstance(k, int) or k < 0:
            raise ValueError(f"k must be a non-negative int, got {k!r}")
        first = self._offset + self._n_given
        return self.terms(first, first + k)

    # -- conversions ----------------------------------------------------------
    def closed_form(self, *, time_limit: float = 5.0):
        """An expression in ``n`` equal to ``u(n)`` for every ``n >= offset``, or ``None``.

        A closed-form result returns its ``rhs``. For a recurrence, SymPy's
        ``rsolve`` runs in a child process that is killed after
        ``time_limit`` seconds; its answer is returned only if it reproduces
        the first terms exactly.

        Examples
        ========

        >>> from sympy_recur import recurrence_guess
        >>> recurrence_guess([1, 3, 7, 15, 31, 63, 127, 255]).closed_form()
        2**(n + 1) - 1
        """
        from .closed_form import closed_form_of
        return closed_form_of(self, time_limit=time_limit)

    def as_sequence(self):
        """The rule as a SymPy sequence: ``SeqFormula`` or ``RecursiveSeq``."""
        if self._order == 0:
            return sympy.SeqFormula(self._rhs, (n, self._offset, sympy.oo))
        first = [i for i, _ in self._initial]
        if first != list(range(self._offset, self._offset + self._order)):
            raise ValueError("RecursiveSeq cannot hold initial values beyond the first "
                             f"{self._order}; this rule also fixes u(n) at n in {first[self._order:]}")
        from sympy.series.sequences import RecursiveSeq
        return RecursiveSeq(
            self._rhs, u(n), n,
            [to_sympy_number(v) for _, v in self._initial], start=self._offset)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready description (strings for expressions and rationals)."""
        return {
            "equation": f"u(n) = {sympy.sstr(self._rhs)}",
            "rhs": sympy.sstr(self._rhs),
            "order": self._order,
            "offset": self._offset,
            "initial": {str(i): str(v) for i, v in self._initial},
            "kind": self._kind,
            "source": self._source,
            "complexity_bits": round(self._complexity, 2),
            "n_given": self._n_given,
            "n_checks": self._n_checks,
            "evidence_bits": round(self._evidence, 2),
            "reason": self._reason,
        }

    # -- printing -------------------------------------------------------------
    def _initial_str(self) -> str:
        return "{" + ", ".join(f"u({i}): {v}" for i, v in self._initial) + "}"

    def __repr__(self) -> str:
        head = f"{type(self).__name__}(u(n) = {sympy.sstr(self._rhs)}"
        if self._initial:
            head += f", initial={self._initial_str()}"
        elif self._offset:
            head += f", offset={self._offset}"
        return head + f", kind={self._kind!r})"

    def __str__(self) -> str:
        parts = [f"u(n) = {sympy.sstr(self._rhs)}"]
        parts += [f"u({i}) = {v}" for i, v in self._initial]
        text = ", ".join(parts)
        return text + (f"  (n >= {self._offset})" if self._offset else "")

    def _latex(self, printer=None) -> str:
        body = sympy.latex(self.equation)
        if self._initial:
            body += r",\quad " + ", ".join(
                f"{sympy.latex(u(i))} = {sympy.latex(to_sympy_number(v))}" for i, v in self._initial)
        return body

    def _repr_latex_(self) -> str:
        return "$\\displaystyle " + self._latex() + "$"

    def _repr_pretty_(self, p, cycle) -> None:
        # IPython / isympy: reuse SymPy's pretty printer for the equation.
        p.text(sympy.pretty(self.equation) if not cycle else "Recurrence(...)")
        if self._initial:
            p.text("   " + ", ".join(f"u({i}) = {v}" for i, v in self._initial))

    def __eq__(self, other) -> bool:
        if not isinstance(other, Recurrence):
            return NotImplemented
        return (self._rhs, self._initial, self._offset) == (other._rhs, other._initial, other._offset)

    def __hash__(self) -> int:
        return hash((self._rhs, self._initial, self._offset))


class UnboundedRecurrence(Recurrence):
    """Base of results whose rule reaches back an unbounded distance (``order`` is ``oo``).

    Subclasses compute their terms in ``_extend`` (no fixed-order compiled
    rule); SymPy's sequence classes and ``rsolve`` do not take such rules.
    """

    __slots__ = ()

    order = property(lambda self: sympy.oo, doc="``oo``: the rule reaches back an unbounded distance.")

    def closed_form(self, *, time_limit: float = 5.0):
        """``None``: no closed form in ``n`` is derived for these rules."""
        return None

    def as_sequence(self):
        """``SeqFormula`` of :meth:`closed_form` where a subclass has one; else ``ValueError``.

        SymPy's sequence classes hold formulas and fixed-order rules only.
        """
        closed = self.closed_form()
        if closed is None:
            raise ValueError("SymPy's RecursiveSeq holds fixed-order recurrences only, and this rule has "
                             "no SymPy closed form; use .terms()")
        return sympy.SeqFormula(closed, (n, self._offset, sympy.oo))

    def as_dict(self) -> dict[str, Any]:
        out = super().as_dict()
        out["order"] = "oo"
        return out


def no_compiled_rule(*args):
    """The ``_compiled`` of an :class:`UnboundedRecurrence`: its terms come from ``_extend``."""
    raise AssertionError("terms of this rule are computed by _extend, not by a compiled rhs")


def _rebuild(rhs, order, initial, offset, kind, source, complexity, n_given, n_checks,
             evidence_bits, n_free_initial, reason) -> Recurrence:
    return Recurrence(rhs, order=order, initial=initial, offset=offset, kind=kind, source=source,
                      complexity=complexity, n_given=n_given, n_checks=n_checks,
                      evidence_bits=evidence_bits, n_free_initial=n_free_initial, reason=reason)
