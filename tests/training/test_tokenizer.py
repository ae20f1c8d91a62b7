import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sympy_recur.symbols import n, u
from sympy_recur.training.generator import sample_float, sample_int, tree_to_sympy
from sympy_recur.training.tokenizer import TokenError, Tokenizer

TOK = Tokenizer()


@given(st.lists(st.integers(min_value=-10**100, max_value=10**100), max_size=20))
@settings(max_examples=200, deadline=None)
def test_int_round_trip(values):
    assert TOK.decode_ints(TOK.encode_ints(values)) == values


def test_int_tokens():
    assert TOK.decode(TOK.encode_int(-123456)) == "- 12 3456"
    assert TOK.decode(TOK.encode_int(0)) == "+ 0"


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e100, max_value=1e100))
@settings(max_examples=200, deadline=None)
def test_float_round_trip_4_digits(x):
    (y,) = TOK.decode_floats(TOK.encode_float(x))
    if abs(x) >= 1e-116:  # exponents reach E-120 with 4 mantissa digits
        assert abs(y - x) <= 5e-4 * abs(x)
    else:  # fewer significant digits near the bottom of the range
        assert abs(y - x) <= 1e-120


def test_formula_round_trip_exact():
    rng = random.Random(0)
    for k in range(500):
        ex = sample_int(rng) if k % 5 else sample_float(rng)
        ids = TOK.encode_tree(ex.tree)
        back = TOK.decode_tree(ids)
        assert back == ex.tree
        if k < 60:
            assert tree_to_sympy(back) == tree_to_sympy(ex.tree)


def test_prefix_notation():
    tree = ("add", ("mul", ("c", 2), ("u", 1)), ("sub", ("n",), ("c", -12345)))
    assert TOK.decode(TOK.encode_tree(tree)) == "add mul + 2 u1 sub n - 1 2345"
    assert tree_to_sympy(TOK.decode_tree(TOK.encode_tree(tree))) == 2 * u(n - 1) + n + 12345


@pytest.mark.parametrize("text, msg", [("add n", "ends early"), ("n n", "left after"), ("+", "sign without"),
                                       ("<eos>", "unexpected")])
def test_bad_formulas(text, msg):
    with pytest.raises(TokenError, match=msg):
        TOK.decode_tree([TOK.stoi[w] for w in text.split()])


def test_vocabulary_is_stable():
    # shipped weights depend on these ids
    assert (len(TOK), TOK.digit0, TOK.stoi["add"], TOK.stoi["n"], TOK.stoi["u1"]) == (10276, 276, 5, 25, 26)
    assert TOK.itos[TOK.digit0] == "0" and TOK.itos[-1] == "9999"


def test_constant_template_round_trip():
    from sympy_recur.training.generator import GeneratorConfig

    rng = random.Random(1)
    cfg = GeneratorConfig(float_mode=True, p_const=1.0)
    for _ in range(200):
        ex = sample_float(rng, cfg)
        ids = TOK.encode_tree(ex.tree)
        assert TOK.decode_tree(ids) == ex.tree
        assert tree_to_sympy(TOK.decode_tree(ids)) == tree_to_sympy(ex.tree)
        assert len(TOK.decode_floats(TOK.encode_floats(ex.terms))) == len(ex.terms)
