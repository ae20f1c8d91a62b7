"""Exact evaluation of right-hand sides: SymPy expression -> Python closure.

Verification runs a candidate's right-hand side hundreds of times, so the
expression tree is compiled once into nested closures over Python ``int`` and
``fractions.Fraction`` (no floats anywhere). Nodes outside the supported set
fall back to SymPy's own exact evaluation, which is slow but still exact, so
any candidate source may emit any SymPy expression.

A compiled function takes ``(n, prev)`` where ``prev[j]`` is ``u(n - j)``.
It raises :class:`EvaluationError` where the expression is undefined
(division by zero, a non-integer factorial, an irrational value...).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Callable

import sympy
from sympy.core.function import AppliedUndef

from .symbols import n as N_SYMBOL, u as U_FUNC
from .arithmetic import EXACT, ArgumentTooLarge

__all__ = ["compile_rhs", "EvaluationError", "ValueTooLarge", "lags_of", "linear_coefficients", "to_sympy_number"]

Compiled = Callable[[int, dict], "int | Fraction"]

# Values beyond this many bits are treated as overflow: they cannot be an
# OEIS-scale answer and would make exact arithmetic arbitrarily slow.
MAX_BITS = 1 << 16


class EvaluationError(ArithmeticError):
    """The right-hand side is undefined or not rational at this index."""


class ValueTooLarge(EvaluationError):
    """The value exceeds ``MAX_BITS``: defined, but too large to compute here."""


def to_sympy_number(x) -> sympy.Rational:
    if isinstance(x, Fraction):
        return sympy.Rational(x.numerator, x.denominator)
    return sympy.Integer(x)


def _norm(x):
    if isinstance(x, Fraction) and x.denominator == 1:
        return x.numerator
    return x


def _as_int(x) -> int:
    if isinstance(x, int):
        return x
    if x.denominator == 1:
        return x.numerator
    raise EvaluationError(f"{x} is not an integer")


def lags_of(expr: sympy.Expr) -> list[int]:
    """The lags j of every ``u(n - j)`` in ``expr`` (sorted, unique)."""
    out = set()
    for f in expr.atoms(AppliedUndef):
        if f.func != U_FUNC or len(f.args) != 1:
            raise ValueError(f"unexpected function {f} in right-hand side")
        j = N_SYMBOL - f.args[0]
        if not j.is_Integer or j <= 0:
            raise ValueError(f"{f} is not of the form u(n - j) with j >= 1")
        out.add(int(j))
    return sorted(out)


def linear_coefficients(rhs: sympy.Expr, lags: list[int]) -> list | None:
    """``d rhs / d u(n - j)`` read off the terms ``c*u(n - j)`` of a sum, or ``None``.

    The ansatz sources write their rules as such sums; differentiating them
    with SymPy cost more than verifying the rule. ``None`` when some ``u``
    sits inside a product or a power: then differentiate.
    """
    found = {}
    for term in sympy.Add.make_args(rhs):
        c, rest = term.as_coeff_Mul()
        if rest.func == U_FUNC:
            if rest in found:
                return None
            found[rest] = c
        elif rest.has(U_FUNC):
            return None  # u inside a product or a power: let SymPy differentiate
    return [found.get(U_FUNC(N_SYMBOL - j), sympy.Integer(0)) for j in lags]


def _check(x):
    if isinstance(x, int):
        if x.bit_length() > MAX_BITS:
            raise ValueTooLarge("value too large")
    elif x.numerator.bit_length() > MAX_BITS or x.denominator.bit_length() > MAX_BITS:
        raise ValueTooLarge("value too large")
    return x


def _pow(b, e):
    if isinstance(e, Fraction) and e.denominator != 1:
        # Rational powers are kept only when exact (perfect powers).
        q = e.denominator
        root = _exact_root(b, q)
        return _pow(root, e.numerator)
    e = _as_int(e)
    if b == 0 and e < 0:
        raise EvaluationError("division by zero")
    if abs(e) > MAX_BITS:
        if b in (0, 1):
            return b
        if b == -1:
            return 1 if e % 2 == 0 else -1
        raise ValueTooLarge("exponent too large")
    if isinstance(b, int) and e >= 0:
        if b.bit_length() * e > MAX_BITS:
            raise ValueTooLarge("value too large")
        return b ** e
    r = Fraction(b) ** e
    return _check(_norm(r))


def _int_root(a: int, q: int) -> int:
    if a < 0:
        if q % 2 == 0:
            raise EvaluationError("even root of a negative number")
        return -_int_root(-a, q)
    r = int(round(a ** (1.0 / q))) if a.bit_length() < 1000 else 1 << (a.bit_length() // q)
    # Newton polish for big values.
    for _ in range(200):
        if r <= 0:
            r = 1
        nr = ((q - 1) * r + a // r ** (q - 1)) // q
        if abs(nr - r) <= 1:
            break
        r = nr
    for c in (r - 1, r, r + 1):
        if c >= 0 and c ** q == a:
            return c
    raise EvaluationError("not a perfect power")


def _exact_root(b, q: int):
    if isinstance(b, int):
        return _int_root(b, q)
    return Fraction(_int_root(b.numerator, q), _int_root(b.denominator, q))


def _floor(x) -> int:
    return x if isinstance(x, int) else math.floor(x)


def _ceil(x) -> int:
    return x if isinstance(x, int) else math.ceil(x)


def _factorial(x) -> int:
    k = _as_int(x)
    if k < 0:
        raise EvaluationError("factorial of a negative integer")
    if k > 5000:
        raise ValueTooLarge("factorial too large")
    return math.factorial(k)


def _binomial(a, b):
    a, b = _as_int(a), _as_int(b)
    if b < 0:
        return 0
    if a >= 0:
        return math.comb(a, b) if b <= a else 0
    # Negative upper index: the usual generalisation (SymPy agrees).
    return (-1) ** b * math.comb(-a + b - 1, b)


def _step_product(x, k, step: int):
    """x (x + step) ... (x + (k - 1) step): rising (step 1) or falling (step -1) factorial."""
    k = _as_int(k)
    if k < 0 or k > 5000:
        raise EvaluationError("unsupported rising/falling factorial")
    r = 1
    for i in range(k):
        r = r * (x + step * i)
    return _norm(r) if isinstance(r, Fraction) else r


def _rising(x, k):
    return _step_product(x, k, 1)


def _falling(x, k):
    return _step_product(x, k, -1)


def _harmonic(x):
    k = _as_int(x)
    if k < 0 or k > 5000:
        raise EvaluationError("unsupported harmonic number")
    return _norm(sum((Fraction(1, i) for i in range(1, k + 1)), Fraction(0)))


def _sign(x):
    return (x > 0) - (x < 0)


def _mod(a, b):
    if b == 0:
        raise EvaluationError("modulo by zero")
    return _norm(a % b) if isinstance(a, Fraction) or isinstance(b, Fraction) else a % b


_UNARY = {
    sympy.floor: _floor,
    sympy.ceiling: _ceil,
    sympy.Abs: abs,
    sympy.sign: _sign,
    sympy.factorial: _factorial,
    sympy.harmonic: _harmonic,
}
_BINARY = {
    sympy.binomial: _binomial,
    sympy.RisingFactorial: _rising,
    sympy.FallingFactorial: _falling,
    sympy.Mod: _mod,
}


def _floor_root(b, q: int) -> int:
    """floor(b**(1/q)) for an integer b >= 0, exactly."""
    b = _as_int(b)
    if b < 0:
        raise EvaluationError("root of a negative number")
    if b.bit_length() > MAX_BITS:
        raise ValueTooLarge("value too large")
    r = math.isqrt(b) if q == 2 else int(round(b ** (1.0 / q))) if b.bit_length() < 1000 else 1 << (b.bit_length() // q)
    while r ** q > b:
        r -= 1
    while (r + 1) ** q <= b:
        r += 1
    return r


def _arithmetic(fn, parts):
    def call(n, prev):
        try:
            return fn(*[p(n, prev) for p in parts])
        except ArgumentTooLarge as exc:
            raise ValueTooLarge(str(exc)) from None
        except ValueError as exc:
            raise EvaluationError(str(exc)) from None
    return call


def _compile(e: sympy.Expr) -> Compiled:
    if e.is_Integer:
        c = int(e)
        return lambda n, prev: c
    if e.is_Rational:
        c = Fraction(int(e.p), int(e.q))
        return lambda n, prev: c
    if e == N_SYMBOL:
        return lambda n, prev: n
    if isinstance(e, AppliedUndef):
        j = int(N_SYMBOL - e.args[0])
        return lambda n, prev: prev[j]
    if e.is_Add:
        parts = [_compile(a) for a in e.args]

        def add(n, prev):
            s = 0
            for p in parts:
                s = s + p(n, prev)
            return _check(_norm(s)) if isinstance(s, Fraction) else _check(s)
        return add
    if e.is_Mul:
        parts = [_compile(a) for a in e.args]

        def mul(n, prev):
            s = 1
            for p in parts:
                s = s * p(n, prev)
                if s == 0:
                    # Still evaluate the rest: a later factor may be undefined.
                    for q in parts:
                        q(n, prev)
                    return 0
            return _check(_norm(s)) if isinstance(s, Fraction) else _check(s)
        return mul
    if e.is_Pow:
        b, x = _compile(e.base), _compile(e.exp)
        return lambda n, prev: _pow(b(n, prev), x(n, prev))
    if isinstance(e, (sympy.Max, sympy.Min)):
        parts = [_compile(a) for a in e.args]
        pick = max if isinstance(e, sympy.Max) else min
        return lambda n, prev: pick(p(n, prev) for p in parts)
    if isinstance(e, sympy.floor) and e.args[0].is_Pow:
        base, ex = e.args[0].args
        if ex.is_Rational and ex.p == 1 and ex.q > 1:
            b, q = _compile(base), int(ex.q)
            return lambda n, prev: _floor_root(b(n, prev), q)
    for cls, fn in EXACT.items():
        if isinstance(e, cls):
            return _arithmetic(fn, [_compile(a) for a in e.args])
    for cls, fn in _UNARY.items():
        if isinstance(e, cls) and len(e.args) == 1:
            a = _compile(e.args[0])
            return lambda n, prev, fn=fn: fn(a(n, prev))
    for cls, fn in _BINARY.items():
        if isinstance(e, cls) and len(e.args) == 2:
            a, b = _compile(e.args[0]), _compile(e.args[1])
            return lambda n, prev, fn=fn: fn(a(n, prev), b(n, prev))
    return _sympy_fallback(e)


def _sympy_fallback(e: sympy.Expr) -> Compiled:
    lags = lags_of(e)

    def slow(n, prev):
        sub = {N_SYMBOL: sympy.Integer(n)}
        for j in lags:
            sub[U_FUNC(N_SYMBOL - j)] = to_sympy_number(prev[j])
        try:
            v = e.xreplace(sub).doit()
        except (ZeroDivisionError, ValueError, TypeError) as exc:
            raise EvaluationError(str(exc)) from None
        if not v.is_Rational:
            v = sympy.nsimplify(v) if v.is_number and v.is_rational else v
        if not getattr(v, "is_Rational", False):
            raise EvaluationError(f"value {v} is not rational")
        return _norm(Fraction(int(v.p), int(v.q)))
    return slow


def compile_rhs(expr: sympy.Expr) -> Compiled:
    """Compile ``expr`` (in ``n`` and ``u(n - j)``) into an exact evaluator.

    Examples
    ========

    >>> from sympy_recur.symbols import n, u
    >>> from sympy_recur.evaluate import compile_rhs
    >>> f = compile_rhs(u(n - 1) + u(n - 2))
    >>> f(5, {1: 3, 2: 2})
    5
    >>> compile_rhs(n**2 / 2)(3, {})
    Fraction(9, 2)
    """
    lags_of(expr)  # validates the u(n - j) atoms early
    inner = _compile(sympy.sympify(expr))

    def guarded(n, prev):
        try:
            return inner(n, prev)
        except EvaluationError:
            raise
        except (ZeroDivisionError, ValueError, OverflowError, TypeError, KeyError) as exc:
            raise EvaluationError(f"{type(exc).__name__}: {exc}") from None
    return guarded
