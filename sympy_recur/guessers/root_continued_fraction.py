r"""Continued fractions of ``q``-th roots: their quotients and their convergents.

Explanation
===========

``2**(1/3) = [1; 3, 1, 5, 1, 1, 4, 1, 1, 8, ...]`` has no periodic quotients
(only quadratic irrationals do), so no rule read off the data continues
them; but the single number ``D`` behind ``D**(1/q)`` does. Its integer
part is the first quotient (or the first numerator ``u(0)`` of the
convergents), which leaves about ``q a_0**(q-1)`` values of ``D`` to try;
for denominators ``1, a_1, ...`` the quotients read off the data give the
complete quotient ``x_1`` and ``D = (a_0 + 1/x_1)**q``, one value per
``a_0``. Each surviving ``D`` gives the closed form
``u(n) = root_quotient(n - offset, D, q)`` or the convergent rule
``u(n) = root_quotient(n - offset, D, q) u(n-1) + u(n-2)``, both evaluated
exactly (see :class:`~sympy_recur.arithmetic.root_quotient`).

Limitations
===========

``q`` in ``ROOTS`` (square roots are :mod:`.continued_fraction`'s, with
their periods), at most ``MAX_CANDIDATES`` values of ``D`` per hypothesis.
"""

from __future__ import annotations

import math
from typing import Iterator

import sympy

from ..arithmetic import root_quotient, root_quotients
from ..candidate import Candidate
from ..symbols import n, u
from .continued_fraction import (denominator_quotients, fractional_part_guess, numerator_quotients,
                                 partial_quotients)

__all__ = ["root_candidates", "ROOTS"]

ROOTS = (3, 4, 5)
MAX_CANDIDATES = 4000
MAX_A0 = 2000


def _is_power(D: int, q: int) -> bool:
    return sympy.integer_nthroot(D, q)[1]


def _range(a0: int, q: int):
    if a0 < 1 or (a0 + 1) ** q - a0 ** q > MAX_CANDIDATES:
        return range(0)
    return range(a0 ** q + 1, (a0 + 1) ** q)


def _found(D: int, q: int, quotients: list[int], start: int) -> bool:
    if _is_power(D, q):
        return False
    # Two quotients rule out almost every D; the rest are compared on prefixes
    # four times longer each time, so a wrong D costs little however long
    # the data (the exact quotients cost more bits the further they go).
    count = 2
    while True:
        count = min(count, len(quotients))
        if root_quotients(D, q, start + count)[start:] != quotients[:count]:
            return False
        if count == len(quotients):
            return True
        count *= 4


def _choice_bits(D: int) -> float:
    return math.log2(D) + math.log2(len(ROOTS)) + 1


def root_candidates(terms: list, offset: int) -> Iterator[Candidate]:
    """Yield the first root whose quotients or convergents are ``terms``."""
    if all(isinstance(t, int) and t > 0 for t in terms):
        for q in ROOTS:
            for D in _range(terms[0], q):
                if _found(D, q, terms, 0):
                    rhs = root_quotient(n - offset, D, q)
                    yield Candidate(rhs=rhs, kind="closed-form", source=f"continued-fraction:root({D},{q})",
                                    n_params=1, fit_bits=_choice_bits(D))
                    return
    obs = partial_quotients(terms)
    if not obs:
        return

    def convergents(D: int, q: int) -> Candidate:
        return Candidate(rhs=root_quotient(n - offset, D, q) * u(n - 1) + u(n - 2), kind="p-recursive",
                         source=f"continued-fraction:root({D},{q})", n_params=1, fit_bits=_choice_bits(D))

    head = numerator_quotients(terms, obs)
    tail = denominator_quotients(terms, obs)
    y = None if tail is None else fractional_part_guess(tail)
    for q in ROOTS:
        if head is not None:
            for D in _range(head[0], q):
                if _found(D, q, head, 0):
                    yield convergents(D, q)
                    return
        # Denominators: D**(1/q) = a_0 + 1/x_1, one D for each a_0.
        if tail is not None:
            for b in range(1, MAX_A0 + 1):
                D = round((b + y) ** q)
                if D >= 2 and _found(D, q, tail, 1):
                    yield convergents(D, q)
                    return
