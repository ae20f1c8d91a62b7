"""Shared plumbing for the Triton kernels: the guarded import, backend choice, checks, launches.

Nothing here queries a device or prints at import time. Without the ``triton`` package the module still
imports: ``triton.jit`` becomes an identity decorator so the kernel files can define their kernels at top
level, and :func:`resolve_backend` never picks ``"triton"`` (an explicit request raises).
"""

from __future__ import annotations

import dataclasses
import functools
import os
from typing import Any

import torch

try:
    import triton
    import triton.language as tl

    HAS_TRITON = True
except ImportError:  # CPU-only install: kernels are defined as plain functions and never launched
    HAS_TRITON = False

    class _TritonStub:
        """Stands in for ``triton`` so ``@triton.jit`` and ``triton.cdiv`` work at import time."""

        @staticmethod
        def jit(fn=None, **_kwargs):
            return fn if fn is not None else (lambda f: f)

        @staticmethod
        def cdiv(a: int, b: int) -> int:
            return -(-a // b)

    class _LanguageStub:
        """Stands in for ``triton.language``: only annotations (``tl.constexpr``) are touched at import."""

        constexpr = object

    triton = _TritonStub()
    tl = _LanguageStub()

__all__ = [
    "HAS_TRITON",
    "triton",
    "tl",
    "ENV_SWITCH",
    "LOG2E",
    "MIN_DOT_DIM",
    "MAX_HEAD_DIM",
    "TRITON_DTYPES",
    "DOT_PRECISION",
    "Launch",
    "resolve_backend",
    "needs_grad",
    "check_lengths",
    "is_interpreted",
    "next_power_of_2",
    "compile_launch",
]

# Environment variable that switches backend="auto" to the torch reference ("0", "false", "off", "no").
ENV_SWITCH = "SYMPY_RECUR_TRITON"
_OFF_VALUES = frozenset({"0", "false", "off", "no"})

LOG2E = 1.4426950408889634  # exp(x) = exp2(x * LOG2E); exp2 is the GPU's native special-function op
# tl.dot lowers to mma.m16n8k16 (sm_80) / wgmma (sm_90): every dot dimension must be >= 16.
MIN_DOT_DIM = 16
# Largest head dim: a (128, 256) fp32 accumulator is already 128 KiB of registers per program.
MAX_HEAD_DIM = 256
TRITON_DTYPES = (torch.float16, torch.bfloat16, torch.float32)
# tl.dot precision per input dtype: fp32 inputs use exact fp32 FMAs ("ieee"), not TF32's 10-bit mantissa,
# so the fp32 path matches the reference to ~1e-6; fp16/bf16 ignore the setting (tensor cores, fp32 accum).
DOT_PRECISION = "ieee"


def next_power_of_2(n: int) -> int:
    """Smallest power of two >= n (tl.arange needs power-of-two extents)."""
    return 1 << max(0, int(n) - 1).bit_length()


def is_interpreted(kernel: Any) -> bool:
    """True when ``kernel`` was defined under ``TRITON_INTERPRET=1`` and runs on CPU tensors in numpy."""
    if not HAS_TRITON:
        return False
    try:
        from triton.runtime.interpreter import InterpretedFunction
    except ImportError:  # pragma: no cover - layout of triton < 3
        return False
    return isinstance(kernel, InterpretedFunction)


def needs_grad(*tensors: torch.Tensor) -> bool:
    """True when autograd would record a call on ``tensors`` (the Triton kernels are forward only)."""
    return torch.is_grad_enabled() and any(t.requires_grad for t in tensors)


def resolve_backend(backend: str, tensor: torch.Tensor, kernel: Any, op: str, *, grad: bool = False) -> str:
    """Return ``"triton"`` or ``"torch"`` for a call of ``op`` on ``tensor``.

    ``"auto"`` picks triton for CUDA tensors when triton is installed, the environment variable
    ``SYMPY_RECUR_TRITON`` is not ``0`` and no gradient is needed (``grad``); otherwise the torch reference,
    which autograd differentiates. An explicit ``"triton"`` that cannot run raises ``RuntimeError`` saying
    why (the environment switch only affects ``"auto"``).
    """
    if backend not in ("auto", "triton", "torch"):
        raise ValueError(f"backend must be 'auto', 'triton' or 'torch', got {backend!r}")
    if backend == "torch":
        return "torch"
    runnable = HAS_TRITON and (tensor.is_cuda or is_interpreted(kernel))
    if backend == "auto":
        switched_off = os.environ.get(ENV_SWITCH, "1").strip().lower() in _OFF_VALUES
        return "triton" if runnable and tensor.is_cuda and not switched_off and not grad else "torch"
    if grad:
        raise RuntimeError(f"{op}(backend='triton') is forward only, but an input requires grad; use "
                           "backend='auto' or 'torch' for training, or torch.no_grad() for inference")
    if not HAS_TRITON:
        raise RuntimeError(f"{op}(backend='triton') needs the triton package: pip install 'sympy-recur[kernels]'")
    if not runnable:
        raise RuntimeError(
            f"{op}(backend='triton') needs CUDA tensors, got device {tensor.device}; use backend='torch', "
            "or set TRITON_INTERPRET=1 before triton is imported to run the kernels in the interpreter"
        )
    return "triton"


def check_lengths(lengths: torch.Tensor, sizes: tuple[int, ...], upper: int, name: str) -> None:
    """Validate an integer length vector: 1-D, one of ``sizes`` long, values in ``[1, upper]``.

    On CPU a bad value raises ``ValueError`` naming it. On CUDA the value check is asynchronous
    (``torch._assert_async``, no host synchronisation per decoding step): a bad value surfaces as a
    device-side assert, like torch's own index checks. The kernels also clamp lengths to ``upper`` so a bad
    value can never read out of bounds.
    """
    if not isinstance(lengths, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {type(lengths).__name__}")
    if lengths.dtype.is_floating_point or lengths.dtype.is_complex or lengths.dtype == torch.bool:
        raise TypeError(f"{name} must be an integer tensor, got dtype {lengths.dtype}")
    if lengths.dim() != 1 or lengths.shape[0] not in sizes:
        want = " or ".join(f"({s},)" for s in sizes)
        raise ValueError(f"{name} must have shape {want}, got {tuple(lengths.shape)}")
    if lengths.numel() == 0:
        return
    if lengths.device.type == "cpu":
        lo, hi = int(lengths.min()), int(lengths.max())
        if lo < 1 or hi > upper:
            bad = lo if lo < 1 else hi
            raise ValueError(f"{name} must lie in [1, {upper}], got {bad}")
    else:
        torch._assert_async(((lengths >= 1) & (lengths <= upper)).all())


@dataclasses.dataclass(frozen=True)
class Launch:
    """One kernel launch, fully described: used to run it and to compile it ahead of time in tests."""

    kernel: Any  # the @triton.jit function
    grid: tuple[int, ...]  # programs along axes 0, 1, 2
    args: tuple[Any, ...]  # runtime arguments, in the kernel's order
    constexprs: dict[str, Any]  # compile-time arguments by name
    num_warps: int = 4
    num_stages: int = 2

    def run(self) -> None:
        self.kernel[self.grid](*self.args, **self.constexprs, num_warps=self.num_warps, num_stages=self.num_stages)


_TRITON_TYPE = {torch.float16: "fp16", torch.bfloat16: "bf16", torch.float32: "fp32", torch.int32: "i32",
                torch.int64: "i64"}
_ALIGN = 16  # bytes / elements: the runtime marks pointers and ints divisible by 16 (tt.divisibility)


def compile_launch(launch: Launch, arch: int):
    """Compile ``launch`` for CUDA compute capability ``arch`` (80, 90, ...) without a GPU.

    Builds the same signature the JIT would specialise at run time (ints equal to 1 become constants,
    pointers and ints divisible by 16 get ``tt.divisibility``) and runs the whole pipeline to a cubin with
    the ptxas bundled in triton. The interpreter accepts kernels the compiler rejects (dots with a
    dimension < 16, loop variables changing type), so this is the legality check CI can run.
    """
    from triton.backends.compiler import GPUTarget
    from triton.compiler import ASTSource

    fn = launch.kernel
    names = fn.arg_names
    runtime_names = [n for n in names if n not in launch.constexprs]
    if len(runtime_names) != len(launch.args):
        raise ValueError(f"{fn.__name__}: {len(launch.args)} runtime args for parameters {runtime_names}")
    signature, constexprs, attrs = {}, dict(launch.constexprs), {}
    for name, value in zip(runtime_names, launch.args):
        index = names.index(name)
        if isinstance(value, torch.Tensor):
            signature[name] = "*" + _TRITON_TYPE[value.dtype]
            aligned = True  # the caching allocator hands out 512-byte aligned blocks
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"{fn.__name__}: unsupported argument {name}={value!r}")
        elif isinstance(value, float):
            signature[name] = "fp32"
            aligned = False
        elif value == 1:
            signature[name] = "constexpr"
            constexprs[name] = 1
            continue
        else:
            signature[name] = "i32" if -(2**31) <= value < 2**31 else "i64"
            aligned = value % _ALIGN == 0
        if aligned:
            attrs[(index,)] = [["tt.divisibility", _ALIGN]]
    for name in launch.constexprs:
        signature[name] = "constexpr"
    signature = {n: signature[n] for n in names}  # kernel order
    src = ASTSource(fn, signature, constexprs=constexprs, attrs=attrs)
    target = GPUTarget("cuda", arch, 32)  # NVIDIA warps are 32 lanes
    return triton.compile(src, target=target, options={"num_warps": launch.num_warps,
                                                       "num_stages": launch.num_stages})


@functools.lru_cache(maxsize=None)
def _sm_count(device_index: int) -> int:
    return torch.cuda.get_device_properties(device_index).multi_processor_count


# SM count assumed for tensors not on CUDA (interpreter runs, ahead-of-time compiles): an A100's 108.
DEFAULT_SM_COUNT = 108


def sm_count(device: torch.device) -> int:
    """Streaming multiprocessors of ``device`` (cached per device; queried on first use, never at import)."""
    if device.type != "cuda":
        return DEFAULT_SM_COUNT
    return _sm_count(device.index if device.index is not None else torch.cuda.current_device())
