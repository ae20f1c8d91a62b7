import pickle
import random

import pytest
import sympy

from sympy_recur import NestedRecurrence, recurrence_guess
from sympy_recur.nested_recurrence import TEMPLATES, nested_terms, verified_nested


def hofstadter_q(count):
    a = [None, 1, 1]  # OEIS A005185, from a(1): written out from the definition
    for m in range(3, count + 1):
        a.append(a[m - a[m - 1]] + a[m - a[m - 2]])
    return a[1:]


def golomb(count):
    a = [None, 1]  # A001462: a(m) is the number of times m occurs
    for m in range(2, count + 1):
        a.append(1 + a[m - a[a[m - 1]]])
    return a[1:]


def hofstadter_g(count):
    a = [0]  # A005206 from a(0) = 0: a(m) = m - a(a(m - 1))
    for m in range(1, count):
        a.append(m - a[a[m - 1]])
    return a


@pytest.mark.parametrize("seq, name", [(hofstadter_q(40), "hofstadter-q"), (golomb(40), "golomb"),
                                       (hofstadter_g(41)[1:], "hofstadter-g")])
def test_classical_nested_sequences_are_found_and_continue(seq, name):
    r = recurrence_guess(seq[:15])
    assert isinstance(r, NestedRecurrence) and r.template == name
    assert r.predict(25) == seq[15:40]
    assert pickle.loads(pickle.dumps(r)).predict(3) == seq[15:18]


def test_displayed_rule_reproduces_the_terms():
    seq = hofstadter_q(20)
    r = recurrence_guess(seq[:15])
    n = sympy.Symbol("n", integer=True)
    values = [seq[0], seq[1]]
    for m in range(2, 20):
        expr = r.rhs.subs(n, m)
        while expr.has(sympy.Function("u")):
            expr = expr.replace(lambda e: isinstance(e, sympy.core.function.AppliedUndef) and e.args[0].is_Integer,
                                lambda e: sympy.Integer(values[int(e.args[0])]))
        values.append(int(expr))
    assert values == seq


def test_a_changed_term_or_random_lists_give_nothing():
    seq = golomb(15)
    seq[11] += 1
    assert verified_nested(seq, 0) == []
    rng = random.Random(5)
    assert not any(verified_nested(sorted(rng.randint(1, 12) for _ in range(15)), 0) for _ in range(300))
    assert verified_nested([0] + golomb(14), 0) == []  # positions must be positive


def test_rules_that_read_outside_the_terms_are_not_used():
    t = next(t for t in TEMPLATES if t.name == "hofstadter-q")
    assert nested_terms(t, [3, 3], 0, 10) is None


def test_templates_say_whether_they_read_absolute_positions():
    # the flag that skips the second shift must match what the rule reads
    assert all(t.absolute == (t.expr(0) != t.expr(1)) for t in TEMPLATES)
