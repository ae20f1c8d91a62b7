"""Linear ansatz guesser: families, plan order and exact fits."""

from math import comb, factorial

import pytest
import sympy

from sympy_recur.guessers.ansatz import Ansatz, ansatz_families, ansatz_plan, solve_ansatz
from sympy_recur.symbols import n, u


def family(N, name):
    return next(a for a in ansatz_families(N) if a.name == name)


def fib(k):
    out, a, b = [], 0, 1
    for _ in range(k):
        out.append(a)
        a, b = b, a + b
    return out


def test_every_family_leaves_at_least_two_checks():
    N = 12
    for a in ansatz_families(N):
        assert N - a.max_lag - (a.unknowns - 1) >= 2, a.name


def test_families_are_sorted_simplest_first():
    keys = [(a.unknowns + a.max_lag, a.unknowns) for a in ansatz_families(15)]
    assert keys == sorted(keys)
    names = [a.name for a in ansatz_families(15)]
    assert names.index("poly0") < names.index("cfinite1") < names.index("cfinite2")


def test_more_terms_allow_more_families():
    few, many = ansatz_families(8), ansatz_families(20)
    assert {a.name for a in few} < {a.name for a in many}
    assert "somos4" not in {a.name for a in ansatz_families(15)}
    assert "somos4" in {a.name for a in many}


def test_plan_is_sorted_by_cost_and_charges_for_a_prefix():
    plan = ansatz_plan(12)
    costs = [c for c, _, _ in plan]
    assert costs == sorted(costs)
    assert {p for _, _, p in plan} == {0, 1, 2}
    for cost, a, prefix in plan:
        assert cost == a.unknowns + a.max_lag + 2 * prefix


def test_ansatz_properties():
    a = family(12, "cfinite2")
    assert a.unknowns == 3 and a.max_lag == 2 and a.kind == "c-finite"
    assert isinstance(a, Ansatz)


@pytest.mark.parametrize("name, seq, offset, expected", [
    ("poly2", [i * i for i in range(12)], 0, n ** 2),
    ("poly2", [i * i for i in range(5, 17)], 5, n ** 2),
    ("cfinite2", fib(12), 0, u(n - 1) + u(n - 2)),
    ("cfinite1+poly0", [2 ** (i + 1) - 1 for i in range(12)], 0, 2 * u(n - 1) + 1),
    ("prec1d1", [factorial(i) for i in range(12)], 0, n * u(n - 1)),
    ("prec1d1", [comb(2 * i, i) // (i + 1) for i in range(13)], 0, 2 * (2 * n - 1) * u(n - 1) / (n + 1)),
    ("cubic1", [2, 3, 7, 43, 1807, 3263443, 10650056950807], 0, u(n - 1) ** 2 - u(n - 1) + 1),
])
def test_solve_ansatz_recovers_the_rule(name, seq, offset, expected):
    a = family(len(seq), name)
    cand = solve_ansatz(a, seq, offset)
    assert cand is not None
    assert sympy.simplify(cand.rhs - expected) == 0
    assert cand.source == f"ansatz:{name}" and cand.n_params == a.unknowns - 1


def test_somos4_ansatz_recovers_the_rational_rule():
    s = [1, 1, 1, 1]
    while len(s) < 18:
        s.append((s[-1] * s[-3] + s[-2] ** 2) // s[-4])
    cand = solve_ansatz(family(18, "somos4"), s, 0)
    assert sympy.simplify(cand.rhs - (u(n - 1) * u(n - 3) + u(n - 2) ** 2) / u(n - 4)) == 0
    assert cand.kind == "nonlinear"


def test_p_recursive_candidate_may_be_singular_only_when_target_depends_on_n():
    cat = [comb(2 * i, i) // (i + 1) for i in range(13)]
    assert solve_ansatz(family(13, "prec1d1"), cat, 0).allow_singular
    assert not solve_ansatz(family(12, "cfinite2"), fib(12), 0).allow_singular


def test_n_prefix_skips_exceptional_first_terms():
    seq = [7] + [i * i for i in range(1, 12)]
    assert solve_ansatz(family(12, "poly2"), seq, 0) is None
    cand = solve_ansatz(family(11, "poly2"), seq, 0, n_prefix=1)
    assert cand.rhs == n ** 2 and cand.n_prefix == 1


def test_no_candidate_when_the_kernel_is_not_one_dimensional():
    zeros = [0] * 12
    assert solve_ansatz(family(12, "cfinite2"), zeros, 0) is None  # every vector is a kernel
    assert solve_ansatz(family(12, "poly1"), [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8], 0) is None


def test_too_few_rows_give_no_candidate():
    assert solve_ansatz(family(12, "cfinite2+poly2"), fib(6), 0) is None
