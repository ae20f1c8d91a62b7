r"""Functions of the digits of the index: ``u(n) = m digits_value(n + s, b, B, z)``, ``n XOR c``.

Explanation
===========

"``n`` written in base 3", "numbers whose decimal digits are all 1, 2 or
3" (``n`` in bijective base 3, read in base 10) and "``n`` Nim-sum 19" are
no recurrence in ``n`` and no arithmetic function of it: they rewrite the
digits of ``n``. This source tries the functions of a small table at the
index shifted by ``s`` and keeps one that reproduces every term, times a
multiplier read off the first nonzero term. Nothing else is fitted, so the
evidence is the data minus the few bits that pick the function.

Limitations
===========

Base ``b`` from 2 to 9, read in base ``B = 10`` ("``n`` written in base
``b``"); constants ``c`` of the exclusive or below ``MAX_XOR``; shifts ``s``
in ``SHIFTS``; nonnegative indices. Below ``b**2`` a base-``b`` rewrite is
``n + (10 - b) floor(n / b)``, which lists of "numbers with a property" also
follow for a while (``0, ..., 8, 10, 11, ...``): the data must reach ``2 b``
(two carries) before a rewrite is tried. On the dev sets a table with every
pair of bases ``b, B`` and a single carry gave 7 right and 6 wrong answers.
"""

from __future__ import annotations

import math
from typing import Iterator

from ..arithmetic import EXACT, MAX_ARGUMENT, bitwise_xor, digits_value
from ..candidate import Candidate
from ..ranking import integer_bits
from ..symbols import n

__all__ = ["index_digit_candidates", "FUNCTIONS"]

BASES = range(2, 10)
READ_BASE = 10
MAX_XOR = 128
SHIFTS = (0, 1, 2)

_digits = EXACT[digits_value]
_xor = EXACT[bitwise_xor]

#: (SymPy builder of F(x), exact F on ints) for every function of the table.
#: The third entry is the smallest index the data must reach for the function to be tried.
FUNCTIONS = (
    [(lambda x, b=b, z=z: digits_value(x, b, READ_BASE, z), lambda i, b=b, z=z: _digits(i, b, READ_BASE, z),
      2 * b + z) for z in (0, 1) for b in BASES]
    + [(lambda x, c=c: bitwise_xor(x, c), lambda i, c=c: _xor(i, c), 0) for c in range(1, MAX_XOR)]
)
CHOICE_BITS = math.log2(len(FUNCTIONS) * len(SHIFTS))


def index_digit_candidates(terms: list, offset: int) -> Iterator[Candidate]:
    """Yield ``m F(n + s)`` for the first function and shift that reproduce every term.

    Examples
    ========

    >>> from sympy_recur.guessers.digit_functions import index_digit_candidates
    >>> [c.rhs for c in index_digit_candidates([k ^ 6 for k in range(12)], 0)]
    [bitwise_xor(n, 6)]
    >>> [c.rhs for c in index_digit_candidates([1, 2, 3, 11, 12, 13, 21, 22, 23, 31], 1)]
    [digits_value(n, 3, 10, 1)]
    """
    if not all(isinstance(t, int) and t >= 0 for t in terms) or not any(terms):
        return
    first = next(i for i, t in enumerate(terms) if t)
    for s in SHIFTS:
        start = offset + s
        if start < 0 or start + len(terms) > MAX_ARGUMENT:
            continue
        for build, exact, reach in FUNCTIONS:
            if start + len(terms) - 1 < reach:
                continue
            base = exact(start + first)
            if base == 0 or terms[first] % base:
                continue
            m = terms[first] // base
            if all(m * exact(start + i) == t for i, t in enumerate(terms)):
                rhs = m * build(n + s)
                yield Candidate(rhs=rhs, kind="closed-form", source="digit-function",
                                n_params=1 + (m != 1),
                                fit_bits=CHOICE_BITS + (integer_bits(m) if m != 1 else 0))
                return
