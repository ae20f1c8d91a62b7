import pytest
import sympy
from sympy.functions.combinatorial.numbers import divisor_sigma, kronecker_symbol, primepi, totient

from sympy_recur.arithmetic import (MAX_ARGUMENT, binary_weight, digit_sum, nth_prime, odd_part, periodic_term, prime_factor_sum,
                                    triangle_column, triangle_row, two_adic_valuation)
from sympy_recur.evaluate import EvaluationError, ValueTooLarge, compile_rhs
from sympy_recur.symbols import n, u


def test_functions_evaluate_at_integers_and_stay_symbolic_otherwise():
    assert [binary_weight(i) for i in range(8)] == [0, 1, 1, 2, 1, 2, 2, 3]
    assert [nth_prime(i) for i in range(1, 7)] == [2, 3, 5, 7, 11, 13]
    assert [odd_part(i) for i in range(1, 9)] == [1, 1, 3, 1, 5, 3, 7, 1]
    assert digit_sum(1999) == 28
    assert [two_adic_valuation(i) for i in range(1, 9)] == [0, 1, 0, 2, 0, 1, 0, 3]
    assert isinstance(binary_weight(n), binary_weight)
    assert binary_weight(n + 1).subs(n, 6) == 3


@pytest.mark.parametrize("expr, values", [
    (divisor_sigma(n), [1, 3, 4, 7, 6, 12]),
    (divisor_sigma(n, 2), [1, 5, 10, 21, 26, 50]),
    (totient(n), [1, 1, 2, 2, 4, 2]),
    (primepi(n), [0, 1, 2, 2, 3, 3]),
    (sympy.floor(sympy.sqrt(n)), [1, 1, 1, 2, 2, 2]),
    (sympy.floor(n ** sympy.Rational(1, 3)), [1, 1, 1, 1, 1, 1]),
    (kronecker_symbol(n, 7), [1, 1, -1, 1, -1, -1]),
    (nth_prime(n) + binary_weight(n), [3, 4, 7, 8, 13, 15]),
    (two_adic_valuation(2 * n), [1, 2, 1, 3, 1, 2]),
    (triangle_row(n) + 10 * triangle_column(n), [1, 11, 2, 12, 22, 3]),
    (prime_factor_sum(n, 1, 1, 1), [0, 2, 3, 4, 5, 5]),           # sopfr, A001414
    (prime_factor_sum(n + 6, 0, -4, 0), [-1, 0, -1, 1, -1, -1]),  # primes 1 mod 4 minus 3 mod 4
    (periodic_term(n, 7, 1, 2) * n, [1, 4, 21, 4, 10, 42]),
])
def test_compiled_values_match_sympy(expr, values):
    f = compile_rhs(expr)
    got = [f(i, {}) for i in range(1, 7)]
    assert got == values
    assert got == [int(expr.subs(n, i).doit()) for i in range(1, 7)]


def test_out_of_domain_and_huge_arguments_are_refused_not_hung():
    with pytest.raises(EvaluationError):
        compile_rhs(totient(n))(0, {})
    with pytest.raises(ValueTooLarge):
        compile_rhs(totient(u(n - 1)))(5, {1: MAX_ARGUMENT * 10 ** 30})
    assert compile_rhs(sympy.floor(sympy.sqrt(u(n - 1))))(5, {1: 10 ** 40 + 1}) == 10 ** 20


def test_periodic_term_cycles_and_rewrites_to_a_piecewise():
    assert [periodic_term(k, 3, 1, 4) for k in range(-2, 5)] == [1, 4, 3, 1, 4, 3, 1]
    assert isinstance(periodic_term(n, 3, 1), periodic_term)
    pw = periodic_term(n, 3, 1, 4).rewrite(sympy.Piecewise)
    assert [pw.subs(n, k) for k in range(6)] == [3, 1, 4, 3, 1, 4]
    assert sympy.latex(periodic_term(n, 3, 1)) == r"\left(3, 1\right)_{n \bmod 2}"
    with pytest.raises(TypeError):
        periodic_term(n)
