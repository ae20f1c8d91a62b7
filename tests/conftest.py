"""Shared fixtures for the core (non-kernel) tests."""

import random

import mpmath
import pytest


@pytest.fixture(autouse=True)
def _seed_random_and_restore_mpmath_precision():
    """Every test starts from the same ``random`` state and leaves ``mpmath.mp.dps`` as it found it."""
    random.seed(12345)
    dps = mpmath.mp.dps
    yield
    mpmath.mp.dps = dps
