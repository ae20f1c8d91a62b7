"""Integer relations with height bounds: continued fractions and LLL.

Both searches answer the same question, "which small integers ``c`` make
``c . v`` vanish to within the known error of ``v``?", and both return
every short relation they see, not only the first: deciding whether a
relation is believable is the chance-match guard's job (:mod:`.guard`).

Algorithm
=========

* Rationals: the simplest fraction in ``[lo, hi]`` (smallest denominator),
  read off the continued fractions of the two ends (Stern-Brocot descent).
* Integer relations: LLL reduction (SymPy's ``DomainMatrix.lll``) of the
  lattice spanned by the rows ``[e_i | round(N * v_i)]``, where
  ``N`` is about one over the error of the data; every reduced row whose
  residual ``|sum c_i v_i|`` is within the propagated error bound is a
  relation. Unlike a single PSLQ answer, the reduced basis still contains
  the relation that involves ``v_0`` when the other entries happen to have a
  shorter chance relation among themselves at this precision.

References: A. K. Lenstra, H. W. Lenstra, L. Lovasz, "Factoring polynomials
with rational coefficients", Math. Ann. 261 (1982); H. R. P. Ferguson,
D. H. Bailey, S. Arno, "Analysis of PSLQ", Math. Comp. 68 (1999).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence

import mpmath
from sympy import ZZ
from sympy.polys.matrices import DomainMatrix

__all__ = ["simplest_rational", "integer_relations"]


def simplest_rational(lo: Fraction, hi: Fraction) -> Fraction:
    """The fraction with the smallest denominator in the closed interval ``[lo, hi]``.

    Among those, the one with the smallest absolute numerator.

    >>> from fractions import Fraction
    >>> simplest_rational(Fraction(3141, 1000), Fraction(3142, 1000))
    Fraction(245, 78)
    """
    if lo > hi:
        lo, hi = hi, lo
    if lo <= 0 <= hi:
        return Fraction(0)
    if hi < 0:
        return -simplest_rational(-hi, -lo)
    # Stern-Brocot descent on continued fractions, all in exact arithmetic:
    # while lo and hi share the integer part fl, go on with the reciprocals
    # of their fractional parts (whose order reverses). A loop, not a
    # recursion: long inputs (3,000 digits) take thousands of steps.
    quotients = []
    while True:
        fl = lo.numerator // lo.denominator
        if Fraction(fl) == lo:
            last = Fraction(fl)
            break
        if fl + 1 <= hi:
            last = Fraction(fl + 1)
            break
        quotients.append(fl)
        lo, hi = 1 / (hi - fl), 1 / (lo - fl)
    for fl in reversed(quotients):
        last = fl + 1 / last
    return last


def integer_relations(values: Sequence[mpmath.mpf], errors: Sequence[mpmath.mpf], *,
                      max_coeff: int = 10**6, slack: float = 4.0, method: str = "pslq") -> list[tuple[int, ...]]:
    """Short integer vectors ``c`` with ``|sum c_i v_i| <= slack * sum |c_i| e_i``.

    ``errors[i]`` bounds the error of ``values[i]`` (0 for exactly known
    constants; a floor of ``10**-dps`` is added for rounding). Returns the
    relations with ``c[0] != 0`` and all ``|c_i| <= max_coeff``, normalised so
    that ``c[0] > 0``, shortest first. Relations with ``c[0] == 0`` (chance
    or true relations among the basis alone) are skipped, not returned.

    ``method="pslq"`` runs mpmath's PSLQ first (fast for a few numbers) and
    falls back to LLL only when PSLQ's relation leaves out ``values[0]``;
    ``method="lll"`` goes straight to LLL (better for long vectors).
    """
    floor = mpmath.mpf(10) ** (-mpmath.mp.dps + 3)
    if max_coeff < 1 or any(v == 0 for v in values):
        return []

    def residual_ok(c):
        residual = abs(mpmath.fsum(ci * vi for ci, vi in zip(c, values)))
        bound = slack * (mpmath.fsum(abs(ci) * ei for ci, ei in zip(c, errors))
                         + floor * mpmath.fsum(abs(ci * vi) for ci, vi in zip(c, values)))
        return residual <= bound

    if method == "pslq":
        found = _pslq(values, errors, max_coeff, residual_ok, floor)
        if found is not None:
            return found
        return _lll(values, errors, max_coeff, residual_ok, floor) or []
    found = _lll(values, errors, max_coeff, residual_ok, floor)
    if found is None:  # SymPy's LLL failed on this lattice; PSLQ still gives one answer
        found = _pslq(values, errors, max_coeff, residual_ok, floor) or []
    return found


def _pslq(values, errors, max_coeff, residual_ok, floor):
    """PSLQ's relation as a list; None when it leaves out ``values[0]``."""
    n = len(values)
    norm = mpmath.sqrt(mpmath.fsum(v * v for v in values))
    # residuals of true relations are about c_0 * error; allow c_0 up to 10^4
    tol = max(max(errors) * 10**4, floor * norm) / norm
    # PSLQ's cost grows with the working precision; a few digits beyond tol suffice
    try:
        with mpmath.workdps(max(16, int(-mpmath.log10(tol)) + 10)):
            rel = mpmath.pslq(values, tol=tol, maxcoeff=max_coeff, maxsteps=100 * n * n)
    except (ValueError, ZeroDivisionError):
        return []
    if rel is None:
        return []
    if rel[0] == 0:
        return None
    c = tuple(int(t) if rel[0] > 0 else -int(t) for t in rel)
    return [c] if residual_ok(c) and max(map(abs, c)) <= max_coeff else []


def _lll(values, errors, max_coeff, residual_ok, floor):
    """All short relations in an LLL-reduced basis; None if the reduction fails."""
    n = len(values)
    scale_err = max(max(errors), floor * max(abs(v) for v in values))
    big = 1 / scale_err
    rows = []
    for i, v in enumerate(values):
        row = [0] * n
        row[i] = 1
        row.append(int(mpmath.nint(v * big)))
        rows.append(row)
    try:
        reduced = DomainMatrix(rows, (n, n + 1), ZZ).lll().to_Matrix().tolist()
    except Exception:  # SymPy's LLL asserts on some lattices
        return None
    found = []
    for row in reduced:
        c = [int(t) for t in row[:n]]
        if c[0] == 0 or max(abs(t) for t in c) > max_coeff:
            continue
        if c[0] < 0:
            c = [-t for t in c]
        if residual_ok(c):
            found.append(tuple(c))
    found.sort(key=lambda c: sum(t * t for t in c))
    return found
