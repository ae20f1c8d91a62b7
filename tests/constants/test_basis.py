import pytest
import sympy

from sympy_recur.constants import DEFAULT_CONSTANTS, BasisConstant, constant_identify
from sympy_recur.constants.basis import resolve_constants


def test_default_basis_is_documented_and_immutable():
    exprs = [c.expr for c in DEFAULT_CONSTANTS]
    for c in (sympy.pi, sympy.E, sympy.log(2), sympy.zeta(3), sympy.Catalan, sympy.EulerGamma, sympy.sqrt(5)):
        assert c in exprs
    with pytest.raises(AttributeError):
        DEFAULT_CONSTANTS[0].expr = sympy.E


def test_user_constants():
    basis = resolve_constants([sympy.zeta(3) * sympy.log(2)])
    assert basis == (BasisConstant(sympy.zeta(3) * sympy.log(2), ("linear", "product")),)
    value = "0.8332023532976919934457625"
    assert constant_identify(value, constants=[sympy.zeta(3) * sympy.log(2)], time_limit=60) == sympy.zeta(3) * sympy.log(2)
    assert constant_identify("1.6449340668482264", constants=[]) is None


@pytest.mark.parametrize("bad, exc, match", [
    ("pi", TypeError, "string"),
    (["pi"], TypeError, "never evaluated"),
    ([1.5], TypeError, "not a SymPy expression"),
    ([sympy.Symbol("t")], ValueError, "free symbols"),
    ([sympy.I], ValueError, "not a finite nonzero real"),
    (3, TypeError, "collection"),
])
def test_bad_constants(bad, exc, match):
    with pytest.raises(exc, match=match):
        resolve_constants(bad)
