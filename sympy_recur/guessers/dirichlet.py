r"""Multiplicative functions: Dirichlet products of simple factors.

Explanation
===========

The divisor sums of number theory, ``sigma_k(n)``, ``n d(n)``, Jordan's
totients, the sum of the odd divisors, ``r_2(n)/4``..., are Dirichlet
convolutions of a few *completely multiplicative* factors

.. math:: f(n) = n^j \chi(n) \quad\text{or its inverse}\quad \mu(n) n^j \chi(n),

with ``chi`` a real character (:func:`~sympy.functions.combinatorial.numbers.kronecker_symbol`
of a small discriminant) or Liouville's ``lambda``; their Dirichlet series
are products of ``zeta(s - j)``, ``L(s - j, chi)``, ``zeta(2s - 2j)`` and
their reciprocals. No recurrence in
``n`` describes them, but the value at a prime ``p`` of a product of
factors is the sum of the factors' values at ``p``: a table keyed by the
values at 2, 3, 5 and 7 names the few products worth convolving (products
of three meet a table of pairs in the middle), and the convolution is then
checked on every given term.

Limitations
===========

At most :data:`MAX_FACTORS` factors from :data:`FACTORS` (powers up to
:data:`MAX_POWER_OF_THREE` in products of three), and up to
:data:`MAX_EXTRA_ZETA` more factors ``zeta(s)``, times a constant;
the first given term is ``a(1)`` (optionally after one exceptional ``a(0)``).

References
==========

.. [1] T. M. Apostol, "Introduction to Analytic Number Theory", Springer,
   1976, chapter 2 (multiplicative functions and Dirichlet multiplication).
"""

from __future__ import annotations

import math
from collections import defaultdict
from functools import lru_cache
from typing import Iterator, NamedTuple

from ..arithmetic import kronecker

__all__ = ["Factor", "FACTORS", "MAX_FACTORS", "MAX_EXTRA_ZETA", "ZETA", "LIOUVILLE", "DirichletRule",
           "dirichlet_rules", "convolve", "character_value", "factor_bits", "factor_values", "product_values"]

# kronecker_symbol(D, n) for these D: the trivial character, the principal
# characters mod 2 and mod 3 (odd n, n prime to 3), and the characters of
# Q(i), Q(sqrt(-3)), Q(sqrt(2)), the ones theta series and eta quotients use;
# LIOUVILLE stands for (-1)**primeomega(n), whose series zeta(2s)/zeta(s)
# brings squarefree and square divisors in.
LIOUVILLE = 0
CHARACTERS = (1, 4, 9, -4, -3, 8, LIOUVILLE)
MAX_POWER = 12
# Products of three factors use powers up to this; one or two, up to MAX_POWER.
MAX_POWER_OF_THREE = 5
MAX_FACTORS = 3
# Beyond those, up to this many more factors zeta(s) (the constant 1):
# zeta(s)^k counts ordered factorizations into k factors (d_k(n)), and
# zeta(s) times a product of three gives the sum over divisors of one.
MAX_EXTRA_ZETA = 3
_KEY_PRIMES = (2, 3, 5, 7)
_CHECK_FIRST = 64


class Factor(NamedTuple):
    """``n**power * chi(n)``, times ``mobius(n)`` if ``inverse``; ``chi`` is ``kronecker_symbol(character, n)``
    or, for ``character = LIOUVILLE``, ``(-1)**primeomega(n)``."""
    character: int
    power: int
    inverse: bool


FACTORS: tuple[Factor, ...] = tuple(Factor(D, j, inv) for D in CHARACTERS for j in range(MAX_POWER + 1)
                                    for inv in (False, True))
ZETA = Factor(1, 0, False)


_POSITION = {f: i for i, f in enumerate(FACTORS)}


def factor_bits(f: Factor) -> float:
    """Bits to name a factor: its character, its power (small powers are cheaper) and whether inverted."""
    return math.log2(len(CHARACTERS)) + 1.0 + math.log2(f.power + 1) + 1.0


class DirichletRule(NamedTuple):
    """``a(m) = scale * (f_1 * ... * f_k)(m)`` for ``m >= 1``, the first term being ``a(first)``."""
    factors: tuple[Factor, ...]
    scale: int
    first: int  # 1: terms start at a(1); 0: one exceptional a(0) comes first


@lru_cache(maxsize=None)
def _mobius_table(size: int) -> tuple[int, ...]:
    mu = [1] * (size + 1)
    mu[0] = 0
    is_composite = [False] * (size + 1)
    for p in range(2, size + 1):
        if not is_composite[p]:
            for q in range(p, size + 1, p):
                is_composite[q] = q != p or is_composite[q]
                mu[q] = -mu[q]
            for q in range(p * p, size + 1, p * p):
                mu[q] = 0
    return tuple(mu)


def _liouville(m: int) -> int:
    sign, p = 1, 2
    while p * p <= m:
        while m % p == 0:
            m //= p
            sign = -sign
        p += 1
    return -sign if m > 1 else sign


def character_value(D: int, m: int) -> int:
    return _liouville(m) if D == LIOUVILLE else kronecker(D, m)


def factor_values(f: Factor, size: int) -> list[int]:
    """``[0, f(1), ..., f(size)]``."""
    mu = _mobius_table(size) if f.inverse else None
    return [0] + [m ** f.power * character_value(f.character, m) * (mu[m] if mu else 1)
                  for m in range(1, size + 1)]


def convolve(a: list[int], b: list[int]) -> list[int]:
    """Dirichlet convolution of ``[0, a(1), ...]`` and ``[0, b(1), ...]`` (same length)."""
    size = len(a) - 1
    c = [0] * (size + 1)
    for i in range(1, size + 1):
        if a[i]:
            ai = a[i]
            for j in range(1, size // i + 1):
                c[i * j] += ai * b[j]
    return c


def product_values(factors: tuple[Factor, ...], size: int) -> list[int]:
    """``[0, (f_1 * ... * f_k)(1), ..., (...)(size)]``."""
    v = [0, 1] + [0] * (size - 1)
    for f in factors:
        v = convolve(v, factor_values(f, size))
    return v


@lru_cache(maxsize=1)
def _tables():
    """Products of one and of two factors, keyed by their values at the key primes."""
    at = [tuple(factor_values(f, _KEY_PRIMES[-1])[p] for p in _KEY_PRIMES) for f in FACTORS]
    singles: dict = defaultdict(list)
    pairs: dict = defaultdict(list)
    for i, f in enumerate(FACTORS):
        singles[at[i]].append((f,))
        for j in range(i, len(FACTORS)):
            g = FACTORS[j]
            if g == _inverse(f):
                continue  # f and its inverse cancel: the shorter product is listed already
            pairs[tuple(x + y for x, y in zip(at[i], at[j]))].append((f, g))
    return dict(singles), dict(pairs), at


def _inverse(f: Factor) -> Factor:
    return Factor(f.character, f.power, not f.inverse)


def _candidates(key: tuple) -> Iterator[tuple[Factor, ...]]:
    """Products of up to ``MAX_FACTORS`` factors whose values at the key primes are ``key``, shortest first."""
    singles, pairs, at = _tables()
    yield from singles.get(key, ())
    yield from pairs.get(key, ())
    # three factors: meet in the middle, one factor against the table of pairs
    for i, f in enumerate(FACTORS):
        if f.power > MAX_POWER_OF_THREE:
            continue
        rest = tuple(k - x for k, x in zip(key, at[i]))
        for pair in pairs.get(rest, ()):
            if all(g.power <= MAX_POWER_OF_THREE and _POSITION[g] >= i and g != _inverse(f) for g in pair):
                yield (f,) + pair


def dirichlet_rules(terms: list) -> Iterator[DirichletRule]:
    """Yield the products that reproduce every term (``terms[0]`` is ``a(1)``, or ``a(0)``)."""
    for first in (1, 0):
        a = [0] + list(terms[1 - first:])
        size = len(a) - 1
        if size < 2 * _KEY_PRIMES[-1] - 1 or any(getattr(v, "denominator", 1) != 1 for v in a):
            continue
        scale = int(a[1])
        if scale == 0 or any(int(v) % scale for v in a[1:]):
            continue
        b = [int(v) // scale for v in a]
        head = min(size, _CHECK_FIRST)
        for extra in range(MAX_EXTRA_ZETA + 1):
            key = tuple(b[p] - extra for p in _KEY_PRIMES)
            for factors in _candidates(key):
                if extra and _inverse(ZETA) in factors:
                    continue  # zeta times its inverse: a shorter product
                factors = (ZETA,) * extra + factors
                # most candidates fail early: a short convolution first, the full one for survivors
                if product_values(factors, head) == b[:head + 1] and product_values(factors, size) == b:
                    yield DirichletRule(factors, scale, first)
                    return
