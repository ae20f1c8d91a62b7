"""Throughput of the batch API: sequences (and constants) per second against worker count.

Runs :func:`sympy_recur.recurrence_guess_many` on the first ``--limit`` sequences of
an OEIS stripped file (first ``--terms`` terms each, as in ``bench_sequences.py``)
for every combination of ``--methods`` and ``--jobs``, and
:func:`sympy_recur.constant_identify_many` on the first ``--constants`` values of the
OEIS constants set (truncated to 15 significant digits). The wall time runs from
the call to the last result, so it includes starting the workers and loading the
model in each (what a user of a batch waits for); throughput = inputs / wall
time. The table is printed, appended to ``results/batch.md`` (``--md-out``) and
one JSON line per row to ``results/batch.jsonl`` (``--jsonl-out``), which
``plot_results.py`` reads.

    python benchmarks/bench_batch.py                       # 200 sequences, jobs 1 and 2, classical and auto
    python benchmarks/bench_batch.py --limit 40 --constants 0 --md-out '' --jsonl-out ''   # quick look
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sympy  # noqa: E402

from sympy_recur import BatchError  # noqa: E402
# the batch API with per-input times, as the batch CLI uses it
from sympy_recur.batch import _timed_guesses, _timed_identifications  # noqa: E402
from sympy_recur.oeis import read_stripped  # noqa: E402

DATA = ROOT.parent / "shared" / "data"


def truncate(value: str, digits: int) -> str | None:
    """``value`` cut (not rounded) to ``digits`` significant digits; None if that needs an exponent."""
    value = value.strip()
    out, seen, started = [], 0, False
    for i, ch in enumerate(value):
        if ch in "+-.":
            out.append(ch)
            continue
        if not ch.isdigit():
            return None
        started = started or ch != "0"
        if started and seen == digits:
            # cutting before the decimal point would change the magnitude
            return "".join(out) if "." in out else None
        seen += started
        out.append(ch)
    return "".join(out)


def load_sequences(path: Path, limit: int, terms: int) -> list[list[int]]:
    seqs = []
    for _, seq, _ in read_stripped(path):
        seqs.append(seq[:terms])
        if len(seqs) == limit:
            break
    return seqs


def load_constants(path: Path, limit: int, digits: int) -> list[str]:
    values = []
    with open(path, encoding="utf-8") as handle:
        next(handle)  # header
        for line in handle:
            v = truncate(line.split("\t")[1], digits)
            if v is not None:
                values.append(v)
            if len(values) == limit:
                break
    return values


def run(kind: str, items: list, method: str, jobs: int, time_limit: float) -> dict:
    load_start = os.getloadavg()
    start = time.perf_counter()
    if kind == "sequences":
        stream = _timed_guesses(items, method=method, jobs=jobs, time_limit=time_limit)
    else:
        stream = _timed_identifications(items, jobs=jobs, time_limit=time_limit)
    results = list(stream)
    wall = time.perf_counter() - start
    times = [s for _, s in results]
    return {
        "kind": kind, "method": method, "jobs": jobs, "n": len(items), "wall_s": round(wall, 2),
        "per_s": round(len(items) / wall, 2), "found": sum(1 for r, _ in results if r is not None
                                                           and not isinstance(r, BatchError)),
        "errors": sum(1 for r, _ in results if isinstance(r, BatchError)),
        "median_s": round(statistics.median(times), 3), "sum_s": round(sum(times), 1),
        "load_start": round(load_start[0], 2), "load_end": round(os.getloadavg()[0], 2),
    }


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", type=Path, default=DATA / "oeis_dev.txt")
    p.add_argument("--constants-data", type=Path, default=DATA / "constants_oeis_dev.tsv")
    p.add_argument("--limit", type=int, default=200, help="sequences (default 200)")
    p.add_argument("--terms", type=int, default=15, help="terms per sequence (default 15)")
    p.add_argument("--constants", type=int, default=100, help="constants (default 100; 0 = none)")
    p.add_argument("--jobs", default="1,2")
    p.add_argument("--methods", default="classical,auto")
    p.add_argument("--time-limit", type=float, default=10.0, help="per sequence (constants: 5 s)")
    p.add_argument("--md-out", default=str(ROOT / "benchmarks" / "results" / "batch.md"))
    p.add_argument("--jsonl-out", default=str(ROOT / "benchmarks" / "results" / "batch.jsonl"))
    args = p.parse_args(argv)

    jobs = [int(j) for j in args.jobs.split(",")]
    seqs = load_sequences(args.data, args.limit, args.terms)
    plan = [("sequences", seqs, m, j, args.time_limit) for m in args.methods.split(",") for j in jobs]
    if args.constants:
        values = load_constants(args.constants_data, args.constants, 15)
        plan += [("constants", values, "default", j, 5.0) for j in jobs]

    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    command = "python benchmarks/bench_batch.py " + " ".join(sys.argv[1:] if argv is None else argv)
    rows = []
    header = ("| inputs | method | jobs | n | wall s | per s | found | errors | median s per input | "
              "sum of per-input s | load avg start/end |")
    print(header + "\n" + "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|", flush=True)
    for kind, items, method, j, limit in plan:
        row = run(kind, items, method, j, limit)
        row.update(date=date, command=command.strip(), cpus=os.cpu_count())
        rows.append(row)
        print(f"| {kind} | {method} | {j} | {row['n']} | {row['wall_s']} | **{row['per_s']}** | "
              f"{row['found']} | {row['errors']} | {row['median_s']} | {row['sum_s']} | "
              f"{row['load_start']} / {row['load_end']} |", flush=True)

    if args.jsonl_out:
        with open(args.jsonl_out, "a", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps(row) + "\n")
    if args.md_out:
        table = [header, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"] + [
            f"| {r['kind']} | {r['method']} | {r['jobs']} | {r['n']} | {r['wall_s']} | **{r['per_s']}** | "
            f"{r['found']} | {r['errors']} | {r['median_s']} | {r['sum_s']} | "
            f"{r['load_start']} / {r['load_end']} |" for r in rows]
        with open(args.md_out, "a", encoding="utf-8") as out:
            out.write(f"\n## Run of {date}\n\n- command: `{command.strip()}`\n"
                      f"- machine: {platform.node()} ({platform.machine()}, {os.cpu_count()} CPUs, shared "
                      f"with other jobs)\n- versions: Python {platform.python_version()}, SymPy "
                      f"{sympy.__version__}\n- data: first {args.limit} sequences of `{args.data.name}` "
                      f"(first {args.terms} terms), first {args.constants} values of "
                      f"`{args.constants_data.name}` at 15 digits\n\n" + "\n".join(table) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
