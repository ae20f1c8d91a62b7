"""compile_rhs: SymPy expression -> exact evaluator over int / Fraction."""

from fractions import Fraction

import pytest
import sympy

from sympy_recur.evaluate import EvaluationError, compile_rhs, lags_of, linear_coefficients, to_sympy_number
from sympy_recur.symbols import n, u


def ev(expr, k, prev=None):
    return compile_rhs(expr)(k, prev or {})


def test_linear_recurrence_evaluates_with_ints():
    v = ev(u(n - 1) + u(n - 2), 5, {1: 3, 2: 2})
    assert v == 5 and type(v) is int


def test_rational_results_are_fractions_and_integral_fractions_are_ints():
    assert ev(n ** 2 / 2, 3) == Fraction(9, 2)
    v = ev(n ** 2 / 2, 4)
    assert v == 8 and type(v) is int


def test_rational_previous_terms_stay_exact():
    assert ev(u(n - 1) + 1 / n, 3, {1: Fraction(3, 2)}) == Fraction(11, 6)


@pytest.mark.parametrize("expr, k, expected", [
    (sympy.factorial(n), 6, 720),
    (sympy.binomial(2 * n, n), 5, 252),
    (sympy.binomial(n - 7, 2), 3, 10),           # negative upper index: SymPy's value
    (sympy.binomial(n, n + 1), 3, 0),
    (sympy.harmonic(n), 3, Fraction(11, 6)),
    (sympy.floor(n / 3), 8, 2),
    (sympy.ceiling(n / 3), 8, 3),
    (sympy.Abs(5 - n), 8, 3),
    (sympy.sign(5 - n), 8, -1),
    (sympy.Mod(n, 3), 8, 2),
    (sympy.Max(n, 10), 8, 10),
    (sympy.Min(n, 10), 8, 8),
    (sympy.RisingFactorial(n, 3), 2, 24),
    (sympy.FallingFactorial(n, 3), 5, 60),
    ((-1) ** n * n, 7, -7),
    (2 ** (n + 1) - 1, 10, 2047),
    (sympy.sqrt(n), 49, 7),
    (n ** sympy.Rational(3, 2), 4, 8),
    (sympy.Rational(1, 2) ** n, 3, Fraction(1, 8)),
    (sympy.fibonacci(n), 10, 55),                # not in the fast table: SymPy fallback
])
def test_supported_nodes_evaluate_exactly(expr, k, expected):
    v = ev(expr, k)
    assert v == expected
    assert to_sympy_number(v) == expr.subs(n, k)  # agrees with SymPy's own value


@pytest.mark.parametrize("expr, k, match", [
    (1 / (n - 3), 3, "zero"),
    (sympy.sqrt(n), 2, "perfect power"),
    (sympy.sqrt(n - 5), 1, "negative"),
    (sympy.factorial(n - 5), 2, "negative"),
    (sympy.factorial(n / 2), 3, "not an integer"),
    (sympy.Mod(n, n - 3), 3, "modulo by zero"),
    (2 ** (2 ** n), 20, "too large"),
    (sympy.factorial(n), 10 ** 4, "too large"),
    (sympy.log(n), 3, "not rational"),
])
def test_undefined_or_irrational_values_raise_evaluation_error(expr, k, match):
    with pytest.raises(EvaluationError, match=match):
        ev(expr, k)


def test_zero_factor_still_evaluates_undefined_factors():
    expr = sympy.Mul(u(n - 1), 1 / (n - 3), evaluate=False)
    with pytest.raises(EvaluationError):
        ev(expr, 3, {1: 0})


def test_missing_previous_term_is_an_evaluation_error():
    with pytest.raises(EvaluationError, match="KeyError"):
        ev(u(n - 2), 5, {1: 1})


def test_evaluation_error_is_an_arithmetic_error():
    assert issubclass(EvaluationError, ArithmeticError)


def test_lags_of_lists_sorted_unique_lags():
    assert lags_of(u(n - 3) * u(n - 1) + u(n - 1) ** 2 + n) == [1, 3]
    assert lags_of(n ** 2) == []


@pytest.mark.parametrize("expr, match", [
    (u(n + 1), "not of the form"),
    (u(n), "not of the form"),
    (u(2 * n), "not of the form"),
    (sympy.Function("f")(n - 1), "unexpected function"),
    (u(n - 1, n), "unexpected function"),
])
def test_lags_of_rejects_malformed_terms(expr, match):
    with pytest.raises(ValueError, match=match):
        lags_of(expr)
    with pytest.raises(ValueError, match=match):
        compile_rhs(expr)


def test_to_sympy_number_is_exact():
    assert to_sympy_number(Fraction(2, 3)) == sympy.Rational(2, 3)
    assert to_sympy_number(10 ** 40) == sympy.Integer(10) ** 40
    assert isinstance(to_sympy_number(3), sympy.Integer)


def test_compiled_matches_sympy_on_a_random_polynomial_rhs():
    import random
    coeffs = [random.randint(-9, 9) for _ in range(4)]
    expr = coeffs[0] + coeffs[1] * n + coeffs[2] * u(n - 1) * n + coeffs[3] * u(n - 2) ** 2 / 7
    f = compile_rhs(expr)
    for k in range(2, 12):
        prev = {1: Fraction(random.randint(-50, 50), random.randint(1, 9)), 2: random.randint(-50, 50)}
        want = expr.subs({n: k, u(n - 1): sympy.Rational(prev[1].numerator, prev[1].denominator),
                          u(n - 2): prev[2]})
        got = f(k, prev)
        assert sympy.Rational(Fraction(got).numerator, Fraction(got).denominator) == want


@pytest.mark.parametrize("rhs, expected", [
    (2 * u(n - 1) - sympy.Rational(1, 2) * u(n - 3) + n ** 2, [2, 0, sympy.Rational(-1, 2)]),
    (u(n - 2) + 7, [0, 1, 0]),
    (n * u(n - 1) + u(n - 2), None),           # a coefficient depending on n: SymPy decides
    (u(n - 1) ** 2 + u(n - 2), None),
])
def test_linear_coefficients_are_read_off_the_sum(rhs, expected):
    assert linear_coefficients(rhs, [1, 2, 3]) == expected
