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

Limitations
===========

The coefficient of ``u(n - 2)`` is 1 and the quotients are positive
(regular continued fractions); periods up to ``MAX_PERIOD``.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Iterator

from ..arithmetic import periodic_term
from ..candidate import Candidate, classify
from ..ranking import integer_bits
from ..symbols import n, u

__all__ = ["convergent_candidates", "MAX_PERIOD", "MIN_REPEATS"]

MAX_PERIOD = 11
MIN_REPEATS = 3   # quotients checked beyond the first period (tuned on the dev sets)
MAX_PREPERIOD = 1


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


def _candidate(period: list[int], start: int, pre: int) -> Candidate:
    p = len(period)
    # a(n) = c[n mod p], the first period beginning at index ``start``.
    c = [period[(r - start) % p] for r in range(p)]
    rhs = periodic_term(n, *c) * u(n - 1) + u(n - 2)
    return Candidate(rhs=rhs, kind=classify(rhs), source=f"continued-fraction:period{p}",
                     n_params=p, n_prefix=pre,
                     fit_bits=sum(integer_bits(x) for x in period) + math.log2(MAX_PERIOD))
