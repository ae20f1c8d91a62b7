"""In-distribution accuracy, bucketed by number of operators and degree (as in d'Ascoli et al.).

An example counts as solved when the best-scoring decoded formula that
reproduces the input terms exactly also predicts the next 10 terms exactly
(integers) or within relative error 1e-10 (floats). This is the verified
success the product delivers, not a token metric.

    python -m sympy_recur.training.evaluate sympy_recur/weights/int_model.safetensors --n 500 --beam_size 10
"""

from __future__ import annotations

import random
import time
from collections import defaultdict

from .generator import Undefined, degree, float_terms, int_terms, sample_float, sample_int
from .tokenizer import TokenError, Tokenizer

__all__ = ["predicts", "evaluate", "template"]

TOK = Tokenizer()


def predicts(tree, terms, kind: str = "int", rel_tol: float = 1e-10) -> bool:
    """Does the formula, started from the first ``degree(tree)`` terms, give all of ``terms``?"""
    terms = list(terms)
    d = degree(tree)
    if d >= len(terms):
        return False
    try:
        if kind == "int":
            got = int_terms(tree, terms[:d], len(terms), max_abs_digits=400)
            return got == terms
        got = float_terms(tree, terms[:d], len(terms), max_abs=float("inf"))
    except (Undefined, RecursionError, ValueError, OverflowError, ZeroDivisionError):
        return False
    return len(got) == len(terms) and all(abs(a - b) <= rel_tol * max(abs(b), 1e-300) for a, b in zip(got, terms))


def evaluate(model, cfg, *, n: int = 500, beam_size: int = 10, seed: int = 12345, batch_size: int = 32) -> dict:
    """Accuracy of ``model`` on ``n`` fresh examples drawn like the training data of ``cfg``."""
    import torch

    from sympy_recur.model.beam_search import Grammar, beam_search

    from .train import encode_example, generator_config

    gen = generator_config(cfg, extra_terms=10)
    rng = random.Random(f"eval/{seed}")
    sample = sample_int if cfg.kind == "int" else sample_float
    examples = []
    while len(examples) < n:
        ex = sample(rng, gen)
        enc = encode_example(ex, cfg.kind, cfg.max_src_len, cfg.max_tgt_len)
        if enc is not None:
            examples.append((ex, enc[0]))
    grammar = Grammar(TOK, cfg.kind, cfg.max_degree, vocab_size=model.cfg.out_vocab_size)
    device = next(model.parameters()).device
    hits, by_ops, by_deg = 0, defaultdict(lambda: [0, 0]), defaultdict(lambda: [0, 0])
    by_tmpl = defaultdict(lambda: [0, 0])
    t0 = time.time()
    for i in range(0, n, batch_size):
        chunk = examples[i:i + batch_size]
        S = max(len(s) for _, s in chunk)
        src = torch.zeros(len(chunk), S, dtype=torch.long)
        for j, (_, s) in enumerate(chunk):
            src[j, : len(s)] = torch.tensor(s)
        src_len = torch.tensor([len(s) for _, s in chunk])
        outs = beam_search(model, src.to(device), src_len.to(device), grammar, beam_size=beam_size)
        for (ex, s), hyps in zip(chunk, outs):
            n_used = len(TOK.decode_ints(s)) if cfg.kind == "int" else len(s) // 3
            given = list(ex.terms[:n_used])
            ok = False
            for _, ids in hyps:
                try:
                    tree = TOK.decode_tree(ids)
                except TokenError:
                    continue
                if predicts(tree, given, cfg.kind):
                    ok = predicts(tree, list(ex.terms) + list(ex.extra), cfg.kind)
                    break
            hits += ok
            for table, key in ((by_ops, ex.n_ops), (by_deg, ex.degree), (by_tmpl, template(ex.tree))):
                table[key][0] += ok
                table[key][1] += 1
    frac = lambda t: {k: round(h / c, 3) for k, (h, c) in sorted(t.items())}  # noqa: E731
    out = {"accuracy": round(hits / n, 4), "n": n, "beam_size": beam_size, "by_ops": frac(by_ops),
           "by_degree": frac(by_deg), "counts_by_ops": {k: c for k, (_, c) in sorted(by_ops.items())},
           "seconds": round(time.time() - t0, 1)}
    if cfg.kind == "float":
        out["by_template"] = frac(by_tmpl)
        out["counts_by_template"] = {k: c for k, (_, c) in sorted(by_tmpl.items())}
    return out


def template(tree) -> str:
    """``"n*K"`` for the constant template ``u(n) = n * K`` (float data), else ``"recurrence"``."""
    if tree[:2] == ("mul", ("n",)) and len(tree) == 3 and "('n',)" not in repr(tree[2]) and degree(tree) == 0:
        return "n*K"
    return "recurrence"


if __name__ == "__main__":
    import argparse
    import json

    import torch

    from sympy_recur.model.weights import load_weights, read_metadata

    from .config import TrainConfig

    p = argparse.ArgumentParser()
    p.add_argument("weights")
    p.add_argument("--n", type=int, default=500)
    p.add_argument("--beam_size", type=int, default=10)
    p.add_argument("--seed", type=int, default=12345)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch_size", type=int, default=32, help="sequences per beam_search call")
    p.add_argument("--device", default="auto", help='"auto" = cuda when available')
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    device = ("cuda" if torch.cuda.is_available() else "cpu") if a.device == "auto" else a.device
    model = load_weights(a.weights, device=device)
    meta = read_metadata(a.weights)
    tc = json.loads(meta.get("train_config", "{}"))
    cfg = TrainConfig(**{k: v for k, v in tc.items() if k in TrainConfig.__dataclass_fields__})
    print(json.dumps(evaluate(model, cfg, n=a.n, beam_size=a.beam_size, seed=a.seed, batch_size=a.batch_size)))
