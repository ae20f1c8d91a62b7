import pickle

import pytest
import sympy

from sympy_recur import recurrence_guess
from sympy_recur.euler_product import EulerProduct, ExponentialFormula, x
from sympy_recur.guessers.euler import euler_terms, exponential_terms
from sympy_recur.symbols import n, u

PARTITIONS = [1, 1, 2, 3, 5, 7, 11, 15, 22, 30, 42, 56, 77, 101, 135, 176, 231, 297, 385, 490]
DISTINCT_PARTS = [1, 1, 1, 2, 2, 3, 4, 5, 6, 8, 10, 12, 15, 18, 22, 27, 32, 38, 46, 54]


def _rhs_values(rec, count):
    """Evaluate the displayed rhs with SymPy: the formula shown must be the rule used."""
    values = {int(key.args[0]): v for key, v in rec.initial.items()}
    for m in range(len(values), count):
        expr = rec.rhs.subs(n, m).doit()
        values[m] = expr.xreplace({u(j): values[j] for j in range(m)})
    return [values[i] for i in range(count)]


@pytest.mark.parametrize("terms", [PARTITIONS, DISTINCT_PARTS])
def test_products_are_found_and_predicted(terms):
    r = recurrence_guess(terms[:15])
    assert isinstance(r, EulerProduct)
    assert r.kind == "euler-product" and r.order == sympy.oo
    assert r.predict(5) == terms[15:20]
    assert _rhs_values(r, 10) == terms[:10]


def test_generating_function_expands_to_the_terms():
    r = recurrence_guess(DISTINCT_PARTS[:15])
    gf = r.generating_function
    finite = sympy.Mul(*[gf.function.subs(gf.limits[0][0], j) for j in range(1, 12)])
    poly = sympy.Poly(sympy.series(finite, x, 0, 12).removeO(), x)
    assert [poly.coeff_monomial(x ** i) for i in range(12)] == DISTINCT_PARTS[:12]


def test_partitions_read_as_the_classical_formula():
    r = recurrence_guess(PARTITIONS[:15])
    assert r.generating_function == sympy.Product(1 / (1 - x ** r.generating_function.limits[0][0]),
                                                  r.generating_function.limits[0])
    assert "divisor_sigma" in str(r.equation)
    assert r.closed_form() is None
    with pytest.raises(ValueError, match="fixed-order"):
        r.as_sequence()


def test_scaled_and_periodic_exponents():
    # 3 * prod (1 - x^k)^(-b(k)) with b = 2, -1, 2, -1, ...
    b = [2 if k % 2 else -1 for k in range(1, 30)]
    terms = euler_terms(3, b, 30)
    r = recurrence_guess(terms[:15])
    assert isinstance(r, EulerProduct)
    assert r.predict(15) == terms[15:30]
    assert r.initial == {u(0): 3}


def test_pickle_and_dict_round_trip():
    r = recurrence_guess(PARTITIONS[:15])
    r2 = pickle.loads(pickle.dumps(r))
    assert isinstance(r2, EulerProduct) and r2.predict(3) == PARTITIONS[15:18]
    d = r.as_dict()
    assert d["kind"] == "euler-product" and d["order"] == "oo"
    assert "Product" in d["generating_function"]
    assert repr(r).startswith("EulerProduct(u(n) = ")


def test_not_tried_with_an_offset():
    # The product's index is the power of x: it starts at 0.
    assert not isinstance(recurrence_guess(PARTITIONS[:15], offset=1), EulerProduct)


def test_leading_zeros_are_a_power_of_x():
    # x^3 / prod_{k >= 2} (1 - x^k): partitions without parts 1, shifted
    b = [0] + [1] * 29
    terms = [0, 0, 0] + euler_terms(1, b, 27)
    r = recurrence_guess(terms[:15])
    assert isinstance(r, EulerProduct)
    assert r.predict(15) == terms[15:30]
    assert r.generating_function.has(x ** 3)
    assert r.initial == {u(0): 0, u(1): 0, u(2): 0, u(3): 1}
    assert _rhs_values(r, 12) == terms[:12]


BELL = [int(sympy.bell(i)) for i in range(30)]


def test_bell_numbers_are_an_exponential_formula():
    r = recurrence_guess(BELL[:15])
    assert isinstance(r, ExponentialFormula) and r.kind == "exponential"
    assert r.predict(15) == BELL[15:]
    assert _rhs_values(r, 10) == BELL[:10]
    egf = sympy.series(r.generating_function.doit(), x, 0, 8).removeO()
    assert [egf.coeff(x, i) * sympy.factorial(i) for i in range(8)] == BELL[:8]


def test_geometric_exponents():
    # e.g.f. 2 exp(sum (-2)^(k-1) x^k / k!) = 2 exp((1 - exp(-2x)) / 2)
    b = [(-2) ** (j - 1) for j in range(1, 30)]
    terms = exponential_terms(2, b, 30)
    r = recurrence_guess(terms[:15])
    assert isinstance(r, ExponentialFormula)
    assert r.predict(15) == terms[15:]
    assert _rhs_values(r, 8) == terms[:8]
    assert pickle.loads(pickle.dumps(r)).predict(3) == terms[15:18]


@pytest.mark.parametrize("period", [[0, 1, 0], [1, 0, 1, -2], [-1, -1, -1, -1, -2]])
def test_small_counts_with_purely_periodic_exponents(period):
    # Partitions into parts = 2 mod 3, and two eta-quotient-like products:
    # the terms stay small (few bits), the exponents repeat from the first.
    b = [period[(k - 1) % len(period)] for k in range(1, 31)]
    terms = euler_terms(1, b, 30)
    r = recurrence_guess(terms[:15])
    assert isinstance(r, EulerProduct)
    assert r.predict(15) == terms[15:30]


def test_periodic_exponents_need_a_real_repeat():
    # The same small counts with the exponents' period broken after two
    # periods: no product is claimed from the coincidence.
    b = [0, 1, 0, 0, 1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0] + [0] * 15
    terms = euler_terms(1, b, 15)
    r = recurrence_guess(terms)
    assert not isinstance(r, EulerProduct)


def test_random_small_counts_give_no_product():
    import random
    rng = random.Random(7)
    found = 0
    for _ in range(30):
        terms = [1] + [rng.randint(0, 4) for _ in range(14)]
        r = recurrence_guess(terms, time_limit=5)
        found += isinstance(r, EulerProduct)
    assert found == 0


@pytest.mark.parametrize("b", [[-1] * 30, [-2] * 30, [0, -1, 0, 1] * 8])
def test_reciprocal_exponential_generating_functions(b):
    # 1/(2 - e^x) (ordered Bell numbers), 1/(3 - 2 e^x), 1/cos(x)
    from sympy_recur.euler_product import ReciprocalExponential
    from sympy_recur.guessers.euler import reciprocal_exponential_terms
    terms = reciprocal_exponential_terms(1, b, 30)
    r = recurrence_guess(terms[:15])
    assert isinstance(r, ReciprocalExponential) and r.kind == "exponential"
    assert r.predict(15) == terms[15:]
    assert _rhs_values(r, 10) == terms[:10]
    assert pickle.loads(pickle.dumps(r)).predict(3) == terms[15:18]


def test_ordered_bell_numbers_read_as_their_generating_function():
    fubini = [1, 1, 3, 13, 75, 541, 4683, 47293, 545835, 7087261, 102247563, 1622632573,
              28091567595, 526858348381, 10641342970443]
    r = recurrence_guess(fubini)
    from sympy_recur.guessers.euler import k
    assert r.generating_function == 1 / (1 - sympy.Sum(x ** k / sympy.factorial(k), (k, 1, sympy.oo)))
    assert str(r.equation) == "Eq(u(n), Sum(u(-k + n)*binomial(n, k), (k, 1, n)))"


@pytest.mark.parametrize("b1", [sympy.Rational(-1, 2), sympy.Rational(1, 2)])
def test_bernoulli_numbers_as_a_reciprocal_exponential(b1):
    # both conventions: x/(e^x - 1) and x/(1 - e^(-x))
    from fractions import Fraction
    from sympy_recur.euler_product import ReciprocalExponential
    bern = [Fraction(int(sympy.bernoulli(i).p), int(sympy.bernoulli(i).q)) for i in range(30)]
    bern[1] = Fraction(int(b1.p), int(b1.q))
    r = recurrence_guess(bern[:15])
    assert isinstance(r, ReciprocalExponential)
    assert r.predict(15) == [sympy.Rational(v.numerator, v.denominator) for v in bern[15:]]
    assert _rhs_values(r, 10) == bern[:10]


def test_integer_data_keeps_integer_exponents_only():
    # 2, 1, 1, ...: a(0) = 2 makes the normalised exponents rational; no
    # hypergeometric exponent rule is searched for integer data.
    from sympy_recur.guessers.euler import inverse_reciprocal_exponential
    terms = [2, 1, 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9]
    assert any(v.denominator != 1 for v in inverse_reciprocal_exponential(terms))
    assert not isinstance(recurrence_guess(terms), EulerProduct)


def _product_series(b, count):
    """Coefficients of prod_k (1 - x^k)^(-b(k)) below x^count, multiplying binomial series one factor at a time."""
    a = [1] + [0] * (count - 1)
    for k in range(1, count):
        e = b(k)
        factor = [0] * count  # (1 - x^k)^(-e) = sum_j binomial(e + j - 1, j) x^(k j)
        for j in range(0, (count - 1) // k + 1):
            factor[k * j] = sympy.binomial(e + j - 1, j) if e >= 0 else (-1) ** j * sympy.binomial(-e, j)
        a = [sum(a[i] * factor[m - i] for i in range(m + 1)) for m in range(count)]
    return [int(v) for v in a]


def test_quasi_polynomial_exponents_are_a_short_linear_recurrence():
    # b(k) = 2k for odd k and k for even k: b(k) = 2 b(k - 2) - b(k - 4), not a period of length <= 7
    terms = _product_series(lambda k: 2 * k if k % 2 else k, 30)
    r = recurrence_guess(terms[:15], method="classical")
    assert isinstance(r, EulerProduct)
    assert r.predict(15) == terms[15:]
    assert _rhs_values(r, 12) == terms[:12]


def test_sign_alternating_exponents_are_a_period():
    # b = 3, 2, -3, -2, 3, 2, ...: b(k) = -b(k - 2), period 4, named by two values
    terms = _product_series(lambda k: (3, 2, -3, -2)[(k - 1) % 4], 30)
    r = recurrence_guess(terms[:15], method="classical")
    assert isinstance(r, EulerProduct)
    assert r.predict(15) == terms[15:]
    assert _rhs_values(r, 12) == terms[:12]


def _partitions_into_primes(m: int) -> int:
    """Partitions of m into prime parts, counted part by part (coin change)."""
    ways = [1] + [0] * m
    for p in sympy.primerange(2, m + 1):
        for i in range(p, m + 1):
            ways[i] += ways[i - p]
    return ways[m]


def test_exponents_that_are_an_arithmetic_function():
    terms = [_partitions_into_primes(m) for m in range(30)]
    r = recurrence_guess(terms[:15], method="classical")
    assert isinstance(r, EulerProduct) and r.rhs.has(sympy.primepi)
    assert r.predict(15) == terms[15:]
    # prod (1 - x^k)^(-totient(k))
    terms = _product_series(lambda k: int(sympy.totient(k)), 30)
    r = recurrence_guess(terms[:15], method="classical")
    assert isinstance(r, EulerProduct) and r.rhs.has(sympy.totient)
    assert r.predict(15) == terms[15:]


def _distinct_parts(m: int, allowed) -> int:
    """Partitions of m into distinct parts k with allowed(k), counted part by part (0/1 knapsack)."""
    ways = [1] + [0] * m
    for k in range(1, m + 1):
        if allowed(k):
            for i in range(m, k - 1, -1):
                ways[i] += ways[i - k]
    return ways[m]


def test_distinct_parts_from_a_least_part_on():
    terms = [_distinct_parts(m, lambda k: k >= 3) for m in range(30)]
    r = recurrence_guess(terms[:15], method="classical")
    assert isinstance(r, EulerProduct) and r.source.startswith("euler->distinct-parts")
    assert r.predict(15) == terms[15:]
    assert _rhs_values(r, 12) == terms[:12]
