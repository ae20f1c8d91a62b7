"""``constant_identify``: from the digits of a number to the constant it is.

The flow is ``digits -> search families -> chance-match guard -> exact
check at higher precision -> ranking``; the families live in
:mod:`.search`, the guard in :mod:`.guard`.
"""

from __future__ import annotations

import math
import time
from typing import Any, Iterable

import mpmath
import sympy

from .._deadline import Deadline, DeadlineExceeded, check_time_limit

SEARCH_RESERVE_S = 0.6
from .basis import resolve_constants
from .guard import SAFETY_DIGITS, expression_complexity, explains, weight_cost
from .precision import Measurement, measure
from .result import ConstantCandidate
from .search import MODEL_WEIGHT, Context, plan, _Lazy

__all__ = ["constant_identify", "verify_candidates"]

#: Stop searching once a verified candidate explains this many digits more
#: than the guard demands: a later, simpler formula is then very unlikely.
STRONG_MARGIN = 4.0

#: Extra working digits beyond the input's, for transforms and lattices.
GUARD_DIGITS = 15

#: Transformed values outside this range are skipped: none of the searches
#: can explain them, and exact arithmetic on them would take unbounded time.
MIN_MAGNITUDE, MAX_MAGNITUDE = mpmath.mpf(10) ** -100, mpmath.mpf(10) ** 100

_PROFILE = None  # set to a list to record (family, start time) pairs


#: ``method="auto"`` asks the float model only when at least this many seconds remain
#: (``MODEL_LOAD_S`` when torch and the weights are not loaded yet: that takes about 2 s).
MODEL_MIN_S = 0.2
MODEL_LOAD_S = 3.0

#: In ``method="auto"`` with float weights installed, the classical searches stop this
#: share of the time limit (at most ``MODEL_RESERVE_S``) early, so the model has time left.
MODEL_RESERVE_SHARE, MODEL_RESERVE_S = 0.1, 0.5

#: Beam size of the float model's search (hypotheses per input).
MODEL_BEAM = 10

METHODS = ("auto", "classical", "model")


def constant_identify(x: Any, *, digits: int | None = None, constants: Any = None,
                      time_limit: float = 5.0, all: bool = False, method: str = "auto"):
    r"""Find the exact constant that a decimal number is, as a SymPy expression.

    Explanation
    ===========

    The number is run through a series of searches, cheap and likely ones
    first: rationals, quadratic irrationals, products of powers of primes
    and constants (``2^a 3^b pi^c e^d`` with rational exponents),
    rational-linear combinations of basis constants, the same searches on
    transforms of ``x`` (``1/x``, ``x^k``, ``sqrt(x)``, ``exp(x)``,
    ``log(x)``, ``b^x``, ``x/pi^k``...), algebraic numbers up to degree 8 and
    linear-fractional forms ``(a + b c)/(d + e c)``. A formula is accepted
    only if it explains clearly more digits than it took to write down (the
    chance-match guard), and only after it has been re-evaluated at higher
    precision and found to match every given digit. With too few digits the
    answer is ``None``, not a guess.

    Examples
    ========

    >>> from sympy_recur.constants import constant_identify
    >>> constant_identify("1.6449340668482264")
    pi**2/6
    >>> constant_identify("0.91596559417721901505")
    Catalan
    >>> constant_identify("2.7182818284590452354")
    E
    >>> constant_identify("1.4142135623730950488")
    sqrt(2)
    >>> constant_identify("0.414213562373095")
    -1 + sqrt(2)
    >>> constant_identify("0.123456789012345") is None
    True
    >>> [str(c) for c in constant_identify("3.14159265358979", all=True)][:1]
    ['pi']

    Parameters
    ==========

    x : str, decimal.Decimal, float, mpmath.mpf, sympy.Float, int, Rational
        The number. A decimal string is best: its significant digits are
        its precision (``"1.500"`` has four) and it is taken to be correct
        to within one unit of its last digit, rounded or truncated. A float
        counts as 16 digits, an ``mpf`` as ``mp.dps`` digits, a SymPy
        ``Float`` as its own precision. Exact integers and rationals are
        returned as SymPy numbers, and a decimal zero as ``0``.
    digits : int, optional
        Overrides the number of significant digits the input is trusted to.
    constants : iterable of SymPy expressions, optional
        The basis. The default, :data:`~.basis.DEFAULT_CONSTANTS`, holds pi,
        pi^2, pi^3, pi^4, 1/pi, 1/pi^2, e, 1/e, e^2, log 2, log 3, log 5,
        sqrt 2, sqrt 3, sqrt 5, zeta(3), zeta(5), Catalan's G, Euler's gamma,
        log of the golden ratio, log(1 + sqrt 2), pi*log 2, log(2)^2,
        pi*sqrt 3, and for products also the golden ratio, 1 + sqrt 2,
        Gamma(1/4) and Gamma(1/3). Rationals, algebraic numbers and powers of
        2, 3, 5 and 7 are always searched.
    time_limit : float
        Seconds; the call returns what was verified so far when it is up.
    all : bool
        If True, return the list of verified candidates, best first (a list
        of :class:`ConstantCandidate`, possibly empty) instead of the best
        expression or ``None``.
    method : str
        ``"classical"``: the searches above only. ``"model"``: only the
        closed forms proposed by the float transformer
        (:mod:`sympy_recur.model.propose_constant`; needs torch and the
        shipped weights, else :class:`ImportError`). ``"auto"`` (default):
        the classical searches, then, if they verified nothing and at least
        ``MODEL_MIN_S`` seconds remain, the model's proposals when torch
        and the weights are installed (silently skipped otherwise). Model
        proposals go through the same guard and high-precision check, with
        the prior weight ``MODEL_WEIGHT`` shared among them; those naming a
        constant (pi, E, EulerGamma) absent from ``constants`` are dropped.

    Algorithm
    =========

    Continued fractions for rationals; LLL lattice reduction for integer
    relations among ``[y, 1, c_1, c_2]``, among ``[1, y, ..., y^d]`` and among
    ``[log y, 1, pi, log pi, log 2, log 3, log 5, log 7, ...]``, where ``y``
    is ``x`` or a transform of it. A relation with coefficients ``c`` among
    ``k`` numbers is accepted when ``sum log10(2|c_i| + 1)``, plus the cost
    of the search family, plus a safety margin, is at most the number of
    digits ``y`` is known to (the criterion of Odrzywolek 2020: the number
    of tested formulas must stay well below one over the relative error).
    Candidates are ranked by that complexity.

    Limitations
    ===========

    Constants outside the basis and its transforms (Khinchin's constant,
    Bessel function values, roots of transcendental equations) are not
    found. Short inputs are refused rather than guessed: ten digits are
    not enough for a combination of two constants with two-digit
    coefficients.

    >>> constant_identify("-0.7157865291")  # (17*zeta(3) - 13*pi*log(2))/11: too few digits
    >>> constant_identify("-0.71578652911215680407", time_limit=60)
    -13*pi*log(2)/11 + 17*zeta(3)/11
    >>> import sympy
    >>> constant_identify("0.8332023532976919934", constants=[sympy.zeta(3)*sympy.log(2)], time_limit=60)
    log(2)*zeta(3)

    See Also
    ========

    verify_candidates, mpmath.identify, sympy.nsimplify

    References
    ==========

    .. [1] A. Odrzywolek, "Criteria for the numerical constant recognition",
       arXiv:2002.12690 (2020).
    .. [2] H. R. P. Ferguson, D. H. Bailey, S. Arno, "Analysis of PSLQ, an
       integer relation finding algorithm", Math. Comp. 68 (1999).
    """
    limit = check_time_limit(time_limit)
    # The clock is read between search steps, and one step (a PSLQ call plus
    # its high-precision check) can take ~0.4 s on a loaded machine: stop
    # searching early enough that the call still returns within its limit.
    deadline = Deadline(limit - min(SEARCH_RESERVE_S, 0.15 * limit))
    if not isinstance(all, bool):
        raise TypeError(f"all must be True or False, got {all!r}")
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(map(repr, METHODS))}, got {method!r}")
    m = measure(x, digits)
    basis = resolve_constants(constants)
    if method == "model":
        _require_model()
        found = _identify_model(m, deadline, basis)
    else:
        state = _model_state() if method == "auto" else "absent"
        search_deadline = deadline
        if state != "absent":
            search_deadline = deadline.sub(deadline.remaining() - min(MODEL_RESERVE_S, MODEL_RESERVE_SHARE * limit))
        found = _identify(m, basis, search_deadline, exhaustive=all)
        if (not found and state != "absent"
                and deadline.remaining() >= (MODEL_MIN_S if state == "loaded" else MODEL_LOAD_S)
                and _model_available()):
            found = _identify_model(m, deadline, basis)
    if all:
        return found
    return found[0].expr if found else None


def verify_candidates(x: Any, candidates: Iterable[sympy.Expr], *, digits: int | None = None,
                      time_limit: float = 5.0) -> list[ConstantCandidate]:
    """Run outside candidate expressions through the guard and the exact check.

    Explanation
    ===========

    This is where other sources of formulas (the transformer's float model)
    join the search: each expression must match all given digits when
    evaluated at higher precision, and must be simple enough for those
    digits. Its complexity is the digits needed to write it down plus the
    cost of the share of prior weight (``MODEL_WEIGHT``) that each of the
    ``len(candidates)`` proposals gets.

    Examples
    ========

    >>> import sympy
    >>> from sympy_recur.constants import verify_candidates
    >>> [c.expr for c in verify_candidates("1.6449340668482264", [sympy.pi**2/6, sympy.E])]
    [pi**2/6]

    Parameters
    ==========

    x, digits, time_limit
        As for :func:`constant_identify`.
    candidates : iterable of SymPy expressions
        Closed forms proposed for ``x``.

    See Also
    ========

    constant_identify
    """
    deadline = Deadline(check_time_limit(time_limit))
    m = measure(x, digits)
    exprs = []
    for c in candidates:
        if not isinstance(c, sympy.Basic):
            raise TypeError(f"candidate {c!r} is a {type(c).__name__}, not a SymPy expression")
        exprs.append(c)
    return _verify(m, exprs, deadline)


def _verify(m: Measurement, exprs: list, deadline: Deadline) -> list[ConstantCandidate]:
    """Guard and exact check of outside candidates sharing the prior weight ``MODEL_WEIGHT``."""
    if m.exact or m.value == 0 or not exprs:
        return []
    cost = weight_cost(MODEL_WEIGHT / len(exprs))
    checker = _Checker(m, deadline)
    out = {}
    try:
        for e in exprs:
            deadline.check()
            checker.offer(e, expression_complexity(e) + cost, "model", m.relative_digits, out)
    except DeadlineExceeded:
        pass
    return _ranked(out)


def _model_state() -> str:
    """Where the float model is, without loading it: "absent", "on disk" or "loaded"."""
    try:
        from ..model.propose_constant import float_model_state
    except Exception:  # noqa: BLE001
        return "absent"
    return float_model_state()


def _model_available() -> bool:
    try:
        from ..model.propose_constant import float_model_available
    except Exception:  # noqa: BLE001 - a broken optional dependency means no model
        return False
    return float_model_available()


def _require_model() -> None:
    try:
        import torch  # noqa: F401
        import safetensors  # noqa: F401
    except ImportError as exc:
        raise ImportError("constant_identify(method='model') needs torch and safetensors "
                          "(pip install 'sympy-recur[model]')") from exc
    if not _model_available():
        raise ImportError("constant_identify(method='model'): the float model weights "
                          "(sympy_recur/weights/float_model.safetensors) are missing or unreadable")


def _identify_model(m: Measurement, deadline: Deadline, basis=()) -> list[ConstantCandidate]:
    """The float model's proposals for ``x``, verified like every other candidate.

    Proposals naming a constant (pi, E, EulerGamma) that no basis constant
    contains are dropped: a user basis restricts the model too.
    """
    if m.exact:
        return [ConstantCandidate(sympy.Rational(m.value.numerator, m.value.denominator), 0, 0, "exact")]
    if m.value == 0:
        return [ConstantCandidate(sympy.S.Zero, 0, 0, "zero")]
    from ..model.propose_constant import propose_constant

    exprs = propose_constant(m.value, beam_size=MODEL_BEAM, time_limit=max(0.05, deadline.remaining() * 0.6))
    allowed = set().union(*(c.expr.atoms(sympy.NumberSymbol) for c in basis))
    exprs = [e for e in exprs if e.atoms(sympy.NumberSymbol) <= allowed]
    return _verify(m, exprs, deadline)


class _Checker:
    """The exact check: evaluate at higher precision, compare with every given digit."""

    def __init__(self, m: Measurement, deadline: Deadline):
        self.m, self.deadline = m, deadline
        self.dps = int(math.ceil(m.relative_digits + math.log10(abs(float(m.value))) + 20)) \
            if m.value else 30
        self.dps = max(self.dps, m.digits + 20, 30)

    def offer(self, expr, complexity: float, method: str, digits: float, out: dict) -> ConstantCandidate | None:
        if not explains(complexity, digits):
            return None
        if isinstance(expr, _Lazy):
            expr = expr()
            if expr is None:
                return None
        previous = out.get(expr)
        if previous is not None and previous.complexity <= complexity:
            return None
        try:
            value = expr.evalf(self.dps)
        except Exception:  # a formula SymPy cannot evaluate is not an answer
            return None
        if not value.is_Float:
            re, im = value.as_real_imag()
            if not re.is_Float or abs(im) > sympy.Float(10) ** (-self.dps + 5):
                return None
            value = re
        with mpmath.workdps(self.dps):
            v = value._to_mpmath(mpmath.mp.prec)
            x = mpmath.mpf(self.m.value.numerator) / self.m.value.denominator
            tol = mpmath.mpf(self.m.tol.numerator) / self.m.tol.denominator
            diff = abs(v - x)
            if diff > tol:
                return None
            error = diff / abs(x)
        cand = ConstantCandidate(expr, sympy.Float(error, 3), complexity, method)
        out[expr] = cand
        return cand


def _ranked(out: dict) -> list[ConstantCandidate]:
    return sorted(out.values(), key=lambda c: (float(c.complexity), sympy.count_ops(c.expr), sympy.sstr(c.expr)))


def _identify(m: Measurement, basis, deadline: Deadline, *, exhaustive: bool) -> list[ConstantCandidate]:
    if m.exact:
        r = sympy.Rational(m.value.numerator, m.value.denominator)
        return [ConstantCandidate(r, 0, 0, "exact")]
    if m.value == 0:
        return [ConstantCandidate(sympy.S.Zero, 0, 0, "zero")]
    digits = m.relative_digits
    dps = int(math.ceil(digits)) + GUARD_DIGITS
    checker = _Checker(m, deadline)
    out: dict = {}
    best = math.inf
    try:
        with mpmath.workdps(dps):
            x = mpmath.mpf(m.value.numerator) / m.value.denominator
            dx = mpmath.mpf(m.tol.numerator) / m.tol.denominator
            ctx = Context(x, dx, dps, basis, digits)
            for family in plan(ctx):
                deadline.check()
                if _PROFILE is not None:
                    _PROFILE.append((family.name, time.perf_counter()))
                y, dy = _propagate(family.transform.forward, x, dx)
                if y is None or not MIN_MAGNITUDE < abs(y) < MAX_MAGNITUDE:
                    continue  # exp(3e9) has no useful closed form, and its exact value is huge
                y_digits = _digits(y, dy)
                cost = weight_cost(family.weight)
                if not explains(cost, y_digits):
                    continue
                # no coefficient can be larger than what the guard could still accept
                budget = y_digits + 2 - SAFETY_DIGITS - cost  # + 2: terms may cancel
                max_coeff = int(10 ** min(budget, 30) / 2)
                for expr_y, complexity, label, scale in family.search(y, dy, ctx, max_coeff):
                    total = complexity + cost
                    f_digits = _digits(scale, dy)
                    if not explains(total, f_digits):
                        continue
                    deadline.check()
                    expr = _Lazy(_apply, family.transform.inverse, expr_y)
                    cand = checker.offer(expr, total, f"{family.name}/{label}", f_digits, out)
                    if cand is not None:
                        best = min(best, total)
                if not exhaustive and best + SAFETY_DIGITS + STRONG_MARGIN <= digits:
                    break
    except DeadlineExceeded:
        pass
    return _ranked(out)


def _apply(inverse, expr_y):
    if isinstance(expr_y, _Lazy):
        expr_y = expr_y()
        if expr_y is None:
            return None
    try:
        return inverse(expr_y)
    except Exception:
        return None


def _propagate(f, x, dx):
    """``f(x)`` and a bound on its error when ``x`` is off by up to ``dx``."""
    try:
        y = f(x)
        lo, hi = f(x - dx), f(x + dx)
    except (ValueError, ZeroDivisionError, OverflowError):
        return None, None
    if not all(isinstance(v, mpmath.mpf) and mpmath.isfinite(v) for v in (y, lo, hi)):
        return None, None
    return y, max(abs(hi - y), abs(lo - y))


def _digits(y, dy) -> float:
    if y == 0:
        return -math.inf
    if dy == 0:
        return math.inf
    return float(mpmath.log10(abs(y) / dy))
