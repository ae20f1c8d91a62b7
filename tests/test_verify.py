"""verify: exact reproduction of every term plus the overfit guards."""

from fractions import Fraction

import sympy

from sympy_recur import Recurrence
from sympy_recur._deadline import Deadline
from sympy_recur.candidate import Candidate
from sympy_recur.symbols import n, u
from sympy_recur.verify import DEFICIT_BITS, MAX_MEMORY_DEFICIT, MIN_CHECKS, verify

FIB = [0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89]


def cand(rhs, kind="c-finite", **kw):
    return Candidate(rhs=rhs, kind=kind, source="test", **kw)


def test_correct_recurrence_verifies_with_its_initial_values():
    r = verify(cand(u(n - 1) + u(n - 2), n_params=1), FIB, 0)
    assert isinstance(r, Recurrence)
    assert r.initial == {u(0): 0, u(1): 1}
    assert r.n_given == 12 and r.n_checks == 12 - 2 - 1
    assert r.source == "test" and r.kind == "c-finite"
    assert r.predict(2) == [144, 233]


def test_offset_moves_the_initial_indices():
    r = verify(cand(u(n - 1) + u(n - 2), n_params=1), FIB, 5)
    assert r.initial == {u(5): 0, u(6): 1}


def test_one_wrong_term_rejects_the_candidate():
    bad = FIB[:-1] + [90]
    assert verify(cand(u(n - 1) + u(n - 2), n_params=1), bad, 0) is None


def test_wrong_closed_form_is_rejected():
    assert verify(cand(n ** 2, kind="closed-form"), [i ** 3 for i in range(12)], 0) is None


def test_too_few_checks_beyond_the_fit_are_rejected():
    # 6 terms, 2 initial values and 3 fitted numbers leave 1 check < MIN_CHECKS.
    assert MIN_CHECKS == 2
    assert verify(cand(u(n - 1) + u(n - 2), n_params=3), FIB[:6], 0) is None


def test_long_memory_rule_pays_for_each_missing_check():
    # order 4, 4 initial values, 1 fitted number: 8 terms leave 3 checks, one
    # short of the order; allowed only with DEFICIT_BITS more evidence.
    seq = [1, 1, 1, 1, 4, 7, 13, 25]
    rhs = u(n - 1) + u(n - 2) + u(n - 3) + u(n - 4)
    assert verify(cand(rhs, n_params=1), seq, 0) is None
    r = verify(cand(rhs, n_params=1), seq, 0, min_saving_bits=-100)
    assert r is not None and r.n_checks == 3
    # The same evidence minus what the missing check costs falls short.
    assert verify(cand(rhs, n_params=1), seq, 0, min_saving_bits=r.evidence_bits - DEFICIT_BITS + 0.5) is None
    assert verify(cand(rhs, n_params=1), seq, 0, min_saving_bits=r.evidence_bits - DEFICIT_BITS - 0.5) is not None
    longer = seq + [49, 94, 181, 349, 673, 1297]
    assert verify(cand(rhs, n_params=1), longer, 0) is not None


def test_long_memory_rule_missing_too_many_checks_is_rejected_whatever_the_evidence():
    # order 6, 6 initial values, 1 fitted number, 2 checks: 4 short of the order.
    seq = [1, 1, 1, 1, 1, 1]
    while len(seq) < 9:
        seq.append(sum(seq[-6:]))
    rhs = sum((u(n - j) for j in range(1, 7)), sympy.Integer(0))
    assert MAX_MEMORY_DEFICIT == 3
    assert verify(cand(rhs, n_params=1), seq, 0, min_saving_bits=-100) is None
    assert verify(cand(rhs, n_params=1), seq + [sum(seq[-6:])], 0, min_saving_bits=-100) is not None


def test_low_information_checks_are_rejected():
    # 0/1 data: the checked terms carry fewer than MIN_CHECK_BITS bits.
    seq = [0, 1, 0, 1, 0, 1, 0]
    assert verify(cand(u(n - 2), n_params=1), seq, 0) is None
    assert verify(cand(u(n - 2), n_params=1), seq, 0, min_check_bits=0,
                  min_saving_bits=-100) is not None


def test_candidate_with_an_invalid_rhs_is_rejected_not_raised():
    assert verify(cand(u(n + 1)), FIB, 0) is None
    assert verify(cand(sympy.Function("f")(n - 1)), FIB, 0) is None


def test_expired_deadline_returns_none():
    d = Deadline(1.0)
    d.end -= 10
    assert verify(cand(u(n - 1) + u(n - 2), n_params=1), FIB, 0, deadline=d) is None


def test_rule_undefined_within_ten_terms_beyond_the_data_is_rejected():
    # n + 1/(1 - floor(n/k)) - 1 equals n for n < k and divides by zero at n = k.
    seq = list(range(12))
    near = n + 1 / (1 - sympy.floor(n / 15)) - 1
    far = n + 1 / (1 - sympy.floor(n / 40)) - 1
    loose = dict(min_saving_bits=float("-inf"))  # isolate the look-ahead from the MDL guard
    assert verify(cand(near, kind="closed-form"), seq, 0, **loose) is None
    assert verify(cand(far, kind="closed-form"), seq, 0, **loose) is not None


def test_p_recursive_singularity_becomes_an_initial_value():
    # u(n) = (n - 3) * u(n - 1) / (n - 3) is undefined at n = 3 only.
    seq = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048]
    rhs = sympy.Mul(2, n - 3, u(n - 1), sympy.Pow(n - 3, -1), evaluate=False)
    r = verify(cand(rhs, kind="hypergeometric", allow_singular=True), seq, 0)
    assert r is not None
    assert set(r.initial) == {u(0), u(3)}
    assert verify(cand(rhs, kind="hypergeometric", allow_singular=False), seq, 0) is None


def test_rational_terms_verify_exactly():
    seq = [Fraction(1, i + 1) for i in range(12)]
    r = verify(cand(1 / (n + 1), kind="closed-form"), seq, 0)
    assert r is not None and r.predict(1) == [sympy.Rational(1, 13)]
    assert verify(cand(1 / (n + 2), kind="closed-form"), seq, 0) is None


def test_every_interleaved_subsequence_needs_a_check():
    # u(n) = 3 u(n - 4): four geometric subsequences; with 7 terms the last
    # one (index 3) is never checked, with 8 every one is.
    seq = [1, 5, 7, 2, 3, 15, 21, 6]
    assert verify(cand(3 * u(n - 4), n_params=1), seq[:7], 0, min_saving_bits=-100,
                  min_check_bits=0, min_checks=0) is None
    assert verify(cand(3 * u(n - 4), n_params=1), seq, 0, min_saving_bits=-100,
                  min_check_bits=0, min_checks=0) is not None


def test_fractional_constant_coefficients_are_refused_on_integer_data():
    # 2^n satisfies u(n) = 3/2 u(n-1) + u(n-2) (char. poly (x - 2)(x + 1/2)); on
    # integer data a fractional constant-coefficient rule is never the
    # shortest (Fatou's lemma): refused, while u(n) = 2 u(n-1) verifies.
    rhs = sympy.Rational(3, 2) * u(n - 1) + u(n - 2)
    powers = [2 ** i for i in range(14)]
    assert verify(cand(rhs, n_params=2), powers, 0) is None
    assert verify(cand(2 * u(n - 1), n_params=1), powers, 0) is not None
    # rational data: the same rule on rational terms is kept
    seq = [Fraction(1, 3), Fraction(1, 7)]
    while len(seq) < 14:
        seq.append(Fraction(3, 2) * seq[-1] + seq[-2])
    assert verify(cand(rhs, n_params=2), seq, 0) is not None
    # coefficients depending on n are not constrained
    catalan = [int(sympy.catalan(i)) for i in range(14)]
    assert verify(cand(2 * (2 * n - 1) * u(n - 1) / (n + 1), kind="hypergeometric"), catalan, 0) is not None



# ---------------------------------------------------------------- steps of floor / Mod parts

def test_floor_that_steps_once_on_the_data_is_not_evidenced():
    from sympy_recur.verify import steps_evidenced

    terms = [k + k // 9 for k in range(15)]  # floor(n/9) is 0 then 1: so is floor((n + 9)/18)
    assert not steps_evidenced(n + sympy.floor(n / 9), terms, 0)
    # the same rule read from index 10 on sees it step 2 times
    assert steps_evidenced(n + sympy.floor(n / 9), [k + k // 9 for k in range(10, 30)], 10)


def test_floor_and_mod_that_step_twice_or_more_are_evidenced():
    from sympy_recur.verify import steps_evidenced

    assert steps_evidenced(n + sympy.floor(n / 4), [k + k // 4 for k in range(15)], 0)
    period = [k % 5 for k in range(15)]
    assert steps_evidenced(sympy.Mod(u(n - 1) + 1, 5), period, 0)
    # one wrap of Mod(n, 13) is one step; the recurrence's wrap is seen going up and coming back
    assert not steps_evidenced(sympy.Mod(n, 13), [k % 13 for k in range(15)], 0)
    assert steps_evidenced(sympy.Mod(u(n - 1) + 1, 13), [k % 13 for k in range(15)], 0)


def test_rules_without_steps_and_unevaluable_parts_are_left_to_verify():
    from sympy_recur.verify import steps_evidenced

    assert steps_evidenced(u(n - 1) + u(n - 2), [1, 1, 2, 3, 5, 8], 0)
    assert steps_evidenced(sympy.floor(1 / (n - 3)), [0] * 8, 0)  # undefined at n = 3


# ---------------------------------------------------------------- repeated values and short periods

def test_stuttered_data_confirms_a_rule_once_per_run():
    from sympy_recur.verify import stutter_factor

    tripled = [v for v in (1, 2, 3, 5, 7) for _ in range(3)]
    assert stutter_factor(tripled) == 3
    # 2 u(n - 6) + 1 fits 1, 2, 3, 5, 7 with two values and two numbers: one run left to confirm it
    assert verify(cand(2 * u(n - 6) + 1, n_params=2), tripled, 0) is None
    # the same rule on data without repeats has 15 - 6 - 2 checks and passes
    plain = [1, 2, 3, 4, 5, 6]
    while len(plain) < 15:
        plain.append(2 * plain[-6] + 1)
    assert stutter_factor(plain) == 1
    assert verify(cand(2 * u(n - 6) + 1, n_params=2), plain, 0) is not None
    # floor(n/3): one value and one number, three runs confirm it
    assert verify(cand(u(n - 3) + 1, n_params=1), [k // 3 for k in range(15)], 0) is not None


def test_stutter_factor_needs_equal_runs_that_differ():
    from sympy_recur.verify import stutter_factor

    assert stutter_factor([1, 1, 2, 2, 3, 3, 4]) == 2      # the last run may be cut short
    assert stutter_factor([1, 1, 2, 2, 2, 3, 3]) == 1      # unequal runs
    assert stutter_factor([0] * 15) == 1                   # one run is not a stutter
    assert stutter_factor([1, 1, 1, 1]) == 1


def test_low_information_period_seen_three_times_passes():
    five = [0, 0, 0, 1, 1]
    assert verify(cand(u(n - 5)), five * 3, 0) is not None
    # two periods and four terms of it are not enough at this information
    assert verify(cand(u(n - 5)), (five * 3)[:14], 0) is None
    # nor is a constant zero list, however long
    assert verify(cand(u(n - 1)), [0] * 15, 0) is None


def test_stutter_factor_is_linear_on_long_constant_runs():
    import time

    from sympy_recur.verify import stutter_factor
    start = time.monotonic()
    assert stutter_factor([7] * 200_000) == 1
    assert stutter_factor([v for v in range(50_000) for _ in range(4)]) == 4
    assert time.monotonic() - start < 1.0
