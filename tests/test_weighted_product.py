"""Products prod_{k>=1} (1 + s k^w x^k)^K, checked against series multiplication."""

import random

import sympy

from sympy_recur import recurrence_guess
from sympy_recur.weighted_product import WeightedProduct, verified_weighted_products, weighted_product_terms

x = sympy.Symbol("x")


def product_series(s, w, K, count):
    """Coefficients of prod_{k<count} (1 + s k^w x^k)^K by truncated multiplication (the reference).

    A negative K multiplies by the geometric series of 1/(1 + c x^k) -K times.
    """
    out = [1] + [0] * (count - 1)
    for j in range(1, count):
        c = s * j ** w
        for _ in range(abs(K)):
            if K > 0:   # times (1 + c x^j)
                out = [out[i] + (c * out[i - j] if i >= j else 0) for i in range(count)]
            else:       # divided by (1 + c x^j): v_i = out_i - c v_{i-j}
                v = []
                for i in range(count):
                    v.append(out[i] - (c * v[i - j] if i >= j else 0))
                out = v
    return out


def test_terms_agree_with_series_multiplication():
    for s, w, K in [(1, 1, 1), (-1, 1, -3), (1, 2, 2), (-1, 3, -1)]:
        assert weighted_product_terms(1, s, w, K, 12) == product_series(s, w, K, 12)


def test_product_of_one_minus_k_q_k_to_the_minus_9():
    seq = product_series(-1, 1, -9, 30)
    r = recurrence_guess(seq[:15])
    assert isinstance(r, WeightedProduct)
    assert r.generating_function == sympy.Product((1 - sympy.Symbol("k", integer=True, positive=True)
                                                   * x ** sympy.Symbol("k", integer=True, positive=True)) ** -9,
                                                  (sympy.Symbol("k", integer=True, positive=True), 1, sympy.oo))
    assert r.predict(15) == seq[15:]


def test_squares_as_weights_and_a_scaled_start():
    seq = [3 * t for t in product_series(1, 2, 1, 25)]
    r = recurrence_guess(seq[:15])
    assert isinstance(r, WeightedProduct) and r.source == "weighted-product:w2"
    assert r.predict(10) == seq[15:]
    assert r.as_dict()["generating_function"].startswith("3*Product(")


def test_random_lists_do_not_verify():
    rng = random.Random(2)
    for _ in range(300):
        seq = [1] + [rng.randint(-50, 50) for _ in range(14)]
        assert verified_weighted_products(seq, 0) == []


def test_long_inputs_are_rejected_at_the_first_wrong_term():
    # Regression: each candidate was computed in full before the comparison,
    # O(N**2) big-integer work: 16 s for 3,000 terms starting 1, 1.
    import time
    rng = random.Random(0)
    seq = [1, 1] + [rng.randint(0, 100) for _ in range(3000)]
    start = time.monotonic()
    assert verified_weighted_products(seq, 0) == []
    assert time.monotonic() - start < 2.0
