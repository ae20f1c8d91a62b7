"""What every candidate source hands to the verifier."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

__all__ = ["Candidate", "classify"]


@dataclass(frozen=True)
class Candidate:
    """An unverified proposal ``u(n) = rhs``.

    ``n_params`` is how many numbers the source fitted to the data (a
    nullspace of an ansatz with k unknowns fits k - 1); the verifier demands
    that enough given terms remain beyond those and the initial values.
    ``n_prefix`` leading terms are taken as given even if the rule would
    compute them differently (sequences whose first terms are exceptional).
    ``allow_singular`` lets the rule be undefined at a few given indices
    (roots of a P-recursive leading coefficient), which then become initial
    values.
    ``fitted_initial`` is how many of the initial values were free to fit
    the data; ``None`` means all of them. A rational generating function
    ``P/Q`` fixes many initial values through a short numerator ``P``.
    ``description_bits``, when given, is the length of the source's own
    (shorter) description of the rule, e.g. the factors of ``Q`` and the
    coefficients of ``P``, used for ranking instead of rhs + initial values.
    ``fit_bits`` is the information in the fitted numbers (e.g. the kernel
    vector of an ansatz); ``None`` means the description length of ``rhs``.
    The verifier demands that the terms explain clearly more bits than that.
    """

    rhs: sympy.Expr
    kind: str
    source: str
    n_params: int = 0
    n_prefix: int = 0
    allow_singular: bool = False
    fitted_initial: int | None = None
    description_bits: float | None = None
    fit_bits: float | None = None


def classify(rhs: sympy.Expr) -> str:
    """The kind of a rule from the shape of its right-hand side."""
    from .evaluate import lags_of
    from .symbols import n, u
    lags = lags_of(rhs)
    if not lags:
        return "closed-form"
    atoms = [u(n - j) for j in lags]
    try:
        poly = sympy.Poly(sympy.expand(rhs), *atoms)
    except sympy.PolynomialError:
        return "nonlinear"
    if poly.total_degree() != 1 or any(sum(m) > 1 for m in poly.monoms()):
        return "nonlinear"
    linear = {m: c for m, c in poly.terms() if sum(m) == 1}
    rest = sympy.expand(rhs - sum(c * sympy.Mul(*[a ** k for a, k in zip(atoms, m)])
                                  for m, c in linear.items()))
    if not all(c.free_symbols <= {n} for c in linear.values()) or not rest.free_symbols <= {n}:
        return "nonlinear"
    if all(c.is_number for c in linear.values()) and rest.is_polynomial(n):
        return "c-finite"
    if len(linear) == 1 and rest == 0:
        return "hypergeometric"
    return "p-recursive"
