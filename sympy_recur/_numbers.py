"""Turning user input into exact numbers, without ``eval`` or ``sympify``.

Every public entry point funnels its numbers through here so that the whole
package agrees on what counts as an integer, a rational, a decimal string or
bad input. Sage's ``Integer``/``Rational``, gmpy2, numpy scalars and SymPy
numbers are recognised by protocol (``__index__``, ``numerator`` /
``denominator``, ``_sympy_``), never by importing those libraries.
"""

from __future__ import annotations

import decimal
import math
import numbers
import re
from fractions import Fraction
from typing import Any

__all__ = ["to_exact", "exact_terms", "parse_decimal", "DecimalValue"]

_INT_RE = re.compile(r"^[+-]?\d+$")
_FRAC_RE = re.compile(r"^([+-]?\d+)\s*/\s*(\d+)$")
_DEC_RE = re.compile(r"^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$")


def _describe(x: Any) -> str:
    text = repr(x)
    return text if len(text) <= 40 else text[:37] + "..."


def _float_error(x: Any, where: str) -> Exception:
    if isinstance(x, float) and (math.isnan(x) or math.isinf(x)):
        return ValueError(f"{where} is {x!r}; NaN and infinity are not sequence terms")
    return TypeError(
        f"{where} is the float {x!r}: floats are not exact. Pass int, "
        "fractions.Fraction or sympy.Rational values (e.g. Fraction('0.1') or "
        "sympy.nsimplify), or use constant_identify for a decimal number."
    )


def to_exact(x: Any, where: str = "value") -> int | Fraction:
    """Convert one exact number to ``int`` or ``Fraction``.

    Raises ``TypeError`` for objects that are not exact numbers (floats,
    bools, None, containers, non-numeric SymPy expressions) and ``ValueError``
    for strings that do not spell a number or for NaN/infinity.
    """
    if isinstance(x, bool):
        raise TypeError(f"{where} is the bool {x!r}, not a number")
    if isinstance(x, int):
        return int(x)
    if isinstance(x, Fraction):
        return x.numerator if x.denominator == 1 else x
    if isinstance(x, float):
        raise _float_error(x, where)
    if isinstance(x, str):
        return _parse_exact_string(x, where)
    if isinstance(x, (bytes, bytearray)):
        raise TypeError(f"{where} is bytes {_describe(x)}; decode it to str first")
    if isinstance(x, complex) or (isinstance(x, numbers.Complex) and not isinstance(x, numbers.Real)):
        raise TypeError(f"{where} is the complex number {_describe(x)}; only real rationals are supported")
    if isinstance(x, decimal.Decimal):
        if not x.is_finite():
            raise ValueError(f"{where} is {x!r}; NaN and infinity are not sequence terms")
        return _normal(Fraction(x))
    # SymPy numbers (and Sage numbers through ``_sympy_``).
    sym = _from_sympy_like(x, where)
    if sym is not None:
        return sym
    # numpy integers, gmpy2.mpz, Sage Integer: the integer protocol.
    if hasattr(type(x), "__index__"):
        try:
            return int(x.__index__())
        except Exception:
            pass
    # Rationals: Sage Rational has numerator()/denominator() methods, gmpy2
    # and numbers.Rational have properties.
    if hasattr(x, "numerator") and hasattr(x, "denominator"):
        p, q = x.numerator, x.denominator
        p = p() if callable(p) else p
        q = q() if callable(q) else q
        try:
            p, q = _as_int(p), _as_int(q)
        except TypeError:
            raise TypeError(f"{where} {_describe(x)} has a non-integer numerator or denominator") from None
        if q == 0:
            raise ValueError(f"{where} {_describe(x)} has denominator 0")
        return _normal(Fraction(p, q))
    if isinstance(x, numbers.Real):  # numpy floats, mpmath mpf and friends
        try:
            f = float(x)
        except Exception:
            f = float("nan")
        raise _float_error(f if (math.isnan(f) or math.isinf(f)) else x, where)
    if x is None:
        raise TypeError(f"{where} is None, not a number")
    if isinstance(x, (list, tuple, set, dict)) or hasattr(x, "__iter__"):
        raise TypeError(f"{where} is a {type(x).__name__}, not a number (nested sequences are not supported)")
    raise TypeError(f"{where} has type {type(x).__name__}, which is not an exact number")


def _as_int(v: Any) -> int:
    if isinstance(v, bool):
        raise TypeError
    if isinstance(v, int):
        return int(v)
    if hasattr(type(v), "__index__"):
        return int(v.__index__())
    sym = getattr(v, "_sympy_", None)
    if sym is not None:
        v = sym()
    if getattr(v, "is_Integer", False):
        return int(v)
    raise TypeError


def _from_sympy_like(x: Any, where: str):
    obj = x
    conv = getattr(type(x), "_sympy_", None)
    if conv is not None:
        try:
            obj = x._sympy_()
        except Exception as exc:
            raise TypeError(f"{where} {_describe(x)} could not be converted to SymPy: {exc}") from None
    if not getattr(obj, "is_Basic", False) and type(obj).__module__.split(".")[0] != "sympy":
        return None
    if getattr(obj, "is_Rational", False):
        return _normal(Fraction(int(obj.p), int(obj.q)))
    if getattr(obj, "is_Float", False):
        if obj.is_finite is False or obj != obj:
            raise ValueError(f"{where} is {obj}; NaN and infinity are not sequence terms")
        raise TypeError(f"{where} is the SymPy Float {obj}: floats are not exact; use sympy.Rational or nsimplify")
    if getattr(obj, "is_Number", False) or obj.__class__.__name__ in {"NaN", "Infinity", "NegativeInfinity", "ComplexInfinity"}:
        raise ValueError(f"{where} is {obj}; NaN and infinity are not sequence terms")
    raise TypeError(f"{where} is the SymPy expression {_describe(obj)}, not a rational number")


def _normal(f: Fraction) -> int | Fraction:
    return f.numerator if f.denominator == 1 else f


def _parse_exact_string(s: str, where: str) -> int | Fraction:
    t = s.strip().replace("_", "")
    if _INT_RE.match(t):
        return int(t)
    m = _FRAC_RE.match(t)
    if m:
        q = int(m.group(2))
        if q == 0:
            raise ValueError(f"{where} {s!r} has denominator 0")
        return _normal(Fraction(int(m.group(1)), q))
    if _DEC_RE.match(t) and any(c.isdigit() for c in t):
        return _normal(Fraction(decimal.Decimal(t)))
    if t.lower().lstrip("+-") in {"nan", "inf", "infinity"}:
        raise ValueError(f"{where} is {s!r}; NaN and infinity are not sequence terms")
    raise ValueError(f"{where} is the string {_describe(s)}, which is not an integer, p/q or decimal number")


def exact_terms(seq: Any, *, min_terms: int = 1, name: str = "seq") -> list[int | Fraction]:
    """Validate a user sequence and return its terms as ints / Fractions."""
    if seq is None:
        raise TypeError(f"{name} is None; pass a list of integers or rationals")
    if isinstance(seq, (str, bytes)):
        raise TypeError(f"{name} is a {type(seq).__name__}; pass a list of numbers, e.g. [1, 1, 2, 3, 5]")
    if isinstance(seq, dict):
        raise TypeError(f"{name} is a dict; pass the terms in order as a list")
    if hasattr(seq, "tolist") and hasattr(seq, "ndim"):  # numpy arrays keep exact ints via tolist
        if seq.ndim != 1:
            raise TypeError(f"{name} must be one-dimensional, got an array with shape {seq.shape}")
        seq = seq.tolist()
    try:
        items = list(seq)
    except TypeError:
        raise TypeError(f"{name} must be an iterable of numbers, got {type(seq).__name__}") from None
    terms = [to_exact(x, f"{name}[{i}]") for i, x in enumerate(items)]
    if len(terms) < min_terms:
        raise ValueError(f"need at least {min_terms} terms, got {len(terms)}")
    return terms


class DecimalValue:
    """A decimal number as an exact rational plus how many significant digits it carries."""

    __slots__ = ("value", "digits")

    def __init__(self, value: Fraction, digits: int):
        self.value = value
        self.digits = digits

    def __repr__(self) -> str:
        return f"DecimalValue({self.value!r}, digits={self.digits})"


def parse_decimal(s: str, where: str = "x") -> DecimalValue:
    """Parse ``'-1.2345e-3'`` into an exact rational and its significant digits.

    Leading zeros do not count as significant; trailing zeros after the
    point do (``'1.500'`` carries 4 digits).
    """
    if not isinstance(s, str):
        raise TypeError(f"{where} must be a str, got {type(s).__name__}")
    t = s.strip().replace("_", "")
    if not t:
        raise ValueError(f"{where} is an empty string, not a number")
    m = _DEC_RE.match(t)
    if not m or not any(c.isdigit() for c in t):
        if t.lower().lstrip("+-") in {"nan", "inf", "infinity"}:
            raise ValueError(f"{where} is {s!r}; NaN and infinity cannot be identified")
        raise ValueError(f"{where} is the string {_describe(s)}, which is not a decimal number")
    ip, fp = m.group(2) or "", m.group(3) or ""
    mantissa = (ip + fp).lstrip("0")
    digits = max(len(mantissa), 1)
    value = Fraction(decimal.Decimal(t))
    return DecimalValue(value, digits)
