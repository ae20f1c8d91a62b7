from sympy_recur.training.config import TrainConfig


def test_cli_parses_every_field_type():
    cfg = TrainConfig.from_args(["--d_model", "32", "--resume", "false", "--lr", "0.01", "--out_dir", "x"])
    assert (cfg.d_model, cfg.resume, cfg.lr, cfg.out_dir) == (32, False, 0.01, "x")
    assert TrainConfig.from_args([]) == TrainConfig()
