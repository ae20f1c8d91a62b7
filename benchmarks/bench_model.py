"""Throughput of the learned candidate source, on the device it runs on.

* generator: random integer (and float) recurrences per second, one core;
* training: examples per second (forward + backward + AdamW step) of the
  shipped model's architecture (or ``--d_model``...), fp32 on CPU, bf16
  autocast on CUDA;
* decoding: ``propose``-style beam search (beam 10) -> sequences per second and
  the median latency per sequence (CPU: one torch thread);
* batched decoding (``--decode_batches 1,64,256``): one ``beam_search`` call on
  B sequences at once -> sequences per second, on CUDA with the Triton kernels
  and with ``SYMPY_RECUR_TRITON=0`` (torch SDPA), the end-to-end GPU-vs-CPU
  comparison of the kernels issue;
* ``--profile B``: a ``torch.profiler`` table of one such call, and how much
  of its wall time the ops account for (the rest is Python and launches).

Warm-up runs are excluded; CUDA is synchronised around every timing; the
figures are medians over repeats. Results are printed and appended (JSON
lines, with device, versions and date) to ``benchmarks/results/bench_model.jsonl``.

    python benchmarks/bench_model.py                # all three
    python benchmarks/bench_model.py --quick        # fewer repeats
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sympy_recur.training.generator import GeneratorConfig, sample_float, sample_int  # noqa: E402


def bench_generator(n: int, repeats: int) -> dict:
    out = {}
    for name, fn, cfg in (("int", sample_int, GeneratorConfig()), ("float", sample_float,
                                                                    GeneratorConfig(float_mode=True))):
        rng, rates = random.Random(0), []
        fn(rng, cfg)  # warm-up
        for _ in range(repeats):
            t = time.perf_counter()
            for _ in range(n):
                fn(rng, cfg)
            rates.append(n / (time.perf_counter() - t))
        out[f"generator_{name}_examples_per_s"] = round(statistics.median(rates), 1)
    return out


def _sync(device):
    import torch

    if device.startswith("cuda"):
        torch.cuda.synchronize()


def _call_seconds(device: str, fn) -> float:
    """Wall seconds of ``fn()``, the device synchronised before and after."""
    _sync(device)
    t = time.perf_counter()
    fn()
    _sync(device)
    return time.perf_counter() - t


def _tokenizer_and_grammar(model):
    from sympy_recur.model.beam_search import Grammar
    from sympy_recur.training.tokenizer import Tokenizer

    tok = Tokenizer()
    return tok, Grammar(tok, model.cfg.kind, vocab_size=model.cfg.out_vocab_size)


def bench_training(tcfg, device: str, steps: int) -> dict:
    import torch
    import torch.nn.functional as F

    from sympy_recur.model.transformer import Seq2Seq
    from sympy_recur.training.train import RecurrenceDataset, model_config

    model = Seq2Seq(model_config(tcfg)).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
    batches = iter(RecurrenceDataset(tcfg))
    amp = torch.autocast("cuda", dtype=torch.bfloat16, enabled=device.startswith("cuda"))
    times, sizes = [], []
    for i in range(steps + 2):
        src, src_len, tgt_in, tgt_out = (t.to(device) for t in next(batches))
        _sync(device)
        t = time.perf_counter()
        with amp:
            logits = model(src, src_len, tgt_in)
        loss = F.cross_entropy(logits.float().flatten(0, 1), tgt_out.flatten(), ignore_index=0)
        opt.zero_grad()
        loss.backward()
        opt.step()
        _sync(device)
        if i >= 2:  # two warm-up steps
            times.append(time.perf_counter() - t)
            sizes.append(src.shape[0])
    return {"train_examples_per_s": round(sum(sizes) / sum(times), 1), "train_batch_size": tcfg.batch_size,
            "train_params": model.num_params()}


def bench_decoding(model, device: str, n: int, beam: int) -> dict:
    import torch

    from sympy_recur.model.beam_search import beam_search

    tok, grammar = _tokenizer_and_grammar(model)
    rng = random.Random(1)
    seqs = [sample_int(rng).terms for _ in range(n + 2)]
    lat = []
    for i, terms in enumerate(seqs):
        ids = tok.encode_ints(terms)[: model.cfg.max_src_len]
        src, src_len = torch.tensor([ids], device=device), torch.tensor([len(ids)], device=device)
        seconds = _call_seconds(device, lambda: beam_search(model, src, src_len, grammar, beam_size=beam))
        if i >= 2:
            lat.append(seconds)
    return {"decode_beam": beam, "decode_median_s_per_sequence": round(statistics.median(lat), 3),
            "decode_sequences_per_s": round(len(lat) / sum(lat), 2), "decode_p90_s": round(
                sorted(lat)[int(0.9 * (len(lat) - 1))], 3)}


def _random_batch(model, tok, B: int, rng, device: str):
    """``(src, src_len)``: ``B`` generator sequences encoded like ``propose`` does, right-padded."""
    import torch

    ids = [tok.encode_ints(sample_int(rng).terms)[: model.cfg.max_src_len] for _ in range(B)]
    src = torch.zeros(B, max(map(len, ids)), dtype=torch.long)
    for i, s in enumerate(ids):
        src[i, : len(s)] = torch.tensor(s)
    return src.to(device), torch.tensor([len(s) for s in ids], device=device)


def profile_decoding(model, device: str, B: int, beam: int, rows: int = 15) -> str:
    """``torch.profiler`` table of one ``beam_search`` call on ``B`` sequences (after a warm-up call).

    The last line gives the wall time of the call without the profiler (median of 3) and with it, and the
    time the device (or CPU) ops account for: on a GPU, the gap to the unprofiled wall time is Python and
    launch overhead, the part a fused decoding step would remove.
    """
    from torch.profiler import ProfilerActivity, profile

    from sympy_recur.model.beam_search import beam_search

    tok, grammar = _tokenizer_and_grammar(model)
    src, src_len = _random_batch(model, tok, B, random.Random(3), device)
    call = lambda: beam_search(model, src, src_len, grammar, beam_size=beam)  # noqa: E731
    call()  # warm-up: compiles, allocates
    plain = [_call_seconds(device, call) for _ in range(3)]
    cuda = device.startswith("cuda")
    activities = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if cuda else [])
    _sync(device)
    t = time.perf_counter()
    with profile(activities=activities) as prof:
        call()
        _sync(device)
    wall = time.perf_counter() - t
    events = prof.key_averages()
    key = "self_cpu_time_total"
    if cuda:  # torch >= 2.4 says "device" where older versions said "cuda"
        key = "self_device_time_total" if hasattr(events[0], "self_device_time_total") else "self_cuda_time_total"
    busy = sum(getattr(e, key, 0) for e in events) / 1e6
    table = events.table(sort_by=key, row_limit=rows)
    return (f"{table}\nB={B} beam={beam} on {device}: wall {statistics.median(plain):.3f} s unprofiled, "
            f"{wall:.3f} s profiled; {'device' if cuda else 'CPU'} self time in ops {busy:.3f} s")


def bench_batched_decoding(model, device: str, batches: list[int], beam: int, repeats: int) -> dict:
    """Sequences per second of one ``beam_search`` call on ``B`` random sequences, for each ``B``.

    On CUDA each size is timed with the Triton kernels and with ``SYMPY_RECUR_TRITON=0`` (the switch is read
    at every call). The sequences are the generator's, encoded like ``propose`` does; the median of
    ``repeats`` calls after one warm-up call is reported.
    """
    import os

    from sympy_recur.model.beam_search import beam_search

    tok, grammar = _tokenizer_and_grammar(model)
    rng = random.Random(2)
    out = {}
    modes = ["triton", "torch"] if device.startswith("cuda") else ["torch"]
    switch = os.environ.get("SYMPY_RECUR_TRITON")
    for B in batches:
        src, src_len = _random_batch(model, tok, B, rng, device)
        for mode in modes:
            os.environ["SYMPY_RECUR_TRITON"] = "1" if mode == "triton" else "0"
            call = lambda: beam_search(model, src, src_len, grammar, beam_size=beam)  # noqa: E731
            call()  # warm-up
            times = [_call_seconds(device, call) for _ in range(repeats)]
            out[f"batched_decode_B{B}_{mode}_sequences_per_s"] = round(B / statistics.median(times), 1)
            print(f"batched decoding B={B} beam={beam} {mode}: {B / statistics.median(times):.1f} sequences/s "
                  f"({statistics.median(times):.3f} s per call)", flush=True)
    if switch is None:
        os.environ.pop("SYMPY_RECUR_TRITON", None)
    else:
        os.environ["SYMPY_RECUR_TRITON"] = switch
    return out


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--weights", default=str(ROOT / "sympy_recur" / "weights" / "int_model.safetensors"))
    p.add_argument("--skip", default="", help="comma-separated: generator,training,decoding")
    p.add_argument("--decode_batches", default="", help="comma-separated batch sizes for batched decoding")
    p.add_argument("--profile", type=int, default=0, help="profile one beam_search call on this many sequences")
    p.add_argument("--threads", type=int, default=1, help="torch threads on CPU")
    p.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "bench_model.jsonl"))
    a = p.parse_args(argv)
    skip = set(filter(None, a.skip.split(",")))
    res = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
           "python": platform.python_version(), "machine": platform.processor() or platform.machine()}
    if "generator" not in skip:
        res.update(bench_generator(500 if a.quick else 2000, 3 if a.quick else 5))
        print(json.dumps(res), flush=True)
    try:
        import torch
    except ImportError:
        print("torch not installed: training and decoding benchmarks skipped")
        torch = None
    if torch is not None:
        from sympy_recur.model.weights import load_weights, read_metadata
        from sympy_recur.training.config import TrainConfig

        device = "cuda" if torch.cuda.is_available() else "cpu"
        if device == "cpu":
            torch.set_num_threads(a.threads)
        res.update({"torch": torch.__version__, "device": torch.cuda.get_device_name() if device == "cuda"
                    else f"cpu, {torch.get_num_threads()} thread"})
        model, tcfg = None, TrainConfig(d_model=128, n_heads=4, n_enc_layers=3, n_dec_layers=3, d_ff=512,
                                        batch_size=32)
        if Path(a.weights).exists():
            model = load_weights(a.weights, device=device)
            tc = json.loads(read_metadata(a.weights).get("train_config", "{}"))
            tcfg = TrainConfig(**{k: v for k, v in tc.items() if k in TrainConfig.__dataclass_fields__})
        if "training" not in skip:
            res.update(bench_training(tcfg, device, 5 if a.quick else 20))
            print(json.dumps(res), flush=True)
        if "decoding" not in skip:
            if model is None:
                print(f"no weights at {a.weights}: decoding benchmark skipped")
            else:
                res.update(bench_decoding(model, device, 10 if a.quick else 40, 10))
        if a.decode_batches and model is not None:
            res["decode_threads"] = torch.get_num_threads() if device == "cpu" else None
            res.update(bench_batched_decoding(model, device, [int(b) for b in a.decode_batches.split(",")], 10,
                                              2 if a.quick else 5))
        if a.profile and model is not None:
            print(profile_decoding(model, device, a.profile, 10), flush=True)
    print(json.dumps(res))
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    with open(a.out, "a") as f:
        f.write(json.dumps(res) + "\n")


if __name__ == "__main__":
    main()
