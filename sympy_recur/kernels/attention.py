"""Fused multi-head attention forward: ``softmax(q k^T / sqrt(D) + mask) v`` in one pass over the keys.

Explanation
===========
One program owns ``BLOCK_M`` query rows of one (batch, head). It streams the keys in ``BLOCK_N`` blocks and
keeps, per row, the running maximum ``m``, the running denominator ``l`` and the unnormalised output ``acc``
(FlashAttention's online softmax, Dao et al. 2022): when a block raises the maximum from ``m`` to ``m'``,
the old ``l`` and ``acc`` are rescaled by ``exp(m - m')``. The ``(Tq, Tk)`` score matrix never reaches
memory. Scores are computed in base 2 (the scale folds in ``LOG2E``) and accumulated in fp32.

Masks: keys at index ``>= key_lengths[b]`` (padding) and, with ``causal=True``, keys ``j > i + (Tk - Tq)``
for query ``i`` (so a query block appended to a KV cache sees the whole cache). Key blocks that no row of
the program masks run without mask arithmetic; the rest run the masked loop.

Algorithm: Dao, Fu, Ermon, Rudra, Re, "FlashAttention", NeurIPS 2022, algorithm 1 (forward only).
"""

from __future__ import annotations

import math

import torch

from ._common import (DOT_PRECISION, LOG2E, MAX_HEAD_DIM, MIN_DOT_DIM, TRITON_DTYPES, Launch, check_lengths,
                      is_interpreted, needs_grad, next_power_of_2, resolve_backend, tl, triton)

__all__ = ["attention", "attention_reference"]

# Largest tiles per dtype. 64 x 64 fp16/bf16 tiles with head dim 64 keep q, acc and one K/V tile in
# registers and shared memory with 4 warps on sm_80 and sm_90 (FlashAttention-2's choice for D = 64; ptxas
# reports no spills). fp32's exact-FMA dots hold their operands in registers and spill at 64 x 64, so fp32
# uses 32 x 32. Shorter sequences use the smallest power of two that covers them, never below MIN_DOT_DIM.
MAX_BLOCK = {torch.float16: 64, torch.bfloat16: 64, torch.float32: 32}
NUM_WARPS = 4
# Software pipelining depth for the K/V loads: 3 buffers of 64 x 64 fp16 K and V tiles are 48 KiB of shared
# memory; fp32's FMA dot is compute bound, so 2 buffers suffice.
NUM_STAGES = {torch.float16: 3, torch.bfloat16: 3, torch.float32: 2}


@triton.jit
def _load_tile(
    ptrs,  # pointer tile to load
    key_mask,  # bool tile: key index in range (used when MASK_KEYS)
    d_mask,  # bool tile: head-dim index < HEAD_DIM (used unless EVEN_D)
    MASK_KEYS: tl.constexpr,  # the tile may cross the end of the valid keys
    EVEN_D: tl.constexpr,  # HEAD_DIM is a power of two, so the d axis needs no mask
):
    if MASK_KEYS:
        if EVEN_D:
            x = tl.load(ptrs, mask=key_mask, other=0.0)
        else:
            x = tl.load(ptrs, mask=key_mask & d_mask, other=0.0)
    else:
        if EVEN_D:
            x = tl.load(ptrs)
        else:
            x = tl.load(ptrs, mask=d_mask, other=0.0)
    return x


@triton.jit
def _attn_fwd_blocks(
    acc,  # (BLOCK_M, BLOCK_D) fp32 unnormalised output so far
    m_i,  # (BLOCK_M,) fp32 running row maximum of the base-2 scores
    l_i,  # (BLOCK_M,) fp32 running softmax denominator
    q,  # (BLOCK_M, BLOCK_D) query tile, already in the dot dtype
    k_base,  # pointer to K[b, h, 0, 0]
    v_base,  # pointer to V[b, h, 0, 0]
    stride_kn, stride_kd,  # K strides along keys and head dim
    stride_vn, stride_vd,  # V strides along keys and head dim
    offs_m,  # (BLOCK_M,) query indices of this program
    offs_d,  # (BLOCK_D,) head-dim indices
    start,  # first key of the first block (a multiple of BLOCK_N)
    stop,  # keys in [start, stop) are visited
    kv_len,  # valid keys of this row of the batch (keys >= kv_len are masked)
    causal_shift,  # Tk - Tq: query i sees keys j <= i + causal_shift
    qk_scale,  # LOG2E / sqrt(D): turns q.k into a base-2 exponent
    HEAD_DIM: tl.constexpr,  # true head dim D
    BLOCK_N: tl.constexpr,  # keys per block
    MASKED: tl.constexpr,  # apply the padding / causal mask (blocks at the boundary)
    IS_CAUSAL: tl.constexpr,  # causal mask on
    EVEN_D: tl.constexpr,  # HEAD_DIM == BLOCK_D
    UPCAST: tl.constexpr,  # run the dots in fp32 (interpreter: its bf16 dot is wrong)
    DOT_PRECISION: tl.constexpr,  # tl.dot input_precision for fp32 operands
):
    d_mask = offs_d < HEAD_DIM
    for start_n in range(start, stop, BLOCK_N):
        offs_n = start_n + tl.arange(0, BLOCK_N)
        key_in = offs_n < kv_len
        # K^T tile (BLOCK_D, BLOCK_N), loaded transposed through the strides: no copy of K
        k = _load_tile(k_base + offs_n[None, :] * stride_kn + offs_d[:, None] * stride_kd,
                       key_in[None, :], d_mask[:, None], MASKED, EVEN_D)
        if UPCAST:
            k = k.to(tl.float32)
        qk = tl.dot(q, k, input_precision=DOT_PRECISION) * qk_scale  # (BLOCK_M, BLOCK_N) fp32, base 2
        if MASKED:
            keep = key_in[None, :]
            if IS_CAUSAL:
                keep = keep & (offs_n[None, :] <= offs_m[:, None] + causal_shift)
            qk = tl.where(keep, qk, float("-inf"))
        # online softmax; every row sees key 0 in the first block it visits, so m_new is finite
        m_new = tl.maximum(m_i, tl.max(qk, 1))
        alpha = tl.exp2(m_i - m_new)  # rescales what was accumulated under the old maximum
        p = tl.exp2(qk - m_new[:, None])
        l_i = l_i * alpha + tl.sum(p, 1)
        v = _load_tile(v_base + offs_n[:, None] * stride_vn + offs_d[None, :] * stride_vd,
                       key_in[:, None], d_mask[None, :], MASKED, EVEN_D)  # (BLOCK_N, BLOCK_D)
        if UPCAST:
            v = v.to(tl.float32)
        acc = acc * alpha[:, None] + tl.dot(p.to(v.dtype), v, input_precision=DOT_PRECISION)
        m_i = m_new
    return acc, m_i, l_i


@triton.jit
def _attn_fwd_kernel(
    Q, K, V, Out,  # pointers: q (B, H, Tq, D), k and v (B, H, Tk, D), out (B, H, Tq, D)
    Lengths,  # pointer to int32 key lengths (B,); unused unless HAS_LENGTHS
    stride_qb, stride_qh, stride_qm, stride_qd,  # q strides
    stride_kb, stride_kh, stride_kn, stride_kd,  # k strides
    stride_vb, stride_vh, stride_vn, stride_vd,  # v strides
    stride_ob, stride_oh, stride_om, stride_od,  # out strides
    Tq,  # query length
    Tk,  # key length (the tensor's, before padding lengths)
    qk_scale,  # LOG2E / sqrt(D)
    HEAD_DIM: tl.constexpr,  # D
    BLOCK_D: tl.constexpr,  # D rounded up to a power of two >= 16
    BLOCK_M: tl.constexpr,  # query rows per program
    BLOCK_N: tl.constexpr,  # keys per loop step
    IS_CAUSAL: tl.constexpr,  # causal mask on
    HAS_LENGTHS: tl.constexpr,  # per-row key lengths given
    UPCAST: tl.constexpr,  # run the dots in fp32 (interpreter: its bf16 dot is wrong)
    DOT_PRECISION: tl.constexpr,  # tl.dot input_precision for fp32 operands
):
    # grid: (cdiv(Tq, BLOCK_M), H, B); axis 0 fastest, so programs sharing K/V of one head run together
    start_m = tl.program_id(0) * BLOCK_M
    h = tl.program_id(1).to(tl.int64)  # int64 offsets: B * H * T * D may pass 2**31
    b = tl.program_id(2).to(tl.int64)
    offs_m = start_m + tl.arange(0, BLOCK_M)
    offs_d = tl.arange(0, BLOCK_D)
    EVEN_D: tl.constexpr = HEAD_DIM == BLOCK_D

    kv_len = Tk
    if HAS_LENGTHS:
        kv_len = tl.minimum(tl.load(Lengths + b), Tk)  # clamp: a bad length must not read out of bounds
    causal_shift = Tk - Tq

    q_ptrs = Q + b * stride_qb + h * stride_qh + offs_m[:, None] * stride_qm + offs_d[None, :] * stride_qd
    q_mask = (offs_m[:, None] < Tq) & (offs_d[None, :] < HEAD_DIM)
    q = tl.load(q_ptrs, mask=q_mask, other=0.0)
    if UPCAST:
        q = q.to(tl.float32)

    m_i = tl.full([BLOCK_M], float("-inf"), tl.float32)
    l_i = tl.zeros([BLOCK_M], tl.float32)
    acc = tl.zeros([BLOCK_M, BLOCK_D], tl.float32)

    # keys every row of this program sees unmasked: [0, full_end), rounded down to whole blocks
    if IS_CAUSAL:
        full_end = tl.minimum(kv_len, start_m + causal_shift + 1)
        stop = tl.minimum(kv_len, start_m + BLOCK_M + causal_shift)
    else:
        full_end = kv_len
        stop = kv_len
    full_end = (full_end // BLOCK_N) * BLOCK_N
    k_base = K + b * stride_kb + h * stride_kh
    v_base = V + b * stride_vb + h * stride_vh
    acc, m_i, l_i = _attn_fwd_blocks(acc, m_i, l_i, q, k_base, v_base, stride_kn, stride_kd, stride_vn, stride_vd,
                                     offs_m, offs_d, 0, full_end, kv_len, causal_shift, qk_scale,
                                     HEAD_DIM, BLOCK_N, False, IS_CAUSAL, EVEN_D, UPCAST, DOT_PRECISION)
    acc, m_i, l_i = _attn_fwd_blocks(acc, m_i, l_i, q, k_base, v_base, stride_kn, stride_kd, stride_vn, stride_vd,
                                     offs_m, offs_d, full_end, stop, kv_len, causal_shift, qk_scale,
                                     HEAD_DIM, BLOCK_N, True, IS_CAUSAL, EVEN_D, UPCAST, DOT_PRECISION)

    out = acc / l_i[:, None]
    o_ptrs = Out + b * stride_ob + h * stride_oh + offs_m[:, None] * stride_om + offs_d[None, :] * stride_od
    tl.store(o_ptrs, out.to(Out.dtype.element_ty), mask=q_mask)


def attention_reference(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, *, causal: bool = False,
                        key_lengths: torch.Tensor | None = None) -> torch.Tensor:
    """Plain torch attention with the same masks, computed in fp32; output in ``q``'s dtype."""
    B, H, Tq, D = q.shape
    Tk = k.shape[2]
    scores = torch.matmul(q.float(), k.float().transpose(-1, -2)) / math.sqrt(D)  # (B, H, Tq, Tk)
    keys = torch.arange(Tk, device=q.device)  # (Tk,)
    keep = torch.ones(B, 1, Tq, Tk, dtype=torch.bool, device=q.device)  # (B, 1, Tq, Tk)
    if key_lengths is not None:
        keep = keep & (keys < key_lengths.to(q.device).view(B, 1, 1, 1))  # (B, 1, 1, Tk) broadcast
    if causal:
        queries = torch.arange(Tq, device=q.device)  # (Tq,)
        keep = keep & (keys[None, :] <= queries[:, None] + (Tk - Tq))  # (Tq, Tk) broadcast
    scores = scores.masked_fill(~keep, float("-inf"))
    probs = torch.softmax(scores, dim=-1)  # (B, H, Tq, Tk)
    return torch.matmul(probs, v.float()).to(q.dtype)  # (B, H, Tq, D)


def _validate(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, causal: bool,
              key_lengths: torch.Tensor | None) -> None:
    for name, t in (("q", q), ("k", k), ("v", v)):
        if not isinstance(t, torch.Tensor):
            raise TypeError(f"{name} must be a torch.Tensor, got {type(t).__name__}")
        if t.dim() != 4:
            raise ValueError(f"{name} must have shape (B, H, T, D), got {tuple(t.shape)}")
    if k.shape != v.shape:
        raise ValueError(f"k and v must have the same shape, got {tuple(k.shape)} and {tuple(v.shape)}")
    B, H, Tq, D = q.shape
    if (k.shape[0], k.shape[1], k.shape[3]) != (B, H, D):
        raise ValueError(f"k must have shape ({B}, {H}, Tk, {D}) to match q {tuple(q.shape)}, got {tuple(k.shape)}")
    if not (q.dtype == k.dtype == v.dtype):
        raise TypeError(f"q, k, v must share a dtype, got {q.dtype}, {k.dtype}, {v.dtype}")
    if not q.dtype.is_floating_point:
        raise TypeError(f"q, k, v must be floating point, got {q.dtype}")
    if not (q.device == k.device == v.device):
        raise ValueError(f"q, k, v must share a device, got {q.device}, {k.device}, {v.device}")
    Tk = k.shape[2]
    if Tk == 0:
        raise ValueError("need at least one key, got Tk = 0")
    if causal and Tq > Tk:
        raise ValueError(f"causal attention needs Tq <= Tk (query i sees keys j <= i + Tk - Tq), got Tq={Tq}, Tk={Tk}")
    if key_lengths is not None:
        check_lengths(key_lengths, (B,), Tk, "key_lengths")


def _attention_launch(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, causal: bool,
                      key_lengths: torch.Tensor | None, out: torch.Tensor, *, block_m: int | None = None,
                      block_n: int | None = None) -> Launch:
    """Describe the kernel launch for validated inputs (tests compile it ahead of time)."""
    if q.dtype not in TRITON_DTYPES:
        raise TypeError(f"the triton attention kernel supports {TRITON_DTYPES}, got {q.dtype}")
    B, H, Tq, D = q.shape
    Tk = k.shape[2]
    if D > MAX_HEAD_DIM:
        raise ValueError(f"the triton attention kernel supports head dim <= {MAX_HEAD_DIM}, got {D}")
    block_m = block_m or min(MAX_BLOCK[q.dtype], max(MIN_DOT_DIM, next_power_of_2(Tq)))
    block_n = block_n or min(MAX_BLOCK[q.dtype], max(MIN_DOT_DIM, next_power_of_2(Tk)))
    for name, value in (("block_m", block_m), ("block_n", block_n)):
        if value < MIN_DOT_DIM or value != next_power_of_2(value):
            raise ValueError(f"{name} must be a power of two >= {MIN_DOT_DIM}, got {value}")
    if key_lengths is None:
        lengths = q  # never read (HAS_LENGTHS=False); any pointer will do
    else:
        lengths = key_lengths.to(device=q.device, dtype=torch.int32).contiguous()
    args = (q, k, v, out, lengths, *q.stride(), *k.stride(), *v.stride(), *out.stride(), Tq, Tk,
            LOG2E / math.sqrt(D))
    constexprs = dict(HEAD_DIM=D, BLOCK_D=max(MIN_DOT_DIM, next_power_of_2(D)), BLOCK_M=block_m, BLOCK_N=block_n,
                      IS_CAUSAL=bool(causal), HAS_LENGTHS=key_lengths is not None,
                      UPCAST=q.dtype == torch.bfloat16 and is_interpreted(_attn_fwd_kernel),
                      DOT_PRECISION=DOT_PRECISION)
    return Launch(_attn_fwd_kernel, (triton.cdiv(Tq, block_m), H, B), args, constexprs,
                  num_warps=NUM_WARPS, num_stages=NUM_STAGES[q.dtype])


def _attention_triton(q, k, v, causal, key_lengths, **blocks) -> torch.Tensor:
    B, H, Tq, D = q.shape
    out = torch.empty((B, H, Tq, D), dtype=q.dtype, device=q.device)
    _attention_launch(q, k, v, causal, key_lengths, out, **blocks).run()
    return out


def attention(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, *, causal: bool = False,
              key_lengths: torch.Tensor | None = None, backend: str = "auto") -> torch.Tensor:
    """Scaled dot-product attention ``softmax(q k^T / sqrt(D)) v`` with padding and causal masks.

    Explanation
    ===========
    Covers the model's three uses: encoder self-attention over padded sequences (``key_lengths``), decoder
    causal self-attention (``causal=True``, also with a KV cache: query ``i`` sees keys
    ``j <= i + (Tk - Tq)``), and cross-attention (``Tq != Tk``). On CUDA tensors it runs the fused Triton
    kernel of this module; elsewhere, or with ``SYMPY_RECUR_TRITON=0``, :func:`attention_reference`.

    Examples
    ========
    >>> import torch
    >>> from sympy_recur.kernels import attention
    >>> q = k = v = torch.ones(1, 1, 2, 4)
    >>> attention(q, k, v, causal=True).shape
    torch.Size([1, 1, 2, 4])

    Parameters
    ==========
    q : Tensor (B, H, Tq, D)
    k, v : Tensor (B, H, Tk, D), same dtype and device as ``q``
    causal : bool
        Mask keys ``j > i + (Tk - Tq)`` for query ``i``; needs ``Tq <= Tk``.
    key_lengths : int Tensor (B,), optional
        Valid keys per batch row, each in ``[1, Tk]``; keys at index ``>= key_lengths[b]`` are ignored.
    backend : "auto" | "triton" | "torch"
        ``"auto"`` runs Triton on CUDA tensors unless ``SYMPY_RECUR_TRITON=0`` or an input requires grad;
        ``"triton"`` raises ``RuntimeError`` when it cannot run; ``"torch"`` is the reference.

    Returns
    =======
    Tensor (B, H, Tq, D) in ``q``'s dtype (fp32 accumulation inside).

    Limitations
    ===========
    The Triton path is forward only: with an input that requires grad, ``"auto"`` uses the (differentiable)
    reference and ``"triton"`` raises. The Triton path supports fp16, bf16 and fp32 and
    head dims up to 256. On CUDA the length check is asynchronous (a device-side assert).

    See Also
    ========
    sympy_recur.kernels.decode_attention : one query token per beam-search hypothesis against a KV cache.
    """
    _validate(q, k, v, causal, key_lengths)
    if resolve_backend(backend, q, _attn_fwd_kernel, "attention", grad=needs_grad(q, k, v)) == "triton":
        return _attention_triton(q, k, v, causal, key_lengths)
    return attention_reference(q, k, v, causal=causal, key_lengths=key_lengths)
