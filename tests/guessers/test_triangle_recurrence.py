import math
import pickle
import random

import pytest
import sympy

from sympy_recur import TriangleRecurrence, recurrence_guess
from sympy_recur.guessers.triangle_recurrence import plane_entries, plane_rules, triangle_entries, triangle_rules
from sympy_recur.symbols import n
from sympy_recur.triangle_recurrence import verified_triangle_recurrences


def _flatten(T, rows):
    return [T(r, k) for r in range(rows) for k in range(r + 1)]


def _by_rule(left, right, a, b, c, rows):
    T = {}
    for r in range(rows):
        for k in range(r + 1):
            if k == 0:
                T[r, k] = left(r)
            elif k == r:
                T[r, k] = right(r)
            else:
                T[r, k] = a * T[r - 1, k - 1] + b * T[r - 1, k] + (c * T[r - 2, k - 1] if k - 1 <= r - 2 else 0)
    return [T[r, k] for r in range(rows) for k in range(r + 1)]


@pytest.mark.parametrize("terms", [
    _by_rule(lambda r: 1, lambda r: 1, 1, 0, 1, 8),            # A004070-like: T = T(r-1,k-1) + T(r-2,k-1)
    _by_rule(lambda r: 2 ** r, lambda r: 1, 1, 1, 0, 8),       # Pascal's rule with other borders
    _by_rule(lambda r: 1, lambda r: 1, 1, 1, 1, 8),            # Delannoy-like third term
    _by_rule(lambda r: r + 1, lambda r: 3 ** r, 2, -1, 0, 8),  # linear border, negative weight
])
def test_pascal_like_triangles_are_found_and_continue(terms):
    r = recurrence_guess(terms[:15])
    assert r is not None
    assert r.predict(len(terms) - 15) == terms[15:]


def test_result_object():
    terms = _by_rule(lambda r: 1, lambda r: 1, 1, 0, 1, 8)
    r = recurrence_guess(terms[:15])
    assert isinstance(r, TriangleRecurrence) and r.kind == "triangle" and r.order == sympy.oo
    assert isinstance(r.rhs, sympy.Piecewise)
    assert r.closed_form() is None
    back = pickle.loads(pickle.dumps(r))
    assert back == r and back.predict(6) == terms[15:21]
    assert r.as_dict()["order"] == "oo"
    assert r.terms(0, 21) == terms[:21]


def test_offset_moves_the_first_row():
    terms = _by_rule(lambda r: 1, lambda r: 1, 1, 0, 1, 7)
    r = recurrence_guess(terms[:15], offset=3)
    assert r.terms(3, 3 + len(terms)) == terms


def test_entries_match_the_rule_for_weighted_pascal():
    terms = _flatten(lambda r, k: math.comb(r, k) * 2 ** k, 7)
    rule = next(triangle_rules(terms[:15]))
    assert triangle_entries(rule, len(terms)) == terms


def test_no_rule_in_random_lists():
    rng = random.Random(5)
    hits = sum(bool(list(triangle_rules([rng.randint(0, 9) for _ in range(15)]))) for _ in range(300))
    assert hits == 0


def test_too_few_rows():
    assert list(triangle_rules([1, 1, 1, 1, 2, 1, 1, 3, 3, 1])) == []


def _riordan(a: tuple, z: tuple, rows: int) -> list:
    """A Riordan array from its A- and Z-sequences, by the definition (independent of the package)."""
    T = [[1]]
    for r in range(1, rows):
        prev = T[-1] + [0, 0, 0]
        row = [sum(zj * prev[j] for j, zj in enumerate(z))]
        row += [sum(aj * (prev[k - 1 + j] if k - 1 + j >= 0 else 0) for j, aj in enumerate(a))
                for k in range(1, r + 1)]
        T.append(row)
    return [v for row in T for v in row]


@pytest.mark.parametrize("a, z", [
    ((1, 2, 1), (2, 1)),   # Catalan triangle A039598
    ((1, 2, 1), (1, 1)),   # A039599
    ((1, 5, 1), (5, 1)),
    ((1, 3, 2), (3, 2)),
])
def test_riordan_arrays_from_five_rows(a, z):
    terms = _riordan(a, z, 9)
    rules = verified_triangle_recurrences(terms[:15], 0)
    assert rules and all(r.predict(len(terms) - 15) == terms[15:] for r in rules)
    # The answer may be the Riordan rule or, for the Catalan triangles, their
    # hypergeometric closed form (a closed form ranks first): the same terms.
    rec = recurrence_guess(terms[:15])
    assert isinstance(rec, TriangleRecurrence) or rec.source == "triangle:hypergeometric"
    assert rec.predict(len(terms) - 15) == terms[15:]


def test_first_column_stencil_needs_integer_coefficients():
    # the first column 1, 1, 3/2 ... is not a Z-sequence of integers: no stencil rule
    from sympy_recur.guessers.triangle_recurrence import _fit_stencil
    T = {(0, 0): 2, (1, 0): 3, (1, 1): 1, (2, 0): 5, (2, 1): 1, (2, 2): 1,
         (3, 0): 7, (3, 1): 1, (3, 2): 1, (3, 3): 1, (4, 0): 12}
    assert _fit_stencil(T, 5) is None


# --- one rule for every entry, zeros outside ---------------------------------------

def _by_plane_rule(step, rows: int) -> list:
    """Rows 0..rows-1 of T(0, 0) = 1, T(r, k) = step(T, r, k), T zero outside 0 <= k <= r."""
    T = {(0, 0): 1}
    get = lambda r, k: T.get((r, k), 0)  # noqa: E731
    for r in range(1, rows):
        for k in range(r + 1):
            T[r, k] = step(get, r, k)
    return [T[r, k] for r in range(rows) for k in range(r + 1)]


STIRLING2 = _by_plane_rule(lambda T, r, k: T(r - 1, k - 1) + (k + 1) * T(r - 1, k), 8)
EULERIAN = _by_plane_rule(lambda T, r, k: (r - k + 1) * T(r - 1, k - 1) + (k + 1) * T(r - 1, k), 8)
BALLOT = _by_plane_rule(lambda T, r, k: T(r, k - 1) + T(r - 1, k) if k < r else T(r, k - 1), 8)


def test_plane_families_are_found_and_continue():
    assert STIRLING2[:10] == [1, 1, 1, 1, 3, 1, 1, 7, 6, 1]   # S2(r+1, k+1)
    assert EULERIAN[:10] == [1, 1, 1, 1, 4, 1, 1, 11, 11, 1]
    assert BALLOT[:10] == [1, 1, 1, 1, 2, 2, 1, 3, 5, 5]       # Catalan's ballot triangle
    motzkin_like = _by_plane_rule(lambda T, r, k: T(r - 1, k - 1) + T(r - 1, k) + T(r - 1, k + 1), 8)
    delannoy_like = _by_plane_rule(lambda T, r, k: T(r - 1, k - 1) + T(r - 1, k) + T(r - 2, k - 1), 8)
    # the (3, 1)-Pascal triangle: Pascal's rule after its first two rows
    pascal31 = [1, 3, 1] + [math.comb(r - 1, k) * 3 + math.comb(r - 1, k - 1) if k else 3
                            for r in range(2, 8) for k in range(r + 1)]
    assert pascal31[:10] == [1, 3, 1, 3, 4, 1, 3, 7, 5, 1]
    for terms in (STIRLING2, EULERIAN, BALLOT, motzkin_like, delannoy_like, pascal31):
        rules = verified_triangle_recurrences(terms[:15], 0)
        assert any(rule.predict(len(terms) - 15) == terms[15:] for rule in rules), terms[:15]
        r = recurrence_guess(terms[:15], method="classical")
        # the ballot triangle is also hypergeometric: its closed form ranks first
        assert isinstance(r, TriangleRecurrence) or (terms is BALLOT and r.source == "triangle:hypergeometric")
        assert r.predict(len(terms) - 15) == terms[15:]


def test_plane_rule_entries_and_fit():
    rule = next(plane_rules(EULERIAN[:15]))
    assert rule.head == (1,) and rule.lags == ((1, 1), (1, 0)) and rule.degree == 1
    assert rule.coeffs == ((1, 1, -1), (1, 0, 1))   # (1 + r - k) T(r-1, k-1) + (1 + k) T(r-1, k)
    assert rule.n_params == 6
    assert plane_entries(rule, len(EULERIAN)) == EULERIAN


def test_plane_rule_rhs_reads_the_rule_back():
    # the Piecewise rhs, evaluated on the flattened triangle, gives each entry
    r = recurrence_guess(STIRLING2[:15], method="classical")
    seq = STIRLING2
    for i in range(1, len(seq)):
        value = r.rhs.subs(n, i).doit()
        value = value.replace(lambda e: isinstance(e, sympy.core.function.AppliedUndef),
                              lambda e: sympy.Integer(seq[int(e.args[0])]))
        assert value == seq[i]


def test_plane_rules_need_integer_data_and_coefficients():
    assert list(plane_rules([0] + STIRLING2[1:15])) == []
    assert list(plane_rules([2 * t for t in STIRLING2[:14]] + [STIRLING2[14]])) == []
    assert list(plane_rules([sympy.Rational(1, 2)] + STIRLING2[1:15])) == []


def test_no_plane_rule_in_random_lists():
    rng = random.Random(7)
    for high in (2, 9, 99):
        hits = sum(bool(list(plane_rules([rng.randint(1, high)] + [rng.randint(0, high) for _ in range(14)])))
                   for _ in range(200))
        assert hits == 0


def test_plane_rule_fitted_on_a_prefix_is_checked_on_every_term():
    long_triangle = _by_plane_rule(lambda T, r, k: T(r - 1, k - 1) + (k + 1) * T(r - 1, k), 25)  # 325 terms
    assert len(list(plane_rules(long_triangle))) == 1
    corrupted = list(long_triangle)
    corrupted[300] += 1  # far beyond the rows the coefficients are solved on
    assert list(plane_rules(corrupted)) == []
