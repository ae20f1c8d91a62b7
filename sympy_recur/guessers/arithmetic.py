"""Closed forms that are arithmetic functions of the index: ``a F(n + s) + b``
(optionally ``+ c (n + s)``).

Explanation
===========

Sequences such as the sum of divisors, the number of primes up to ``n``,
Euler's totient, ``floor(sqrt(n))``, the binary weight (and its parity, the
Thue-Morse sequence) or a Legendre symbol are no recurrence of fixed order.
This source tries each function of a fixed table at the index shifted by
``s`` (OEIS sequences often start at ``n = 1`` where the caller says 0) and
fits ``a`` and ``b`` exactly; combined with the transforms it also finds
partial sums such as ``u(n) = u(n - 1) + totient(n)``. Additive functions,
sums over the prime factors such as the sum of the distinct prime factors,
are fitted as ``c prime_factor_sum(n, j, D, mult)``.
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache
from typing import Callable, Iterator

import sympy
from sympy.functions.combinatorial.numbers import (divisor_sigma, kronecker_symbol, mobius, primenu,
                                                   primeomega, primepi, totient)

from ..arithmetic import (EXACT, binary_weight, digit_count, digit_sum, lyndon_words, necklaces, nth_prime, odd_part,
                          prime_factor_sum, two_adic_valuation)
from ..candidate import Candidate
from ..ranking import integer_bits
from ..symbols import n

__all__ = ["arithmetic_candidates", "FUNCTIONS", "SHIFTS"]

SHIFTS = (0, 1, 2)
# Additive functions sum p**j * kronecker_symbol(D, p) over the prime factors.
ADDITIVE_POWERS = tuple(range(5))
ADDITIVE_CHARACTERS = (1, 4, 9, -4, -3, 8)
_SMALL_PRIMES = (2, 3, 5, 7, 11, 13)
# Legendre-Kronecker symbols (x / m) for the odd primes m below this bound.
KRONECKER_MODULI = tuple(int(p) for p in sympy.primerange(3, 1000))


def _unary(cls) -> Callable[[sympy.Expr], sympy.Expr]:
    return lambda x: cls(x)


#: name -> SymPy builder of F(x). Every F is evaluated exactly through
#: :data:`sympy_recur.arithmetic.EXACT` (via the same compiler as the verifier).
FUNCTIONS: dict[str, Callable[[sympy.Expr], sympy.Expr]] = {
    "tau": lambda x: divisor_sigma(x, 0),
    "sigma": lambda x: divisor_sigma(x),
    "sigma2": lambda x: divisor_sigma(x, 2),
    "sigma3": lambda x: divisor_sigma(x, 3),
    "totient": _unary(totient),
    "omega": _unary(primenu),
    "bigomega": _unary(primeomega),
    "mobius": _unary(mobius),
    "primepi": _unary(primepi),
    "is_prime": lambda x: primepi(x) - primepi(x - 1),
    "prime": _unary(nth_prime),
    "isqrt": lambda x: sympy.floor(sympy.sqrt(x)),
    "binary_weight": _unary(binary_weight),
    "thue_morse": lambda x: sympy.Mod(binary_weight(x), 2),
    "odd_part": _unary(odd_part),
    "two_adic_valuation": _unary(two_adic_valuation),
    "digit_sum": _unary(digit_sum),
}


@lru_cache(maxsize=None)
def _evaluator(name: str):
    from ..evaluate import compile_rhs
    return compile_rhs(FUNCTIONS[name](n))


@lru_cache(maxsize=1 << 16)
def _value(name: str, modulus: int, i: int):
    from ..evaluate import EvaluationError, ValueTooLarge
    try:
        if name == "kronecker":
            return EXACT[kronecker_symbol](i, modulus)
        return _evaluator(name)(i, {})
    except (EvaluationError, ValueTooLarge, ValueError):
        return None


def _fit(terms: list, name: str, modulus: int, s: int) -> tuple[Fraction, Fraction] | None:
    """(a, b) with terms[i] == a F(i + s) + b for every i, a != 0; else None."""
    first = None
    a = b = None
    for i, t in enumerate(terms):
        v = _value(name, modulus, i + s)
        if v is None:
            return None
        if a is None:
            if first is None:
                first = (v, t)
                continue
            if v == first[0]:
                if t != first[1]:
                    return None
                continue
            a = Fraction(t - first[1]) / (v - first[0])
            if a == 0:
                return None
            b = first[1] - a * first[0]
        elif a * v + b != t:
            return None
    return None if a is None else (a, b)


# F(n) plus a multiple of n: the sum of proper divisors sigma(n) - n, the
# odious numbers 2n + thue_morse(n), n - binary_weight(n) (the 2-adic
# valuation of n!). Not for digit_sum: with a linear term it imitates
# floor(n/10) below 100 and fits unrelated piecewise-linear data.
WITH_LINEAR_TERM = tuple(name for name in FUNCTIONS if name != "digit_sum")


def _fit_with_n(terms: list, name: str, s: int) -> tuple[Fraction, Fraction, Fraction] | None:
    """(a, c, b) with terms[i] == a F(i + s) + c (i + s) + b for every i, a and c != 0; else None."""
    from ..linalg import nullspace
    # Solve on a short prefix, then check term by term: a long list is
    # refused at its first mismatch, before F is evaluated much further.
    head, rows = 8, []
    while True:
        for i in range(len(rows), min(head, len(terms))):
            v = _value(name, 0, i + s)
            if v is None:
                return None
            rows.append([v, i + s, 1, -terms[i]])
        basis = nullspace(rows, 4)
        if len(basis) > 1 and head < len(terms):
            head *= 2  # the prefix does not pin the coefficients down yet
            continue
        break
    if len(basis) != 1 or basis[0][3] == 0:
        return None
    a, c, b = (Fraction(x, basis[0][3]) for x in basis[0][:3])
    if a == 0 or c == 0:
        return None
    for i in range(len(rows), len(terms)):
        v = _value(name, 0, i + s)
        if v is None or a * v + c * (i + s) + b != terms[i]:
            return None
    return a, c, b


MAX_POWER = 6  # Mod(n**k, m) for k up to this


def _modular(terms: list, offset: int) -> Iterator[Candidate]:
    """``Mod(F(n), m)`` with ``F`` a power ``b**n`` or ``(n + s)**k``: ``m`` is the gcd of ``F - a``.

    The modulus is not searched but read off the data, so it costs its own
    digits and nothing more; it must exceed every term (a residue).
    """
    if not all(isinstance(t, int) and t >= 0 for t in terms) or len(set(terms)) < 4:
        return
    top = max(terms)
    choice_bits = math.log2(1 + MAX_POWER * len(SHIFTS))
    # (values at position i, SymPy expression): the expression is built only for a fit,
    # since this runs on every sequence and on its transforms.
    plans = []
    if terms[0] == 1 and terms[1] > 1:
        b = terms[1]
        plans.append((lambda i: b ** i, lambda: sympy.Integer(b) ** (n - offset)))
    for k in range(1, MAX_POWER + 1):
        for s in SHIFTS:
            plans.append((lambda i, k=k, s=s: (i + s) ** k, lambda k=k, s=s: (n + (s - offset)) ** k))
    for f, expr in plans:
        m = 0
        for i, t in enumerate(terms):
            m = math.gcd(m, f(i) - t)
            if 0 < m <= top:
                break
        if m > top:
            yield Candidate(rhs=sympy.Mod(expr(), m), kind="closed-form", source="arithmetic:mod",
                            n_params=1, fit_bits=choice_bits + integer_bits(m))
            return


def _reciprocal_floor(terms: list, offset: int) -> Iterator[Candidate]:
    """``floor(c/(n + s))`` (``c`` the smallest integer consistent with every term)."""
    if not all(isinstance(t, int) and t >= 0 for t in terms) or terms[0] < 4 or terms[-1] >= terms[0]:
        return
    for s in (1, 2):
        # floor(c/j) = t  <=>  t j <= c < (t + 1) j
        low = max(t * (i + s) for i, t in enumerate(terms))
        high = min((t + 1) * (i + s) for i, t in enumerate(terms))
        if low < high:
            yield Candidate(rhs=sympy.floor(sympy.Integer(low) / (n + (s - offset))), kind="closed-form",
                            source="arithmetic:floor", n_params=1, fit_bits=1 + integer_bits(low))
            return


# floor(n (n - 1) ... (n - j + 1) / M): the OEIS tables floor(n(n-1)/M),
# floor(n(n-1)(n-2)/M), ... (A011867 and its neighbours). M is fitted, the
# degree chosen; the index is the caller's n (no shift: the table is in n).
FALLING_DEGREES = (2, 3, 4, 5)


def _falling_factorial_floor(terms: list, offset: int) -> Iterator[Candidate]:
    """``floor(n (n - 1) ... (n - j + 1) / M)`` when exactly one ``(j, M)`` fits every term.

    ``floor(f / M) = t`` pins ``M`` to ``(f / (t + 1), f / t]``: every term
    narrows the range, and a range left holding two integers (or two degrees
    that fit) means the data do not decide, so nothing is proposed.
    """
    if offset < 0 or not all(isinstance(t, int) and t >= 0 for t in terms) or len(set(terms)) < 4:
        return
    fits = []
    for j in FALLING_DEGREES:
        low, high = 2, None  # M in [low, high]
        for i, t in enumerate(terms):
            f = math.perm(offset + i, j)
            low = max(low, f // (t + 1) + 1)  # f < (t + 1) M
            if t:
                high = f // t if high is None else min(high, f // t)  # t M <= f
            if high is not None and low > high:
                break
        else:
            if high is not None and low <= high:
                fits.append((j, low, high))
    if len(fits) != 1 or fits[0][1] != fits[0][2]:
        return
    j, M, _ = fits[0]
    if all(math.perm(offset + i, j) % M == 0 for i in range(len(terms))):
        return  # an exact quotient: a polynomial, found as one
    falling = sympy.Mul(*[n - i for i in range(j)])
    yield Candidate(rhs=sympy.floor(falling / M), kind="closed-form", source="arithmetic:falling-floor",
                    n_params=1, fit_bits=math.log2(len(FALLING_DEGREES)) + integer_bits(M))


def _decimal_digits_in_range(terms: list, offset: int) -> Iterator[Candidate]:
    """How many decimal digits of ``n`` lie in ``lo..hi``, when exactly one range fits every term.

    ``Sum(digit_count(n, 10, d), (d, lo, hi))``: the OEIS tables of the
    digits at least (or at most) ``k``; their partial sums come through the
    difference transform.
    """
    if offset < 0 or not all(isinstance(t, int) and 0 <= t for t in terms) or len(set(terms)) < 2:
        return
    N = len(terms)
    digits = [[int(c) for c in str(offset + i)] for i in range(N)]
    ranges = [(lo, hi) for lo in range(10) for hi in range(lo, 10) if (lo, hi) != (0, 9)]
    fits = [(lo, hi) for lo, hi in ranges
            if all(sum(lo <= c <= hi for c in ds) == t for ds, t in zip(digits, terms))]
    if len(fits) != 1:
        return
    lo, hi = fits[0]
    d = sympy.Symbol("d", integer=True, nonnegative=True)
    rhs = digit_count(n, 10, lo) if lo == hi else sympy.Sum(digit_count(n, 10, d), (d, lo, hi))
    yield Candidate(rhs=rhs, kind="closed-form", source="arithmetic:digit-range", n_params=0,
                    fit_bits=math.log2(len(ranges)))


WORD_ALPHABETS = tuple(range(2, 7))


def _word_counts(terms: list, offset: int) -> Iterator[Candidate]:
    """``necklaces(n + s, c)`` or ``lyndon_words(n + s, c)``: counts of words up to rotation."""
    if not all(isinstance(t, int) and t > 0 for t in terms):
        return
    choice_bits = math.log2(2 * len(WORD_ALPHABETS) * 2)
    for cls in (necklaces, lyndon_words):
        exact = EXACT[cls]
        for c in WORD_ALPHABETS:
            for s in (0, 1):
                if all(exact(i + s, c) == t for i, t in enumerate(terms)):
                    yield Candidate(rhs=cls(n + (s - offset), c), kind="closed-form",
                                    source=f"arithmetic:{cls.__name__}", n_params=0, fit_bits=choice_bits)
                    return


def _self_powers(terms: list, offset: int) -> Iterator[Candidate]:
    """``c (n + s)**(n + t)``: ``n**n``, Cayley's ``n**(n - 2)`` labelled trees and their kin."""
    if not all(isinstance(t, int) for t in terms) or terms[-1] == 0:
        return
    choice_bits = math.log2(3 * 4)
    for s in (0, 1, 2):
        for t in (-2, -1, 0, 1):
            if s + t < 0:
                continue  # (n + s)**(n + t) is not an integer for every n >= 0
            powers = [(i + s) ** (i + t) for i in range(len(terms))]
            if powers[-1] == 0 or terms[-1] % powers[-1]:
                continue
            c = terms[-1] // powers[-1]
            if all(c * p == v for p, v in zip(powers, terms)):
                arg = n + (s - offset)
                yield Candidate(rhs=c * arg ** (n + (t - offset)), kind="closed-form",
                                source="arithmetic:self-power", n_params=int(c != 1),
                                fit_bits=choice_bits + integer_bits(c))
                return


def arithmetic_candidates(terms: list, offset: int) -> Iterator[Candidate]:
    """Yield ``a F(n + c) + b`` for every table function that fits ``terms`` exactly."""
    if len(terms) < 6:
        return
    yield from _modular(terms, offset)
    yield from _reciprocal_floor(terms, offset)
    yield from _falling_factorial_floor(terms, offset)
    yield from _decimal_digits_in_range(terms, offset)
    yield from _word_counts(terms, offset)
    yield from _self_powers(terms, offset)
    plans = [(name, 0) for name in FUNCTIONS]
    if set(terms) <= {-1, 0, 1}:
        # A character's values exactly; with two values of any size, one of
        # the many moduli would fit by chance and the bits of the values
        # would hide it from the guard.
        plans += [("kronecker", m) for m in KRONECKER_MODULI]
    choice_bits = math.log2(len(FUNCTIONS) * len(SHIFTS)) + (
        math.log2(len(KRONECKER_MODULI)) if len(plans) > len(FUNCTIONS) else 0.0)
    for name, modulus in plans:
        for s in SHIFTS:
            fit = _fit(terms, name, modulus, s)
            if fit is None:
                continue
            a, b = fit
            arg = n + (s - offset)
            F = kronecker_symbol(arg, modulus) if name == "kronecker" else FUNCTIONS[name](arg)
            rhs = sympy.Rational(a.numerator, a.denominator) * F + sympy.Rational(b.numerator, b.denominator)
            yield Candidate(rhs=rhs, kind="closed-form", source=f"arithmetic:{name}", n_params=2,
                            fit_bits=choice_bits + integer_bits(a) + integer_bits(b))
            break  # the smallest shift that fits
    yield from _with_linear_term(terms, offset, choice_bits)
    yield from _additive(terms, offset)


def _additive(terms: list, offset: int) -> Iterator[Candidate]:
    """``c prime_factor_sum(m, j, D, mult)``: ``j, D, c`` read off the primes, then every term checked.

    ``terms[0]`` is ``a(1)``, or an exceptional ``a(0)`` before it; an additive function has ``a(1) = 0``.
    """
    if any(getattr(t, "denominator", 1) != 1 for t in terms):
        return
    kron, additive = EXACT[kronecker_symbol], EXACT[prime_factor_sum]
    choice_bits = math.log2(len(ADDITIVE_POWERS) * len(ADDITIVE_CHARACTERS) * 2 * 2)  # j, D, mult, first
    for first in (1, 0):
        a = {m: int(t) for m, t in enumerate(terms[1 - first:], start=1)}
        if len(a) < 13 or a[1] != 0:
            continue
        for D in ADDITIVE_CHARACTERS:
            for j in ADDITIVE_POWERS:
                at_primes = [(p, p ** j * kron(D, p)) for p in _SMALL_PRIMES if p in a]
                p0, v0 = next(((p, v) for p, v in at_primes if v), (None, 0))
                if p0 is None or a[p0] % v0:
                    continue
                c = a[p0] // v0
                if c == 0 or any(a[p] != c * v for p, v in at_primes):
                    continue
                for mult in (0, 1):
                    if all(a[m] == c * additive(m, j, D, mult) for m in a):
                        yield Candidate(rhs=c * prime_factor_sum(n + (first - offset), j, D, mult),
                                        kind="closed-form", source="arithmetic:additive", n_params=1,
                                        n_prefix=1 - first, fit_bits=choice_bits + integer_bits(c))
                        return


def _with_linear_term(terms: list, offset: int, choice_bits: float) -> Iterator[Candidate]:
    for name in WITH_LINEAR_TERM:
        for s in SHIFTS:
            fit = _fit_with_n(terms, name, s)
            if fit is None:
                continue
            arg = n + (s - offset)
            a, c, b = (sympy.Rational(x.numerator, x.denominator) for x in fit)
            yield Candidate(rhs=a * FUNCTIONS[name](arg) + c * arg + b, kind="closed-form",
                            source=f"arithmetic:{name}+n", n_params=3,
                            fit_bits=choice_bits + 1 + sum(integer_bits(x) for x in fit))
            break
