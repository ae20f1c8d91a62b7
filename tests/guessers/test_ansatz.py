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


def _columns(a):
    return {("t", m) for m in a.target} | {("o", m) for m in a.other}


@pytest.mark.parametrize("N", [12, 15, 30])
def test_every_cover_holds_its_ansatz_on_the_same_rows(N):
    from sympy_recur.guessers.ansatz import plan_covers
    plan = ansatz_plan(N)
    covers = plan_covers(N)
    assert len(covers) == len(plan)
    assert sum(c is not None for c in covers) > len(plan) // 2  # the point of covers
    for (_, a, n_prefix), cover in zip(plan, covers):
        if cover is None:
            continue
        assert cover.max_lag == a.max_lag
        assert _columns(a) < _columns(cover)
        assert cover.unknowns <= N - n_prefix - a.max_lag  # could have full rank


def test_a_cover_never_rules_out_an_ansatz_that_fits():
    # Every plan entry that yields a relation on these sequences must survive
    # its cover's rank test, and some sequence must be ruled out somewhere.
    import random
    from sympy_recur.guessers.ansatz import AnsatzCovers, fit_ansatz, plan_covers
    rng = random.Random(5)
    seqs = [fib(15), [k * k + 1 for k in range(15)], [2 ** k + k for k in range(15)],
            [factorial(k) for k in range(15)], [comb(2 * k, k) for k in range(15)],
            [rng.randint(-50, 50) for _ in range(15)]]
    ruled_out = 0
    for seq in seqs:
        covers = AnsatzCovers(seq, 0)
        for (_, a, n_prefix), cover in zip(ansatz_plan(15), plan_covers(15)):
            if covers.rules_out(cover, n_prefix):
                ruled_out += 1
                assert fit_ansatz(a, seq, 0, n_prefix) is None, (seq[:4], a.name)
    assert ruled_out > 1000


def test_fits_of_one_relation_by_different_ansaetze_share_their_key():
    from sympy_recur.guessers.ansatz import fit_ansatz
    seq = fib(15)
    small, wide = family(15, "cfinite2"), family(15, "cfinite2+poly1")
    a, b = fit_ansatz(small, seq, 0), fit_ansatz(wide, seq, 0)
    assert a.relation(small) == b.relation(wide)
    assert a.relation(small) != fit_ansatz(family(15, "sparse1_3"), seq, 0).relation(family(15, "sparse1_3"))


def _half_sums(k):
    from fractions import Fraction
    out = [Fraction(1), Fraction(7)]
    while len(out) < k:
        out.append((out[-1] + 3 * out[-2]) / 2)
    return out


@pytest.mark.parametrize("name, seq", [
    ("cfinite2+poly1", [2 ** k + k * k for k in range(15)]),
    ("cfinite1+poly2", [k ** 3 for k in range(15)]),
    ("poly3", [k ** 3 - 2 * k for k in range(15)]),
    ("cfinite2", _half_sums(15)),
])
def test_rules_with_a_constant_denominator_are_written_as_the_general_tidy_writes_them(name, seq):
    from sympy_recur.guessers import ansatz as A
    a = family(15, name)
    fit = A.fit_ansatz(a, seq, 0, guard={"min_saving_bits": 0, "min_check_bits": 0})
    assert fit is not None
    co, ct = fit.coefficients[len(a.target):], fit.coefficients[:len(a.target)]
    den = sum(c * A._feature_expr(m) for c, m in zip(ct, a.target))
    num = -sum(c * A._feature_expr(m) for c, m in zip(co, a.other))
    fast = A._constant_denominator_rhs(a, co, int(den))
    assert sympy.srepr(fast) == sympy.srepr(A._tidy(num, sympy.Integer(den)))


def test_somos_pairs_ansatz_leaves_checks_where_the_full_quadratic_cannot():
    names = {a.name for a in ansatz_families(15)}
    assert {"somos4pairs", "somos5pairs", "somos6pairs", "somos7pairs"} <= names
    s = [1, 1, 1, 1, 1]
    while len(s) < 15:
        s.append((s[-1] * s[-4] + 2 * s[-2] * s[-3]) // s[-5])
    cand = solve_ansatz(family(15, "somos5pairs"), s, 0)
    assert sympy.simplify(cand.rhs - (u(n - 1) * u(n - 4) + 2 * u(n - 2) * u(n - 3)) / u(n - 5)) == 0
