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
from sympy.core.mul import _keep_coeff

from ..candidate import Candidate
from ..linalg import full_column_rank_mod_p, integer_rows, nullspace
from ..ranking import integer_bits
from ..verify import evidence_bits, minimum_checks
from ..symbols import n, u

__all__ = ["Ansatz", "ansatz_families", "ansatz_plan", "plan_covers", "AnsatzCovers",
           "solve_ansatz", "fit_ansatz", "ansatz_candidate", "AnsatzFit"]

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


def _rows(a: Ansatz, terms: list, offset: int, n_prefix: int, max_rows: int | None = None) -> list[list]:
    rows = []
    start = n_prefix + a.max_lag
    stop = len(terms) if max_rows is None else min(len(terms), start + max_rows)
    for i in range(start, stop):
        idx = offset + i
        row = [_feature_value(m, idx, i, terms) * terms[i] for m in a.target]
        row += [_feature_value(m, idx, i, terms) for m in a.other]
        rows.append(row)
    return rows


def solve_ansatz(a: Ansatz, terms: list, offset: int, n_prefix: int = 0, *,
                 guard: dict | None = None) -> Candidate | None:
    """Fit ``a`` to ``terms[n_prefix:]`` and return the relation as a candidate.

    ``guard`` overrides the thresholds of :func:`~sympy_recur.verify.evidence_bits`
    (for terms whose evidence is counted elsewhere).
    """
    fit = fit_ansatz(a, terms, offset, n_prefix, guard=guard)
    return None if fit is None else ansatz_candidate(a, fit, n_prefix)


@dataclass(frozen=True)
class AnsatzFit:
    """The kernel vector of an ansatz matrix, before any SymPy expression is built."""

    coefficients: tuple[int, ...]
    fit_bits: float

    def relation(self, a: Ansatz) -> frozenset:
        """The relation itself: its non-zero terms, whichever ansatz found it."""
        return frozenset((col, c) for col, c in zip(_column_list(a), self.coefficients) if c)


def fit_ansatz(a: Ansatz, terms: list, offset: int, n_prefix: int = 0, *,
               guard: dict | None = None) -> AnsatzFit | None:
    """The unique relation of ``a`` on ``terms[n_prefix:]`` that the guards let through."""
    start = n_prefix + a.max_lag
    rows = _rows(a, terms, offset, n_prefix)
    if len(rows) < a.unknowns:
        return None
    basis = nullspace(rows, a.unknowns)
    if len(basis) != 1:
        return None
    c = basis[0]
    if not any(c[: len(a.target)]):
        return None  # no u(n) in the relation: nothing to solve for
    if a.name.endswith("pairs") and not all(c[len(a.target):]):
        # A Somos-k rule uses every pair; with one missing it is a relation
        # the other families write better (u(n) u(n-4) = u(n-2)**2 is
        # geometric on two interleaved subsequences: C-finite, with a closed form).
        return None
    fit_bits = a.choice_bits + sum(integer_bits(ci) for ci in c)
    if evidence_bits(terms, terms[:start], a.unknowns - 1, fit_bits, **(guard or {})) is None:
        return None  # the verifier would refuse it: skip building the expression
    return AnsatzFit(tuple(c), fit_bits)


def ansatz_candidate(a: Ansatz, fit: AnsatzFit, n_prefix: int = 0) -> Candidate | None:
    """The relation of ``fit`` solved for ``u(n)``."""
    c = fit.coefficients
    ct, co = c[: len(a.target)], c[len(a.target):]
    den = sum((ci * _feature_expr(m) for ci, m in zip(ct, a.target)), sympy.Integer(0))
    linear = all(us == () or (len(us) == 1 and us[0][1] == 1) for _, us in a.other)
    if den.is_Integer and den and linear:
        rhs = _constant_denominator_rhs(a, co, int(den))
    else:
        num = -sum((ci * _feature_expr(m) for ci, m in zip(co, a.other)), sympy.Integer(0))
        rhs = _tidy(num, den)
    if rhs is None:
        return None
    depends_on_n_only = all(not us for _, us in a.target)
    return Candidate(rhs=rhs, kind=a.kind, source=f"ansatz:{a.name}", n_params=a.unknowns - 1,
                     n_prefix=n_prefix, allow_singular=depends_on_n_only and den.has(n),
                     fit_bits=fit.fit_bits)


def _constant_denominator_rhs(a: Ansatz, co, den: int) -> sympy.Expr:
    """What :func:`_tidy` writes for an integer ``den`` and a rule linear in ``u``, without collect.

    The coefficient of each product of ``u``'s is a polynomial in ``n`` over
    ``den``: built from the kernel vector directly, factored only when it
    involves ``n`` (C-finite rules, the common case, need no factoring).
    """
    groups: dict[tuple, dict[int, int]] = {}
    for ci, (p, us) in zip(co, a.other):
        if ci:
            poly = groups.setdefault(us, {})
            poly[p] = poly.get(p, 0) - ci
    out = []
    for us, poly in groups.items():
        poly = {p: c for p, c in poly.items() if c}
        if not poly:
            continue
        if set(poly) == {0}:
            coeff = sympy.Rational(poly[0], den)
        else:
            # factor(cancel(poly/den)) gives the same, ten times slower
            content, factors = sympy.Poly.from_dict({(p,): c for p, c in poly.items()}, n,
                                                    domain=sympy.ZZ).factor_list()
            coeff = _keep_coeff(sympy.Rational(content, den),
                                sympy.Mul(*[f.as_expr() ** e for f, e in factors]))
        out.append(coeff * _feature_expr((0, us)))
    return sympy.Add(*out)


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
    # The Somos-k shape itself: u(n) u(n-k) = sum_i a_i u(n-i) u(n-k+i), the
    # pairs of lags that add up to k; too long for the full quadratic above
    # from 15 terms when k >= 4 (Somos-4, -5, -6, -7 sequences).
    for r in (4, 5, 6, 7):
        pairs = tuple((0, ((i, 2),) if 2 * i == r else ((i, 1), (r - i, 1))) for i in range(1, r // 2 + 1))
        out.append(Ansatz("nonlinear", ((0, ((r, 1),)),), pairs, f"somos{r}pairs"))
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


def _column_list(a: Ansatz) -> list:
    return [("t", m) for m in a.target] + [("o", m) for m in a.other]


def _columns(a: Ansatz) -> frozenset:
    return frozenset(_column_list(a))


@lru_cache(maxsize=64)
def plan_covers(N: int, *, max_prefix: int = 2, min_checks: int | None = None) -> tuple[Ansatz | None, ...]:
    """For each entry of :func:`ansatz_plan`, a wider ansatz on the same rows, or ``None``.

    Ansätze with the same largest lag and prefix evaluate their features on
    the same indices, so one's matrix is a column subset of the other's when
    its features are. Columns independent in the wider matrix are independent
    in every subset: one rank test of the cover then rules out (for
    sequences without a relation, the common case) every ansatz it covers.
    Covers are unions of the group's ansätze, grown while they have no more
    columns than rows (else they never have full rank).
    """
    plan = ansatz_plan(N, max_prefix=max_prefix, min_checks=min_checks)
    groups: dict[tuple[int, int], list[int]] = {}
    for i, (_, a, n_prefix) in enumerate(plan):
        groups.setdefault((a.max_lag, n_prefix), []).append(i)
    cover_of: list[Ansatz | None] = [None] * len(plan)
    for (lag, n_prefix), members in sorted(groups.items()):
        n_rows = N - n_prefix - lag
        unions: list[set] = []
        assigned: dict[int, int] = {}
        for i in sorted(members, key=lambda i: (-plan[i][1].unknowns, i)):
            cols = _columns(plan[i][1])
            if len(cols) > n_rows:
                continue
            k = next((k for k, U in enumerate(unions) if cols <= U), None)
            if k is None:
                k = next((k for k, U in enumerate(unions) if len(U | cols) <= n_rows), None)
            if k is None:
                unions.append(set(cols))
                k = len(unions) - 1
            else:
                unions[k] |= cols
            assigned[i] = k
        covers = []
        for k, U in enumerate(unions):
            cols = sorted(U, key=repr)
            covers.append(Ansatz("cover", tuple(m for tag, m in cols if tag == "t"),
                                 tuple(m for tag, m in cols if tag == "o"), f"cover{lag}p{n_prefix}k{k}"))
        for i, k in assigned.items():
            cover = covers[k]
            # A cover no wider than its member saves nothing.
            cover_of[i] = cover if cover.unknowns > plan[i][1].unknowns else None
    return tuple(cover_of)


class AnsatzCovers:
    """Rank tests of covers for one sequence, each computed once."""

    def __init__(self, terms: list, offset: int):
        # Scaling the terms by their common denominator D scales each column (a monomial of degree k
        # in the terms) by D**k: the rank is the same, and integers are
        # much faster than Fractions.
        self.terms = integer_rows([terms])[0]
        self.offset = offset
        self._independent: dict[tuple[Ansatz, int], bool] = {}

    def rules_out(self, cover: Ansatz | None, n_prefix: int) -> bool:
        """True when ``cover``'s columns are independent: no ansatz inside it has a kernel."""
        if cover is None:
            return False
        key = (cover, n_prefix)
        if key not in self._independent:
            # Independent columns of some rows are independent columns of all:
            # a few rows beyond square decide it for long inputs too.
            rows = _rows(cover, self.terms, self.offset, n_prefix, max_rows=cover.unknowns + 8)
            self._independent[key] = full_column_rank_mod_p(rows, cover.unknowns)
        return self._independent[key]
