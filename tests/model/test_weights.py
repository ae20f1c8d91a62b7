import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("safetensors")

from sympy_recur.model.transformer import ModelConfig, Seq2Seq  # noqa: E402
from sympy_recur.model.weights import load_weights, read_metadata, save_weights  # noqa: E402


def test_round_trip_fp16_rebuilds_from_file_alone(tmp_path):
    torch.manual_seed(0)
    cfg = ModelConfig(vocab_size=50, out_vocab_size=20, d_model=16, n_heads=2, n_enc_layers=1, n_dec_layers=2,
                      d_ff=32, max_src_len=10, max_tgt_len=8)
    model = Seq2Seq(cfg).eval()
    path = str(tmp_path / "m.safetensors")
    save_weights(model, path, extra={"step": 3})
    meta = read_metadata(path)
    assert meta["step"] == "3" and meta["format"] == "sympy-recur-seq2seq-v1"
    back = load_weights(path)
    assert back.cfg == cfg and not back.training
    src, tgt = torch.randint(0, 50, (2, 6)), torch.randint(0, 20, (2, 5))
    torch.testing.assert_close(back(src, torch.tensor([6, 4]), tgt), model(src, torch.tensor([6, 4]), tgt),
                               atol=2e-3, rtol=2e-3)
    with open(path, "rb") as f:
        assert b"pickle" not in f.read(4096)


def test_rejects_foreign_file(tmp_path):
    from safetensors.torch import save_file

    path = str(tmp_path / "x.safetensors")
    save_file({"a": torch.zeros(1)}, path)
    with pytest.raises(ValueError, match="not a sympy-recur weight file"):
        load_weights(path)
