import pickle
import random

import sympy

from sympy_recur import recurrence_guess
from sympy_recur.divisor_convolution import DivisorConvolution, verified_divisor_convolutions

n = sympy.Symbol("n", integer=True)


def _primitive_words(m: int) -> int:
    """Binary words of length m that are no power of a shorter word, by listing them."""
    def primitive(w: str) -> bool:
        return all(w != w[:p] * (m // p) for p in range(1, m) if m % p == 0)
    return sum(primitive(format(i, f"0{m}b")) for i in range(2 ** m))


def _necklaces_without_00(m: int) -> int:
    """Binary necklaces of length m with no two cyclically adjacent zeros, by listing the words."""
    words = [""]
    for _ in range(m):
        words = [w + c for w in words for c in "01" if not (c == "0" and w.endswith("0"))]
    ok = [w for w in words if not (w[0] == "0" and w[-1] == "0")]  # for m = 1, "0" meets itself
    return len({min(w[i:] + w[:i] for i in range(m)) for w in ok})


def test_primitive_words_are_a_mobius_convolution_of_powers_of_two():
    terms = [_primitive_words(m) for m in range(1, 15)] + [2 ** 15 - 2 ** 5 - 2 ** 3 + 2]
    rec = recurrence_guess(terms, offset=1)
    assert isinstance(rec, DivisorConvolution) and rec.kind == "divisor-sum"
    assert rec.rhs.has(sympy.mobius) and rec.rhs.has(sympy.Sum)
    assert rec.predict(3) == [_primitive_words(16), 2 ** 17 - 2, 2 ** 18 - 2 ** 9 - 2 ** 6 + 2 ** 3]
    closed = rec.closed_form()
    assert [closed.subs(n, m).doit() for m in (1, 6, 12)] == [terms[0], terms[5], terms[11]]
    assert pickle.loads(pickle.dumps(rec)).predict(2) == rec.predict(2)


def test_necklaces_of_a_fibonacci_count_divide_by_the_length():
    terms = [_necklaces_without_00(m) for m in range(1, 21)]
    rec = recurrence_guess(terms[:15], offset=1)
    assert isinstance(rec, DivisorConvolution)
    assert rec.rhs.has(sympy.totient) and rec.rhs.has(sympy.lucas)
    assert rec.predict(5) == terms[15:]
    eq, initial = rec.inner_recurrence
    g = sympy.Function("g")
    assert eq.rhs == g(eq.lhs.args[0] - 1) + g(eq.lhs.args[0] - 2) and initial[g(1)] == 1


def test_an_exceptional_first_term_is_kept():
    words = [_primitive_words(m) for m in range(1, 16)]
    rec = recurrence_guess([1] + words[:14], offset=0)
    assert isinstance(rec, DivisorConvolution) and rec.initial == {sympy.Function("u")(0): 1}
    assert rec.predict(1) == [words[14]]
    assert rec.closed_form() is None


def test_irrational_roots_name_g_and_keep_the_recurrence():
    # g(k) = 2 g(k - 1) + g(k - 2) (Pell numbers), summed against the totient
    g = [0, 1, 2]
    while len(g) < 25:
        g.append(2 * g[-1] + g[-2])
    a = [sum(int(sympy.totient(q)) * g[m // q] for q in sympy.divisors(m)) for m in range(1, 25)]
    rec = recurrence_guess(a[:15], offset=1, method="classical")
    assert isinstance(rec, DivisorConvolution)
    assert rec.rhs.has(sympy.Function("g")) and rec.closed_form() is None
    assert rec.predict(9) == a[15:]


def test_random_terms_give_no_convolution():
    rng = random.Random(7)
    for _ in range(100):
        terms = [rng.randint(-50, 500) for _ in range(15)]
        assert verified_divisor_convolutions(terms, 0) == []


def test_rationals_are_left_to_other_sources():
    assert verified_divisor_convolutions([sympy.Rational(1, 2)] * 15, 0) == []


def test_each_weight_is_written_as_it_is_computed():
    from sympy_recur.divisor_convolution import DIVISOR_WEIGHTS, d
    for name, (expr, exact) in DIVISOR_WEIGHTS.items():
        assert [expr.subs(d, m) for m in range(1, 40)] == [exact(m) for m in range(1, 40)], name


def test_long_inputs_are_searched_on_a_prefix_and_checked_in_full():
    from sympy_recur.divisor_convolution import SEARCH_TERMS
    count = 2 * SEARCH_TERMS
    words = [sum(int(sympy.mobius(q)) * 2 ** (m // q) for q in sympy.divisors(m)) for m in range(1, count + 1)]
    (rec,) = verified_divisor_convolutions(words, 1)
    assert rec.predict(1) == [sum(int(sympy.mobius(q)) * 2 ** ((count + 1) // q)
                                  for q in sympy.divisors(count + 1))]
    broken = words[:-1] + [words[-1] + 1]  # beyond the searched prefix
    assert verified_divisor_convolutions(broken, 1) == []
