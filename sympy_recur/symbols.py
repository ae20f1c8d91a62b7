"""The symbols every result is written in: the index ``n`` and the sequence ``u``.

A recurrence's right-hand side is a SymPy expression in ``n`` and the
applied functions ``u(n - 1), ..., u(n - d)``; a closed form is one in ``n``
alone. Candidate sources (classical guessers, the transformer) all produce
expressions in these two objects, so one verifier serves them all.
"""

from sympy import Function, Symbol

n = Symbol("n", integer=True)
u = Function("u")

__all__ = ["n", "u"]
