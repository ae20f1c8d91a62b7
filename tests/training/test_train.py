import json
import os

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("safetensors")

from sympy_recur.model.beam_search import Grammar, beam_search  # noqa: E402
from sympy_recur.model.weights import load_weights, read_metadata  # noqa: E402
from sympy_recur.training.config import TrainConfig  # noqa: E402
from sympy_recur.training.train import RecurrenceDataset, TOKENIZER, lr_at, main  # noqa: E402

TINY = dict(d_model=64, n_heads=4, n_enc_layers=1, n_dec_layers=1, d_ff=128, max_src_len=96, max_tgt_len=24,
            max_ops=3, max_terms=12, progress=False, eval_interval=0, threads=1, log_interval=10)


def test_tiny_model_overfits_a_handful_of_examples(tmp_path):
    torch.manual_seed(0)
    cfg = TrainConfig(out_dir=str(tmp_path), fixed_examples=4, batch_size=4, max_steps=300, lr=3e-3, min_lr=1e-3,
                      warmup_steps=20, ckpt_interval=10_000, **TINY)
    last = main(cfg)
    assert last["loss"] < 0.05
    model = load_weights(os.path.join(tmp_path, "model.safetensors"))
    batches = iter(RecurrenceDataset(cfg))
    src, src_len, tgt_in, tgt_out = next(batches)
    hyps = beam_search(model, src, src_len, Grammar(TOKENIZER, vocab_size=model.cfg.out_vocab_size), beam_size=3)
    for i, h in enumerate(hyps):
        want = tgt_out[i][tgt_out[i] > 0].tolist()[:-1]  # drop <eos>
        assert h[0][1] == want
    lines = [json.loads(x) for x in open(os.path.join(tmp_path, "metrics.jsonl"))]
    assert lines[-1]["step"] == 300 and lines[-1]["examples_seen"] == 1200


def test_checkpoint_resume(tmp_path):
    cfg = TrainConfig(out_dir=str(tmp_path), batch_size=4, max_steps=6, ckpt_interval=3, **TINY)
    main(cfg)
    meta = read_metadata(os.path.join(tmp_path, "model.safetensors"))
    assert json.loads(meta["step"]) == 6
    main(TrainConfig(**{**cfg.__dict__, "max_steps": 9}))
    ck = torch.load(os.path.join(tmp_path, "ckpt.pt"), weights_only=True)
    assert ck["step"] == 9 and ck["seen"] == 36


def test_lr_schedule():
    cfg = TrainConfig(lr=1e-3, min_lr=1e-4, warmup_steps=10, max_steps=110)
    assert lr_at(0, cfg) == pytest.approx(1e-4)
    assert lr_at(9, cfg) == pytest.approx(1e-3)
    assert lr_at(110, cfg) == pytest.approx(1e-4)
    timed = TrainConfig(**{**cfg.__dict__, "max_minutes": 10.0})
    assert lr_at(20, timed, minutes=10.0) == pytest.approx(1e-4)


def test_float_pipeline_runs(tmp_path):
    cfg = TrainConfig(out_dir=str(tmp_path), kind="float", batch_size=4, max_steps=3, ckpt_interval=100, **TINY)
    main(cfg)
    model = load_weights(os.path.join(tmp_path, "model.safetensors"))
    assert model.cfg.kind == "float"


def test_init_from_starts_at_the_given_weights_with_a_fresh_optimiser(tmp_path):
    first = TrainConfig(out_dir=str(tmp_path / "a"), batch_size=4, max_steps=3, ckpt_interval=100, **TINY)
    main(first)
    weights = os.path.join(first.out_dir, "model.safetensors")
    # zero steps: the output is the input model, step count restarts at 0
    again = TrainConfig(**{**first.__dict__, "out_dir": str(tmp_path / "b"), "init_from": weights, "max_steps": 0})
    main(again)
    a, b = load_weights(weights), load_weights(os.path.join(again.out_dir, "model.safetensors"))
    assert all(torch.equal(x, y) for x, y in zip(a.state_dict().values(), b.state_dict().values()))
    assert json.loads(read_metadata(os.path.join(again.out_dir, "model.safetensors"))["step"]) == 0
    # a different architecture is refused by name
    wider = TrainConfig(**{**again.__dict__, "out_dir": str(tmp_path / "c"), "d_model": 32})
    with pytest.raises(ValueError, match="init_from"):
        main(wider)
