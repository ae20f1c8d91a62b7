import pytest

from sympy_recur.training.evaluate import predicts


def test_predicts_exact_integers():
    fib = [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]
    assert predicts(("add", ("u", 1), ("u", 2)), fib)
    assert not predicts(("add", ("u", 1), ("u", 1)), fib)
    assert not predicts(("u", 6), fib[:5])              # degree >= number of terms
    assert not predicts(("idiv", ("n",), ("sub", ("u", 1), ("u", 1))), [1, 1, 1, 1])  # x // 0


def test_predicts_floats_relative_tolerance():
    seq = [1.0]
    for _ in range(9):
        seq.append(seq[-1] * 1.5 + 0.1)
    tree = ("add", ("mul", ("u", 1), ("div", ("c", 3), ("c", 2))), ("div", ("c", 1), ("c", 10)))
    assert predicts(tree, seq, "float")
    assert not predicts(tree, [x * (1 + 1e-8) for x in seq], "float")


def test_evaluate_buckets(tmp_path):
    torch = pytest.importorskip("torch")
    from sympy_recur.model.transformer import Seq2Seq
    from sympy_recur.training.config import TrainConfig
    from sympy_recur.training.evaluate import evaluate
    from sympy_recur.training.train import model_config

    torch.manual_seed(0)
    cfg = TrainConfig(d_model=32, n_heads=2, n_enc_layers=1, n_dec_layers=1, d_ff=64, max_tgt_len=24)
    res = evaluate(Seq2Seq(model_config(cfg)).eval(), cfg, n=12, beam_size=2, batch_size=6)
    assert 0 <= res["accuracy"] <= 1 and res["n"] == 12
    assert sum(res["counts_by_ops"].values()) == 12
    assert set(res["by_degree"]) <= set(range(7))
