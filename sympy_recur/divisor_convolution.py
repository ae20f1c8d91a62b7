r"""Results that are divisor sums of a linear recurrence: ``m**e u(n) = sum_{d | m} f(d) g(m / d)``.

Explanation
===========

Counting words, necklaces or compositions up to rotation or period gives
divisor sums of an exponential or Fibonacci-like count: the aperiodic binary
words of length ``m`` number ``sum_{d | m} mobius(d) 2**(m/d)``, the
necklaces built from compositions ``(1/m) sum_{d | m} totient(d)
fibonacci(m/d + 1)``. Neither is a recurrence of fixed order, yet Möbius
inversion against ``f`` (an arithmetic function from a short table) turns
the terms back into ``g``, and ``g`` is C-finite of small order. The
recurrence of ``g`` is found exactly from the inverted terms, and the result
recomputes every given term through the convolution.
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache
from typing import Callable, NamedTuple

import sympy
from sympy.functions.combinatorial.numbers import divisor_sigma, kronecker_symbol, mobius, totient

from .arithmetic import divisors
from .linalg import shortest_linear_recurrence
from .recurrence import Recurrence, UnboundedRecurrence, no_compiled_rule
from .symbols import n, u

__all__ = ["DivisorConvolution", "verified_divisor_convolutions", "DIVISOR_WEIGHTS"]

d = sympy.Symbol("d", integer=True, positive=True)
k = sympy.Symbol("k", integer=True, positive=True)

#: Largest order of the linear recurrence of ``g``.
MAX_INNER_ORDER = 4
#: Terms the rule is searched on; every given term is then recomputed.
SEARCH_TERMS = 64
#: Bits the terms must explain per order of ``g`` (beyond the fitted numbers).
SAVING_BITS_PER_ORDER = 8.0
# Terms (beyond an exceptional first one) before a convolution is worth trying.
_MIN_TERMS = 10


@lru_cache(maxsize=1 << 14)
def _factor(m: int) -> tuple[tuple[int, int], ...]:
    return tuple(sorted(sympy.factorint(m).items()))


def _mobius(m: int) -> int:
    f = _factor(m)
    return 0 if any(e > 1 for _, e in f) else (-1) ** len(f)


def _totient(m: int) -> int:
    out = 1
    for p, e in _factor(m):
        out *= (p - 1) * p ** (e - 1)
    return out


def _odd(m: int) -> int:
    return m % 2


def _chi4(m: int) -> int:
    return 0 if m % 2 == 0 else (1 if m % 4 == 1 else -1)


def _alternating(m: int) -> int:
    return 1 if m % 2 else -1


#: name -> (the weight ``f(d)`` as a SymPy expression in ``d``, its exact value at an int).
DIVISOR_WEIGHTS: dict[str, tuple[sympy.Expr, Callable[[int], int]]] = {
    "1": (sympy.Integer(1), lambda m: 1),
    "mobius": (mobius(d), _mobius),
    "totient": (totient(d), _totient),
    "d": (d, lambda m: m),
    "d*mobius": (d * mobius(d), lambda m: m * _mobius(m)),
    "d**2*mobius": (d ** 2 * mobius(d), lambda m: m * m * _mobius(m)),
    "sigma": (divisor_sigma(d), lambda m: sum(divisors(m))),
    "odd": (sympy.Mod(d, 2), _odd),
    "odd*mobius": (sympy.Mod(d, 2) * mobius(d), lambda m: _odd(m) * _mobius(m)),
    "odd*totient": (sympy.Mod(d, 2) * totient(d), lambda m: _odd(m) * _totient(m)),
    "odd*d": (sympy.Mod(d, 2) * d, lambda m: _odd(m) * m),
    "chi4": (kronecker_symbol(-4, d), _chi4),
    "alternating": ((-1) ** (d + 1), _alternating),
    "alternating*mobius": ((-1) ** (d + 1) * mobius(d), lambda m: _alternating(m) * _mobius(m)),
    "alternating*totient": ((-1) ** (d + 1) * totient(d), lambda m: _alternating(m) * _totient(m)),
}
SCALES = (0, 1)  # the exponent e of m**e


class DivisorRule(NamedTuple):
    weight: str  # a key of DIVISOR_WEIGHTS
    scale: int  # e in m**e u(n) = (f * g)(m)
    first: int  # 1: terms[0] is u at m = 1; 0: terms[0] is an exceptional value at m = 0
    coefficients: tuple  # g(k) = sum_j c_j g(k - j), Fractions
    initial: tuple  # g(1), ..., g(r)


@lru_cache(maxsize=64)
def _inverse_weight(name: str, size: int) -> tuple[int, ...]:
    """The Dirichlet inverse of the weight on ``1..size`` (every weight has ``f(1) = 1``)."""
    f = DIVISOR_WEIGHTS[name][1]
    inv = [0, 1]
    for m in range(2, size + 1):
        inv.append(-sum(f(m // q) * inv[q] for q in divisors(m) if q < m))
    return tuple(inv)


def _convolve(f: Callable[[int], int], g: list, size: int) -> list:
    """``(f * g)(m)`` for ``m = 1..size`` with ``g[m]`` given (``g[0]`` unused)."""
    return [sum(f(q) * g[m // q] for q in divisors(m)) for m in range(1, size + 1)]


def _inner_terms(rule: DivisorRule, size: int) -> list:
    g = [None, *rule.initial]
    while len(g) <= size:
        g.append(sum(c * g[-1 - j] for j, c in enumerate(rule.coefficients)))
    if all(x.denominator == 1 for x in g[1:] if isinstance(x, Fraction)):
        g = [None] + [int(x) if isinstance(x, Fraction) else x for x in g[1:]]
    return g


def _values(rule: DivisorRule, size: int) -> list:
    """``u`` at ``m = 1..size``."""
    conv = _convolve(DIVISOR_WEIGHTS[rule.weight][1], _inner_terms(rule, size), size)
    if rule.scale == 0:
        return conv
    out = []
    for m, v in enumerate(conv, start=1):
        q = Fraction(v, m ** rule.scale)
        out.append(int(q) if q.denominator == 1 else q)
    return out


def _inner_expr(rule: DivisorRule) -> sympy.Expr:
    """``g(k)`` in closed form when its characteristic roots are rational, else ``g(k)`` by name."""
    from .closed_form import exp_poly_candidate
    r = len(rule.coefficients)
    rhs = sum(sympy.Rational(c.numerator, c.denominator) * u(n - j) for j, c in enumerate(rule.coefficients, 1))
    inner = Recurrence(rhs, order=r, initial={i + 1: v for i, v in enumerate(rule.initial)}, offset=1,
                       kind="c-finite", source="divisor-convolution", complexity=0, n_given=r + 2, n_checks=2)
    cand = exp_poly_candidate(inner)
    if cand is not None and not cand.n_prefix:
        return cand.rhs.subs(n, k)
    if rule.coefficients == (1, 1):
        a, b = (sympy.Rational(x.numerator, x.denominator) if isinstance(x, Fraction) else sympy.Integer(x)
                for x in rule.initial)
        # g = alpha F(k) + beta L(k) from g(1) = alpha + beta, g(2) = alpha + 3 beta
        beta = (b - a) / 2
        return (a - beta) * sympy.fibonacci(k) + beta * sympy.lucas(k)
    return sympy.Function("g")(k)


class DivisorConvolution(UnboundedRecurrence):
    r"""``u(n) = m**-e sum_{d | m} f(d) g(m/d)``, ``m = n - offset + 1``, with ``g`` C-finite.

    Explanation
    ===========

    ``f`` is one of :data:`DIVISOR_WEIGHTS` (``1``, ``mobius``, ``totient``,
    ``d``, their restrictions to odd ``d``, ...) and ``e`` is 0 or 1
    (necklace counts divide by the length). :attr:`inner_recurrence` is the
    linear recurrence of ``g``; ``rhs`` writes ``g`` in closed form where its
    characteristic roots are rational (``2**k``) or it is a combination of
    Fibonacci and Lucas numbers. With one exceptional first term, ``m = n -
    offset``. Terms are computed by exact convolution.

    Examples
    ========

    >>> from sympy_recur import recurrence_guess
    >>> r = recurrence_guess([2, 2, 6, 12, 30, 54, 126, 240, 504, 990, 2046, 4020, 8190, 16254, 32730],
    ...                      offset=1)  # binary words of length n that are not a power of a shorter word
    >>> r.equation
    Eq(u(n), Sum(2**(n/d)*KroneckerDelta(0, Mod(n, d))*mobius(d), (d, 1, n)))
    >>> r.predict(3)
    [65280, 131070, 261576]
    """

    __slots__ = ("_divisor_rule",)

    def __init__(self, rule: DivisorRule, terms: list, *, offset: int, complexity: float, n_checks: int,
                 evidence_bits: float, reason: str = "", _cache=None):
        object.__setattr__(self, "_divisor_rule", rule)
        m = n - offset + rule.first
        f = DIVISOR_WEIGHTS[rule.weight][0]
        body = sympy.Sum(f * _inner_expr(rule).subs(k, m / d) * sympy.KroneckerDelta(sympy.Mod(m, d), 0),
                         (d, 1, m))
        initial = {offset: terms[0]} if rule.first == 0 else {}
        super().__init__(body / m ** rule.scale, order=0, initial=initial, offset=offset,
                         kind="divisor-sum", source=f"divisor-convolution:{rule.weight}",
                         complexity=complexity, n_given=len(terms), n_checks=n_checks,
                         evidence_bits=evidence_bits, n_free_initial=len(rule.initial) + len(initial),
                         reason=reason, _compiled=no_compiled_rule, _cache=_cache)

    def __reduce__(self):
        return (_rebuild, (self._divisor_rule, self._raw_terms(self._offset, self._offset + self._n_given),
                           self._offset, self._complexity, self._n_checks, self._evidence, self._reason))

    def _with_reason(self, reason: str) -> "DivisorConvolution":
        return DivisorConvolution(self._divisor_rule, self._raw_terms(self._offset, self._offset + self._n_given),
                                  offset=self._offset, complexity=self._complexity, n_checks=self._n_checks,
                                  evidence_bits=self._evidence, reason=reason, _cache=self._cache)

    @property
    def inner_recurrence(self) -> sympy.Eq:
        """``g(k) = sum_j c_j g(k - j)`` with its initial values ``g(1), ..., g(r)`` as a dict."""
        g = sympy.Function("g")
        rule = self._divisor_rule
        rhs = sum(sympy.Rational(c.numerator, c.denominator) * g(k - j) for j, c in enumerate(rule.coefficients, 1))
        return sympy.Eq(g(k), rhs), {g(i + 1): sympy.Rational(v) for i, v in enumerate(rule.initial)}

    def closed_form(self, *, time_limit: float = 5.0):
        """``rhs`` when ``g`` has a closed form and no first term is exceptional, else ``None``."""
        if self._rhs.has(sympy.Function("g")) or self._divisor_rule.first == 0:
            return None
        return self._rhs

    def _extend(self, stop: int) -> None:
        cache = self._cache
        if len(cache) >= stop - self._offset:
            return
        rule = self._divisor_rule
        size = max(stop - self._offset - 1 + rule.first, 1)
        head = [dict(self._initial)[self._offset]] if rule.first == 0 else []
        cache[:] = head + _values(rule, size)


def _rebuild(rule, terms, offset, complexity, n_checks, evidence_bits, reason):
    return DivisorConvolution(rule, terms, offset=offset, complexity=complexity, n_checks=n_checks,
                              evidence_bits=evidence_bits, reason=reason)


def divisor_rules(terms: list, deadline=None):
    """Every (weight, scale, first) whose inverted terms satisfy a short linear recurrence."""
    for first in (1, 0):
        a = list(terms[1 - first:])
        if len(a) < _MIN_TERMS:
            continue
        size = len(a)
        for scale in SCALES:
            scaled = [None] + [v * m ** scale for m, v in enumerate(a, start=1)]
            for name in DIVISOR_WEIGHTS:
                if deadline is not None:
                    deadline.check()
                inv = _inverse_weight(name, size)
                g = _convolve(lambda q: inv[q], scaled, size)
                if len(set(g)) < 3:
                    continue  # constant or two-valued g: a Dirichlet product, the other source has it
                coefficients = shortest_linear_recurrence(g, MAX_INNER_ORDER)
                if coefficients is None:
                    continue
                r = len(coefficients)
                yield DivisorRule(name, scale, first, coefficients, tuple(g[:r]))


def verified_divisor_convolutions(terms: list, offset: int, *, deadline=None) -> list[DivisorConvolution]:
    """The divisor convolutions that reproduce every term and pass the guards.

    The rule is searched on the first :data:`SEARCH_TERMS` terms (the inverted
    values of a long fast-growing input are huge) and checked on all of them.
    """
    from .ranking import OPERATOR_BITS, integer_bits
    from .verify import MIN_SAVING_BITS, evidence_bits
    if any(getattr(t, "denominator", 1) != 1 for t in terms):
        return []
    terms = [int(t) for t in terms]
    choice_bits = math.log2(len(DIVISOR_WEIGHTS) * len(SCALES) * 2)
    out = []
    for rule in divisor_rules(terms[:SEARCH_TERMS], deadline):
        r = len(rule.coefficients)
        fitted = terms[: r + 1 - rule.first]  # g(1..r) come from u at m = 1..r, after an exceptional u(0)
        fit_bits = choice_bits + sum(integer_bits(c) for c in rule.coefficients)
        # Small coefficients make a long g cheap to name, and slowly growing
        # terms (floors, counts of a few per residue) then fit by chance:
        # each order of g must save its own bits.
        bar = max(MIN_SAVING_BITS, SAVING_BITS_PER_ORDER * r)
        evidence = evidence_bits(terms, fitted, r, fit_bits, min_saving_bits=bar)
        if evidence is None:
            continue
        complexity = fit_bits + sum(integer_bits(v) for v in fitted) + 2 * OPERATOR_BITS
        rec = DivisorConvolution(rule, terms, offset=offset, complexity=complexity,
                                 n_checks=len(terms) - len(fitted) - r, evidence_bits=evidence)
        if rec._raw_terms(offset, offset + len(terms)) == terms:  # the result's own exact check
            out.append(rec)
            break  # the first (simplest) weight that explains the terms
    return out
