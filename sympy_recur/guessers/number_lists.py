r"""Lists of the numbers with a property: primes in residue classes, ``k`` with ``f(k)`` prime, primes ``f(k)``.

Explanation
===========

Many sequences list, in increasing order, the members of a set: the primes
``p = r (mod m)`` (or in a few classes mod ``m``), the primes for which
``D`` is a square (or not) modulo ``p``, the integers ``k >= k0`` or the
primes ``k`` for which ``a k^d + b`` is prime (or ``a k + b_1`` and ``a k +
b_2`` both), the primes of the form ``a k^2 + c k + b`` or ``a k^d + b``,
the numbers made of a few given primes (``3^i 7^j``), the numbers whose
digits have a property (:mod:`~sympy_recur.guessers.digit_lists`). No recurrence in ``n`` describes them, but a list says more
than its members: every number of the range it spans that it skips is a
non-member. A rule is kept only when it picks out exactly the given terms
from the whole range, and when naming it costs well under the bits that
choosing that subset takes, ``log2 binomial(N, L)`` for ``L`` members among
``N`` candidates (plus, for the values of ``a k^d + b``, the digits of the
values beyond those of ``k``).

Limitations
===========

Moduli up to :data:`MAX_MODULUS`, discriminants ``|D| <=``
:data:`MAX_DISCRIMINANT`, ``a k + b`` with ``a <=`` :data:`MAX_LINEAR_A`,
``|b| <=`` :data:`MAX_LINEAR_B` and ``a k^2 + b`` with ``a <=``
:data:`MAX_QUADRATIC_A`, ``|b| <=`` :data:`MAX_QUADRATIC_B`; values of
``a k^d + b`` with ``d`` up to 4; at most :data:`MAX_SMOOTH_PRIMES` primes
below :data:`SMOOTH_PRIME_BOUND` for the numbers made of them. Primality is tested by sieving up to
:data:`MAX_SIEVE` during the search and by :func:`sympy.isprime` beyond
(deterministic below ``2^64``, the Baillie-PSW test above).

Examples
========

>>> from sympy_recur.guessers.number_lists import member_rules
>>> primes_7_mod_12 = [7, 19, 31, 43, 67, 79, 103, 127, 139, 151, 163, 199, 211, 223, 271]
>>> [r.params for r in member_rules(primes_7_mod_12)]
[(12, (7,))]

References
==========

.. [1] J. Rissanen, "Modeling by shortest data description", Automatica 14
   (1978): the bits a rule saves over listing the data are its evidence.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from functools import lru_cache
from itertools import takewhile
from typing import Iterator, NamedTuple

import numpy as np
from sympy import isprime

from ..arithmetic import _smooth_part, kronecker
from ..ranking import integer_bits

__all__ = ["MemberRule", "member_rules", "members", "is_member", "form_value", "subset_bits", "prime_table",
           "MAX_MODULUS", "MAX_DISCRIMINANT", "MAX_LINEAR_A", "MAX_LINEAR_B", "MAX_QUADRATIC_A",
           "MAX_QUADRATIC_B", "MAX_SIEVE", "MAX_SMOOTH_PRIMES", "SMOOTH_PRIME_BOUND", "MAX_SPARSITY", "MIN_SAVING_BITS"]

MAX_MODULUS = 2048
MAX_DISCRIMINANT = 256
MAX_LINEAR_A = 256
MAX_LINEAR_B = 1024
MAX_QUADRATIC_A = 128
MAX_QUADRATIC_B = 256
MAX_SIEVE = 1 << 23
# A list is a subset of its range: a rule must save this many bits over
# naming that subset member by member (the verifier's bar for other rules).
MIN_SAVING_BITS = 17.0
# ``a x^d + b`` is prime for about one x in log(a x^d): lists of such x
# sparser than one in this many candidates are not looked for.
MAX_SPARSITY = 64
# Pairs of forms: only slopes and candidate forms this few are paired.
MAX_TWIN_SLOPES = 64
MAX_TWIN_CANDIDATES = 48
# Seven families, a domain (integers or primes), where the integers start.
FAMILY_BITS = math.log2(7)
MAX_SMOOTH_PRIMES = 3
SMOOTH_PRIME_BOUND = 100
_POWER_DEGREES = (3, 4)  # (quadratics have their own search)


class MemberRule(NamedTuple):
    """Members, in increasing order, of a set of integers.

    ``family`` is one of

    * ``"residues"``: primes ``p`` with ``p mod m`` in ``S``; ``params = (m, S)``;
    * ``"kronecker"``: primes ``p`` with ``kronecker(D, p) == s`` (or ``0``
      when ``with_divisors``); ``params = (D, s, with_divisors)``;
    * ``"prime-image"``: ``x`` of the ``domain`` (``"integers"`` from
      ``start`` or ``"primes"``) with ``a x^d + b`` prime; ``params = (a, b, d)``;
    * ``"prime-pair"``: ``x`` of the domain with ``a x + b1`` and ``a x + b2``
      both prime; ``params = (a, b1, b2)``;
    * ``"prime-values"``: the primes ``a k^d + b`` for ``k = start, start + 1, ...``,
      in the order of ``k``; ``params = (a, b, d)``, or ``(a, b, 2, c)`` for
      ``a k^2 + c k + b``;
    * ``"digits"``: ``k >= start`` whose base-``b`` digits have a statistic
      equal to ``c``; ``params = (b, kind, d1, d2, c)`` (see
      :mod:`~sympy_recur.guessers.digit_lists`);
    * ``"smooth"``: ``k >= 1`` with no prime factor outside ``params``, a
      tuple of at most :data:`MAX_SMOOTH_PRIMES` primes below :data:`SMOOTH_PRIME_BOUND`.

    ``cost`` is the bits it takes to name the rule, ``evidence`` the bits of
    the data it explains (the subset it picks, and the digits of the values).
    """

    family: str
    domain: str
    start: int
    params: tuple
    cost: float
    evidence: float

    @property
    def saving(self) -> float:
        return self.evidence - self.cost


def is_member(rule: MemberRule, x: int) -> bool:
    """Whether ``x`` of the rule's domain belongs (for ``"prime-values"``: whether ``f(x)`` is prime)."""
    fam, p = rule.family, rule.params
    if fam == "residues":
        return x % p[0] in p[1] and isprime(x)
    if fam == "kronecker":
        D, s, with_divisors = p
        if not isprime(x):
            return False
        k = kronecker(D, x)
        return k == s or (with_divisors and k == 0)
    if fam == "smooth":
        return x >= 1 and _smooth_part(x, p) == x
    if fam == "digits":
        from .digit_lists import digit_statistic
        return digit_statistic(x, p) == p[4]
    if fam == "prime-pair":
        a, b1, b2 = p
        return (rule.domain == "integers" or isprime(x)) and isprime(a * x + b1) and isprime(a * x + b2)
    if fam == "prime-image":
        return (rule.domain == "integers" or isprime(x)) and isprime(form_value(p, x))
    return isprime(form_value(p, x))


def form_value(params: tuple, k):
    """``a k^d + b`` for ``params = (a, b, d)``, ``a k^2 + c k + b`` for ``(a, b, 2, c)`` (``k`` an int or a SymPy symbol)."""
    a, b, d = params[:3]
    return a * k ** d + b + (params[3] * k if len(params) > 3 else 0)


def members(rule: MemberRule) -> Iterator[int]:
    """The members in increasing order, without end."""
    x = rule.start
    if rule.family == "prime-values":
        while True:
            v = form_value(rule.params, x)
            if isprime(v):
                yield v
            x += 1
    if rule.family == "residues":
        # only the residues in S can hold members: step through them
        m, S = rule.params
        base = x - x % m
        while True:
            for r in S:
                if base + r >= x and isprime(base + r):
                    yield base + r
            base += m
    if rule.family == "smooth":
        yield from _smooth_members(rule.params, x)
        return
    if rule.family == "digits":
        from .digit_lists import digit_members
        yield from digit_members(rule.params, x)
        return
    while True:
        if is_member(rule, x):
            yield x
        x += 1


def _smooth_members(primes: tuple, start: int) -> Iterator[int]:
    """The numbers ``>= start`` with no prime factor outside ``primes``, increasing.

    Walking ``k = 1, 2, ...`` would take time exponential in the number of
    members (``3^i`` alone); a heap gives each member in ``O(len(primes) log)``.
    Each number is pushed once: multiplied only by primes no smaller than its
    largest factor.
    """
    heap = [(1, 0)]
    while True:
        x, i = heapq.heappop(heap)
        if x >= start:
            yield x
        for j in range(i, len(primes)):
            heapq.heappush(heap, (x * primes[j], j))


def subset_bits(N: int, L: int) -> float:
    """``log2 binomial(N, L)``: the bits that choose ``L`` members among ``N`` candidates."""
    if L < 0 or L > N:
        return 0.0
    return (math.lgamma(N + 1) - math.lgamma(L + 1) - math.lgamma(N - L + 1)) / math.log(2)


_TABLE = np.zeros(0, dtype=bool)


def prime_table(limit: int) -> np.ndarray:
    """Boolean array ``t`` with ``t[x]`` true iff ``x`` is prime, for ``0 <= x <= limit`` (at least).

    One sieve, grown by doubling and kept: the searches ask for many limits.
    """
    global _TABLE
    if limit > MAX_SIEVE:
        raise ValueError(f"sieve limit {limit} beyond {MAX_SIEVE}")
    if limit >= len(_TABLE):
        size = 1 << max(12, int(limit).bit_length())
        sieve = np.ones(size, dtype=bool)
        sieve[:2] = False
        for p in range(2, math.isqrt(size - 1) + 1):
            if sieve[p]:
                sieve[p * p::p] = False
        sieve.setflags(write=False)
        _TABLE = sieve
    return _TABLE


def _strictly_increasing(terms: list) -> bool:
    return all(b > a for a, b in zip(terms, terms[1:]))


def member_rules(terms: list, deadline=None) -> list[MemberRule]:
    """Rules whose first members are exactly ``terms``, best saving first.

    Each rule passed the search's own check on the whole range the terms
    span (with a sieve); the caller verifies it again by listing its members.
    """
    if len(terms) < 4 or any(getattr(t, "denominator", 1) != 1 for t in terms):
        return []
    terms = [int(t) for t in terms]
    if not _strictly_increasing(terms) or terms[0] < 0:
        return []
    out: list[MemberRule] = []
    L = len(terms)
    all_prime = all(isprime(t) for t in terms)
    if all_prime and terms[-1] <= MAX_SIEVE:
        primes = np.flatnonzero(prime_table(terms[-1])[: terms[-1] + 1])
        out += _residue_rules(terms, primes, deadline)
        out += _kronecker_rules(terms, primes, deadline)
        if len(primes) <= MAX_SPARSITY * L:
            out += _image_rules(terms, primes, "primes", deadline)
    if terms[-1] < MAX_SPARSITY * L:
        for start in (0, 1):
            if terms[0] >= start:
                out += _image_rules(terms, np.arange(start, terms[-1] + 1), "integers", deadline)
    if all_prime:
        out += _quadratic_value_rules(terms, deadline)
        out += _power_value_rules(terms, deadline)
    from .digit_lists import digit_rules
    out += digit_rules(terms, deadline)
    out += _smooth_rules(terms)
    out.sort(key=lambda r: (-r.saving, r.family, r.start, r.params))
    seen, unique = set(), []
    for r in out:
        # the integers from 0 and from 1 often give the same list
        if r.saving >= MIN_SAVING_BITS and (r.family, r.domain, r.params) not in seen:
            seen.add((r.family, r.domain, r.params))
            unique.append(r)
    return unique


def _check(deadline) -> None:
    if deadline is not None:
        deadline.check()


def _residue_rules(terms, primes, deadline) -> list[MemberRule]:
    """Primes in the residue classes mod ``m`` that the terms fall in, smallest fitting ``m``."""
    L, N = len(terms), len(primes)
    evidence = subset_bits(N, L)
    members_ = set(terms)
    others = [int(p) for p in primes if int(p) not in members_]
    if not others:
        return []  # all the primes: a plain nth_prime, found elsewhere
    for m in range(2, min(MAX_MODULUS, terms[-1]) + 1):
        if m % 64 == 0:
            _check(deadline)
        S = {t % m for t in terms}
        # the residues that hold primes: the units and the primes dividing m
        cost = FAMILY_BITS + math.log2(m) + subset_bits(_prime_residues(m), len(S))
        if evidence - cost < MIN_SAVING_BITS:
            continue
        if not _thin_class(terms, m) and all(p % m not in S for p in others):
            # the first m that fits; its multiples fit too, at a higher cost
            return [MemberRule("residues", "primes", 2, (m, tuple(sorted(S))), cost, evidence)]
    return []


def _thin_class(terms, m: int) -> bool:
    """Whether a class holds a single term (classes of a prime dividing ``m`` hold only that prime).

    A class seen once is a class fitted to one number, not a pattern.
    """
    counts = Counter(t % m for t in terms)
    return any(counts[t % m] == 1 and m % t != 0 for t in terms)


@lru_cache(maxsize=4096)
def _prime_residues(m: int) -> int:
    """Residues mod ``m`` that hold primes: the units, and the primes dividing ``m``."""
    units, primes, rest, p = m, 0, m, 2
    while p * p <= rest:
        if rest % p == 0:
            primes += 1
            units -= units // p
            while rest % p == 0:
                rest //= p
        p += 1
    if rest > 1:
        primes += 1
        units -= units // rest
    return units + primes


def _kronecker_rules(terms, primes, deadline) -> list[MemberRule]:
    """Primes at which the Kronecker symbol of one discriminant takes one value."""
    L, N = len(terms), len(primes)
    evidence = subset_bits(N, L)
    cost = FAMILY_BITS + math.log2(2 * MAX_DISCRIMINANT) + 2.0
    if evidence - cost < MIN_SAVING_BITS:
        return []
    members_ = set(terms)
    plist = [int(p) for p in primes]
    out = []
    for D in range(-MAX_DISCRIMINANT, MAX_DISCRIMINANT + 1):
        if D % 32 == 0:
            _check(deadline)
        if D >= 0 and math.isqrt(D) ** 2 == D:
            continue
        signs = set()
        for t in terms:
            signs.add(kronecker(D, t))
            if len(signs) == 3 or signs == {1, -1}:
                break
        nonzero = signs - {0}
        if len(nonzero) != 1:
            continue
        (s,) = nonzero
        with_divisors = 0 in signs
        if all((p in members_) == (kronecker(D, p) == s or (with_divisors and kronecker(D, p) == 0))
               for p in plist):
            out.append(MemberRule("kronecker", "primes", 2, (D, s, with_divisors), cost, evidence))
    return out[:2]


def _image_rules(terms, domain, domain_name, deadline) -> list[MemberRule]:
    """``x`` of the domain with ``a x^d + b`` prime, for ``d`` = 1, 2: all ``(a, b)`` at once, row by row."""
    L, N = len(terms), len(domain)
    evidence = subset_bits(N, L)
    if N <= L or evidence < MIN_SAVING_BITS:
        return []
    X = domain.astype(np.int64)
    member = np.isin(X, np.array(terms, dtype=np.int64))
    # Members first (a random value is rarely prime: they weed out most
    # pairs), then every row in turn; the survivors of all rows fit.
    rows = np.concatenate([np.flatnonzero(member), np.flatnonzero(~member)])
    start = int(X[0])
    out = []
    for d, max_a, max_b in ((1, MAX_LINEAR_A, MAX_LINEAR_B), (2, MAX_QUADRATIC_A, MAX_QUADRATIC_B)):
        _check(deadline)
        Xd = X ** d
        max_a = min(max_a, (MAX_SIEVE - max_b) // max(int(Xd[-1]), 1))
        if max_a < 1:
            continue
        table = prime_table(max_a * int(Xd[-1]) + max_b)
        a, b = _pair_grid(max_a, max_b)
        for i, row in enumerate(rows):
            if i == L and d == 1:
                # prime on every member: two such forms may be prime together exactly there
                out += _twin_image_rules(a, b, X[~member], table, domain_name, start, evidence)
            keep = table[np.maximum(a * Xd[row] + b, 0)] == member[row]
            a, b = a[keep], b[keep]
            if not len(a):
                break
            if i % 256 == 255:
                _check(deadline)
        for av, bv in list(zip(a.tolist(), b.tolist()))[:8]:
            cost = FAMILY_BITS + 3.0 + integer_bits(av) + integer_bits(bv) + (1.0 if d == 2 else 0.0)
            out.append(MemberRule("prime-image", domain_name, start, (av, bv, d), cost, evidence))
    return out


def _twin_image_rules(a, b, others, table, domain_name, start, evidence) -> list[MemberRule]:
    """``x`` with both ``a x + b1`` and ``a x + b2`` prime, from the pairs ``(a, b)`` prime on every member."""
    out = []
    for av in np.unique(a)[:MAX_TWIN_SLOPES]:
        bs = b[a == av]
        if len(bs) < 2 or len(bs) > MAX_TWIN_CANDIDATES:
            continue
        P = table[np.maximum(av * others[:, None] + bs[None, :], 0)].astype(np.int64)
        together = P.T @ P  # non-members where both forms are prime
        for i, j in zip(*np.nonzero(np.triu(together == 0, 1))):
            b1, b2 = int(bs[i]), int(bs[j])
            cost = FAMILY_BITS + 3.0 + integer_bits(int(av)) + integer_bits(b1) + integer_bits(b2)
            out.append(MemberRule("prime-pair", domain_name, start, (int(av), b1, b2), cost, evidence))
    return out


@lru_cache(maxsize=8)
def _pair_grid(max_a: int, max_b: int) -> tuple:
    """Every pair ``1 <= a <= max_a``, ``|b| <= max_b``, as two flat arrays."""
    a, b = np.meshgrid(np.arange(1, max_a + 1, dtype=np.int64),
                       np.arange(-max_b, max_b + 1, dtype=np.int64), indexing="ij")
    a, b = a.ravel(), b.ravel()
    a.setflags(write=False)
    b.setflags(write=False)
    return a, b


def _power_value_rules(terms, deadline) -> list[MemberRule]:
    """Primes of the form ``a k^d + b``, ``d`` = 3, 4, listed in the order of ``k``."""
    from sympy import integer_nthroot
    out = []
    for d in _POWER_DEGREES:
        _check(deadline)
        # k = 0 is allowed: b itself may be the first member
        for bv in range(-MAX_LINEAR_B, min(MAX_LINEAR_B, terms[0]) + 1):
            g = 0
            for t in terms:
                g = math.gcd(g, t - bv)
                if g == 1:
                    break
            if g == 0:
                continue
            for a in _small_divisors(g):
                if a > MAX_LINEAR_A:
                    break
                if not integer_nthroot((terms[-1] - bv) // a, d)[1]:
                    continue
                ks = []
                for t in terms:
                    k, exact = integer_nthroot((t - bv) // a, d)
                    if not exact:
                        break
                    ks.append(int(k))
                if len(ks) != len(terms) or not _strictly_increasing(ks):
                    continue
                rule = _listed_values(terms, ks, (a, bv, d))
                if rule is not None:
                    out.append(rule)
    return out


def _quadratic_value_rules(terms, deadline) -> list[MemberRule]:
    """Primes of the form ``a k^2 + c k + b`` (``-a < c <= a``), in the order of ``k``.

    ``4 a f(k) - (c^2 - 4ab) = (2ak + c)^2``: the first two terms fix the two
    squares through a factorisation of ``4 a (t_1 - t_0)``, and with them
    ``c^2 - 4ab``; every other term must then give a square too.
    """
    from sympy import factorint
    out = []
    gap = terms[1] - terms[0]
    if gap > 10 ** 12:
        return []
    gap_factors = factorint(gap)
    for a in range(1, MAX_QUADRATIC_A + 1):
        _check(deadline)
        N = 4 * a * gap
        factors = dict(gap_factors)
        for p, e in factorint(4 * a).items():
            factors[p] = factors.get(p, 0) + e
        for e in _divisors_up_to(factors, math.isqrt(N)):
            f = N // e
            if (e + f) % 2:
                continue
            s0 = (f - e) // 2
            D = s0 * s0 - 4 * a * terms[0]
            roots = []
            for t in terms:
                q = 4 * a * t + D
                r = math.isqrt(q) if q >= 0 else -1
                if r * r != q:
                    break
                roots.append(r)
            if len(roots) != len(terms):
                continue
            # r = |2ak + c|: the sign may flip at the first terms
            for c in {_centred(s0, 2 * a), _centred(-s0, 2 * a)}:
                if (c * c - D) % (4 * a):
                    continue
                b = (c * c - D) // (4 * a)
                ks = [next((k for k in ((r - c) // (2 * a), (-r - c) // (2 * a))
                            if k >= 0 and abs(2 * a * k + c) == r), None) for r in roots]
                if abs(b) > MAX_LINEAR_B * a or None in ks:
                    continue
                rule = _listed_values(terms, ks, (a, b, 2) if c == 0 else (a, b, 2, c))
                if rule is not None:
                    out.append(rule)
    return out


def _centred(x: int, m: int) -> int:
    """``x mod m`` in ``(-m/2, m/2]``."""
    r = x % m
    return r - m if 2 * r > m else r


def _listed_values(terms, ks, params) -> MemberRule | None:
    """The rule listing the primes ``form_value(params, k)`` from ``k = 0`` or ``1``, if ``terms`` are its first members."""
    chosen = set(ks)
    a, b, d = params[:3]
    for start in (0, 1):
        if ks[0] < start:
            continue
        rng = range(start, ks[-1] + 1)
        values = [form_value(params, k) for k in rng]
        if any(v2 <= v1 for v1, v2 in zip(values, values[1:])):
            continue  # not increasing: the list would not be in the order of k
        if any(isprime(v) != (k in chosen) for k, v in zip(rng, values)):
            continue
        evidence = subset_bits(len(rng), len(terms)) + sum(integer_bits(t) - integer_bits(k)
                                                           for t, k in zip(terms, ks))
        # a quadratic names its linear coefficient too, even when it is 0
        linear = integer_bits(params[3] if len(params) > 3 else 0) if d == 2 else 0.0
        cost = FAMILY_BITS + 3.0 + integer_bits(a) + integer_bits(b) + linear + math.log2(3)
        return MemberRule("prime-values", "integers", start, params, cost, evidence)
    return None


@lru_cache(maxsize=1024)
def _small_divisors(g: int) -> tuple:
    """The divisors of ``g`` up to :data:`MAX_LINEAR_A`, increasing."""
    return tuple(a for a in range(1, min(g, MAX_LINEAR_A) + 1) if g % a == 0)


def _smooth_rules(terms) -> list[MemberRule]:
    """The numbers made of a few given primes (``3^i 7^j``), when the terms are all of them up to the last."""
    from sympy import factorint, primepi
    if terms[0] < 1 or terms[-1] > MAX_SIEVE:
        return []
    primes: set = set()
    for t in terms:
        rest = t
        for p in primes:
            while rest % p == 0:
                rest //= p
        if rest > 1:
            primes |= set(factorint(rest, limit=SMOOTH_PRIME_BOUND))
            if len(primes) > MAX_SMOOTH_PRIMES or max(primes) >= SMOOTH_PRIME_BOUND:
                return []
    P = tuple(sorted(primes))
    if not P or _smooth_part(terms[-1], P) != terms[-1]:
        return []
    # every P-smooth number up to the last term, from the first one
    if list(takewhile(lambda x: x <= terms[-1], _smooth_members(P, terms[0]))) != terms:
        return []
    start = 1 if terms[0] == 1 else terms[0]
    evidence = subset_bits(terms[-1] - start + 1, len(terms))
    cost = FAMILY_BITS + subset_bits(int(primepi(SMOOTH_PRIME_BOUND)), len(P)) + (0.0 if start == 1 else integer_bits(start))
    return [MemberRule("smooth", "integers", start, P, cost, evidence)]


def _divisors_up_to(factors: dict, bound: int) -> list:
    """The divisors ``<= bound`` of the number with prime factorisation ``factors``."""
    divs = [1]
    for p, e in factors.items():
        divs = [d * p ** i for d in divs for i in range(e + 1) if d * p ** i <= bound]
    return divs
