"""Constant recognition: turn the digits of a number into the exact constant.

``digits -> search families (search.py) -> chance-match guard (guard.py) ->
exact check at higher precision (identify.py) -> ranked candidates
(result.py)``, with input handling in ``precision.py``, the default basis
in ``basis.py``, integer relations in ``relations.py`` and minimal
polynomials in ``algebraic.py``.
"""

from .basis import DEFAULT_CONSTANTS, BasisConstant
from .identify import constant_identify, verify_candidates
from .result import ConstantCandidate

__all__ = ["constant_identify", "verify_candidates", "ConstantCandidate", "BasisConstant", "DEFAULT_CONSTANTS"]
