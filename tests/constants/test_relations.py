from fractions import Fraction

import mpmath
from hypothesis import given, strategies as st

from sympy_recur.constants.relations import integer_relations, simplest_rational


def test_simplest_rational():
    assert simplest_rational(Fraction(3141, 1000), Fraction(3142, 1000)) == Fraction(245, 78)
    assert simplest_rational(Fraction(-1, 3), Fraction(-1, 4)) == Fraction(-1, 3)
    assert simplest_rational(Fraction(-1), Fraction(1)) == 0
    eps = Fraction(1, 10**16)
    assert simplest_rational(Fraction(1, 14) - eps, Fraction(1, 14) + eps) == Fraction(1, 14)


@given(st.integers(-10**6, 10**6), st.integers(1, 10**6))
def test_simplest_rational_recovers_fractions(p, q):
    r = Fraction(p, q)
    eps = Fraction(1, 10**14)
    assert simplest_rational(r - eps, r + eps) == r


def test_integer_relations_finds_pi_squared_over_six():
    with mpmath.workdps(30):
        x = mpmath.mpf("1.64493406684822")
        err = mpmath.mpf(10) ** -14
        for method in ("pslq", "lll"):
            rels = integer_relations([x, 1, mpmath.pi**2], [err, 0, 0], max_coeff=10**6, method=method)
            assert rels[0] == (6, 0, -1)


def test_lll_keeps_the_relation_that_involves_x():
    # at 15 digits the basis alone has chance relations; the one with x must survive
    with mpmath.workdps(30):
        x = mpmath.log(mpmath.exp(mpmath.pi / 24) / mpmath.mpf(2) ** 0.25)
        x = mpmath.mpf(mpmath.nstr(x, 15))
        basis = [1, mpmath.pi, mpmath.log(mpmath.pi), mpmath.log(2), mpmath.log(3), mpmath.log(5),
                 mpmath.log(7), mpmath.log(mpmath.zeta(3))]
        errs = [mpmath.mpf(10) ** -15] + [0] * len(basis)
        rels = integer_relations([x] + basis, errs, max_coeff=10**4, method="lll")
        assert (24, 0, -1, 0, 6, 0, 0, 0, 0) in rels


def test_no_relation_beyond_max_coeff():
    with mpmath.workdps(30):
        x = mpmath.mpf("0.123456789012345")
        assert integer_relations([x, 1, mpmath.pi], [mpmath.mpf(10) ** -15, 0, 0], max_coeff=10) == []
