"""Results that list the members of a set, as recurrence_guess returns them."""

import json
import pickle

import pytest
import sympy
from sympy import isprime, primerange

from sympy_recur import MemberList, recurrence_guess
from sympy_recur.member_list import nth_member

PRIMES_7_MOD_12 = [p for p in primerange(2, 3000) if p % 12 == 7][:30]


def test_primes_in_a_class_are_found_and_continued():
    r = recurrence_guess(PRIMES_7_MOD_12[:15])
    assert isinstance(r, MemberList) and r.kind == "list" and r.order == 0
    assert r.source == "number-list:residues"
    assert r.predict(15) == PRIMES_7_MOD_12[15:]
    assert r.terms() == PRIMES_7_MOD_12[:15]


def test_equation_names_the_set():
    r = recurrence_guess(PRIMES_7_MOD_12[:15])
    k = sympy.Symbol("k", integer=True)
    n = sympy.Symbol("n", integer=True)
    expected = nth_member(n + 1, sympy.Lambda(k, sympy.Q.prime(k) & sympy.Eq(sympy.Mod(k, 12), 7)), 2)
    assert r.rhs == expected
    assert "nth" in r._repr_latex_() and str(r).startswith("u(n) = nth_member")


def test_offset_shifts_the_index():
    r = recurrence_guess(PRIMES_7_MOD_12[:15], offset=1)
    assert r.rhs.args[0] == sympy.Symbol("n", integer=True)
    assert r.terms(1, 4) == PRIMES_7_MOD_12[:3]


def test_values_of_a_polynomial_that_are_prime():
    seq = [2 * k * k - 5 for k in range(2, 500) if isprime(2 * k * k - 5)][:25]
    r = recurrence_guess(seq[:15])
    assert isinstance(r, MemberList) and r.source == "number-list:prime-values"
    assert r.predict(10) == seq[15:]


def test_no_closed_form_or_sympy_sequence_but_json_and_pickle_work():
    r = recurrence_guess(PRIMES_7_MOD_12[:15])
    assert r.closed_form() is None
    with pytest.raises(ValueError):
        r.as_sequence()
    d = r.as_dict()
    assert d["kind"] == "list" and d["order"] == 0 and json.dumps(d)
    back = pickle.loads(pickle.dumps(r))
    assert back == r and back.predict(3) == PRIMES_7_MOD_12[15:18]


def test_a_list_that_is_also_a_simpler_rule_keeps_the_simpler_rule():
    # odd numbers 1, 3, 5, ...: a closed form, not "k with 2k + 1 prime"
    r = recurrence_guess(list(range(1, 30, 2)))
    assert not isinstance(r, MemberList)


def test_long_inputs_return_within_the_time_limit():
    import time
    long_list = [p for p in primerange(2, 60000) if p % 4 == 1][:2500]
    for seq in (long_list, sorted(set(range(0, 40000, 7)) | set(range(0, 40000, 11)))):
        start = time.perf_counter()
        r = recurrence_guess(seq, time_limit=3.0)
        assert time.perf_counter() - start < 3.0 + 2.0
        assert r is None or r.terms() == seq


def test_sparse_sets_predict_far_ahead_at_once():
    import time
    from sympy_recur.member_list import verified_member_lists
    seq = sorted(3 ** i * 7 ** j for i in range(40) for j in range(40))[:15]
    lists = verified_member_lists(seq, 0)
    assert lists and lists[0].rule.params == (3, 7)
    start = time.perf_counter()
    ahead = lists[0].predict(300)
    assert time.perf_counter() - start < 2.0
    assert ahead == sorted(3 ** i * 7 ** j for i in range(400) for j in range(400))[15:315]
