"""Tests for sympy_recur.kernels.attention: reference, validation, dispatch, interpreter numerics, compiles."""

from __future__ import annotations

import math
import types

import pytest

torch = pytest.importorskip("torch")

from sympy_recur.kernels import attention, attention_reference  # noqa: E402
from sympy_recur.kernels.attention import _attention_launch, _attention_triton  # noqa: E402
from sympy_recur.kernels._common import ENV_SWITCH, compile_launch, resolve_backend  # noqa: E402
from sympy_recur.kernels.attention import _attn_fwd_kernel  # noqa: E402

from ._helpers import (HAS_TRITON, INTERPRETING, assert_close, in_interpreter,  # noqa: E402
                       MAX_SPILL_BYTES, interpreter_unusable, needs_compiler, ptxas_spill_bytes,
                       run_interpreter_suite)

DTYPES = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}


def make_qkv(B, H, Tq, Tk, D, dtype=torch.float32, layout="contiguous", device="cpu"):
    """Random q, k, v; layout "strided" gives three different non-contiguous views."""
    if layout == "contiguous":
        q = torch.randn(B, H, Tq, D, dtype=dtype, device=device)
        k = torch.randn(B, H, Tk, D, dtype=dtype, device=device)
        v = torch.randn(B, H, Tk, D, dtype=dtype, device=device)
    else:
        q = torch.randn(B, Tq, H, D, dtype=dtype, device=device).transpose(1, 2)  # (B, T, H, D) model layout
        k = torch.randn(B, H, Tk, 2 * D, dtype=dtype, device=device)[..., ::2]  # head-dim stride 2
        v = torch.randn(Tk, B, H, D, dtype=dtype, device=device).permute(1, 2, 0, 3)  # time-major cache
        assert not (q.is_contiguous() or k.is_contiguous() or v.is_contiguous())
    return q, k, v


def sdpa_reference(q, k, v, causal, key_lengths):
    """torch's own SDPA with an explicit boolean mask: an independent check of attention_reference."""
    B, H, Tq, D = q.shape
    Tk = k.shape[2]
    keys = torch.arange(Tk)
    keep = torch.ones(B, 1, Tq, Tk, dtype=torch.bool)
    if key_lengths is not None:
        keep &= keys < key_lengths.view(B, 1, 1, 1)
    if causal:
        keep &= keys[None, :] <= torch.arange(Tq)[:, None] + (Tk - Tq)
    return torch.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=keep)


# ---------------------------------------------------------------- reference (CPU, always runs)

@pytest.mark.parametrize("causal", [False, True])
@pytest.mark.parametrize("Tq,Tk,lengths", [(7, 7, None), (7, 7, [1, 7]), (3, 11, [11, 4]), (1, 5, [2, 5])])
def test_reference_matches_sdpa(causal, Tq, Tk, lengths):
    q, k, v = make_qkv(2, 3, Tq, Tk, 8)
    key_lengths = None if lengths is None else torch.tensor(lengths)
    out = attention_reference(q, k, v, causal=causal, key_lengths=key_lengths)
    torch.testing.assert_close(out, sdpa_reference(q, k, v, causal, key_lengths), atol=1e-6, rtol=1e-5)


def test_reference_length_one_is_first_value():
    q, k, v = make_qkv(1, 2, 4, 6, 8)
    out = attention_reference(q, k, v, key_lengths=torch.tensor([1]))
    torch.testing.assert_close(out, v[:, :, :1].expand(1, 2, 4, 8))


def test_reference_causal_kv_cache_last_row_sees_everything():
    q, k, v = make_qkv(1, 1, 3, 9, 4)
    full = attention_reference(q[:, :, -1:], k, v)
    torch.testing.assert_close(attention_reference(q, k, v, causal=True)[:, :, -1:], full)


def test_cpu_auto_is_reference_and_keeps_dtype():
    q, k, v = make_qkv(2, 2, 5, 5, 8, dtype=torch.float64)
    out = attention(q, k, v, causal=True)
    assert out.dtype == torch.float64 and out.shape == (2, 2, 5, 8)
    assert torch.equal(out, attention_reference(q, k, v, causal=True))


# ---------------------------------------------------------------- validation and dispatch

@pytest.mark.parametrize("kwargs,shapes,exc,match", [
    ({}, ((2, 2, 4), (2, 2, 4, 8), (2, 2, 4, 8)), ValueError, r"q must have shape \(B, H, T, D\)"),
    ({}, ((2, 2, 4, 8), (2, 2, 4, 8), (2, 2, 5, 8)), ValueError, "k and v must have the same shape"),
    ({}, ((2, 2, 4, 8), (2, 3, 4, 8), (2, 3, 4, 8)), ValueError, r"k must have shape \(2, 2, Tk, 8\)"),
    ({"causal": True}, ((1, 1, 5, 8), (1, 1, 4, 8), (1, 1, 4, 8)), ValueError, "causal attention needs Tq <= Tk"),
    ({"key_lengths": [0, 3]}, ((2, 1, 3, 8), (2, 1, 3, 8), (2, 1, 3, 8)), ValueError,
     r"key_lengths must lie in \[1, 3\], got 0"),
    ({"key_lengths": [2, 4]}, ((2, 1, 3, 8), (2, 1, 3, 8), (2, 1, 3, 8)), ValueError,
     r"key_lengths must lie in \[1, 3\], got 4"),
    ({"key_lengths": [2]}, ((2, 1, 3, 8), (2, 1, 3, 8), (2, 1, 3, 8)), ValueError,
     r"key_lengths must have shape \(2,\), got \(1,\)"),
    ({"key_lengths": [2.0, 3.0]}, ((2, 1, 3, 8), (2, 1, 3, 8), (2, 1, 3, 8)), TypeError, "integer tensor"),
])
def test_validation_errors(kwargs, shapes, exc, match):
    q, k, v = (torch.randn(*s) for s in shapes)
    if "key_lengths" in kwargs:
        kwargs = dict(kwargs, key_lengths=torch.tensor(kwargs["key_lengths"]))
    with pytest.raises(exc, match=match):
        attention(q, k, v, **kwargs)


def test_dtype_mismatch_raises():
    q, k, v = make_qkv(1, 1, 2, 2, 4)
    with pytest.raises(TypeError, match="share a dtype"):
        attention(q, k.half(), v)


def test_bad_backend_raises():
    q, k, v = make_qkv(1, 1, 2, 2, 4)
    with pytest.raises(ValueError, match="backend must be 'auto', 'triton' or 'torch', got 'cuda'"):
        attention(q, k, v, backend="cuda")


@pytest.mark.skipif(INTERPRETING, reason="the interpreter runs triton on CPU tensors")
def test_explicit_triton_on_cpu_raises():
    q, k, v = make_qkv(1, 1, 2, 2, 4)
    with pytest.raises(RuntimeError, match="backend='triton'"):
        attention(q, k, v, backend="triton")


@pytest.mark.skipif(not HAS_TRITON, reason="triton is not installed")
@pytest.mark.parametrize("value,expected", [(None, "triton"), ("1", "triton"), ("0", "torch"), ("off", "torch")])
def test_env_switch_controls_auto(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv(ENV_SWITCH, raising=False)
    else:
        monkeypatch.setenv(ENV_SWITCH, value)
    fake_cuda = types.SimpleNamespace(is_cuda=True, device="cuda:0")  # dispatch only reads these
    assert resolve_backend("auto", fake_cuda, _attn_fwd_kernel, "attention") == expected
    assert resolve_backend("triton", fake_cuda, _attn_fwd_kernel, "attention") == "triton"


@pytest.mark.skipif(not HAS_TRITON, reason="triton is not installed")
def test_auto_falls_back_to_reference_when_grad_is_needed(monkeypatch):
    monkeypatch.delenv(ENV_SWITCH, raising=False)
    fake_cuda = types.SimpleNamespace(is_cuda=True, device="cuda:0")
    assert resolve_backend("auto", fake_cuda, _attn_fwd_kernel, "attention", grad=True) == "torch"
    with pytest.raises(RuntimeError, match="forward only"):
        resolve_backend("triton", fake_cuda, _attn_fwd_kernel, "attention", grad=True)


def test_reference_path_is_differentiable():
    q, k, v = (t.requires_grad_() for t in make_qkv(1, 2, 3, 5, 8))
    attention(q, k, v, causal=True, key_lengths=torch.tensor([4])).sum().backward()
    assert q.grad is not None and k.grad[:, :, 4].abs().max() == 0  # the padded key gets no gradient


# ---------------------------------------------------------------- interpreter numerics (subprocess)

@pytest.mark.skipif(INTERPRETING, reason="already in the interpreter")
def test_interpreter_suite():
    if interpreter_unusable():
        pytest.skip(interpreter_unusable())
    run_interpreter_suite(__file__)


# name: (B, H, Tq, Tk, D, causal, key_lengths, layout, blocks); blocks of 16 make tiny shapes span several
# key and query blocks (full blocks, a ragged last block, the causal diagonal).
INTERPRETER_CASES = {
    "self_padding": (2, 2, 37, 37, 16, False, [1, 37], "contiguous", 16),
    "self_no_lengths": (1, 2, 20, 20, 16, False, None, "contiguous", 16),
    "causal_self": (2, 2, 37, 37, 16, True, None, "contiguous", 16),
    "causal_padding": (2, 1, 33, 33, 16, True, [1, 33], "contiguous", 16),
    "causal_kv_cache": (2, 2, 7, 40, 16, True, [40, 23], "contiguous", 16),
    "cross": (3, 2, 5, 45, 24, False, [45, 1, 17], "contiguous", 16),
    "cross_one_query": (2, 2, 1, 19, 32, False, [19, 5], "contiguous", 16),
    "few_keys": (2, 1, 9, 3, 16, False, [3, 2], "contiguous", 16),
    "strided": (2, 2, 21, 29, 16, True, [29, 11], "strided", 16),
    "default_blocks": (2, 2, 70, 70, 64, True, [70, 65], "contiguous", None),
}


@in_interpreter
class TestInterpreter:
    @pytest.mark.parametrize("dtype_name", ["float32", "float16"])
    @pytest.mark.parametrize("case", sorted(INTERPRETER_CASES))
    def test_matches_reference(self, case, dtype_name):
        B, H, Tq, Tk, D, causal, lengths, layout, block = INTERPRETER_CASES[case]
        q, k, v = make_qkv(B, H, Tq, Tk, D, DTYPES[dtype_name], layout)
        key_lengths = None if lengths is None else torch.tensor(lengths)
        blocks = {} if block is None else {"block_m": block, "block_n": block}
        out = _attention_triton(q, k, v, causal, key_lengths, **blocks)
        assert out.dtype == q.dtype and out.shape == (B, H, Tq, D)
        assert_close(out, attention_reference(q, k, v, causal=causal, key_lengths=key_lengths), dtype_name)

    @pytest.mark.parametrize("case", ["causal_padding", "cross", "strided"])
    def test_bfloat16(self, case):
        # loads and stores are bf16; the dots run in fp32 because the interpreter's bf16 tl.dot is wrong
        B, H, Tq, Tk, D, causal, lengths, layout, block = INTERPRETER_CASES[case]
        q, k, v = make_qkv(B, H, Tq, Tk, D, torch.bfloat16, layout)
        key_lengths = torch.tensor(lengths)
        out = _attention_triton(q, k, v, causal, key_lengths, block_m=block, block_n=block)
        assert_close(out, attention_reference(q, k, v, causal=causal, key_lengths=key_lengths), "bfloat16")

    def test_public_function_dispatches_to_triton(self):
        q, k, v = make_qkv(1, 2, 5, 9, 16)
        out = attention(q, k, v, causal=True, key_lengths=torch.tensor([7]), backend="triton")
        assert_close(out, attention_reference(q, k, v, causal=True, key_lengths=torch.tensor([7])), "float32")

    def test_int64_lengths_and_length_equal_to_block(self):
        q, k, v = make_qkv(2, 1, 16, 32, 16)
        key_lengths = torch.tensor([16, 32], dtype=torch.int64)
        out = _attention_triton(q, k, v, False, key_lengths, block_m=16, block_n=16)
        assert_close(out, attention_reference(q, k, v, key_lengths=key_lengths), "float32")


# ---------------------------------------------------------------- ahead-of-time compiles (no GPU needed)

# (dtype, causal, has_lengths, D): every constexpr branch once per arch, fp16 the production dtype; fp32's
# exact-FMA dot compiles slowly (~6 s), so it runs with the most general masks only.
COMPILE_CASES = [
    (torch.float16, False, False, 64),
    (torch.float16, False, True, 64),
    (torch.float16, True, False, 64),
    (torch.float16, True, True, 64),
    (torch.bfloat16, True, True, 64),
    (torch.float16, True, True, 24),  # head dim not a power of two: masked d axis
]


def _launch_for(dtype, causal, has_lengths, D, Tq=100, Tk=120):
    q = torch.empty(2, 8, Tq, D, dtype=dtype)
    k = torch.empty(2, 8, Tk, D, dtype=dtype)
    key_lengths = torch.tensor([3, Tk]) if has_lengths else None
    return _attention_launch(q, k, k, causal, key_lengths, torch.empty_like(q))


@needs_compiler
@pytest.mark.parametrize("arch", [80, 90])
@pytest.mark.parametrize("dtype,causal,has_lengths,D", COMPILE_CASES)
def test_compiles(arch, dtype, causal, has_lengths, D):
    compiled = compile_launch(_launch_for(dtype, causal, has_lengths, D), arch)
    assert compiled.asm["cubin"]
    assert ptxas_spill_bytes(compiled, arch) <= MAX_SPILL_BYTES


@needs_compiler
def test_compiles_fp32_sm90():
    compiled = compile_launch(_launch_for(torch.float32, True, True, 64), 90)
    assert compiled.asm["cubin"]
    assert ptxas_spill_bytes(compiled, 90) <= MAX_SPILL_BYTES


@needs_compiler
def test_compiler_rejects_what_interpreter_accepts():
    # the reason the compile tests exist: a dot with K < 16 runs in the interpreter but does not compile
    import triton
    import triton.language as tl
    from sympy_recur.kernels._common import Launch

    @triton.jit
    def small_dot(X, Y, BLOCK: tl.constexpr):
        offs = tl.arange(0, BLOCK)
        x = tl.load(X + offs[:, None] * BLOCK + offs[None, :])
        tl.store(Y + offs[:, None] * BLOCK + offs[None, :], tl.dot(x, x))

    x = torch.empty(8, 8, dtype=torch.float16)
    with pytest.raises(Exception):
        compile_launch(Launch(small_dot, (1,), (x, x.float()), {"BLOCK": 8}), 90)


# ---------------------------------------------------------------- GPU (skipped without CUDA)

gpu = pytest.mark.skipif(not (HAS_TRITON and torch.cuda.is_available()), reason="needs CUDA and triton")


@pytest.mark.gpu
@gpu
@pytest.mark.parametrize("dtype_name", ["float16", "bfloat16", "float32"])
@pytest.mark.parametrize("causal", [False, True])
@pytest.mark.parametrize("B,Tq,Tk", [(64, 256, 256), (640, 1, 256), (640, 37, 37), (8, 200, 256)])
def test_gpu_matches_reference(dtype_name, causal, B, Tq, Tk):
    q, k, v = make_qkv(B, 8, Tq, Tk, 64, DTYPES[dtype_name], device="cuda")
    key_lengths = torch.randint(1, Tk + 1, (B,), device="cuda")
    key_lengths[0], key_lengths[-1] = 1, Tk
    out = attention(q, k, v, causal=causal, key_lengths=key_lengths)
    assert_close(out, attention_reference(q, k, v, causal=causal, key_lengths=key_lengths), dtype_name)


@pytest.mark.gpu
@gpu
def test_gpu_strided_and_sdpa_agree():
    q, k, v = make_qkv(4, 8, 33, 47, 64, torch.float16, "strided", device="cuda")
    out = attention(q, k, v, causal=True)
    expected = torch.nn.functional.scaled_dot_product_attention(
        q, k, v, attn_mask=torch.ones(33, 47, dtype=torch.bool, device="cuda").tril(47 - 33))
    assert_close(out, expected, "float16")
    assert math.isfinite(out.float().abs().max().item())
