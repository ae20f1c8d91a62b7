"""Fixtures and helpers shared by the kernel tests.

The Triton interpreter is chosen when a kernel is *defined* (``TRITON_INTERPRET=1`` must be set before
``sympy_recur.kernels`` is imported), and other test directories may import triton first. So each kernel
test module re-runs its ``TestInterpreter`` class in a fresh subprocess with the variable set
(``_helpers.run_interpreter_suite``); in the main process those tests skip.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _seed():
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    yield
