"""Linear ansatz guessing: one engine for C-finite, P-recursive, polynomial
and polynomial-nonlinear recurrences.

Explanation
===========

An ansatz is a finite set of *features*, products ``n**a * u(n-1)**b1 *
u(n-2)**b2 ...``, split into *target* features (which also multiply
``u(n)``) and *other* features. Evaluating every feature at every index
where all its lags exist gives a matrix; a kernel vector ``c`` of that
matrix is a relation

    sum_t c_t t(n) u(n) + sum_o c_o o(n) = 0   for every given n,

which is solved for ``u(n)``. Ansatz families:

* polynomial closed forms: target ``{1}``, other ``{1, n, ..., n**e}``;
* C-finite of order r: other ``{u(n-1), ..., u(n-r)}`` (plus ``n**k`` for a
  polynomial inhomogeneous part), lags optionally spaced by s (interleaved
  sequences);
* P-recursive of order r and degree d: target ``{n**k}``, other
  ``{n**k u(n-j)}``;
* nonlinear: other = all monomials of total degree <= 2 in a few variables.

Algorithm
=========

Exact kernel over QQ (:func:`sympy_recur.linalg.nullspace`); a kernel of
dimension > 1 means the data do not determine the relation, so no candidate
is produced. Ansätze are tried in order of their number of unknowns.

Limitations
===========

With N given terms an ansatz with k unknowns and lag r needs about
N >= r + k + 2 terms to leave check terms; e.g. a P-recursive equation of
order 2 and degree 2 (9 unknowns) needs ~13 terms.
"""

from __future__ import annotations

from dataclasses import dataclass
import math
from itertools import combinations, combinations_with_replacement
from functools import lru_cache

import sympy

from ..candidate import Candidate
from ..linalg import nullspace
from ..ranking import integer_bits
from ..verify import evidence_bits, minimum_checks
from ..symbols import n, u

__all__ = ["Ansatz", "ansatz_families", "ansatz_plan", "solve_ansatz"]

SPARSE_MAX_LAG = 10
# Polynomial closed forms up to this degree: a long input would otherwise get
# one ansatz per degree, O(N**2) work before the first check of the deadline.
MAX_POLY_DEGREE = 24

# A monomial: (power of n, ((lag, exponent), ...)).
Monomial = tuple[int, tuple[tuple[int, int], ...]]


@dataclass(frozen=True)
class Ansatz:
    kind: str
    target: tuple[Monomial, ...]
    other: tuple[Monomial, ...]
    name: str
    choice_bits: float = 0.0  # bits to single this ansatz out of a large family

    @property
    def unknowns(self) -> int:
        return len(self.target) + len(self.other)

    @property
    def max_lag(self) -> int:
        lags = [lag for _, us in self.target + self.other for lag, _ in us]
        return max(lags, default=0)


def _feature_value(m: Monomial, idx: int, i: int, terms: list):
    p, us = m
    v = idx ** p if p else 1
    for lag, e in us:
        v = v * terms[i - lag] ** e
    return v


def _feature_expr(m: Monomial) -> sympy.Expr:
    p, us = m
    e = n ** p
    for lag, k in us:
        e = e * u(n - lag) ** k
    return e


def solve_ansatz(a: Ansatz, terms: list, offset: int, n_prefix: int = 0, *,
                 guard: dict | None = None) -> Candidate | None:
    """Fit ``a`` to ``terms[n_prefix:]`` and return the relation as a candidate.

    ``guard`` overrides the thresholds of :func:`~sympy_recur.verify.evidence_bits`
    (for terms whose evidence is counted elsewhere).
    """
    r = a.max_lag
    start = n_prefix + r
    rows = []
    for i in range(start, len(terms)):
        idx = offset + i
        row = [_feature_value(m, idx, i, terms) * terms[i] for m in a.target]
        row += [_feature_value(m, idx, i, terms) for m in a.other]
        rows.append(row)
    if len(rows) < a.unknowns:
        return None
    basis = nullspace(rows, a.unknowns)
    if len(basis) != 1:
        return None
    c = basis[0]
    ct, co = c[: len(a.target)], c[len(a.target):]
    if not any(ct):
        return None  # no u(n) in the relation: nothing to solve for
    fit_bits = a.choice_bits + sum(integer_bits(ci) for ci in c)
    if evidence_bits(terms, terms[:start], a.unknowns - 1, fit_bits, **(guard or {})) is None:
        return None  # the verifier would refuse it: skip building the expression
    den = sum((ci * _feature_expr(m) for ci, m in zip(ct, a.target)), sympy.Integer(0))
    num = -sum((ci * _feature_expr(m) for ci, m in zip(co, a.other)), sympy.Integer(0))
    rhs = _tidy(num, den)
    if rhs is None:
        return None
    depends_on_n_only = all(not us for _, us in a.target)
    return Candidate(rhs=rhs, kind=a.kind, source=f"ansatz:{a.name}", n_params=a.unknowns - 1,
                     n_prefix=n_prefix, allow_singular=depends_on_n_only and den.has(n),
                     fit_bits=fit_bits)


def _tidy(num: sympy.Expr, den: sympy.Expr) -> sympy.Expr | None:
    """Write num/den as a sum over u-monomials with factored coefficients."""
    if den.is_zero:
        return None
    num = sympy.expand(num)
    if den.free_symbols <= {n} and not den.atoms(sympy.Function):
        parts = sympy.collect(num, sorted(num.atoms(sympy.Function), key=sympy.default_sort_key),
                              evaluate=False)
        out = sympy.Integer(0)
        for key, coeff in sorted(parts.items(), key=lambda kv: sympy.default_sort_key(kv[0])):
            out += sympy.factor(sympy.cancel(coeff / den)) * key
        return out
    return sympy.factor(num) / sympy.factor(den)


def _u_monomials(lags: tuple[int, ...], with_n: bool, degree: int) -> list[Monomial]:
    """All monomials of total degree <= ``degree`` in (n?, u(n-lag)...)."""
    vars_ = (["n"] if with_n else []) + list(lags)
    out = []
    for deg in range(degree + 1):
        for combo in combinations_with_replacement(vars_, deg):
            p = combo.count("n")
            us = tuple((lag, combo.count(lag)) for lag in lags if combo.count(lag))
            out.append((p, us))
    return out


def ansatz_families(N: int, *, max_order: int = 8, min_checks: int | None = None) -> list[Ansatz]:
    """Every ansatz that can leave ``min_checks`` check terms out of ``N``, simplest first."""
    one: Monomial = (0, ())
    out: list[Ansatz] = []

    def fits(a: Ansatz) -> bool:
        # The verifier's memory rule, applied before any work is done.
        return N - a.max_lag - (a.unknowns - 1) >= minimum_checks(a.max_lag, min_checks)


    for e in range(0, min(N, MAX_POLY_DEGREE + 1)):  # polynomial closed forms
        out.append(Ansatz("closed-form", (one,), tuple((k, ()) for k in range(e + 1)), f"poly{e}"))
    for step in (1, 2, 3):  # C-finite, lags step, 2*step, ...
        for r in range(1, max_order + 1):
            lags = tuple(step * j for j in range(1, r + 1))
            us = tuple((0, ((lag, 1),)) for lag in lags)
            suffix = "" if step == 1 else f"s{step}"
            out.append(Ansatz("c-finite", (one,), us, f"cfinite{r}{suffix}"))
            for e in range(0, 4):
                poly = tuple((k, ()) for k in range(e + 1))
                out.append(Ansatz("c-finite", (one,), us + poly, f"cfinite{r}{suffix}+poly{e}"))
    for r in range(1, max_order + 1):  # P-recursive
        for d in range(1, 6):
            target = tuple((k, ()) for k in range(d + 1))
            other = tuple((k, ((j, 1),)) for j in range(1, r + 1) for k in range(d + 1))
            kind = "hypergeometric" if r == 1 else "p-recursive"
            out.append(Ansatz(kind, target, other, f"prec{r}d{d}"))
            inhom = other + tuple((k, ()) for k in range(d + 1))
            out.append(Ansatz("p-recursive", target, inhom, f"prec{r}d{d}+poly"))
    # Sparse C-finite: two or three lags up to SPARSE_MAX_LAG, e.g. k-bonacci
    # numbers u(n) = 2 u(n-1) - u(n-k-1), out of reach of a dense ansatz.
    sparse = [L for size in (2, 3) for L in combinations(range(1, SPARSE_MAX_LAG + 1), size)
              if L != tuple(range(1, size + 1))]
    bits = math.log2(len(sparse))
    for L in sparse:
        us = tuple((0, ((lag, 1),)) for lag in L)
        name = "sparse" + "_".join(map(str, L))
        out.append(Ansatz("c-finite", (one,), us, name, bits))
        out.append(Ansatz("c-finite", (one,), us + ((0, ()),), name + "+poly0", bits))
    # Nonlinear: quadratic in a few variables.
    for lags, with_n in (((1,), True), ((1, 2), False), ((1, 2), True), ((1, 2, 3), False)):
        mons = _u_monomials(lags, with_n, 2)
        out.append(Ansatz("nonlinear", (one,), tuple(mons), f"quad{''.join(map(str, lags))}{'n' if with_n else ''}"))
    for lags, with_n in (((1,), False), ((1,), True)):
        mons = _u_monomials(lags, with_n, 3)
        out.append(Ansatz("nonlinear", (one,), tuple(mons), f"cubic{''.join(map(str, lags))}{'n' if with_n else ''}"))
    # Rational (Somos-like): u(n) u(n-r) = quadratic in the lags between.
    for r in (2, 3, 4, 5):
        inner = tuple(range(1, r))
        mons = [m for m in _u_monomials(inner, False, 2)]
        out.append(Ansatz("nonlinear", ((0, ((r, 1),)),), tuple(mons), f"somos{r}"))
    out = [a for a in out if fits(a)]
    out.sort(key=lambda a: (a.unknowns + a.max_lag, a.unknowns))
    return out


@lru_cache(maxsize=64)
def ansatz_plan(N: int, *, max_prefix: int = 2, min_checks: int | None = None) -> tuple[tuple[int, Ansatz, int], ...]:
    """``(cost, ansatz, n_prefix)`` triples to try on ``N`` terms, cheapest first.

    Skipping ``n_prefix`` exceptional first terms costs like two unknowns, so
    a rule that holds from the start is preferred over one that needs a prefix.
    """
    plan = []
    for n_prefix in range(max_prefix + 1):
        for a in ansatz_families(N - n_prefix, min_checks=min_checks):
            plan.append((a.unknowns + a.max_lag + 2 * n_prefix, a, n_prefix))
    plan.sort(key=lambda t: (t[0], t[2], t[1].unknowns))
    return tuple(plan)
