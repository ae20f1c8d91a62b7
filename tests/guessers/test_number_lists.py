"""Lists of numbers with a property: the searches against brute-force lists."""

import random

import numpy as np
import pytest
from sympy import isprime, primerange
from sympy.functions.combinatorial.numbers import kronecker_symbol

from sympy_recur._deadline import Deadline, DeadlineExceeded
from sympy_recur.guessers.number_lists import (MIN_SAVING_BITS, MemberRule, member_rules, members, prime_table,
                                               subset_bits)
from itertools import islice


def first(rule, count):
    return list(islice(members(rule), count))


def test_prime_table_matches_isprime_and_grows():
    small = prime_table(100)
    assert [x for x in range(101) if small[x]] == list(primerange(0, 101))
    big = prime_table(5000)
    assert len(big) > 5000 and [x for x in range(5001) if big[x]] == list(primerange(0, 5001))


def test_subset_bits_is_log2_binomial():
    assert subset_bits(10, 5) == pytest.approx(np.log2(252))
    assert subset_bits(7, 0) == pytest.approx(0.0)
    assert subset_bits(3, 4) == 0.0


def test_primes_in_one_residue_class():
    seq = [p for p in primerange(2, 5000) if p % 60 == 23][:30]
    rules = member_rules(seq[:15])
    assert [(r.family, r.params) for r in rules[:1]] == [("residues", (60, (23,)))]
    assert first(rules[0], 30) == seq


def test_primes_in_several_classes_including_a_divisor_of_the_modulus():
    seq = [p for p in primerange(2, 5000) if p % 7 in (0, 3, 5)][:30]
    rule = member_rules(seq[:15])[0]
    assert rule.family == "residues" and rule.params == (7, (0, 3, 5))
    assert first(rule, 30) == seq


def test_primes_where_a_discriminant_is_a_non_residue():
    # half the primes: 15 terms are too few to tell (the bits of choosing
    # D do not pay); 30 are enough
    seq = [p for p in primerange(2, 5000) if kronecker_symbol(29, p) == -1][:45]
    assert member_rules(seq[:15]) == []
    rule = member_rules(seq[:30])[0]
    assert (rule.family, rule.params) == ("kronecker", (29, -1, False))
    assert first(rule, 45) == seq


@pytest.mark.parametrize("a, b, d", [(7, 10, 1), (101, 997, 1), (1, 3, 2), (23, 4, 2), (1, -11, 2)])
def test_integers_with_a_prime_image(a, b, d):
    seq = [k for k in range(0, 10 ** 5) if isprime(a * k ** d + b)][:30]
    rule = member_rules(seq[:15])[0]
    assert (rule.family, rule.domain, rule.params) == ("prime-image", "integers", (a, b, d))
    assert first(rule, 30) == seq


def test_primes_with_a_prime_image():
    seq = [p for p in primerange(2, 10 ** 5) if isprime(16 * p + 1)][:30]
    rule = member_rules(seq[:15])[0]
    assert (rule.family, rule.domain, rule.params) == ("prime-image", "primes", (16, 1, 1))
    assert first(rule, 30) == seq


@pytest.mark.parametrize("a, b, d", [(2, -5, 2), (1, 1, 4), (7, -3, 3), (1, 5, 2)])
def test_primes_of_the_form_a_k_to_the_d_plus_b(a, b, d):
    seq = [a * k ** d + b for k in range(0, 3000) if a * k ** d + b > 1 and isprime(a * k ** d + b)][:30]
    rule = member_rules(seq[:15])[0]
    assert rule.family == "prime-values" and rule.params == (a, b, d)
    assert first(rule, 30) == seq


def test_every_rule_reproduces_the_terms_and_saves_enough_bits():
    seq = [p for p in primerange(2, 3000) if p % 12 == 7][:15]
    for rule in member_rules(seq):
        assert first(rule, 15) == seq
        assert rule.saving >= MIN_SAVING_BITS


def test_random_lists_are_not_explained():
    rng = random.Random(4)
    primes = list(primerange(2, 20000))
    hits = 0
    for trial in range(80):
        if trial % 2:
            seq = sorted(rng.sample(primes[:200], 15))
        else:
            seq = sorted(rng.sample(range(300), 15))
        hits += bool(member_rules(seq))
    assert hits <= 1


@pytest.mark.parametrize("seq", [[5, 3, 7, 11, 13], [1, 2, 2, 3, 5, 7], [-3, 2, 5, 7, 11], [2, 3, 5]])
def test_lists_that_are_not_increasing_or_too_short_give_nothing(seq):
    assert member_rules(seq) == []


def test_search_honours_its_deadline():
    seq = [p for p in primerange(2, 5000) if p % 60 == 23][:15]
    with pytest.raises(DeadlineExceeded):
        member_rules(seq, Deadline(0.0))


def test_member_rule_saving():
    r = MemberRule("residues", "primes", 2, (12, (7,)), 8.0, 40.0)
    assert r.saving == 32.0


@pytest.mark.parametrize("a, c, b", [(2, -2, 19), (81, -72, 17), (1, 1, 41), (3, 0, 4)])
def test_primes_of_a_quadratic_form_in_the_order_of_k(a, c, b):
    values = [a * k * k + c * k + b for k in range(0, 3000)]
    start = 1 if values[0] == values[1] else 0  # 2k^2 - 2k + 19 takes 19 twice
    seq = [v for v in values[start:] if isprime(v)][:30]
    rule = member_rules(seq[:15])[0]
    assert rule.family == "prime-values"
    assert first(rule, 30) == seq


def test_numbers_made_of_given_primes():
    seq = sorted(3 ** i * 7 ** j for i in range(12) for j in range(8))[:30]
    rule = member_rules(seq[:15])[0]
    assert (rule.family, rule.params, rule.start) == ("smooth", (3, 7), 1)
    assert first(rule, 30) == seq
    # a gap (63 left out) is not the set of all such numbers
    assert not [r for r in member_rules([x for x in seq if x != 63][:15]) if r.family == "smooth"]


@pytest.mark.parametrize("primes, start", [((2,), 1), ((3,), 9), ((3, 7), 1), ((2, 3, 5), 4), ((2, 13), 100)])
def test_numbers_made_of_given_primes_are_listed_without_walking(primes, start):
    from itertools import takewhile
    from sympy import factorint
    listed = MemberRule("smooth", "integers", start, primes, 0.0, 0.0)
    brute = [x for x in range(start, 20001) if set(factorint(x)) <= set(primes)]
    assert list(takewhile(lambda x: x <= 20000, members(listed))) == brute
    # 3^i alone: member 400 is near 3^400, far beyond any walk over k
    assert len(list(islice(members(listed), 400))) == 400


def test_two_forms_prime_together():
    seq = [k for k in range(1, 10 ** 4) if isprime(5 * k - 3) and isprime(5 * k + 3)][:30]
    rule = member_rules(seq[:15])[0]
    assert (rule.family, rule.params) == ("prime-pair", (5, -3, 3))
    assert first(rule, 30) == seq
