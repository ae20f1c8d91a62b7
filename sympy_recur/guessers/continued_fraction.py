r"""Continued-fraction convergents: ``u(n) = a(n) u(n-1) + u(n-2)`` with periodic ``a(n)``.

Explanation
===========

The numerators and the denominators of the convergents of a continued
fraction ``[a_0; a_1, a_2, ...]`` both obey ``u(n) = a_n u(n-1) + u(n-2)``.
By Lagrange's theorem the partial quotients of a quadratic irrational
(``sqrt(13) = [3; 1, 1, 1, 1, 6, ...]``) are eventually periodic, so such a
sequence is fixed by two initial terms and one period of quotients: far
less data than the equivalent constant-coefficient recurrence, of order
twice the period, needs. Every quotient ``(u(n) - u(n-2)) / u(n-1)`` is read
off the data; all must be positive integers, periodic after at most one
exceptional value (the integer part ``a_0``), and the period must repeat
on ``MIN_REPEATS`` more quotients than it took to read it. The result's
kind is "p-recursive": the sequence is holonomic (indeed C-finite), though
the rule's coefficient is periodic rather than polynomial in ``n``.

Square roots need no repeats at all: the continued fraction of
``sqrt(D)`` is ``[a_0; a_1, ..., a_{p-1}, 2 a_0, a_1, ...]`` with a
palindromic ``a_1, ..., a_{p-1}``, and ``D`` lies between ``a_0**2`` and
``(a_0 + 1)**2``. So once ``a_0`` is known (the first term of a list of
quotients, the first numerator, or half the largest quotient, which closes
each period) there are only ``2 a_0`` values of ``D`` to try, and a single
number explains quotients, numerators and denominators whatever the length
of the period. :func:`sqrt_candidates` tries them.

Limitations
===========

The coefficient of ``u(n - 2)`` is 1 and the quotients are positive
(regular continued fractions); periods up to ``MAX_PERIOD`` read off the
data, or up to ``MAX_SQRT_PERIOD`` for square roots with ``a_0`` at most
``MAX_SQRT_A0``.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Iterator

from ..arithmetic import periodic_term
from ..candidate import Candidate, classify
from ..ranking import integer_bits
from ..symbols import n, u

__all__ = ["convergent_candidates", "sqrt_candidates", "sqrt_quotients", "numerator_quotients",
           "denominator_quotients", "fractional_part_guess",
           "MAX_PERIOD", "MIN_REPEATS"]

MAX_PERIOD = 11
MIN_REPEATS = 3   # quotients checked beyond the first period (tuned on the dev sets)
MAX_PREPERIOD = 1
MAX_SQRT_A0 = 2000       # integer parts of sqrt(D) tried (2 a_0 values of D each)
MAX_SQRT_PERIOD = 120    # longer periods would make an unreadable rule


def partial_quotients(terms: list) -> list[int] | None:
    """``(u(n) - u(n-2)) / u(n-1)`` for ``n >= 2``, or ``None`` unless all are positive integers."""
    out = []
    for i in range(2, len(terms)):
        if terms[i - 1] == 0:
            return None
        q = Fraction(terms[i] - terms[i - 2]) / terms[i - 1]
        if q.denominator != 1 or q <= 0:
            return None
        out.append(int(q))
    return out


def convergent_candidates(terms: list, offset: int) -> Iterator[Candidate]:
    """Yield the rule with the shortest period (then the shortest pre-period) that fits, if any."""
    quotients = partial_quotients(terms)
    if quotients is None:
        return
    for p in range(2, MAX_PERIOD + 1):  # period 1 is a constant-coefficient rule: the ansatz's
        for pre in range(MAX_PREPERIOD + 1):
            body = quotients[pre:]
            if len(body) - p < MIN_REPEATS:
                continue
            if all(body[i] == body[i - p] for i in range(p, len(body))):
                yield _candidate(body[:p], offset + 2 + pre, pre)
                return


def _candidate(period: list[int], start: int, pre: int, *, source: str | None = None,
               n_params: int | None = None, fit_bits: float | None = None) -> Candidate:
    p = len(period)
    rhs = _periodic(period, start) * u(n - 1) + u(n - 2)
    if fit_bits is None:
        fit_bits = sum(integer_bits(x) for x in period) + math.log2(MAX_PERIOD)
    return Candidate(rhs=rhs, kind=classify(rhs), source=source or f"continued-fraction:period{p}",
                     n_params=p if n_params is None else n_params, n_prefix=pre, fit_bits=fit_bits)


def _periodic(period: list[int], start: int):
    """``c[n mod p]`` equal to ``period[k - start]`` at ``n = k``, for every ``k >= start``."""
    p = len(period)
    return periodic_term(n, *[period[(r - start) % p] for r in range(p)])


def sqrt_quotients(D: int) -> Iterator[int]:
    """The partial quotients ``a_0, a_1, ...`` of ``sqrt(D)``, ``D`` a positive non-square.

    Examples
    ========

    >>> from itertools import islice
    >>> from sympy_recur.guessers.continued_fraction import sqrt_quotients
    >>> list(islice(sqrt_quotients(13), 8))
    [3, 1, 1, 1, 1, 6, 1, 1]
    """
    a0 = math.isqrt(D)
    if a0 * a0 == D:
        raise ValueError(f"{D} is a perfect square")
    # The complete quotients are (sqrt(D) + m) / d with integers m, d.
    m, d, a = 0, 1, a0
    yield a0
    while True:
        m = d * a - m
        d = (D - m * m) // d
        a = (a0 + m) // d
        yield a


def _sqrt_period(D: int) -> list[int] | None:
    """``a_1, ..., a_p`` (the period, which ends with ``2 a_0``), or ``None`` if too long."""
    it = sqrt_quotients(D)
    a0 = next(it)
    period = []
    for a in it:
        period.append(a)
        if a == 2 * a0:
            return period
        if len(period) >= MAX_SQRT_PERIOD:
            return None
    raise AssertionError("unreachable")


def _radicands(a0: int) -> range:
    """The non-squares ``D`` with integer part ``a0`` (none beyond ``MAX_SQRT_A0``)."""
    if not 1 <= a0 <= MAX_SQRT_A0:
        return range(0)
    return range(a0 * a0 + 1, (a0 + 1) ** 2)


def _starts_with(quotients: Iterator[int], expected: list[int]) -> bool:
    return all(next(quotients) == e for e in expected)


def sqrt_candidates(terms: list, offset: int) -> Iterator[Candidate]:
    """Rules fixed by one square root ``sqrt(D)``: its quotients, or its convergents.

    Yields the quotients as a periodic closed form after ``u(offset) = a_0``
    if ``terms`` are ``a_0, a_1, ...``; otherwise the convergent rule
    ``u(n) = a(n) u(n-1) + u(n-2)`` with the whole period of ``sqrt(D)``
    if the quotients read off ``terms`` are a stretch of it.
    """
    if all(isinstance(t, int) and t > 0 for t in terms):
        a0 = terms[0]
        for D in _radicands(a0):
            period = _sqrt_period(D) if _starts_with(sqrt_quotients(D), terms) else None
            if period is not None:
                # Only D is chosen (out of 2 a_0); a_0 is the given first term.
                rhs = _periodic(period, offset + 1)
                yield Candidate(rhs=rhs, kind=classify(rhs), source=f"continued-fraction:sqrt({D})",
                                n_params=1, n_prefix=1, fitted_initial=1,
                                fit_bits=math.log2(2 * a0 + 1) + 1)
                return
    obs = partial_quotients(terms)
    if not obs:
        return
    for radicands, agrees in _convergent_hypotheses(terms, obs):
        for D in radicands:
            if math.isqrt(D) ** 2 == D or not agrees(sqrt_quotients(D)):
                continue
            period = _sqrt_period(D)
            if period is None:
                continue
            p = len(period)
            for r in range(p):
                if all(obs[j] == period[(r + j) % p] for j in range(len(obs))):
                    aligned = [period[(r + j) % p] for j in range(p)]
                    # Choosing D is worth about log2(D) bits whichever way it was found.
                    yield _candidate(aligned, offset + 2, 0, source=f"continued-fraction:sqrt({D})",
                                     n_params=1, fit_bits=math.log2(D) + 1)
                    return


def numerator_quotients(terms: list, obs: list[int]) -> list[int] | None:
    """``a_0, a_1, ...`` if ``terms`` are numerators from the start, ``u(0) = a_0``, ``u(1) = a_0 a_1 + 1``.

    ``obs`` are the quotients :func:`partial_quotients` read off ``terms``
    (``a_2, a_3, ...``); ``None`` if the first two terms do not fit.
    """
    a0, second = terms[0], terms[1]
    if isinstance(a0, int) and a0 > 0 and (second - 1) % a0 == 0:
        return [a0, (second - 1) // a0] + obs
    return None


def denominator_quotients(terms: list, obs: list[int]) -> list[int] | None:
    """``a_1, a_2, ...`` if ``terms`` are denominators from the start, ``u(0) = 1``, ``u(1) = a_1``."""
    if terms[0] == 1 and isinstance(terms[1], int) and terms[1] > 0:
        return [terms[1]] + obs
    return None


def fractional_part_guess(tail: list[int]) -> float:
    """``1/x_1`` for the complete quotient ``x_1 = [a_1; a_2, ...]`` of the given quotients.

    It is the fractional part of the number whose continued fraction goes on
    with ``tail``, known to about ``1/k**2`` for the last denominator ``k``:
    a guess only (a float), which the exact test of each candidate follows.
    """
    x1 = Fraction(tail[-1])
    for q in reversed(tail[:-1]):
        x1 = q + 1 / x1
    return float(1 / x1)


def _convergent_hypotheses(terms: list, obs: list[int]):
    """``(radicands, test)`` pairs: ``test(quotients of sqrt(D))`` checks ``obs`` against them."""
    head = numerator_quotients(terms, obs)
    if head is not None:
        yield _radicands(head[0]), lambda q: _starts_with(q, head)
    # Denominators: sqrt(D) = a_0 + 1/x_1, one D to try for each a_0.
    tail = denominator_quotients(terms, obs)
    if tail is not None:
        lowest = max(1, (max(obs) + 1) // 2)
        y = fractional_part_guess(tail)
        yield ((round((b + y) ** 2) for b in range(lowest, MAX_SQRT_A0 + 1)),
               lambda q: next(q) > 0 and _starts_with(q, tail))
    # Anywhere else: the largest quotient 2 a_0 closes a period, and the
    # quotients on both sides of it read a_1, a_2, ... (the period is a palindrome).
    top = max(obs)
    if top % 2 == 0:
        i = obs.index(top)
        after, before = obs[i + 1:], obs[:i][::-1]

        def agrees(q):
            next(q)
            for j in range(max(len(after), len(before))):  # stops at the first difference
                a = next(q)
                if (j < len(after) and after[j] != a) or (j < len(before) and before[j] != a):
                    return False
            return True
        yield _radicands(top // 2), agrees
