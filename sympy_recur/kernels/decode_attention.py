"""Decode attention for beam search: one query token per hypothesis against a KV cache (split-KV).

Explanation
===========
Hypothesis ``b`` (of ``B``) reads cache row ``b // G`` with ``G = B // Bk``: the ``G`` beams of one sequence
share the encoder output in cross-attention without a copy per beam (``G = 1`` is a per-hypothesis
self-attention cache). One program takes up to ``BLOCK_G`` beams of one cache row and one head, so each K/V
tile is loaded once and serves all of them through one ``tl.dot`` (the beams are the dot's M dimension).

Decoding is memory bound, and with few sequences ``Bk * H`` programs cannot fill the GPU. The keys are then
split into ``S`` chunks processed by separate programs (flash-decoding, Dao et al. 2023); each writes its
unnormalised partial output with its running maximum ``m`` and denominator ``l``, and a merge kernel
combines them: ``out = sum_s 2^(m_s - M) acc_s / sum_s 2^(m_s - M) l_s`` with ``M = max_s m_s``. With
enough programs (``S = 1``) the main kernel normalises and writes the output itself and no merge runs.

Algorithm: Dao, Haziza, Massa, Sizov, "Flash-Decoding for long-context inference", 2023.
"""

from __future__ import annotations

import math

import torch

from ._common import (DOT_PRECISION, LOG2E, MAX_HEAD_DIM, MIN_DOT_DIM, TRITON_DTYPES, Launch, check_lengths,
                      is_interpreted, needs_grad, next_power_of_2, resolve_backend, sm_count, tl, triton)

__all__ = ["decode_attention", "decode_attention_reference"]

# Keys per loop step: a 64-key fp16 K tile with head dim 64 is 8 KiB, large enough for full-width loads.
MAX_BLOCK_N = 64
# Beams per program: up to 64 rows share one K/V tile; more beams per cache row use more programs. fp32's
# exact-FMA dots keep operands in registers and spill at 32 rows and more (ptxas -v), so fp32 stops at 16.
MAX_BLOCK_G = {torch.float16: 64, torch.bfloat16: 64, torch.float32: 16}
NUM_WARPS = 4
NUM_STAGES = 2  # double-buffered K/V tiles: the loop body is short, a deeper pipeline only costs smem
# Split the keys until there are this many programs per SM (2 resident programs hide the tail of a wave).
PROGRAMS_PER_SM = 2
MAX_SPLITS = 64  # caps the partial buffers and the merge kernel's tile (BLOCK_S)


@triton.jit
def _decode_attn_kernel(
    Q,  # pointer: q (B, H, D)
    K, V,  # pointers: k_cache, v_cache (Bk, H, Tmax, D)
    Lengths,  # pointer: int32 valid keys, (B,) if PER_QUERY_LENGTHS else (Bk,)
    Out,  # pointer: out (B, H, D), written when not SPLIT
    PartAcc,  # pointer: fp32 (B, H, S, BLOCK_D) unnormalised partial outputs, written when SPLIT
    PartML,  # pointer: fp32 (B, H, S, 2) partial running max m and denominator l, written when SPLIT
    stride_qb, stride_qh, stride_qd,  # q strides
    stride_kb, stride_kh, stride_kn, stride_kd,  # k_cache strides
    stride_vb, stride_vh, stride_vn, stride_vd,  # v_cache strides
    stride_ob, stride_oh, stride_od,  # out strides
    G,  # beams per cache row, B // Bk
    Tmax,  # cache capacity (keys)
    split_len,  # keys per split, a multiple of BLOCK_N
    num_g_blocks,  # cdiv(G, BLOCK_G): programs per (cache row, head, split)
    qk_scale,  # LOG2E / sqrt(D)
    HEAD_DIM: tl.constexpr,  # D
    BLOCK_D: tl.constexpr,  # D rounded up to a power of two >= 16
    BLOCK_G: tl.constexpr,  # beams per program (power of two >= 16, the dot's M)
    BLOCK_N: tl.constexpr,  # keys per loop step
    NUM_SPLITS: tl.constexpr,  # S, number of key splits
    PER_QUERY_LENGTHS: tl.constexpr,  # lengths indexed by hypothesis (B,) rather than by cache row (Bk,)
    UPCAST: tl.constexpr,  # run the dots in fp32 (interpreter: its bf16 dot is wrong)
    DOT_PRECISION: tl.constexpr,  # tl.dot input_precision for fp32 operands
):
    # grid: (num_g_blocks * S, H, Bk); beam blocks of one split run next to each other and share K/V in L2
    pid = tl.program_id(0)
    g_block = pid % num_g_blocks
    split = pid // num_g_blocks
    h = tl.program_id(1).to(tl.int64)
    kb = tl.program_id(2).to(tl.int64)  # cache row; int64 keeps row offsets safe past 2**31 elements

    offs_g = g_block * BLOCK_G + tl.arange(0, BLOCK_G)
    row_in = offs_g < G
    rows = kb * G + offs_g  # (BLOCK_G,) hypotheses b
    offs_d = tl.arange(0, BLOCK_D)
    d_in = offs_d < HEAD_DIM

    if PER_QUERY_LENGTHS:
        lens = tl.load(Lengths + rows, mask=row_in, other=0)
    else:
        lens = tl.zeros([BLOCK_G], tl.int32) + tl.load(Lengths + kb)
    lens = tl.minimum(lens, Tmax)  # clamp: a bad length must not read out of bounds

    q = tl.load(Q + rows[:, None] * stride_qb + h * stride_qh + offs_d[None, :] * stride_qd,
                mask=row_in[:, None] & d_in[None, :], other=0.0)  # (BLOCK_G, BLOCK_D)
    if UPCAST:
        q = q.to(tl.float32)

    m_i = tl.full([BLOCK_G], float("-inf"), tl.float32)
    l_i = tl.zeros([BLOCK_G], tl.float32)
    acc = tl.zeros([BLOCK_G, BLOCK_D], tl.float32)

    start = split * split_len
    stop = tl.minimum(start + split_len, tl.max(lens, 0))
    k_base = K + kb * stride_kb + h * stride_kh
    v_base = V + kb * stride_vb + h * stride_vh
    for start_n in range(start, stop, BLOCK_N):
        offs_n = start_n + tl.arange(0, BLOCK_N)
        key_in = offs_n < stop
        k = tl.load(k_base + offs_n[None, :] * stride_kn + offs_d[:, None] * stride_kd,
                    mask=key_in[None, :] & d_in[:, None], other=0.0)  # (BLOCK_D, BLOCK_N), K^T
        v = tl.load(v_base + offs_n[:, None] * stride_vn + offs_d[None, :] * stride_vd,
                    mask=key_in[:, None] & d_in[None, :], other=0.0)  # (BLOCK_N, BLOCK_D)
        if UPCAST:
            k = k.to(tl.float32)
            v = v.to(tl.float32)
        qk = tl.dot(q, k, input_precision=DOT_PRECISION) * qk_scale  # (BLOCK_G, BLOCK_N) fp32, base 2
        qk = tl.where(offs_n[None, :] < lens[:, None], qk, float("-inf"))
        # online softmax; a row may have no valid key in this split (m stays -inf): subtract 0 then,
        # so exp2(-inf - 0) = 0 instead of exp2(-inf + inf) = nan
        m_new = tl.maximum(m_i, tl.max(qk, 1))
        m_sub = tl.where(m_new == float("-inf"), 0.0, m_new)
        alpha = tl.exp2(m_i - m_sub)
        p = tl.exp2(qk - m_sub[:, None])
        l_i = l_i * alpha + tl.sum(p, 1)
        acc = acc * alpha[:, None] + tl.dot(p.to(v.dtype), v, input_precision=DOT_PRECISION)
        m_i = m_new

    if NUM_SPLITS == 1:
        # every real row sees key 0 (lengths >= 1), so l > 0; padding rows (never stored) divide by 1
        out = acc / tl.where(row_in, l_i, 1.0)[:, None]
        tl.store(Out + rows[:, None] * stride_ob + h * stride_oh + offs_d[None, :] * stride_od,
                 out.to(Out.dtype.element_ty), mask=row_in[:, None] & d_in[None, :])
    else:
        H = tl.num_programs(1)
        part = (rows * H + h) * NUM_SPLITS + split  # (BLOCK_G,) index into (B, H, S)
        tl.store(PartAcc + part[:, None] * BLOCK_D + offs_d[None, :], acc, mask=row_in[:, None])
        tl.store(PartML + part * 2, m_i, mask=row_in)
        tl.store(PartML + part * 2 + 1, l_i, mask=row_in)


@triton.jit
def _decode_merge_kernel(
    PartAcc,  # pointer: fp32 (B, H, S, BLOCK_D) unnormalised partial outputs
    PartML,  # pointer: fp32 (B, H, S, 2) partial max m (base 2) and denominator l
    Out,  # pointer: out (B, H, D)
    stride_ob, stride_oh, stride_od,  # out strides
    HEAD_DIM: tl.constexpr,  # D
    BLOCK_D: tl.constexpr,  # D rounded up to a power of two >= 16
    NUM_SPLITS: tl.constexpr,  # S
    BLOCK_S: tl.constexpr,  # S rounded up to a power of two
):
    # grid: (H, B)
    h = tl.program_id(0).to(tl.int64)
    b = tl.program_id(1).to(tl.int64)
    H = tl.num_programs(0)
    offs_s = tl.arange(0, BLOCK_S)
    offs_d = tl.arange(0, BLOCK_D)
    s_in = offs_s < NUM_SPLITS
    part = (b * H + h) * NUM_SPLITS + offs_s  # (BLOCK_S,)
    m = tl.load(PartML + part * 2, mask=s_in, other=float("-inf"))
    l = tl.load(PartML + part * 2 + 1, mask=s_in, other=0.0)
    acc = tl.load(PartAcc + part[:, None] * BLOCK_D + offs_d[None, :], mask=s_in[:, None], other=0.0)
    m_max = tl.max(m, 0)  # finite: split 0 holds key 0
    w = tl.exp2(m - m_max)  # empty splits have m = -inf and weigh 0
    out = tl.sum(acc * w[:, None], 0) / tl.sum(l * w, 0)
    tl.store(Out + b * stride_ob + h * stride_oh + offs_d * stride_od, out.to(Out.dtype.element_ty),
             mask=offs_d < HEAD_DIM)


def decode_attention_reference(q: torch.Tensor, k_cache: torch.Tensor, v_cache: torch.Tensor,
                               lengths: torch.Tensor) -> torch.Tensor:
    """Plain torch decode attention, computed in fp32; the shared cache rows are broadcast, never copied."""
    B, H, D = q.shape
    Bk, _, Tmax, _ = k_cache.shape
    G = B // Bk
    qg = q.float().view(Bk, G, H, D).transpose(1, 2)  # (Bk, H, G, D)
    scores = torch.matmul(qg, k_cache.float().transpose(-1, -2)) / math.sqrt(D)  # (Bk, H, G, Tmax)
    lens = lengths.to(q.device).view(Bk, -1).expand(Bk, G)  # (Bk, G): (Bk,) broadcast or (B,) regrouped
    keep = torch.arange(Tmax, device=q.device) < lens[:, None, :, None]  # (Bk, 1, G, Tmax)
    probs = torch.softmax(scores.masked_fill(~keep, float("-inf")), dim=-1)  # (Bk, H, G, Tmax)
    out = torch.matmul(probs, v_cache.float())  # (Bk, H, G, D)
    return out.transpose(1, 2).reshape(B, H, D).to(q.dtype)  # (B, H, D)


def _validate(q: torch.Tensor, k_cache: torch.Tensor, v_cache: torch.Tensor, lengths: torch.Tensor) -> None:
    for name, t, shape in (("q", q, "(B, H, D)"), ("k_cache", k_cache, "(Bk, H, Tmax, D)"),
                           ("v_cache", v_cache, "(Bk, H, Tmax, D)")):
        if not isinstance(t, torch.Tensor):
            raise TypeError(f"{name} must be a torch.Tensor, got {type(t).__name__}")
        if t.dim() != len(shape.split(",")):
            raise ValueError(f"{name} must have shape {shape}, got {tuple(t.shape)}")
    if k_cache.shape != v_cache.shape:
        raise ValueError(f"k_cache and v_cache must have the same shape, got {tuple(k_cache.shape)} "
                         f"and {tuple(v_cache.shape)}")
    B, H, D = q.shape
    Bk, Hk, Tmax, Dk = k_cache.shape
    if (Hk, Dk) != (H, D):
        raise ValueError(f"k_cache must have shape (Bk, {H}, Tmax, {D}) to match q {tuple(q.shape)}, "
                         f"got {tuple(k_cache.shape)}")
    if Bk == 0 or B % Bk != 0:
        raise ValueError(f"q's batch {B} must be a positive multiple of the cache's batch {Bk}")
    if Tmax == 0:
        raise ValueError("need at least one cached key, got Tmax = 0")
    if not (q.dtype == k_cache.dtype == v_cache.dtype):
        raise TypeError(f"q, k_cache, v_cache must share a dtype, got {q.dtype}, {k_cache.dtype}, {v_cache.dtype}")
    if not q.dtype.is_floating_point:
        raise TypeError(f"q, k_cache, v_cache must be floating point, got {q.dtype}")
    if not (q.device == k_cache.device == v_cache.device):
        raise ValueError(f"q, k_cache, v_cache must share a device, got {q.device}, {k_cache.device}, "
                         f"{v_cache.device}")
    check_lengths(lengths, (Bk, B), Tmax, "lengths")


def _num_splits(programs: int, Tmax: int, block_n: int, device: torch.device) -> int:
    """Key splits so that about PROGRAMS_PER_SM programs run per SM; 1 when the batch fills the GPU."""
    wanted = PROGRAMS_PER_SM * sm_count(device)
    if programs >= wanted:
        return 1
    return max(1, min(triton.cdiv(wanted, programs), triton.cdiv(Tmax, block_n), MAX_SPLITS))


def _decode_launches(q: torch.Tensor, k_cache: torch.Tensor, v_cache: torch.Tensor, lengths: torch.Tensor,
                     out: torch.Tensor, *, num_splits: int | None = None, block_n: int | None = None,
                     block_g: int | None = None) -> list[Launch]:
    """Describe the kernel launches (main, then merge when split) for validated inputs."""
    if q.dtype not in TRITON_DTYPES:
        raise TypeError(f"the triton decode kernel supports {TRITON_DTYPES}, got {q.dtype}")
    B, H, D = q.shape
    Bk, _, Tmax, _ = k_cache.shape
    G = B // Bk
    if D > MAX_HEAD_DIM:
        raise ValueError(f"the triton decode kernel supports head dim <= {MAX_HEAD_DIM}, got {D}")
    block_d = max(MIN_DOT_DIM, next_power_of_2(D))
    block_n = block_n or min(MAX_BLOCK_N, max(MIN_DOT_DIM, next_power_of_2(Tmax)))
    block_g = block_g or min(MAX_BLOCK_G[q.dtype], max(MIN_DOT_DIM, next_power_of_2(G)))
    for name, value in (("block_n", block_n), ("block_g", block_g)):
        if value < MIN_DOT_DIM or value != next_power_of_2(value):
            raise ValueError(f"{name} must be a power of two >= {MIN_DOT_DIM}, got {value}")
    num_g_blocks = triton.cdiv(G, block_g)
    if num_splits is None:
        num_splits = _num_splits(Bk * H * num_g_blocks, Tmax, block_n, q.device)
    if not 1 <= num_splits <= MAX_SPLITS:
        raise ValueError(f"num_splits must lie in [1, {MAX_SPLITS}], got {num_splits}")
    split_len = triton.cdiv(triton.cdiv(Tmax, num_splits), block_n) * block_n
    num_splits = triton.cdiv(Tmax, split_len)  # drop splits that would start past Tmax

    lengths = lengths.to(device=q.device, dtype=torch.int32).contiguous()
    if num_splits > 1:
        part_acc = torch.empty((B, H, num_splits, block_d), dtype=torch.float32, device=q.device)
        part_ml = torch.empty((B, H, num_splits, 2), dtype=torch.float32, device=q.device)
    else:
        part_acc = part_ml = out  # never written (NUM_SPLITS == 1); any pointer will do
    main = Launch(
        _decode_attn_kernel, (num_g_blocks * num_splits, H, Bk),
        (q, k_cache, v_cache, lengths, out, part_acc, part_ml, *q.stride(), *k_cache.stride(), *v_cache.stride(),
         *out.stride(), G, Tmax, split_len, num_g_blocks, LOG2E / math.sqrt(D)),
        dict(HEAD_DIM=D, BLOCK_D=block_d, BLOCK_G=block_g, BLOCK_N=block_n, NUM_SPLITS=num_splits,
             PER_QUERY_LENGTHS=lengths.shape[0] != Bk,
             UPCAST=q.dtype == torch.bfloat16 and is_interpreted(_decode_attn_kernel),
             DOT_PRECISION=DOT_PRECISION),
        num_warps=NUM_WARPS, num_stages=NUM_STAGES)
    if num_splits == 1:
        return [main]
    merge = Launch(_decode_merge_kernel, (H, B), (part_acc, part_ml, out, *out.stride()),
                   dict(HEAD_DIM=D, BLOCK_D=block_d, NUM_SPLITS=num_splits, BLOCK_S=next_power_of_2(num_splits)),
                   num_warps=NUM_WARPS, num_stages=1)
    return [main, merge]


def _decode_attention_triton(q, k_cache, v_cache, lengths, **config) -> torch.Tensor:
    out = torch.empty(q.shape, dtype=q.dtype, device=q.device)
    for launch in _decode_launches(q, k_cache, v_cache, lengths, out, **config):
        launch.run()
    return out


def decode_attention(q: torch.Tensor, k_cache: torch.Tensor, v_cache: torch.Tensor, lengths: torch.Tensor, *,
                     backend: str = "auto") -> torch.Tensor:
    """Attention of one new token per beam-search hypothesis over a KV cache.

    Explanation
    ===========
    Hypothesis ``b`` reads cache row ``b // (B // Bk)``: with ``Bk == B`` each hypothesis has its own
    (self-attention) cache; with ``Bk`` sequences and ``B = Bk * beams`` hypotheses, the beams of one
    sequence share its encoder output (cross-attention) with no copy per beam. On CUDA tensors this runs
    the split-KV Triton kernels of this module; elsewhere, or with ``SYMPY_RECUR_TRITON=0``,
    :func:`decode_attention_reference`.

    Examples
    ========
    >>> import torch
    >>> from sympy_recur.kernels import decode_attention
    >>> q = torch.ones(6, 2, 8)                     # 3 sequences x 2 beams, 2 heads, head dim 8
    >>> enc = torch.ones(3, 2, 5, 8)                # encoder output of the 3 sequences
    >>> decode_attention(q, enc, enc, torch.tensor([5, 3, 1])).shape
    torch.Size([6, 2, 8])

    Parameters
    ==========
    q : Tensor (B, H, D)
    k_cache, v_cache : Tensor (Bk, H, Tmax, D), ``B`` a multiple of ``Bk``; same dtype and device as ``q``
    lengths : int Tensor (Bk,) or (B,)
        Valid keys (each in ``[1, Tmax]``) per cache row or per hypothesis; later cache slots are ignored.
    backend : "auto" | "triton" | "torch"
        As for :func:`sympy_recur.kernels.attention`.

    Returns
    =======
    Tensor (B, H, D) in ``q``'s dtype.

    Limitations
    ===========
    Forward only (inputs that require grad take the reference under ``"auto"``). The number of key splits
    is chosen from ``Tmax`` (the cache capacity), not the actual lengths, so that no value is read back to
    the host; splits past a row's length exit at once.

    See Also
    ========
    sympy_recur.kernels.attention : full query blocks (encoder, training, prompt processing).
    """
    _validate(q, k_cache, v_cache, lengths)
    grad = needs_grad(q, k_cache, v_cache)
    if resolve_backend(backend, q, _decode_attn_kernel, "decode_attention", grad=grad) == "triton":
        return _decode_attention_triton(q, k_cache, v_cache, lengths)
    return decode_attention_reference(q, k_cache, v_cache, lengths)
