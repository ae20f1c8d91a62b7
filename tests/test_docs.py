"""The Sphinx docs build without warnings, their examples pass as doctests, the notebook runs."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

pytest.importorskip("sphinx")
pytest.importorskip("myst_parser")
pytest.importorskip("matplotlib")


@pytest.fixture(scope="module")
def doctrees(tmp_path_factory):
    # Shared by both builds: the doctest build reuses the parsed pages.
    return tmp_path_factory.mktemp("doctrees")


def sphinx(builder, out, doctrees):
    cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", builder,
           "-d", str(doctrees), str(DOCS), str(out)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=ROOT)


def test_html_builds_with_warnings_as_errors(tmp_path, doctrees):
    proc = sphinx("html", tmp_path / "html", doctrees)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for page in ("index", "api", "batch", "benchmarks", "training", "sage", "jupyter", "model_card"):
        assert (tmp_path / "html" / f"{page}.html").exists()
    api = (tmp_path / "html" / "api.html").read_text(encoding="utf-8")
    for name in ("recurrence_guess", "Recurrence", "constant_identify", "ConstantCandidate",
                 "recurrence_guess_many", "constant_identify_many"):
        assert f'id="sympy_recur.{name}"' in api or f'id="sympy_recur.constants.{name}"' in api, name
    # the figures come from benchmarks/plot_results.py, run by the build
    for fig in ("sequences.png", "constants.png", "batch.png"):
        assert (tmp_path / "html" / "_images" / fig).exists()


def test_examples_in_the_pages_pass_as_doctests(tmp_path, doctrees):
    proc = sphinx("doctest", tmp_path / "doctest", doctrees)
    output = (tmp_path / "doctest" / "output.txt").read_text(encoding="utf-8")
    assert proc.returncode == 0, proc.stdout + proc.stderr + output
    assert " 0 failures in tests" in output
    tested = re.search(r"^\s*(\d+) tests$", output, re.M)
    assert tested and int(tested.group(1)) > 20, output  # the pages' examples did run


def test_example_notebook_runs():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = nbformat.read(DOCS / "examples" / "quickstart.ipynb", as_version=4)
    client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=120,
                                     resources={"metadata": {"path": str(ROOT)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    latex = [o["data"]["text/latex"] for o in outputs if "text/latex" in o.get("data", {})]
    assert any("u{\\left(n \\right)}" in t for t in latex)  # the Recurrence, shown as LaTeX
    assert any("\\pi^{2}" in t for t in latex)  # pi**2/6
