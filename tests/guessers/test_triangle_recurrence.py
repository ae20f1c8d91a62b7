import math
import pickle
import random

import pytest
import sympy

from sympy_recur import TriangleRecurrence, recurrence_guess
from sympy_recur.guessers.triangle_recurrence import triangle_entries, triangle_rules


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
