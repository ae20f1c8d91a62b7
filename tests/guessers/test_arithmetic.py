import random

import pytest
import sympy

from sympy_recur import recurrence_guess
from sympy_recur.guessers.arithmetic import arithmetic_candidates


def _seq(f, start, count):
    return [int(f(i)) for i in range(start, start + count)]


@pytest.mark.parametrize("name, f, start", [
    ("sigma", sympy.divisor_sigma, 1),
    ("primepi", sympy.primepi, 0),
    ("totient", sympy.totient, 1),
    ("isqrt", lambda i: sympy.integer_nthroot(i, 2)[0], 0),
    ("prime", sympy.prime, 1),
])
def test_index_functions_are_found_and_continue(name, f, start):
    terms = _seq(f, start, 30)
    r = recurrence_guess(terms[:15])
    assert r is not None and r.kind == "closed-form"
    assert r.predict(15) == terms[15:]


def test_offset_moves_the_argument():
    terms = _seq(sympy.divisor_sigma, 1, 20)
    r = recurrence_guess(terms[:15], offset=1)
    assert str(r.rhs) == "divisor_sigma(n)"
    assert r.predict(5) == terms[15:]


def test_partial_sums_through_the_difference_transform():
    phi = _seq(sympy.totient, 1, 30)
    terms = [sum(phi[:k]) for k in range(30)]  # 0, 1, 2, 4, 6, 10, ...
    r = recurrence_guess(terms[:15])
    assert r is not None and r.rhs.has(sympy.totient)
    assert r.predict(15) == terms[15:]


def test_thue_morse_needs_enough_terms():
    tm = [bin(i).count("1") % 2 for i in range(40)]
    assert recurrence_guess(tm[:30]).predict(10) == tm[30:]


def test_legendre_symbol_with_enough_terms():
    terms = [int(sympy.kronecker_symbol(i, 59)) for i in range(60)]
    r = recurrence_guess(terms[:40])
    assert r is not None and r.predict(20) == terms[40:]
    # 15 values in {-1, 0, 1} leave a chance match among ~500 symbols: refused
    assert recurrence_guess(terms[:15]) is None


def test_affine_images_and_no_match_on_random_lists():
    terms = [3 * int(sympy.totient(i)) - 2 for i in range(1, 16)]
    (cand,) = list(arithmetic_candidates(terms, 0))
    assert cand.rhs == 3 * sympy.totient(sympy.Symbol("n", integer=True) + 1) - 2
    rng = random.Random(0)
    for _ in range(50):
        assert not list(arithmetic_candidates([rng.randint(0, 50) for _ in range(15)], 0))


@pytest.mark.parametrize("terms, rhs", [
    ([pow(3, i, 100) for i in range(30)], "Mod(3**n, 100)"),
    ([i ** 4 % 47 for i in range(30)], "Mod(n**4, 47)"),
    ([i % 10 for i in range(30)], "Mod(n, 10)"),
    ([31 // i for i in range(1, 31)], "floor(31/(n + 1))"),
])
def test_residues_and_reciprocal_floors(terms, rhs):
    r = recurrence_guess(terms[:15])
    assert str(r.rhs) == rhs
    assert r.predict(15) == terms[15:]


def test_modulus_must_exceed_the_terms():
    # 2^n mod 7 has period 3: the modulus read off the data is 7 > 4
    terms = [pow(2, i, 7) for i in range(15)]
    assert all(c.rhs.has(sympy.Mod) for c in arithmetic_candidates(terms, 0))
    # a list whose gcd trick yields a modulus below its largest term is refused
    assert not [c for c in arithmetic_candidates([1, 5, 2, 10, 3, 15, 4, 20], 0) if c.rhs.has(sympy.Mod)]


@pytest.mark.parametrize("f, start, rhs", [
    (lambda i: sympy.divisor_sigma(i) - i, 1, "-n + divisor_sigma(n)"),   # sum of proper divisors
    (lambda i: i - bin(i).count("1"), 0, "n - binary_weight(n)"),       # 2-adic valuation of n!
    (lambda i: 2 * i + 1 - bin(i).count("1") % 2, 0, "2*n - Mod(binary_weight(n), 2) + 1"),  # odious
    (lambda i: 2 * i + 1 + (i & -i).bit_length() - 1, 1, "2*n + two_adic_valuation(n) + 1"),  # A292608
])
def test_function_plus_a_multiple_of_n(f, start, rhs):
    terms = _seq(f, start, 30)
    r = recurrence_guess(terms[:15], offset=start)
    assert str(r.rhs) == rhs and r.source.startswith("arithmetic:")
    assert r.predict(15) == terms[15:]


def test_digit_sum_gets_no_linear_term():
    # a*digit_sum(n) + c*n + b imitates floor(n/10) below 100: not offered
    terms = [i // 10 for i in range(15, 30)]
    assert not [c for c in arithmetic_candidates(terms, 0) if "digit_sum" in c.source]


def _additive(m, j, chi, mult):
    return sum((e if mult else 1) * p ** j * chi(p) for p, e in sympy.factorint(m).items())


@pytest.mark.parametrize("f", [
    lambda m: _additive(m, 1, lambda p: 1, False),           # sopf, A008472
    lambda m: _additive(m, 1, lambda p: 1, True),            # sopfr, A001414
    lambda m: 3 * _additive(m, 2, lambda p: p % 2, False),   # three times the sum of odd p**2
])
def test_additive_functions_are_found_and_continue(f):
    terms = [f(m) for m in range(1, 31)]
    r = recurrence_guess(terms[:15])
    assert r is not None and r.source == "arithmetic:additive"
    assert r.predict(15) == terms[15:]


def test_additive_function_after_an_exceptional_first_term():
    terms = [5] + [_additive(m, 1, lambda p: 1, True) for m in range(1, 30)]
    r = recurrence_guess(terms[:15])
    assert r is not None and r.source == "arithmetic:additive" and r.initial == {sympy.Function("u")(0): 5}
    assert r.predict(15) == terms[15:]


def test_additive_needs_every_term():
    terms = [_additive(m, 1, lambda p: 1, True) for m in range(1, 16)]
    terms[-1] += 1
    assert not any(c.source == "arithmetic:additive" for c in arithmetic_candidates(terms, 0))


def _count_necklaces(length, colours, aperiodic=False):
    """Brute force: words up to rotation (only the primitive ones if aperiodic)."""
    from itertools import product
    if length == 0:
        return 1  # the empty word
    seen = set()
    for w in product(range(colours), repeat=length):
        rotations = {w[i:] + w[:i] for i in range(length)}
        if aperiodic and len(rotations) < length:
            continue
        seen.add(min(rotations))
    return len(seen)


@pytest.mark.parametrize("colours", [2, 3])
@pytest.mark.parametrize("aperiodic", [False, True])
def test_necklaces_and_lyndon_words_are_named(colours, aperiodic):
    from sympy_recur import recurrence_guess
    from sympy_recur.arithmetic import lyndon_words, necklaces
    func = lyndon_words if aperiodic else necklaces
    counts = [_count_necklaces(m, colours, aperiodic) for m in range(9 if colours == 2 else 7)]
    assert [func(m, colours) for m in range(len(counts))] == counts
    terms = [int(func(m, colours)) for m in range(1, 31)]  # from n = 1, as OEIS lists most of them
    r = recurrence_guess(terms[:15])
    assert r.rhs == func(r.rhs.args[0], colours) and r.predict(15) == terms[15:]


@pytest.mark.parametrize("f", [lambda m: m ** m, lambda m: (m + 1) ** (m - 1) if m else 1, lambda m: 3 * (m + 2) ** m])
def test_self_powers(f):
    terms = [f(m) for m in range(30)]
    r = recurrence_guess(terms[:15])
    assert r is not None and r.source == "arithmetic:self-power"
    assert r.predict(15) == terms[15:]


def test_self_powers_need_every_term():
    terms = [m ** m for m in range(15)]
    terms[7] += 1
    assert not any(c.source == "arithmetic:self-power" for c in arithmetic_candidates(terms, 0))


@pytest.mark.parametrize("j, M, offset", [(2, 17, 0), (3, 26, 0), (4, 31, 0), (2, 14, 1), (5, 500, 2)])
def test_floor_of_a_falling_factorial_over_a_modulus(j, M, offset):
    from math import perm
    terms = [perm(i, j) // M for i in range(offset, offset + 30)]
    r = recurrence_guess(terms[:15], offset=offset)
    assert r.source == "arithmetic:falling-floor"
    assert r.rhs == sympy.floor(sympy.Mul(*[sympy.Symbol("n", integer=True) - i for i in range(j)]) / M)
    assert r.predict(15) == terms[15:]


def test_falling_factorial_floor_needs_the_data_to_decide_the_modulus():
    from math import perm

    from sympy_recur.guessers.arithmetic import _falling_factorial_floor
    # floor(n(n-1)/23) and floor(n(n-1)/24) agree on n = 0..14 (A011877 differs only later)
    terms = [perm(i, 2) // 24 for i in range(15)]
    assert [perm(i, 2) // 23 for i in range(15)] == terms
    assert list(_falling_factorial_floor(terms, 0)) == []
    # exact quotients are polynomials, left to the polynomial ansatz
    assert list(_falling_factorial_floor([perm(i, 3) // 6 for i in range(15)], 0)) == []
    # one term off: no modulus fits
    terms = [perm(i, 2) // 17 for i in range(15)]
    terms[9] += 1
    assert list(_falling_factorial_floor(terms, 0)) == []


def test_decimal_digits_in_a_range():
    terms = [sum(c >= "2" for c in str(i)) for i in range(40)]  # digits at least 2
    r = recurrence_guess(terms[:15])
    assert r.source == "arithmetic:digit-range"
    assert r.predict(25) == terms[15:]
    from sympy_recur.guessers.arithmetic import _decimal_digits_in_range
    assert [c.source for c in _decimal_digits_in_range(terms[:15], 0)] == ["arithmetic:digit-range"]
    # on n = 0..3, 0, 0, 0, 1 counts the digits 3..k for any k: undecided
    assert list(_decimal_digits_in_range([0, 0, 0, 1], 0)) == []
