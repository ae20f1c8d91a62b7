"""Tests for sympy_recur.kernels.decode_attention: reference, validation, interpreter numerics, compiles."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from sympy_recur.kernels import attention_reference, decode_attention, decode_attention_reference  # noqa: E402
from sympy_recur.kernels.decode_attention import (_decode_attention_triton, _decode_launches,  # noqa: E402
                                                  _num_splits)
from sympy_recur.kernels._common import compile_launch  # noqa: E402

from ._helpers import (HAS_TRITON, INTERPRETING, assert_close, in_interpreter,  # noqa: E402
                       MAX_SPILL_BYTES, interpreter_unusable, needs_compiler, ptxas_spill_bytes,
                       run_interpreter_suite)

DTYPES = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}


def make_inputs(Bk, G, H, Tmax, D, lengths, dtype=torch.float32, layout="contiguous", device="cpu"):
    """q (Bk*G, H, D), caches (Bk, H, Tmax, D), lengths; layout "strided" gives non-contiguous views."""
    if layout == "contiguous":
        q = torch.randn(Bk * G, H, D, dtype=dtype, device=device)
        k = torch.randn(Bk, H, Tmax, D, dtype=dtype, device=device)
        v = torch.randn(Bk, H, Tmax, D, dtype=dtype, device=device)
    else:
        q = torch.randn(H, Bk * G, D, dtype=dtype, device=device).transpose(0, 1)
        k = torch.randn(Bk, Tmax, H, D, dtype=dtype, device=device).transpose(1, 2)  # (Bk, T, H, D) cache
        v = torch.randn(Bk, H, Tmax, 2 * D, dtype=dtype, device=device)[..., D:]  # a slice of a fused KV
    return q, k, v, torch.tensor(lengths, device=device)


def expanded_reference(q, k, v, lengths):
    """The same result through attention_reference on caches copied per beam (the thing we avoid)."""
    B, H, D = q.shape
    Bk = k.shape[0]
    G = B // Bk
    k_full = k.repeat_interleave(G, dim=0)  # (B, H, Tmax, D)
    v_full = v.repeat_interleave(G, dim=0)
    lens = lengths if lengths.shape[0] == B else lengths.repeat_interleave(G)
    return attention_reference(q[:, :, None], k_full, v_full, key_lengths=lens)[:, :, 0]


# ---------------------------------------------------------------- reference (CPU, always runs)

@pytest.mark.parametrize("Bk,G,lengths", [(3, 1, [1, 9, 4]), (2, 4, [9, 1]), (2, 3, [1, 2, 3, 9, 8, 7])])
def test_reference_matches_expanded_attention(Bk, G, lengths):
    q, k, v, lens = make_inputs(Bk, G, 2, 9, 8, lengths)
    torch.testing.assert_close(decode_attention_reference(q, k, v, lens), expanded_reference(q, k, v, lens))


def test_cpu_auto_is_reference():
    q, k, v, lens = make_inputs(2, 3, 2, 6, 8, [6, 2], dtype=torch.float64)
    out = decode_attention(q, k, v, lens)
    assert out.shape == (6, 2, 8) and out.dtype == torch.float64
    assert torch.equal(out, decode_attention_reference(q, k, v, lens))


@pytest.mark.parametrize("shapes,lengths,exc,match", [
    (((4, 2, 8), (2, 2, 5, 8), (2, 2, 5, 9)), [5, 5], ValueError, "k_cache and v_cache must have the same shape"),
    (((4, 2, 8), (3, 2, 5, 8), (3, 2, 5, 8)), [5, 5, 5], ValueError, "multiple of the cache's batch 3"),
    (((4, 2, 8), (2, 4, 5, 8), (2, 4, 5, 8)), [5, 5], ValueError, r"k_cache must have shape \(Bk, 2, Tmax, 8\)"),
    (((4, 2), (2, 2, 5, 8), (2, 2, 5, 8)), [5, 5], ValueError, r"q must have shape \(B, H, D\)"),
    (((4, 2, 8), (2, 2, 5, 8), (2, 2, 5, 8)), [5, 5, 5], ValueError, r"lengths must have shape \(2,\) or \(4,\)"),
    (((4, 2, 8), (2, 2, 5, 8), (2, 2, 5, 8)), [5, 6], ValueError, r"lengths must lie in \[1, 5\], got 6"),
    (((4, 2, 8), (2, 2, 5, 8), (2, 2, 5, 8)), [0, 0, 1, 1], ValueError, r"must lie in \[1, 5\], got 0"),
])
def test_validation_errors(shapes, lengths, exc, match):
    q, k, v = (torch.randn(*s) for s in shapes)
    with pytest.raises(exc, match=match):
        decode_attention(q, k, v, torch.tensor(lengths))


@pytest.mark.skipif(INTERPRETING, reason="the interpreter runs triton on CPU tensors")
def test_explicit_triton_on_cpu_raises():
    q, k, v, lens = make_inputs(1, 2, 1, 4, 8, [4])
    with pytest.raises(RuntimeError, match="decode_attention\\(backend='triton'\\)"):
        decode_attention(q, k, v, lens, backend="triton")


@pytest.mark.parametrize("programs,Tmax,expected", [
    (5120, 256, 1),  # 64 sequences x 10 beams x 8 heads of self-attention: the grid fills the GPU
    (512, 256, 1),  # 64 sequences' encoder output, 8 heads: ~2.4 programs per SM already
    (8, 256, 4),  # one sequence: 27 wanted per program, capped by the 4 key blocks of 64
    (8, 4096, 27),  # long cache: cdiv(2 * 108, 8)
    (1, 100000, 64),  # capped by MAX_SPLITS
])
def test_num_splits_heuristic(programs, Tmax, expected):
    assert _num_splits(programs, Tmax, 64, torch.device("cpu")) == expected


# ---------------------------------------------------------------- interpreter numerics (subprocess)

@pytest.mark.skipif(INTERPRETING, reason="already in the interpreter")
def test_interpreter_suite():
    if interpreter_unusable():
        pytest.skip(interpreter_unusable())
    run_interpreter_suite(__file__)


# name: (Bk, G, H, Tmax, D, lengths, layout, config). block_n=16 makes tiny caches span several blocks.
INTERPRETER_CASES = {
    "self_cache": (4, 1, 2, 40, 16, [1, 40, 17, 33], "contiguous", dict(num_splits=1, block_n=16)),
    "self_cache_split": (4, 1, 2, 40, 16, [1, 40, 17, 33], "contiguous", dict(num_splits=3, block_n=16)),
    "shared_encoder": (3, 5, 2, 45, 24, [45, 1, 30], "contiguous", dict(num_splits=1, block_n=16)),
    "shared_encoder_split": (3, 5, 2, 45, 24, [45, 1, 30], "contiguous", dict(num_splits=4, block_n=16)),
    "per_beam_lengths": (2, 3, 2, 33, 16, [1, 33, 16, 17, 2, 32], "contiguous", dict(num_splits=2, block_n=16)),
    "many_beams": (1, 20, 1, 18, 16, [18], "contiguous", dict(num_splits=2, block_n=16, block_g=16)),
    "strided": (2, 3, 2, 29, 16, [29, 5], "strided", dict(num_splits=2, block_n=16)),
    "auto_config": (2, 2, 2, 70, 64, [70, 3], "contiguous", {}),
}


@in_interpreter
class TestInterpreter:
    @pytest.mark.parametrize("dtype_name", ["float32", "float16"])
    @pytest.mark.parametrize("case", sorted(INTERPRETER_CASES))
    def test_matches_reference(self, case, dtype_name):
        Bk, G, H, Tmax, D, lengths, layout, config = INTERPRETER_CASES[case]
        q, k, v, lens = make_inputs(Bk, G, H, Tmax, D, lengths, DTYPES[dtype_name], layout)
        out = _decode_attention_triton(q, k, v, lens, **config)
        assert out.dtype == q.dtype and out.shape == (Bk * G, H, D)
        assert_close(out, decode_attention_reference(q, k, v, lens), dtype_name)

    @pytest.mark.parametrize("case", ["shared_encoder_split", "per_beam_lengths"])
    def test_bfloat16(self, case):
        # loads and stores are bf16; the dots run in fp32 because the interpreter's bf16 tl.dot is wrong
        Bk, G, H, Tmax, D, lengths, layout, config = INTERPRETER_CASES[case]
        q, k, v, lens = make_inputs(Bk, G, H, Tmax, D, lengths, torch.bfloat16, layout)
        assert_close(_decode_attention_triton(q, k, v, lens, **config), decode_attention_reference(q, k, v, lens),
                     "bfloat16")

    def test_public_function_dispatches_to_triton(self):
        q, k, v, lens = make_inputs(2, 2, 2, 9, 16, [9, 4])
        assert_close(decode_attention(q, k, v, lens, backend="triton"), decode_attention_reference(q, k, v, lens),
                     "float32")


# ---------------------------------------------------------------- ahead-of-time compiles (no GPU needed)

# (dtype, per-hypothesis lengths, splits): both kernels, every constexpr branch once per arch
COMPILE_CASES = [
    (torch.float16, False, 1),
    (torch.float16, True, 4),
    (torch.bfloat16, True, 1),
    (torch.float32, False, 4),
]


@needs_compiler
@pytest.mark.parametrize("arch", [80, 90])
@pytest.mark.parametrize("dtype,per_query,splits", COMPILE_CASES)
def test_compiles(arch, dtype, per_query, splits):
    B, Bk = 20, 2
    q = torch.empty(B, 8, 64, dtype=dtype)
    k = torch.empty(Bk, 8, 256, 64, dtype=dtype)
    lens = torch.full((B if per_query else Bk,), 7)
    launches = _decode_launches(q, k, k, lens, torch.empty_like(q), num_splits=splits)
    assert [la.kernel.__name__ for la in launches] == (["_decode_attn_kernel"] if splits == 1 else
                                                       ["_decode_attn_kernel", "_decode_merge_kernel"])
    for launch in launches:
        compiled = compile_launch(launch, arch)
        assert compiled.asm["cubin"]
        assert ptxas_spill_bytes(compiled, arch) <= MAX_SPILL_BYTES


# ---------------------------------------------------------------- GPU (skipped without CUDA)

gpu = pytest.mark.skipif(not (HAS_TRITON and torch.cuda.is_available()), reason="needs CUDA and triton")


@pytest.mark.gpu
@gpu
@pytest.mark.parametrize("dtype_name", ["float16", "bfloat16", "float32"])
@pytest.mark.parametrize("Bk,G,per_beam", [(640, 1, False), (64, 10, False), (64, 10, True), (1, 10, False)])
def test_gpu_matches_reference(dtype_name, Bk, G, per_beam):
    Tmax = 256
    n = Bk * G if per_beam else Bk
    lengths = torch.randint(1, Tmax + 1, (n,)).tolist()
    lengths[0], lengths[-1] = 1, Tmax
    q, k, v, lens = make_inputs(Bk, G, 8, Tmax, 64, lengths, DTYPES[dtype_name], device="cuda")
    out = decode_attention(q, k, v, lens)
    assert_close(out, decode_attention_reference(q, k, v, lens), dtype_name)
