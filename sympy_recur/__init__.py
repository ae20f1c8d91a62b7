"""sympy-recur: find the rule behind numbers, with every answer checked exactly.

``recurrence_guess(seq)`` finds a recurrence or closed form that generates
the given terms; ``constant_identify(x)`` finds the exact constant behind a
decimal number. Every answer is verified with exact rational arithmetic.
``recurrence_guess_many`` and ``constant_identify_many`` run them on many
inputs in worker processes.
"""

from .batch import BatchError, constant_identify_many, recurrence_guess_many
from .binary_recurrence import BinaryRecurrence
from .dirichlet_product import DirichletProduct
from .divisor_convolution import DivisorConvolution
from .euler_product import EulerProduct, ExponentialFormula, ReciprocalExponential
from .guess import recurrence_guess
from .member_list import MemberList
from .nested_recurrence import NestedRecurrence
from .partition_convolution import PartitionConvolution
from .residue_partitions import ResidueClassPartitions
from .difference_partitions import DifferencePartitions
from .recurrence import Recurrence
from .riccati_egf import RiccatiExponential
from .tree_product import SelfEulerProduct
from .triangle_recurrence import TriangleRecurrence
from .weighted_product import WeightedProduct
from .symbols import n, u

__version__ = "0.1.0"

__all__ = ["recurrence_guess", "Recurrence", "EulerProduct", "ExponentialFormula", "ReciprocalExponential", "SelfEulerProduct", "RiccatiExponential", "NestedRecurrence", "BinaryRecurrence", "DirichletProduct", "TriangleRecurrence", "WeightedProduct", "MemberList", "PartitionConvolution", "ResidueClassPartitions", "DifferencePartitions", "DivisorConvolution", "n", "u", "recurrence_guess_many",
           "constant_identify_many", "BatchError"]


def __getattr__(name):
    # constant_identify lives in its own subpackage; import it on first use.
    if name == "constant_identify":
        from .constants import constant_identify
        return constant_identify
    raise AttributeError(f"module 'sympy_recur' has no attribute {name!r}")
