"""Algebraic numbers: minimal polynomials from digits, then a SymPy root.

Algorithm
=========

An integer relation among ``1, y, y^2, ..., y^d`` (found by
:func:`.relations.integer_relations`) is a polynomial with a root near
``y``. It is factored over the rationals and the irreducible factor that
vanishes at ``y`` is kept, so the reported degree and coefficients are those
of the minimal polynomial. That root is then written with radicals when
SymPy's ``roots`` gives a short real radical expression quickly (quadratics,
binomials, cubics with one real root, biquadratic quartics), and as
``CRootOf`` otherwise.

Limitations
===========

The coefficients that ``d + 1`` integers can have while staying above
chance grow slowly with the digits: with 15 digits a cubic with
coefficients up to about 100 is the limit; degree 8 needs about 30 digits
or tiny coefficients.
"""

from __future__ import annotations

import mpmath
import sympy
from sympy import CRootOf, Poly, roots, sqrtdenest

from .relations import integer_relations

__all__ = ["minimal_polynomials", "algebraic_expression"]

_T = sympy.Symbol("x")  # CRootOf prints as CRootOf(x**3 - ..., k), as in SymPy


def minimal_polynomials(y: mpmath.mpf, error: mpmath.mpf, degree: int, *,
                        max_coeff: int = 10**9) -> list[list[int]]:
    """Irreducible integer polynomials of degree ``2..degree`` with a root within ``error`` of ``y``.

    Coefficients are listed from the constant term up; the leading one is
    positive. Linear factors are left to the rational search.
    """
    powers = [y**k for k in range(degree + 1)]
    errors = [k * abs(y) ** (k - 1) * error if k else mpmath.mpf(0) for k in range(degree + 1)]
    # the relation must involve the top power, so list it first
    found = integer_relations(powers[::-1], errors[::-1], max_coeff=max_coeff,
                              method="pslq" if degree <= 3 else "lll")
    out = []
    for rel in found:
        poly = Poly(list(rel), _T)  # rel is highest power first
        best = None
        for factor, _ in poly.factor_list()[1]:
            if factor.degree() < 2:
                continue
            value = abs(mpmath.polyval([int(c) for c in factor.all_coeffs()], y))
            if best is None or value < best[0]:
                best = (value, factor)
        if best is None:
            continue
        coeffs = [int(c) for c in best[1].all_coeffs()[::-1]]
        if coeffs[-1] < 0:
            coeffs = [-c for c in coeffs]
        if coeffs not in out:
            out.append(coeffs)
    return out


#: Radical expressions longer than this (in SymPy operations) are reported as
#: ``CRootOf`` instead: nobody wants a page of nested roots.
MAX_RADICAL_OPS = 40


def algebraic_expression(coeffs: list[int], approx: mpmath.mpf) -> sympy.Expr:
    """The real root of ``sum coeffs[k] t^k`` nearest to ``approx``, as radicals or ``CRootOf``.

    Radicals are tried only where SymPy finds real ones quickly (degree 2,
    binomials ``a t^n + b``, cubics with one real root, biquadratic
    quartics); SymPy's general cubic and quartic formulas can take minutes
    and give complex radicals for real roots, so other polynomials get
    ``CRootOf``.
    """
    poly = Poly(coeffs[::-1], _T)
    degree = poly.degree()
    nonzero = [k for k, c in enumerate(coeffs) if c]
    easy = (degree == 2 or len(nonzero) == 2
            or (degree == 3 and sympy.discriminant(poly) < 0)
            or (degree == 4 and all(k % 2 == 0 for k in nonzero)))
    if easy:
        try:
            candidates = [r for r in roots(poly, cubics=True, quartics=True) if not r.has(sympy.I)]
        except Exception:  # SymPy's radical solvers are not total
            candidates = []
        best = _nearest(candidates, approx)
        if best is not None:
            try:
                best = sqrtdenest(best)
            except Exception:
                pass
            if sympy.count_ops(best) <= MAX_RADICAL_OPS:
                return best
    real = [CRootOf(poly, i) for i in range(poly.count_roots())]
    return _nearest(real, approx)


def _nearest(exprs, approx):
    best, dist = None, None
    for e in exprs:
        try:
            v = complex(e.evalf(30))
        except (TypeError, ValueError):
            continue
        if abs(v.imag) > 1e-12:
            continue
        d = abs(v.real - float(approx))
        if dist is None or d < dist:
            best, dist = e, d
    return best
