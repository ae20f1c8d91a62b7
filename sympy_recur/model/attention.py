"""The one attention function the transformer calls.

On CUDA it uses the Triton kernels of :mod:`sympy_recur.kernels` when that
package imports and no gradient is needed (the kernels are forward-only:
inference and evaluation); everywhere else (training, CPU, no Triton) it uses
:func:`torch.nn.functional.scaled_dot_product_attention` with an explicit
boolean mask. Both paths take the same arguments:

* ``attention(q, k, v, causal=, key_lengths=)``: q ``(B, H, Tq, D)``, k/v
  ``(B, H, Tk, D)``; ``key_lengths`` ``(B,)`` counts the valid (left-aligned)
  keys; causal lets query ``i`` see keys ``j <= i + Tk - Tq``.
* ``decode_attention(q, k_cache, v_cache, lengths)``: one query per row, q
  ``(B, H, D)``, caches ``(Bk, H, Tmax, D)`` shared by ``B // Bk`` consecutive
  rows (beams), ``lengths`` ``(B,)`` valid cache entries per query row.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

__all__ = ["attention", "decode_attention", "kernels_available"]

try:  # the Triton kernels (forward only); any import problem means "use the fallback"
    from sympy_recur.kernels import attention as _K_ATT, decode_attention as _K_DEC  # type: ignore
except Exception:  # noqa: BLE001
    _K_ATT = _K_DEC = None


def kernels_available() -> bool:
    return _K_ATT is not None


def _mask(B, Tq, Tk, device, causal, key_lengths):
    if not causal and key_lengths is None:
        return None
    j = torch.arange(Tk, device=device)
    m = torch.ones(B, 1, Tq, Tk, dtype=torch.bool, device=device)
    if key_lengths is not None:
        m = m & (j < key_lengths.view(B, 1, 1, 1))
    if causal:
        i = torch.arange(Tq, device=device).view(Tq, 1)
        m = m & (j.view(1, Tk) <= i + (Tk - Tq))
    return m


def _use_kernels(q, fn) -> bool:
    return fn is not None and q.is_cuda and not (torch.is_grad_enabled() and q.requires_grad)


def attention(q, k, v, *, causal: bool = False, key_lengths=None):
    if _use_kernels(q, _K_ATT):
        return _K_ATT(q, k, v, causal=causal, key_lengths=key_lengths)
    if causal and key_lengths is None and q.shape[2] == k.shape[2]:
        return F.scaled_dot_product_attention(q, k, v, is_causal=True)
    return F.scaled_dot_product_attention(q, k, v, attn_mask=_mask(q.shape[0], q.shape[2], k.shape[2],
                                                                    q.device, causal, key_lengths))


def decode_attention(q, k_cache, v_cache, lengths):
    if _use_kernels(q, _K_DEC):
        return _K_DEC(q, k_cache, v_cache, lengths)
    B, H, D = q.shape
    Bk, _, T, _ = k_cache.shape
    r = B // Bk
    qg = q.view(Bk, r, H, D).transpose(1, 2)                        # (Bk, H, r, D)
    mask = torch.arange(T, device=q.device) < lengths.view(Bk, r, 1)  # (Bk, r, T)
    out = F.scaled_dot_product_attention(qg, k_cache, v_cache, attn_mask=mask.unsqueeze(1))
    return out.transpose(1, 2).reshape(B, H, D)
