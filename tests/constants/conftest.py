import random

import mpmath
import pytest


@pytest.fixture(autouse=True)
def _seed_and_restore_precision():
    random.seed(0)
    dps = mpmath.mp.dps
    yield
    assert mpmath.mp.dps == dps, "a test changed mpmath's global precision"
    mpmath.mp.dps = dps
