"""Tokens for sequences and formulas, shared by the encoder and the decoder.

* integers: a sign token (``+``/``-``) then base-10000 digits, most significant first
  (``-123456`` -> ``- 12 3456``);
* floats: sign, a 4-significant-digit mantissa as one digit token and an exponent
  token (``-0.0123456`` -> ``- 1235 E-5``: ``-1235 * 10**-5``);
* formulas: prefix (Polish) notation of the generator's trees, leaves ``n``,
  ``u1`` .. ``u6`` and constants written as integers (sign + digits).

The round trip tree -> tokens -> tree is exact, so tree -> tokens -> SymPy
equals :func:`~sympy_recur.training.generator.tree_to_sympy` of the tree.
"""

from __future__ import annotations

import math

from .generator import ARITY, FLOAT_BINARY, FLOAT_CONSTANTS, FLOAT_UNARY, INT_BINARY, INT_UNARY, MAX_DEGREE

__all__ = ["BASE", "Tokenizer", "TokenError"]

BASE = 10000          # digits per token: 4 decimal digits
MANTISSA_DIGITS = 4   # float mantissa precision in decimal digits (one digit token)
MAX_EXPONENT = 120    # float exponent tokens E-120 .. E120


class TokenError(ValueError):
    """A token sequence that does not spell a number or a formula."""


class Tokenizer:
    """One vocabulary for inputs and outputs (ids are stable: the weights depend on them)."""

    SPECIALS = ("<pad>", "<bos>", "<eos>")

    def __init__(self):
        ops = list(dict.fromkeys(INT_BINARY + INT_UNARY + FLOAT_BINARY + FLOAT_UNARY))
        words = (list(self.SPECIALS) + ["+", "-"] + ops + ["n"] + [f"u{j}" for j in range(1, MAX_DEGREE + 1)]
                 + list(FLOAT_CONSTANTS) + [f"E{e}" for e in range(-MAX_EXPONENT, MAX_EXPONENT + 1)])
        self.digit0 = len(words)
        self.itos = words + [str(i) for i in range(BASE)]
        self.stoi = {s: i for i, s in enumerate(self.itos)}
        self.pad, self.bos, self.eos = 0, 1, 2
        self.plus, self.minus = self.stoi["+"], self.stoi["-"]
        self.n_id = self.stoi["n"]
        self.u_ids = [self.stoi[f"u{j}"] for j in range(1, MAX_DEGREE + 1)]
        self.int_ops = INT_BINARY + INT_UNARY
        self.float_ops = tuple(dict.fromkeys(FLOAT_BINARY + FLOAT_UNARY))

    def __len__(self) -> int:
        return len(self.itos)

    # ------------------------------------------------------------------ numbers
    def encode_int(self, v: int) -> list[int]:
        out = [self.minus if v < 0 else self.plus]
        v = abs(v)
        digits = []
        while True:
            v, r = divmod(v, BASE)
            digits.append(self.digit0 + r)
            if not v:
                break
        out.extend(reversed(digits))
        return out

    def encode_ints(self, values) -> list[int]:
        out = []
        for v in values:
            out.extend(self.encode_int(v))
        return out

    def decode_ints(self, ids) -> list[int]:
        values, i, ids = [], 0, list(ids)
        while i < len(ids):
            sign = ids[i]
            if sign not in (self.plus, self.minus):
                raise TokenError(f"expected a sign token at position {i}, got {self.itos[sign]!r}")
            i += 1
            v, start = 0, i
            while i < len(ids) and ids[i] >= self.digit0:
                v = v * BASE + ids[i] - self.digit0
                i += 1
            if i == start:
                raise TokenError(f"sign without digits at position {start - 1}")
            values.append(-v if sign == self.minus else v)
        return values

    def encode_float(self, x: float) -> list[int]:
        sign = self.minus if x < 0 else self.plus
        x = abs(x)
        if x < 10.0 ** -MAX_EXPONENT or not math.isfinite(x):  # below the exponent range: zero
            return [sign, self.digit0, self.stoi["E0"]]
        e = max(-MAX_EXPONENT, math.floor(math.log10(x)) - (MANTISSA_DIGITS - 1))
        m = round(x / 10.0**e)
        if m >= 10**MANTISSA_DIGITS:
            m, e = round(m / 10), e + 1
        if e > MAX_EXPONENT:  # beyond the range: the largest float token
            m, e = BASE - 1, MAX_EXPONENT
        return [sign, self.digit0 + m, self.stoi[f"E{e}"]]

    def encode_floats(self, values) -> list[int]:
        out = []
        for v in values:
            out.extend(self.encode_float(v))
        return out

    def decode_floats(self, ids) -> list[float]:
        ids = list(ids)
        if len(ids) % 3:
            raise TokenError(f"float tokens come in threes, got {len(ids)}")
        out = []
        for i in range(0, len(ids), 3):
            s, m, e = ids[i:i + 3]
            if s not in (self.plus, self.minus) or m < self.digit0 or not self.itos[e].startswith("E"):
                raise TokenError(f"bad float tokens at position {i}")
            x = (m - self.digit0) * 10.0 ** int(self.itos[e][1:])
            out.append(-x if s == self.minus else x)
        return out

    # ------------------------------------------------------------------ formulas
    def encode_tree(self, tree: tuple) -> list[int]:
        out: list[int] = []
        stack = [tree]
        while stack:
            t = stack.pop()
            op = t[0]
            if op == "u":
                out.append(self.u_ids[t[1] - 1])
            elif op == "c":
                out.extend(self.encode_int(t[1]))
            elif op in ARITY:
                out.append(self.stoi[op])
                stack.extend(reversed(t[1:]))
            else:  # n, e, pi, gamma
                out.append(self.stoi[op])
        return out

    def decode_tree(self, ids) -> tuple:
        """Parse prefix tokens (without ``<bos>``/``<eos>``) back into a tree."""
        ids = list(ids)
        tree, end = self._parse(ids, 0)
        if end != len(ids):
            raise TokenError(f"{len(ids) - end} tokens left after a complete formula")
        return tree

    def _parse(self, ids: list[int], i: int):
        if i >= len(ids):
            raise TokenError("formula ends early")
        tok = ids[i]
        word = self.itos[tok] if 0 <= tok < len(self.itos) else None
        if word is None or tok >= self.digit0 or word in self.SPECIALS or word.startswith("E"):
            raise TokenError(f"unexpected token {word!r} at position {i}")
        if tok in (self.plus, self.minus):
            j, v = i + 1, 0
            while j < len(ids) and ids[j] >= self.digit0:
                v = v * BASE + ids[j] - self.digit0
                j += 1
            if j == i + 1:
                raise TokenError(f"sign without digits at position {i}")
            return ("c", -v if tok == self.minus else v), j
        if word in ARITY:
            kids, j = [], i + 1
            for _ in range(ARITY[word]):
                kid, j = self._parse(ids, j)
                kids.append(kid)
            return (word, *kids), j
        if word[0] == "u":
            return ("u", int(word[1:])), i + 1
        return (word,), i + 1

    def decode(self, ids) -> str:
        return " ".join(self.itos[i] for i in ids)
