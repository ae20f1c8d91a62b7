import math

import pytest

torch = pytest.importorskip("torch")

from sympy_recur.model.attention import attention, decode_attention  # noqa: E402


def _naive(q, k, v, mask):  # (B, H, Tq, D), mask (B, 1, Tq, Tk)
    s = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])
    s = s.masked_fill(~mask, float("-inf"))
    return s.softmax(-1) @ v


@pytest.mark.parametrize("Tq, Tk", [(1, 1), (5, 7), (7, 7), (3, 11)])
@pytest.mark.parametrize("causal", [False, True])
def test_attention_matches_naive(Tq, Tk, causal):
    torch.manual_seed(0)
    B, H, D = 3, 2, 8
    q, k, v = (torch.randn(B, H, T, D) for T in (Tq, Tk, Tk))
    # causal rows always see key 0; with padding too, a row could see no key (undefined), so test apart
    lengths = torch.full((B,), Tk) if causal else torch.tensor([Tk, max(1, Tk - 2), Tk])
    j = torch.arange(Tk)
    mask = j < lengths.view(B, 1, 1, 1)                                   # (B, 1, 1, Tk)
    if causal:
        mask = mask & (j <= torch.arange(Tq).view(Tq, 1) + Tk - Tq)        # (B, 1, Tq, Tk)
    mask = mask.expand(B, 1, Tq, Tk)
    got = attention(q, k, v, causal=causal, key_lengths=lengths)
    torch.testing.assert_close(got, _naive(q, k, v, mask), atol=1e-5, rtol=1e-5)


def test_decode_attention_shared_cache():
    torch.manual_seed(1)
    Bk, r, H, T, D = 2, 3, 2, 6, 4
    q = torch.randn(Bk * r, H, D)
    kc, vc = torch.randn(Bk, H, T, D), torch.randn(Bk, H, T, D)
    lengths = torch.tensor([6, 6, 6, 2, 2, 2])
    got = decode_attention(q, kc, vc, lengths)
    for row in range(Bk * r):
        b, L = row // r, int(lengths[row])
        ref = _naive(q[row].view(1, H, 1, D), kc[b:b + 1, :, :L], vc[b:b + 1, :, :L],
                     torch.ones(1, 1, 1, L, dtype=torch.bool))
        torch.testing.assert_close(got[row], ref.view(H, D), atol=1e-5, rtol=1e-5)


def test_agrees_with_the_kernels_reference():
    kernels = pytest.importorskip("sympy_recur.kernels")
    torch.manual_seed(2)
    q, k, v = torch.randn(2, 2, 5, 8), torch.randn(2, 2, 9, 8), torch.randn(2, 2, 9, 8)
    lengths = torch.tensor([9, 4])
    torch.testing.assert_close(attention(q, k, v, key_lengths=lengths),
                               kernels.attention_reference(q, k, v, key_lengths=lengths), atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(attention(q, k, v, causal=True),
                               kernels.attention_reference(q, k, v, causal=True), atol=1e-5, rtol=1e-5)
    qd = torch.randn(4, 2, 8)
    torch.testing.assert_close(decode_attention(qd, k, v, torch.tensor([9, 9, 4, 4])),
                               kernels.decode_attention_reference(qd, k, v, torch.tensor([9, 9, 4, 4])),
                               atol=1e-5, rtol=1e-5)
