r"""Infinite-product generating functions: the Euler transform.

Explanation
===========

Partition-like sequences have generating functions

.. math:: \sum_{n \ge 0} a(n) x^n = a(0) \prod_{k \ge 1} (1 - x^k)^{-b(k)}

with a simple exponent sequence ``b`` (``b = 1``: partitions; ``b``
periodic: products such as ``prod (1 + x^k)``; ``b = k``: plane
partitions). No recurrence of fixed order describes ``a``, but ``b`` is
determined by ``a`` term by term (the inverse Euler transform), so the
search for ``a``'s rule becomes a search for ``b``'s: any source that finds
a verified rule for ``b`` yields the product for ``a``, and ``a`` follows
from the full-history recurrence

.. math:: n\,a(n) = \sum_{k=1}^{n} c(k)\, a(n-k), \qquad c(k) = \sum_{d \mid k} d\, b(d).

Only integer exponents are accepted: integrality is what makes a product
credible, and rational ``b`` from arbitrary data would not be.

References
==========

.. [1] N. J. A. Sloane, S. Plouffe, "The Encyclopedia of Integer
   Sequences", 1995, section 2.7 (the EULER transform).
"""

from __future__ import annotations

from fractions import Fraction
import math
from math import comb

import sympy

from ..arithmetic import divisors
from ..symbols import n, u

__all__ = ["inverse_euler", "euler_terms", "inverse_exponential", "exponential_terms",
           "divisor_sum_candidate", "MAX_PRODUCT_FACTORS",
           "exponential_rhs", "divisor_weights", "exponent_expression",
           "full_history_rhs", "EULER_BITS", "inverse_reciprocal_exponential",
           "reciprocal_exponential_terms", "reciprocal_exponential_rhs"]

# Writing "the product over k of (1 - x^k)^(-b(k))" around b's rule: two
# operators, like any other transform.
EULER_BITS = 8.0

# Eta quotients and theta series are products of a few factors
# f(x^d) = prod_m (1 - x^(d m)) with small d and small powers. Bounds tuned
# once on the dev sets: with 15 terms, 4 factors, d <= 8 and total power
# 16 gave 6 right and no wrong answer; wider bounds (5 factors, d up to 10,
# power 25) added 2 right and 3 wrong.
MAX_PRODUCT_FACTORS = 4
MAX_FACTOR_INDEX = 8
MAX_TOTAL_POWER = 16

k = sympy.Symbol("k", integer=True, positive=True)
d = sympy.Symbol("d", integer=True, positive=True)


def divisor_weights(b: list) -> list:
    """``c(k) = sum_{d | k} d b(d)`` for ``k = 1 .. len(b)`` (``b[0]`` is ``b(1)``)."""
    return [sum(q * b[q - 1] for q in divisors(m)) for m in range(1, len(b) + 1)]


def _poll(deadline, m: int) -> None:
    if deadline is not None and m % 8 == 0:
        deadline.check()


def inverse_euler(terms: list, deadline=None) -> list[Fraction] | None:
    """Exponents ``b(1), ..., b(N-1)`` of ``terms`` read as ``a(0) prod (1-x^k)^(-b(k))``.

    ``None`` when ``a(0) = 0`` (no such product). The work is quadratic in
    the number of terms on numbers that grow with them: a ``deadline`` is
    polled as it goes (:class:`~sympy_recur._deadline.DeadlineExceeded`).

    Examples
    ========

    >>> from sympy_recur.guessers.euler import inverse_euler
    >>> [int(v) for v in inverse_euler([1, 1, 2, 3, 5, 7, 11, 15])]  # partitions
    [1, 1, 1, 1, 1, 1, 1]
    """
    if not terms or terms[0] == 0:
        return None
    a = [Fraction(t) / Fraction(terms[0]) for t in terms]
    c: list[Fraction] = [Fraction(0)]
    b: list[Fraction] = []
    for m in range(1, len(a)):
        _poll(deadline, m)
        # m a(m) = sum_{j=1..m} c(j) a(m - j) gives c(m), then c(m) = sum_{q | m} q b(q) gives b(m).
        cm = m * a[m] - sum(c[j] * a[m - j] for j in range(1, m))
        c.append(cm)
        b.append((cm - sum(q * b[q - 1] for q in divisors(m) if q < m)) / m)
    return b


def divisor_sum_candidate(b: list):
    """``b(k) = sum_{d | k, d in D} r(d)`` for a few ``d``, as a candidate rule for ``b``; or ``None``.

    Explanation
    ===========

    With ``f(x) = prod_{m >= 1} (1 - x^m)``, the product
    ``prod_{d in D} f(x^d)^(-r(d))`` (an eta quotient: theta series,
    ``prod (1 + x^k)``, partitions into parts that avoid a residue class)
    has exactly these exponents. ``r`` is the Moebius transform of ``b``;
    every ``r(k) = 0`` outside ``D`` is a check, and at least two come after
    the largest ``d``. The rule is written ``r(1) + sum r(d)
    KroneckerDelta(Mod(n, d), 0)`` and verified like any other; what it
    fitted is the choice of ``D`` among the indices and the values ``r(d)``.

    Examples
    ========

    >>> from sympy_recur.guessers.euler import divisor_sum_candidate, inverse_euler
    >>> theta = [1, 2, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0]  # sum x^(n^2), n in Z
    >>> divisor_sum_candidate([int(v) for v in inverse_euler(theta)]).rhs
    -5*KroneckerDelta(0, Mod(n, 2)) + 2*KroneckerDelta(0, Mod(n, 4)) + 2
    """
    from ..candidate import Candidate
    from ..ranking import integer_bits
    r = []
    for m in range(1, len(b) + 1):
        r.append(b[m - 1] - sum(r[q - 1] for q in divisors(m) if q < m))
    support = [d for d in range(1, len(r) + 1) if r[d - 1]]
    if (not support or support == [1] or len(support) > MAX_PRODUCT_FACTORS
            or support[-1] > min(MAX_FACTOR_INDEX, len(r) - 2)
            or sum(abs(r[d - 1]) for d in support) > MAX_TOTAL_POWER):
        return None
    rhs = sum((sympy.Integer(r[d - 1]) * (1 if d == 1 else sympy.KroneckerDelta(sympy.Mod(n, d), 0))
               for d in support), sympy.Integer(0))
    fit_bits = math.log2(math.comb(len(r), len(support))) + sum(integer_bits(r[d - 1]) for d in support)
    return Candidate(rhs=rhs, kind="closed-form", source="eta-quotient", n_params=len(support),
                     fit_bits=fit_bits)


def euler_terms(a0, b: list, count: int) -> list:
    """``a(0), ..., a(count - 1)`` from ``a(0)`` and the exponents ``b(1), b(2), ...`` (exact)."""
    c = divisor_weights(list(b[: max(count - 1, 0)]))
    a = [Fraction(a0)]
    for m in range(1, count):
        a.append(sum(c[j - 1] * a[m - j] for j in range(1, m + 1)) / m)
    return [v.numerator if v.denominator == 1 else v for v in a]


def exponent_expression(rule) -> sympy.Expr | None:
    """``b(k)`` as an expression in ``k`` from a verified rule for ``b`` (offset 1), or ``None``.

    Closed forms (with exceptional first values), geometric rules
    ``b(k) = c b(k - 1)`` and eventually periodic rules ``b(k) = b(k - p)``
    have one; other rules are not written as products here. Cases are written with ``KroneckerDelta`` and ``(-1)**k``
    rather than ``Piecewise``: SymPy pulls a ``Piecewise`` whose condition
    depends on a summation variable out of the ``Sum``, which changes its
    meaning.
    """
    init = {int(key.args[0]): sympy.Rational(val) for key, val in rule.initial.items()}
    if rule.order == 0:
        body = rule.rhs.subs(n, k)
        value_at = {i: rule.rhs.subs(n, i) for i in init}
    elif rule.order == 1 and rule.rhs.is_Mul and rule.rhs.args[0].is_Rational and len(rule.rhs.args) == 2:
        # geometric: b(k) = b(first) c**(k - first)
        c = rule.rhs.args[0]
        first = max(init)
        body = init[first] * c ** (k - first)
        value_at = {i: init[first] * c ** (i - first) for i in init}
    elif rule.order == 1 and rule.kind == "hypergeometric":
        # b(k) = R(k) b(k - 1): the product of R from the first value on
        ratio = sympy.cancel(rule.rhs / u(n - 1))
        if ratio.has(u):
            return None
        first = max(init)
        j = sympy.Dummy("j", integer=True, positive=True)
        body = sympy.gammasimp(init[first] * sympy.product(ratio.subs(n, j), (j, first + 1, k)))
        value_at = {i: body.subs(k, i) for i in init}
        # the closed form is only for display: it must give the rule's values
        if not all(v.is_Rational for v in value_at.values()) or any(
                body.subs(k, i) != sympy.Rational(v)
                for i, v in zip(range(first, first + 12), rule._raw_terms(first, first + 12))):
            return None
    else:
        rhs = rule.rhs
        if isinstance(rhs, sympy.core.function.AppliedUndef) and rhs.func == u:
            p = int(n - rhs.args[0])
            first = max(init) - p + 1  # from here on b(k) = b(k - p)
            period = {i % p: init[i] for i in range(first, first + p)}
        else:
            p = _period_of(rule)
            if p is None:
                return None
            first = max(init) - rule.order + 1
            values = rule._raw_terms(first, first + p)
            period = {i % p: sympy.Rational(v) for i, v in zip(range(first, first + p), values)}
        if len(set(period.values())) == 1:
            body = period[0]
        elif p == 2:
            even, odd = period[0], period[1]
            body = (even + odd) / 2 + (even - odd) / 2 * (-1) ** k
        else:
            body = sum((v * sympy.KroneckerDelta(sympy.Mod(k, p), r) for r, v in sorted(period.items())
                        if v), sympy.Integer(0))
        value_at = {i: period[i % p] for i in init}
    exceptions = [(v - value_at[i], i) for i, v in sorted(init.items()) if v != value_at[i]]
    return body + sum((w * sympy.KroneckerDelta(k, i) for w, i in exceptions), sympy.Integer(0))


MAX_EXPONENT_PERIOD = 24


def _period_of(rule) -> int | None:
    """The period of a homogeneous C-finite rule whose characteristic polynomial divides ``x**p - 1``."""
    from ..evaluate import lags_of, linear_coefficients
    lags = lags_of(rule.rhs)
    coeffs = linear_coefficients(rule.rhs, lags) if lags else None
    if coeffs is None or not all(c.is_Rational for c in coeffs):
        return None
    if sympy.expand(rule.rhs - sum(c * u(n - j) for c, j in zip(coeffs, lags))) != 0:
        return None
    x = sympy.Symbol("x")
    char = sympy.Poly(x ** max(lags) - sum(c * x ** (max(lags) - j) for c, j in zip(coeffs, lags)), x)
    for p in range(max(lags), MAX_EXPONENT_PERIOD + 1):
        if sympy.Poly(x ** p - 1, x).rem(char).is_zero:
            return p
    return None


def cfinite_exponent_candidates(b: list, max_order: int = 4, max_prefix: int = 2):
    """C-finite rules of order 2 to ``max_order`` for the exponents, after up to ``max_prefix`` exceptional ones.

    Sign-alternating periods (``b(k) = -b(k - 4)``, period 8) and
    quasi-polynomials (``b(k) = 2 b(k - 2) - b(k - 4)``) need fewer values
    this way than as a plain period or a polynomial per residue.
    """
    from ..candidate import Candidate
    from ..linalg import shortest_linear_recurrence
    for prefix in range(max_prefix + 1):
        tail = list(b[prefix:])
        if len(set(tail)) < 3:
            continue
        coeffs = shortest_linear_recurrence(tail, max_order)
        if coeffs is None or len(coeffs) < 2 or not any(coeffs[:-1]):
            continue  # (anti)periodic rules come as periods
        rhs = sum(sympy.Rational(c.numerator, c.denominator) * u(n - j) for j, c in enumerate(coeffs, 1) if c)
        yield Candidate(rhs=rhs, kind="c-finite", source="euler-exponents:c-finite", n_params=len(coeffs),
                        n_prefix=prefix)
        return


def _from_distinct_parts(c_expr: sympy.Expr) -> sympy.Expr:
    """``b(k) = c(k) - c(k/2) [k even]``: ``prod (1 + x^k)^c(k)`` written as ``prod (1 - x^k)^(-b(k))``."""
    half = sympy.floor((n + 1) / 2)  # k/2 for even k; any index >= 1 for odd k, where it is multiplied by 0
    return c_expr - sympy.KroneckerDelta(sympy.Mod(n, 2), 0) * c_expr.subs(n, half)


def distinct_part_candidates(b: list, max_period: int = 7):
    """Exponents of ``prod (1 + x^k)^c(k)`` (distinct parts) with ``c`` periodic or an arithmetic function.

    ``c`` is read back from the Euler exponents ``b`` (``c(k) = b(k) + c(k/2)``
    for even ``k``): partitions into distinct primes, or into distinct parts
    from residue classes, have simple ``c`` where ``b`` has a period too long
    for the terms.
    """
    from ..candidate import Candidate
    from ..ranking import description_length
    from .arithmetic import arithmetic_candidates
    c: list = []
    for k in range(1, len(b) + 1):
        c.append(b[k - 1] + (c[k // 2 - 1] if k % 2 == 0 else 0))
    if len(set(c)) < 2 or c == list(b):
        return
    # c periodic from its first nonzero value m on (distinct parts >= m)
    m = next(i for i, v in enumerate(c, 1) if v)
    for p in range(1, max_period + 1):
        if len(c) - (m - 1) - p < max(p + 1, 2):
            break  # a whole period repeated and one value more: two bare periods fit small counts by chance
        if m == 1 and p == 1:
            continue  # a constant c: b is periodic, the period search has it
        if all(c[i] == c[i - p] for i in range(m - 1 + p, len(c))):
            period = sum((v * sympy.KroneckerDelta(sympy.Mod(n, p), i % p)
                          for i, v in enumerate(c[m - 1: m - 1 + p], m) if v), sympy.Integer(0))
            if m > 1:
                period *= 1 - sum((sympy.KroneckerDelta(n, i) for i in range(1, m)), sympy.Integer(0))
            yield Candidate(rhs=_from_distinct_parts(period), kind="closed-form", source="distinct-parts:periodic",
                            n_params=p + int(m > 1), fit_bits=1 + description_length(u(n - p)) + math.log2(m))
            break
    for cand in arithmetic_candidates(c, 1):
        fit = description_length(cand.rhs) if cand.fit_bits is None else cand.fit_bits
        yield Candidate(rhs=_from_distinct_parts(cand.rhs), kind="closed-form",
                        source="distinct-parts:" + cand.source, n_params=cand.n_params, fit_bits=1 + fit)


def full_history_rhs(b_expr: sympy.Expr, shift: int = 0) -> sympy.Expr:
    """``(1/m) sum_{k=1..m} c(k) u(n - k)``, ``m = n - shift``, ``c(k) = sum_{d | k} d b(d)``."""
    coeff, rest = b_expr.as_coeff_Mul()
    if rest == 1:
        c = coeff * sympy.divisor_sigma(k)
    elif rest == k or (rest.is_Pow and rest.base == k and rest.exp.is_Integer and rest.exp > 0):
        c = coeff * sympy.divisor_sigma(k, 1 + (1 if rest == k else int(rest.exp)))
    else:
        c = sympy.Sum(d * b_expr.subs(k, d) * sympy.KroneckerDelta(sympy.Mod(k, d), 0), (d, 1, k))
    m = n - shift
    return sympy.Sum(c * u(n - k), (k, 1, m)) / m


def inverse_exponential(terms: list, deadline=None) -> list[Fraction] | None:
    """``b(1), ..., b(N-1)`` with ``sum a(n) x^n/n! = a(0) exp(sum b(k) x^k/k!)``; ``None`` if ``a(0) = 0``.

    Examples
    ========

    >>> from sympy_recur.guessers.euler import inverse_exponential
    >>> [int(v) for v in inverse_exponential([1, 1, 2, 5, 15, 52, 203])]  # Bell numbers
    [1, 1, 1, 1, 1, 1]
    """
    if not terms or terms[0] == 0:
        return None
    a = [Fraction(t) / Fraction(terms[0]) for t in terms]
    b: list[Fraction] = []
    for m in range(1, len(a)):
        _poll(deadline, m)
        # a(m) = sum_{j=1..m} C(m-1, j-1) b(j) a(m-j), with a(0) = 1
        b.append(a[m] - sum(comb(m - 1, j - 1) * b[j - 1] * a[m - j] for j in range(1, m)))
    return b


def exponential_terms(a0, b: list, count: int) -> list:
    """``a(0), ..., a(count - 1)`` of ``a(0) exp(sum b(k) x^k/k!)`` (exact)."""
    a = [Fraction(a0)]
    for m in range(1, count):
        a.append(sum(comb(m - 1, j - 1) * b[j - 1] * a[m - j] for j in range(1, m + 1)))
    return [v.numerator if v.denominator == 1 else v for v in a]


def exponential_rhs(b_expr: sympy.Expr) -> sympy.Expr:
    """``sum_{k=1..n} binomial(n - 1, k - 1) b(k) u(n - k)``."""
    return sympy.Sum(sympy.binomial(n - 1, k - 1) * b_expr * u(n - k), (k, 1, n))


def inverse_reciprocal_exponential(terms: list, deadline=None) -> list[Fraction] | None:
    """``b(1), ..., b(N-1)`` with ``sum a(n) x^n/n! = a(0) / (1 + sum b(k) x^k/k!)``; ``None`` if ``a(0) = 0``.

    Examples
    ========

    >>> from sympy_recur.guessers.euler import inverse_reciprocal_exponential
    >>> [int(v) for v in inverse_reciprocal_exponential([1, 1, 3, 13, 75, 541])]  # 1/(2 - exp(x))
    [-1, -1, -1, -1, -1]
    """
    if not terms or terms[0] == 0:
        return None
    a = [Fraction(t) / Fraction(terms[0]) for t in terms]
    b = [Fraction(1)]
    for m in range(1, len(a)):
        _poll(deadline, m)
        # the product with a/a(0) is 1: sum_{k=0..m} C(m, k) b(k) a(m-k) = 0
        b.append(-sum(comb(m, j) * b[j] * a[m - j] for j in range(m)))
    return b[1:]


def reciprocal_exponential_terms(a0, b: list, count: int) -> list:
    """``a(0), ..., a(count - 1)`` of ``a(0) / (1 + sum b(k) x^k/k!)`` (exact)."""
    a = [Fraction(a0)]
    for m in range(1, count):
        a.append(-sum(comb(m, j) * b[j - 1] * a[m - j] for j in range(1, m + 1)))
    return [v.numerator if v.denominator == 1 else v for v in a]


def reciprocal_exponential_rhs(b_expr: sympy.Expr) -> sympy.Expr:
    """``-sum_{k=1..n} binomial(n, k) b(k) u(n - k)``."""
    return sympy.Sum(sympy.binomial(n, k) * (-b_expr) * u(n - k), (k, 1, n))
