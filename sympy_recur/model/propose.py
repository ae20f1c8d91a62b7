"""Candidate recurrences from the transformer: one candidate source among others.

The model proposes, exact arithmetic decides: :func:`propose` returns
right-hand sides that the caller verifies exactly on all given terms, like any
classical candidate. torch and the weights load lazily on the first call, from
``sympy_recur/weights/`` and nothing else (offline).
"""

from __future__ import annotations

import math
import os
import threading
import time
from dataclasses import dataclass
from typing import Any

__all__ = ["Proposal", "propose", "propose_many", "model_available", "WEIGHTS_DIR", "INT_WEIGHTS"]

WEIGHTS_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "weights")
INT_WEIGHTS = os.path.join(WEIGHTS_DIR, "int_model.safetensors")

MIN_TERMS = 4            # fewer terms than this: nothing useful to say
MAX_TERMS = 30           # the model saw 5..30 terms in training
MAX_ABS_DIGITS = 100     # nor terms of 100 digits or more

_lock = threading.Lock()
_cache: dict[str, Any] = {}


@dataclass(frozen=True)
class Proposal:
    """One candidate ``u(n) = rhs`` of degree ``order``.

    ``rhs`` is a SymPy expression in :data:`sympy_recur.symbols.n` and
    ``u(n - 1), ..., u(n - order)``, with ``n`` the index of the term (the
    first given term has index ``offset``, 0 by default). The first
    ``n_prefix + order`` terms are initial values: ``n_prefix`` is 0, or 1 when
    the model read the terms without the first one (sequences whose first term
    is exceptional). ``score`` is the model's log-probability, ``fits`` whether
    the rule (evaluated exactly with Python integers) reproduces the terms
    the model was shown.
    """

    rhs: Any
    order: int
    score: float
    fits: bool
    n_prefix: int = 0

    def __iter__(self):  # so that ``rhs, order = proposal`` also works
        return iter((self.rhs, self.order))


def _load(path: str | None = None):
    """(model, grammar, tokenizer) or None; loads once per process."""
    path = path or INT_WEIGHTS
    with _lock:
        if path in _cache:
            return _cache[path]
        entry = None
        try:
            if os.path.exists(path):
                from sympy_recur.training.tokenizer import Tokenizer

                from .beam_search import Grammar
                from .weights import load_weights

                import torch

                model = load_weights(path, device="cuda" if torch.cuda.is_available() else "cpu")
                tok = Tokenizer()
                grammar = Grammar(tok, model.cfg.kind, vocab_size=model.cfg.out_vocab_size)
                entry = (model, grammar, tok)
        except Exception:  # noqa: BLE001 - no torch, no safetensors, unreadable file: no model
            entry = None
        _cache[path] = entry
        return entry


def model_available() -> bool:
    """True when torch, safetensors and the shipped integer weights can be loaded."""
    return _load() is not None


def _as_int(x):
    if isinstance(x, bool):
        return None
    if isinstance(x, int):
        return int(x)
    try:
        from sympy_recur._numbers import to_exact

        v = to_exact(x)
    except Exception:  # noqa: BLE001
        return None
    return v if isinstance(v, int) else None


def propose(terms, *, beam_size: int = 10, time_limit: float = 1.0, offset: int = 0,
            skip_first: bool = True) -> list[Proposal]:
    """Candidate right-hand sides ``u(n) = rhs`` for an integer sequence, best first.

    Explanation
    ===========

    The first given term is ``u(offset)`` (``u(0)`` by default). A proposal of
    degree ``order = d`` uses ``u(n - 1), ..., u(n - d)`` and ``n``, and takes
    the first ``n_prefix + d`` terms as initial values. With ``skip_first``
    the model also reads the terms without the first one, in the same batch
    (those proposals have ``n_prefix = 1``). Proposals are *not* verified beyond
    the terms the model saw (at most the first 30, all below ``10**100``): the
    caller checks every one exactly. Proposals whose ``fits`` is True come
    first, then by model score; one proposal per ``rhs``. Returns ``[]`` when
    the model is unavailable, the input is not a list of integers, fewer than
    4 usable terms remain, or nothing decodes in time; it never raises.
    The first call also imports torch and loads the weights (about 2 s, not
    counted in ``time_limit``); call :func:`model_available` to do that early.

    Examples
    ========

    >>> from sympy_recur.model.propose import propose, model_available
    >>> props = propose([0, 1, 1, 2, 3, 5, 8, 13, 21, 34]) if model_available() else []
    >>> all(p.order >= 0 for p in props)
    True

    Parameters
    ==========

    terms : sequence of integers (int, SymPy Integer, Fraction with denominator 1, ...)
    beam_size : hypotheses kept per decoding step, per input variant
    time_limit : seconds for decoding; the best hypotheses finished by then are returned
    offset : index of the first term
    skip_first : also decode the terms without the first one

    See Also
    ========

    sympy_recur.training.generator : what the model was trained on.
    """
    try:
        return _propose(terms, beam_size, time_limit, int(offset), bool(skip_first))
    except Exception:  # noqa: BLE001 - a candidate source must never break the caller
        return []


def search_inputs(model, tok, grammar, inputs: list[list[int]], beam_size: int, deadline: float) -> list:
    """Beam search on a batch of token lists (padded here), on one torch thread.

    Decoding is latency-bound: more threads only oversubscribe the cores.
    """
    import torch

    from .beam_search import beam_search
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        device = next(model.parameters()).device
        S = max(len(ids) for ids in inputs)
        src = torch.tensor([ids + [tok.pad] * (S - len(ids)) for ids in inputs], device=device)
        src_len = torch.tensor([len(ids) for ids in inputs], device=device)
        return beam_search(model, src, src_len, grammar, beam_size=beam_size, deadline=deadline)
    finally:
        torch.set_num_threads(threads)


def _shift_n(tree: tuple, s: int) -> tuple:
    """Replace the leaf ``n`` by ``n - s``."""
    if s == 0:
        return tree
    if tree == ("n",):
        return ("sub", ("n",), ("c", s)) if s > 0 else ("add", ("n",), ("c", -s))
    if tree[0] in ("n", "u", "c"):
        return tree
    return (tree[0],) + tuple(_shift_n(c, s) for c in tree[1:])


def _propose(terms, beam_size: int, time_limit: float, offset: int, skip_first: bool) -> list[Proposal]:
    start = time.monotonic()
    entry = _load()
    if entry is None or beam_size < 1:
        return []
    variants = _variants(terms, entry, skip_first)
    if not variants:
        return []
    model, grammar, tok = entry
    results = search_inputs(model, tok, grammar, [ids for _, ids, _ in variants], beam_size,
                            deadline=start + max(0.05, time_limit))
    return _proposals(variants, results, offset, tok)


def propose_many(seqs, *, beam_size: int = 10, time_limit: float = 5.0, offset: int = 0,
                 skip_first: bool = True) -> list[list[Proposal]]:
    """:func:`propose` for many sequences in one batched beam search (one list per sequence).

    On a GPU this is where batching pays: every sequence's inputs are decoded
    together. ``time_limit`` is for the whole batch. Never raises; a sequence
    the model cannot read gets ``[]``.
    """
    start = time.monotonic()
    seqs = list(seqs)
    entry = _load()
    if entry is None or beam_size < 1 or not seqs:
        return [[] for _ in seqs]
    try:
        per_seq = [_variants(t, entry, bool(skip_first)) for t in seqs]
        flat = [v for vs in per_seq for v in vs]
        if not flat:
            return [[] for _ in seqs]
        model, grammar, tok = entry
        results = search_inputs(model, tok, grammar, [ids for _, ids, _ in flat], beam_size,
                                deadline=start + max(0.05, time_limit))
        out, i = [], 0
        for vs in per_seq:
            out.append(_proposals(vs, results[i:i + len(vs)], int(offset), tok) if vs else [])
            i += len(vs)
        return out
    except Exception:  # noqa: BLE001 - a candidate source must never break the caller
        return [[] for _ in seqs]


def _variants(terms, entry, skip_first: bool) -> list:
    """The token inputs for ``terms``: ``(skip, token ids, terms shown)``, or ``[]``."""
    try:
        values = list(terms)
    except TypeError:
        return []
    ints = []
    bound = 10**MAX_ABS_DIGITS
    for x in values[:MAX_TERMS + 1]:
        v = _as_int(x)
        if v is None:
            if ints:
                break
            return []
        if not -bound < v < bound:
            break
        ints.append(v)
    if len(ints) < MIN_TERMS:
        return []
    model, _, tok = entry
    variants = []
    for skip in ((0, 1) if skip_first and len(ints) > MIN_TERMS else (0,)):
        ids, shown = [], []
        for v in ints[skip:skip + MAX_TERMS]:
            t = tok.encode_int(v)
            if len(ids) + len(t) > model.cfg.max_src_len:
                break
            ids += t
            shown.append(v)
        if len(shown) >= MIN_TERMS:
            variants.append((skip, ids, shown))
    return variants


def _proposals(variants: list, results: list, offset: int, tok) -> list[Proposal]:
    from sympy_recur.training.evaluate import predicts
    from sympy_recur.training.generator import degree, tree_to_sympy
    from sympy_recur.training.tokenizer import TokenError

    props = []
    for (skip, _, shown), hyps in zip(variants, results):
        for score, toks in hyps:
            try:
                tree = tok.decode_tree(toks)
            except TokenError:
                continue
            d = degree(tree)
            if d >= len(shown) or not math.isfinite(score):
                continue
            rhs = tree_to_sympy(_shift_n(tree, offset + skip))
            props.append(Proposal(rhs, d, float(score), predicts(tree, shown), skip))
    props.sort(key=lambda p: (not p.fits, p.n_prefix, -p.score))
    out, seen = [], set()
    for p in props:
        if p.rhs not in seen:
            seen.add(p.rhs)
            out.append(p)
    return out
