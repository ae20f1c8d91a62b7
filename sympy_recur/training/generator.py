"""Random recurrences ``u(n) = f(n, u(n-1), ..., u(n-d))`` and their terms.

Pure Python, seeded, no torch: a training example is drawn from a
``random.Random`` and nothing else, so the same seed gives the same data in
every DataLoader worker, on every machine.

A formula is a tree of tuples:

* ``("n",)`` - the index,
* ``("u", j)`` - the previous term ``u(n - j)``, ``1 <= j <= 6``,
* ``("c", value)`` - an integer constant (floats use ``("e",)``, ``("pi",)``,
  ``("gamma",)`` as named constants),
* ``(op, child)`` / ``(op, left, right)`` - an operator from :data:`INT_UNARY`,
  :data:`INT_BINARY`, :data:`FLOAT_UNARY` or :data:`FLOAT_BINARY`.

Integer sequences are evaluated exactly with Python ints: ``idiv`` is floor
division and ``mod`` the remainder with the divisor's sign, i.e. SymPy's
``floor(a/b)`` and ``Mod(a, b)``. The **index convention** everywhere: the first
term has index ``n = 0`` and a recurrence of degree ``d`` takes the first ``d``
terms as initial values.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

__all__ = [
    "INT_UNARY", "INT_BINARY", "FLOAT_UNARY", "FLOAT_BINARY", "ARITY", "MAX_DEGREE",
    "GeneratorConfig", "Example", "Undefined",
    "random_tree", "simplify", "degree", "count_ops", "compile_int", "int_terms",
    "float_terms", "sample_int", "sample_float", "constant_tree", "constant_value", "tree_to_sympy",
]

INT_BINARY = ("add", "sub", "mul", "idiv", "mod")
INT_UNARY = ("abs", "sqr", "relu", "sign")
FLOAT_BINARY = ("add", "sub", "mul", "div")
FLOAT_UNARY = ("abs", "inv", "sqr", "sqrt", "log", "exp", "sin", "cos", "tan",
               "arcsin", "arccos", "arctan")
FLOAT_CONSTANTS = ("e", "pi", "gamma")
ARITY = {**{op: 2 for op in INT_BINARY + FLOAT_BINARY}, **{op: 1 for op in INT_UNARY + FLOAT_UNARY}}
MAX_DEGREE = 6


class Undefined(ArithmeticError):
    """Raised while evaluating: division by zero, overflow, domain error."""


@dataclass(frozen=True)
class GeneratorConfig:
    """What the random recurrences look like (defaults: the integer training mix)."""

    max_degree: int = 6                 # u(n-1) .. u(n-6)
    min_ops: int = 1
    max_ops: int = 10
    min_terms: int = 5                  # terms given to the model (after the d initial ones count too)
    max_terms: int = 30
    extra_terms: int = 0                # further terms computed for evaluation (10 = "next-10")
    max_abs_digits: int = 100           # abort when |u(n)| >= 10**max_abs_digits
    max_const: int = 10                 # leaf constants in 1..max_const
    p_unary: float = 0.3                # chance that an operator node is unary
    p_linear: float = 0.25              # template: linear recurrence with small coefficients (+ a*n + b)
    p_poly: float = 0.10                # template: polynomial in n (degree 0)
    p_closed: float = 0.05              # random tree in n only (degree 0)
    max_init: int = 10                  # initial terms in -max_init..max_init (half the time 0..3)
    float_mode: bool = False
    p_const: float = 0.0                # float only: template u(n) = n * K, K a constant expression
    max_const_ops: int = 4              # operators in K (0..max_const_ops)


@dataclass(frozen=True)
class Example:
    tree: tuple
    degree: int
    n_ops: int
    terms: tuple                        # inputs (the first ``degree`` are the initial values)
    extra: tuple = field(default=())    # the next terms, for evaluation


# ----------------------------------------------------------------------------- trees

def _leaf(rng: random.Random, deg: int, cfg: GeneratorConfig) -> tuple:
    r = rng.random()
    if deg == 0:
        return ("n",) if r < 0.6 else _const(rng, cfg)
    if r < 0.6:
        return ("u", rng.randint(1, deg))
    if r < 0.8:
        return ("n",)
    return _const(rng, cfg)


def _const(rng: random.Random, cfg: GeneratorConfig) -> tuple:
    if cfg.float_mode and rng.random() < 0.3:
        return (rng.choice(FLOAT_CONSTANTS),)
    return ("c", rng.randint(1, cfg.max_const))


def random_tree(rng: random.Random, n_ops: int, deg: int, cfg: GeneratorConfig) -> tuple:
    """A random unary-binary tree with exactly ``n_ops`` operators."""
    unary = FLOAT_UNARY if cfg.float_mode else INT_UNARY
    binary = FLOAT_BINARY if cfg.float_mode else INT_BINARY
    if n_ops == 0:
        return _leaf(rng, deg, cfg)
    if n_ops == 1 or rng.random() >= cfg.p_unary:
        if n_ops == 1 and rng.random() < cfg.p_unary:
            return (rng.choice(unary), _leaf(rng, deg, cfg))
        left = rng.randint(0, n_ops - 1)
        return (rng.choice(binary), random_tree(rng, left, deg, cfg),
                random_tree(rng, n_ops - 1 - left, deg, cfg))
    return (rng.choice(unary), random_tree(rng, n_ops - 1, deg, cfg))


def degree(tree: tuple) -> int:
    """Largest ``j`` with ``u(n-j)`` in the tree (0 for a closed form)."""
    if tree[0] == "u":
        return tree[1]
    if tree[0] in ARITY:
        return max(degree(c) for c in tree[1:])
    return 0


def count_ops(tree: tuple) -> int:
    if tree[0] in ARITY:
        return 1 + sum(count_ops(c) for c in tree[1:])
    return 0


def _has_var(tree: tuple) -> bool:
    if tree[0] in ("n", "u"):
        return True
    return tree[0] in ARITY and any(_has_var(c) for c in tree[1:])


def simplify(tree: tuple) -> tuple:
    """Fold constant integer subtrees and drop ``x + 0``, ``x * 1``-style no-ops.

    Raises :class:`Undefined` for a constant division by zero.
    """
    op = tree[0]
    if op not in ARITY or op not in _INT_OPS:
        return tree
    kids = tuple(simplify(c) for c in tree[1:])
    if all(k[0] == "c" for k in kids):
        return ("c", _INT_OPS[op](*(k[1] for k in kids)))
    if ARITY[op] == 2:
        a, b = kids
        if op in ("idiv", "mod") and b == ("c", 0):
            raise Undefined("division by zero")
        if op in ("add", "sub") and b == ("c", 0):
            return a
        if op == "add" and a == ("c", 0):
            return b
        if op in ("mul", "idiv") and b == ("c", 1):
            return a
        if op == "mul" and a == ("c", 1):
            return b
        if op == "mul" and ("c", 0) in kids:
            return ("c", 0)
        if op == "sub" and a == b:
            return ("c", 0)
    return (op,) + kids


# ----------------------------------------------------------------------------- exact integer evaluation

_LIMIT_BITS = 4 * 333  # intermediate results above ~10**400 abort (outputs are bounded far lower)


def _mul(a: int, b: int) -> int:
    if a.bit_length() + b.bit_length() > _LIMIT_BITS:
        raise Undefined("overflow")
    return a * b


def _idiv(a: int, b: int) -> int:
    if b == 0:
        raise Undefined("division by zero")
    return a // b


def _mod(a: int, b: int) -> int:
    if b == 0:
        raise Undefined("modulo zero")
    return a % b


_INT_OPS = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": _mul,
    "idiv": _idiv,
    "mod": _mod,
    "abs": abs,
    "sqr": lambda a: _mul(a, a),
    "relu": lambda a: a if a > 0 else 0,
    "sign": lambda a: (a > 0) - (a < 0),
}


def compile_int(tree: tuple):
    """Return ``f(n, terms)`` evaluating the tree exactly; ``u(n-j)`` is ``terms[n - j]``."""
    op = tree[0]
    if op == "n":
        return lambda n, t: n
    if op == "u":
        j = tree[1]
        return lambda n, t: t[n - j]
    if op == "c":
        c = tree[1]
        return lambda n, t: c
    fn = _INT_OPS[op]
    if ARITY[op] == 1:
        f = compile_int(tree[1])
        return lambda n, t: fn(f(n, t))
    f, g = compile_int(tree[1]), compile_int(tree[2])
    return lambda n, t: fn(f(n, t), g(n, t))


def int_terms(tree: tuple, initial, count: int, max_abs_digits: int = 100) -> list[int]:
    """Terms ``u(0), ..., u(m-1)`` (``m <= count``) of the recurrence from ``initial``.

    Stops early at the first term that overflows ``10**max_abs_digits`` or is
    undefined; the returned list holds the terms computed so far.
    """
    f = compile_int(tree)
    bound = 10 ** max_abs_digits
    t = list(initial)
    try:
        for i in range(len(t), count):
            v = f(i, t)
            if -bound < v < bound:
                t.append(v)
            else:
                break
    except Undefined:
        pass
    return t[:count]


# ----------------------------------------------------------------------------- float evaluation

def _safe(fn):
    def g(*a):
        try:
            r = fn(*a)
        except (ValueError, ZeroDivisionError, OverflowError) as exc:
            raise Undefined(str(exc)) from None
        if r != r or r in (math.inf, -math.inf):
            raise Undefined("nan")
        return r
    return g


_FLOAT_OPS = {k: _safe(v) for k, v in {
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b, "abs": abs, "inv": lambda a: 1.0 / a, "sqr": lambda a: a * a,
    "sqrt": math.sqrt, "log": math.log, "exp": math.exp, "sin": math.sin, "cos": math.cos,
    "tan": math.tan, "arcsin": math.asin, "arccos": math.acos, "arctan": math.atan,
}.items()}
_FLOAT_CONST = {"e": math.e, "pi": math.pi, "gamma": 0.5772156649015329}


def compile_float(tree: tuple):
    op = tree[0]
    if op == "n":
        return lambda n, t: float(n)
    if op == "u":
        j = tree[1]
        return lambda n, t: t[n - j]
    if op == "c":
        c = float(tree[1])
        return lambda n, t: c
    if op in _FLOAT_CONST:
        c = _FLOAT_CONST[op]
        return lambda n, t: c
    fn = _FLOAT_OPS[op]
    if ARITY[op] == 1:
        f = compile_float(tree[1])
        return lambda n, t: fn(f(n, t))
    f, g = compile_float(tree[1]), compile_float(tree[2])
    return lambda n, t: fn(f(n, t), g(n, t))


def float_terms(tree: tuple, initial, count: int, max_abs: float = 1e100) -> list[float]:
    f = compile_float(tree)
    t = [float(x) for x in initial]
    try:
        for i in range(len(t), count):
            v = f(i, t)
            if abs(v) >= max_abs:
                break
            t.append(v)
    except Undefined:
        pass
    return t[:count]


# ----------------------------------------------------------------------------- templates

def _sum(terms: list) -> tuple:
    out = terms[0]
    for t in terms[1:]:
        out = ("add", out, t)
    return out


def _scaled(rng: random.Random, coef: int, leaf: tuple) -> tuple:
    if coef == 1:
        return leaf
    if coef == -1:
        return ("sub", ("c", 0), leaf)  # simplify keeps it; reads as 0 - x
    return ("mul", ("c", coef), leaf) if rng.random() < 0.5 else ("mul", leaf, ("c", coef))


def _linear(rng: random.Random, cfg: GeneratorConfig) -> tuple:
    d = rng.choice((1, 1, 2, 2, 2, 3, 3, 4, 5, 6)[: 4 + 2 * min(cfg.max_degree, 3)])
    d = min(d, cfg.max_degree)
    parts = []
    for j in range(1, d + 1):
        a = rng.choice((-2, -1, 1, 1, 1, 2, 2, 3)) if j == d or rng.random() < 0.6 else 0
        if a:
            parts.append(_scaled(rng, a, ("u", j)))
    if rng.random() < 0.3:
        parts.append(_scaled(rng, rng.choice((1, 1, 2, -1)), ("n",)))
    if rng.random() < 0.3:
        parts.append(("c", rng.randint(1, cfg.max_const)))
    return _sum(parts)


def _poly(rng: random.Random, cfg: GeneratorConfig) -> tuple:
    k = rng.choice((1, 2, 2, 3))
    parts = []
    power = ("n",)
    for e in range(1, k + 1):
        if e > 1:
            power = ("sqr", ("n",)) if e == 2 else ("mul", ("sqr", ("n",)), ("n",))
        if e == k or rng.random() < 0.5:
            parts.append(_scaled(rng, rng.choice((1, 1, 2, 3, -1)), power))
    if rng.random() < 0.5:
        parts.append(("c", rng.randint(1, cfg.max_const)))
    return _sum(parts)


# ----------------------------------------------------------------------------- constants (float)

#: Operators of constant expressions ``K`` (repeated entries are drawn more often).
CONST_UNARY = ("sqrt", "sqrt", "sqrt", "log", "log", "exp", "exp", "inv", "sqr", "sin", "cos", "tan",
               "arctan", "arcsin", "arccos")
CONST_BINARY = ("mul", "mul", "div", "div", "add", "sub")
_CONST_INTS = (1, 2, 2, 2, 3, 3, 3, 4, 5, 5, 6, 7, 8, 9, 10)


def _const_leaf(rng: random.Random) -> tuple:
    r = rng.random()
    if r < 0.25:
        return ("pi",)
    if r < 0.40:
        return ("e",)
    if r < 0.43:
        return ("gamma",)
    return ("c", rng.choice(_CONST_INTS))


def _const_tree(rng: random.Random, n_ops: int) -> tuple:
    if n_ops == 0:
        return _const_leaf(rng)
    if n_ops == 1 or rng.random() < 0.45:
        if rng.random() < 0.45:
            return (rng.choice(CONST_UNARY), _const_tree(rng, n_ops - 1))
    left = rng.randint(0, n_ops - 1)
    return (rng.choice(CONST_BINARY), _const_tree(rng, left), _const_tree(rng, n_ops - 1 - left))


def _boring(tree: tuple) -> bool:
    """Integer arithmetic on integer leaves (``2 + 3``, ``sqrt(4)``, ``log(1)``...): write it as one leaf."""
    if tree[0] not in ARITY:
        return False
    kids = tree[1:]
    if any(_boring(k) for k in kids):
        return True
    if all(k[0] == "c" for k in kids):
        op, a = tree[0], kids[0][1]
        if op == "div":
            b = kids[1][1]
            return a % b == 0 or math.gcd(a, b) != 1
        if op == "sqrt":
            return math.isqrt(a) ** 2 == a
        if op in ("log", "inv", "arcsin", "arccos"):
            return a == 1 and op in ("log", "inv")
        return op in ("add", "sub", "mul", "sqr")
    return False


def constant_value(tree: tuple) -> float:
    """The value of a tree without ``n`` and ``u`` (raises :class:`Undefined`)."""
    return compile_float(tree)(0, [])


def constant_tree(rng: random.Random, max_ops: int = 4, max_tries: int = 100) -> tuple:
    """A random closed-form constant ``K`` (pi, e, gamma, integers 1..10; sqrt, log, exp, ...).

    Its value is finite, nonzero and of magnitude between ``1e-4`` and ``1e4``,
    and no subtree is plain integer arithmetic.
    """
    for _ in range(max_tries):
        tree = _const_tree(rng, min(max_ops, rng.choices(range(5), (10, 25, 30, 20, 15))[0]))
        if _boring(tree):
            continue
        try:
            v = constant_value(tree)
        except Undefined:
            continue
        if 1e-4 <= abs(v) <= 1e4:
            return tree
    return ("pi",)


# ----------------------------------------------------------------------------- sampling

def _draw_tree(rng: random.Random, cfg: GeneratorConfig) -> tuple:
    if cfg.float_mode and cfg.p_const and rng.random() < cfg.p_const:
        return ("mul", ("n",), constant_tree(rng, cfg.max_const_ops))
    r = rng.random()
    if not cfg.float_mode and r < cfg.p_linear:
        return _linear(rng, cfg)
    if not cfg.float_mode and r < cfg.p_linear + cfg.p_poly:
        return _poly(rng, cfg)
    deg = 0 if r > 1 - cfg.p_closed else rng.randint(1, cfg.max_degree)
    ops = rng.randint(cfg.min_ops, cfg.max_ops)
    tree = random_tree(rng, ops, deg, cfg)
    if deg and degree(tree) < deg and rng.random() < 0.5:
        tree = _replace_one_u(rng, tree, deg)
    return tree


def _replace_one_u(rng: random.Random, tree: tuple, deg: int) -> tuple:
    """Make ``u(n-deg)`` appear by rewriting one u-leaf (or one leaf) of the tree."""
    leaves = []

    def walk(t, path):
        if t[0] in ARITY:
            for i, c in enumerate(t[1:], 1):
                walk(c, path + (i,))
        else:
            leaves.append((t[0] == "u", path))

    walk(tree, ())
    us = [p for is_u, p in leaves if is_u] or [p for _, p in leaves]
    path = rng.choice(us)

    def put(t, p):
        if not p:
            return ("u", deg)
        i = p[0]
        return t[:i] + (put(t[i], p[1:]),) + t[i + 1:]

    return put(tree, path)


def _initial(rng: random.Random, d: int, cfg: GeneratorConfig) -> list:
    if rng.random() < 0.5:
        vals = [rng.randint(0, 3) for _ in range(d)]
    else:
        vals = [rng.randint(-cfg.max_init, cfg.max_init) for _ in range(d)]
    if cfg.float_mode:
        vals = [v + rng.uniform(-1, 1) if rng.random() < 0.5 else float(v) for v in vals]
    return vals


def sample_int(rng: random.Random, cfg: GeneratorConfig = GeneratorConfig(), max_tries: int = 1000) -> Example:
    """One integer example: a simplified tree, its degree, op count and exact terms.

    Rejection sampling drops undefined formulas (a constant ``x // 0``),
    sequences that overflow before ``max(min_terms, d + 3)`` inputs plus the
    ``extra_terms`` exist, and trivial ones (constant after the initial terms).
    """
    for _ in range(max_tries):
        try:
            tree = simplify(_draw_tree(rng, cfg))
        except Undefined:
            continue
        n_ops = count_ops(tree)
        if not _has_var(tree) or not (cfg.min_ops <= n_ops <= cfg.max_ops):
            continue
        d = degree(tree)
        n_in = rng.randint(max(cfg.min_terms, d + 3), max(cfg.max_terms, d + 3))
        want = n_in + cfg.extra_terms
        terms = int_terms(tree, _initial(rng, d, cfg), want, cfg.max_abs_digits)
        n_in = min(n_in, len(terms) - cfg.extra_terms)
        if n_in < max(cfg.min_terms, d + 3):
            continue
        computed = terms[d:]
        if all(v == computed[0] for v in computed):
            continue
        return Example(tree, d, n_ops, tuple(terms[:n_in]), tuple(terms[n_in:n_in + cfg.extra_terms]))
    raise RuntimeError("generator rejected every draw; check GeneratorConfig")


def sample_float(rng: random.Random, cfg: GeneratorConfig = GeneratorConfig(float_mode=True),
                 max_tries: int = 1000) -> Example:
    """One float example (same shape as :func:`sample_int`, floats evaluated in double precision)."""
    if not cfg.float_mode:
        cfg = GeneratorConfig(**{**cfg.__dict__, "float_mode": True})
    for _ in range(max_tries):
        tree = _draw_tree(rng, cfg)
        n_ops = count_ops(tree)
        if not _has_var(tree):
            continue
        d = degree(tree)
        n_in = rng.randint(max(cfg.min_terms, d + 3), max(cfg.max_terms, d + 3))
        terms = float_terms(tree, _initial(rng, d, cfg), n_in + cfg.extra_terms,
                            10.0 ** cfg.max_abs_digits)
        n_in = min(n_in, len(terms) - cfg.extra_terms)
        if n_in < max(cfg.min_terms, d + 3):
            continue
        computed = terms[d:]
        if max(computed) - min(computed) <= 1e-12 * max(1.0, abs(computed[0])):
            continue
        return Example(tree, d, n_ops, tuple(terms[:n_in]), tuple(terms[n_in:n_in + cfg.extra_terms]))
    raise RuntimeError("generator rejected every draw; check GeneratorConfig")


# ----------------------------------------------------------------------------- SymPy

def tree_to_sympy(tree: tuple):
    """The SymPy expression of a tree, in :data:`sympy_recur.symbols.n` and ``u``.

    ``idiv`` -> ``floor(a/b)``, ``mod`` -> ``Mod(a, b)``, ``relu`` -> ``Max(a, 0)``,
    ``sqr`` -> ``a**2``, ``inv`` -> ``1/a``; float constants are ``E``, ``pi``,
    ``EulerGamma``.
    """
    import sympy as sp

    from sympy_recur.symbols import n, u

    op = tree[0]
    if op == "n":
        return n
    if op == "u":
        return u(n - tree[1])
    if op == "c":
        return sp.Integer(tree[1])
    if op == "e":
        return sp.E
    if op == "pi":
        return sp.pi
    if op == "gamma":
        return sp.EulerGamma
    a = [tree_to_sympy(c) for c in tree[1:]]
    table = {
        "add": lambda x, y: x + y, "sub": lambda x, y: x - y, "mul": lambda x, y: x * y,
        "div": lambda x, y: x / y, "idiv": lambda x, y: sp.floor(x / y), "mod": sp.Mod,
        "abs": sp.Abs, "sqr": lambda x: x**2, "relu": lambda x: sp.Max(x, 0), "sign": sp.sign,
        "inv": lambda x: 1 / x, "sqrt": sp.sqrt, "log": sp.log, "exp": sp.exp, "sin": sp.sin,
        "cos": sp.cos, "tan": sp.tan, "arcsin": sp.asin, "arccos": sp.acos, "arctan": sp.atan,
    }
    return table[op](*a)
