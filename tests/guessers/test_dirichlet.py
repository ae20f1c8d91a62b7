import random

import pytest
import sympy

from sympy_recur.arithmetic import kronecker
from sympy_recur.guessers.dirichlet import (FACTORS, Factor, convolve, dirichlet_rules,
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
