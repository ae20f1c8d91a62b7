"""Candidate closed forms for a decimal constant from the float model.

As in d'Ascoli et al. (ICML 2022): the model reads the sequence
``u(n) = c * n`` (``n = 0, 1, ..., N - 1``; the generator's index convention
starts at ``n = 0``), writes a formula ``f(n)`` in prefix notation, and the
formula read at ``n = 1`` is the candidate for ``c``. The same is done for
``1/c`` (a candidate ``K`` for it gives ``1/K``), in the same batch.

The model proposes, exact arithmetic decides: these expressions are *not*
verified here. :func:`sympy_recur.constants.constant_identify` (``method="auto"``
or ``"model"``) and :func:`sympy_recur.constants.verify_candidates` run them
through the chance-match guard and the high-precision check. torch and the
weights load lazily on the first call, from ``sympy_recur/weights/`` only.
"""

from __future__ import annotations

import math
import os
import time
from typing import Any

from .propose import WEIGHTS_DIR, _load, search_inputs

__all__ = ["FLOAT_WEIGHTS", "float_model_available", "float_model_state", "propose_constant", "N_TERMS"]

FLOAT_WEIGHTS = os.path.join(WEIGHTS_DIR, "float_model.safetensors")

N_TERMS = 25                       # terms c*0, c*1, ..., c*24 (training saw 5..30 terms)
MIN_ABS, MAX_ABS = 1e-4, 1e4       # the constants K of the training data lie in this range


def float_model_available() -> bool:
    """True when torch, safetensors and the shipped float weights can be loaded."""
    entry = _load(FLOAT_WEIGHTS)
    return entry is not None and entry[0].cfg.kind == "float"


def float_model_state() -> str:
    """``"absent"`` (no weight file), ``"loaded"`` (in memory) or ``"on disk"``; loads nothing."""
    from . import propose

    if not os.path.exists(FLOAT_WEIGHTS):
        return "absent"
    return "loaded" if propose._cache.get(FLOAT_WEIGHTS) is not None else "on disk"


def _at_one(tree: tuple) -> tuple:
    """The tree with the leaf ``n`` replaced by the constant 1."""
    if tree == ("n",):
        return ("c", 1)
    if tree[0] in ("u", "c") or len(tree) == 1:
        return tree
    return (tree[0],) + tuple(_at_one(t) for t in tree[1:])


def propose_constant(x: Any, *, beam_size: int = 10, time_limit: float = 2.0, n_terms: int = N_TERMS,
                     reciprocal: bool = True, rel_tol: float = 1e-3) -> list:
    """Candidate SymPy expressions for the constant ``x``, best first (unverified).

    Explanation
    ===========

    ``x`` is anything ``float()`` accepts (a decimal string, ``mpf``,
    ``Fraction``, SymPy number). The float model reads ``x*n`` for
    ``n = 0..n_terms-1`` (and ``n/x`` when ``reciprocal``), beam search keeps
    ``beam_size`` hypotheses per input, and every closed-form hypothesis
    ``f(n)`` (no ``u(n-j)``) gives the candidate ``f(1)`` (``1/f(1)`` for the
    reciprocal input). Only candidates within ``rel_tol`` of ``x`` in double
    precision are kept (the model reads four significant digits per term), one
    per expression. Returns ``[]`` when the float model is unavailable, ``x``
    is not a finite nonzero number of magnitude ``1e-4 .. 1e4``, or nothing
    decodes in time; it never raises. The first call imports torch and loads
    the weights (about 2 s, not counted in ``time_limit``).

    Examples
    ========

    >>> from sympy_recur.model.propose_constant import propose_constant, float_model_available
    >>> cands = propose_constant("3.14159265358979") if float_model_available() else []
    >>> all(c.is_number for c in cands)
    True

    See Also
    ========

    sympy_recur.constants.constant_identify : verifies these candidates.
    """
    try:
        return _propose(x, int(beam_size), float(time_limit), int(n_terms), bool(reciprocal), float(rel_tol))
    except Exception:  # noqa: BLE001 - a candidate source must never break the caller
        return []


def _propose(x, beam_size: int, time_limit: float, n_terms: int, reciprocal: bool, rel_tol: float) -> list:
    start = time.monotonic()
    c = float(x)
    if not math.isfinite(c) or c == 0 or beam_size < 1 or n_terms < 5:
        return []
    entry = _load(FLOAT_WEIGHTS)
    if entry is None:
        return []
    model, grammar, tok = entry
    if model.cfg.kind != "float":
        return []

    from sympy_recur.training.generator import degree, tree_to_sympy
    from sympy_recur.training.tokenizer import TokenError

    targets = [(c, False)]
    if reciprocal:
        targets.append((1.0 / c, True))
    variants = []
    for value, inverted in targets:
        if not MIN_ABS <= abs(value) <= MAX_ABS:
            continue
        ids = []
        for k in range(n_terms):
            t = tok.encode_float(value * k)
            if len(ids) + len(t) > model.cfg.max_src_len:
                break
            ids += t
        variants.append((value, inverted, ids))
    if not variants:
        return []
    results = search_inputs(model, tok, grammar, [ids for _, _, ids in variants], beam_size,
                            deadline=start + max(0.05, time_limit))

    from sympy_recur.training.generator import Undefined, constant_value

    scored = []
    for (value, inverted, _), hyps in zip(variants, results):
        for score, ids in hyps:
            try:
                tree = tok.decode_tree(ids)
            except TokenError:
                continue
            if degree(tree) != 0 or not math.isfinite(score):
                continue
            k_tree = _at_one(tree)
            try:
                v = constant_value(k_tree)
            except (Undefined, RecursionError, TypeError):
                continue
            if not (isinstance(v, float) and math.isfinite(v)) or abs(v - value) > rel_tol * abs(value):
                continue
            expr = tree_to_sympy(k_tree)
            if inverted:
                expr = 1 / expr
            if not expr.is_number or expr == 0:
                continue
            scored.append((score, expr))
    scored.sort(key=lambda p: -p[0])
    out, seen = [], set()
    for _, expr in scored:
        if expr not in seen:
            seen.add(expr)
            out.append(expr)
    return out
