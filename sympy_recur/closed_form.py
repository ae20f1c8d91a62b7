"""Closed forms for verified recurrences.

Two routes, cheapest first:

* C-finite recurrences (constant coefficients, polynomial inhomogeneous part)
  whose characteristic roots are all rational have an exponential-polynomial
  closed form ``sum p_i(n) r_i**n``; its coefficients solve a small exact
  linear system. This runs in milliseconds and is used while guessing.
* Anything else goes to SymPy's ``rsolve``, in a child process killed after
  the time limit (``rsolve`` can run for minutes), and its answer is kept only
  if it reproduces the terms exactly.
"""

from __future__ import annotations

from fractions import Fraction

import sympy

from ._deadline import call_with_time_limit, check_time_limit
from .candidate import Candidate
from .evaluate import lags_of, linear_coefficients
from .linalg import nullspace
from .symbols import n, u

__all__ = ["exp_poly_candidate", "closed_form_of"]


def _constant_coefficients(rec) -> tuple[dict[int, sympy.Rational], sympy.Expr] | None:
    """Split a C-finite rhs into {lag: coefficient} and a polynomial in n."""
    lags = lags_of(rec.rhs)
    read = linear_coefficients(rec.rhs, lags)
    if read is not None:  # a sum of c*u(n - j) and terms in n alone: no expanding needed
        if not all(c.is_Rational for c in read):
            return None
        rest = sympy.Add(*[t for t in sympy.Add.make_args(rec.rhs) if not t.has(u)])
        if not rest.is_polynomial(n):
            return None
        return {j: c for j, c in zip(lags, read) if c}, sympy.expand(rest)
    rhs = sympy.expand(rec.rhs)
    coeffs = {}
    rest = rhs
    for j in lags_of(rhs):
        c = rhs.coeff(u(n - j))
        if not c.is_Rational:
            return None
        coeffs[j] = c
        rest = rest - c * u(n - j)
    rest = sympy.expand(rest)
    if rest.has(u) or not rest.is_polynomial(n):
        return None
    return coeffs, rest


def exp_poly_candidate(rec) -> Candidate | None:
    """The closed form of a C-finite ``rec`` when its characteristic roots are rational."""
    if rec.order == 0 or rec.kind != "c-finite":
        return None
    split = _constant_coefficients(rec)
    if split is None:
        return None
    coeffs, g = split
    x = sympy.Symbol("x")
    d = rec.order
    char = sympy.Poly([1] + [-coeffs.get(j, 0) for j in range(1, d + 1)], x, domain=sympy.QQ)
    if g != 0:
        char *= sympy.Poly([1, -1], x, domain=sympy.QQ) ** (sympy.degree(g, n) + 1)
    _, factors = char.factor_list()
    roots: list[tuple[sympy.Rational, int]] = []
    for f, mult in factors:
        if f.degree() != 1:
            return None
        a1, a0 = f.all_coeffs()
        r = -a0 / a1
        if r == 0:
            return None  # 0**n: an exceptional prefix, not a clean closed form
        roots.append((r, mult))
    basis = [n ** k * r ** n for r, mult in roots for k in range(mult)]
    # The recurrence may hold only from its initial terms on: fit the closed form
    # on the terms after any extra (prefix or singular) initial values.
    init_idx = [i for i, _ in sorted(rec.initial.items(), key=lambda kv: kv[0].args[0])]
    first = rec.offset + len(init_idx) - d
    m = len(basis)
    idx = list(range(first, first + m + 2))
    vals = rec.terms(idx[0], idx[-1] + 1)
    def exact(q) -> Fraction:
        q = sympy.Rational(q)
        return Fraction(int(q.p), int(q.q))
    fr = [(exact(r), mult) for r, mult in roots]
    rows = [[Fraction(i) ** k * r ** i for r, mult in fr for k in range(mult)] + [-exact(v)]
            for i, v in zip(idx, vals)]
    ker = nullspace(rows, m + 1)
    if len(ker) != 1 or ker[0][-1] == 0:
        return None
    sol = [sympy.Rational(c, ker[0][-1]) for c in ker[0][:-1]]
    expr = sympy.powsimp(sum(c * b for c, b in zip(sol, basis)), combine="exp")
    expr = sympy.collect(sympy.expand(expr), [r ** n for r, _ in roots]) if len(roots) > 1 else sympy.factor(expr)
    expr = sympy.powsimp(expr, combine="exp")
    n_prefix = first - rec.offset
    n_params = rec.n_given - rec.n_checks - n_prefix
    return Candidate(rhs=expr, kind="closed-form", source=rec.source + "+exp-poly",
                     n_params=max(n_params, 0), n_prefix=n_prefix)


def _in_factorials(expr: sympy.Expr) -> sympy.Expr:
    """Rewrite rsolve's rising factorials as factorials, e.g. Catalan numbers as
    ``factorial(2*n)/(factorial(n)*factorial(n + 1))``."""
    def half(rf):
        a, k = rf.args
        if not (a.is_Rational and a.q == 2):
            return rf
        m = a - sympy.Rational(1, 2)  # RF(m + 1/2, k) = RF(1/2, k + m) / RF(1/2, m)
        top = k + m
        return (sympy.factorial(2 * top) / (4 ** top * sympy.factorial(top))
                / sympy.RisingFactorial(sympy.Rational(1, 2), m))
    out = expr.replace(lambda e: isinstance(e, sympy.RisingFactorial), half)
    out = sympy.powsimp(out.rewrite(sympy.factorial), combine="exp")
    return out if sympy.count_ops(out) <= sympy.count_ops(expr) + 2 else expr


def _rsolve_and_check(equation, init, expected):
    expr = sympy.rsolve(equation.lhs - equation.rhs, u(n), init)
    if expr is None:
        return None
    expr = _in_factorials(sympy.simplify(expr))
    for i, v in expected:
        val = sympy.simplify(sympy.expand(expr.subs(n, i)))
        if not (val.is_Rational and val == v):
            return None
    return expr


def closed_form_of(rec, *, time_limit: float = 5.0):
    """See :meth:`Recurrence.closed_form`."""
    from .verify import verify
    time_limit = check_time_limit(time_limit)
    if rec.order == 0:
        return rec.rhs
    given = rec.terms()
    cand = exp_poly_candidate(rec)
    if cand is not None:
        exact = rec._raw_terms(rec.offset, rec.offset + rec.n_given)
        v = verify(cand, exact, rec.offset, min_checks=0, min_check_bits=0, min_saving_bits=float('-inf'))
        if v is not None and not v.initial:
            return v.rhs
    init_items = sorted(rec.initial.items(), key=lambda kv: kv[0].args[0])
    if len(init_items) != rec.order:
        return None  # extra initial values: rsolve cannot express them
    init = dict(init_items)
    expected = list(zip(range(rec.offset, rec.offset + len(given)), given))
    return call_with_time_limit(_rsolve_and_check, (rec.equation, init, expected), seconds=time_limit)
