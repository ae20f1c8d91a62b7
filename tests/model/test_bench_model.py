"""benchmarks/bench_model.py's batched decoding and benchmarks/gpu_lease.sh, on CPU."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from sympy_recur.model.transformer import ModelConfig, Seq2Seq  # noqa: E402
from sympy_recur.training.tokenizer import Tokenizer  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_model", REPO_ROOT / "benchmarks" / "bench_model.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_batched_decoding_reports_a_rate_per_batch_size_and_restores_the_switch(bench, monkeypatch):
    monkeypatch.delenv("SYMPY_RECUR_TRITON", raising=False)
    torch.manual_seed(0)
    tok = Tokenizer()
    model = Seq2Seq(ModelConfig(vocab_size=len(tok), out_vocab_size=tok.digit0 + 1000, d_model=16, n_heads=2,
                                n_enc_layers=1, n_dec_layers=1, d_ff=32, max_tgt_len=12)).eval()
    res = bench.bench_batched_decoding(model, "cpu", [1, 3], beam=2, repeats=1)
    assert set(res) == {"batched_decode_B1_torch_sequences_per_s", "batched_decode_B3_torch_sequences_per_s"}
    assert all(v > 0 for v in res.values())
    assert "SYMPY_RECUR_TRITON" not in os.environ
    monkeypatch.setenv("SYMPY_RECUR_TRITON", "0")
    bench.bench_batched_decoding(model, "cpu", [1], beam=2, repeats=1)
    assert os.environ["SYMPY_RECUR_TRITON"] == "0"


def test_profile_of_one_decoding_call_lists_the_ops_and_the_wall_time(bench):
    torch.manual_seed(0)
    tok = Tokenizer()
    model = Seq2Seq(ModelConfig(vocab_size=len(tok), out_vocab_size=tok.digit0 + 1000, d_model=16, n_heads=2,
                                n_enc_layers=1, n_dec_layers=1, d_ff=32, max_tgt_len=8)).eval()
    report = bench.profile_decoding(model, "cpu", 2, beam=2, rows=5)
    assert "aten::" in report
    assert "B=2 beam=2 on cpu: wall" in report.splitlines()[-1]


@pytest.mark.skipif(sys.platform == "win32", reason="a bash script")
def test_gpu_lease_script_parses_and_runs_its_environment_stage_anywhere(tmp_path):
    script = REPO_ROOT / "benchmarks" / "gpu_lease.sh"
    subprocess.run(["bash", "-n", str(script)], check=True)
    env = {**os.environ, "OUT": str(tmp_path), "STAGES": "", "PY": sys.executable, "BUDGET": "60"}
    subprocess.run(["bash", str(script)], cwd=REPO_ROOT, env=env, check=True, capture_output=True, timeout=120)
    log = (tmp_path / "lease.log").read_text()
    assert "=== environment" in log and "=== done" in log
    assert "torch" in log  # the versions line
