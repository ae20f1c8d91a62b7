import pytest
import sympy

from sympy_recur.constants import ConstantCandidate, constant_identify


def test_candidate_is_immutable_and_prints_through_sympy():
    c = ConstantCandidate(sympy.pi**2 / 6, 1e-17, 4.567, "linear[pi**2]")
    assert str(c) == "pi**2/6"
    assert sympy.latex(c) == sympy.latex(sympy.pi**2 / 6)
    assert repr(c) == "ConstantCandidate(pi**2/6, error=1.00e-17, complexity=4.57, method='linear[pi**2]')"
    with pytest.raises(AttributeError):
        c.expr = sympy.E
    assert c == ConstantCandidate(sympy.pi**2 / 6, 1e-17, 4.567, "linear[pi**2]")


def test_all_returns_a_ranked_list_of_candidates():
    found = constant_identify("3.14159265358979", all=True, time_limit=3)
    assert isinstance(found, list) and found and all(isinstance(c, ConstantCandidate) for c in found)
    assert found[0].expr == sympy.pi
    assert [float(c.complexity) for c in found] == sorted(float(c.complexity) for c in found)
    assert constant_identify("0.123456789012345", all=True, time_limit=2) == []
