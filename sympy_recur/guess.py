"""``recurrence_guess``: sequence -> candidate sources -> exact check -> ranking."""

from __future__ import annotations

import sys
from typing import Iterable, Iterator

import sympy

from ._deadline import Deadline, DeadlineExceeded, check_time_limit
from ._numbers import exact_terms
from .candidate import Candidate, classify
from .recurrence import Recurrence
from .verify import steps_evidenced, verify

__all__ = ["recurrence_guess", "MIN_TERMS", "METHODS"]

MIN_TERMS = 4
METHODS = ("auto", "classical", "model")
# Once a candidate verifies, ansätze this many unknowns larger are still tried
# (a simpler closed form or nonlinear rule may rank above it); beyond, none can win.
_SIZE_SLACK = 4
# Transformed terms get only the cheap part of the ansatz plan: a transform
# is worth trying for simple rules, and it must not dominate the time.
_TRANSFORM_MAX_COST = 8
_TRANSFORM_SEARCH_TERMS = 64
# Rules that use every earlier term (infinite products, e.g.f.s) cost O(N^2)
# operations on numbers of O(N) digits to check: longer inputs skip them.
FULL_HISTORY_MAX_TERMS = 500
# Restricted partitions (no parts below m, ...) have exponents b(k) that
# settle into their pattern only after a few exceptional first values.
_EULER_MAX_PREFIX = 5


# Importing torch and loading the weights takes seconds on first use; a call
# with less time left than this skips the model rather than overrun its limit.
_MODEL_LOAD_SECONDS = 3.0


def _model_sources(terms, offset, deadline, proposals=None) -> Iterator[Candidate]:
    if proposals is None:
        if "torch" not in sys.modules and deadline.remaining() < _MODEL_LOAD_SECONDS:
            return
        try:
            from .model.propose import propose, model_available
        except ImportError:
            return
        if not model_available():
            return
        proposals = propose(terms, offset=offset, time_limit=max(deadline.remaining() * 0.5, 0.05))
    for prop in proposals:
        # The model chose among many formulas after reading the data: its
        # description length is the information it took from them, and each
        # term's coefficient counts as a fitted number, as it would in the
        # ansatz that fits the same rule: one rule, one guard, whoever proposed
        # it. (With n_params = 0 a proposal passed where that fit is refused:
        # A098132, u(n) = u(n - 6) + u(n - 1) from 15 terms, wrong after them.)
        if not steps_evidenced(prop.rhs, terms, offset, prop.n_prefix):
            continue
        n_terms = len(sympy.Add.make_args(sympy.expand(prop.rhs)))
        yield Candidate(rhs=prop.rhs, kind=classify(prop.rhs), source="model",
                        n_params=n_terms, n_prefix=prop.n_prefix)


def _run_ansatz_plan(terms, offset, deadline, consider, *, exhaustive: bool,
                     max_cost: float = float("inf"), guard: dict | None = None,
                     max_prefix: int = 2, families=None, derive: bool = True) -> None:
    from .guessers.ansatz import (AnsatzCovers, ansatz_candidate, ansatz_plan, fit_ansatz,
                                  plan_covers)
    best_cost = None
    derived_from: set = set()
    # Many ansätze find the same relation (the zero coefficients of a wider
    # one aside); once verified, it is not rebuilt and checked again.
    verified_relations: set = set()
    closed_form_found = False
    deadline.check()  # the plan for a new length takes a while to build
    covers = AnsatzCovers(terms, offset)
    plan = ansatz_plan(len(terms), max_prefix=max_prefix)
    for (cost, ansatz, n_prefix), cover in zip(plan, plan_covers(len(terms), max_prefix=max_prefix)):
        if cost > max_cost:
            break
        if families is not None and not families(ansatz):
            continue
        if not exhaustive and best_cost is not None and cost > best_cost + _SIZE_SLACK:
            break
        deadline.check()
        if covers.rules_out(cover, n_prefix):
            continue
        fit = fit_ansatz(ansatz, terms, offset, n_prefix, guard=guard)
        if fit is None:
            continue
        relation = (fit.relation(ansatz), n_prefix)
        if relation in verified_relations:
            continue
        cand = ansatz_candidate(ansatz, fit, n_prefix)
        rec = None if cand is None else consider(cand)
        if rec is None:
            continue
        verified_relations.add(relation)
        best_cost = cost if best_cost is None else min(best_cost, cost)
        if derive and not closed_form_found and (rec.rhs, rec._initial) not in derived_from:
            # many ansätze find the same rule: derive its closed form once
            derived_from.add((rec.rhs, rec._initial))
            for extra in _derived(rec):
                closed = consider(extra)
                # Every rule of these terms has the same exponential-polynomial
                # closed form (the coefficients of absent roots vanish): once
                # one holds from the first term, the others add nothing.
                closed_form_found = closed_form_found or (closed is not None and not closed.initial)


def _run_transforms(terms, offset, deadline, consider, *, exhaustive: bool) -> None:
    """Search cheap rules for transformed terms; verify their images on the originals."""
    from .guessers.arithmetic import arithmetic_candidates
    from .guessers.transforms import TRANSFORMS, map_back
    from .ranking import description_length
    for t in TRANSFORMS:
        b = t.forward(terms, offset)
        if b is None or len(b) < MIN_TERMS:
            continue
        b_offset = offset + t.shift

        def consider_image(cand: Candidate, t=t, b=b, b_offset=b_offset):
            rec = verify(cand, b, b_offset, deadline=deadline)
            if rec is None:
                return None
            fit = description_length(cand.rhs) if cand.fit_bits is None else cand.fit_bits
            consider(map_back(t, cand, fit))
            return rec
        # The search reads a prefix, the check every term: ratios of a long
        # fast-growing input are fractions of thousands of digits, and one
        # rank test on all of them would overrun the time limit.
        head = b[:_TRANSFORM_SEARCH_TERMS]
        _run_ansatz_plan(head, b_offset, deadline, consider_image, exhaustive=exhaustive,
                         max_cost=_TRANSFORM_MAX_COST)
        for cand in arithmetic_candidates(head, b_offset):
            consider_image(cand)


def _run_euler(terms, offset, deadline, accept, *, exhaustive: bool) -> None:
    """Search rules for the exponents of a product or exponential generating function."""
    from .euler_product import EulerProduct, ExponentialFormula, ReciprocalExponential
    from .guessers.euler import inverse_euler, inverse_exponential, inverse_reciprocal_exponential
    from .tree_product import verified_self_euler
    if offset != 0 or len(terms) > FULL_HISTORY_MAX_TERMS:
        return
    # Leading zeros are a factor x**shift in front of the product.
    shift = next((i for i, t in enumerate(terms) if t != 0), len(terms))
    accepted = []

    def keep(rec):
        accepted.append(rec)
        accept(rec)
    exponents = inverse_euler(terms[shift:], deadline)
    _search_exponents(terms, shift, exponents, EulerProduct, deadline, keep, exhaustive=exhaustive)
    deadline.check()
    _search_exponents(terms, 0, inverse_exponential(terms, deadline), ExponentialFormula, deadline, keep,
                      exhaustive=exhaustive)
    deadline.check()
    _search_exponents(terms, 0, inverse_reciprocal_exponential(terms, deadline), ReciprocalExponential, deadline,
                      keep, exhaustive=exhaustive)
    if exhaustive or not accepted:
        # The same exponents, equal to the terms themselves: rooted trees
        # (a later step of its own before, asked only when nothing above fit).
        deadline.check()
        for rec in verified_self_euler(terms, offset, deadline, exponents):
            accept(rec)


def _search_exponents(terms, shift, b, result_class, deadline, accept, *, exhaustive: bool) -> None:
    from .euler_product import EulerProduct, ReciprocalExponential
    from .guessers.arithmetic import arithmetic_candidates
    from .guessers.euler import (EULER_BITS, cfinite_exponent_candidates, distinct_part_candidates,
                                 divisor_sum_candidate, exponent_expression)
    from .ranking import description_length
    from .verify import evidence_bits
    if b is None or not any(b) or len(b) < MIN_TERMS:
        return
    deadline.check()
    # Integer exponents are what make a product credible; an e.g.f. of
    # rational data (Bernoulli numbers: 1/b has b(k) = 1/(k+1)) may have
    # rational ones, with a hypergeometric rule.
    rational = any(v.denominator != 1 for v in b)
    if rational and (result_class is EulerProduct or all(isinstance(t, int) for t in terms)):
        return
    b = [v if v.denominator != 1 else int(v) for v in b]
    relaxed = {"min_check_bits": 0.0, "min_saving_bits": float("-inf")}

    def consider_exponents(cand: Candidate):
        # The exponents are small numbers (often 0/1), too few bits to pass
        # the guard on their own; the evidence is counted on the terms
        # themselves, which the result reproduces.
        rule = verify(cand, b, 1, deadline=deadline, **relaxed)
        if rule is None:
            return None
        fit = description_length(cand.rhs) if cand.fit_bits is None else cand.fit_bits
        bar = _pure_period_bar(cand)
        evidence = evidence_bits(terms, list(terms[: shift + 1 + rule.n_free_initial]), cand.n_params,
                                 fit + EULER_BITS, **bar)
        if evidence is None and bar:
            # Purely periodic exponents of small partition counts: the terms
            # carry few bits, the exponents are the data that repeat. They
            # pass if the exponents alone pass the guard of a pure period.
            evidence = evidence_bits(b, b[: rule.n_free_initial], 0, fit, **bar)
        expr = exponent_expression(rule)
        if expr is None and evidence is not None:
            # other C-finite exponents: written through their closed form
            for extra in _derived(rule):
                closed = verify(extra, b, 1, deadline=deadline, **relaxed)
                expr = None if closed is None else exponent_expression(closed)
                if expr is not None:
                    break
        if evidence is not None and expr is not None:
            rec = result_class(terms[shift], rule, expr, n_given=len(terms), evidence_bits=evidence,
                               shift=shift)
            # The result's own exact check on every given term.
            if rec._raw_terms(0, len(terms)) == list(terms):
                accept(rec)
        return rule
    # Only closed forms, geometric and periodic rules are written out: try
    # those, with room for the exceptional first exponents.
    for cand in _periodic_candidates(b):
        consider_exponents(cand)
    if result_class is EulerProduct:
        cand = divisor_sum_candidate(b)
        if cand is not None:
            consider_exponents(cand)
        if not rational:
            # parts that are primes, or counted by the totient or the divisors
            for cand in arithmetic_candidates(b, 1):
                consider_exponents(cand)
            for cand in distinct_part_candidates(b):
                consider_exponents(cand)
    if not rational:
        for cand in cfinite_exponent_candidates(b):
            consider_exponents(cand)
    if result_class is ReciprocalExponential and not rational:
        return  # its integer exponents are periodic (2 - e^x, cos x): the search above has them
    _run_ansatz_plan(b, 1, deadline, consider_exponents, exhaustive=exhaustive,
                     max_cost=_TRANSFORM_MAX_COST + 2 * (_EULER_MAX_PREFIX - 2), guard=relaxed,
                     max_prefix=_EULER_MAX_PREFIX,
                     families=_small_hypergeometric if rational else _small_closed_or_cfinite, derive=False)


def _fallback_steps(terms, offset, deadline, consider, accept, *, exhaustive: bool):
    """The sources tried only while nothing has verified (every one with ``all=True``), in order.

    Each step feeds its candidates to ``consider`` (to be verified) or its
    already verified results to ``accept``.
    """
    from .binary_recurrence import verified_binary
    from .dirichlet_product import verified_dirichlet
    from .divisor_convolution import verified_divisor_convolutions
    from .guessers.algebraic import algebraic_candidates
    from .guessers.continued_fraction import convergent_candidates, sqrt_candidates
    from .guessers.rational_digits import digit_candidates
    from .guessers.root_continued_fraction import root_candidates
    from .guessers.triangle import triangle_candidates
    from .member_list import verified_member_lists
    from .nested_recurrence import verified_nested
    from .partition_convolution import verified_partition_convolutions
    from .difference_partitions import verified_difference_partitions
    from .residue_partitions import verified_residue_partitions
    from .riccati_egf import verified_riccati
    from .triangle_recurrence import verified_triangle_recurrences
    from .weighted_product import verified_weighted_products

    def each(sink, items):
        return lambda: [sink(item) for item in items()]

    yield lambda: _run_transforms(terms, offset, deadline, consider, exhaustive=exhaustive)
    yield each(consider, lambda: triangle_candidates(terms, offset, deadline=deadline))
    yield each(accept, lambda: verified_triangle_recurrences(terms, offset))
    # A square root explains a whole period with one number: it goes first,
    # a period read off the data only if none fits.
    yield each(consider, lambda: sqrt_candidates(terms, offset))
    yield each(consider, lambda: convergent_candidates(terms, offset))
    yield each(consider, lambda: root_candidates(terms, offset))
    yield each(consider, lambda: digit_candidates(terms, offset))
    yield each(accept, lambda: verified_dirichlet(terms, offset))
    yield each(accept, lambda: verified_partition_convolutions(terms, offset, deadline=deadline))
    yield each(accept, lambda: verified_divisor_convolutions(terms, offset, deadline=deadline))
    yield each(accept, lambda: verified_binary(terms, offset))
    yield lambda: _run_euler(terms, offset, deadline, accept, exhaustive=exhaustive)
    # partition counts that are no Euler product, after the products
    yield each(accept, lambda: verified_residue_partitions(terms, offset, deadline=deadline))
    yield each(accept, lambda: verified_difference_partitions(terms, offset, deadline=deadline))
    if len(terms) <= FULL_HISTORY_MAX_TERMS:
        yield each(accept, lambda: verified_riccati(terms, offset, deadline))
    yield each(accept, lambda: verified_nested(terms, offset))
    yield each(accept, lambda: verified_weighted_products(terms, offset, deadline=deadline))
    yield each(consider, lambda: algebraic_candidates(terms, offset, deadline=deadline))
    yield each(accept, lambda: verified_member_lists(terms, offset, deadline=deadline))


def _pure_period_bar(cand: Candidate) -> dict:
    """The guard's lower bar for exponents that repeat from the first one on."""
    from .verify import PERIODIC_SAVING_BITS
    # Not for sign-alternating periods: half the values name a whole period,
    # which 0/1 cellular automata and characters fit by chance.
    if cand.source == "periodic" and not cand.n_prefix and not cand.rhs.could_extract_minus_sign():
        return {"min_saving_bits": PERIODIC_SAVING_BITS}
    return {}


def _small_hypergeometric(ansatz) -> bool:
    return _small_closed_or_cfinite(ansatz) or (ansatz.kind == "hypergeometric" and ansatz.unknowns <= 4)


def _small_closed_or_cfinite(ansatz) -> bool:
    if ansatz.kind == "closed-form":
        return ansatz.unknowns <= 4
    return (ansatz.kind == "c-finite" and ansatz.unknowns <= 2 and "+poly" not in ansatz.name
            and not ansatz.name.startswith("sparse"))


def _periodic_candidates(b: list, max_period: int = 7) -> Iterable[Candidate]:
    """``b(k) = b(k - p)``, or ``-b(k - p)`` (period ``2p``), after at most ``_EULER_MAX_PREFIX`` exceptional
    values, shortest first."""
    from .ranking import description_length
    from .symbols import n, u
    for prefix in range(_EULER_MAX_PREFIX + 1):
        for p in range(1, max_period + 1):
            if len(b) - prefix - p < max(2, p):
                break
            for sign in (1, -1):
                if all(b[i] == sign * b[i - p] for i in range(prefix + p, len(b))):
                    yield Candidate(rhs=sign * u(n - p), kind="c-finite", source="periodic", n_prefix=prefix,
                                    fit_bits=None if sign == 1 else 1 + description_length(u(n - p)))
                    return


def _derived(rec: Recurrence) -> Iterable[Candidate]:
    """Candidates derived from a verified one (closed forms of recurrences)."""
    from .closed_form import exp_poly_candidate
    cand = exp_poly_candidate(rec)
    if cand is not None:
        yield cand


def recurrence_guess(seq, *, offset: int = 0, time_limit: float = 10.0,
                     method: str = "auto", all: bool = False, _model_proposals=None):
    r"""Find the rule behind the terms of a sequence, checked exactly.

    Explanation
    ===========

    Candidate rules come from classical guessers (polynomial closed forms,
    C-finite and P-recursive recurrences, polynomial nonlinear and
    Somos-like recurrences, each found as the exact kernel of a linear
    system over QQ; rational, algebraic, infinite-product (eta quotients
    among them) and exponential generating functions; functions of the
    index convolved with the partition numbers; divisor sums of a linear
    recurrence such as necklace counts; triangles read by rows
    (Pascal-like rules, Riordan arrays); continued-fraction convergents with periodic
    partial quotients, or those of a square or higher root; decimal digits
    of a fraction; arithmetic and digit functions of the index such as
    ``divisor_sigma``, ``primepi`` and ``n XOR c``) and, when installed, from the trained
    transformer. Every
    candidate is run forward from its initial values in exact rational
    arithmetic and must reproduce every given term, with at least two terms
    (and twelve bits of them) beyond those used to fit it. The verified
    candidates are ranked by description length (bits to write the rule and
    its initial values): the simplest wins.

    Examples
    ========

    >>> from sympy_recur import recurrence_guess
    >>> recurrence_guess([1, 1, 2, 5, 14, 42, 132, 429, 1430])
    Recurrence(u(n) = 2*(2*n - 1)*u(n - 1)/(n + 1), initial={u(0): 1}, kind='hypergeometric')
    >>> recurrence_guess([0, 1, 4, 9, 16, 25, 36, 49])
    Recurrence(u(n) = n**2, kind='closed-form')
    >>> r = recurrence_guess([2, 3, 7, 43, 1807, 3263443, 10650056950807])
    >>> r.equation
    Eq(u(n), u(n - 1)**2 - u(n - 1) + 1)

    Too few terms to leave any check: nothing is claimed.

    >>> recurrence_guess([1, 2, 4]) is None
    Traceback (most recent call last):
    ...
    ValueError: need at least 4 terms, got 3
    >>> recurrence_guess([3, 1, 4, 1, 5, 9, 2, 6]) is None
    True

    Parameters
    ==========

    seq : iterable of exact numbers
        ``int``, ``fractions.Fraction``, SymPy ``Integer``/``Rational``,
        numpy integers, Sage ``Integer``/``Rational`` (anything with
        ``__index__``, ``numerator``/``denominator`` or ``_sympy_``), or
        strings such as ``"3"`` and ``"2/3"``. Floats are rejected with a
        ``TypeError``: they are not exact (use ``fractions.Fraction`` or
        :func:`~sympy_recur.constant_identify`).
    offset : int
        Index ``n`` of the first term (default 0).
    time_limit : float
        Seconds; the search stops and returns what verified so far.
    method : {"auto", "classical", "model"}
        Candidate sources: classical guessers, the transformer, or both.
    all : bool
        Return the list of every verified candidate, best first, instead of
        the best one.

    Returns
    =======

    :class:`~sympy_recur.Recurrence` or ``None`` (``list`` with ``all=True``).

    See Also
    ========

    sympy.series.sequences.SeqBase.find_linear_recurrence, sympy.concrete.guess.guess, sympy.rsolve

    References
    ==========

    .. [1] d'Ascoli, Kamienny, Lample, Charton, "Deep Symbolic Regression
       for Recurrent Sequences", ICML 2022.
    .. [2] M. Kauers, "Guessing Handbook", RISC Report 09-07, 2009.
    """
    terms = exact_terms(seq, min_terms=MIN_TERMS)
    if isinstance(offset, bool) or not isinstance(offset, int):
        if hasattr(type(offset), "__index__") and not isinstance(offset, bool):
            offset = int(offset.__index__())
        else:
            raise TypeError(f"offset must be an int, got {type(offset).__name__}")
    time_limit = check_time_limit(time_limit)
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    if not isinstance(all, bool):
        raise TypeError(f"all must be True or False, got {all!r}")
    deadline = Deadline(time_limit)

    found: dict[tuple, Recurrence] = {}

    def consider(cand: Candidate) -> Recurrence | None:
        rec = verify(cand, terms, offset, deadline=deadline)
        return None if rec is None else accept(rec)

    def accept(rec: Recurrence) -> Recurrence:
        # A closed form's initial values (an exceptional prefix it also
        # reproduces) are redundant: one entry per formula.
        key = (rec.rhs,) if rec.order == 0 else (rec.rhs, tuple(sorted(rec.initial.items(), key=str)))
        old = found.get(key)
        if old is None or rec.complexity < old.complexity:
            found[key] = rec
        return rec

    try:
        if method == "model":
            # (_model_proposals: the model's proposals decoded in a batch by
            # recurrence_guess_many; they are verified here like any other.)
            for cand in _model_sources(terms, offset, deadline, _model_proposals):
                consider(cand)
        if method in ("auto", "classical"):
            _run_ansatz_plan(terms, offset, deadline, consider, exhaustive=all)
            from .guessers.rational_gf import rational_gf_candidates
            for cand in rational_gf_candidates(terms, deadline=deadline):
                consider(cand)
            from .guessers.arithmetic import arithmetic_candidates
            for cand in arithmetic_candidates(terms, offset):
                consider(cand)
            from .guessers.digit_functions import index_digit_candidates
            for cand in index_digit_candidates(terms, offset):
                consider(cand)
            for step in _fallback_steps(terms, offset, deadline, consider, accept, exhaustive=all):
                if all or not found:
                    deadline.check()
                    step()
        # The model is slower than the classical sources: in "auto" it is asked
        # only where they found nothing (or for the full list).
        if method == "auto" and (all or not found):
            for cand in _model_sources(terms, offset, deadline, _model_proposals):
                consider(cand)
    except DeadlineExceeded:
        pass

    ranked = sorted(found.values(), key=lambda r: (r.complexity, float(r.order), str(r.rhs)))
    ranked = [_explain(r, i, ranked) for i, r in enumerate(ranked)]
    if all:
        return ranked
    return ranked[0] if ranked else None


def _explain(rec: Recurrence, i: int, ranked: list[Recurrence]) -> Recurrence:
    k = len(ranked)
    if i == 0:
        why = f"simplest of {k} verified candidate{'s' if k > 1 else ''}"
        if k > 1:
            why += f" ({rec.complexity:.1f} bits vs {ranked[1].complexity:.1f} for the next)"
    else:
        why = f"rank {i + 1} of {k} ({rec.complexity:.1f} bits)"
    why += f"; reproduces all {rec.n_given} given terms, {rec.n_checks} beyond its fit"
    return rec._with_reason(why)
