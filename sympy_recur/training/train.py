"""Train the transformer on random recurrences generated on the fly.

    python -m sympy_recur.training.train --out_dir out/int_model --max_minutes 120 --threads 1
    torchrun --nproc_per_node 8 -m sympy_recur.training.train --out_dir out/int_big ...

Every process draws its own examples (seeded by rank, worker and step), so
data parallel needs no sharding. Checkpoints (``ckpt.pt``: weights, optimiser,
step, config; loaded with ``weights_only=True``) allow resuming; the fp16
``model.safetensors`` next to it is what inference ships.
"""

from __future__ import annotations

import json
import math
import os
import random
import time
from dataclasses import asdict

import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, IterableDataset, get_worker_info

from sympy_recur.model.transformer import ModelConfig, Seq2Seq
from sympy_recur.model.weights import save_weights

from .config import TrainConfig
from .generator import GeneratorConfig, sample_float, sample_int
from .tokenizer import Tokenizer

__all__ = ["RecurrenceDataset", "encode_example", "collate", "model_config", "main"]

TOKENIZER = Tokenizer()


def generator_config(cfg: TrainConfig, extra_terms: int = 0) -> GeneratorConfig:
    return GeneratorConfig(max_degree=cfg.max_degree, max_ops=cfg.max_ops, max_terms=cfg.max_terms,
                           max_abs_digits=cfg.max_abs_digits, extra_terms=extra_terms,
                           float_mode=cfg.kind == "float", p_const=cfg.p_const if cfg.kind == "float" else 0.0)


OUT_VOCAB = TOKENIZER.digit0 + 1000  # formula constants use digit tokens 0..999 only


def model_config(cfg: TrainConfig) -> ModelConfig:
    return ModelConfig(vocab_size=len(TOKENIZER), out_vocab_size=OUT_VOCAB, d_model=cfg.d_model, n_heads=cfg.n_heads,
                       n_enc_layers=cfg.n_enc_layers, n_dec_layers=cfg.n_dec_layers, d_ff=cfg.d_ff,
                       max_src_len=cfg.max_src_len, max_tgt_len=cfg.max_tgt_len, dropout=cfg.dropout,
                       kind=cfg.kind)


def encode_terms(terms, kind: str, max_src_len: int, min_terms: int = 1):
    """Token ids of the longest prefix of ``terms`` that fits ``max_src_len``; None if < min_terms fit."""
    enc = TOKENIZER.encode_int if kind == "int" else TOKENIZER.encode_float
    ids, used = [], 0
    for v in terms:
        t = enc(v)
        if len(ids) + len(t) > max_src_len:
            break
        ids.extend(t)
        used += 1
    return (ids, used) if used >= min_terms else (None, used)


def encode_example(ex, kind: str, max_src_len: int, max_tgt_len: int):
    """(src ids, tgt ids with <bos>/<eos>) or None when the example does not fit."""
    src, used = encode_terms(ex.terms, kind, max_src_len, min_terms=max(5, ex.degree + 3))
    if src is None:
        return None
    tgt = [TOKENIZER.bos] + TOKENIZER.encode_tree(ex.tree) + [TOKENIZER.eos]
    if len(tgt) > max_tgt_len or max(tgt) >= OUT_VOCAB:
        return None
    return src, tgt


class RecurrenceDataset(IterableDataset):
    """Endless stream of collated batches, seeded by (seed, rank, worker, start step).

    Examples are drawn ``bucket`` batches at a time and sorted by input length
    before batching, so little compute is spent on padding; the batches of a
    pool are yielded in random order.
    """

    def __init__(self, cfg: TrainConfig, rank: int = 0, start_step: int = 0, bucket: int = 16):
        self.cfg, self.rank, self.start_step, self.bucket = cfg, rank, start_step, bucket
        self.gen = generator_config(cfg)

    def examples(self, rng):
        """Encoded examples ``(src, tgt, n_ops, degree)``; endless (cycling when ``fixed_examples``)."""
        if self.cfg.fixed_examples:
            fresh = self._fresh(random.Random(f"{self.cfg.seed}/fixed"))
            fixed = [next(fresh) for _ in range(self.cfg.fixed_examples)]
            while True:
                yield from fixed
        yield from self._fresh(rng)

    def _fresh(self, rng):
        sample = sample_int if self.cfg.kind == "int" else sample_float
        while True:
            ex = sample(rng, self.gen)
            enc = encode_example(ex, self.cfg.kind, self.cfg.max_src_len, self.cfg.max_tgt_len)
            if enc is not None:
                yield enc[0], enc[1], ex.n_ops, ex.degree

    def __iter__(self):
        info = get_worker_info()
        wid = info.id if info else 0
        rng = random.Random(f"{self.cfg.seed}/{self.rank}/{wid}/{self.start_step}")
        stream = self.examples(rng)
        bs = self.cfg.batch_size
        while True:
            pool = sorted((next(stream) for _ in range(bs * self.bucket)), key=lambda e: (len(e[0]), len(e[1])))
            batches = [pool[i:i + bs] for i in range(0, len(pool), bs)]
            rng.shuffle(batches)
            for b in batches:
                yield collate(b)


def collate(batch):
    """Right-pad to (B, S) sources, (B, T) decoder inputs and targets (pad = 0, ignored)."""
    B = len(batch)
    S = max(len(b[0]) for b in batch)
    T = max(len(b[1]) for b in batch) - 1
    src = torch.zeros(B, S, dtype=torch.long)
    tgt_in = torch.zeros(B, T, dtype=torch.long)
    tgt_out = torch.zeros(B, T, dtype=torch.long)
    src_len = torch.empty(B, dtype=torch.long)
    for i, (s, t, _, _) in enumerate(batch):
        src[i, : len(s)] = torch.tensor(s)
        src_len[i] = len(s)
        tgt_in[i, : len(t) - 1] = torch.tensor(t[:-1])
        tgt_out[i, : len(t) - 1] = torch.tensor(t[1:])
    return src, src_len, tgt_in, tgt_out


def lr_at(step: int, cfg: TrainConfig, minutes: float = 0.0) -> float:
    """Linear warm-up, then cosine decay to ``min_lr`` at ``max_steps`` (or at ``max_minutes``, if sooner)."""
    if step < cfg.warmup_steps:
        return cfg.lr * (step + 1) / cfg.warmup_steps
    frac = min(1.0, (step - cfg.warmup_steps) / max(1, cfg.max_steps - cfg.warmup_steps))
    if cfg.max_minutes:
        frac = max(frac, min(1.0, minutes / cfg.max_minutes))
    return cfg.min_lr + 0.5 * (1 + math.cos(math.pi * frac)) * (cfg.lr - cfg.min_lr)


def main(cfg: TrainConfig) -> dict:
    """Train; returns the last logged metrics (also appended to ``out_dir/metrics.jsonl``)."""
    ddp = int(os.environ.get("WORLD_SIZE", "1")) > 1
    rank, world = 0, 1
    if ddp:
        torch.distributed.init_process_group(backend="nccl" if torch.cuda.is_available() else "gloo")
        rank, world = torch.distributed.get_rank(), torch.distributed.get_world_size()
    if cfg.device == "auto":
        device = f"cuda:{int(os.environ.get('LOCAL_RANK', 0))}" if torch.cuda.is_available() else "cpu"
    else:
        device = cfg.device
    if device.startswith("cuda"):
        torch.cuda.set_device(device)
        torch.backends.cuda.matmul.allow_tf32 = True
    if cfg.threads:
        torch.set_num_threads(cfg.threads)
    master = rank == 0
    os.makedirs(cfg.out_dir, exist_ok=True)
    ckpt_path = os.path.join(cfg.out_dir, "ckpt.pt")
    log_path = os.path.join(cfg.out_dir, "metrics.jsonl")

    torch.manual_seed(cfg.seed + rank)
    mcfg = model_config(cfg)
    model = Seq2Seq(mcfg).to(device)
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": cfg.weight_decay},
                             {"params": no_decay, "weight_decay": 0.0}], lr=cfg.lr, betas=(0.9, 0.98),
                            fused=device.startswith("cuda"))
    step, seen, elapsed0 = 0, 0, 0.0
    if cfg.resume and os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path, map_location=device, weights_only=True)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["optim"])
        step, seen, elapsed0 = int(ck["step"]), int(ck["seen"]), float(ck["elapsed"])
    elif cfg.init_from:
        # fine-tuning a shipped model: the architecture is the file's, not the command line's
        from ..model.weights import load_weights

        init = load_weights(cfg.init_from)
        if init.cfg.to_dict() != mcfg.to_dict():
            raise ValueError(f"--init_from {cfg.init_from}: its model config {init.cfg.to_dict()} "
                             f"differs from this run's {mcfg.to_dict()}")
        model.load_state_dict(init.state_dict())
    raw = model
    if ddp:
        model = torch.nn.parallel.DistributedDataParallel(model, device_ids=[device] if device != "cpu" else None)

    loader = DataLoader(RecurrenceDataset(cfg, rank, step), batch_size=None,
                        num_workers=cfg.num_workers, pin_memory=device.startswith("cuda"),
                        persistent_workers=cfg.num_workers > 0)
    amp = torch.autocast("cuda", dtype=torch.bfloat16) if device.startswith("cuda") else torch.autocast(
        "cpu", enabled=False)

    def save():
        torch.save({"model": raw.state_dict(), "optim": opt.state_dict(), "step": step, "seen": seen,
                    "elapsed": elapsed0 + time.time() - t0, "train_config": json.dumps(asdict(cfg))},
                   ckpt_path + ".tmp")
        os.replace(ckpt_path + ".tmp", ckpt_path)
        save_weights(raw, os.path.join(cfg.out_dir, "model.safetensors"),
                     extra={"train_config": asdict(cfg), "step": step, "examples_seen": seen,
                            "wall_seconds": round(elapsed0 + time.time() - t0, 1)})

    bar = None
    if cfg.progress and master:
        from tqdm import tqdm
        bar = tqdm(total=cfg.max_steps, initial=step, dynamic_ncols=True, mininterval=5)
    t0 = time.time()
    t_log, seen_log = t0, seen
    loss_acc, tok_acc, n_acc = 0.0, 0.0, 0
    last = {}
    model.train()
    for src, src_len, tgt_in, tgt_out in loader:
        minutes = (elapsed0 + time.time() - t0) / 60
        stop = torch.tensor(float(step >= cfg.max_steps or (cfg.max_minutes and minutes >= cfg.max_minutes)))
        if ddp:  # every rank stops at the same step (clocks differ)
            stop = stop.to(device)
            torch.distributed.all_reduce(stop, op=torch.distributed.ReduceOp.MAX)
        if stop.item():
            break
        src, src_len = src.to(device, non_blocking=True), src_len.to(device, non_blocking=True)
        tgt_in, tgt_out = tgt_in.to(device, non_blocking=True), tgt_out.to(device, non_blocking=True)
        for g in opt.param_groups:
            g["lr"] = lr_at(step, cfg, minutes)
        with amp:
            logits = model(src, src_len, tgt_in)
        loss = F.cross_entropy(logits.float().flatten(0, 1), tgt_out.flatten(), ignore_index=TOKENIZER.pad)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        gnorm = torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
        opt.step()
        step += 1
        seen += src.shape[0] * world
        with torch.no_grad():
            mask = tgt_out != TOKENIZER.pad
            tok_acc += ((logits.argmax(-1) == tgt_out) & mask).sum().item() / mask.sum().item()
        loss_acc += loss.item()
        n_acc += 1
        if bar is not None:
            bar.update(1)
        if master and step % cfg.log_interval == 0:
            now = time.time()
            last = {"step": step, "loss": round(loss_acc / n_acc, 4), "token_acc": round(tok_acc / n_acc, 4),
                    "lr": lr_at(step, cfg, minutes), "grad_norm": round(float(gnorm), 3), "examples_seen": seen,
                    "examples_per_s": round((seen - seen_log) / (now - t_log), 1),
                    "wall_s": round(elapsed0 + now - t0, 1)}
            loss_acc, tok_acc, n_acc, t_log, seen_log = 0.0, 0.0, 0, now, seen
            if bar is not None:
                bar.set_postfix(loss=last["loss"], acc=last["token_acc"])
            with open(log_path, "a") as f:
                f.write(json.dumps(last) + "\n")
        if master and cfg.eval_interval and step % cfg.eval_interval == 0:
            from .evaluate import evaluate

            model.eval()
            res = evaluate(raw, cfg, n=cfg.eval_size, beam_size=1, seed=10_000 + step)
            model.train()
            last = {"step": step, "eval_greedy_acc": res["accuracy"], "eval_by_ops": res["by_ops"],
                    "wall_s": round(elapsed0 + time.time() - t0, 1)}
            with open(log_path, "a") as f:
                f.write(json.dumps(last) + "\n")
        if master and step % cfg.ckpt_interval == 0:
            save()
    if master:
        save()
    if bar is not None:
        bar.close()
    if ddp:
        torch.distributed.destroy_process_group()
    return last


if __name__ == "__main__":
    main(TrainConfig.from_args())
