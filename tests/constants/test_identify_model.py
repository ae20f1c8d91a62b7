"""constant_identify(method=...) and the float model as a candidate source."""

import os

import pytest
import sympy
from sympy import E, pi, sqrt

from sympy_recur.constants import constant_identify
from sympy_recur.constants import identify as I
from sympy_recur.model import propose as P
from sympy_recur.model import propose_constant as PC

RANDOM_15 = "0.573816294028617"  # no closed form known to any of the searches


def _forbid_model(monkeypatch):
    def boom(*a, **k):
        raise AssertionError("the model was consulted")
    monkeypatch.setattr(PC, "propose_constant", boom)
    monkeypatch.setattr(PC, "float_model_available", boom)
    monkeypatch.setattr(P, "_load", boom)
    monkeypatch.setattr(I, "_model_state", boom)


def test_unknown_method():
    with pytest.raises(ValueError, match="method"):
        constant_identify("3.14159265358979", method="neural")


def test_classical_never_loads_the_model(monkeypatch):
    _forbid_model(monkeypatch)
    assert constant_identify("3.14159265358979", method="classical") == pi
    assert constant_identify(RANDOM_15, method="classical", time_limit=1.0) is None


def test_auto_consults_the_model_only_when_the_search_found_nothing(monkeypatch):
    _forbid_model(monkeypatch)
    monkeypatch.setattr(I, "_model_state", lambda: "loaded")
    assert constant_identify("1.6449340668482264") == pi**2 / 6  # found classically: no model


def test_auto_without_a_model_is_classical(monkeypatch, tmp_path):
    monkeypatch.setattr(PC, "FLOAT_WEIGHTS", str(tmp_path / "none.safetensors"))
    monkeypatch.setattr(P, "_cache", {})
    assert constant_identify(RANDOM_15, time_limit=1.0) is None


def test_model_method_without_weights_raises(monkeypatch, tmp_path):
    monkeypatch.setattr(PC, "FLOAT_WEIGHTS", str(tmp_path / "none.safetensors"))
    monkeypatch.setattr(P, "_cache", {})
    with pytest.raises(ImportError, match="float model|torch"):
        constant_identify("3.14159265358979", method="model")


def _fake_model(monkeypatch, proposals):
    calls = []

    def fake(x, **kw):
        calls.append(x)
        return list(proposals)
    monkeypatch.setattr(I, "_model_available", lambda: True)
    monkeypatch.setattr(I, "_model_state", lambda: "loaded")
    monkeypatch.setattr(I, "_require_model", lambda: None)
    monkeypatch.setattr(PC, "propose_constant", fake)
    return calls


def test_model_candidates_are_verified(monkeypatch):
    # a wrong proposal close to the value (4 digits), a right one, and one that is far off
    calls = _fake_model(monkeypatch, [sympy.Rational(355, 113), sqrt(2) + E, 3 * pi / 7, E])
    x = "4.13249539083214"  # sqrt(2) + e to 15 digits
    assert constant_identify(x, method="model") == sqrt(2) + E
    found = constant_identify(x, method="model", all=True)
    assert [c.expr for c in found] == [sqrt(2) + E] and found[0].method == "model"
    assert calls


def test_model_never_returns_unverified(monkeypatch):
    _fake_model(monkeypatch, [sympy.Rational(5738, 10000), sympy.log(sympy.Rational(16, 9)) + sympy.Rational(1, 1000)])
    assert constant_identify(RANDOM_15, method="model") is None
    assert constant_identify(RANDOM_15, method="model", all=True) == []


def test_auto_uses_verified_model_candidates(monkeypatch):
    # x = exp(sqrt(2)) * gamma: the classical searches miss it within 1 s, the (fake) model proposes it
    target = sympy.exp(sqrt(2)) * sympy.EulerGamma
    x = sympy.N(target, 15)
    _fake_model(monkeypatch, [target])
    assert constant_identify(str(x), time_limit=3.0) == target
    assert constant_identify(str(x), method="classical", time_limit=3.0) != target


def test_model_method_exact_input(monkeypatch):
    _fake_model(monkeypatch, [])
    assert constant_identify(sympy.Rational(1, 3), method="model") == sympy.Rational(1, 3)


needs_weights = pytest.mark.skipif(not os.path.exists(PC.FLOAT_WEIGHTS), reason="no float weights shipped")


@needs_weights
def test_shipped_float_model_answers_are_verified():
    pytest.importorskip("torch")
    for x in ("6.28318530717959", RANDOM_15):
        found = constant_identify(x, method="model", all=True, time_limit=5.0)
        for c in found:
            assert abs(sympy.N(c.expr, 30) - sympy.Float(x, 30)) <= 1e-14 * abs(sympy.Float(x))
    assert constant_identify(RANDOM_15, method="model", time_limit=5.0) is None


def test_without_torch(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "torch", None)  # import torch raises ImportError
    monkeypatch.setattr(P, "_cache", {})
    with pytest.raises(ImportError, match="torch"):
        constant_identify("3.14159265358979", method="model")
    assert PC.float_model_available() is False
    assert PC.propose_constant("3.14159265358979") == []
    assert constant_identify("3.14159265358979") == pi
    assert constant_identify(RANDOM_15, time_limit=1.0) is None


def test_user_basis_restricts_the_model(monkeypatch):
    _fake_model(monkeypatch, [pi**2 / 6])
    assert constant_identify("1.6449340668482264", method="model") == pi**2 / 6
    assert constant_identify("1.6449340668482264", method="model", constants=[]) is None
    assert constant_identify("1.6449340668482264", method="model", constants=[pi**2]) == pi**2 / 6
