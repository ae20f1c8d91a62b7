"""nullspace over QQ: canonical primitive integer kernel bases."""

import random
from fractions import Fraction

import pytest
import sympy

from sympy_recur.linalg import integer_rows, nullspace


def _apply(rows, v):
    return [sum(Fraction(a) * b for a, b in zip(row, v)) for row in rows]


def test_docstring_examples():
    assert nullspace([[1, 1, -1], [1, 2, -1]]) == [[1, 0, 1]]
    assert nullspace([[1, 0], [0, 1]]) == []


def test_empty_and_zero_width_inputs():
    assert nullspace([], 0) == []
    assert nullspace([[]]) == []
    assert nullspace([], 2) == [[1, 0], [0, 1]]


def test_zero_matrix_kernel_is_the_standard_basis():
    assert nullspace([[0, 0, 0], [0, 0, 0]]) == [[1, 0, 0], [0, 1, 0], [0, 0, 1]]


def test_fraction_rows_give_the_same_kernel_as_scaled_integer_rows():
    rows = [[Fraction(1, 2), Fraction(1, 3), -1], [1, Fraction(2, 3), -2]]
    assert nullspace(rows) == nullspace([[3, 2, -6], [3, 2, -6]])


def test_basis_vectors_are_primitive_with_positive_leading_entry():
    rows = [[-2, -4, 6], [1, 2, -3]]
    basis = nullspace(rows)
    assert len(basis) == 2
    for v in basis:
        assert all(x == 0 for x in _apply(rows, v))
        assert next(x for x in v if x) > 0
        assert sympy.igcd(*v) == 1


def test_fibonacci_relation_is_found_from_a_hankel_like_matrix():
    fib = [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]
    rows = [[fib[i], fib[i - 1], fib[i - 2]] for i in range(2, 10)]
    assert nullspace(rows) == [[1, -1, -1]]


@pytest.mark.parametrize("trial", range(20))
def test_random_rank_deficient_matrices_match_sympy_kernel_dimension(trial):
    rng = random.Random(trial)
    ncols = rng.randint(2, 7)
    rank = rng.randint(0, ncols)
    gens = [[rng.randint(-9, 9) for _ in range(ncols)] for _ in range(rank)]
    rows = []
    for _ in range(rng.randint(max(rank, 1), 10)):
        cs = [rng.randint(-5, 5) for _ in gens]
        rows.append([sum(c * g[j] for c, g in zip(cs, gens)) for j in range(ncols)])
    if rng.random() < 0.3:
        rows = [[Fraction(x, rng.randint(1, 6)) for x in row] for row in rows]
    basis = nullspace(rows, ncols)
    expected = sympy.Matrix(rows).nullspace()
    assert len(basis) == len(expected)
    for v in basis:
        assert all(x == 0 for x in _apply(rows, v))
        assert all(isinstance(x, int) for x in v)
    if basis:
        assert sympy.Matrix(basis).rank() == len(basis)


def test_full_rank_tall_matrix_with_large_entries_has_trivial_kernel():
    rng = random.Random(7)
    rows = [[rng.randint(-10 ** 30, 10 ** 30) for _ in range(6)] for _ in range(9)]
    assert nullspace(rows) == []


def test_result_is_deterministic_and_canonical_under_row_order():
    rows = [[1, 2, 3, 4], [2, 4, 6, 8], [0, 1, 1, 1]]
    assert nullspace(rows) == nullspace(rows[::-1])


def test_integer_rows_clears_denominators_per_row():
    assert integer_rows([[Fraction(1, 2), Fraction(1, 3)], [1, 2]]) == [[3, 2], [1, 2]]
    out = integer_rows([[Fraction(4, 2), 3]])
    assert out == [[2, 3]] and all(type(x) is int for x in out[0])


def test_independent_subsets_agree_with_exact_rank():
    import random
    from itertools import combinations
    from sympy import Matrix
    from sympy_recur.linalg import independent_subsets_mod_p
    rng = random.Random(3)
    base = [[rng.randint(-9, 9) for _ in range(8)] for _ in range(4)]
    # Two dependent columns, a zero column and large entries, beside random ones.
    columns = base + [[2 * a - b for a, b in zip(base[0], base[1])], [0] * 8,
                      [10 ** 30 * x + 1 for x in base[2]]]
    rows = [(0, 1, 2), (3, 5, 7)]
    for k in (2, 3):
        subsets = list(combinations(range(len(columns)), k))
        found = independent_subsets_mod_p(columns, subsets, [r[:k] for r in rows])
        for s, proved in zip(subsets, found):
            exact = [Matrix([[columns[j][i] for j in s] for i in r[:k]]).det() != 0 for r in rows]
            assert proved == any(exact), s
