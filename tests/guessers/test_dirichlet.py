import random

import pytest
import sympy

from sympy_recur.arithmetic import kronecker
from sympy_recur.guessers.dirichlet import (FACTORS, ZETA, Factor, convolve, dirichlet_rules,
                                            factor_values, product_values)


def test_kronecker_matches_sympy():
    for D in (1, 4, 9, -4, -3, 8, -8, 5, 12):
        assert [kronecker(D, m) for m in range(1, 120)] == \
            [int(sympy.kronecker_symbol(D, m)) for m in range(1, 120)]
    # the integer-only path and SymPy's (m <= 0) agree with SymPy everywhere
    assert [kronecker(a, m) for a in range(-30, 31) for m in range(-10, 60)] == \
        [int(sympy.kronecker_symbol(a, m)) for a in range(-30, 31) for m in range(-10, 60)]


def test_inverse_factor_is_the_dirichlet_inverse():
    for f in FACTORS[::7]:
        g = Factor(f.character, f.power, not f.inverse)
        unit = convolve(factor_values(f, 40), factor_values(g, 40))
        assert unit == [0, 1] + [0] * 39


def test_product_values_of_classical_functions():
    size = 30
    assert product_values((Factor(1, 0, False), Factor(1, 2, False)), size)[1:] == \
        [int(sympy.divisor_sigma(m, 2)) for m in range(1, size + 1)]
    assert product_values((Factor(1, 0, True), Factor(1, 1, False)), size)[1:] == \
        [int(sympy.totient(m)) for m in range(1, size + 1)]


@pytest.mark.parametrize("values, first", [
    ([int(sympy.divisor_sigma(m, 3)) for m in range(1, 16)], 1),
    ([m * int(sympy.divisor_count(m)) for m in range(1, 16)], 1),          # n d(n)
    ([7] + [4 * sum(int(sympy.kronecker_symbol(-4, d)) for d in sympy.divisors(m))
            for m in range(1, 15)], 0),                                    # theta series, odd a(0)
    ([3 * int(sympy.totient(m)) for m in range(1, 16)], 1),                # a constant factor
])
def test_rules_reproduce_multiplicative_functions(values, first):
    rules = list(dirichlet_rules(values))
    assert len(rules) == 1 and rules[0].first == first
    rule = rules[0]
    size = 40
    got = [rule.scale * v for v in product_values(rule.factors, size)[1:]]
    assert got[:len(values) - (1 - first)] == values[1 - first:]


def test_no_rule_for_random_lists():
    rng = random.Random(3)
    hits = sum(bool(list(dirichlet_rules([1] + [rng.randint(-50, 50) for _ in range(14)])))
               for _ in range(300))
    assert hits == 0


def test_too_few_terms_or_fractions_give_nothing():
    assert list(dirichlet_rules([1, 3, 4, 7, 6, 12])) == []
    assert list(dirichlet_rules([sympy.Rational(1, 2)] * 15)) == []


def test_long_inputs_are_rejected_on_a_short_prefix():
    # [1, 0, 0, ...] is zero at every key prime: 26 candidate products, each
    # once convolved over all 20,000 terms (1.5 s); a 64-term check comes first.
    import time
    start = time.monotonic()
    assert list(dirichlet_rules([1] + [0] * 19999)) == []
    assert time.monotonic() - start < 1.0


def _ordered_factorizations(m: int, k: int) -> int:
    """d_k(m): ways to write m as an ordered product of k positive integers (by the definition)."""
    if k == 1:
        return 1
    return sum(_ordered_factorizations(m // d, k - 1) for d in range(1, m + 1) if m % d == 0)


@pytest.mark.parametrize("values", [
    [_ordered_factorizations(m, 4) for m in range(1, 31)],   # zeta(s)^4
    [_ordered_factorizations(m, 5) for m in range(1, 31)],   # zeta(s)^5
    # sum over d | m of (-1)^(m/d + 1) d^5: four factors, one of them zeta(s)
    [sum((-1) ** (m // d + 1) * d ** 5 for d in range(1, m + 1) if m % d == 0) for m in range(1, 31)],
])
def test_extra_zeta_factors(values):
    from sympy_recur import recurrence_guess
    rule = next(dirichlet_rules(values[:15]))
    assert len(rule.factors) > 3 and rule.factors[0] == ZETA
    assert product_values(rule.factors, 30)[1:] == values
    assert recurrence_guess(values[:15], method="classical").predict(15) == values[15:]


def test_zeta_is_not_paired_with_its_inverse():
    # [1, 0, 0, ...] is the unit: zeta * mobius, a product of two that says nothing
    assert all(ZETA not in r.factors or Factor(1, 0, True) not in r.factors
               for r in dirichlet_rules([1] + [0] * 14))
