import mpmath
import sympy
from sympy import CRootOf, sqrt, symbols

from sympy_recur.constants.algebraic import algebraic_expression, minimal_polynomials


def test_minimal_polynomial_of_cos_pi_7():
    with mpmath.workdps(30):
        y = mpmath.mpf("0.900968867902419")
        polys = minimal_polynomials(y, mpmath.mpf(10) ** -15, 4)
        assert polys[0] == [1, -4, -4, 8]
        x = symbols("x")
        assert algebraic_expression(polys[0], y) == CRootOf(8 * x**3 - 4 * x**2 - 4 * x + 1, 2)


def test_radicals_when_sympy_can_solve():
    with mpmath.workdps(30):
        y = mpmath.mpf("3.14626436994197")
        polys = minimal_polynomials(y, mpmath.mpf(10) ** -14, 4)
        assert polys[0] == [1, 0, -10, 0, 1]
        assert algebraic_expression(polys[0], y) == sqrt(2) + sqrt(3)
        assert algebraic_expression([-2, 0, 0, 1], mpmath.mpf("1.26")) == 2 ** sympy.Rational(1, 3)
