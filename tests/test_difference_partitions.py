import pickle
import random

import sympy
from sympy.utilities.iterables import partitions

from sympy_recur import recurrence_guess
from sympy_recur.difference_partitions import (DifferencePartitions, bounded_partitions,
                                               verified_difference_partitions)


def _count(total: int, d: int, m: int) -> int:
    """Partitions of ``total`` into parts >= m, consecutive parts >= d apart, by listing them."""
    if total == 0:
        return 1
    out = 0
    for p in partitions(total):
        parts = sorted(k for k, c in p.items() for _ in range(c))
        out += parts[0] >= m and all(b - a >= d for a, b in zip(parts, parts[1:]))
    return out


def test_bounded_partitions_by_listing():
    for k in (1, 2, 3, 5):
        listed = [sum(1 for p in partitions(t) if max(p) <= k) if t else 1 for t in range(14)]
        assert [bounded_partitions(t, k) for t in range(14)] == listed
    assert bounded_partitions(-2, 3) == 0


def test_minimal_difference_partitions_are_found_and_continued():
    for d, m in ((3, 1), (4, 2), (1, 6), (3, 4)):
        terms = [_count(t, d, m) for t in range(30)]
        rec = recurrence_guess(terms[:15])
        assert isinstance(rec, DifferencePartitions), (d, m)
        assert (rec.difference, rec.smallest, rec.shift) == (d, m, 0)
        assert rec.predict(15) == terms[15:]
    # the same table from n = 1 (the leading 1 left out)
    terms = [_count(t, 4, 1) for t in range(1, 31)]
    rec = recurrence_guess(terms[:15])
    assert (rec.difference, rec.smallest, rec.shift) == (4, 1, 1)
    assert rec.predict(15) == terms[15:]
    assert pickle.loads(pickle.dumps(rec)).predict(3) == terms[15:18]


def test_closed_form_evaluates_to_the_terms():
    terms = [_count(t, 3, 1) for t in range(12)]
    rec = recurrence_guess([_count(t, 3, 1) for t in range(15)])
    assert [e.doit() for e in rec.as_sequence()[:12]] == terms
    assert "generating_function" in rec.as_dict()
    assert rec.generating_function.has(sympy.Product)


def test_undecided_and_random_lists_give_nothing():
    # distinct parts >= 7 up to 14: only 7..14 and 7 + 8 = 15 out of range, any difference fits
    terms = [_count(t, 1, 7) for t in range(15)]
    assert verified_difference_partitions(terms, 0) == []
    rng = random.Random(7)
    for _ in range(200):
        terms = [1] + sorted(rng.randint(0, 12) for _ in range(rng.randint(6, 14)))
        assert verified_difference_partitions(terms, 0) == []
    terms = [_count(t, 3, 1) for t in range(15)]
    terms[11] += 1
    assert verified_difference_partitions(terms, 0) == []


def test_late_or_long_inputs_are_not_searched():
    import time
    from sympy_recur.residue_partitions import verified_residue_partitions
    terms = [_count(t, 3, 1) for t in range(15)]
    start = time.monotonic()
    for offset in (10 ** 6, 10 ** 30):
        assert verified_difference_partitions(terms, offset) == []
        assert verified_residue_partitions(terms, offset) == []
    assert verified_difference_partitions([1] * 600, 0) == []
    assert time.monotonic() - start < 1.0
