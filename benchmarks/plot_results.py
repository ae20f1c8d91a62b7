"""Figures and tables for the documentation, from the benchmark results files.

Reads ``results/sequences.md`` and ``results/constants.md`` (the tables the
benchmark scripts append; for each row key the newest run wins) and
``results/batch.jsonl`` (``bench_batch.py``), and writes into ``--out``:

* ``sequences.csv``, ``constants.csv``, ``batch.csv``: the tables shown in the docs;
* ``sequences.png``, ``constants.png``, ``batch.png``: bar charts of the same numbers.

Nothing is typed in by hand: rerun a benchmark, then this script (the docs
build runs it), and the docs follow.

    python benchmarks/plot_results.py --out docs/_generated
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def markdown_rows(path: Path, first_columns: tuple[str, ...]) -> list[dict]:
    """Rows of every table in ``path`` whose header starts with ``first_columns``, in file order."""
    rows, header = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            header = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = cells if tuple(cells[:len(first_columns)]) == first_columns else []
        elif header and not set(cells[0]) <= set("-: "):
            rows.append(dict(zip(header, cells)))
    return rows


def newest(rows: list[dict], key: tuple[str, ...]) -> list[dict]:
    """One row per key, the last one seen (later runs supersede earlier ones), in first-seen order."""
    out: dict[tuple, dict] = {}
    for row in rows:
        out[tuple(row[c] for c in key)] = row
    return list(out.values())


def write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        w = csv.writer(handle)
        w.writerow(header)
        w.writerows(rows)


def sequences(out: Path, plt) -> None:
    rows = newest(markdown_rows(RESULTS / "sequences.md", ("dataset", "method")), ("dataset", "method"))
    cols = ["success@1 %", "success@15 %", "wrong %", "none %", "median s", "p90 s", "max s"]
    write_csv(out / "sequences.csv", ["set", "method"] + cols, [[r["dataset"], r["method"]] + [r[c] for c in cols]
                                                                 for r in rows])
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.6), sharey=True)
    for ax, dataset in zip(axes, ("curated", "broad")):
        sub = [r for r in rows if r["dataset"] == dataset]
        names = [r["method"].replace("sympy_recur", "ours") for r in sub]
        ok = [float(r["success@15 %"]) for r in sub]
        wrong = [float(r["wrong %"]) for r in sub]
        y = range(len(sub))
        ax.barh(y, ok, color="#3a7d44", label="success@15")
        ax.barh(y, wrong, left=ok, color="#c0392b", label="wrong")
        ax.set_yticks(list(y), names)
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.set_xlabel("% of 2,000 sequences")
        ax.set_title(f"{dataset} OEIS dev set")
    axes[0].legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(out / "sequences.png", dpi=110)
    plt.close(fig)


def constants(out: Path, plt) -> None:
    rows = newest(markdown_rows(RESULTS / "constants.md", ("method", "dataset", "digits")),
                  ("method", "dataset", "digits"))
    cols = ["n", "success %", "false %", "none %", "median s", "p90 s", "max s"]
    write_csv(out / "constants.csv", ["method", "set", "digits"] + cols,
              [[r["method"], r["dataset"], r["digits"]] + [r[c] for c in cols] for r in rows])
    fig, ax = plt.subplots(figsize=(10, 3.6))
    labels = [f"{r['method']}\n{r['dataset']} {r['digits']}d" for r in rows]
    x = range(len(rows))
    ok = [float(r["success %"]) for r in rows]
    false = [float(r["false %"]) for r in rows]
    ax.bar(x, ok, color="#3a7d44", label="success")
    ax.bar(x, false, bottom=ok, color="#c0392b", label="false")
    ax.set_xticks(list(x), labels, fontsize=6, rotation=60, ha="right")
    ax.set_ylim(0, 100)
    ax.set_ylabel("% of constants")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out / "constants.png", dpi=110)
    plt.close(fig)


def batch(out: Path, plt) -> None:
    path = RESULTS / "batch.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = newest([{k: str(v) for k, v in r.items()} for r in records], ("kind", "method", "jobs"))
    cols = ["n", "wall_s", "per_s", "found", "median_s", "load_start", "date"]
    write_csv(out / "batch.csv", ["inputs", "method", "jobs", "n", "wall s", "per second", "found",
                                  "median s per input", "load avg at start", "date"],
              [[r["kind"], r["method"], r["jobs"]] + [r[c] for c in cols] for r in rows])
    fig, ax = plt.subplots(figsize=(7, 3.2))
    groups = sorted({(r["kind"], r["method"]) for r in rows}, key=lambda g: [r["kind"] for r in rows].index(g[0]))
    jobs = sorted({int(r["jobs"]) for r in rows})
    width = 0.8 / max(1, len(jobs))
    for k, j in enumerate(jobs):
        vals = [next((float(r["per_s"]) for r in rows if (r["kind"], r["method"]) == g and int(r["jobs"]) == j), 0.0)
                for g in groups]
        ax.bar([i + k * width for i in range(len(groups))], vals, width, label=f"jobs={j}")
    ax.set_xticks([i + width * (len(jobs) - 1) / 2 for i in range(len(groups))],
                  [f"{kind}\n{method}" for kind, method in groups])
    ax.set_ylabel("inputs per second")
    ax.set_title("batch throughput (2 shared CPU cores)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out / "batch.png", dpi=110)
    plt.close(fig)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, required=True, help="directory for the CSV and PNG files")
    args = p.parse_args(argv)
    import matplotlib
    matplotlib.use("Agg")  # files only; no display needed
    import matplotlib.pyplot as plt

    args.out.mkdir(parents=True, exist_ok=True)
    for make in (sequences, constants, batch):
        make(args.out, plt)
    print(f"wrote tables and figures to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
