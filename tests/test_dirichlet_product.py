import pickle

import sympy

from sympy_recur import DirichletProduct, recurrence_guess
from sympy_recur.symbols import n

SIGMA_ODD = [1, 1, 4, 1, 6, 4, 8, 1, 13, 6, 12, 4, 14, 8, 24, 1, 18, 13, 20, 6]  # A000593


def test_sum_of_odd_divisors_is_found_and_continues():
    r = recurrence_guess(SIGMA_ODD[:15], offset=1)
    assert isinstance(r, DirichletProduct) and r.kind == "multiplicative" and r.order == 0
    assert r.predict(5) == SIGMA_ODD[15:]
    assert r.dirichlet_series == sympy.zeta(sympy.Symbol("s")) * sympy.Function("L")(sympy.Symbol("s") - 1, 4)
    # two factors, one trivial: a divisor sum SymPy evaluates
    closed = r.closed_form()
    assert [closed.subs(n, m).doit() for m in range(1, 16)] == SIGMA_ODD[:15]
    assert r.as_sequence()[:3] is not None
    assert r.as_dict()["dirichlet_series"] == "L(s - 1, 4)*zeta(s)"


def test_offset_zero_shifts_the_argument():
    jordan4 = [int(sum(sympy.mobius(d) * (m // d) ** 4 for d in sympy.divisors(m))) for m in range(1, 31)]
    r = recurrence_guess(jordan4[:15])
    assert isinstance(r, DirichletProduct)
    assert r.predict(15) == jordan4[15:]
    assert r.rhs.has(n + 1)
    assert r.closed_form() is None  # mobius * d**4 has no SymPy closed form
    assert "_repr_latex_" in dir(r) and r._repr_latex_().startswith("$")


def test_three_factors_and_pickling():
    # sum_{d | m} d sigma(d): zeta(s) zeta(s-1)**2 (A060640)
    values = [int(sum(d * sympy.divisor_sigma(d) for d in sympy.divisors(m))) for m in range(1, 31)]
    r = recurrence_guess(values[:15])
    assert r is not None and len(r.factors) == 3
    assert r.closed_form() is None
    back = pickle.loads(pickle.dumps(r))
    assert back == r and back.predict(15) == values[15:]


def test_exceptional_first_term_is_an_initial_value():
    r2 = [1] + [4 * sum(int(sympy.kronecker_symbol(-4, d)) for d in sympy.divisors(m)) for m in range(1, 30)]
    r = recurrence_guess(r2[:15])
    assert isinstance(r, DirichletProduct) and r.initial == {sympy.Function("u")(0): 1}
    assert r.predict(15) == r2[15:]
    assert r.terms(0, 3) == [1, 4, 4]
