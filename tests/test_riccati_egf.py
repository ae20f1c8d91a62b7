import pickle
import random
from fractions import Fraction

import pytest
import sympy

from sympy_recur import RiccatiExponential, recurrence_guess
from sympy_recur.riccati_egf import riccati_terms, verified_riccati

x = sympy.Symbol("x")


def egf_coefficients(expr, count):
    """n! [x^n] of a SymPy expression, from its Taylor series (independent of the rule)."""
    s = sympy.series(expr, x, 0, count).removeO()
    return [int(s.coeff(x, m) * sympy.factorial(m)) for m in range(count)]


@pytest.mark.parametrize("expr, pqr", [
    (sympy.tan(x), (1, 0, 1)),
    (sympy.sec(x) + sympy.tan(x), (Fraction(1, 2), 0, Fraction(1, 2))),
    (sympy.tan(x) + 1, (2, -2, 1)),        # A' = 1 + (A - 1)^2
])
def test_riccati_egfs_are_found_and_continue(expr, pqr):
    terms = egf_coefficients(expr, 26)
    assert riccati_terms(terms[0], *pqr, 26) == terms  # the rule is the function's
    r = recurrence_guess(terms[:15])
    assert isinstance(r, RiccatiExponential) and r.order == sympy.oo
    assert r.predict(11) == terms[15:]
    f = sympy.Function("A")(x)
    p, q, s = (sympy.Rational(c) for c in pqr)
    assert r.differential_equation == sympy.Eq(f.diff(x), p + q * f + s * f ** 2)
    assert pickle.loads(pickle.dumps(r)).predict(2) == terms[15:17]


def test_displayed_rule_reproduces_the_terms():
    terms = egf_coefficients(sympy.sec(x) + sympy.tan(x), 12)
    r = recurrence_guess(terms)
    n = sympy.Symbol("n", integer=True)
    values = [terms[0]]
    for m in range(1, 12):
        values.append(r.rhs.subs(n, m).doit().replace(lambda e: isinstance(e, sympy.core.function.AppliedUndef),
                                                      lambda e: values[int(e.args[0])]))
    assert values == terms


def test_one_wrong_term_or_random_lists_give_nothing():
    terms = egf_coefficients(sympy.tan(x), 15)
    terms[13] += 2
    assert verified_riccati(terms, 0) == []
    rng = random.Random(11)
    assert not any(verified_riccati([rng.randint(-50, 50) for _ in range(15)], 0) for _ in range(300))
