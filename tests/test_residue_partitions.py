import pickle
import random

import sympy
from sympy.utilities.iterables import partitions

from sympy_recur import recurrence_guess
from sympy_recur.residue_partitions import (ResidueClassPartitions, class_partitions,
                                            verified_residue_partitions)


def _count(total: int, m: int, a: int, b: int) -> int:
    """Partitions of ``total`` into parts = a or = b (mod m) using both classes, by listing them."""
    out = 0
    for p in partitions(total) if total > 0 else ():
        classes = {part % m for part in p}
        out += classes == {a, b}
    return out


def test_class_partitions_counts_by_listing():
    for m, a in ((2, 1), (3, 0), (5, 2), (4, 3)):
        listed = [sum(1 for p in partitions(t) if all(part % m == a for part in p)) if t else 1
                  for t in range(16)]
        assert [class_partitions(t, m, a) for t in range(16)] == listed
    assert class_partitions(-1, 3, 1) == 0
    assert class_partitions(sympy.Symbol("t"), 3, 1).func is class_partitions  # unevaluated


def test_two_classes_each_used_is_found_at_either_first_index():
    m, a, b = 5, 2, 4
    terms = [_count(t, m, a, b) for t in range(1, 31)]
    for offset, given in ((1, terms[:15]), (0, terms[:15])):
        rec = recurrence_guess(given, offset=offset)
        assert isinstance(rec, ResidueClassPartitions)
        assert (rec.modulus, rec.residues) == (m, (a, b))
        assert rec.shift == 1 - offset
        assert rec.predict(15) == terms[15:]
    # residue 0: parts 3, 6, 9, ... with parts 1, 4, 7, ...
    terms = [_count(t, 3, 0, 1) for t in range(1, 26)]
    rec = recurrence_guess(terms[:15], offset=1)
    assert (rec.modulus, rec.residues, rec.shift) == (3, (0, 1), 0)
    assert rec.predict(10) == terms[15:]
    assert pickle.loads(pickle.dumps(rec)).predict(3) == terms[15:18]


def test_rhs_and_generating_function_give_the_terms():
    terms = [_count(t, 4, 1, 2) for t in range(1, 21)]
    rec = recurrence_guess(terms[:15], offset=1)
    n = sympy.Symbol("n", integer=True)
    assert [rec.rhs.subs(n, t).doit() for t in (3, 9, 17)] == [terms[2], terms[8], terms[16]]
    x = sympy.Symbol("x")

    def geometric_up_to_x20(product):
        # each factor 1/(1 - x**p) of the product as 1 + x**p + x**(2p) + ... below x**21
        var = product.limits[0][0]
        powers = [sympy.Poly(1 / product.function.subs(var, j), x).degree() for j in range(6)]
        return sympy.Mul(*[sum(x ** (p * i) for i in range(20 // p + 1)) for p in powers])

    truncated = rec.generating_function.replace(lambda e: isinstance(e, sympy.Product), geometric_up_to_x20)
    poly = sympy.Poly(sympy.expand(truncated), x)  # offset 1, shift 0: u(t) is the coefficient of x**t
    assert [poly.coeff_monomial(x ** t) for t in range(1, 21)] == terms
    assert "generating_function" in rec.as_dict()
    # the closed form is the rhs, a finite sum SymPy evaluates term by term
    assert [e.doit() for e in rec.as_sequence()[:8]] == terms[:8]


def test_data_that_do_not_decide_the_classes_give_nothing():
    # parts 2 and 6 mod 8: the data up to 15 show only parts 2, 6, 10, 14 and fit other moduli too
    terms = [_count(t, 8, 2, 6) for t in range(1, 16)]
    assert verified_residue_partitions(terms, 1) == []


def test_random_and_shifted_lists_are_not_claimed():
    rng = random.Random(5)
    for _ in range(200):
        terms = [0] * rng.randint(0, 5) + [1] + [rng.randint(0, 30) for _ in range(rng.randint(5, 14))]
        assert verified_residue_partitions(terms, rng.randint(0, 1)) == []
    # one wrong term
    terms = [_count(t, 3, 0, 1) for t in range(1, 16)]
    terms[12] += 1
    assert verified_residue_partitions(terms, 1) == []
