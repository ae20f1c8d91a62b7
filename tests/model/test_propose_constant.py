import math
import os

import pytest
import sympy

from sympy_recur.model import propose as P
from sympy_recur.model import propose_constant as PC


def test_at_one_replaces_n():
    assert PC._at_one(("mul", ("n",), ("sqrt", ("pi",)))) == ("mul", ("c", 1), ("sqrt", ("pi",)))
    assert PC._at_one(("e",)) == ("e",)


def test_missing_weights_means_no_float_model(monkeypatch, tmp_path):
    monkeypatch.setattr(PC, "FLOAT_WEIGHTS", str(tmp_path / "none.safetensors"))
    monkeypatch.setattr(P, "_cache", {})
    assert PC.float_model_available() is False
    assert PC.propose_constant("3.14159265358979") == []


def test_integer_weights_are_not_a_float_model(monkeypatch):
    pytest.importorskip("torch")
    if not os.path.exists(P.INT_WEIGHTS):
        pytest.skip("no integer weights")
    monkeypatch.setattr(PC, "FLOAT_WEIGHTS", P.INT_WEIGHTS)
    assert PC.float_model_available() is False
    assert PC.propose_constant("3.14159265358979") == []


@pytest.mark.parametrize("x", ["abc", None, 0, "0.0", float("nan"), float("inf"), 1e9, 1e-9, object()])
def test_odd_input_never_raises(x):
    assert PC.propose_constant(x) == []


needs_weights = pytest.mark.skipif(not os.path.exists(PC.FLOAT_WEIGHTS), reason="no float weights shipped")


@needs_weights
def test_float_weights_load_and_propose_well_formed_candidates():
    pytest.importorskip("torch")
    assert PC.float_model_available()
    model = P._load(PC.FLOAT_WEIGHTS)[0]
    assert model.cfg.kind == "float"
    x = 2.0 * math.pi
    cands = PC.propose_constant(repr(x), beam_size=10, time_limit=5.0)
    assert cands, "the float model proposed nothing for 2*pi"
    for c in cands:
        assert isinstance(c, sympy.Expr) and c.is_number and not c.free_symbols
        assert abs(float(c) - x) <= 1e-3 * x
    assert len(set(cands)) == len(cands)
