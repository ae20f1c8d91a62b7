"""The exact check every candidate must pass before it is returned.

A candidate is run forward from its initial values with exact rational
arithmetic and must reproduce every given term. Because a source may have
*fitted* some numbers to the same data, reproducing the data is not enough:
after the initial values and the fitted parameters, at least ``min_checks``
terms, carrying at least ``min_check_bits`` bits of information, must be
left over and reproduced too. Otherwise an ansatz with as many unknowns as
data points "explains" any list, random ones included.
"""

from __future__ import annotations

from fractions import Fraction

from ._deadline import Deadline
from .candidate import Candidate
from .evaluate import EvaluationError, compile_rhs, lags_of
from .ranking import description_length, integer_bits
from .recurrence import Recurrence

__all__ = ["verify", "MIN_CHECKS", "MIN_CHECK_BITS"]

MIN_CHECKS = 2          # terms reproduced beyond the fit
MIN_CHECK_BITS = 12.0   # information those terms carry (0/1 sequences need more terms)
MAX_SINGULAR = 2        # given indices where a P-recursive rule may be undefined
PREDICT_AHEAD = 10      # a rule must also be able to continue the sequence this far


def verify(cand: Candidate, terms: list[int | Fraction], offset: int, *,
           deadline: Deadline | None = None, min_checks: int = MIN_CHECKS,
           min_check_bits: float = MIN_CHECK_BITS) -> Recurrence | None:
    """Return the verified :class:`Recurrence` for ``cand``, or ``None``."""
    try:
        lags = lags_of(cand.rhs)
        f = compile_rhs(cand.rhs)
    except (ValueError, TypeError):
        return None
    d = max(lags, default=0)
    N = len(terms)
    given_until = cand.n_prefix + d  # indices [0, given_until) are initial values
    computed: list = []
    initial: dict[int, int | Fraction] = {}
    singular = 0
    for i in range(N + PREDICT_AHEAD):
        if deadline is not None and i % 8 == 0 and deadline.expired():
            return None
        idx = offset + i
        if i < given_until:
            v = terms[i]
            initial[idx] = v
        else:
            prev = {j: computed[i - j] for j in lags}
            try:
                v = f(idx, prev)
            except EvaluationError:
                if i >= N or not cand.allow_singular or singular >= MAX_SINGULAR:
                    return None
                singular += 1
                v = terms[i]
                initial[idx] = v
            else:
                if i < N and v != terms[i]:
                    return None
        computed.append(v)
    n_checks = N - len(initial) - cand.n_params
    if n_checks < min_checks:
        return None
    check_bits = sum(integer_bits(v) for v in terms[N - n_checks:])
    if check_bits < min_check_bits:
        return None
    complexity = description_length(cand.rhs, initial.values())
    return Recurrence(cand.rhs, order=d, initial=initial, offset=offset, kind=cand.kind,
                      source=cand.source, complexity=complexity, n_given=N,
                      n_checks=n_checks, _compiled=f, _cache=computed)
