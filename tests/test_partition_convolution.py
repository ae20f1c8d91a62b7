import pickle
import random

import sympy
from sympy.utilities.iterables import partitions

from sympy_recur import recurrence_guess
from sympy_recur.partition_convolution import (PartitionConvolution, partition_numbers, times_euler_function,
                                               verified_partition_convolutions)


def test_partition_numbers_match_sympy():
    assert partition_numbers(40) == [int(sympy.partition(i)) for i in range(40)]


def test_times_euler_function_undoes_the_partition_convolution():
    rng = random.Random(2)
    g = [rng.randint(-9, 9) for _ in range(25)]
    p = partition_numbers(25)
    a = [sum(p[j] * g[i - j] for j in range(i + 1)) for i in range(25)]
    assert times_euler_function(a) == g


def _total_parts(m: int) -> int:
    """The number of parts summed over all partitions of m, by listing them."""
    return sum(sum(part.values()) for part in partitions(m))


def test_total_number_of_parts_is_found_and_continued():
    terms = [_total_parts(m) for m in range(1, 26)]
    rec = recurrence_guess(terms[:15], offset=1)
    assert isinstance(rec, PartitionConvolution)
    assert rec.kind == "partition-convolution" and rec.rhs.has(sympy.partition)
    assert rec.predict(10) == terms[15:]
    assert pickle.loads(pickle.dumps(rec)).predict(3) == terms[15:18]
    # the rhs is a closed form in n: SymPy evaluates it to the same terms
    closed = rec.closed_form()
    assert [closed.subs(sympy.Symbol("n", integer=True), m).doit() for m in (1, 2, 7, 20)] == [
        terms[0], terms[1], terms[6], terms[19]]
    assert "generating_function" in rec.as_dict()
    assert [v.doit() for v in rec.as_sequence()[:4]] == terms[:4]


def test_exceptional_first_value_has_no_closed_form_but_terms():
    terms = [0] + [_total_parts(m) for m in range(1, 20)]  # offset 0: g(0) = 0 is exceptional
    rec = recurrence_guess(terms[:15])
    assert isinstance(rec, PartitionConvolution)
    assert rec.closed_form() is None and rec.predict(5) == terms[15:]


def test_convolution_of_sigma_squared():
    count = 28
    p = [int(sympy.partition(i)) for i in range(count)]
    g = [int(sympy.divisor_sigma(i + 1, 2)) for i in range(count)]
    terms = [sum(p[j] * g[i - j] for j in range(i + 1)) for i in range(count)]
    rec = recurrence_guess(terms[:15])
    assert rec is not None and rec.source.startswith("partitions*")
    assert rec.predict(count - 15) == terms[15:]


def test_random_lists_give_nothing():
    rng = random.Random(8)
    for _ in range(30):
        terms = [rng.randint(0, 500) for _ in range(15)]
        assert verified_partition_convolutions(terms, 0) == []


def test_rational_terms_are_skipped():
    assert verified_partition_convolutions([sympy.Rational(1, 2)] * 15, 0) == []
