"""What every candidate source hands to the verifier."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

__all__ = ["Candidate"]


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
    """

    rhs: sympy.Expr
    kind: str
    source: str
    n_params: int = 0
    n_prefix: int = 0
    allow_singular: bool = False
