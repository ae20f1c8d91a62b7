"""Arithmetic functions of the index, as SymPy functions with exact evaluators.

Many sequences are a number-theoretic or digit function of ``n``: the sum of
divisors, Euler's totient, the number of primes up to ``n``, the binary
weight, a Legendre symbol. SymPy has symbolic classes for most of them
(``divisor_sigma``, ``totient``, ``primepi``, ``kronecker_symbol``...); the
few it lacks are defined here as ordinary SymPy functions that evaluate at
integers, so results print, substitute and ``doit()`` like any SymPy
expression. :data:`EXACT` maps each class to a plain-integer evaluator for
the verifier.

Examples
========

>>> from sympy_recur.arithmetic import binary_weight, nth_prime
>>> binary_weight(11), nth_prime(5)
(3, 11)
"""

from __future__ import annotations

import math

import sympy
from sympy.functions.combinatorial.numbers import (divisor_sigma, kronecker_symbol, mobius, primenu,
                                                   primeomega, primepi, totient)

__all__ = ["divisors", "binary_weight", "nth_prime", "odd_part", "two_adic_valuation", "digit_sum", "triangle_row", "triangle_column", "prime_factor_sum",
           "periodic_term", "digits_value", "digit_count", "smooth_part", "bitwise_xor", "root_quotient", "necklaces",
           "lyndon_words", "EXACT", "ArgumentTooLarge",
           "MAX_ARGUMENT"]

#: Arguments beyond this are refused: factoring them could take unbounded time.
MAX_ARGUMENT = 10 ** 9


class ArgumentTooLarge(ValueError):
    """An arithmetic function was asked about a number too large to factor quickly."""


def _small(x, low: int = 1) -> int:
    if isinstance(x, bool) or not isinstance(x, int):
        if getattr(x, "denominator", 1) != 1:
            raise ValueError("arithmetic function of a non-integer")
        x = int(x)
    if x < low:
        raise ValueError(f"arithmetic function undefined at {x}")
    if x > MAX_ARGUMENT:
        raise ArgumentTooLarge(f"argument {x} too large")
    return x


class _IntegerFunction(sympy.Function):
    """An integer-valued function of one integer, evaluated at integer arguments."""

    is_integer = True
    _low = 1

    @classmethod
    def eval(cls, x):
        if x.is_Integer and x >= cls._low and x <= MAX_ARGUMENT:
            return sympy.Integer(cls._exact(int(x)))
        return None


class binary_weight(_IntegerFunction):
    """Number of ones in the binary expansion of ``n >= 0`` (OEIS A000120)."""

    _low = 0

    @staticmethod
    def _exact(x: int) -> int:
        return bin(_small(x, 0)).count("1")


class nth_prime(_IntegerFunction):
    """The ``n``-th prime, ``nth_prime(1) = 2`` (SymPy's ``prime`` as a symbolic function)."""

    @staticmethod
    def _exact(x: int) -> int:
        x = _small(x)
        if x > 10 ** 6:
            raise ArgumentTooLarge(f"prime number {x} too far")
        return int(sympy.prime(x))


class odd_part(_IntegerFunction):
    """``n`` divided by its largest power of 2 (OEIS A000265)."""

    @staticmethod
    def _exact(x: int) -> int:
        x = _small(x)
        return x >> ((x & -x).bit_length() - 1)


class two_adic_valuation(_IntegerFunction):
    """Exponent of the largest power of 2 dividing ``n >= 1`` (OEIS A007814)."""

    @staticmethod
    def _exact(x: int) -> int:
        x = _small(x)
        return (x & -x).bit_length() - 1


class digit_sum(_IntegerFunction):
    """Sum of the decimal digits of ``n >= 0`` (OEIS A007953)."""

    _low = 0

    @staticmethod
    def _exact(x: int) -> int:
        return sum(map(int, str(_small(x, 0))))


class triangle_row(_IntegerFunction):
    """Row ``r`` of entry ``n >= 0`` of a triangle read by rows (row ``r`` holds ``r + 1`` entries).

    With :class:`triangle_column` it turns a formula ``T(r, k)`` into one in
    ``n``; the same pair also indexes a square array read by antidiagonals.
    """

    _low = 0

    @staticmethod
    def _exact(x: int) -> int:
        return (math.isqrt(8 * _small(x, 0) + 1) - 1) // 2


class triangle_column(_IntegerFunction):
    """Column ``k`` (``0 <= k <= r``) of entry ``n >= 0`` of a triangle read by rows."""

    _low = 0

    @staticmethod
    def _exact(x: int) -> int:
        r = triangle_row._exact(x)
        return x - r * (r + 1) // 2


class prime_factor_sum(sympy.Function):
    """``prime_factor_sum(n, j, D, m)``: the sum over the prime powers ``p**e`` exactly dividing ``n >= 1`` of
    ``(e if m else 1) * p**j * kronecker_symbol(D, p)``.

    An additive function of ``n``: ``j = 1, D = 1`` is the sum of the distinct prime factors (``m = 0``,
    OEIS A008472) or of all of them (``m = 1``, A001414); ``j = 0`` counts them (``primenu``,
    ``primeomega``); ``D = 4`` keeps the odd primes, ``D = -4`` weighs ``p = 1`` and ``3 (mod 4)`` by
    ``+1`` and ``-1``.

    Examples
    ========

    >>> from sympy_recur.arithmetic import prime_factor_sum
    >>> [prime_factor_sum(k, 1, 1, 1) for k in (1, 8, 12)]
    [0, 6, 7]
    """

    is_integer = True

    @classmethod
    def eval(cls, x, j, D, m):
        if all(a.is_Integer for a in (x, j, D, m)) and 1 <= x <= MAX_ARGUMENT and j >= 0:
            return sympy.Integer(_prime_factor_sum(int(x), int(j), int(D), int(m)))
        return None


class periodic_term(sympy.Function):
    """``periodic_term(n, c_0, ..., c_{p-1})`` is ``c_{n mod p}``: a periodic coefficient.

    The partial quotients of the continued fraction of a quadratic irrational
    are eventually periodic, so its convergents obey
    ``u(n) = periodic_term(n, ...) u(n - 1) + u(n - 2)``.
    ``rewrite(sympy.Piecewise)`` spells it out with ``Mod``.

    Examples
    ========

    >>> from sympy import Piecewise, Symbol
    >>> from sympy_recur.arithmetic import periodic_term
    >>> [periodic_term(k, 1, 1, 6) for k in range(5)]
    [1, 1, 6, 1, 1]
    >>> periodic_term(Symbol("n"), 2, 5).rewrite(Piecewise)
    Piecewise((2, Eq(Mod(n, 2), 0)), (5, True))
    """

    @classmethod
    def eval(cls, x, *values):
        if not values:
            raise TypeError("periodic_term needs at least one value")
        if x.is_Integer:
            return values[int(x) % len(values)]
        return None

    def _latex(self, printer):
        x, *values = self.args
        items = ", ".join(printer._print(c) for c in values)
        return r"\left(%s\right)_{%s \bmod %d}" % (items, printer._print(x), len(values))

    def _eval_rewrite_as_Piecewise(self, x, *values, **kwargs):
        p = len(values)
        pieces = [(c, sympy.Eq(sympy.Mod(x, p), r)) for r, c in enumerate(values[:-1])]
        return sympy.Piecewise(*pieces, (values[-1], True))


class digits_value(sympy.Function):
    """``digits_value(n, b, B, z)``: the base-``b`` digits of ``n >= 0`` read in base ``B``.

    With ``z = 0`` the digits are the usual ``0..b-1`` (``digits_value(n, 2, 10, 0)``
    writes ``n`` in binary, OEIS A007088); with ``z = 1`` they are the bijective
    digits ``1..b`` (numbers whose decimal digits are all in ``1..b``: A007931,
    A007932 for ``b = 2, 3``).

    Examples
    ========

    >>> from sympy_recur.arithmetic import digits_value
    >>> [digits_value(k, 2, 10, 0) for k in range(6)]
    [0, 1, 10, 11, 100, 101]
    >>> [digits_value(k, 3, 10, 1) for k in range(1, 8)]
    [1, 2, 3, 11, 12, 13, 21]
    """

    is_integer = True

    @classmethod
    def eval(cls, x, b, B, z):
        if all(a.is_Integer for a in (x, b, B, z)) and 0 <= x <= MAX_ARGUMENT and b >= 2:
            return sympy.Integer(_digits_value(int(x), int(b), int(B), int(z)))
        return None

    def _latex(self, printer):
        x, b, B, z = (printer._print(a) for a in self.args)
        name = "bdigits" if self.args[3] else "digits"
        return r"\operatorname{%s}_{%s \to %s}\left(%s\right)" % (name, b, B, x)


def _digits_value(x, b, B, z) -> int:
    x, b, B = _small(x, 0), int(b), int(B)
    if b < 2:
        raise ValueError("base below 2")
    out, place = 0, 1
    while x > 0:
        if z:
            d = x % b or b
            x = (x - d) // b
        else:
            d = x % b
            x //= b
        out += d * place
        place *= B
    return out


class digit_count(sympy.Function):
    """``digit_count(n, b, d)``: how many digits of ``n >= 0`` written in base ``b`` are ``d`` (``0`` is one digit 0).

    Examples
    ========

    >>> from sympy_recur.arithmetic import digit_count
    >>> digit_count(10, 2, 1), digit_count(10, 2, 0), digit_count(0, 10, 0)
    (2, 2, 1)
    """

    is_integer = True

    @classmethod
    def eval(cls, x, b, d):
        if all(a.is_Integer for a in (x, b, d)) and 0 <= x <= MAX_ARGUMENT and b >= 2:
            return sympy.Integer(_digit_count(int(x), int(b), int(d)))
        return None


def _digit_count(x, b, d) -> int:
    x, b = _small(x, 0), int(b)
    if b < 2:
        raise ValueError("base below 2")
    if x == 0:
        return int(d == 0)
    count = 0
    while x:
        x, r = divmod(x, b)
        count += r == d
    return count


class smooth_part(sympy.Function):
    """``smooth_part(n, (p1, p2, ...))``: the largest divisor of ``n >= 1`` made of the primes ``p1, p2, ...``.

    ``smooth_part(n, P) = n`` says that ``n`` has no prime factor outside ``P``.

    Examples
    ========

    >>> from sympy_recur.arithmetic import smooth_part
    >>> smooth_part(126, (3, 7)), smooth_part(63, (3, 7))
    (63, 63)
    """

    is_integer = True

    @classmethod
    def eval(cls, x, primes):
        if x.is_Integer and 1 <= x <= MAX_ARGUMENT and all(p.is_Integer for p in primes):
            return sympy.Integer(_smooth_part(int(x), tuple(int(p) for p in primes)))
        return None


def _smooth_part(x, primes) -> int:
    x = _small(x)
    rest = x
    for p in primes:
        while rest % p == 0:
            rest //= p
    return x // rest


class bitwise_xor(sympy.Function):
    """``bitwise_xor(n, c)``: the bitwise exclusive or of ``n, c >= 0`` (the Nim-sum, OEIS A003987).

    Examples
    ========

    >>> from sympy_recur.arithmetic import bitwise_xor
    >>> [bitwise_xor(k, 5) for k in range(8)]
    [5, 4, 7, 6, 1, 0, 3, 2]
    """

    is_integer = True

    @classmethod
    def eval(cls, x, c):
        if x.is_Integer and c.is_Integer and 0 <= x <= MAX_ARGUMENT and c >= 0:
            return sympy.Integer(int(x) ^ int(c))
        return None

    def _latex(self, printer):
        return r"%s \oplus %s" % tuple(printer._print(a) for a in self.args)


def _bitwise_xor(x, c) -> int:
    return _small(x, 0) ^ _small(c, 0)


class root_quotient(sympy.Function):
    """``root_quotient(i, D, q)``: the ``i``-th partial quotient of the continued fraction of ``D**(1/q)``.

    ``root_quotient(0, D, q)`` is the integer part. The quotients are exact:
    they are read off the continued fractions of two rationals that bracket
    the root (from an integer ``q``-th root), with more bits until both agree.

    Examples
    ========

    >>> from sympy_recur.arithmetic import root_quotient
    >>> [root_quotient(i, 2, 3) for i in range(8)]   # 2**(1/3) = [1; 3, 1, 5, 1, 1, 4, 1, ...]
    [1, 3, 1, 5, 1, 1, 4, 1]
    """

    is_integer = True

    @classmethod
    def eval(cls, i, D, q):
        if all(a.is_Integer for a in (i, D, q)) and 0 <= i <= MAX_ROOT_QUOTIENT and D >= 1 and q >= 2:
            return sympy.Integer(_root_quotient(int(i), int(D), int(q)))
        return None

    def _latex(self, printer):
        i, D, q = (printer._print(a) for a in self.args)
        return r"\operatorname{cf}_{%s}\left(\sqrt[%s]{%s}\right)" % (i, q, D)


#: Quotients beyond this index are refused (their cost grows with the index).
MAX_ROOT_QUOTIENT = 2000
_ROOT_QUOTIENTS: dict = {}


def _cf_prefix(num: int, den: int, count: int) -> list[int]:
    out = []
    while den and len(out) < count:
        a, r = divmod(num, den)
        out.append(a)
        num, den = den, r
    return out


def root_quotients(D: int, q: int, count: int) -> list[int]:
    """The first ``count`` partial quotients of ``D**(1/q)`` (``D`` not a ``q``-th power), exactly."""
    key = (D, q)
    have = _ROOT_QUOTIENTS.get(key, [])
    if len(have) >= count:
        return have[:count]
    if sympy.integer_nthroot(D, q)[1]:
        raise ValueError(f"{D} is a perfect power of order {q}")
    bits = 64 + 8 * count
    while True:
        r = int(sympy.integer_nthroot(D << (q * bits), q)[0])
        lo, hi = _cf_prefix(r, 1 << bits, count + 2), _cf_prefix(r + 1, 1 << bits, count + 2)
        agree = []
        for a, b in zip(lo, hi):
            if a != b:
                break
            agree.append(a)
        # The last agreeing quotient may still be cut short: keep the ones before it.
        agree = agree[:-1]
        if len(agree) >= count:
            if len(_ROOT_QUOTIENTS) > 4096:
                _ROOT_QUOTIENTS.clear()
            _ROOT_QUOTIENTS[key] = agree
            return agree[:count]
        bits *= 2


def _root_quotient(i, D, q) -> int:
    i, D, q = _small(i, 0), _small(D), int(q)
    if i > MAX_ROOT_QUOTIENT:
        raise ArgumentTooLarge(f"quotient {i} too far")
    return root_quotients(D, q, i + 1)[i]


def _periodic_term(x, *values):
    if getattr(x, "denominator", 1) != 1:
        raise ValueError("periodic_term of a non-integer")
    return values[int(x) % len(values)]


def _prime_factor_sum(x, j, D, m) -> int:
    x, j = _small(x), _small(j, 0)
    return sum((e if m else 1) * p ** j * kronecker(D, p) for p, e in sympy.factorint(x).items())


def divisors(m: int) -> list[int]:
    """The positive divisors of the int ``m >= 1``, ascending, by trial division up to ``isqrt(m)``.

    Examples
    ========

    >>> from sympy_recur.arithmetic import divisors
    >>> divisors(12)
    [1, 2, 3, 4, 6, 12]
    """
    small = [q for q in range(1, math.isqrt(m) + 1) if m % q == 0]
    return small + [m // q for q in reversed(small) if q * q != m]


def _divisor_sigma(x, k=1) -> int:
    return int(sympy.divisor_sigma(_small(x), _small(k, 0)))


def kronecker(a, m) -> int:
    """``kronecker_symbol(a, m)`` on Python ints: the Jacobi symbol with the factor 2 handled.

    Integer arithmetic only for ``m >= 1`` (about 40 times faster than SymPy's,
    which the Dirichlet products call for every factor value); SymPy for ``m <= 0``.
    """
    a, m = int(a), int(m)
    if abs(a) > MAX_ARGUMENT or abs(m) > MAX_ARGUMENT:
        raise ArgumentTooLarge("argument too large")
    if m <= 0:
        return int(sympy.kronecker_symbol(a, m))
    if math.gcd(a, m) != 1:
        return 0
    result = 1
    while m % 2 == 0:
        m //= 2
        if a % 8 in (3, 5):
            result = -result
    a %= m
    while a:
        while a % 2 == 0:
            a //= 2
            if m % 8 in (3, 5):
                result = -result
        a, m = m, a
        if a % 4 == 3 and m % 4 == 3:
            result = -result
        a %= m
    return result if m == 1 else 0


def _primepi(x) -> int:
    x = int(x) if getattr(x, "denominator", 1) == 1 else math.floor(x)
    if x > MAX_ARGUMENT:
        raise ArgumentTooLarge(f"argument {x} too large")
    return int(sympy.primepi(x)) if x >= 2 else 0


# c**(n/d) has n log2(c) bits: beyond this length the counts are refused.
MAX_WORD_LENGTH = 10 ** 4


def _cyclic_words(x, c, weight) -> int:
    x, c = _small(x, 0), _small(c, 1)
    if x > MAX_WORD_LENGTH:
        raise ArgumentTooLarge(f"words of length {x} too long")
    if x == 0:
        return 1  # the empty word, as OEIS counts it
    total = sum(weight(d) * c ** (x // d) for d in sympy.divisors(x))
    return total // x


def _necklaces(x, c) -> int:
    return _cyclic_words(x, c, lambda d: int(sympy.totient(d)))


def _lyndon_words(x, c) -> int:
    return _cyclic_words(x, c, lambda d: int(sympy.mobius(d)))


class _WordCount(sympy.Function):
    """Counts of words of length ``n`` over ``c`` letters, evaluated at integer arguments."""

    is_integer = True

    @classmethod
    def eval(cls, x, c):
        if x.is_Integer and c.is_Integer and 0 <= x <= MAX_WORD_LENGTH and c >= 1:
            return sympy.Integer(cls._count(int(x), int(c)))
        return None


class necklaces(_WordCount):
    """``necklaces(n, c)``: necklaces of ``n`` beads in ``c`` colours, ``(1/n) sum_{d | n} totient(d) c**(n/d)``.

    ``necklaces(0, c) = 1`` (the empty necklace, OEIS A000031 and its kin).

    Examples
    ========

    >>> from sympy_recur.arithmetic import necklaces
    >>> [necklaces(k, 2) for k in range(8)]
    [1, 2, 3, 4, 6, 8, 14, 20]
    """

    _count = staticmethod(_necklaces)


class lyndon_words(_WordCount):
    """``lyndon_words(n, c)``: aperiodic necklaces (Lyndon words) of length ``n`` over ``c`` letters,
    ``(1/n) sum_{d | n} mobius(d) c**(n/d)``; ``lyndon_words(0, c) = 1``.

    Examples
    ========

    >>> from sympy_recur.arithmetic import lyndon_words
    >>> [lyndon_words(k, 2) for k in range(8)]
    [1, 2, 1, 2, 3, 6, 9, 18]
    """

    _count = staticmethod(_lyndon_words)


#: SymPy class -> exact evaluator on Python ints (raises ValueError outside its domain).
EXACT = {
    divisor_sigma: _divisor_sigma,
    totient: lambda x: int(sympy.totient(_small(x))),
    primenu: lambda x: int(sympy.primenu(_small(x))),
    primeomega: lambda x: int(sympy.primeomega(_small(x))),
    mobius: lambda x: int(sympy.mobius(_small(x))),
    primepi: _primepi,
    kronecker_symbol: kronecker,
    binary_weight: binary_weight._exact,
    nth_prime: nth_prime._exact,
    odd_part: odd_part._exact,
    two_adic_valuation: two_adic_valuation._exact,
    digit_sum: digit_sum._exact,
    triangle_row: triangle_row._exact,
    triangle_column: triangle_column._exact,
    prime_factor_sum: _prime_factor_sum,
    periodic_term: _periodic_term,
    digits_value: _digits_value,
    bitwise_xor: _bitwise_xor,
    digit_count: _digit_count,
    smooth_part: _smooth_part,
    root_quotient: _root_quotient,
    necklaces: _necklaces,
    lyndon_words: _lyndon_words,
}
