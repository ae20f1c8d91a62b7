"""Training configuration: one dataclass, commented defaults, overridable from the CLI."""

from __future__ import annotations

from dataclasses import dataclass, fields

__all__ = ["TrainConfig"]


@dataclass
class TrainConfig:
    # output
    out_dir: str = "out/int_model"       # ckpt.pt (resume), model.safetensors (fp16), metrics.jsonl
    resume: bool = True                  # continue from out_dir/ckpt.pt when it exists
    init_from: str = ""                  # else start from these weights (safetensors; fresh optimiser)
    # data (generated on the fly, never OEIS)
    kind: str = "int"                    # "int" or "float" recurrences
    seed: int = 0
    max_ops: int = 10                    # 1..max_ops operators per formula
    max_degree: int = 6
    max_terms: int = 30                  # 5..max_terms terms fed to the encoder
    max_abs_digits: int = 100            # discard terms with |u(n)| >= 10**max_abs_digits
    p_const: float = 0.0                 # float only: share of u(n) = n * K (K a constant expression)
    num_workers: int = 0                 # DataLoader worker processes generating examples
    fixed_examples: int = 0              # > 0: cycle through this many examples (overfitting tests)
    # model
    d_model: int = 256
    n_heads: int = 8
    n_enc_layers: int = 4
    n_dec_layers: int = 4
    d_ff: int = 1024
    max_src_len: int = 256               # longer term lists are cut to the terms that fit
    max_tgt_len: int = 64                # longer formulas are skipped
    dropout: float = 0.0
    # optimisation
    batch_size: int = 64                 # per process
    max_steps: int = 100_000
    max_minutes: float = 0.0             # stop (and checkpoint) after this wall time; 0 = no limit
    lr: float = 5e-4
    min_lr: float = 5e-5
    warmup_steps: int = 500
    weight_decay: float = 0.01
    grad_clip: float = 1.0
    # bookkeeping
    threads: int = 0                     # torch.set_num_threads (0 = leave torch's default)
    device: str = "auto"                 # "auto" = cuda when available
    log_interval: int = 20
    eval_interval: int = 500             # greedy exact-match accuracy on eval_size fresh examples
    eval_size: int = 200
    ckpt_interval: int = 250
    progress: bool = True                # tqdm bar on rank 0

    @classmethod
    def from_args(cls, argv=None) -> "TrainConfig":
        import argparse

        p = argparse.ArgumentParser(description="Train the sympy-recur transformer on random recurrences.")
        for f in fields(cls):
            if f.type in ("bool", bool):
                p.add_argument(f"--{f.name}", type=lambda s: s.lower() in ("1", "true", "yes"), default=f.default)
            else:
                typ = {"int": int, "float": float, "str": str}[f.type if isinstance(f.type, str) else f.type.__name__]
                p.add_argument(f"--{f.name}", type=typ, default=f.default)
        return cls(**vars(p.parse_args(argv)))
