"""Helpers shared by the kernel tests (see conftest.py for why the interpreter runs in a subprocess)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sympy_recur.kernels._common import HAS_TRITON  # noqa: E402  (False when `import triton` fails)
INTERPRETING = os.environ.get("TRITON_INTERPRET") == "1"
REPO_ROOT = Path(__file__).resolve().parents[2]
# One interpreter suite runs ~20 s on 2 cores; a hang must not eat the CI budget.
INTERPRETER_SUITE_TIMEOUT_S = 600



def _version(module_name: str) -> tuple[int, int]:
    from importlib.metadata import version

    major, minor = version(module_name).split(".")[:2]
    return int(major), int("".join(c for c in minor if c.isdigit()) or 0)


def interpreter_unusable() -> str:
    """Why the Triton interpreter cannot run these kernels here, or "" when it can."""
    if not HAS_TRITON:
        return "triton is not installed"
    # triton 3.6's interpreter turns runtime loop bounds into ints with int(<1-element 1-D array>), an error
    # since numpy 2.4; triton 3.7 squeezes first. Compiled kernels are unaffected.
    if _version("triton") < (3, 7) and _version("numpy") >= (2, 4):
        return "triton < 3.7's interpreter breaks on runtime loop bounds with numpy >= 2.4"
    return ""


needs_triton = pytest.mark.skipif(not HAS_TRITON, reason="triton is not installed")
needs_compiler = pytest.mark.skipif(not HAS_TRITON or INTERPRETING,
                                    reason="needs triton's compiler (not installed, or interpreter mode)")
in_interpreter = pytest.mark.skipif(not (HAS_TRITON and INTERPRETING),
                                    reason="runs in the TRITON_INTERPRET=1 subprocess of test_interpreter_suite")

# dtype -> (atol, rtol) against the fp32 reference. fp16 keeps 11 significant bits (eps 2**-11 ~ 4.9e-4)
# and bf16 8 (eps 2**-8 ~ 3.9e-3); the probabilities are rounded to the input dtype before the P @ V dot,
# so allow a few eps. fp32 differs from the reference only by summation order.
TOLERANCES = {"float32": (2e-5, 2e-5), "float16": (2e-3, 2e-3), "bfloat16": (2e-2, 2e-2)}


def assert_close(actual, expected, dtype_name: str) -> None:
    import torch

    atol, rtol = TOLERANCES[dtype_name]
    torch.testing.assert_close(actual.float(), expected.float(), atol=atol, rtol=rtol)


# Spill budget for the compile tests: 16 registers' worth. Oversized tiles spill kilobytes (fp32 64 x 64
# attention: 2 KiB); ptxas sometimes spills a register or two of the small decode tiles on sm_90 (8 bytes).
MAX_SPILL_BYTES = 64


def ptxas_spill_bytes(compiled, arch: int) -> int:
    """Bytes of register spill stores ptxas reports for a compiled kernel (bundled ptxas, no GPU needed)."""
    import re
    import tempfile

    import triton

    ptxas = Path(triton.__file__).parent / "backends" / "nvidia" / "bin" / "ptxas"
    if not ptxas.exists():
        pytest.skip(f"no bundled ptxas at {ptxas}")
    gpu_name = f"sm_{arch}a" if arch >= 90 else f"sm_{arch}"  # triton targets sm_90a for wgmma
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "kernel.ptx"
        src.write_text(compiled.asm["ptx"])
        proc = subprocess.run([str(ptxas), "-v", f"--gpu-name={gpu_name}", str(src), "-o", str(Path(tmp) / "k.o")],
                              capture_output=True, text=True, check=True)
    return sum(int(n) for n in re.findall(r"(\d+) bytes spill stores", proc.stderr))


def run_interpreter_suite(test_file: str) -> None:
    """Run ``test_file::TestInterpreter`` under ``TRITON_INTERPRET=1`` in a fresh interpreter."""
    env = dict(os.environ, TRITON_INTERPRET="1")
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "error::RuntimeWarning",
           f"{test_file}::TestInterpreter"]
    proc = subprocess.run(cmd, cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                          timeout=INTERPRETER_SUITE_TIMEOUT_S)
    summary = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    # a suite that skipped (e.g. triton imported without the interpreter) must not pass as green
    if proc.returncode != 0 or " passed" not in summary or "skipped" in summary:
        pytest.fail(f"interpreter suite failed (rc={proc.returncode}, {summary!r}):\n{proc.stdout[-8000:]}\n"
                    f"{proc.stderr[-4000:]}", pytrace=False)
