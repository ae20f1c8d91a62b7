"""The Recurrence result object: fields, terms, conversions, printing, immutability."""

import json
from fractions import Fraction

import pytest
import sympy
from sympy.series.sequences import RecursiveSeq, SeqFormula

from sympy_recur import Recurrence, recurrence_guess
from sympy_recur.symbols import n, u

FIB = [0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89]
FIB_NEXT = [144, 233, 377, 610, 987]


@pytest.fixture(scope="module")
def fib():
    return recurrence_guess(FIB)


def make(rhs, **kw):
    base = dict(order=0, initial={}, offset=0, kind="closed-form", source="test",
                complexity=1.0, n_given=5, n_checks=2)
    base.update(kw)
    return Recurrence(rhs, **base)


def test_fields_of_fibonacci(fib):
    assert fib.equation == sympy.Eq(u(n), u(n - 1) + u(n - 2))
    assert fib.rhs == u(n - 1) + u(n - 2)
    assert fib.order == 2 and fib.offset == 0 and fib.kind == "c-finite"
    assert fib.initial == {u(0): 0, u(1): 1}
    assert all(isinstance(v, sympy.Integer) for v in fib.initial.values())
    assert fib.n_given == 12 and 2 <= fib.n_checks <= 10
    assert fib.complexity > 0 and fib.evidence_bits > 0
    assert fib.source.startswith("ansatz")
    assert "simplest" in fib.reason


def test_predict_gives_the_next_terms_exactly(fib):
    assert fib.predict(5) == FIB_NEXT
    assert fib.predict(0) == []
    assert all(isinstance(v, sympy.Integer) for v in fib.predict(3))


def test_terms_default_range_is_the_given_terms(fib):
    assert fib.terms() == FIB
    assert fib.terms(10, 14) == [55, 89, 144, 233]
    assert fib.terms(5, 5) == []


def test_terms_far_ahead_match_an_independent_computation(fib):
    a, b = 0, 1
    for _ in range(100):
        a, b = b, a + b
    assert fib.terms(100, 101) == [a]


@pytest.mark.parametrize("k", [-1, 1.5, True, "3"])
def test_predict_rejects_bad_counts(fib, k):
    with pytest.raises(ValueError, match="non-negative int"):
        fib.predict(k)


def test_terms_rejects_start_before_offset_and_reversed_ranges():
    r = recurrence_guess(FIB, offset=2)
    with pytest.raises(ValueError, match="start must be >= offset 2"):
        r.terms(1, 4)
    with pytest.raises(ValueError, match="must be >= start"):
        r.terms(6, 4)


def test_rational_terms_are_sympy_rationals():
    r = recurrence_guess([Fraction(i, 3) for i in range(12)])
    assert r.terms(0, 3) == [0, sympy.Rational(1, 3), sympy.Rational(2, 3)]
    assert isinstance(r.predict(1)[0], sympy.Rational)


def test_undefined_rule_raises_value_error_naming_the_index():
    r = make(1 / (n - 7))
    with pytest.raises(ValueError, match="undefined at n = 7"):
        r.terms(0, 10)


def test_closed_form_of_a_closed_form_is_its_rhs():
    assert recurrence_guess([i * i for i in range(12)]).closed_form() == n ** 2


def test_closed_form_of_mersenne_numbers():
    r = recurrence_guess([2 ** (i + 1) - 1 for i in range(12)])
    assert r.closed_form() == 2 ** (n + 1) - 1


def test_closed_form_of_fibonacci_is_binet_symbolically(fib):
    cf = fib.closed_form(time_limit=20.0)
    assert cf is not None
    s5 = sympy.sqrt(5)
    binet = (((1 + s5) / 2) ** n - ((1 - s5) / 2) ** n) / s5
    assert [sympy.expand(cf.subs(n, i)) for i in range(17)] == FIB + FIB_NEXT
    assert sympy.simplify(cf - binet) == 0


def test_closed_form_rejects_bad_time_limits(fib):
    with pytest.raises(ValueError, match="positive"):
        fib.closed_form(time_limit=0)
    with pytest.raises(TypeError, match="number of seconds"):
        fib.closed_form(time_limit="5")


def test_latex_starts_with_dollar_and_uses_sympy_function_notation(fib):
    tex = fib._repr_latex_()
    assert tex.startswith("$") and tex.endswith("$")
    assert r"u{\left(n \right)}" in tex
    assert r"u{\left(n - 2 \right)}" in tex
    assert r"u{\left(0 \right)} = 0" in tex


def test_sympy_latex_printer_uses_the_latex_hook(fib):
    assert sympy.latex(fib) == fib._latex()


def test_repr_and_str_of_fibonacci(fib):
    assert repr(fib) == ("Recurrence(u(n) = u(n - 2) + u(n - 1), initial={u(0): 0, u(1): 1}, "
                         "kind='c-finite')")
    assert str(fib) == "u(n) = u(n - 2) + u(n - 1), u(0) = 0, u(1) = 1"


def test_repr_of_a_closed_form_with_offset_mentions_the_offset():
    r = recurrence_guess([i * i for i in range(2, 14)], offset=2)
    assert repr(r) == "Recurrence(u(n) = n**2, offset=2, kind='closed-form')"
    assert str(r) == "u(n) = n**2  (n >= 2)"


def test_repr_pretty_writes_the_pretty_equation_and_initial_values(fib):
    class Printer:
        def __init__(self):
            self.out = []

        def text(self, s):
            self.out.append(s)

    p = Printer()
    fib._repr_pretty_(p, False)
    text = "".join(p.out)
    assert sympy.pretty(fib.equation) in text
    assert "u(0) = 0, u(1) = 1" in text


def test_as_dict_is_json_ready(fib):
    d = fib.as_dict()
    assert json.loads(json.dumps(d)) == d
    assert d["rhs"] == "u(n - 2) + u(n - 1)"
    assert d["initial"] == {"0": "0", "1": "1"}
    assert d["order"] == 2 and d["kind"] == "c-finite" and d["n_given"] == 12


def test_as_sequence_of_a_closed_form_is_a_seq_formula():
    r = recurrence_guess([i * i for i in range(1, 13)], offset=1)
    seq = r.as_sequence()
    assert isinstance(seq, SeqFormula)
    assert list(seq[:5]) == [1, 4, 9, 16, 25]


def test_as_sequence_of_a_recurrence_is_a_recursive_seq(fib):
    seq = fib.as_sequence()
    assert isinstance(seq, RecursiveSeq)
    assert list(seq[:12]) == FIB


def test_as_sequence_refuses_extra_initial_values():
    r = recurrence_guess([0, 0, 0] + [2 ** i for i in range(12)])
    with pytest.raises(ValueError, match="RecursiveSeq cannot hold initial values"):
        r.as_sequence()


@pytest.mark.parametrize("name", ["rhs", "order", "initial", "offset", "kind", "reason",
                                  "_rhs", "_cache", "new_attribute"])
def test_setting_any_attribute_raises_attribute_error(fib, name):
    with pytest.raises(AttributeError):
        setattr(fib, name, 1)


def test_initial_dict_is_a_copy(fib):
    d = fib.initial
    d[u(0)] = 99
    assert fib.initial == {u(0): 0, u(1): 1}


def test_equality_and_hash_ignore_ranking_metadata():
    a = make(n ** 2, complexity=1.0, source="a")
    b = make(n ** 2, complexity=9.0, source="b", reason="other")
    assert a == b and hash(a) == hash(b)
    assert a != make(n ** 2, offset=1)
    assert a != make(n ** 3)
    assert (a == "n**2") is False


def test_unknown_kind_is_rejected():
    with pytest.raises(ValueError, match="unknown kind 'linear'"):
        make(n, kind="linear")
