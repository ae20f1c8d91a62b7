"""Stand-ins for Sage's numbers (Sage is not installable here): same protocols, no Sage."""

import sympy


class SageLikeInteger:
    """Like sage.rings.integer.Integer for our purposes: the integer protocol only."""

    def __init__(self, v):
        self._v = int(v)

    def __index__(self):
        return self._v


class SageLikeRational:
    """Like sage.rings.rational.Rational: numerator() and denominator() are methods."""

    def __init__(self, p, q):
        self._p, self._q = p, q

    def numerator(self):
        return SageLikeInteger(self._p)

    def denominator(self):
        return SageLikeInteger(self._q)


class HasSympy:
    """Any object that converts itself with ``_sympy_`` (as Sage elements do)."""

    def __init__(self, v):
        self._v = v

    def _sympy_(self):
        return sympy.sympify(self._v)
