"""Weights on disk: safetensors, fp16, with the model config in the metadata.

No pickle anywhere: ``load_weights(path)`` rebuilds the :class:`Seq2Seq` from
the file alone (metadata key ``model_config``, JSON) and returns it in fp32
(or the dtype asked for) in eval mode.
"""

from __future__ import annotations

import json

import torch

from .transformer import ModelConfig, Seq2Seq

__all__ = ["save_weights", "load_weights", "read_metadata"]

FORMAT = "sympy-recur-seq2seq-v1"


def save_weights(model: Seq2Seq, path: str, *, extra: dict | None = None, dtype=torch.float16) -> None:
    from safetensors.torch import save_file

    tensors = {k: v.detach().to("cpu", dtype).contiguous() for k, v in model.state_dict().items()}
    meta = {"format": FORMAT, "model_config": json.dumps(model.cfg.to_dict())}
    for k, v in (extra or {}).items():
        meta[k] = v if isinstance(v, str) else json.dumps(v)
    save_file(tensors, path, metadata=meta)


def read_metadata(path: str) -> dict:
    from safetensors import safe_open

    with safe_open(path, framework="pt") as f:
        return dict(f.metadata() or {})


def load_weights(path: str, *, device: str = "cpu", dtype=torch.float32) -> Seq2Seq:
    from safetensors.torch import load_file

    meta = read_metadata(path)
    if meta.get("format") != FORMAT or "model_config" not in meta:
        raise ValueError(f"{path} is not a sympy-recur weight file (metadata format={meta.get('format')!r})")
    cfg = ModelConfig(**json.loads(meta["model_config"]))
    model = Seq2Seq(cfg)
    state = load_file(path, device="cpu")
    model.load_state_dict({k: v.to(dtype) for k, v in state.items()})
    return model.to(device=device, dtype=dtype).eval()
