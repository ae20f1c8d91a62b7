"""Batched beam search with a prefix-grammar mask.

Every hypothesis is a valid prefix of a formula at every step: a small
automaton tracks how many subtrees are still owed (binary op +1, unary 0,
leaf or constant -1) and whether a constant's digits are being written, and
the log-probabilities of tokens that would break the grammar are set to
``-inf``. So every finished hypothesis parses; the parser still checks.
Scores are summed log-probabilities (no length normalisation: shorter
formulas win ties, which is what exact verification prefers too).
"""

from __future__ import annotations

import time

import torch

__all__ = ["Grammar", "beam_search"]


class Grammar:
    """Per-token tables for the prefix automaton of one tokenizer and formula kind."""

    def __init__(self, tok, kind: str = "int", max_degree: int = 6, max_const_digits: int = 2,
                 vocab_size: int | None = None):
        from sympy_recur.training.generator import ARITY, FLOAT_CONSTANTS

        V = vocab_size or len(tok)  # the model's output vocabulary (a prefix of the tokenizer's)
        ops = tok.int_ops if kind == "int" else tok.float_ops
        self.delta = torch.zeros(V, dtype=torch.long)   # change in owed subtrees
        self.start = torch.zeros(V, dtype=torch.bool)   # may start a subtree
        for op in ops:
            i = tok.stoi[op]
            self.start[i] = True
            self.delta[i] = ARITY[op] - 1
        leaves = [tok.n_id] + tok.u_ids[:max_degree] + [tok.plus, tok.minus]
        if kind == "float":
            leaves += [tok.stoi[c] for c in FLOAT_CONSTANTS]
        for i in leaves:
            self.start[i] = True
            self.delta[i] = -1
        self.digit = torch.zeros(V, dtype=torch.bool)
        self.digit[tok.digit0:] = True
        self.sign = torch.zeros(V, dtype=torch.bool)
        self.sign[[tok.plus, tok.minus]] = True
        self.eos_mask = torch.zeros(V, dtype=torch.bool)
        self.eos_mask[tok.eos] = True
        self.eos = tok.eos
        self.max_const_digits = max_const_digits

    def to(self, device):
        for k in ("delta", "start", "digit", "sign", "eos_mask"):
            setattr(self, k, getattr(self, k).to(device))
        return self

    def allowed(self, owed, last_sign, n_digits, room):
        """(N, V) bool: tokens allowed after the current prefixes.

        owed (N,) subtrees still owed; last_sign (N,) the last token was a sign;
        n_digits (N,) digits written in the current constant; room: steps left
        (ints, including the <eos> step).
        """
        owed2 = owed.unsqueeze(1)
        # after this token, room - 1 tokens remain: enough for one token per owed leaf, the digit
        # a sign still needs, and <eos>
        can_digit = (last_sign | ((n_digits > 0) & (n_digits < self.max_const_digits))).unsqueeze(1)
        can_digit = can_digit & (owed2 + 2 <= room)
        start_ok = (~last_sign & (owed > 0)).unsqueeze(1) & self.start.unsqueeze(0)
        start_ok = start_ok & (owed2 + self.delta.unsqueeze(0) + self.sign.unsqueeze(0) + 2 <= room)
        eos_ok = (~last_sign & (owed == 0)).unsqueeze(1) & self.eos_mask.unsqueeze(0)
        return start_ok | eos_ok | (can_digit & self.digit.unsqueeze(0))

    def advance(self, tokens, owed, last_sign, n_digits):
        is_digit = self.digit[tokens]
        owed = owed + self.delta[tokens]
        n_digits = torch.where(is_digit, n_digits + 1, torch.zeros_like(n_digits))
        return owed, self.sign[tokens], n_digits


@torch.no_grad()
def beam_search(model, src, src_len, grammar: Grammar, *, beam_size: int = 10, max_len: int | None = None,
                deadline: float | None = None):
    """Decode ``B`` sources; returns per source a list of ``(score, token ids)`` best first.

    Token ids exclude ``<bos>``/``<eos>``. Stops early when ``time.monotonic()``
    passes ``deadline`` (returning what has finished by then).
    """
    device = src.device
    B, K = src.shape[0], beam_size
    T = min(max_len or model.cfg.max_tgt_len, model.cfg.max_tgt_len)
    g = grammar.to(device)
    st = model.start(src, src_len, K, T)
    N = B * K
    tok = torch.full((N,), 1, dtype=torch.long, device=device)  # <bos>
    scores = torch.full((B, K), float("-inf"), device=device)
    scores[:, 0] = 0.0
    hist = torch.zeros(N, 0, dtype=torch.long, device=device)
    owed = torch.ones(N, dtype=torch.long, device=device)
    last_sign = torch.zeros(N, dtype=torch.bool, device=device)
    n_digits = torch.zeros(N, dtype=torch.long, device=device)
    finished: list[list] = [[] for _ in range(B)]
    done = [False] * B
    base = (torch.arange(B, device=device) * K).unsqueeze(1)
    for pos in range(T - 1):
        logp = model.step(tok, pos, st)                                     # (N, V)
        V = logp.shape[1]
        room = T - 1 - pos                                                  # tokens still writable
        ok = g.allowed(owed, last_sign, n_digits, room)
        logp = logp.masked_fill(~ok, float("-inf"))
        cand = (scores.view(N, 1) + logp).view(B, K * V)
        top, idx = cand.topk(min(2 * K, K * V), dim=1)                      # (B, 2K)
        beam, word = idx // V, idx % V
        is_eos = word == g.eos
        # record finished hypotheses among the top K
        fin = (is_eos & torch.isfinite(top))
        fin[:, K:] = False
        if fin.any():
            for b, j in fin.nonzero().tolist():
                if not done[b]:
                    row = b * K + beam[b, j].item()
                    finished[b].append((top[b, j].item(), hist[row].tolist()))
        # continue with the best K non-<eos> candidates
        key = torch.where(is_eos | ~torch.isfinite(top), torch.full_like(top, float("-inf")), top)
        keep_val, keep_pos = key.topk(K, dim=1)                             # (B, K)
        rows = (base + beam.gather(1, keep_pos)).view(N)
        tok = word.gather(1, keep_pos).view(N)
        scores = keep_val
        st.reorder(rows, pos + 1)
        hist = torch.cat([hist.index_select(0, rows), tok.unsqueeze(1)], dim=1)
        owed, last_sign, n_digits = g.advance(tok, owed.index_select(0, rows), last_sign.index_select(0, rows),
                                              n_digits.index_select(0, rows))
        best_alive = scores.max(dim=1).values.tolist()
        for b in range(B):
            if not done[b]:
                f = finished[b]
                if not torch.isfinite(torch.tensor(best_alive[b])) or (
                        len(f) >= K and min(s for s, _ in sorted(f, reverse=True)[:K]) >= best_alive[b]):
                    done[b] = True
        if all(done) or (deadline is not None and time.monotonic() > deadline):
            break
    return [sorted(f, key=lambda x: -x[0])[:K] for f in finished]
