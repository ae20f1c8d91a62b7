import pickle

import pytest
import sympy

from sympy_recur import recurrence_guess
from sympy_recur.tree_product import SelfEulerProduct, self_euler_terms, verified_self_euler

# A000081, rooted trees with n nodes, computed here from the definition
# (a rooted tree is a root over a multiset of rooted trees), not from the rule.


def rooted_trees(count):
    a = [0, 1]
    for m in range(2, count):
        # multisets of subtrees with m - 1 nodes in all: partitions of m - 1 with
        # a part of size s chosen among a[s] trees (with repetition)
        ways = [1] + [0] * (m - 1)
        for s in range(1, m):
            new = ways[:]
            for total in range(m):
                if ways[total] == 0:
                    continue
                # add j >= 1 subtrees of size s: C(a[s] + j - 1, j) multisets
                j = 1
                while total + j * s < m:
                    new[total + j * s] += ways[total] * sympy.binomial(a[s] + j - 1, j)
                    j += 1
            ways = new
        a.append(int(ways[m - 1]))
    return a


TREES = rooted_trees(31)


def test_rooted_trees_from_their_definition():
    assert TREES[:12] == [0, 1, 1, 2, 4, 9, 20, 48, 115, 286, 719, 1842]


@pytest.mark.parametrize("start", [0, 1])
def test_rooted_trees_are_found_with_or_without_the_leading_zero(start):
    terms = TREES[start:start + 15]
    r = recurrence_guess(terms)
    assert isinstance(r, SelfEulerProduct) and r.kind == "euler-product" and r.order == sympy.oo
    assert r.lag == -start  # the exponent of (1 - x^k) is the number of trees with k nodes
    assert r.predict(15) == TREES[start + 15:start + 30]
    assert pickle.loads(pickle.dumps(r)).predict(3) == TREES[start + 15:start + 18]


def test_the_rule_recomputes_the_given_terms_exactly():
    assert self_euler_terms(1, 1, 0, 31) == TREES
    # u(0) = 2 scales nothing in the exponents: a different sequence, also found
    terms = self_euler_terms(2, 1, 0, 15)
    assert [r.predict(2) for r in verified_self_euler(terms, 0)] == [self_euler_terms(2, 1, 0, 17)[15:]]


def test_not_claimed_when_one_term_is_off():
    terms = TREES[:15]
    terms[12] += 1
    assert verified_self_euler(terms, 0) == []
    assert verified_self_euler(TREES[:15], 1) == []  # the products are read from index 0
