"""Triton kernels for the model's GPU path, each beside a plain torch reference.

``attention`` (fused FlashAttention-style forward: padding, causal, cross) and ``decode_attention``
(beam-search decoding against a KV cache, split-KV). On CUDA tensors they run Triton unless the environment
variable ``SYMPY_RECUR_TRITON=0``; on CPU, or without the ``triton`` package, the torch reference.
Importing this package neither needs triton nor touches a device.
"""

from .attention import attention, attention_reference
from .decode_attention import decode_attention, decode_attention_reference

__all__ = ["attention", "attention_reference", "decode_attention", "decode_attention_reference"]
