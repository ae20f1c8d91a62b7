import pytest

torch = pytest.importorskip("torch")

from sympy_recur.model.transformer import ModelConfig, Seq2Seq  # noqa: E402

CFG = ModelConfig(vocab_size=300, out_vocab_size=120, d_model=32, n_heads=4, n_enc_layers=2, n_dec_layers=2,
                  d_ff=64, max_src_len=40, max_tgt_len=16)


def test_kv_cache_matches_teacher_forcing():
    torch.manual_seed(0)
    model = Seq2Seq(CFG).eval()
    B, beams, S, T = 2, 3, 9, 7
    src = torch.randint(3, 300, (B, S))
    src_len = torch.tensor([9, 5])
    tgt = torch.randint(3, 120, (B * beams, T))
    full = model(src.repeat_interleave(beams, 0), src_len.repeat_interleave(beams), tgt).log_softmax(-1)
    st = model.start(src, src_len, beams, T)
    for pos in range(T):
        step = model.step(tgt[:, pos], pos, st)
        torch.testing.assert_close(step, full[:, pos], atol=1e-4, rtol=1e-4)


def test_padding_does_not_change_outputs():
    torch.manual_seed(1)
    model = Seq2Seq(CFG).eval()
    src = torch.randint(3, 300, (1, 6))
    tgt = torch.randint(3, 120, (1, 4))
    a = model(src, torch.tensor([6]), tgt)
    padded = torch.cat([src, torch.zeros(1, 5, dtype=torch.long)], 1)
    b = model(padded, torch.tensor([6]), tgt)
    torch.testing.assert_close(a, b, atol=1e-5, rtol=1e-5)


def test_shapes_and_config_dict():
    model = Seq2Seq(CFG)
    logits = model(torch.randint(0, 300, (2, 5)), torch.tensor([5, 3]), torch.randint(0, 120, (2, 4)))
    assert logits.shape == (2, 4, 120)
    assert ModelConfig(**CFG.to_dict()) == CFG
