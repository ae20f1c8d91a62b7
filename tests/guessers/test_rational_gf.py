"""Rational generating functions with structured denominators."""

import random

import pytest
import sympy

from sympy_recur import recurrence_guess
from sympy_recur._deadline import Deadline, DeadlineExceeded
from sympy_recur.guessers.rational_gf import FACTORS, _denominator, rational_gf_candidates
from sympy_recur.symbols import n, u
from sympy_recur.verify import verify


def partitions_at_most_3_parts(k):
    return [sum(1 for c in range(m + 1) for b in range(c, m + 1) if m - b - c >= b)
            for m in range(k)]


def series(num, den, k):
    """Power series coefficients of num/den (integer polys, den[0] = 1)."""
    out = []
    for i in range(k):
        v = (num[i] if i < len(num) else 0) - sum(den[j] * out[i - j] for j in range(1, min(i, len(den) - 1) + 1))
        out.append(v)
    return out


def test_denominator_expands_the_factor_product():
    assert _denominator([(1, 1), (1, 2), (1, 3)]) == [1, -1, -1, 0, 1, 1, -1]
    assert _denominator([(-1, 1)]) == [1, 1]
    assert _denominator([(2, 1)]) == [1, -2]
    assert _denominator([]) == [1]


def test_series_helper_matches_a_known_expansion():
    assert series([1], [1, -2], 5) == [1, 2, 4, 8, 16]


def test_partitions_into_at_most_three_parts_are_found():
    seq = partitions_at_most_3_parts(20)
    cands = list(rational_gf_candidates(seq))
    assert len(cands) >= 1
    c = cands[0]
    assert c.source == "rational-gf:(1-x)*(1-x^2)*(1-x^3)"
    assert sympy.expand(c.rhs - (u(n - 1) + u(n - 2) - u(n - 4) - u(n - 5) + u(n - 6))) == 0
    r = verify(c, seq, 0)
    assert r is not None and r.predict(3) == partitions_at_most_3_parts(23)[20:]


def test_quasi_polynomial_from_a_product_with_a_cyclotomic_factor():
    # (1 + 3x + x^2) / ((1 - x)^2 (1 + x^2)): numerator coefficients become initial values.
    den = _denominator([(1, 1), (1, 1), (-1, 2)])
    seq = series([1, 3, 1], den, 24)
    c = next(rational_gf_candidates(seq[:20]))
    assert c.source == "rational-gf:(1-x)*(1-x)*(1+x^2)"
    assert sympy.expand(c.rhs - (2 * u(n - 1) - 2 * u(n - 2) + 2 * u(n - 3) - u(n - 4))) == 0
    r = verify(c, seq[:20], 0)
    assert r is not None and r.predict(4) == seq[20:]


def test_leading_zeros_give_the_geometric_factor():
    seq = [0, 0, 0] + [2 ** i for i in range(12)]
    c = next(rational_gf_candidates(seq))
    assert c.source == "rational-gf:(1-2x)"
    assert c.rhs == 2 * u(n - 1)
    r = verify(c, seq, 0)
    assert r.initial == {u(0): 0, u(1): 0, u(2): 0, u(3): 1}


def test_a_long_irregular_head_is_not_explained_away():
    # an arithmetic progression after five arbitrary terms: numerator 5 terms
    # longer than (1 - x)^2; with four it is still taken
    head = [7, 1, 8, 2, 9]
    seq = head + [20 + 3 * i for i in range(10)]
    assert list(rational_gf_candidates(seq)) == []
    c = next(rational_gf_candidates(head[1:] + [20 + 3 * i for i in range(11)]))
    assert c.source == "rational-gf:(1-x)*(1-x)" and c.n_prefix == 4
    # with 20 terms the same head is a quarter of the data: confirmed on 15 more
    c = next(rational_gf_candidates(head + [20 + 3 * i for i in range(15)]))
    assert c.n_prefix == 5


def test_fibonacci_has_no_structured_denominator():
    fib = [0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233]
    assert list(rational_gf_candidates(fib)) == []


def test_random_lists_give_no_candidate():
    for _ in range(20):
        seq = [random.randint(-1000, 1000) for _ in range(15)]
        assert list(rational_gf_candidates(seq)) == []


def test_expired_deadline_stops_the_search():
    d = Deadline(1.0)
    d.end -= 10
    seq = [random.randint(0, 10 ** 6) for _ in range(30)]
    with pytest.raises(DeadlineExceeded):
        list(rational_gf_candidates(seq, deadline=d))


def test_factor_table_has_no_duplicates():
    assert len(set(FACTORS)) == len(FACTORS)
    assert all(k >= 1 for _, k in FACTORS)


def test_guess_reports_rational_gf_as_the_source_for_quasi_polynomials():
    r = recurrence_guess(partitions_at_most_3_parts(20))
    assert r.source.startswith("rational-gf:")
