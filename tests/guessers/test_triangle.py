import math
import random

import pytest
import sympy

from sympy_recur import recurrence_guess
from sympy_recur.arithmetic import triangle_column, triangle_row
from sympy_recur.guessers.triangle import triangle_candidates


def _flatten(T, rows):
    return [T(r, k) for r in range(rows) for k in range(r + 1)]


@pytest.mark.parametrize("T", [
    lambda r, k: 3 * (r - k) * k + 1,          # A296180
    lambda r, k: 2 * r * k + r + k - 3,
    lambda r, k: r * r + k,
    lambda r, k: (r + 1) * (k + 1),            # multiplication table read by rows
])
def test_polynomial_triangles_are_found_and_continue(T):
    terms = _flatten(T, 8)
    r = recurrence_guess(terms[:15])
    assert r is not None and r.rhs.has(triangle_column)
    assert r.predict(15) == terms[15:30]


def test_square_array_by_antidiagonals_is_the_same_indexing():
    # A(i, j) = i*j + i + 1 read by antidiagonals: i = k, j = r - k
    terms = _flatten(lambda r, k: k * (r - k) + k + 1, 8)
    r = recurrence_guess(terms[:15])
    assert r.predict(15) == terms[15:30]


def test_offset_counts_rows_from_the_first_term():
    terms = _flatten(lambda r, k: r + 2 * k * k, 8)
    r = recurrence_guess(terms[:15], offset=1)
    assert r.initial == {} and r.terms(1, 31) == terms[:30]
    assert r.rhs.subs(sympy.Symbol("n", integer=True), 1) == terms[0]


def test_row_and_column_functions():
    assert [int(triangle_row(i)) for i in range(10)] == [0, 1, 1, 2, 2, 2, 3, 3, 3, 3]
    assert [int(triangle_column(i)) for i in range(10)] == [0, 0, 1, 0, 1, 2, 0, 1, 2, 3]
    assert triangle_row(sympy.Symbol("x")).func is triangle_row  # stays symbolic


def test_no_triangle_in_random_lists():
    rng = random.Random(1)
    found = sum(bool(list(triangle_candidates([rng.randint(0, 100) for _ in range(15)], 0)))
                for _ in range(200))
    assert found == 0


@pytest.mark.parametrize("T", [
    lambda r, k: math.comb(r, k) * 10 ** k,                 # A013617: coefficients of (1 + 10 x)**r
    lambda r, k: math.comb(r, k) * 3 ** k * 6 ** (r - k),   # (6 + 3 x)**r
    lambda r, k: math.comb(r + 2, k + 2),                   # Pascal's triangle without two columns
    lambda r, k: 2 * math.comb(r + 1, k) * (-2) ** k,
])
def test_weighted_binomial_triangles(T):
    terms = _flatten(T, 8)
    r = recurrence_guess(terms[:15])
    assert r is not None and r.rhs.has(sympy.binomial) and r.rhs.has(triangle_column)
    assert r.predict(15) == terms[15:30]


def test_weighted_binomial_needs_every_term():
    terms = _flatten(lambda r, k: math.comb(r, k) * 10 ** k, 5)
    terms[-1] += 1
    assert not any(c.source == "triangle:binomial" for c in triangle_candidates(terms, 0))


@pytest.mark.parametrize("T", [
    lambda r, k: 2 ** (r + 1) - 2 ** (r - k) - 2 ** k,      # A358125 (rows from 0)
    lambda r, k: (k + 1) ** 2 * math.comb(r, k),            # A125092
    lambda r, k: 2 ** (r - k) + 2 ** k - 2,                 # A350770
])
def test_sparse_basis_triangles(T):
    terms = _flatten(T, 8)
    r = recurrence_guess(terms[:15])
    assert r is not None and r.source.startswith("triangle:")
    assert r.predict(15) == terms[15:30]


def test_sparse_basis_takes_the_fewest_functions():
    terms = _flatten(lambda r, k: 3 * 2 ** k - 1, 6)
    cands = [c for c in triangle_candidates(terms, 0) if c.source.startswith("triangle:") and "^" in c.source]
    assert [c.source for c in cands] == ["triangle:1+2^k"] and cands[0].n_params == 2


def test_long_inputs_are_fitted_on_a_prefix():
    # Regression: each of the ~380 sparse subsets was solved on every term,
    # 36 s for 20,000 random terms with no deadline check.
    import time
    rng = random.Random(7)
    terms = [rng.randint(-10 ** 6, 10 ** 6) for _ in range(20000)]
    start = time.monotonic()
    assert list(triangle_candidates(terms, 0)) == []
    assert time.monotonic() - start < 5.0
    long_triangle = _flatten(lambda r, k: 2 ** (r - k) + 2 ** k - 2, 60)
    found = [c for c in triangle_candidates(long_triangle, 0) if c.source.startswith("triangle:")]
    assert found and recurrence_guess(long_triangle[:40]).predict(10) == long_triangle[40:50]


def _catalan(k):
    return math.comb(2 * k, k) // (k + 1)


@pytest.mark.parametrize("T", [
    lambda r, k: math.comb(r, k) * math.comb(r + 1, k) // (k + 1),   # Narayana numbers
    lambda r, k: math.comb(r, k) * _catalan(k),
    lambda r, k: 3 ** r * math.comb(r + k, k),
    lambda r, k: _catalan(r) * math.comb(r, k),                       # a Catalan first column
    lambda r, k: math.factorial(r) // math.factorial(k) * 2 ** k,    # a factorial one
])
def test_rows_hypergeometric_in_the_column_are_found(T):
    terms = _flatten(T, 8)
    r = recurrence_guess(terms[:15])
    assert r is not None and r.source == "triangle:hypergeometric"
    assert r.predict(15) == terms[15:30]
    # the displayed closed form is the rule: evaluate it with SymPy
    assert [r.rhs.subs(sympy.Symbol("n", integer=True), m) for m in range(30)] == terms[:30]


def test_hypergeometric_rows_need_every_ratio_to_fit():
    rng = random.Random(3)
    found = 0
    for _ in range(200):
        terms = _flatten(lambda r, k: 1 if k == 0 else rng.randint(1, 30), 5)
        found += any(c.source == "triangle:hypergeometric" for c in triangle_candidates(terms, 0))
    assert found == 0
