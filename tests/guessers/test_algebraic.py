from fractions import Fraction

import sympy

from sympy_recur import recurrence_guess
from sympy_recur.guessers.algebraic import algebraic_candidates, extend_series, fit_algebraic

# g.f. f with x f^2 - (1 + x^2) f + x (1 + x) = 0 (OEIS A025250-like): degree 2 in f, 2 in x
P = [[0, 1, 1], [-1, 0, -1], [0, 1, 0]]


def _terms(count=40):
    X, F = sympy.symbols("x F")
    eq = sum(c * X ** j * F ** i for i, row in enumerate(P) for j, c in enumerate(row))
    root = [r for r in sympy.solve(eq, F) if sympy.limit(r, X, 0) == 0][0]
    s = sympy.series(root, X, 0, count).removeO()
    return [int(s.coeff(X, i)) for i in range(count)]


def test_fit_and_extend_reproduce_the_series():
    t = _terms()
    Q = fit_algebraic(t[:15], 2, 2)
    assert Q is not None
    # unique up to scale
    scale = Fraction(Q[2][1], P[2][1])
    assert all(Fraction(q) == scale * p for qr, pr in zip(Q, P) for q, p in zip(qr, pr))
    assert extend_series(Q, t[:15], 40) == t


def test_recurrence_guess_reads_the_recurrence_of_an_algebraic_gf():
    t = _terms()
    r = recurrence_guess(t[:15], method="classical")
    assert r is not None and r.source.startswith("algebraic-gf")
    assert r.kind == "p-recursive"
    assert r.predict(25) == t[15:40]


def test_rational_series_are_not_called_algebraic():
    fib = [0, 1]
    for _ in range(20):
        fib.append(fib[-1] + fib[-2])
    assert list(algebraic_candidates(fib[:15], 0)) == []
