"""Sphinx configuration for the sympy-recur documentation.

    sphinx-build -W -b html docs docs/_build/html       # the site
    sphinx-build -W -b doctest docs docs/_build/doctest # run the examples in the pages

Both run in the test suite (``tests/test_docs.py``). The benchmark tables and
figures are generated at the start of every build by
``benchmarks/plot_results.py`` from ``benchmarks/results/``, into ``docs/_generated/``.
"""

import re
import subprocess
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))  # document this checkout, installed or not

import sympy_recur  # noqa: E402

project = "sympy-recur"
author = "the sympy-recur authors"
copyright = "2026, the sympy-recur authors"
release = version = sympy_recur.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
    "sphinx.ext.mathjax",
    "myst_parser",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "_generated/*.csv", "examples/*.ipynb", "**.ipynb_checkpoints"]
html_theme = "alabaster"
html_static_path = []
html_theme_options = {"description": "Find the rule behind numbers, checked exactly."}

# The docstrings follow SymPy's style: numpy-like sections underlined with "=".
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_custom_sections = ["Explanation", "Algorithm", "Limitations"]
autodoc_member_order = "bysource"
autodoc_typehints = "none"  # the signatures are long; the Parameters sections say it better

# Only the examples written in these pages run in the doctest build (they are
# kept fast). The docstrings pulled in by autodoc have their own doctests in
# the test suite, some of which take seconds (constant_identify with time_limit=60).
doctest_test_doctest_blocks = ""
doctest_global_setup = "import sympy\nfrom sympy_recur import *"

myst_heading_anchors = 3

# SymPy-style docstrings list their References as citations without citing
# them in the text; Sphinx would call each one "not referenced".
suppress_warnings = ["ref.citation"]


def _generate_figures(app):
    gen = DOCS / "_generated"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "plot_results.py"), "--out", str(gen)],
                   check=True, stdout=subprocess.DEVNULL)


_CITATION = re.compile(r"^(\s*\.\. \[)(\w+)(\])")
_CITE_REF = re.compile(r"\[(\d+)\]_")


def _unique_citations(app, what, name, obj, options, lines):
    # Several docstrings define ".. [1]"; in one site those labels would clash,
    # so each docstring's labels get its object's name as a prefix.
    prefix = name.rsplit(".", 1)[-1]
    for i, line in enumerate(lines):
        line = _CITATION.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}{m.group(3)}", line)
        lines[i] = _CITE_REF.sub(lambda m: f"[{prefix}-{m.group(1)}]_", line)


def setup(app):
    app.connect("builder-inited", _generate_figures)
    app.connect("autodoc-process-docstring", _unique_citations)
