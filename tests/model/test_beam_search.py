import pytest

torch = pytest.importorskip("torch")

from sympy_recur.model.beam_search import Grammar, beam_search  # noqa: E402
from sympy_recur.model.transformer import ModelConfig, Seq2Seq  # noqa: E402
from sympy_recur.training.generator import degree  # noqa: E402
from sympy_recur.training.tokenizer import Tokenizer  # noqa: E402

TOK = Tokenizer()
OUT = TOK.digit0 + 1000


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_random_model_gives_well_formed_formulas(seed):
    torch.manual_seed(seed)
    cfg = ModelConfig(vocab_size=len(TOK), out_vocab_size=OUT, d_model=32, n_heads=4, n_enc_layers=1,
                      n_dec_layers=1, d_ff=64, max_src_len=64, max_tgt_len=20)
    model = Seq2Seq(cfg).eval()
    with torch.no_grad():  # a random model loves some tokens; flatten it so the grammar does the work
        model.tok.weight.mul_(10)
    srcs = [TOK.encode_ints([1, 2, 3, 5, 8]), TOK.encode_ints([0, -1, 10**9, 4])]
    S = max(map(len, srcs))
    src = torch.tensor([s + [0] * (S - len(s)) for s in srcs])
    out = beam_search(model, src, torch.tensor([len(s) for s in srcs]), Grammar(TOK, max_degree=3, vocab_size=OUT),
                      beam_size=5)
    assert len(out) == 2
    for hyps in out:
        assert 1 <= len(hyps) <= 5
        scores = [s for s, _ in hyps]
        assert scores == sorted(scores, reverse=True)
        for _, ids in hyps:
            tree = TOK.decode_tree(ids)          # parses: the grammar mask guarantees it
            assert degree(tree) <= 3 and len(ids) <= 19


def test_grammar_forbids_digits_after_a_leaf_and_eos_while_owed():
    g = Grammar(TOK, vocab_size=OUT)
    owed = torch.tensor([1, 0, 0])
    last_sign = torch.tensor([False, False, True])
    n_digits = torch.tensor([0, 1, 0])
    ok = g.allowed(owed, last_sign, n_digits, room=10)
    assert not ok[0, TOK.eos] and ok[0, TOK.stoi["add"]] and not ok[0, TOK.digit0]
    assert ok[1, TOK.eos] and ok[1, TOK.digit0 + 5] and not ok[1, TOK.n_id]
    assert ok[2].nonzero().min() >= TOK.digit0  # after a sign: digits only
