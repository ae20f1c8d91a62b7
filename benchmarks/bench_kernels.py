"""Benchmark the Triton attention kernels against torch's scaled_dot_product_attention back-ends.

Shapes are the model's: 64 sequences x 10 beams, 8 heads, head dim 64, lengths up to 256. Each case is timed
for the Triton kernel (``backend="triton"``), the torch reference, and SDPA under each back-end of
``torch.nn.attention.sdpa_kernel`` (flash, memory-efficient, cuDNN, math); a back-end that rejects the case
(flash takes no arbitrary mask) is reported as ``n/a``. Times are medians of CUDA-event timings after
warm-up, with ``torch.cuda.synchronize()`` around the timed region. TFLOP/s and GB/s use the *useful* work of
the case (masked pairs are not counted, each K/V row is read once), the same numerator for every
implementation, so they compare directly and against the card's ceilings.

    python benchmarks/bench_kernels.py                    # all cases, fp16, appends to results/kernels.md
    python benchmarks/bench_kernels.py --dtype bf16 --no-append
    python benchmarks/bench_kernels.py --smoke            # tiny shapes on CPU: checks the plumbing only

Without CUDA (and without ``--smoke``) it prints why and exits 0.
End-to-end beam-search throughput: :func:`bench_end_to_end` (called once the model exists).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sympy_recur.kernels import attention, decode_attention  # noqa: E402
from sympy_recur.kernels._common import HAS_TRITON  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "kernels.md"
WARMUP = 10  # untimed calls first: triton compiles, cuDNN plans, the caching allocator warms up
ITERS = 50  # timed calls; the median is reported
DTYPES = {"fp16": torch.float16, "bf16": torch.bfloat16, "fp32": torch.float32}

# Dense fp16/bf16 tensor-core TFLOP/s (fp32 accumulate, no sparsity) and HBM GB/s from NVIDIA's data sheets,
# matched against torch.cuda.get_device_name() in this order (first substring match wins).
CEILINGS = [
    ("H200", 989.0, 4800.0),
    ("H100 PCIe", 756.0, 2000.0),
    ("H100 NVL", 835.0, 3900.0),
    ("H100", 989.0, 3350.0),  # SXM5 80GB HBM3
    ("A100-SXM4-80GB", 312.0, 2039.0),
    ("A100 80GB PCIe", 312.0, 1935.0),
    ("A100", 312.0, 1555.0),  # 40GB parts
    ("L40S", 362.0, 864.0),
    ("L4", 121.0, 300.0),
    ("A10G", 70.0, 600.0),
]


@dataclasses.dataclass(frozen=True)
class AttentionCase:
    name: str
    B: int  # batch rows
    H: int  # heads
    Tq: int  # queries
    Tk: int  # keys
    D: int  # head dim
    causal: bool
    padded: bool  # random key lengths in [Tk / 2, Tk]


@dataclasses.dataclass(frozen=True)
class DecodeCase:
    name: str
    Bk: int  # cache rows (sequences, or hypotheses for a self-attention cache)
    G: int  # hypotheses per cache row
    H: int
    Tmax: int  # cache capacity
    D: int


ATTENTION_CASES = [
    AttentionCase("encoder self, padded", 64, 8, 256, 256, 64, False, True),
    AttentionCase("decoder causal self", 64, 8, 256, 256, 64, True, False),
    AttentionCase("cross, padded", 64, 8, 64, 256, 64, False, True),
    AttentionCase("beams causal self", 640, 8, 32, 32, 64, True, False),
]
DECODE_CASES = [
    DecodeCase("self cache 64x10", 640, 1, 8, 256, 64),
    DecodeCase("cross shared 64x10", 64, 10, 8, 256, 64),
    DecodeCase("cross shared 1x10 (split)", 1, 10, 8, 256, 64),
    DecodeCase("self cache 1x10 (split)", 10, 1, 8, 256, 64),
]
SMOKE_ATTENTION = [AttentionCase("smoke", 2, 2, 8, 12, 16, True, True)]
SMOKE_DECODE = [DecodeCase("smoke", 2, 3, 2, 12, 16)]


# ---------------------------------------------------------------- work and traffic formulas

def attention_pairs(case: AttentionCase, lengths: torch.Tensor) -> int:
    """Unmasked (query, key) pairs summed over the batch: query i sees min(len_b, i + Tk - Tq + 1) keys."""
    lens = lengths.cpu().long()
    if not case.causal:
        return int(lens.sum()) * case.Tq
    i = torch.arange(case.Tq)
    return int(torch.minimum(lens[:, None], i[None, :] + case.Tk - case.Tq + 1).sum())


def attention_flops(case: AttentionCase, lengths: torch.Tensor) -> int:
    # per unmasked pair and head: q.k is D multiply-adds, p*v another D: 2 * 2 * D FLOPs
    return 4 * case.D * case.H * attention_pairs(case, lengths)


def attention_bytes(case: AttentionCase, lengths: torch.Tensor, elem: int) -> int:
    # minimum traffic: read q and write out once (2 * B * H * Tq * D), read the valid K and V rows once
    valid_keys = int(lengths.cpu().long().sum())
    return elem * case.H * case.D * (2 * case.B * case.Tq + 2 * valid_keys)


def decode_flops(case: DecodeCase, lengths: torch.Tensor) -> int:
    # per hypothesis, head and valid key: 4 * D FLOPs (q.k and p*v); lengths are per cache row here
    return 4 * case.D * case.H * case.G * int(lengths.cpu().long().sum())


def decode_bytes(case: DecodeCase, lengths: torch.Tensor, elem: int) -> int:
    # read q and write out (2 * B * H * D); each cache row's valid K and V once, shared by its G beams
    return elem * case.H * case.D * (2 * case.Bk * case.G + 2 * int(lengths.cpu().long().sum()))


# ---------------------------------------------------------------- timing

def time_ms(fn: Callable[[], object], device: torch.device, warmup: int = WARMUP, iters: int = ITERS) -> float:
    """Median milliseconds of ``fn()`` over ``iters`` calls after ``warmup`` untimed ones."""
    for _ in range(warmup):
        fn()
    if device.type != "cuda":
        times = []
        for _ in range(iters):
            t0 = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t0) * 1e3)
        return statistics.median(times)
    torch.cuda.synchronize(device)
    starts = [torch.cuda.Event(enable_timing=True) for _ in range(iters)]
    ends = [torch.cuda.Event(enable_timing=True) for _ in range(iters)]
    for start, end in zip(starts, ends):
        start.record()
        fn()
        end.record()
    torch.cuda.synchronize(device)
    return statistics.median(s.elapsed_time(e) for s, e in zip(starts, ends))


def sdpa_backends():
    """(label, SDPBackend) pairs available in this torch."""
    from torch.nn.attention import SDPBackend

    names = [("sdpa flash", "FLASH_ATTENTION"), ("sdpa mem-eff", "EFFICIENT_ATTENTION"),
             ("sdpa cudnn", "CUDNN_ATTENTION"), ("sdpa math", "MATH")]
    return [(label, getattr(SDPBackend, name)) for label, name in names if hasattr(SDPBackend, name)]


def _sdpa_call(backend, q, k, v, mask, is_causal):
    from torch.nn.attention import sdpa_kernel

    def call():
        with sdpa_kernel(backend):
            return torch.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=mask, is_causal=is_causal)

    return call


def _measure(label, fn, device, flops, nbytes, rows, case_name, iters):
    try:
        ms = time_ms(fn, device, iters=iters)
    except RuntimeError as err:  # a back-end that does not support the case
        rows.append((case_name, label, None, None, None, str(err).splitlines()[0][:60]))
        return
    rows.append((case_name, label, ms, flops / ms / 1e9, nbytes / ms / 1e6, ""))  # FLOP/ms/1e9 = TFLOP/s


def bench_attention(case: AttentionCase, dtype, device, rows, *, with_triton: bool, iters: int = ITERS):
    q = torch.randn(case.B, case.H, case.Tq, case.D, dtype=dtype, device=device)
    k = torch.randn(case.B, case.H, case.Tk, case.D, dtype=dtype, device=device)
    v = torch.randn_like(k)
    if case.padded:
        lengths = torch.randint(case.Tk // 2, case.Tk + 1, (case.B,), device=device)
    else:
        lengths = torch.full((case.B,), case.Tk, device=device)
    key_lengths = lengths if case.padded else None
    flops = attention_flops(case, lengths)
    nbytes = attention_bytes(case, lengths, q.element_size())
    if with_triton:
        _measure("triton", lambda: attention(q, k, v, causal=case.causal, key_lengths=key_lengths,
                                              backend="triton"), device, flops, nbytes, rows, case.name, iters)
    _measure("torch reference", lambda: attention(q, k, v, causal=case.causal, key_lengths=key_lengths,
                                                  backend="torch"), device, flops, nbytes, rows, case.name, iters)
    # SDPA: square causal without padding uses is_causal (flash supports it); anything else an explicit mask
    if case.causal and case.Tq == case.Tk and not case.padded:
        mask, is_causal = None, True
    else:
        keys = torch.arange(case.Tk, device=device)
        keep = (keys < lengths.view(-1, 1, 1, 1))  # (B, 1, 1, Tk)
        if case.causal:
            keep = keep & (keys[None, :] <= torch.arange(case.Tq, device=device)[:, None] + case.Tk - case.Tq)
        mask, is_causal = keep.expand(case.B, 1, case.Tq, case.Tk), False
    if device.type == "cuda":
        for label, backend in sdpa_backends():
            _measure(label, _sdpa_call(backend, q, k, v, mask, is_causal), device, flops, nbytes, rows, case.name,
                     iters)


def bench_decode(case: DecodeCase, dtype, device, rows, *, with_triton: bool, iters: int = ITERS):
    B = case.Bk * case.G
    q = torch.randn(B, case.H, case.D, dtype=dtype, device=device)
    k = torch.randn(case.Bk, case.H, case.Tmax, case.D, dtype=dtype, device=device)
    v = torch.randn_like(k)
    lengths = torch.randint(case.Tmax // 2, case.Tmax + 1, (case.Bk,), device=device)
    flops = decode_flops(case, lengths)
    nbytes = decode_bytes(case, lengths, q.element_size())
    if with_triton:
        _measure("triton", lambda: decode_attention(q, k, v, lengths, backend="triton"), device, flops, nbytes,
                 rows, case.name, iters)
    _measure("torch reference", lambda: decode_attention(q, k, v, lengths, backend="torch"), device, flops, nbytes,
             rows, case.name, iters)
    if device.type != "cuda":
        return
    # SDPA has no "beam b reads cache row b // G": give it the caches expanded per beam. The copy is made
    # once outside the timing ("copy excluded"), and once more inside for the honest cost ("with copy").
    k_full, v_full = k.repeat_interleave(case.G, 0), v.repeat_interleave(case.G, 0)  # (B, H, Tmax, D)
    keep = torch.arange(case.Tmax, device=device) < lengths.repeat_interleave(case.G).view(B, 1, 1, 1)
    q4 = q[:, :, None]  # (B, H, 1, D)
    for label, backend in sdpa_backends():
        _measure(label, _sdpa_call(backend, q4, k_full, v_full, keep, False), device, flops, nbytes, rows,
                 case.name, iters)
    if case.G > 1:
        backend = dict(sdpa_backends())["sdpa mem-eff"]

        def with_copy():
            return _sdpa_call(backend, q4, k.repeat_interleave(case.G, 0), v.repeat_interleave(case.G, 0), keep,
                              False)()

        _measure("sdpa mem-eff with copy", with_copy, device, flops, nbytes, rows, case.name, iters)


def bench_end_to_end(generate: Callable[[], int], device: torch.device, *, iters: int = 5) -> float:
    """Sequences per second of ``generate()``, a beam-search call returning how many sequences it decoded.

    Hook for the model: once ``sympy_recur.model`` has a beam-search entry point, wrap one batch in
    ``generate`` and report this number with ``SYMPY_RECUR_TRITON=1`` and ``=0`` beside the kernel rows.
    """
    counts = []
    ms = time_ms(lambda: counts.append(generate()), device, warmup=1, iters=iters)
    return counts[-1] / (ms / 1e3)


# ---------------------------------------------------------------- reporting

def ceilings(device_name: str):
    for key, tflops, gbs in CEILINGS:
        if key in device_name:
            return tflops, gbs
    return None, None


def format_table(rows, tflops_ceiling, gbs_ceiling) -> str:
    def pct(x, ceiling):
        return f" ({100 * x / ceiling:.0f}%)" if ceiling and x is not None else ""

    lines = ["| case | implementation | median ms | TFLOP/s | GB/s | note |", "|---|---|---:|---:|---:|---|"]
    for case, label, ms, tf, gbs, note in rows:
        if ms is None:
            lines.append(f"| {case} | {label} | n/a | | | {note} |")
        else:
            lines.append(f"| {case} | {label} | {ms:.4f} | {tf:.1f}{pct(tf, tflops_ceiling)} | "
                         f"{gbs:.0f}{pct(gbs, gbs_ceiling)} | {note} |")
    return "\n".join(lines)


def environment(device: torch.device) -> str:
    if HAS_TRITON:
        import triton

        triton_version = triton.__version__
    else:
        triton_version = "not installed"
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else platform.processor() or "cpu"
    cap = ".".join(map(str, torch.cuda.get_device_capability(device))) if device.type == "cuda" else "-"
    return (f"{datetime.date.today().isoformat()}, {name} (sm {cap}), torch {torch.__version__}, "
            f"CUDA {torch.version.cuda}, triton {triton_version}, python {platform.python_version()}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dtype", choices=sorted(DTYPES), default="fp16")
    parser.add_argument("--iters", type=int, default=ITERS, help="timed calls per measurement")
    parser.add_argument("--no-append", action="store_true", help=f"do not append to {RESULTS.relative_to(ROOT)}")
    parser.add_argument("--smoke", action="store_true", help="tiny shapes on CPU, torch reference only")
    args = parser.parse_args(argv)

    if args.smoke:
        device, with_triton = torch.device("cpu"), False
        attention_cases, decode_cases = SMOKE_ATTENTION, SMOKE_DECODE
    else:
        if not torch.cuda.is_available():
            print("bench_kernels: no CUDA device; the kernel benchmarks need a GPU. Nothing measured.")
            return 0
        if not HAS_TRITON:
            print("bench_kernels: triton is not installed (pip install 'sympy-recur[kernels]'). Nothing measured.")
            return 0
        device, with_triton = torch.device("cuda"), True
        attention_cases, decode_cases = ATTENTION_CASES, DECODE_CASES

    dtype = DTYPES[args.dtype]
    torch.manual_seed(0)
    rows = []
    for case in attention_cases:
        bench_attention(case, dtype, device, rows, with_triton=with_triton, iters=args.iters)
    for case in decode_cases:
        bench_decode(case, dtype, device, rows, with_triton=with_triton, iters=args.iters)

    name = torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu"
    tflops_ceiling, gbs_ceiling = ceilings(name)
    if dtype == torch.float32:
        tflops_ceiling = None  # the table's ceilings are fp16/bf16 tensor-core numbers
    table = format_table(rows, tflops_ceiling, gbs_ceiling)
    header = f"### {args.dtype}: {environment(device)}"
    note = (f"Ceilings: {tflops_ceiling} TFLOP/s, {gbs_ceiling} GB/s (percentages in brackets)."
            if gbs_ceiling else "Ceilings: unknown for this device (add it to CEILINGS).")
    timer = "CUDA-event" if device.type == "cuda" else "perf_counter"
    report = f"{header}\n\nMedian of {args.iters} {timer} timings after {WARMUP} warm-up calls. {note}\n\n{table}\n"
    print(report)
    if not args.smoke and not args.no_append:
        with open(RESULTS, "a") as f:
            f.write("\n" + report)
        print(f"appended to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
