import subprocess
import sys
from fractions import Fraction

import pytest

from sympy_recur.model import propose as P


def test_import_sympy_recur_does_not_import_torch():
    code = "import sys, sympy_recur, sympy_recur.model.propose; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_missing_weights_means_no_model(monkeypatch, tmp_path):
    monkeypatch.setattr(P, "INT_WEIGHTS", str(tmp_path / "none.safetensors"))
    monkeypatch.setattr(P, "_cache", {})
    assert P.model_available() is False
    assert P.propose([1, 2, 3, 4, 5, 6]) == []


@pytest.mark.parametrize("terms", [
    [], [1], [1, 2, 3], "12345", None, 42, [1.5, 2.5, 3.5, 4.5, 5.5], [Fraction(1, 2)] * 8,
    [10**500] * 10, [True, False, True, False, True], [object()] * 6, ["a", "b", "c", "d"],
    [float("nan")] * 6,
])
def test_odd_input_never_raises(terms):
    assert P.propose(terms) == [] or all(isinstance(p, P.Proposal) for p in P.propose(terms))


def test_odd_but_usable_input():
    pytest.importorskip("torch")
    if not P.model_available():
        pytest.skip("no shipped weights")
    for terms in ([-5, 3, -1, 7, 2, -9, 4, 4], [3 * 10**90, 1, 2, 3, 4, 5, 6, 7, 8, 9] + [10**200],
                  [Fraction(4, 2), 3, 4, 5, 6, 7]):
        props = P.propose(terms, beam_size=4, time_limit=5)
        assert isinstance(props, list)
        for p in props:
            rhs, order = p
            assert 0 <= order <= 6 and p.rhs is rhs


def test_formulas_evaluate_identically_in_the_shared_verifier():
    """Proposals are SymPy trees the classical verifier's evaluator reads exactly like the generator."""
    import random

    ev = pytest.importorskip("sympy_recur.evaluate")
    from sympy_recur.training.generator import GeneratorConfig, sample_int, tree_to_sympy

    rng = random.Random(5)
    for _ in range(150):
        ex = sample_int(rng, GeneratorConfig(max_terms=12))
        f = ev.compile_rhs(tree_to_sympy(ex.tree))
        t = list(ex.terms)
        for i in range(ex.degree, len(t)):
            assert f(i, {j: t[i - j] for j in range(1, ex.degree + 1)}) == t[i]


def test_shift_n_keeps_previous_terms():
    from sympy_recur.symbols import n, u
    from sympy_recur.training.generator import tree_to_sympy

    tree = ("add", ("mul", ("n",), ("u", 1)), ("u", 2))
    assert tree_to_sympy(P._shift_n(tree, 1)) == (n - 1) * u(n - 1) + u(n - 2)
    assert tree_to_sympy(P._shift_n(tree, -2)) == (n + 2) * u(n - 1) + u(n - 2)
    assert P._shift_n(tree, 0) is tree


# Documented in docs/model_card.md: what the shipped weights propose (first proposal that fits).
DOCUMENTED = [
    ([0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89], "u(n - 1) + u(n - 2)", 2),
    ([1, 2, 4, 8, 16, 32, 64, 128], "2*u(n - 1)", 1),
    ([0, 1, 4, 9, 16, 25, 36, 49, 64], "n**2", 0),
    ([1, 1, 2, 6, 24, 120, 720, 5040], "n*u(n - 1)", 1),
]


@pytest.mark.parametrize("terms, rhs, order", DOCUMENTED)
def test_shipped_weights_documented_outputs(terms, rhs, order):
    pytest.importorskip("torch")
    import sympy as sp

    from sympy_recur.symbols import n, u

    if not P.model_available():
        pytest.skip("no shipped weights")
    props = P.propose(terms, beam_size=10, time_limit=10)
    best = next(p for p in props if p.fits)
    assert best.rhs == sp.sympify(rhs, locals={"n": n, "u": u}) and best.order == order
