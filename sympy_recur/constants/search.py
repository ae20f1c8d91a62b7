"""Search families: a transform of ``x`` followed by one relation search.

A *family* is one pair (transform, search) with a prior weight; the plan
below lists them cheap and likely first, in one table. Every family yields
raw candidates ``(expression for y, complexity in digits, method, scale)``; the
caller (:mod:`.identify`) applies the chance-match guard and verifies.

Transforms: ``x``, ``1/x``, ``x^k``, ``sqrt(x)``, ``exp(x)``, ``log|x|``,
``b^x``, ``x / m`` for monomials ``m`` of basis constants.
Searches: rational (continued fractions), quadratic and higher algebraic
(LLL on powers), rational-linear combinations of one or two basis constants,
linear-fractional forms ``(a + b c)/(d + e c)``, and multiplicative
relations (a linear search on ``log|x|`` over logarithms of primes and of
basis constants).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable, Iterator

import mpmath
import sympy
from sympy import Integer, Rational

from .algebraic import algebraic_expression, minimal_polynomials
from .basis import PRIME_LOGS, BasisConstant, numeric_value
from .guard import rational_complexity, relation_complexity
from .relations import integer_relations, simplest_rational

__all__ = ["Family", "plan", "MODEL_WEIGHT"]

#: Prior weight reserved for candidates proposed from outside (the model).
MODEL_WEIGHT = 0.05

Raw = tuple  # (expression for y, complexity, method, scale of the formula's terms)


@dataclass(frozen=True)
class Transform:
    """``y = forward(x)``; ``inverse`` maps a SymPy expression for ``y`` back to ``x``."""
    name: str
    forward: Callable[[mpmath.mpf], mpmath.mpf]
    inverse: Callable[[sympy.Expr], sympy.Expr]


@dataclass(frozen=True)
class Family:
    """One transform and one search, with the prior weight it is charged for."""
    name: str
    weight: float
    transform: Transform
    search: Callable  # (y, dy, ctx, max_coeff) -> iterator of (y-expression, complexity, label)


class Context:
    """What every search needs: the number, its error, the basis, the precision."""

    def __init__(self, x: mpmath.mpf, dx: mpmath.mpf, dps: int, basis: tuple[BasisConstant, ...], digits: float):
        self.x, self.dx, self.dps, self.basis, self.digits = x, dx, dps, basis, digits
        self.linear = [c.expr for c in basis if "linear" in c.roles]
        self.monomial = [c.expr for c in basis if "monomial" in c.roles]
        product = [c.expr for c in basis if "product" in c.roles]
        exponent = [c.expr for c in basis if "exponent" in c.roles]
        logs = [sympy.log(p) for p in PRIME_LOGS]
        # the first two product constants join the core; the rest take turns
        # log(E) = 1 is already part of every linear search
        self.product_core = exponent + [sympy.log(c) for c in product[:2] if c != sympy.E] + logs
        self.product_extra = [sympy.log(c) for c in product[2:] if c != sympy.E]

    def value(self, expr: sympy.Expr) -> mpmath.mpf:
        return numeric_value(expr, self.dps)


# ---------------------------------------------------------------- searches

def _rational(y, dy, ctx, _arg, max_coeff) -> Iterator[Raw]:
    r = simplest_rational(_to_fraction(y - dy), _to_fraction(y + dy))
    if r != 0:
        yield Rational(r.numerator, r.denominator), rational_complexity(r.numerator, r.denominator), "rational", abs(y)


def _to_fraction(v: mpmath.mpf) -> Fraction:
    man, exp = mpmath.mpf(v).man_exp
    return Fraction(int(man) * 2 ** int(exp)) if exp >= 0 else Fraction(int(man), 2 ** int(-exp))


def _algebraic(y, dy, ctx, degree, max_coeff) -> Iterator[Raw]:
    for coeffs in minimal_polynomials(y, dy, degree, max_coeff=max_coeff):
        complexity = relation_complexity(coeffs[::-1], fixed=2)
        # the expression is built lazily: SymPy's root finding is the slow part
        yield _Lazy(algebraic_expression, coeffs, y), complexity, f"algebraic[{len(coeffs) - 1}]", abs(y)


def _linear(y, dy, ctx, consts, max_coeff) -> Iterator[Raw]:
    values = [y, mpmath.mpf(1)] + [ctx.value(c) for c in consts]
    errors = [dy] + [mpmath.mpf(0)] * (len(values) - 1)
    method = "pslq" if len(values) <= 5 else "lll"
    for rel in integer_relations(values, errors, max_coeff=max_coeff, method=method):
        c0, rest = rel[0], rel[1:]
        expr = sympy.Add(*[Rational(-c, c0) * b for c, b in zip(rest, [Integer(1)] + list(consts)) if c])
        if expr == 0:
            continue
        # formulas whose terms cancel are spread over the size of the terms, not of y
        scale = max([abs(y)] + [abs(c * v) / c0 for c, v in zip(rest, values[1:])])
        yield expr, relation_complexity(rel, fixed=1), "linear[" + ",".join(map(sympy.sstr, consts)) + "]", scale


def _mobius(y, dy, ctx, c, max_coeff) -> Iterator[Raw]:
    cv = ctx.value(c)
    values = [y, y * cv, mpmath.mpf(1), cv]
    errors = [dy, abs(cv) * dy, mpmath.mpf(0), mpmath.mpf(0)]
    for a, b, d, e in integer_relations(values, errors, max_coeff=max_coeff):
        if b == 0 or (a * e - b * d) == 0:
            continue  # linear (searched elsewhere) or constant
        yield -(d + e * c) / (a + b * c), relation_complexity((a, b, d, e), fixed=2), f"mobius[{sympy.sstr(c)}]", abs(y)


class _Lazy:
    """A deferred expression (built only for candidates that pass the guard)."""
    __slots__ = ("func", "args")

    def __init__(self, func, *args):
        self.func, self.args = func, args

    def __call__(self):
        return self.func(*self.args)


# -------------------------------------------------------------- transforms

def _identity() -> Transform:
    return Transform("x", lambda x: x, lambda e: e)


def _unsigned(name, forward, inverse, sign) -> Transform:
    return Transform(name, lambda x: forward(abs(x)), lambda e: sign * inverse(e))


def _transforms(ctx: Context) -> dict[str, Transform]:
    s = 1 if ctx.x > 0 else -1
    t = {"x": _identity(),
         "1/x": Transform("1/x", lambda x: 1 / x, lambda e: 1 / e),
         "exp(x)": Transform("exp(x)", mpmath.exp, sympy.log),
         "log|x|": _unsigned("log|x|", mpmath.log, sympy.exp, s),
         "sqrt|x|": _unsigned("sqrt|x|", mpmath.sqrt, lambda e: e**2, s),
         "x*pi": Transform("x*pi", lambda x: x * mpmath.pi, lambda e: e / sympy.pi),
         "x/pi": Transform("x/pi", lambda x: x / mpmath.pi, lambda e: e * sympy.pi)}
    # angles: trigonometric values of rational or quadratic angles and back
    for name, f, inv in (("sin", mpmath.sin, sympy.asin), ("cos", mpmath.cos, sympy.acos),
                         ("tan", mpmath.tan, sympy.atan), ("asin", mpmath.asin, sympy.sin),
                         ("acos", mpmath.acos, sympy.cos), ("atan", mpmath.atan, sympy.tan)):
        t[f"{name}(x)"] = Transform(f"{name}(x)", f, inv)
    for k in range(2, 21):
        t[f"|x|^{k}"] = _unsigned(f"|x|^{k}", lambda a, k=k: a**k, lambda e, k=k: e ** Rational(1, k), s)
        t[f"|x|^-{k}"] = _unsigned(f"|x|^-{k}", lambda a, k=k: a**-k, lambda e, k=k: e ** Rational(-1, k), s)
    return t


def _base_power(b: int) -> Transform:
    return Transform(f"{b}^x", lambda x: mpmath.mpf(b) ** x, lambda e: sympy.log(e) / sympy.log(b))


def _monomial(ctx: Context, factors: tuple) -> Transform:
    m = sympy.Mul(*[c**k for c, k in factors])

    mv = []

    def forward(x):  # from cached factor values: evaluating m itself would cost a SymPy evalf
        if not mv:
            v = mpmath.mpf(1)
            for c, k in factors:
                v *= ctx.value(c) ** (mpmath.mpf(Rational(k).p) / Rational(k).q)
            mv.append(v)
        return x / mv[0]
    return Transform(f"x/({sympy.sstr(m)})", forward, lambda e: e * m)


_SINGLE_EXPONENTS = (1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6, Rational(1, 2), Rational(-1, 2),
                     Rational(3, 2), Rational(-3, 2), Rational(1, 3), Rational(-1, 3))
_PAIR_EXPONENTS = (1, -1, 2, -2)

#: Pairs of constants are tried among the first this many linear constants
#: (for ``x`` itself) and the first ``PAIR_CONSTANTS_T`` (for ``1/x``, ``x^2``):
#: each pair is one PSLQ run of a few milliseconds.
PAIR_CONSTANTS = 18
PAIR_CONSTANTS_T = 9


def plan(ctx: Context) -> Iterator[Family]:
    """All search families in the order they are tried, with their weights.

    The weights of a stage are shared equally among its families; the stage
    weights sum to ``1 - MODEL_WEIGHT`` (see :mod:`.guard` for why).
    """
    T = _transforms(ctx)
    lin = ctx.linear
    pairs = list(itertools.combinations(lin[:PAIR_CONSTANTS], 2))
    pairs_t = list(itertools.combinations(lin[:PAIR_CONSTANTS_T], 2))
    singles_m = [((c, k),) for c in ctx.monomial for k in _SINGLE_EXPONENTS]
    pairs_m = [((c1, k1), (c2, k2)) for c1, c2 in itertools.combinations(ctx.monomial, 2)
               for k1 in _PAIR_EXPONENTS for k2 in _PAIR_EXPONENTS]
    powers = [T[f"|x|^{k}"] for k in range(2, 21)]
    simple = [T[n] for n in ("1/x", "exp(x)", "log|x|", "sqrt|x|", "|x|^2", "|x|^-2", "x*pi", "x/pi")]
    angles = [T[f"{n}(x)"] for n in ("sin", "cos", "tan", "asin", "acos", "atan")]
    bases = [_base_power(b) for b in range(2, 31)]
    degrees = list(range(3, 9))
    extras = ctx.product_extra

    # stage name, total weight, [(transform, search, argument)]
    stages = [
        ("rational", 0.08, [(T["x"], _rational, None)]),
        ("quadratic", 0.04, [(T["x"], _algebraic, 2)]),
        ("product", 0.06, [(T["log|x|"], _linear, tuple(ctx.product_core))]),
        ("logarithm", 0.02, [(T[n], _linear, tuple(ctx.product_core)) for n in ("x", "1/x")]),
        ("linear1", 0.06, [(T["x"], _linear, (c,)) for c in lin]),
        ("power", 0.04, [(t, _rational, None) for t in powers]),
        ("simple", 0.03, [(t, s, a) for t in simple for s, a in ((_rational, None), (_algebraic, 2))]),
        ("angle", 0.02, [(t, s, a) for t in angles for s, a in ((_rational, None), (_algebraic, 2))]),
        ("base", 0.05, [(t, s, a) for t in bases for s, a in ((_rational, None), (_algebraic, 2))]),
        ("algebraic", 0.06, [(T["x"], _algebraic, d) for d in degrees]),
        ("linear1t", 0.04, [(t, _linear, (c,)) for t in simple for c in lin]),
        ("product+", 0.06, [(T["log|x|"], _linear, tuple(ctx.product_core) + (e,)) for e in extras]),
        ("linear2", 0.12, [(T["x"], _linear, p) for p in pairs]),
        ("monomial1", 0.08, [(_monomial(ctx, f), s, a) for f in singles_m
                             for s, a in ((_rational, None), (_algebraic, 2))]),
        ("monomial2", 0.06, [(_monomial(ctx, f), _rational, None) for f in pairs_m]),
        ("mobius", 0.04, [(T["x"], _mobius, c) for c in lin]),
        ("linear2t", 0.06, [(T[n], _linear, p) for n in ("1/x", "|x|^2") for p in pairs_t]),
    ]
    for name, weight, members in stages:
        if not members:
            continue
        w = weight / len(members)
        for transform, search, arg in members:
            yield Family(f"{name}:{transform.name}", w, transform,
                         (lambda y, dy, ctx, max_coeff, search=search, arg=arg: search(y, dy, ctx, arg, max_coeff)))
