"""Encoder-decoder transformer (pre-LayerNorm) with a KV cache for decoding.

The encoder reads the tokenized terms, the decoder writes the formula in
prefix notation. Every attention goes through :mod:`sympy_recur.model.attention`.
The input embedding is shared by encoder and decoder and tied to the output head.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F

from .attention import attention, decode_attention

__all__ = ["ModelConfig", "Seq2Seq", "DecodeState"]


@dataclass(frozen=True)
class ModelConfig:
    vocab_size: int = 10_276       # input tokens (see training.tokenizer.Tokenizer)
    out_vocab_size: int = 1_276     # the decoder predicts the first ids only: no digit >= 1000 in formulas
    d_model: int = 256
    n_heads: int = 8
    n_enc_layers: int = 4
    n_dec_layers: int = 4
    d_ff: int = 1024
    max_src_len: int = 256       # encoder positions (tokens of the terms)
    max_tgt_len: int = 64        # decoder positions (<bos> + formula + <eos>)
    dropout: float = 0.0
    kind: str = "int"            # "int" or "float": which generator/tokens it was trained on

    def to_dict(self) -> dict:
        return asdict(self)


class SelfAttention(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.h = cfg.n_heads
        self.qkv = nn.Linear(cfg.d_model, 3 * cfg.d_model)
        self.proj = nn.Linear(cfg.d_model, cfg.d_model)

    def _split(self, x):  # (B, T, C) -> (B, H, T, C/H)
        B, T, C = x.shape
        return x.view(B, T, self.h, C // self.h).transpose(1, 2)

    def forward(self, x, *, causal=False, key_lengths=None):
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        y = attention(self._split(q), self._split(k), self._split(v), causal=causal, key_lengths=key_lengths)
        B, H, T, D = y.shape
        return self.proj(y.transpose(1, 2).reshape(B, T, H * D))

    def step(self, x, k_cache, v_cache, pos: int):
        """x (N, C) at position ``pos``; writes its k/v into the caches (N, H, Tmax, D)."""
        N, C = x.shape
        q, k, v = self.qkv(x).view(N, 3, self.h, C // self.h).unbind(1)   # (N, H, D)
        k_cache[:, :, pos] = k
        v_cache[:, :, pos] = v
        lengths = torch.full((N,), pos + 1, dtype=torch.long, device=x.device)
        y = decode_attention(q, k_cache, v_cache, lengths)                # (N, H, D)
        return self.proj(y.reshape(N, C))


class CrossAttention(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.h = cfg.n_heads
        self.q = nn.Linear(cfg.d_model, cfg.d_model)
        self.kv = nn.Linear(cfg.d_model, 2 * cfg.d_model)
        self.proj = nn.Linear(cfg.d_model, cfg.d_model)

    def memory_kv(self, mem):  # (B, S, C) -> 2 x (B, H, S, D)
        B, S, C = mem.shape
        k, v = self.kv(mem).view(B, S, 2, self.h, C // self.h).permute(2, 0, 3, 1, 4).unbind(0)
        return k.contiguous(), v.contiguous()

    def forward(self, x, mem, src_len):
        B, T, C = x.shape
        k, v = self.memory_kv(mem)
        q = self.q(x).view(B, T, self.h, C // self.h).transpose(1, 2)
        y = attention(q, k, v, key_lengths=src_len)
        return self.proj(y.transpose(1, 2).reshape(B, T, C))

    def step(self, x, k, v, src_len_rows):
        N, C = x.shape
        q = self.q(x).view(N, self.h, C // self.h)
        y = decode_attention(q, k, v, src_len_rows)
        return self.proj(y.reshape(N, C))


class MLP(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.fc = nn.Linear(cfg.d_model, cfg.d_ff)
        self.proj = nn.Linear(cfg.d_ff, cfg.d_model)
        self.drop = nn.Dropout(cfg.dropout)

    def forward(self, x):
        return self.drop(self.proj(F.gelu(self.fc(x))))


class EncoderBlock(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(cfg.d_model), nn.LayerNorm(cfg.d_model)
        self.attn, self.mlp = SelfAttention(cfg), MLP(cfg)

    def forward(self, x, src_len):
        x = x + self.attn(self.ln1(x), key_lengths=src_len)
        return x + self.mlp(self.ln2(x))


class DecoderBlock(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.ln1, self.ln2, self.ln3 = (nn.LayerNorm(cfg.d_model) for _ in range(3))
        self.attn, self.cross, self.mlp = SelfAttention(cfg), CrossAttention(cfg), MLP(cfg)

    def forward(self, x, mem, src_len):
        x = x + self.attn(self.ln1(x), causal=True)
        x = x + self.cross(self.ln2(x), mem, src_len)
        return x + self.mlp(self.ln3(x))


@dataclass
class DecodeState:
    """Caches for incremental decoding of ``N = B * beams`` rows."""

    self_k: list            # per layer (N, H, Tmax, D)
    self_v: list
    cross_k: list           # per layer (B, H, S, D), shared by the beams of a sequence
    cross_v: list
    src_len_rows: torch.Tensor  # (N,)

    def reorder(self, rows: torch.Tensor, length: int) -> None:
        """Keep cache rows ``rows`` (beam selection); rows stay within their sequence.

        Only the first ``length`` positions (those written so far) are moved,
        in place: the rest of the capacity is never read before it is
        written, and copying it made up about a quarter of a CPU decoding step.
        """
        for cache in self.self_k + self.self_v:
            cache[:, :, :length] = cache[:, :, :length].index_select(0, rows)


class Seq2Seq(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.cfg = cfg
        self.tok = nn.Embedding(cfg.vocab_size, cfg.d_model)
        self.pos_enc = nn.Embedding(cfg.max_src_len, cfg.d_model)
        self.pos_dec = nn.Embedding(cfg.max_tgt_len, cfg.d_model)
        self.enc = nn.ModuleList(EncoderBlock(cfg) for _ in range(cfg.n_enc_layers))
        self.dec = nn.ModuleList(DecoderBlock(cfg) for _ in range(cfg.n_dec_layers))
        self.ln_enc, self.ln_dec = nn.LayerNorm(cfg.d_model), nn.LayerNorm(cfg.d_model)
        self.drop = nn.Dropout(cfg.dropout)
        self.apply(self._init)

    @staticmethod
    def _init(m):
        if isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, std=0.02)
            nn.init.zeros_(m.bias)
        elif isinstance(m, nn.Embedding):
            nn.init.normal_(m.weight, std=0.02)

    def num_params(self) -> int:
        return sum(p.numel() for p in self.parameters())

    def encode(self, src, src_len):
        """src (B, S) int64, src_len (B,) -> memory (B, S, C)."""
        S = src.shape[1]
        x = self.drop(self.tok(src) + self.pos_enc(torch.arange(S, device=src.device)))
        for blk in self.enc:
            x = blk(x, src_len)
        return self.ln_enc(x)

    def logits(self, x):
        return F.linear(x, self.tok.weight[: self.cfg.out_vocab_size])

    def forward(self, src, src_len, tgt_in):
        """Teacher forcing: tgt_in (B, T) starts with <bos>; returns logits (B, T, V)."""
        mem = self.encode(src, src_len)
        T = tgt_in.shape[1]
        x = self.drop(self.tok(tgt_in) + self.pos_dec(torch.arange(T, device=tgt_in.device)))
        for blk in self.dec:
            x = blk(x, mem, src_len)
        return self.logits(self.ln_dec(x))

    # ------------------------------------------------------------------ decoding
    @torch.no_grad()
    def start(self, src, src_len, beams: int, max_len: int | None = None) -> DecodeState:
        """Encode once and allocate caches for ``beams`` rows per sequence."""
        max_len = max_len or self.cfg.max_tgt_len
        mem = self.encode(src, src_len)
        B = src.shape[0]
        H, D = self.cfg.n_heads, self.cfg.d_model // self.cfg.n_heads
        ck, cv = zip(*(blk.cross.memory_kv(mem) for blk in self.dec))
        z = lambda: mem.new_zeros(B * beams, H, max_len, D)  # noqa: E731
        return DecodeState([z() for _ in self.dec], [z() for _ in self.dec], list(ck), list(cv),
                           src_len.repeat_interleave(beams))

    @torch.no_grad()
    def step(self, tok, pos: int, st: DecodeState):
        """tok (N,) at position ``pos`` -> log-probabilities (N, V) of the next token."""
        x = self.tok(tok) + self.pos_dec.weight[pos]
        for i, blk in enumerate(self.dec):
            x = x + blk.attn.step(blk.ln1(x), st.self_k[i], st.self_v[i], pos)
            x = x + blk.cross.step(blk.ln2(x), st.cross_k[i], st.cross_v[i], st.src_len_rows)
            x = x + blk.mlp(blk.ln3(x))
        return F.log_softmax(self.logits(self.ln_dec(x)).float(), dim=-1)
