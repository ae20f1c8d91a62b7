"""sympy-recur: find the rule behind numbers, with every answer checked exactly."""

__version__ = "0.1.0"
