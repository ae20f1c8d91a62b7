"""The examples in README.md and in the core modules' docstrings run as written."""

import doctest
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

CORE_MODULES = [
    "sympy_recur.guess",
    "sympy_recur.recurrence",
    "sympy_recur.linalg",
    "sympy_recur.evaluate",
    "sympy_recur.ranking",
    "sympy_recur.euler_product",
    "sympy_recur.binary_recurrence",
    "sympy_recur.dirichlet_product",
    "sympy_recur.divisor_convolution",
    "sympy_recur.triangle_recurrence",
    "sympy_recur.tree_product",
    "sympy_recur.riccati_egf",
    "sympy_recur.nested_recurrence",
    "sympy_recur.guessers.euler",
    "sympy_recur.guessers.continued_fraction",
    "sympy_recur.guessers.rational_digits",
    "sympy_recur.guessers.digit_functions",
    "sympy_recur.weighted_product",
    "sympy_recur.member_list",
    "sympy_recur.guessers.number_lists",
    "sympy_recur.guessers.digit_lists",
    "sympy_recur.arithmetic",
    "sympy_recur.residue_partitions",
    "sympy_recur.difference_partitions",
    "sympy_recur.verify",
]


@pytest.mark.parametrize("name", CORE_MODULES)
def test_module_docstring_examples_pass(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0


def test_readme_examples_pass():
    result = doctest.testfile(str(ROOT / "README.md"), module_relative=False,
                              optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
