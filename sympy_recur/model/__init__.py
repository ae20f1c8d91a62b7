"""The learned candidate source: a seq2seq transformer proposing recurrences.

Use :func:`sympy_recur.model.propose.propose` and
:func:`sympy_recur.model.propose.model_available`. Importing this package does
not import torch; ``propose`` loads torch and the shipped weights on its first call.
"""
