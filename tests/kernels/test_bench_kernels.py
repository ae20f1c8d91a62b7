"""Tests for benchmarks/bench_kernels.py: the FLOP/byte formulas and the no-GPU / smoke paths."""

from __future__ import annotations

import importlib.util
import sys

import pytest

torch = pytest.importorskip("torch")

from ._helpers import REPO_ROOT  # noqa: E402


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_kernels", REPO_ROOT / "benchmarks" / "bench_kernels.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file executes
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


@pytest.mark.parametrize("causal", [False, True])
@pytest.mark.parametrize("Tq,Tk", [(5, 5), (3, 9), (1, 4)])
def test_attention_pairs_counts_unmasked_entries(bench, causal, Tq, Tk):
    case = bench.AttentionCase("t", 3, 2, Tq, Tk, 8, causal, True)
    lengths = torch.tensor([1, Tk, max(1, Tk - 2)])
    keys, queries = torch.arange(Tk), torch.arange(Tq)
    keep = keys[None, None, :] < lengths[:, None, None]  # (B, 1, Tk)
    if causal:
        keep = keep & (keys[None, :] <= queries[:, None] + Tk - Tq)  # (B, Tq, Tk)
    assert bench.attention_pairs(case, lengths) == int(keep.expand(3, Tq, Tk).sum())
    assert bench.attention_flops(case, lengths) == 4 * 8 * 2 * int(keep.expand(3, Tq, Tk).sum())


def test_decode_bytes_read_shared_cache_once(bench):
    case = bench.DecodeCase("t", Bk=2, G=10, H=8, Tmax=16, D=64)
    lengths = torch.tensor([16, 4])
    # q and out: 20 hypotheses x 8 heads x 64 x 2; K and V: 20 valid rows x 8 heads x 64 x 2; fp16 = 2 bytes
    assert bench.decode_bytes(case, lengths, 2) == 2 * 8 * 64 * (2 * 20 + 2 * 20)


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks the no-CUDA message")
def test_without_cuda_exits_zero_with_message(bench, capsys):
    assert bench.main([]) == 0
    assert "no CUDA device" in capsys.readouterr().out


def test_smoke_run_prints_a_table(bench, capsys):
    assert bench.main(["--smoke", "--iters", "1", "--no-append"]) == 0
    out = capsys.readouterr().out
    assert "| smoke | torch reference |" in out and "TFLOP/s" in out
