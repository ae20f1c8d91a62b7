"""The candidate object that ``constant_identify(..., all=True)`` returns."""

from __future__ import annotations

import sympy

__all__ = ["ConstantCandidate"]


class ConstantCandidate:
    """One verified closed form for a number: immutable, ordered by rank.

    Attributes
    ==========

    expr : sympy.Expr
        The closed form.
    error : sympy.Float
        ``|expr - x| / |x|``, with ``expr`` evaluated at high precision and
        ``x`` the exact value of the given digits.
    complexity : sympy.Float
        Decimal digits the formula costs (see :mod:`sympy_recur.constants.guard`);
        it was accepted because the input carries at least this many digits
        plus a safety margin. Lower is better.
    method : str
        Which search found it, e.g. ``"linear[pi**2]"`` or ``"algebraic"``.
    """

    __slots__ = ("expr", "error", "complexity", "method")

    def __init__(self, expr: sympy.Expr, error, complexity, method: str):
        object.__setattr__(self, "expr", sympy.sympify(expr))
        object.__setattr__(self, "error", sympy.Float(error, 3))
        object.__setattr__(self, "complexity", sympy.Float(round(float(complexity), 2), 4))
        object.__setattr__(self, "method", str(method))

    def __setattr__(self, name, value):
        raise AttributeError("ConstantCandidate is immutable")

    def __delattr__(self, name):
        raise AttributeError("ConstantCandidate is immutable")

    def __str__(self) -> str:
        return sympy.sstr(self.expr)

    def _latex(self, printer) -> str:
        return printer._print(self.expr)

    def __repr__(self) -> str:
        return (f"ConstantCandidate({sympy.sstr(self.expr)}, error={float(self.error):.2e}, "
                f"complexity={float(self.complexity):.2f}, method={self.method!r})")

    def __eq__(self, other):
        if not isinstance(other, ConstantCandidate):
            return NotImplemented
        return (self.expr, self.error, self.complexity, self.method) == (
            other.expr, other.error, other.complexity, other.method)

    def __hash__(self):
        return hash((self.expr, self.method))
